//! End-to-end tests: the `cnie` binary reads the software card (`cnie-sim`)
//! through the real pcscd and the vpcd virtual reader, the same path as a
//! USB reader. `scripts/test.sh` starts pcscd and sets `CNIE_E2E=1`.

mod common;

use common::*;
use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

#[test]
fn read_with_mrz_lines_over_pace_extended_length() {
    if !enabled() {
        return;
    }
    let _sim = Sim::start(&[]);
    let out = read(&["--mrz", MRZ]);
    assert_code(&out, 0, "");
    let v = json(&out);
    assert_specimen(&v);
    assert_access(&v, "PACE", "MRZ");
    assert!(
        v["chip_authentication"].is_null(),
        "generic mapping has no chip authentication"
    );
    let stats = &v["stats"];
    assert_eq!(stats["extended_length"], true);
    // READ EF.CardAccess, MSE:Set AT, 4 x GENERAL AUTHENTICATE, SELECT, and one
    // READ BINARY for each of EF.COM, EF.SOD, DG1, DG2, DG11.
    assert_eq!(stats["apdus"], 12, "{stats}");
    assert!(stats["elapsed_ms"].as_u64().unwrap() < 1000, "{stats}");
}

#[test]
fn read_with_pace_cam() {
    if !enabled() {
        return;
    }
    let _sim = Sim::start(&["--mapping", "cam"]);
    let out = read(&["--can", "246810"]);
    assert_code(&out, 0, "PACE-CAM");
    let v = json(&out);
    assert_specimen(&v);
    assert_access(&v, "PACE", "CAN");
    // The PACE APDUs, READ EF.CardSecurity (chip authentication), SELECT, 5 reads.
    assert_eq!(v["stats"]["apdus"], 13, "{}", v["stats"]);
    let ca = &v["chip_authentication"];
    assert_eq!(ca["status"], "passed", "{ca}");
    assert_eq!(ca["card_security_chain"], "valid", "{ca}");
    assert!(
        ca["card_security_signer"]
            .as_str()
            .unwrap_or("")
            .contains("Document Signer TEST"),
        "{ca}"
    );
}

