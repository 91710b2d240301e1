//! Hostile cards and relays, at every APDU: a full read and each eID command run
//! against the software card with a fault injected at each command APDU in turn
//! (`plain-answer-after=N`: a relay's plain `9000`; `drop-sm-after=N`: the chip
//! forgets its session; `get-response-loop=N`: `61 00` for ever), and with a PIN
//! counter that tells no count (`wrong-counter`). For every run:
//! - no panic and no hang (each run has a deadline);
//! - no PIN, PUK or new PIN in plain on the wire (the software card logs every
//!   command APDU it receives, `--wire-log`), and never more than one PIN-bearing
//!   command;
//! - a fault that lands under secure messaging ends the command with exit 8 (the
//!   card sent invalid data), and a read reports nothing as verified;
//! - a run the fault did not disturb (e.g. a plain `9000` where the card answers
//!   `9000` anyway, before secure messaging) succeeds in full or fails: never a
//!   half-read reported as authentic.

mod common;

use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use common::*;

const CAN: &str = "246810";
/// The PIN "1234" padded with FF to 8 bytes, the PUK "12345678" and the new PIN
/// "5678" padded: none may ever be on the wire in plain.
const SECRETS_HEX: [&str; 3] = ["31323334FFFFFFFF", "3132333435363738", "35363738FFFFFFFF"];
/// The longest one run may take: a hang is a failure.
const DEADLINE: Duration = Duration::from_secs(20);

/// One command as a user runs it, and what it needs on stdin.
struct Scenario {
    name: &'static str,
    args: Vec<String>,
    stdin: &'static str,
    /// Whether it is `read` (a JSON verdict on stdout).
    read: bool,
}

fn scenarios(dir: &Path) -> Vec<Scenario> {
    let document = dir.join("document.txt");
    std::fs::write(&document, b"a contract").expect("write the document");
    let eid = |name: &'static str, extra: &[&str], stdin: &'static str| {
        let mut args: Vec<String> = [name, "--reader", READER, "--wait", "5", "--can", CAN]
            .iter()
            .map(|s| s.to_string())
            .collect();
        args.extend(extra.iter().map(|s| s.to_string()));
        Scenario {
            name,
            args,
            stdin,
            read: false,
        }
    };
    let sign_in = document.display().to_string();
    vec![
        Scenario {
            name: "read",
            args: [
                "read", "--reader", READER, "--wait", "5", "--json", "--can", CAN, "--trust",
            ]
            .iter()
            .map(|s| s.to_string())
            .chain([csca()])
            .collect(),
            stdin: "",
            read: true,
        },
        eid("verify-pin", &["--pin-stdin"], "1234\n"),
        eid("change-pin", &["--pin-stdin"], "1234\n5678\n"),
        eid("unblock-pin", &["--pin-stdin"], "12345678\n5678\n"),
        eid("certs", &["--json"], ""),
        eid(
            "sign",
            &["--pin-stdin", "--in", &sign_in, "--out", "SIGNATURE"],
            "1234\n",
        ),
        eid(
            "authenticate",
            &[
                "--pin-stdin",
                "--challenge",
                "00112233445566778899AABBCCDDEEFF",
            ],
            "1234\n",
        ),
    ]
}

/// What one run did.
struct Run {
    out: Output,
    /// The command APDUs the card received, in hex.
    wire: Vec<String>,
}

