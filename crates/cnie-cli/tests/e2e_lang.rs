//! End to end through pcscd, vpcd and the software card: the report in French and
//! Arabic, the CAN and the MRZ from standard input (`--can -`, `--mrz -`), the reader by
//! its index.

mod common;

use common::{MRZ, READER, Sim, cnie, cnie_in, csca, enabled};

const CAN: &str = "246810";
const RLM: char = '\u{200F}';

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The index `cnie readers` gives the virtual reader.
fn reader_index() -> String {
    let out = cnie(&["readers", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("readers JSON");
    let reader = v["readers"]
        .as_array()
        .and_then(|rs| rs.iter().find(|r| r["name"] == READER))
        .expect("the virtual reader");
    reader["index"].to_string()
}

#[test]
fn a_french_read_with_the_can_on_standard_input() {
    if !enabled() {
        return;
    }
    let _sim = Sim::start(&[]);
    let trust = csca();
    let args = [
        "--lang", "fr", "read", "--reader", READER, "--wait", "5", "--trust", &trust, "--can", "-",
    ];
    let out = cnie_in(&args, &format!("{CAN}\n"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let result = text
        .lines()
        .find(|l| l.starts_with("Résultat"))
        .unwrap_or_else(|| panic!("no verdict line:\n{text}"));
    assert!(result.contains("AUTHENTIQUE : données signées"), "{result}");
    assert!(text.contains("PACE avec CAN"), "{text}");
    assert!(text.contains("Empreintes"), "{text}");
    // A wrong CAN on standard input: refused by the card, in French.
    let out = cnie_in(&args, "000000\n");
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    assert!(stderr(&out).contains("accès refusé"), "{}", stderr(&out));
    // Nothing on standard input.
    let out = cnie_in(&args, "");
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
}

#[test]
fn an_arabic_read_with_the_mrz_on_standard_input_and_the_reader_by_index() {
    if !enabled() {
        return;
    }
    let _sim = Sim::start(&[]);
    let index = reader_index();
    let listed = stdout(&cnie(&["readers"]));
    assert!(
        listed.contains(&format!("{index}: {READER}: card present")),
        "{listed}"
    );
    let trust = csca();
    let lines = MRZ.split(' ').collect::<Vec<_>>().join("\n");
    let out = cnie_in(
        &[
            "--lang", "ar", "read", "--reader", &index, "--wait", "5", "--trust", &trust, "--mrz",
            "-",
        ],
        &format!("{lines}\n"),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let result = text
        .lines()
        .find(|l| l.trim_start_matches(RLM).starts_with("النتيجة"))
        .unwrap_or_else(|| panic!("no verdict line:\n{text}"));
    assert!(result.starts_with(RLM), "{result:?}");
    assert!(result.contains("أصلية: بيانات موقعة"), "{result}");
    assert!(text.contains("الاسم الكامل"), "{text}");
    // A reader number that does not exist.
    let out = cnie(&["read", "--reader", "99", "--can", CAN, "--wait", "1"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no reader number 99"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_can_typed_on_a_terminal_is_not_echoed() {
    if !enabled() {
        return;
    }
    let _sim = Sim::start(&[]);
    let trust = csca();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_cnie"));
    command.args([
        "--lang", "fr", "read", "--reader", READER, "--wait", "5", "--trust", &trust, "--can", "-",
    ]);
    let mut tty = rexpect::session::spawn_command(command, Some(20_000)).expect("spawn on a pty");
    let mut seen = tty
        .exp_string("CAN (6 chiffres, au recto de la carte):")
        .expect("the CAN prompt");
    tty.send_line(CAN).expect("type");
    seen.push_str(&tty.exp_eof().expect("cnie ends"));
    assert!(seen.contains("AUTHENTIQUE"), "{seen}");
    assert!(!seen.contains(CAN), "the CAN was echoed: {seen}");
}
