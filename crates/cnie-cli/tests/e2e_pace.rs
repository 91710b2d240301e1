//! End-to-end tests of the PACE variants beyond ECDH generic mapping: the `cnie` binary
//! reads the software card (`cnie-sim`) through the real pcscd and the vpcd virtual reader
//! over DH generic mapping (dh1024 = parameter id 0, dh2048 = parameter id 2), the
//! integrated mapping on every curve but P-224 and both DH groups, the chip
//! authentication mapping on every curve (ECDH generic mapping on every curve is in
//! `e2e.rs`), each with the CAN and the MRZ, and cards offering two
//! PACEInfos (the reader must name the one it runs with DO'84'; the card answers 6A80 to a
//! wrong or missing one when the OID alone is ambiguous). `scripts/test.sh` starts pcscd
//! and sets `CNIE_E2E=1`.

mod common;

use common::*;

/// Reads the card with the CAN, then with the MRZ, and checks the document, the
/// access protocol and (for CAM) the chip authentication each time.
fn read_with_can_and_mrz(context: &str) {
    for (key, password) in [(["--can", "246810"], "CAN"), (["--mrz", MRZ], "MRZ")] {
        let out = read(&key);
        assert_code(&out, 0, format!("{context} {password}"));
        let v = json(&out);
        assert_specimen(&v);
        assert_access(&v, "PACE", password);
        if context.starts_with("CAM") {
            assert_eq!(v["chip_authentication"]["status"], "passed", "{context}");
            assert_eq!(
                v["chip_authentication"]["card_security_chain"], "valid",
                "{context}"
            );
        } else {
            assert!(v["chip_authentication"].is_null(), "{context}");
        }
    }
}

#[test]
fn read_over_dh_generic_mapping() {
    if !enabled() {
        return;
    }
    for group in ["dh1024", "dh2048"] {
        let _sim = Sim::start(&["--curve", group]);
        read_with_can_and_mrz(group);
    }
    // 3DES over DH as well.
    let _sim = Sim::start(&["--curve", "dh1024", "--cipher", "3des"]);
    read_with_can_and_mrz("dh1024 3des");
}

/// The standardized domains the integrated mapping is defined on here: every curve but
/// P-224 (its point encoding needs p = 3 mod 4), and the DH groups.
const IM_GROUPS: [&str; 10] = [
    "p256",
    "p384",
    "p521",
    "brainpoolP224r1",
    "brainpoolP256r1",
    "brainpoolP320r1",
    "brainpoolP384r1",
    "brainpoolP512r1",
    "dh1024",
    "dh2048",
];

#[test]
fn read_over_the_integrated_mapping() {
    if !enabled() {
        return;
    }
    let ciphers = ["aes128", "aes192", "aes256", "3des"];
    for (i, group) in IM_GROUPS.iter().enumerate() {
        let cipher = ciphers[i % ciphers.len()];
        let _sim = Sim::start(&["--curve", group, "--mapping", "im", "--cipher", cipher]);
        read_with_can_and_mrz(&format!("IM {group} {cipher}"));
    }
}

#[test]
fn read_over_chip_authentication_mapping_on_every_curve() {
    if !enabled() {
        return;
    }
    let ciphers = ["aes128", "aes192", "aes256"];
    for (i, curve) in CURVES.iter().enumerate() {
        let cipher = ciphers[i % ciphers.len()];
        let _sim = Sim::start(&["--curve", curve, "--mapping", "cam", "--cipher", cipher]);
        read_with_can_and_mrz(&format!("CAM {curve} {cipher}"));
    }
}

#[test]
fn read_a_card_with_two_pace_infos() {
    if !enabled() {
        return;
    }
    // DH and ECDH: different OIDs; the reader runs the first (DH) with DO'84' = 0.
    {
        let _sim = Sim::start(&["--curve", "dh1024", "--curve", "brainpoolP256r1"]);
        read_with_can_and_mrz("dh1024 + brainpoolP256r1");
    }
    // Two curves with the same OID: only DO'84' tells them apart (the card answers 6A80
    // without it), so a successful read shows the reader sent it.
    let _sim = Sim::start(&["--curve", "p256", "--curve", "brainpoolP256r1"]);
    read_with_can_and_mrz("p256 + brainpoolP256r1");
}

#[test]
fn undefined_combinations_are_refused_by_the_card() {
    if !enabled() {
        return;
    }
    // CAM is defined for ECDH only: the software card refuses to start.
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_cnie")).with_file_name("cnie-sim");
    let card = vectors_dir().join("cards/specimen");
    let out = std::process::Command::new(bin)
        .arg("serve")
        .arg("--card")
        .arg(&card)
        .args([
            "--curve",
            "dh2048",
            "--mapping",
            "cam",
            "--connect-timeout",
            "1",
        ])
        .output()
        .expect("run cnie-sim");
    assert_ne!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ECDH only"), "{err}");
}

/// Integrated mapping, however the chip encodes its absent mapping data: no data, the
/// empty template `7C 00`, or `7C 02 82 00`. Each reads with the CAN and the MRZ.
#[test]
fn integrated_mapping_with_every_encoding_of_no_mapping_data() {
    if !enabled() {
        return;
    }
    for form in ["none", "7c00", "7c028200"] {
        let _sim = Sim::start(&["--mapping", "im", "--curve", "p256", "--im-answer", form]);
        read_with_can_and_mrz(&format!("IM answering {form}"));
    }
}

/// A `6300` is a wrong password only at the token step (exit 6, nothing retried).
/// At MSE:Set AT or an earlier GENERAL AUTHENTICATE it is a protocol failure: with the
/// CAN alone the read ends with exit 8 and a message that does not blame the CAN; with
/// the MRZ as well, the other password and then BAC are tried, and the read succeeds
/// over BAC, noted as a downgrade; `--require-pace` refuses that fallback.
#[test]
fn a_6300_before_the_token_step_is_not_a_wrong_password() {
    if !enabled() {
        return;
    }
    for step in ["mse", "nonce", "map", "key", "token"] {
        let fault = format!("pace-6300={step}");
        let _sim = Sim::start(&["--fault", &fault]);
        let out = read(&["--can", "246810"]);
        let message = String::from_utf8_lossy(&out.stderr).to_string();
        if step == "token" {
            assert_code(&out, 6, &fault);
            assert!(message.contains("CAN"), "{fault}: {message}");
        } else {
            assert_code(&out, 8, &fault);
            assert!(!message.contains("refused the CAN"), "{fault}: {message}");
            assert!(message.contains("6300"), "{fault}: {message}");
        }
        let out = read(&["--can", "246810", "--mrz", MRZ]);
        if step == "token" {
            // A refused password is never followed by another try.
            assert_code(&out, 6, format!("{fault} with the MRZ too"));
            continue;
        }
        assert_code(&out, 0, format!("{fault} with the MRZ too"));
        let v = json(&out);
        assert_specimen(&v);
        assert_access(&v, "BAC", "MRZ");
        assert_eq!(v["access"]["downgraded"], true, "{fault}");
        let out = read(&["--can", "246810", "--mrz", MRZ, "--require-pace"]);
        assert_code(&out, 8, format!("{fault} with --require-pace"));
    }
}
