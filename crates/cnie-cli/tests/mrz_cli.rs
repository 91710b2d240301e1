//! `cnie mrz` as a user runs it.

use std::process::{Command, Output};

fn cnie(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cnie"))
        .args(args)
        .output()
        .expect("run cnie")
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("one JSON object on stdout")
}

const SPECIMEN: &str = "IDMARAB01234568X123456<<<<<<<<\n9001158F3101159MAR<<<<<<<<<<<6\nEL<AMRANI<<FATIMA<ZAHRA<<<<<<<";

#[test]
fn td1_cnie_specimen() {
    let out = cnie(&["mrz", SPECIMEN, "--json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    assert_eq!(v["document_number"], "AB0123456");
    assert_eq!(v["optional_data_1"], "X123456");
    assert_eq!(v["surname"], "EL AMRANI");
    assert_eq!(v["given_names"], "FATIMA ZAHRA");
    assert_eq!(v["date_of_birth"], "900115");
    assert_eq!(v["sex"], "F");
    let text = cnie(&["mrz", SPECIMEN]);
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(stdout.contains("CIN                 X123456"), "{stdout}");
    assert!(stdout.contains("1990-01-15"), "{stdout}");
}

#[test]
fn td2_and_td3_in_lower_case_and_spaces() {
    let td2 = "i<utoerikss on<<anna<maria<<<<<<<<<<< D231458907UTO7408122F1204159<<<<<<<6";
    let out = cnie(&["mrz", td2, "--json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json(&out)["surname"], "ERIKSSON");
    let out = cnie(&[
        "mrz",
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json(&out)["document_number"], "L898902C3");
}

#[test]
fn typo_gets_a_hint_and_exit_code_3() {
    // The letter O typed for the digit 0 in the document number.
    let typo = SPECIMEN.replacen("AB0123456", "ABO123456", 1);
    let out = cnie(&["mrz", &typo]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("document number"), "{err}");
    assert!(err.contains("AB0123456"), "{err}");
}

#[test]
fn stdin_input() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_cnie"))
        .args(["mrz", "-", "--json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(SPECIMEN.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json(&out)["nationality"], "MAR");
}

#[test]
fn garbage_is_refused_in_one_line() {
    for bad in [
        "",
        "hello",
        "IDMAR\u{e9}B01234568X123456<<<<<<<<",
        &"<".repeat(5000),
    ] {
        let out = cnie(&["mrz", bad]);
        assert_eq!(out.status.code(), Some(3), "{bad:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 1);
    }
}

/// `cnie mrz -` with `input` on standard input.
fn mrz_stdin(input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_cnie"))
        .args(["mrz", "-", "--json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // cnie may stop reading at its limit: a closed pipe is fine.
    let _ = stdin.write_all(input);
    drop(stdin);
    child.wait_with_output().unwrap()
}

#[test]
fn all_of_stdin_is_read_up_to_its_limit() {
    // 10,000 blank lines before the MRZ (more than the former 4 KiB read): all read.
    let mut input = "\n".repeat(10_000).into_bytes();
    input.extend_from_slice(SPECIMEN.as_bytes());
    let out = mrz_stdin(&input);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json(&out)["document_number"], "AB0123456");
    // Over 64 KiB: an invalid MRZ (exit 3) in one line, not a read error.
    let mut input = "\n".repeat(64 * 1024).into_bytes();
    input.extend_from_slice(SPECIMEN.as_bytes());
    let out = mrz_stdin(&input);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("64 KiB"), "{err}");
    // Under --json the failure is the one object on stdout (docs/json.md).
    assert_eq!(json(&out)["error"]["code"], 3);
    assert_eq!(json(&out)["error"]["kind"], "bad_input");
}

#[test]
fn bad_text_on_stdin_is_an_invalid_mrz_not_an_io_error() {
    let mut latin1 = SPECIMEN.as_bytes().to_vec();
    latin1[5] = 0xE9; // 'é' in Latin-1: not UTF-8
    let cut = &SPECIMEN.as_bytes()[..40];
    let mut cut_in_a_character = SPECIMEN.as_bytes()[..20].to_vec();
    cut_in_a_character.extend_from_slice(&"é".as_bytes()[..1]);
    for (what, input) in [
        ("Latin-1", latin1.as_slice()),
        ("cut short", cut),
        (
            "cut inside a UTF-8 character",
            cut_in_a_character.as_slice(),
        ),
        ("empty", &b""[..]),
        ("binary", &[0u8, 0xFF, 0xFE, 0x80][..]),
    ] {
        let out = mrz_stdin(input);
        assert_eq!(
            out.status.code(),
            Some(3),
            "{what}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{what}: {err}");
        assert!(err.contains("invalid MRZ"), "{what}: {err}");
    }
}
