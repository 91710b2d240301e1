//! `cnie certs`: list the eID application's certificates and export them.

use crate::args::Trace;
use std::path::{Path, PathBuf};

use cnie::pa::{CertSummary, Certificate};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::eid::Eid;
use crate::args::CertsArgs;
use crate::exit::{self, Code, Failure};
use crate::private_file::{self, Existing};
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
        .map_err(|e| Failure::new(Code::Failure, t!("error-pem", detail = e.to_string())))
}

/// The two certificates of the eID application, in the order they are reported.
const ROLES: [&str; 2] = ["authentication", "signature"];

/// The files `certs --out DIR` writes for `role`: PEM, then DER.
fn file_names(role: &str) -> [String; 2] {
    [format!("{role}.pem"), format!("{role}.der")]
}

/// "authentication certificate" / "signature certificate", in the language in use.
fn role_name(role: &str) -> String {
    if role == "signature" {
        t!("cert-role-signature")
    } else {
        t!("cert-role-authentication")
    }
}

fn describe(role: &'static str, der: &[u8]) -> Result<CertOut, Failure> {
    let cert = Certificate::from_der(der).map_err(|e| {
        Failure::new(
            Code::CardError,
            t!(
                "error-cert-malformed",
                role = role_name(role),
                detail = e.to_string()
            ),
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
pub fn run(args: &CertsArgs, trace: Trace, json: bool) -> Result<Code, Failure> {
    let existing = Existing::from_flag(args.force_overwrite);
    // Existing files are refused before the card is touched.
    if let Some(dir) = &args.out {
        let paths: Vec<PathBuf> = ROLES
            .iter()
            .flat_map(|role| file_names(role))
            .map(|name| dir.join(name))
            .collect();
        let paths: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
        private_file::check_all(Some(dir), &paths, existing)?;
    }
    let mut eid = Eid::open(&args.eid, trace)?;
    let kind = eid.kind;
    let certs = eid
        .session()
        .certificates()
        .map_err(|e| exit::eid(&e, kind, PasswordKind::Pin))?;
    let mut out = Vec::new();
    let mut plan = args
        .out
        .as_deref()
        .map(|dir| private_file::Plan::in_folder(dir, existing));
    for (role, der) in ROLES
        .into_iter()
        .zip([&certs.authentication, &certs.signature])
    {
        let mut c = describe(role, der)?;
        if let Some(plan) = plan.as_mut() {
            let [pem_name, der_name] = file_names(role);
            let path = plan.add(pem_name, pem(der)?.into_bytes());
            plan.add(der_name, der.clone());
            c.path = Some(path.display().to_string());
        }
        out.push(c);
    }
    if let Some(plan) = plan {
        plan.write()?;
    }
    if json {
        super::print_json(&serde_json::json!({ "certificates": out }))?;
    } else {
        let mut text = String::new();
        for c in &out {
            text.push_str(&format!("{}\n", role_name(c.role)));
            let s = &c.summary;
            let validity = t!("cert-validity", from = &s.not_before, to = &s.not_after);
            for (label, value) in [
                (t!("cert-subject"), s.subject.as_str()),
                (t!("cert-issuer"), s.issuer.as_str()),
                (t!("cert-serial"), s.serial.as_str()),
                (t!("cert-valid"), validity.as_str()),
                (t!("cert-public-key"), s.public_key.as_str()),
                ("SHA-256".to_string(), c.sha256.as_str()),
            ] {
                text.push_str(&format!("  {} {value}\n", crate::i18n::pad(&label, 14)));
            }
            if let Some(p) = &c.path {
                let label = t!("cert-written-to");
                text.push_str(&format!("  {} {p}\n", crate::i18n::pad(&label, 14)));
            }
        }
        super::emit(&text)?;
    }
    Ok(Code::Ok)
}
