//! `cnie trust list` as a user runs it.

use std::process::Command;

mod common;
use common::{cnie_with_trust_dir, ldif, pem_der, vector_arg};

fn trust_list(args: &[&str]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_cnie"))
        .args(["trust", "list", "--json"])
        .args(args)
        .env("CNIE_TRUST_DIR", "/nonexistent/cnie-test-trust")
        .output()
        .expect("run cnie");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

#[test]
fn builtin_anchors_are_the_moroccan_cscas() {
    let v = trust_list(&[]);
    let anchors = v["anchors"].as_array().unwrap();
    assert_eq!(anchors.len(), 6);
    for a in anchors {
        assert_eq!(a["subject"], "C=MA, O=Gov, CN=CSCA-MAROC");
        assert!(a["source"].as_str().unwrap().starts_with("builtin:"));
        assert_eq!(a["subject_key_identifier"].as_str().unwrap().len(), 40);
    }
    // Link certificates: signed by another generation's key.
    let links = anchors
        .iter()
        .filter(|a| {
            !a["authority_key_identifier"].is_null()
                && a["authority_key_identifier"] != a["subject_key_identifier"]
        })
        .count();
    assert_eq!(links, 2);
}

#[test]
fn master_list_and_crl_load_without_the_builtin_anchors() {
    let ml = vector_arg("trust/masterlists/DE_ML_2026-05-05.ml");
    let crl = vector_arg("pki/csca.crl");
    let v = trust_list(&["--no-default-trust", "--trust", &ml, "--crl", &crl]);
    let anchors = v["anchors"].as_array().unwrap();
    assert!(anchors.len() > 500, "{}", anchors.len());
    assert!(
        anchors
            .iter()
            .any(|a| a["subject"] == "C=MA, O=Gov, CN=CSCA-MAROC")
    );
    assert!(
        anchors
            .iter()
            .all(|a| a["source"].as_str().unwrap().ends_with(".ml"))
    );
    assert_eq!(v["crls"], 1);
}

#[test]
fn a_missing_trust_file_is_an_io_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_cnie"))
        .args(["trust", "list", "--trust", "/nonexistent/csca.pem"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(11));
    assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 1);
}

/// The German master list with one byte changed inside one of its certificates,
/// written to a temporary file.
fn tampered_master_list() -> std::path::PathBuf {
    let bytes = std::fs::read(vector_arg("trust/masterlists/DE_ML_2026-05-05.ml")).unwrap();
    let ml = cnie::pa::masterlist::MasterList::parse(&bytes).unwrap();
    let cert = ml.certificates().nth(7).unwrap();
    let start = bytes.windows(cert.len()).position(|w| w == cert).unwrap();
    let mut bad = bytes.clone();
    bad[start + cert.len() - 3] ^= 0x01;
    let path = std::env::temp_dir().join(format!("cnie-trust-cli-{}-bad.ml", std::process::id()));
    std::fs::write(&path, bad).unwrap();
    path
}

#[test]
fn master_list_anchors_say_whether_the_list_verified() {
    let ml = vector_arg("trust/masterlists/NL_ML_2026-07-22.ml");
    let v = trust_list(&["--trust", &ml]);
    let anchors = v["anchors"].as_array().unwrap();
    for a in anchors {
        let source = a["source"].as_str().unwrap();
        if source.starts_with("builtin:") {
            assert!(a["list_verified"].is_null());
        } else {
            assert_eq!(source, format!("master list {ml}"));
            assert_eq!(a["list_verified"], true);
        }
    }
    assert!(anchors.iter().any(|a| a["list_verified"] == true));
}

#[test]
fn a_master_list_that_does_not_verify_is_refused_unless_allowed() {
    let bad = tampered_master_list();
    let bad_str = bad.to_str().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_cnie"))
        .args(["trust", "list", "--json", "--trust", bad_str])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(11));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains(bad_str), "{stderr}");
    assert!(stderr.contains("--trust-unverified-list"), "{stderr}");
    common::assert_only_error(&out);

    let v = trust_list(&[
        "--no-default-trust",
        "--trust-unverified-list",
        "--trust",
        bad_str,
    ]);
    let anchors = v["anchors"].as_array().unwrap();
    assert!(anchors.len() > 500, "{}", anchors.len());
    assert!(anchors.iter().all(|a| a["list_verified"] == false));
    let _ = std::fs::remove_file(&bad);
}

/// `cnie ARGS --json` on the store `dir`: exit code and the JSON object (null if none).
fn in_store(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, serde_json::Value) {
    let mut all = args.to_vec();
    all.push("--json");
    let out = cnie_with_trust_dir(dir, &all);
    let json = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out.status.code(), json)
}

