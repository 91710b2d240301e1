//! Failures a user meets without a card: each is one line and a documented exit code.

use std::process::{Command, Output};

mod common;
use common::vector_arg;

fn cnie(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cnie"));
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run cnie")
}

fn one_line(out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(err.lines().count(), 1, "{err}");
    err
}

#[test]
fn no_pcsc_service() {
    // pcsc-lite looks for its daemon's socket here: none, as when pcscd is not running.
    let env = [("PCSCLITE_CSOCK_NAME", "/nonexistent/pcscd.comm")];
    let out = cnie(&["readers"], &env);
    assert_eq!(out.status.code(), Some(4));
    assert!(one_line(&out).contains("pcscd"));
    let out = cnie(
        &[
            "read",
            "--doc",
            "AB0123456",
            "--dob",
            "900115",
            "--doe",
            "310115",
        ],
        &env,
    );
    assert_eq!(out.status.code(), Some(4));
    assert!(one_line(&out).contains("pcscd"));
}

#[test]
fn bad_keys_are_refused_before_any_card_access() {
    let env = [("PCSCLITE_CSOCK_NAME", "/nonexistent/pcscd.comm")];
    let out = cnie(&["read", "--can", "12345"], &env);
    assert_eq!(out.status.code(), Some(3));
    assert!(one_line(&out).contains("CAN"));
    let out = cnie(
        &[
            "read",
            "--doc",
            "AB0123456",
            "--dob",
            "901315",
            "--doe",
            "310115",
        ],
        &env,
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(one_line(&out).contains("birth"));
}

#[test]
fn verify_real_samples_offline() {
    // Dutch 2006 test passport: intact and signed, but its CSCA is not known.
    let out = cnie(&["verify", &vector_arg("samples/loes2006"), "--json"], &[]);
    assert_eq!(
        out.status.code(),
        Some(10),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let pa = &v["passive_authentication"];
    assert_eq!(pa["status"], "not_trusted");
    assert_eq!(pa["sod_signature"], "valid");
    for dg in ["DG1", "DG2", "DG15"] {
        assert_eq!(pa["data_group_hashes"][dg], "match", "{pa}");
    }
    assert_eq!(v["mrz"]["surname"], "MEULENDIJK");
    assert_eq!(v["face"]["format"], "jpeg2000");
}

#[test]
fn verify_a_missing_folder() {
    let out = cnie(&["verify", "/nonexistent/dump"], &[]);
    assert_eq!(out.status.code(), Some(11));
    one_line(&out);
}

/// Under `--json` a failure is exactly one JSON object on stdout:
/// `{"error": {"code", "kind", "message"}}`, with the exit code it names.
fn json_error(out: &Output) -> serde_json::Map<String, serde_json::Value> {
    let text = String::from_utf8_lossy(&out.stdout);
    let value: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("stdout is not one JSON object ({e}): {text:?}"));
    let error = value["error"].as_object().expect("an error object").clone();
    assert_eq!(value.as_object().unwrap().len(), 1, "{value}");
    assert_eq!(
        error["code"].as_i64(),
        out.status.code().map(i64::from),
        "the object names the exit code: {value}"
    );
    assert!(
        !error["message"].as_str().unwrap().is_empty(),
        "a message: {value}"
    );
    error
}

#[test]
fn failures_under_json_are_one_object_on_stdout() {
    let env = [("PCSCLITE_CSOCK_NAME", "/nonexistent/pcscd.comm")];
    let cases: &[(&[&str], i64, &str)] = &[
        (&["--json", "mrz", "NOT AN MRZ"], 3, "bad_input"),
        (&["mrz", "NOT AN MRZ", "--json"], 3, "bad_input"),
        (&["--json", "readers"], 4, "no_reader"),
        (&["read", "--can", "246810", "--json"], 4, "no_reader"),
        (&["verify-pin", "--can", "246810", "--json"], 4, "no_reader"),
        (
            &[
                "sign",
                "--in",
                "/nonexistent/x",
                "--out",
                "/tmp/x.sig",
                "--can",
                "246810",
                "--json",
            ],
            11,
            "io",
        ),
        (&["--json", "verify", "/nonexistent/dump"], 11, "io"),
        (&["read", "--json", "--no-such-flag"], 2, "usage"),
        (&["--json", "no-such-command"], 2, "usage"),
    ];
    for (args, code, kind) in cases {
        let out = cnie(args, &env);
        assert_eq!(out.status.code(), Some(*code as i32), "{args:?}");
        let error = json_error(&out);
        assert_eq!(error["kind"], *kind, "{args:?}");
        assert!(error.get("tries_left").is_none(), "{args:?}");
    }
    // Without --json stdout stays empty: the message is on stderr only.
    let out = cnie(&["mrz", "NOT AN MRZ"], &env);
    assert!(out.stdout.is_empty());
    assert_eq!(out.status.code(), Some(3));
}
