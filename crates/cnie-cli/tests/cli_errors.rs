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
