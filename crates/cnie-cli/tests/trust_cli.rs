//! `cnie trust list` as a user runs it.

use std::process::Command;

mod common;
use common::vector_arg;

fn trust_list(args: &[&str]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_cnie"))
        .args(["trust", "list", "--json"])
        .args(args)
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
    let cert = &ml.certificates()[7];
    let start = bytes
        .windows(cert.len())
        .position(|w| w == cert.as_slice())
        .unwrap();
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