#[test]
fn read_over_bac_on_a_card_without_pace() {
    if !enabled() {
        return;
    }
    let _sim = Sim::start(&["--access", "bac"]);
    let out = read(&["--mrz", MRZ]);
    assert_code(&out, 0, "");
    let v = json(&out);
    assert_specimen(&v);
    assert_access(&v, "BAC", "MRZ");
    // EF.CardAccess probe (6A82), SELECT, GET CHALLENGE, EXTERNAL AUTHENTICATE, 5 reads.
    assert_eq!(v["stats"]["apdus"], 9, "{}", v["stats"]);
    // A CAN cannot open a BAC-only card: said clearly.
    let out = read(&["--can", "246810"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr_line(&out).contains("MRZ"));
}

#[test]
fn read_with_can_and_mrz_on_every_curve() {
    if !enabled() {
        return;
    }
    for curve in CURVES {
        let _sim = Sim::start(&["--curve", curve]);
        for (key, password) in [(["--can", "246810"], "CAN"), (["--mrz", MRZ], "MRZ")] {
            let out = read(&key);
            assert_code(&out, 0, format!("{curve} {password}"));
            let v = json(&out);
            assert_specimen(&v);
            assert_access(&v, "PACE", password);
        }
    }
}

#[test]
fn pace_with_3des_and_longer_aes_keys() {
    if !enabled() {
        return;
    }
    for cipher in ["3des", "aes192", "aes256"] {
        let _sim = Sim::start(&["--cipher", cipher, "--curve", "p256"]);
        let out = read(&["--can", "246810"]);
        assert_code(&out, 0, cipher);
        let v = json(&out);
        assert_specimen(&v);
        assert_access(&v, "PACE", "CAN");
    }
}

#[test]
fn wrong_can_is_refused_and_not_retried() {
    if !enabled() {
        return;
    }
    let _sim = Sim::start(&[]);
    // With the right MRZ as well: a refused CAN must not silently fall back to it.
    let out = read(&["--can", "135790", "--mrz", MRZ]);
    assert_code(&out, 6, "");
    assert_only_error(&out);
    let line = stderr_line(&out);
    assert!(
        line.contains("access denied") && line.contains("CAN"),
        "{line}"
    );
}

#[test]
fn read_with_document_fields_short_apdus() {
    if !enabled() {
        return;
    }
    let _sim = Sim::start(&["--length", "short", "--access", "bac"]);
    let out = read(&["--doc", "AB0123456", "--dob", "900115", "--doe", "310115"]);
    assert_code(&out, 0, "");
    let v = json(&out);
    assert_specimen(&v);
    assert_access(&v, "BAC", "MRZ");
    assert_eq!(v["stats"]["extended_length"], false);
    assert!(v["stats"]["apdus"].as_u64().unwrap() > 9);
}

#[test]
fn small_card_buffer_is_read_in_chunks() {
    if !enabled() {
        return;
    }
    let _sim = Sim::start(&["--max-response", "1000"]);
    let out = read(&["--mrz", MRZ]);
    assert_code(&out, 0, "");
    assert_specimen(&json(&out));
}

#[test]
fn wrong_key_is_refused() {
    if !enabled() {
        return;
    }
    for access in ["pace", "bac"] {
        let _sim = Sim::start(&["--access", access]);
        let out = read(&["--doc", "AB0123457", "--dob", "900115", "--doe", "310115"]);
        assert_code(&out, 6, access);
        assert_only_error(&out);
        let line = stderr_line(&out);
        assert!(
            line.contains("access denied") && line.contains("document number"),
            "{line}"
        );
    }
}

#[test]
fn dump_then_verify_offline_and_tampering_is_caught() {
    if !enabled() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("cnie-e2e-dump-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    {
        let _sim = Sim::start(&[]);
        let out = read(&["--mrz", MRZ, "--out", dir.to_str().unwrap()]);
        assert_code(&out, 0, "");
    }
    for f in [
        "EF.COM.bin",
        "EF.SOD.bin",
        "DG1.bin",
        "DG2.bin",
        "DG11.bin",
        "document.json",
        "face.jpg",
    ] {
        assert!(dir.join(f).exists(), "{f} missing from the dump");
    }
    // EF.CardAccess as the card gave it: a SET of SecurityInfos naming PACE.
    let card_access = std::fs::read(dir.join("EF.CardAccess.bin")).expect("EF.CardAccess.bin");
    assert_eq!(card_access.first(), Some(&0x31), "{card_access:02x?}");
    let pace_oid = [0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x04];
    assert!(
        card_access.windows(8).any(|w| w == pace_oid),
        "{card_access:02x?}"
    );
    let trust = csca();
    let out = cnie(&["verify", dir.to_str().unwrap(), "--trust", &trust, "--json"]);
    assert_code(&out, 0, "");
    assert_eq!(json(&out)["passive_authentication"]["status"], "valid");

    // Without the test CSCA the signer is unknown: intact but not trusted.
    let out = cnie(&["verify", dir.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(10));
    assert_eq!(
        json(&out)["passive_authentication"]["status"],
        "not_trusted"
    );

    // One letter of the name changed in DG1.
    let dg1 = dir.join("DG1.bin");
    let mut bytes = std::fs::read(&dg1).unwrap();
    let pos = bytes
        .windows(6)
        .position(|w| w == b"AMRANI")
        .expect("name in DG1");
    bytes[pos] = b'E';
    std::fs::write(&dg1, bytes).unwrap();
    let out = cnie(&["verify", dir.to_str().unwrap(), "--trust", &trust, "--json"]);
    assert_eq!(out.status.code(), Some(9));
    let v = json(&out);
    assert_eq!(v["passive_authentication"]["status"], "invalid");
    assert_eq!(
        v["passive_authentication"]["data_group_hashes"]["DG1"],
        "mismatch"
    );
    assert_eq!(
        v["passive_authentication"]["data_group_hashes"]["DG2"],
        "match"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn assert_card_failure(fault: &str, code: i32, words: &str) {
    let _sim = Sim::start(&["--fault", fault]);
    let out = read(&["--mrz", MRZ]);
    assert_eq!(
        out.status.code(),
        Some(code),
        "{fault}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_only_error(&out);
    let line = stderr_line(&out);
    assert!(
        line.contains(words) && line.contains("nothing was verified"),
        "{fault}: {line}"
    );
}

#[test]
fn bad_mac_aborts_the_read() {
    if enabled() {
        assert_card_failure("bad-mac-after=3", 8, "MAC");
    }
}

#[test]
fn lying_length_aborts_the_read() {
    if enabled() {
        assert_card_failure("lying-length=DG2", 8, "invalid data");
    }
}

#[test]
fn garbage_tlv_aborts_the_read() {
    if enabled() {
        assert_card_failure("bad-tlv=DG1", 8, "invalid data");
    }
}

#[test]
fn card_removed_mid_read() {
    if !enabled() {
        return;
    }
    // Not put back: the read says it waits for the card (--wait 5), then fails with the
    // removal, nothing reported.
    let _sim = Sim::start(&["--fault", "remove-after=5"]);
    let out = read(&["--mrz", MRZ]);
    assert_code(&out, 7, "card removed and not put back");
    assert_only_error(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| !l.starts_with("waiting"))
        .collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(lines[0].contains("put it back"), "{stderr}");
    assert!(
        lines[1].contains("removed") && lines[1].contains("nothing was verified"),
        "{stderr}"
    );
}

#[test]
fn a_card_that_stops_answering_times_out() {
    if !enabled() {
        return;
    }
    let _sim = Sim::start(&["--fault", "mute-after=8"]);
    let start = Instant::now();
    let out = read(&["--mrz", MRZ, "--card-timeout", "1"]);
    assert_code(&out, 7, "mute card");
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    assert_only_error(&out);
    let line = stderr_line(&out);
    assert!(
        line.contains("did not answer in time") && line.contains("nothing was verified"),
        "{line}"
    );
}

#[test]
fn no_card_and_unknown_reader() {
    if !enabled() {
        return;
    }
    let _lock = ONE_CARD_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    wait_for(false);
    let out = cnie(&["read", "--reader", READER, "--wait", "1", "--mrz", MRZ]);
    assert_eq!(out.status.code(), Some(5));
    assert!(stderr_line(&out).contains("no card"));
    let out = cnie(&["read", "--reader", "No Such Reader", "--mrz", MRZ]);
    assert_eq!(out.status.code(), Some(4));
    assert!(stderr_line(&out).contains("cnie readers"));
}

/// A card that stalls under PACE with the MRZ (`pace-stall`): the reader resets
/// it through pcscd (SCardReconnect) and reads it with BAC, saying why.
#[test]
fn a_card_that_stalls_under_pace_mrz_is_reset_and_read_with_bac() {
    if !enabled() {
        return;
    }
    let _sim = Sim::start(&["--fault", "pace-stall"]);
    let start = Instant::now();
    let out = read(&["--mrz", MRZ]);
    assert_code(&out, 0, "stalling card");
    let v = json(&out);
    assert_specimen(&v);
    assert_access(&v, "BAC", "MRZ");
    let notes = v["notes"].to_string();
    assert!(notes.contains("PACE with the MRZ"), "{notes}");
    // The stall costs the reader's time-out (2 s in the software card), not more.
    assert!(
        start.elapsed() < Duration::from_secs(8),
        "{:?}",
        start.elapsed()
    );
    // With the CAN as well, the CAN goes first and nothing stalls.
    let out = read(&["--mrz", MRZ, "--can", "246810"]);
    assert_code(&out, 0, "stalling card with the CAN");
    assert_access(&json(&out), "PACE", "CAN");
}

/// PACE-CAM proves the chip holds the key in EF.CardSecurity; only EF.CardSecurity's
/// signer chain to a trusted CSCA makes that a proof the chip is genuine. A chip whose
/// EF.CardSecurity is signed by a document signer of another CSCA passes chip
/// authentication, but the read is "not trusted" (exit 10) until that CSCA is trusted.
#[test]
fn chip_authentication_needs_a_trusted_card_security_signer() {
    if !enabled() {
        return;
    }
    use cnie_sim::card_security::{ef_card_security_with, static_key};
    use cnie_sim::pace_options::{PaceMapping, PaceSettings};
    use cnie_sim::perso::signer::Signer;
    let pki = vectors_dir().join("pki");
    let dir = std::env::temp_dir().join(format!("cnie-e2e-cam-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    for entry in std::fs::read_dir(vectors_dir().join("cards/specimen")).expect("specimen") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), dir.join(entry.file_name())).expect("copy");
    }
    let settings = PaceSettings {
        mapping: PaceMapping::Cam,
        ..PaceSettings::default()
    };
    let curve = settings.cam_curve().expect("a curve");
    let other_ds = Signer::load(&pki, "other-ds").expect("other DS");
    let card_security =
        ef_card_security_with(&settings, &static_key(curve).expect("key"), &other_ds)
            .expect("EF.CardSecurity");
    std::fs::write(dir.join("EF.CardSecurity.bin"), card_security).expect("write");
    let dir_str = dir.to_str().expect("utf-8").to_string();
    {
        let _sim = Sim::start_card(&dir, &["--mapping", "cam"]);
        let out = read(&["--can", "246810"]);
        assert_code(&out, 10, "EF.CardSecurity by an untrusted signer");
        let v = json(&out);
        assert_eq!(v["passive_authentication"]["status"], "valid");
        let ca = &v["chip_authentication"];
        assert_eq!(ca["status"], "passed", "{ca}");
        assert_eq!(ca["card_security_chain"], "not_trusted", "{ca}");
        let other_csca = pki.join("other-csca.pem");
        let out = read(&[
            "--can",
            "246810",
            "--trust",
            other_csca.to_str().expect("utf-8"),
        ]);
        assert_code(&out, 0, "both CSCAs trusted");
        assert_eq!(
            json(&out)["chip_authentication"]["card_security_chain"],
            "valid"
        );
    }
    let _ = std::fs::remove_dir_all(&dir_str);
}

/// `--trace` is shareable: the data read (DG1's MRZ, whose document number and dates
/// are the access password; DG11's names) is not in it, its lengths and status words
/// are. `--trace-data` shows it, with a warning.
#[test]
fn traces_are_shareable_unless_data_is_asked_for() {
    if !enabled() {
        return;
    }
    let _sim = Sim::start(&[]);
    // DG1's MRZ as it travels: "AB0123456" and "EL<AMRANI" in hex.
    let secrets = [
        hex::encode_upper("AB0123456"),
        hex::encode_upper("EL<AMRANI"),
    ];
    let out = read(&["--can", "246810", "--trace"]);
    assert_code(&out, 0, "read --trace");
    let trace = String::from_utf8_lossy(&out.stderr);
    assert!(trace.contains("bytes redacted>"), "{trace}");
    assert!(
        trace.contains("> 0C B0") || trace.contains("> 00 B0"),
        "{trace}"
    );
    for secret in &secrets {
        assert!(
            !trace.contains(secret.as_str()),
            "{secret} in --trace: {trace}"
        );
    }
    let out = read(&["--can", "246810", "--trace-data"]);
    assert_code(&out, 0, "read --trace-data");
    let trace = String::from_utf8_lossy(&out.stderr);
    assert!(trace.contains("warning: --trace-data"), "{trace}");
    for secret in &secrets {
        assert!(
            trace.contains(secret.as_str()),
            "{secret} not in --trace-data"
        );
    }
}

/// The German 2008 test passport (real data made by others) on a BAC card that says
/// nothing about the APDU length: when it takes extended length, the read finds it
/// (at most 13 APDUs, one READ BINARY a file); when it refuses it, the read costs at
/// most five APDUs more than a reader told `--length short`, with the same files.
#[test]
fn a_silent_card_gets_extended_length_when_it_takes_it() {
    if !enabled() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("cnie-e2e-bsi2008-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let sample = vectors_dir().join("samples/bsi2008");
    // Without DG14/DG15: their private keys are not public, and a chip that fails
    // Chip Authentication ends the read; both stay listed in EF.COM.
    for file in ["EF.COM", "EF.SOD", "DG1", "DG2", "DG3", "DG4"] {
        std::fs::copy(
            sample.join(format!("{file}.bin")),
            dir.join(format!("{file}.bin")),
        )
        .unwrap();
    }
    std::fs::write(
        dir.join("card.toml"),
        "[access]\ndocument_number = \"C11T002JM\"\ndate_of_birth = \"960812\"\ndate_of_expiry = \"131031\"\n\n[protocols]\nbac = true\npace = false\n\n[transport]\nextended_length = true\nannounce_length = false\n",
    )
    .unwrap();
    let key = ["--doc", "C11T002JM", "--dob", "960812", "--doe", "131031"];
    let stats = |out: &Output| {
        // Read and intact, but the CSCA is not public: 15 (DG14 listed, absent).
        assert_code(out, 15, "bsi2008");
        let v = json(out);
        (
            v["stats"]["apdus"].as_u64().unwrap(),
            v["stats"]["extended_length"] == true,
            v["files"].clone(),
        )
    };
    let (apdus, extended, files) = {
        let _sim = Sim::start_card(&dir, &[]);
        stats(&read(&key))
    };
    assert!(extended);
    assert!(apdus <= 13, "{apdus} APDUs");
    let _sim = Sim::start_card(&dir, &["--no-extended"]);
    let (auto, extended, auto_files) = stats(&read(&key));
    assert!(!extended);
    let mut short_args = key.to_vec();
    short_args.extend(["--length", "short"]);
    let (floor, _, floor_files) = stats(&read(&short_args));
    assert!(auto <= floor + 5, "{auto} APDUs, floor {floor}");
    assert_eq!(auto_files, floor_files);
    assert_eq!(auto_files, files);
    eprintln!("bsi2008: {apdus} APDUs (silent, extended); refusing: {auto} auto, {floor} short");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn dump_folders_are_private_and_never_overwritten_without_the_flag() {
    if !enabled() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("cnie-e2e-private-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let _sim = Sim::start(&[]);
    let out = read(&["--mrz", MRZ, "--out", dir.to_str().unwrap()]);
    assert_code(&out, 0, "first dump");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| {
            std::fs::symlink_metadata(p).unwrap().permissions().mode() & 0o7777
        };
        assert_eq!(mode(&dir), 0o700);
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            assert_eq!(mode(&path), 0o600, "{}", path.display());
        }
    }
    let json_before = std::fs::read(dir.join("document.json")).unwrap();
    // Again into the same folder: refused before the card is read, nothing changed.
    let out = read(&["--mrz", MRZ, "--out", dir.to_str().unwrap()]);
    assert_code(&out, 11, "second dump without --force-overwrite");
    let line = stderr_line(&out);
    assert!(line.contains("--force-overwrite"), "{line}");
    assert_only_error(&out);
    assert_eq!(
        std::fs::read(dir.join("document.json")).unwrap(),
        json_before
    );
    // With the flag: replaced, and the dump still verifies.
    let out = read(&[
        "--mrz",
        MRZ,
        "--out",
        dir.to_str().unwrap(),
        "--force-overwrite",
    ]);
    assert_code(&out, 0, "second dump with --force-overwrite");
    let trust = csca();
    let out = cnie(&["verify", dir.to_str().unwrap(), "--trust", &trust, "--json"]);
    assert_code(&out, 0, "verify the replaced dump");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A card lifted off in the middle of DG2 and put back: the read waits for it, runs
/// access control again and goes on from the file and offset where it stopped. The
/// dump is byte-identical to an uninterrupted read's, and no file is read twice from
/// its start. Extended and short APDUs, PACE and BAC.
#[test]
fn a_card_lifted_off_mid_read_is_read_on_when_put_back() {
    if !enabled() {
        return;
    }
    let base = std::env::temp_dir().join(format!("cnie-e2e-resume-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).unwrap();
    for (length, pace) in [
        ("extended", true),
        ("short", true),
        ("extended", false),
        ("short", false),
    ] {
        let tag = format!("{length}-{}", if pace { "pace" } else { "bac" });
        let wire = base.join(format!("{tag}.wire"));
        let key: Vec<&str> = if pace {
            vec!["--can", "246810"]
        } else {
            vec!["--mrz", MRZ]
        };
        let access: &[&str] = if pace { &[] } else { &["--access", "bac"] };
        let run = |faults: &[&str], out: &Path| {
            let _ = std::fs::remove_file(&wire);
            let mut sim_args = vec!["--wire-log", wire.to_str().unwrap()];
            sim_args.extend_from_slice(access);
            sim_args.extend_from_slice(faults);
            let _sim = Sim::start(&sim_args);
            let mut args = key.clone();
            args.extend(["--length", length, "--out", out.to_str().unwrap()]);
            let output = read(&args);
            let apdus: Vec<String> = std::fs::read_to_string(&wire)
                .unwrap_or_default()
                .lines()
                .map(str::to_owned)
                .collect();
            (output, apdus)
        };
        let clean_dir = base.join(format!("{tag}-clean"));
        let (clean, apdus) = run(&[], &clean_dir);
        assert_code(&clean, 0, format!("{tag} clean"));
        // DG2's reads: the first by SFI 02, then the reads at an offset.
        let first = apdus
            .iter()
            .position(|a| a.starts_with("0CB08200"))
            .expect("DG2 read by SFI");
        let chunks = 1 + apdus[first + 1..]
            .iter()
            .take_while(|a| {
                a.starts_with("0CB0") && u8::from_str_radix(&a[4..6], 16).unwrap() < 0x80
            })
            .count();
        if length == "short" {
            assert!(chunks > 10, "{tag}: {chunks} DG2 reads");
        }
        // Removed at the DG2 read halfway (extended: DG2's only read).
        let answered = first + chunks / 2;
        let fault = format!("remove-after={answered}");
        let resumed_dir = base.join(format!("{tag}-resumed"));
        let (resumed, apdus) = run(
            &["--fault", &fault, "--reinsert-after", "700"],
            &resumed_dir,
        );
        assert_code(&resumed, 0, format!("{tag} with {fault}"));
        let stderr = String::from_utf8_lossy(&resumed.stderr);
        assert!(stderr.contains("put it back"), "{tag}: {stderr}");
        assert!(
            json(&resumed)["notes"].to_string().contains("resumed"),
            "{tag}: {}",
            json(&resumed)["notes"]
        );
        for name in ["EF.COM.bin", "EF.SOD.bin", "DG1.bin", "DG2.bin", "DG11.bin"] {
            assert_eq!(
                std::fs::read(clean_dir.join(name)).unwrap(),
                std::fs::read(resumed_dir.join(name)).unwrap(),
                "{tag}: {name}"
            );
        }
        // No file read twice from its start: each SFI read once, but the one the loss cut
        // (extended: DG2's single read, never answered).
        for sfi in ["9E", "9D", "81", "82", "8B"] {
            let starts = apdus
                .iter()
                .filter(|a| a.starts_with(&format!("0CB0{sfi}00")))
                .count();
            let expected = if sfi == "82" && length == "extended" {
                2
            } else {
                1
            };
            assert_eq!(starts, expected, "{tag}: reads of SFI {sfi}: {apdus:?}");
        }
    }
    let _ = std::fs::remove_dir_all(&base);
}
