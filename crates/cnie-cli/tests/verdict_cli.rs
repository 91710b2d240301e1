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

/// The specimen's dump files copied into a temporary folder.
fn specimen_copy(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cnie-verdict-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(specimen()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "bin") {
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
    }
    dir
}

#[test]
fn ef_com_is_decoded_and_reported_and_a_corrupted_one_is_invalid() {
    let trust = pki("csca.pem");
    // Intact: EF.COM is reported (versions and the list).
    let out = cnie(&["verify", &specimen(), "--trust", &trust, "--json"]);
    let v = json(&out);
    assert_eq!(out.status.code(), Some(0), "{}", v["verdict"]);
    assert_eq!(
        v["com"]["data_groups"],
        serde_json::json!(["DG1", "DG2", "DG11"])
    );
    assert!(v["com"]["lds_version"].is_string(), "{}", v["com"]);
    let text = cnie(&["verify", &specimen(), "--trust", &trust]);
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(stdout.contains("EF.COM"), "{stdout}");
    assert!(stdout.contains("lists DG1 DG2 DG11"), "{stdout}");

    // Corrupted (the outer tag changed, then cut short): never authentic, exit 9, the
    // reason named, though the signed data groups are intact.
    let dir = specimen_copy("com");
    let good = std::fs::read(dir.join("EF.COM.bin")).unwrap();
    let mut wrong_tag = good.clone();
    wrong_tag[0] = 0x61;
    for broken in [wrong_tag, good[..good.len() / 2].to_vec()] {
        std::fs::write(dir.join("EF.COM.bin"), &broken).unwrap();
        let out = cnie(&["verify", dir.to_str().unwrap(), "--trust", &trust, "--json"]);
        let v = json(&out);
        assert_eq!(out.status.code(), Some(9), "{}", v["verdict"]);
        assert_eq!(v["verdict"]["status"], "invalid");
        assert!(
            codes(&v["verdict"]["reasons"]).contains(&"com_malformed".to_string()),
            "{}",
            v["verdict"]
        );
        assert!(v.get("com").is_none(), "{v}");
        assert_eq!(v["passive_authentication"]["status"], "valid");
        let text = cnie(&["verify", dir.to_str().unwrap(), "--trust", &trust]);
        assert_eq!(text.status.code(), Some(9));
        let stdout = String::from_utf8_lossy(&text.stdout);
        assert!(stdout.contains("EF.COM cannot be decoded"), "{stdout}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