#[test]
fn imported_master_lists_and_ldif_are_trusted_until_removed() {
    let root = std::env::temp_dir().join(format!("cnie-trust-cli-{}-store", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    // Not there yet: created, parents included.
    let dir = root.join("data/cnie/trust");
    let specimen = vector_arg("cards/specimen");
    let verify = |dir: &std::path::Path| in_store(dir, &["verify", &specimen]);
    assert_eq!(verify(&dir).0, Some(10), "the test CSCA is not built in");

    // The German master list: verified, imported; a second time changes nothing.
    let ml = vector_arg("trust/masterlists/DE_ML_2026-05-05.ml");
    let (code, first) = in_store(&dir, &["trust", "import", &ml]);
    assert_eq!(code, Some(0), "{first}");
    let added = first["added"].as_u64().unwrap();
    assert!(added > 500, "{first}");
    let (code, again) = in_store(&dir, &["trust", "import", &ml]);
    assert_eq!(code, Some(0));
    assert_eq!(again["added"], 0);
    assert_eq!(again["already_present"].as_u64(), Some(added));

    // An ICAO PKD LDIF file made from the test PKI: the CSCA, a DS certificate, a CRL.
    let ldif_path = root.join("testpki.ldif");
    let crl = std::fs::read(vector_arg("pki/csca.crl")).unwrap();
    std::fs::write(
        &ldif_path,
        ldif(&[
            (
                "cn=CSCA,o=csca,c=MA,dc=data,dc=pkdDownload",
                "userCertificate;binary",
                &pem_der("pki/csca.pem"),
            ),
            (
                "cn=DS,o=dsc,c=MA,dc=data,dc=pkdDownload",
                "userCertificate;binary",
                &pem_der("pki/ds.pem"),
            ),
            (
                "cn=CRL,o=crl,c=MA,dc=data,dc=pkdDownload",
                "certificateRevocationList;binary",
                &crl,
            ),
        ]),
    )
    .unwrap();
    let (code, v) = in_store(&dir, &["trust", "import", ldif_path.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(
        (
            v["csca"].as_u64(),
            v["ds_certificates"].as_u64(),
            v["crls"].as_u64()
        ),
        (Some(1), Some(1), Some(1)),
        "{v}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            assert_eq!(mode(&path), 0o600, "{}", path.display());
        }
    }

    // Without --trust: authentic (not trusted before the import), the anchor from the
    // user's store.
    let (code, v) = verify(&dir);
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["verdict"]["status"], "authentic");
    assert_eq!(
        v["passive_authentication"]["anchor"]["subject"],
        "C=MA, O=cnie test PKI, CN=CSCA-MAROC TEST"
    );
    assert_eq!(v["passive_authentication"]["revocation"], "checked");

    // The listing: source, store, fingerprint, expired ones marked.
    let (code, list) = in_store(&dir, &["trust", "list"]);
    assert_eq!(code, Some(0));
    let anchors = list["anchors"].as_array().unwrap();
    let test_csca = anchors
        .iter()
        .find(|a| a["subject"] == "C=MA, O=cnie test PKI, CN=CSCA-MAROC TEST")
        .expect("the imported CSCA");
    assert_eq!(test_csca["store"], "user");
    assert_eq!(test_csca["expired"], false);
    assert_eq!(test_csca["fingerprint"].as_str().unwrap().len(), 64);
    assert!(
        anchors.iter().any(|a| a["expired"] == true),
        "the German list holds expired CSCAs"
    );
    assert!(anchors.iter().any(|a| a["store"] == "builtin"));
    assert_eq!(list["user_ds_certificates"], 1);

    // Removed by subject: not trusted again. By fingerprint prefix too.
    let (code, v) = in_store(&dir, &["trust", "remove", "csca-maroc test"]);
    assert_eq!(code, Some(0), "{v}");
    // The CSCA, and its CRL (named by its issuer).
    let kinds: Vec<&str> = v["removed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "csca").count(), 1, "{v}");
    assert_eq!(verify(&dir).0, Some(10));
    let german = anchors
        .iter()
        .find(|a| a["store"] == "user" && a["subject"].as_str().unwrap().starts_with("C=DE"))
        .unwrap();
    let prefix = &german["fingerprint"].as_str().unwrap()[..12];
    assert_eq!(in_store(&dir, &["trust", "remove", prefix]).0, Some(0));
    assert_eq!(
        in_store(&dir, &["trust", "remove", prefix]).0,
        Some(3),
        "nothing left to match"
    );

    // A master list that does not verify: refused, unless --force.
    let bad = tampered_master_list();
    let out = cnie_with_trust_dir(&dir, &["trust", "import", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(11));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    let (code, _) = in_store(&dir, &["trust", "import", "--force", bad.to_str().unwrap()]);
    assert_eq!(code, Some(0));
    let _ = std::fs::remove_dir_all(&root);
    let _ = std::fs::remove_file(&bad);
}
