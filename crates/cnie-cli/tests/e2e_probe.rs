//! End-to-end tests of `cnie probe`: the binary probes the software card
//! (`cnie-sim`) through the real pcscd and the vpcd virtual reader.
//! `scripts/test.sh` starts pcscd and sets `CNIE_E2E=1`.

mod common;

use common::*;

fn app<'a>(v: &'a serde_json::Value, aid: &str) -> &'a serde_json::Value {
    v["applications"]
        .as_array()
        .and_then(|apps| apps.iter().find(|a| a["aid"] == aid))
        .unwrap_or_else(|| panic!("{aid} not tried: {}", v["applications"]))
}

fn assert_no_personal_data(text: &str) {
    for secret in ["AB0123456", "AMRANI", "FATIMA", "X123456", "246810"] {
        assert!(!text.contains(secret), "{secret} in the report");
        let as_hex = hex::encode_upper(secret);
        assert!(!text.contains(&as_hex), "{secret} as hex in the report");
    }
}

#[test]
fn probe_the_specimen() {
    if !enabled() {
        return;
    }
    let _sim = Sim::start(&[]);
    let out = cnie(&["probe", "--reader", READER, "--wait", "5", "--json"]);
    assert_code(&out, 0, "probe --json");
    let v = json(&out);
    assert_eq!(v["reader"], READER);

    // The ATR as pcscd built it for the contactless card: extended length announced.
    assert_eq!(v["atr"]["extended_length"], true, "{}", v["atr"]);

    // EF.CardAccess read by SFI and decoded: one PACEInfo on brainpoolP256r1.
    let ca = &v["card_access"];
    assert_eq!(ca["found"], true, "{ca}");
    assert_eq!(ca["via"], "sfi 1C");
    let infos = ca["parsed"]["infos"].as_array().unwrap();
    assert_eq!(infos.len(), 1, "{ca}");
    assert_eq!(infos[0]["kind"], "PACEInfo");
    assert_eq!(infos[0]["oid"], "0.4.0.127.0.7.2.2.4.2.2");
    assert_eq!(infos[0]["protocol"], "PACE-ECDH-GM-AES-CBC-CMAC-128");
    assert_eq!(infos[0]["parameter_id"], 13);
    assert_eq!(infos[0]["domain"], "brainpoolP256r1");

    assert_eq!(v["master_file"], "9000");
    assert_eq!(v["atr_info"]["parsed"]["max_command_apdu"], 4096);

    // The eMRTD answers with its FCI; IAS-ECC is refused.
    let emrtd = app(&v, "A0000002471001");
    assert_eq!(emrtd["sw"], "9000", "{emrtd}");
    assert_eq!(emrtd["selected"], true);
    assert_eq!(emrtd["fci"], "6F098407A0000002471001");
    let ias = app(&v, "A000000077010800070000FE00000100");
    assert_eq!(ias["sw"], "6A82", "{ias}");
    assert_eq!(ias["selected"], false);

    // EF.DIR lists the eMRTD and the eID application, which answers SELECT.
    let dir = &v["ef_dir"];
    assert_eq!(dir["found"], true, "{dir}");
    let listed: Vec<&str> = dir["parsed"]["applications"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["aid"].as_str())
        .collect();
    assert_eq!(listed, ["A0000002471001", "A000000063504B43532D3135"]);
    let eid = app(&v, "A000000063504B43532D3135");
    assert_eq!(eid["sw"], "9000", "{eid}");
    assert_eq!(eid["source"], "known_and_ef_dir");

    // Every command sent is listed with its status word.
    let log = v["status_words"].as_array().unwrap();
    assert!(log.len() >= 20, "{} commands", log.len());
    assert!(log.iter().all(|r| r["sw"].is_string()), "{log:?}");
    assert!(
        log.iter()
            .all(|r| !r["command"].as_str().unwrap_or("").starts_with("0020")),
        "no VERIFY"
    );
    assert_no_personal_data(&String::from_utf8_lossy(&out.stdout));

    // The text form: one line per application, and --out writes the same JSON.
    let dir = std::env::temp_dir().join(format!("cnie-probe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("probe.json");
    let out = cnie(&[
        "probe",
        "--reader",
        READER,
        "--wait",
        "5",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert_code(&out, 0, "probe --out");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        text.lines()
            .any(|l| l.contains("9000") && l.contains("A0000002471001")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.contains("6A82") && l.contains("A000000077010800070000FE00000100")),
        "{text}"
    );
    assert!(text.contains("PACE-ECDH-GM-AES-CBC-CMAC-128"), "{text}");
    assert_no_personal_data(&text);
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(written["card_access"], v["card_access"]);
    assert_eq!(written["applications"], v["applications"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn probe_with_trace_prints_apdus_to_stderr() {
    if !enabled() {
        return;
    }
    let _sim = Sim::start(&[]);
    let out = cnie(&[
        "--trace", "probe", "--reader", READER, "--wait", "5", "--json",
    ]);
    assert_code(&out, 0, "probe --trace");
    let v = json(&out);
    let err = String::from_utf8_lossy(&out.stderr);
    // The SELECT of the eMRTD application and its answer are on stderr.
    assert!(err.contains("A0000002471001"), "{err}");
    assert!(err.contains("9000"), "{err}");
    assert!(
        err.lines().count() >= v["status_words"].as_array().unwrap().len(),
        "{err}"
    );
    assert_no_personal_data(&err);
}

#[test]
fn probe_without_card_or_reader() {
    if !enabled() {
        return;
    }
    let _lock = ONE_CARD_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    wait_for(false);
    let out = cnie(&["probe", "--reader", READER, "--wait", "1", "--json"]);
    assert_code(&out, 5, "no card");
    assert_only_error(&out);
    assert!(stderr_line(&out).contains("no card"));
    let out = cnie(&["probe", "--reader", "No Such Reader", "--json"]);
    assert_code(&out, 4, "no reader");
    assert!(stderr_line(&out).contains("cnie readers"));
}
