//! End to end through pcscd: `cnie read --evidence FILE` at the reader, `cnie verify
//! FILE` offline: authentic as read, a changed bundle never authentic (non-zero exit),
//! the Active Authentication challenge and answer kept and checked again against DG15.

mod common;

use std::path::Path;

use common::*;

fn arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// `cnie verify FILE --json` with the test CSCA.
fn verify(bundle: &Path) -> std::process::Output {
    let trust = csca();
    cnie(&["verify", arg(bundle), "--trust", &trust, "--json"])
}

/// The bundle's text with `from` replaced by `to` (once), written to `path`.
fn edited(bundle: &[u8], from: &str, to: &str, path: &Path) {
    let text = String::from_utf8(bundle.to_vec()).unwrap();
    assert!(text.contains(from), "{from} in the bundle");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn a_bundle_read_at_the_reader_verifies_offline_and_an_edited_one_fails() {
    if !enabled() {
        return;
    }
    let dir = fresh_dir("evidence", "specimen");
    let bundle = dir.join("read.cnie.json");
    {
        let _sim = Sim::start(&[]);
        let out = read(&["--can", "246810", "--evidence", arg(&bundle)]);
        assert_code(&out, 0, "read with --evidence");
        let v = json(&out);
        assert_eq!(v["evidence"]["path"], arg(&bundle));
        assert_eq!(v["evidence"]["format_version"], 1);
        // An existing bundle is not replaced without the flag: before the card.
        let out = read(&["--can", "246810", "--evidence", arg(&bundle)]);
        assert_code(&out, 11, "existing bundle");
        assert!(stderr_line(&out).contains("--force-overwrite"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&bundle).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let bytes = std::fs::read(&bundle).unwrap();
    let content: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let names: Vec<&str> = content["content"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["EF.COM", "EF.SOD", "DG1", "DG2", "DG11", "EF.CardAccess"]
    );
    assert_eq!(content["content"]["access"]["protocol"], "PACE");

    let out = verify(&bundle);
    assert_code(&out, 0, "offline verify of the bundle");
    let v = json(&out);
    assert_specimen(&v);
    assert_eq!(v["verdict"]["status"], "authentic");
    assert_access(&v, "PACE", "CAN");
    assert_eq!(
        v["evidence"]["read_at"], content["content"]["read_at"],
        "{}",
        v["evidence"]
    );
    // Without the issuer's CSCA: not trusted (exit 10).
    let out = cnie(&["verify", arg(&bundle), "--json"]);
    assert_code(&out, 10, "bundle without the CSCA");
    // Human output names the bundle.
    let trust = csca();
    let out = cnie(&["verify", arg(&bundle), "--trust", &trust]);
    assert_code(&out, 0, "human output");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Evidence"));

    // Edited: a file's byte, the metadata, the layout. Never authentic, exit 9.
    let tampered = dir.join("tampered.cnie.json");
    let dg1 = content["content"]["files"][2]["data"].as_str().unwrap();
    let mut changed = dg1.to_string();
    changed.replace_range(20..21, if &dg1[20..21] == "4" { "5" } else { "4" });
    for (from, to, what) in [
        (dg1, changed.as_str(), "DG1"),
        (
            "\"password\": \"CAN\"",
            "\"password\": \"MRZ\"",
            "the access password",
        ),
        (
            "\"downgraded\": false",
            "\"downgraded\": true",
            "the downgrade flag",
        ),
        ("  \"format\"", "   \"format\"", "the spacing"),
    ] {
        edited(&bytes, from, to, &tampered);
        let out = verify(&tampered);
        assert_code(&out, 9, format!("bundle with {what} changed"));
        // Under --json the failure is one error object on stdout (docs/json.md).
        assert_eq!(json(&out)["error"]["kind"], "invalid", "{what}");
        assert!(
            stderr_line(&out).contains("not authentic"),
            "{what}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // Cut short: not a bundle any more.
    std::fs::write(&tampered, &bytes[..bytes.len() / 2]).unwrap();
    assert_code(&verify(&tampered), 9, "a truncated bundle");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_bundle_keeps_the_active_authentication_exchange_and_it_is_checked_again() {
    if !enabled() {
        return;
    }
    let dir = fresh_dir("evidence", "aa");
    let card = dir.join("card");
    personalize_into(&card, &["--aa", "rsa"]);
    let bundle = dir.join("aa.cnie.json");
    {
        let _sim = Sim::start_card(&card, &[]);
        let out = read(&[
            "--can",
            "246810",
            "--challenge",
            "0011223344556677",
            "--evidence",
            arg(&bundle),
        ]);
        assert_code(&out, 0, "AA read with --evidence");
        assert_eq!(
            json(&out)["verdict"]["chip_method"],
            "active_authentication"
        );
    }
    let bytes = std::fs::read(&bundle).unwrap();
    let evidence = cnie::Evidence::from_bytes(&bytes).unwrap();
    let aa = evidence.active_authentication.clone().unwrap();
    assert_eq!(
        aa.challenge,
        [0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77]
    );
    assert!(aa.response.is_some());
    let out = verify(&bundle);
    assert_code(&out, 0, "offline AA from the bundle");
    let v = json(&out);
    assert_eq!(v["verdict"]["chip"], "genuine");
    assert_eq!(v["verdict"]["chip_method"], "active_authentication");
    assert_eq!(v["active_authentication"]["challenge"], "0011223344556677");

    // A forger who changes the challenge and writes the digest again gets past the
    // bundle's own checks, not past the chip's signature: invalid, chip failed.
    let mut forged = evidence.clone();
    if let Some(aa) = forged.active_authentication.as_mut() {
        aa.challenge = [0; 8];
    }
    let forged_path = dir.join("forged.cnie.json");
    std::fs::write(&forged_path, forged.to_bytes()).unwrap();
    let out = verify(&forged_path);
    assert_code(&out, 9, "AA answer for another challenge");
    let v = json(&out);
    assert_eq!(v["verdict"]["status"], "invalid");
    assert_eq!(v["verdict"]["chip"], "failed");
    // Taking the answer away (digest written again): the chip is no longer checked,
    // never genuine.
    let mut stripped = evidence;
    stripped.active_authentication = None;
    std::fs::write(&forged_path, stripped.to_bytes()).unwrap();
    let out = verify(&forged_path);
    let v = json(&out);
    assert_ne!(v["verdict"]["chip"], "genuine");
    let _ = std::fs::remove_dir_all(&dir);
}
