//! End to end through pcscd: the library's verdict as `cnie read` and `cnie verify`
//! report it, on software cards with Active Authentication, Chip Authentication, cloned
//! chips, an unsigned data group, missing files and a downgraded read.

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// A temporary folder removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("cnie-e2e-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        TempDir(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    fn str(&self) -> &str {
        self.0.to_str().expect("UTF-8 temp path")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The specimen personalised with `cnie-sim personalize` options into a new folder.
fn personalize(name: &str, options: &[&str]) -> TempDir {
    let dir = TempDir::new(name);
    personalize_into(dir.path(), options);
    dir
}

fn assert_verdict(v: &serde_json::Value, status: &str, chip: &str, method: Option<&str>) {
    let verdict = &v["verdict"];
    assert_eq!(verdict["status"], status, "{verdict}");
    assert_eq!(verdict["chip"], chip, "{verdict}");
    match method {
        Some(m) => assert_eq!(verdict["chip_method"], m, "{verdict}"),
        None => assert!(verdict["chip_method"].is_null(), "{verdict}"),
    }
}

#[test]
fn a_bac_card_without_chip_check_is_authentic_with_a_warning() {
    if !enabled() {
        return;
    }
    let _sim = Sim::start(&["--access", "bac"]);
    let out = read(&["--mrz", MRZ]);
    assert_code(&out, 0, "BAC specimen");
    let v = json(&out);
    assert_specimen(&v);
    assert_verdict(&v, "authentic", "not_checked", None);
    assert!(codes(&v["verdict"]["warnings"]).contains(&"chip_not_checked".to_string()));
    assert_eq!(v["verdict"]["document_expired"], false);
    assert_eq!(v["access"]["downgraded"], false);
}

#[test]
fn active_authentication_tells_a_genuine_chip_from_a_clone() {
    if !enabled() {
        return;
    }
    for (aa, access) in [("rsa", "bac"), ("rsa1024", "both"), ("ecdsa", "both")] {
        let genuine = personalize(&format!("aa-{aa}"), &["--aa", aa]);
        {
            let _sim = Sim::start_card(genuine.path(), &["--access", access]);
            let out = read(&["--mrz", MRZ]);
            assert_code(&out, 0, format!("genuine {aa} over {access}"));
            let v = json(&out);
            assert_verdict(&v, "authentic", "genuine", Some("active_authentication"));
            assert_eq!(
                v["passive_authentication"]["data_group_hashes"]["DG15"],
                "match"
            );
            assert!(v["active_authentication"]["response"].is_string(), "{v}");
        }
        let clone = personalize(&format!("aa-{aa}-clone"), &["--aa", aa, "--clone"]);
        let _sim = Sim::start_card(clone.path(), &["--access", access]);
        let out = read(&["--mrz", MRZ]);
        assert_code(&out, 9, format!("cloned {aa} over {access}"));
        let v = json(&out);
        assert_verdict(&v, "invalid", "failed", Some("active_authentication"));
        assert!(codes(&v["verdict"]["reasons"]).contains(&"chip_failed".to_string()));
        // The data itself is the genuine card's: intact and signed.
        assert_eq!(v["passive_authentication"]["status"], "valid");
    }
}

#[test]
fn chip_authentication_tells_a_genuine_chip_from_a_clone() {
    if !enabled() {
        return;
    }
    for (cipher, access, key) in [
        ("aes128", "both", ["--can", "246810"]),
        ("3des", "bac", ["--mrz", MRZ]),
    ] {
        let genuine = personalize(&format!("ca-{cipher}"), &["--ca-cipher", cipher]);
        {
            let _sim = Sim::start_card(genuine.path(), &["--access", access]);
            let out = read(&key);
            assert_code(&out, 0, format!("genuine CA {cipher} over {access}"));
            let v = json(&out);
            assert_specimen(&v);
            assert_verdict(&v, "authentic", "genuine", Some("chip_authentication"));
            assert_eq!(v["chip_authentication_v1"]["status"], "passed", "{v}");
        }
        let clone = personalize(
            &format!("ca-{cipher}-clone"),
            &["--ca-cipher", cipher, "--clone"],
        );
        let _sim = Sim::start_card(clone.path(), &["--access", access]);
        let out = read(&key);
        assert_code(&out, 9, format!("cloned CA {cipher} over {access}"));
        let v = json(&out);
        assert_verdict(&v, "invalid", "failed", Some("chip_authentication"));
        assert_eq!(v["chip_authentication_v1"]["status"], "failed", "{v}");
        // The read stopped at the chip's failure: DG1 and DG2 were not read, and
        // nothing was sent on the dead channel after the failing answer.
        assert!(v["mrz"].is_null(), "{v}");
        let mut args = vec!["--trace", "read", "--reader", READER, "--json"];
        args.extend_from_slice(&key);
        let traced = cnie(&args);
        let trace = String::from_utf8_lossy(&traced.stderr).to_string();
        let answers: Vec<&str> = trace
            .lines()
            .filter(|l| l.trim_start().starts_with("<< "))
            .collect();
        assert!(
            answers.last().is_some_and(|a| a.contains("6988")),
            "{trace}"
        );
        assert_eq!(
            answers.iter().filter(|a| a.contains("6988")).count(),
            1,
            "{trace}"
        );
    }
}