/// Runs `scenario` against a fresh software card with `faults`, under a deadline.
fn run(scenario: &Scenario, faults: &[String], dir: &Path, tag: &str) -> Run {
    let wire_log = dir.join(format!("{}-{tag}.wire", scenario.name));
    let _ = std::fs::remove_file(&wire_log);
    let signature = dir.join(format!("{}-{tag}.sig", scenario.name));
    let _ = std::fs::remove_file(&signature);
    let mut sim_args = vec!["--wire-log".to_string(), wire_log.display().to_string()];
    for fault in faults {
        sim_args.push("--fault".into());
        sim_args.push(fault.clone());
    }
    let sim_args: Vec<&str> = sim_args.iter().map(String::as_str).collect();
    let sim = Sim::start(&sim_args);
    let args: Vec<String> = scenario
        .args
        .iter()
        .map(|a| {
            if a == "SIGNATURE" {
                signature.display().to_string()
            } else {
                a.clone()
            }
        })
        .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut child = spawn_with_stdin(&args, scenario.stdin);
    let started = Instant::now();
    while child.try_wait().expect("wait for cnie").is_none() {
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!(
                "{} with {faults:?}: no answer in {DEADLINE:?} (a hang)",
                scenario.name
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("cnie output");
    drop(sim);
    let wire = std::fs::read_to_string(&wire_log)
        .unwrap_or_default()
        .lines()
        .map(str::to_owned)
        .collect();
    let _ = std::fs::remove_file(&wire_log);
    let _ = std::fs::remove_file(&signature);
    Run { out, wire }
}

/// Whether a command APDU (hex) carries data to a PIN instruction (VERIFY, CHANGE
/// REFERENCE DATA, RESET RETRY COUNTER): protected, a counter query carries only
/// its MAC object (10 bytes), a PIN or PUK more.
fn carries_a_secret(apdu: &str) -> bool {
    let bytes = hex::decode(apdu).unwrap_or_default();
    match bytes.as_slice() {
        [_, 0x20 | 0x24 | 0x2C, _, _, lc, ..] => *lc as usize > 10,
        _ => false,
    }
}

/// The checks every run must pass, whatever the fault.
fn check_common(scenario: &Scenario, faults: &[String], run: &Run) {
    let context = format!("{} with {faults:?}", scenario.name);
    let stderr = String::from_utf8_lossy(&run.out.stderr);
    assert!(!stderr.contains("panicked"), "{context}: a panic: {stderr}");
    assert!(
        run.out.status.code().is_some(),
        "{context}: killed by a signal"
    );
    assert_ne!(run.out.status.code(), Some(101), "{context}: a panic");
    for line in &run.wire {
        for secret in SECRETS_HEX {
            assert!(
                !line.contains(secret),
                "{context}: a secret in plain on the wire: {line}"
            );
        }
    }
    let sent = run.wire.iter().filter(|a| carries_a_secret(a)).count();
    assert!(
        sent <= 1,
        "{context}: {sent} PIN-bearing commands: {:?}",
        run.wire
    );
    if scenario.read {
        // Nothing half-read reported as verified: stdout is one JSON object whose
        // verdict is authentic only for a complete, successful read.
        if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&run.out.stdout) {
            let authentic = v["verdict"]["status"] == "authentic";
            assert_eq!(
                authentic,
                run.out.status.code() == Some(0),
                "{context}: verdict {} with exit {:?}",
                v["verdict"],
                run.out.status.code()
            );
            if authentic {
                assert_specimen(&v);
            }
        } else {
            assert_ne!(
                run.out.status.code(),
                Some(0),
                "{context}: exit 0 without JSON"
            );
        }
    }
}

/// The index (from 1) of the first command APDU sent under secure messaging.
fn first_protected(wire: &[String]) -> usize {
    wire.iter()
        .position(|a| a.starts_with("0C"))
        .map_or(usize::MAX, |i| i + 1)
}

#[test]
fn every_fault_at_every_apdu() {
    if !enabled() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("cnie-e2e-faults-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let started = Instant::now();
    let mut runs = 0;
    for scenario in scenarios(&dir) {
        // A clean run: it succeeds, and tells how many APDUs there are to disturb.
        let clean = run(&scenario, &[], &dir, "clean");
        check_common(&scenario, &[], &clean);
        assert_code(&clean.out, 0, format!("{} without a fault", scenario.name));
        let total = clean.wire.len();
        let protected_from = first_protected(&clean.wire);
        assert!(
            protected_from <= total,
            "{}: no secure messaging",
            scenario.name
        );
        for index in 1..=total {
            for fault in [
                format!("plain-answer-after={index}"),
                format!("drop-sm-after={}", index - 1),
                format!("get-response-loop={index}"),
            ] {
                let faults = [fault];
                let disturbed = run(&scenario, &faults, &dir, &index.to_string());
                runs += 1;
                check_common(&scenario, &faults, &disturbed);
                let code = disturbed.out.status.code();
                let context = format!(
                    "{} with {faults:?}: {}",
                    scenario.name,
                    String::from_utf8_lossy(&disturbed.out.stderr)
                );
                if !faults[0].starts_with("plain-answer") {
                    // Every answer from then on is 61 00 (a protocol error, fast), or
                    // the chip has lost the session by the first protected command.
                    assert_eq!(code, Some(8), "{context}");
                } else if index >= protected_from {
                    // Under secure messaging any plain answer or lost session is
                    // the end of the channel.
                    assert_eq!(code, Some(8), "{context}");
                } else {
                    // Before secure messaging (access control in plain): a fault the
                    // protocol catches, or one that changed nothing.
                    assert!(matches!(code, Some(0 | 8)), "{context}");
                }
            }
        }
    }
    eprintln!(
        "{runs} disturbed runs in {:.0?} ({:?} per run)",
        started.elapsed(),
        started.elapsed() / runs.max(1)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A PIN or PUK counter that tells no count counts as the last try: refused without
/// `--force` (exit 14) before any PIN or PUK goes out; with it, sent once.
#[test]
fn an_unknown_counter_is_the_last_try() {
    if !enabled() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("cnie-e2e-counter-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let faults = ["wrong-counter".to_string()];
    for scenario in scenarios(&dir) {
        if scenario.read || scenario.name == "certs" {
            continue;
        }
        let refused = run(&scenario, &faults, &dir, "refused");
        check_common(&scenario, &faults, &refused);
        assert_code(&refused.out, 14, scenario.name);
        assert!(
            !refused.wire.iter().any(|a| carries_a_secret(a)),
            "{}: a PIN or PUK went out: {:?}",
            scenario.name,
            refused.wire
        );
        let stderr = String::from_utf8_lossy(&refused.out.stderr);
        assert!(stderr.contains("--force"), "{}: {stderr}", scenario.name);
        assert!(stderr.contains("6300"), "{}: {stderr}", scenario.name);
        let mut forced = Scenario {
            name: scenario.name,
            args: scenario.args.clone(),
            stdin: scenario.stdin,
            read: false,
        };
        forced.args.push("--force".into());
        let spent = run(&forced, &faults, &dir, "forced");
        check_common(&forced, &faults, &spent);
        assert_code(&spent.out, 0, format!("{} --force", scenario.name));
        assert_eq!(
            spent.wire.iter().filter(|a| carries_a_secret(a)).count(),
            1,
            "{}",
            scenario.name
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A relay that forges one plain `9000` to the PUK's counter query gets nothing: the
/// channel closes, RESET RETRY COUNTER never leaves, and the CLI does not claim the
/// PIN was unblocked.
#[test]
fn a_forged_puk_counter_answer_gets_nothing() {
    if !enabled() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("cnie-e2e-relay-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let unblock = scenarios(&dir)
        .into_iter()
        .find(|s| s.name == "unblock-pin")
        .expect("unblock-pin");
    let clean = run(&unblock, &[], &dir, "clean");
    assert_code(&clean.out, 0, "unblock-pin");
    // The PUK counter query: the last VERIFY before RESET RETRY COUNTER.
    let reset = clean
        .wire
        .iter()
        .position(|a| a.get(2..4) == Some("2C"))
        .expect("RESET RETRY COUNTER");
    let query = clean.wire[..reset]
        .iter()
        .rposition(|a| a.get(2..4) == Some("20"))
        .expect("the PUK counter query")
        + 1;
    for sw in ["9000", "63C3"] {
        let faults = [format!("plain-answer-after={query}:{sw}")];
        let forged = run(&unblock, &faults, &dir, sw);
        check_common(&unblock, &faults, &forged);
        assert_code(&forged.out, 8, format!("{faults:?}"));
        assert!(
            !forged.wire.iter().any(|a| a.get(2..4) == Some("2C")),
            "{faults:?}: RESET RETRY COUNTER went out: {:?}",
            forged.wire
        );
        assert!(
            !String::from_utf8_lossy(&forged.out.stdout).contains("unblocked"),
            "{faults:?}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
