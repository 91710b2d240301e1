//! `cnie certs`: list the eID application's certificates and export them.

use crate::args::Trace;
use std::path::Path;

use cnie::pa::{CertSummary, Certificate};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::eid::Eid;
use crate::args::CertsArgs;
use crate::exit::{self, Code, Failure};
use cnie::keys::PasswordKind;

/// One certificate in the report.
#[derive(Debug, Serialize)]
struct CertOut {
    /// "authentication" or "signature".
    role: &'static str,
    #[serde(flatten)]
    summary: CertSummary,
    /// SHA-256 of the DER encoding (hex).
    sha256: String,
    /// Where it was written (PEM), with `--out`.
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
}

/// A DER certificate as PEM text.
pub fn pem(der: &[u8]) -> Result<String, Failure> {
    pem_rfc7468::encode_string("CERTIFICATE", pem_rfc7468::LineEnding::LF, der)
        .map_err(|e| Failure::new(Code::Failure, format!("cannot encode PEM: {e}")))
}

/// Writes a certificate as PEM to `path`.
pub fn write_pem(path: &Path, der: &[u8]) -> Result<(), Failure> {
    std::fs::write(path, pem(der)?)
        .map_err(|e| Failure::new(Code::Io, format!("cannot write {}: {e}", path.display())))
}

fn describe(role: &'static str, der: &[u8]) -> Result<CertOut, Failure> {
    let cert = Certificate::from_der(der).map_err(|e| {
        Failure::new(
            Code::CardError,
            format!("the card's {role} certificate is malformed: {e}"),
        )
    })?;
    Ok(CertOut {
        role,
        summary: cert.summary(),
        sha256: hex::encode(Sha256::digest(der)),
        path: None,
    })
}

/// `cnie certs`.
pub fn run(args: &CertsArgs, trace: Trace) -> Result<Code, Failure> {
    let mut eid = Eid::open(&args.eid, trace)?;
    let kind = eid.kind;
    let certs = eid
        .session()
        .certificates()
        .map_err(|e| exit::eid(&e, kind, PasswordKind::Pin))?;
    let mut out = Vec::new();
    for (role, der) in [
        ("authentication", &certs.authentication),
        ("signature", &certs.signature),
    ] {
        let mut c = describe(role, der)?;
        if let Some(dir) = &args.out {
            std::fs::create_dir_all(dir).map_err(|e| {
                Failure::new(
                    Code::Io,
                    format!("cannot create folder {}: {e}", dir.display()),
                )
            })?;
            let path = dir.join(format!("{role}.pem"));
            write_pem(&path, der)?;
            let der_path = dir.join(format!("{role}.der"));
            std::fs::write(&der_path, der).map_err(|e| {
                Failure::new(
                    Code::Io,
                    format!("cannot write {}: {e}", der_path.display()),
                )
            })?;
            c.path = Some(path.display().to_string());
        }
        out.push(c);
    }
    if args.json {
        super::print_json(&serde_json::json!({ "certificates": out }))?;
    } else {
        let mut text = String::new();
        for c in &out {
            text.push_str(&format!(
                "{} certificate\n  subject     {}\n  issuer      {}\n  serial      {}\n  valid       {} to {}\n  public key  {}\n  SHA-256     {}\n",
                c.role,
                c.summary.subject,
                c.summary.issuer,
                c.summary.serial,
                c.summary.not_before,
                c.summary.not_after,
                c.summary.public_key,
                c.sha256
            ));
            if let Some(p) = &c.path {
                text.push_str(&format!("  written to  {p}\n"));
            }
        }
        super::emit(&text)?;
    }
    Ok(Code::Ok)
}
