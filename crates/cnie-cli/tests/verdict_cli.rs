//! The verdict offline (`cnie verify` on card folders, which are laid out as dumps):
//! the issuing state against the CSCA's country, the validity model and the
//! verification time. No card, no pcscd.

mod common;

use std::path::PathBuf;

use common::{cnie, codes, json, personalize_into, repo};

fn specimen() -> String {
    repo()
        .join("test-vectors/cards/specimen")
        .display()
        .to_string()
}

fn pki(name: &str) -> String {
    repo()
        .join("test-vectors/pki")
        .join(name)
        .display()
        .to_string()
}

/// The specimen re-signed by the rogue test PKI (`C=XX`), into a temporary folder.
fn signed_by_another_state() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cnie-verdict-xx-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    personalize_into(&dir, &["--signer", "other-ds"]);
    dir
}

#[test]
fn a_moroccan_document_under_another_states_csca_is_invalid() {
    let dir = signed_by_another_state();
    let out = cnie(&[
        "verify",
        dir.to_str().unwrap(),
        "--trust",
        &pki("other-csca.pem"),
        "--json",
    ]);
    let v = json(&out);
    assert_eq!(out.status.code(), Some(9), "{}", v["verdict"]);
    assert_eq!(v["verdict"]["status"], "invalid");
    assert!(codes(&v["verdict"]["reasons"]).contains(&"issuing_state_mismatch".to_string()));
    assert_eq!(v["passive_authentication"]["anchor_country"], "XX");
    // Signed and chained, so only the country rule fails.
    assert_eq!(v["passive_authentication"]["status"], "valid");
    let _ = std::fs::remove_dir_all(&dir);

    // The same document under its own state's CSCA is authentic.
    let out = cnie(&["verify", &specimen(), "--trust", &pki("csca.pem"), "--json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json(&out)["passive_authentication"]["anchor_country"], "MA");
}

#[test]
fn validity_model_and_verification_time() {
    let trust = pki("csca.pem");
    // In 2040 the document has expired and so has its Document Signer certificate.
    let out = cnie(&[
        "verify",
        &specimen(),
        "--trust",
        &trust,
        "--json",
        "--at",
        "2040-01-01",
    ]);
    let v = json(&out);
    assert_eq!(out.status.code(), Some(0), "{}", v["verdict"]);
    assert_eq!(v["verdict"]["status"], "authentic");
    assert_eq!(v["verdict"]["document_expired"], true);
    let warnings = codes(&v["verdict"]["warnings"]);
    assert!(
        warnings.contains(&"document_expired".to_string()),
        "{warnings:?}"
    );
    assert!(
        warnings.contains(&"expired_since".to_string()),
        "{warnings:?}"
    );
    // Checking every certificate at the verification time instead: expired, invalid.
    let out = cnie(&[
        "verify",
        &specimen(),
        "--trust",
        &trust,
        "--json",
        "--at",
        "2040-01-01",
        "--validity",
        "now",
    ]);
    let v = json(&out);
    assert_eq!(out.status.code(), Some(9), "{}", v["verdict"]);
    assert_eq!(v["passive_authentication"]["certificate_chain"], "expired");
    // Today the specimen has not expired.
    let out = cnie(&["verify", &specimen(), "--trust", &trust, "--json"]);
    assert_eq!(json(&out)["verdict"]["document_expired"], false);
    // A bad time is a usage error.
    let out = cnie(&["verify", &specimen(), "--at", "yesterday"]);
    assert_eq!(out.status.code(), Some(2));
}
