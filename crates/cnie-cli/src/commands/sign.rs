//! `cnie sign` and `cnie authenticate`: the card signs a SHA-256 digest made
//! on the host; the signature is verified against the key's certificate
//! before anything is written.

use crate::args::Trace;
use std::io::Read;
use std::path::Path;

use cnie::eid::VerifiedSignature;
use sha2::{Digest, Sha256};

use super::certs;
use crate::args::{AuthenticateArgs, SignArgs, SignFormat, SignatureFormat};
use crate::exit::{self, Code, Failure};
use crate::private_file::{self, Existing, Plan};
use cnie::keys::PasswordKind;

/// The longest challenge accepted (bytes).
const MAX_CHALLENGE: usize = 1024;

fn encode(signature: &VerifiedSignature, format: SignatureFormat) -> Vec<u8> {
    match format {
        SignatureFormat::Der => signature.to_der(),
        SignatureFormat::Raw => signature.to_raw().to_vec(),
    }
}

/// The signature file and the certificate file (if asked), checked before the card is
/// touched: an existing file is refused without `--force-overwrite`.
fn check_outputs(
    out: Option<&Path>,
    cert_out: Option<&Path>,
    existing: Existing,
) -> Result<(), Failure> {
    let paths: Vec<&Path> = out.into_iter().chain(cert_out).collect();
    Ok(private_file::check_all(None, &paths, existing)?)
}

/// Writes the signature (if asked) and the certificate as PEM (if asked), every target
/// checked before the first is written.
fn write_outputs(
    out: Option<(&Path, Vec<u8>)>,
    cert_out: Option<&Path>,
    certificate: &[u8],
    existing: Existing,
) -> Result<(), Failure> {
    let mut plan = Plan::new(existing);
    if let Some((path, bytes)) = out {
        plan.add(path, bytes);
    }
    if let Some(path) = cert_out {
        plan.add(path, certs::pem(certificate)?.into_bytes());
    }
    Ok(plan.write()?)
}

/// SHA-256 of a file, read in pieces.
fn hash_file(path: &Path) -> Result<[u8; 32], Failure> {
    let io = |e: std::io::Error| {
        Failure::new(
            Code::Io,
            t!(
                "error-file-read",
                path = path.display().to_string(),
                detail = e.to_string()
            ),
        )
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buffer).map_err(io)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(hasher.finalize().into())
}

/// `cnie sign`.
pub fn sign(args: &SignArgs, trace: Trace, json: bool) -> Result<Code, Failure> {
    // Read the input and check the outputs before the card is touched: a missing
    // file or an existing output costs no PIN try.
    let digest = hash_file(&args.input)?;
    let existing = Existing::from_flag(args.force_overwrite);
    check_outputs(Some(&args.out), args.cert_out.as_deref(), existing)?;
    let mut eid = super::pin::open_verified(&args.eid, &args.secret, trace)?;
    let (bytes, certificate, encoding) = match args.format {
        SignFormat::Cms => {
            let (bytes, certificate) = super::cms::sign(&mut eid, &digest)?;
            (bytes, certificate, t!("sign-encoding-cms"))
        }
        SignFormat::Der | SignFormat::Raw => {
            let kind = eid.kind;
            let signature = eid
                .session()
                .sign_digest(&digest)
                .map_err(|e| exit::eid(&e, kind, PasswordKind::Pin))?;
            let (format, name) = if args.format == SignFormat::Raw {
                (SignatureFormat::Raw, t!("sign-encoding-raw"))
            } else {
                (SignatureFormat::Der, t!("sign-encoding-der"))
            };
            let bytes = encode(&signature, format);
            (bytes, signature.certificate().to_vec(), name)
        }
    };
    write_outputs(
        Some((&args.out, bytes.clone())),
        args.cert_out.as_deref(),
        &certificate,
        existing,
    )?;
    if json {
        super::print_json(&serde_json::json!({
            "input": args.input.display().to_string(),
            "sha256": hex::encode(digest),
            "algorithm": "ecdsa-p256-sha256",
            "format": match args.format {
                SignFormat::Cms => "cms",
                SignFormat::Der => "der",
                SignFormat::Raw => "raw",
            },
            "signature_file": args.out.display().to_string(),
            "signature_bytes": bytes.len(),
            "certificate": certs::pem(&certificate)?,
            "verified": true,
        }))?;
    } else {
        let done = t!(
            "sign-done",
            input = args.input.display().to_string(),
            digest = hex::encode(digest),
            size = bytes.len(),
            encoding = encoding,
            out = args.out.display().to_string()
        );
        super::emit(&format!("{done}\n"))?;
    }
    Ok(Code::Ok)
}

/// `cnie authenticate`.
pub fn authenticate(args: &AuthenticateArgs, trace: Trace, json: bool) -> Result<Code, Failure> {
    let challenge = hex::decode(args.challenge.trim()).map_err(|e| {
        Failure::new(
            Code::BadInput,
            t!("error-challenge-hex", detail = e.to_string()),
        )
    })?;
    if challenge.is_empty() || challenge.len() > MAX_CHALLENGE {
        return Err(Failure::new(
            Code::BadInput,
            t!("error-challenge-size", max = MAX_CHALLENGE),
        ));
    }
    let existing = Existing::from_flag(args.force_overwrite);
    check_outputs(args.out.as_deref(), args.cert_out.as_deref(), existing)?;
    let mut eid = super::pin::open_verified(&args.eid, &args.secret, trace)?;
    let kind = eid.kind;
    let signature = eid
        .session()
        .authenticate(&challenge)
        .map_err(|e| exit::eid(&e, kind, PasswordKind::Pin))?;
    let bytes = encode(&signature, args.format);
    write_outputs(
        args.out.as_deref().map(|path| (path, bytes.clone())),
        args.cert_out.as_deref(),
        signature.certificate(),
        existing,
    )?;
    if json {
        super::print_json(&serde_json::json!({
            "challenge": hex::encode(&challenge),
            "algorithm": "ecdsa-p256-sha256",
            "format": match args.format { SignatureFormat::Der => "der", SignatureFormat::Raw => "raw" },
            "signature": hex::encode(&bytes),
            "certificate": certs::pem(signature.certificate())?,
            "verified": true,
        }))?;
    } else {
        let mut text = format!("{}\n", t!("authenticate-done"));
        if args.out.is_none() {
            text.push_str(&format!(
                "{}\n",
                t!("authenticate-signature", hex = hex::encode(&bytes))
            ));
        }
        super::emit(&text)?;
    }
    Ok(Code::Ok)
}