#[test]
fn an_unsigned_data_group_is_never_shown() {
    if !enabled() {
        return;
    }
    let card = personalize("extra-dg", &["--extra-dg", "11"]);
    let _sim = Sim::start_card(card.path(), &[]);
    let out = read(&["--can", "246810"]);
    assert_code(&out, 9, "a DG11 EF.SOD does not list");
    let v = json(&out);
    assert_verdict(&v, "invalid", "not_checked", None);
    assert!(
        codes(&v["verdict"]["reasons"]).contains(&"not_in_sod".to_string()),
        "{v}"
    );
    assert!(v["additional_details"].is_null(), "DG11 shown: {v}");
    assert!(!v["verdict"]["authenticated"].to_string().contains("DG11"));
    // Not in the human report either.
    let trust = csca();
    let text = cnie(&[
        "read", "--reader", READER, "--can", "246810", "--trust", &trust,
    ]);
    let text = String::from_utf8_lossy(&text.stdout).to_string();
    assert!(text.contains("INVALID"), "{text}");
    assert!(!text.to_lowercase().contains("address"), "{text}");
}

#[test]
fn a_dump_missing_dg1_and_dg2_is_incomplete() {
    if !enabled() {
        return;
    }
    let dir = TempDir::new("incomplete");
    {
        let _sim = Sim::start(&[]);
        let out = read(&["--can", "246810", "--out", dir.str()]);
        assert_code(&out, 0, "");
    }
    let trust = csca();
    for f in ["DG1.bin", "DG2.bin"] {
        std::fs::remove_file(dir.path().join(f)).unwrap();
    }
    let out = cnie(&["verify", dir.str(), "--trust", &trust, "--json"]);
    assert_code(&out, 15, "DG1 and DG2 deleted");
    let v = json(&out);
    assert_eq!(v["verdict"]["status"], "incomplete", "{v}");
    assert!(codes(&v["verdict"]["reasons"]).contains(&"missing_required".to_string()));
    assert!(v["mrz"].is_null());
    // Requiring only DG11 does not make it authentic: EF.SOD lists DG1 and DG2.
    let out = cnie(&[
        "verify",
        dir.str(),
        "--trust",
        &trust,
        "--json",
        "--require",
        "EF.SOD,DG11",
    ]);
    assert_code(&out, 15, "listed but not read");
    assert!(codes(&json(&out)["verdict"]["reasons"]).contains(&"not_read".to_string()));
}

#[test]
fn a_backend_challenge_is_signed_and_rechecked_offline() {
    if !enabled() {
        return;
    }
    let card = personalize("aa-challenge", &["--aa", "rsa"]);
    let dir = TempDir::new("aa-dump");
    {
        let _sim = Sim::start_card(card.path(), &[]);
        let out = read(&[
            "--can",
            "246810",
            "--challenge",
            "0011223344556677",
            "--out",
            dir.str(),
        ]);
        assert_code(&out, 0, "AA with a given challenge");
        let v = json(&out);
        assert_eq!(v["active_authentication"]["challenge"], "0011223344556677");
        assert_verdict(&v, "authentic", "genuine", Some("active_authentication"));
    }
    let trust = csca();
    let out = cnie(&["verify", dir.str(), "--trust", &trust, "--json"]);
    assert_code(&out, 0, "offline AA");
    assert_verdict(
        &json(&out),
        "authentic",
        "genuine",
        Some("active_authentication"),
    );
    // Another challenge than the one signed: the answer no longer verifies.
    std::fs::write(dir.path().join("AA.challenge.bin"), [0u8; 8]).unwrap();
    let out = cnie(&["verify", dir.str(), "--trust", &trust, "--json"]);
    assert_code(&out, 9, "AA answer for another challenge");
    assert_verdict(
        &json(&out),
        "invalid",
        "failed",
        Some("active_authentication"),
    );
    let out = cnie(&[
        "read",
        "--reader",
        READER,
        "--can",
        "246810",
        "--challenge",
        "00",
    ]);
    assert_code(&out, 2, "a short challenge");
}

#[test]
fn a_downgrade_to_bac_is_reported_and_can_be_refused() {
    if !enabled() {
        return;
    }
    let _sim = Sim::start(&["--fault", "pace-stall"]);
    let out = read(&["--mrz", MRZ]);
    assert_code(&out, 0, "stalling card read with BAC");
    let v = json(&out);
    assert_access(&v, "BAC", "MRZ");
    assert_eq!(v["access"]["downgraded"], true, "{}", v["access"]);
    assert!(codes(&v["verdict"]["warnings"]).contains(&"downgraded".to_string()));
    let out = read(&["--mrz", MRZ, "--require-pace"]);
    assert_code(&out, 8, "BAC refused");
    assert!(
        stderr_line(&out).contains("PACE is required"),
        "{}",
        stderr_line(&out)
    );
}
