//! End-to-end tests of the eID commands (`verify-pin`, `change-pin`,
//! `unblock-pin`, `certs`, `sign`, `authenticate`, `--trace`) against the
//! software card through pcscd and vpcd. The specimen's PIN is 1234 (3 tries),
//! its PUK 12345678, its CAN 246810; the card keeps its counters while it runs.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;

const CAN: &str = "246810";
/// "1234" padded with FF to 8 bytes, as VERIFY carries it (hex).
const PIN_HEX: &str = "31323334FFFFFFFF";
/// The PUK "12345678" (hex).
const PUK_HEX: &str = "3132333435363738";

/// A PIN command on the virtual reader, opened with the CAN, PIN(s) on stdin.
fn pin_command(command: &str, extra: &[&str], stdin: &str) -> Output {
    let mut args = vec![
        command,
        "--reader",
        READER,
        "--wait",
        "5",
        "--can",
        CAN,
        "--pin-stdin",
    ];
    args.extend_from_slice(extra);
    cnie_in(&args, stdin)
}

fn verify_pin(pin: &str, extra: &[&str]) -> Output {
    pin_command("verify-pin", extra, &format!("{pin}\n"))
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn temp_dir(name: &str) -> PathBuf {
    fresh_dir("e2e-eid", name)
}

/// `openssl dgst -sha256 -verify` with the certificate's public key.
fn openssl_verifies(cert_pem: &Path, signature: &Path, data: &Path) -> bool {
    let dir = cert_pem.parent().expect("folder");
    let pubkey = dir.join("pubkey.pem");
    let extracted = Command::new("openssl")
        .args(["x509", "-pubkey", "-noout", "-in"])
        .arg(cert_pem)
        .output()
        .expect("run openssl (scripts/setup.sh installs it)");
    assert!(extracted.status.success(), "{}", stderr(&extracted));
    std::fs::write(&pubkey, &extracted.stdout).expect("write key");
    let out = Command::new("openssl")
        .args(["dgst", "-sha256", "-verify"])
        .arg(&pubkey)
        .arg("-signature")
        .arg(signature)
        .arg(data)
        .output()
        .expect("run openssl");
    out.status.success() && String::from_utf8_lossy(&out.stdout).contains("Verified OK")
}

#[test]
fn right_pin_wrong_twice_last_try_refused_then_reset() {
    if !enabled() {
        return;
    }
    let _sim = Sim::start(&[]);
    let out = verify_pin("1234", &[]);
    assert_code(&out, 0, "right PIN");
    assert!(stdout(&out).contains("PIN correct"), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("PIN: 3 tries left"),
        "{}",
        stderr(&out)
    );

    let out = verify_pin("9999", &[]);
    assert_code(&out, 12, "first wrong PIN");
    assert!(
        stderr(&out).contains("wrong PIN: 2 tries left"),
        "{}",
        stderr(&out)
    );
    let out = verify_pin("9999", &[]);
    assert_code(&out, 12, "second wrong PIN");
    assert!(
        stderr(&out).contains("wrong PIN: 1 try left"),
        "{}",
        stderr(&out)
    );

    // The last try is not spent without --force, even with the right PIN.
    let out = verify_pin("1234", &[]);
    assert_code(&out, 14, "last try without --force");
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    // ... and nothing was spent: still one try.
    let out = verify_pin("9999", &[]);
    assert_code(&out, 14, "still the last try");
    assert!(stderr(&out).contains("PIN: 1 try left"), "{}", stderr(&out));

    // With --force the right PIN passes and the counter is back to 3.
    let out = verify_pin("1234", &["--force"]);
    assert_code(&out, 0, "right PIN with --force");
    let out = verify_pin("1234", &[]);
    assert_code(&out, 0, "right PIN again");
    assert!(
        stderr(&out).contains("PIN: 3 tries left"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn blocked_pin_stays_blocked_even_with_force_and_the_puk_unblocks_it() {
    if !enabled() {
        return;
    }
    let _sim = Sim::start(&[]);
    assert_code(&verify_pin("0000", &[]), 12, "wrong 1");
    assert_code(&verify_pin("0000", &[]), 12, "wrong 2");
    let out = verify_pin("0000", &["--force"]);
    assert_code(&out, 13, "wrong 3 blocks");
    assert!(stderr(&out).contains("blocked"), "{}", stderr(&out));

    // Blocked: even --force with the right PIN sends no PIN.
    let out = verify_pin("1234", &["--force", "--trace"]);
    assert_code(&out, 13, "blocked with --force");
    let trace = stderr(&out);
    assert!(
        !trace.contains("> 00 20 00 81 | 08"),
        "a PIN was sent to a blocked card: {trace}"
    );

    // A malformed PUK is refused before the card sees it.
    let out = pin_command("unblock-pin", &[], "12\n4321\n");
    assert_code(&out, 3, "short PUK");

    let out = pin_command("unblock-pin", &[], "12345678\n4321\n");
    assert_code(&out, 0, "unblock with the PUK and a new PIN");
    let out = verify_pin("1234", &[]);
    assert_code(&out, 12, "the old PIN is gone");
    let out = verify_pin("4321", &[]);
    assert_code(&out, 0, "the new PIN works");

    // change-pin: old, then new (stdin gives the new PIN once).
    let out = pin_command("change-pin", &[], "4321\n5678\n");
    assert_code(&out, 0, "change PIN");
    assert_code(&verify_pin("5678", &[]), 0, "the changed PIN works");
}

#[test]
fn sign_and_authenticate_verify_with_openssl() {
    if !enabled() {
        return;
    }
    let _sim = Sim::start(&[]);
    let dir = temp_dir("sign");
    let input = dir.join("contract.txt");
    std::fs::write(&input, b"I agree to the terms, 2026-11-23.\n").expect("write input");
    let sig = dir.join("contract.sig");
    let cert = dir.join("signature.pem");
    let out = pin_command(
        "sign",
        &[
            "--in",
            input.to_str().expect("utf-8"),
            "--out",
            sig.to_str().expect("utf-8"),
            "--cert-out",
            cert.to_str().expect("utf-8"),
        ],
        "1234\n",
    );
    assert_code(&out, 0, "sign");
    assert!(
        openssl_verifies(&cert, &sig, &input),
        "openssl does not verify the signature"
    );
    // A changed document does not verify: the check above can fail.
    let other = dir.join("other.txt");
    std::fs::write(&other, b"I agree to nothing.\n").expect("write");
    assert!(!openssl_verifies(&cert, &sig, &other));

    // Raw r||s: 64 bytes.
    let raw = dir.join("contract.raw");
    let out = pin_command(
        "sign",
        &[
            "--in",
            input.to_str().expect("utf-8"),
            "--out",
            raw.to_str().expect("utf-8"),
            "--format",
            "raw",
        ],
        "1234\n",
    );
    assert_code(&out, 0, "sign raw");
    assert_eq!(std::fs::metadata(&raw).expect("raw signature").len(), 64);

    // Challenge-response login: the signature is over SHA-256(challenge).
    let challenge = "00112233445566778899AABBCCDDEEFF";
    let out = pin_command(
        "authenticate",
        &["--challenge", challenge, "--json"],
        "1234\n",
    );
    assert_code(&out, 0, "authenticate");
    let v = json(&out);
    assert_eq!(v["verified"], true);
    let auth_cert = dir.join("authentication.pem");
    std::fs::write(&auth_cert, v["certificate"].as_str().expect("PEM")).expect("write");
    let auth_sig = dir.join("challenge.sig");
    std::fs::write(
        &auth_sig,
        hex::decode(v["signature"].as_str().expect("hex")).expect("hex"),
    )
    .expect("write");
    let challenge_file = dir.join("challenge.bin");
    std::fs::write(&challenge_file, hex::decode(challenge).expect("hex")).expect("write");
    assert!(openssl_verifies(&auth_cert, &auth_sig, &challenge_file));
    // The authentication key is not the signature key.
    assert!(!openssl_verifies(&cert, &auth_sig, &challenge_file));

    // A missing input costs no PIN try and touches no card.
    let out = pin_command(
        "sign",
        &["--in", "/nonexistent/file", "--out", "/dev/null"],
        "1234\n",
    );
    assert_code(&out, 11, "missing input");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn certs_are_listed_and_exported() {
    if !enabled() {
        return;
    }
    let _sim = Sim::start(&[]);
    let dir = temp_dir("certs");
    let out = cnie(&[
        "certs",
        "--reader",
        READER,
        "--wait",
        "5",
        "--can",
        CAN,
        "--json",
        "--out",
        dir.to_str().expect("utf-8"),
    ]);
    assert_code(&out, 0, "certs");
    let v = json(&out);
    let certs = v["certificates"].as_array().expect("certificates");
    assert_eq!(certs.len(), 2);
    assert_eq!(certs[0]["role"], "authentication");
    assert_eq!(certs[1]["role"], "signature");
    assert_ne!(certs[0]["sha256"], certs[1]["sha256"]);
    for role in ["authentication", "signature"] {
        let pem = std::fs::read_to_string(dir.join(format!("{role}.pem"))).expect("PEM");
        assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"), "{pem}");
        // openssl reads what was exported.
        let check = Command::new("openssl")
            .args(["x509", "-noout", "-subject", "-in"])
            .arg(dir.join(format!("{role}.pem")))
            .output()
            .expect("run openssl");
        assert!(check.status.success(), "{}", stderr(&check));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn trace_shows_apdus_but_never_pin_puk_or_can() {
    if !enabled() {
        return;
    }
    let _sim = Sim::start(&[]);
    let out = verify_pin("1234", &["--trace"]);
    assert_code(&out, 0, "verify with trace");
    let trace = stderr(&out);
    assert!(
        trace.contains("> 00 A4 04 0C"),
        "no SELECT in the trace: {trace}"
    );
    assert!(
        trace.contains("  >> 0C"),
        "no protected APDU in the trace: {trace}"
    );
    assert!(
        trace.contains("> 00 20 00 81 | 08 <8 bytes redacted>"),
        "{trace}"
    );
    let out = pin_command("unblock-pin", &["--trace"], "12345678\n1234\n");
    assert_code(&out, 0, "unblock with trace");
    let both = format!("{trace}{}", stderr(&out));
    for secret in [PIN_HEX, PUK_HEX, "12345678", "323436383130", CAN] {
        assert!(
            !both.to_uppercase().contains(secret),
            "{secret} appears in the trace"
        );
    }
}

#[test]
fn eid_needs_a_key_and_the_right_can() {
    if !enabled() {
        return;
    }
    let _sim = Sim::start(&[]);
    let out = cnie_in(
        &[
            "verify-pin",
            "--reader",
            READER,
            "--wait",
            "5",
            "--pin-stdin",
        ],
        "1234\n",
    );
    assert_code(&out, 3, "no access key");
    assert!(stderr(&out).contains("--can"), "{}", stderr(&out));
    let out = cnie_in(
        &[
            "verify-pin",
            "--reader",
            READER,
            "--wait",
            "5",
            "--can",
            "123456",
            "--pin-stdin",
        ],
        "1234\n",
    );
    assert_code(&out, 6, "wrong CAN");
    // A PIN with a letter is refused before it is sent: no try spent.
    let out = verify_pin("12a4", &[]);
    assert_code(&out, 3, "malformed PIN");
    let out = verify_pin("1234", &[]);
    assert_code(&out, 0, "right PIN");
    assert!(
        stderr(&out).contains("PIN: 3 tries left"),
        "{}",
        stderr(&out)
    );
}

/// On a terminal the PINs are asked without echo (nothing typed shows in the
/// terminal's output) and a new PIN is asked twice.
#[test]
fn pins_typed_on_a_terminal_are_not_echoed() {
    if !enabled() {
        return;
    }
    let _sim = Sim::start(&[]);
    let mut command = Command::new(env!("CARGO_BIN_EXE_cnie"));
    command.args([
        "change-pin",
        "--reader",
        READER,
        "--wait",
        "5",
        "--can",
        CAN,
    ]);
    let mut tty = rexpect::session::spawn_command(command, Some(20_000)).expect("spawn on a pty");
    let mut seen = String::new();
    for (prompt, typed) in [
        ("current PIN:", "1234"),
        ("new PIN:", "2468"),
        ("new PIN again:", "2468"),
    ] {
        seen.push_str(&tty.exp_string(prompt).expect(prompt));
        tty.send_line(typed).expect("type");
    }
    seen.push_str(&tty.exp_eof().expect("cnie ends"));
    assert!(seen.contains("PIN changed."), "{seen}");
    assert!(
        !seen.contains("1234") && !seen.contains("2468"),
        "a PIN was echoed: {seen}"
    );
    assert_code(&verify_pin("2468", &[]), 0, "the new PIN works");
}

#[test]
fn outputs_are_private_and_an_existing_one_costs_no_pin_try() {
    if !enabled() {
        return;
    }
    let _sim = Sim::start(&[]);
    let dir = temp_dir("private");
    let input = dir.join("contract.txt");
    std::fs::write(&input, b"I agree.\n").expect("write input");
    let sig = dir.join("contract.sig");
    let cert = dir.join("signer.pem");
    let sign = |extra: &[&str], pin: &str| {
        let mut args = vec![
            "--in",
            input.to_str().expect("utf-8"),
            "--out",
            sig.to_str().expect("utf-8"),
            "--cert-out",
            cert.to_str().expect("utf-8"),
        ];
        args.extend_from_slice(extra);
        pin_command("sign", &args, pin)
    };
    let out = sign(&[], "1234\n");
    assert_code(&out, 0, "first signature");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for path in [&sig, &cert] {
            let mode = std::fs::metadata(path)
                .expect("written")
                .permissions()
                .mode()
                & 0o777;
            assert_eq!(mode, 0o600, "{}", path.display());
        }
    }
    let before = std::fs::read(&sig).expect("signature");
    // Existing outputs: refused before the card is opened, with a wrong PIN on stdin
    // that would otherwise cost a try.
    let out = sign(&[], "9999\n");
    assert_code(&out, 11, "existing outputs");
    assert!(
        stderr(&out).contains("--force-overwrite"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&sig).expect("signature"), before);
    let out = verify_pin("1234", &[]);
    assert_code(&out, 0, "the PIN counter is untouched");
    assert!(
        stderr(&out).contains("PIN: 3 tries left"),
        "{}",
        stderr(&out)
    );
    // With the flag: replaced, still 0600. (The software card's ECDSA is deterministic,
    // RFC 6979: stale bytes are planted first so that the replacement shows.)
    assert!(!before.is_empty());
    std::fs::write(&sig, b"stale").expect("plant stale bytes");
    let out = sign(&["--force-overwrite"], "1234\n");
    assert_code(&out, 0, "signature with --force-overwrite");
    assert_ne!(std::fs::read(&sig).expect("signature"), b"stale");
    assert!(openssl_verifies(&cert, &sig, &input));

    // certs --out: a folder of 0700, files of 0600, refused a second time.
    let certs_dir = dir.join("certs");
    let certs = |extra: &[&str]| {
        let mut args = vec![
            "certs",
            "--reader",
            READER,
            "--wait",
            "5",
            "--can",
            CAN,
            "--out",
            certs_dir.to_str().expect("utf-8"),
        ];
        args.extend_from_slice(extra);
        cnie(&args)
    };
    assert_code(&certs(&[]), 0, "certs");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).expect("exists").permissions().mode() & 0o777;
        assert_eq!(mode(&certs_dir), 0o700);
        for name in [
            "authentication.pem",
            "authentication.der",
            "signature.pem",
            "signature.der",
        ] {
            assert_eq!(mode(&certs_dir.join(name)), 0o600, "{name}");
        }
    }
    let out = certs(&[]);
    assert_code(&out, 11, "certs again");
    assert!(
        stderr(&out).contains("--force-overwrite"),
        "{}",
        stderr(&out)
    );
    assert_code(&certs(&["--force-overwrite"]), 0, "certs with the flag");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The PIN commands and `sign` under `--json`: one object on stdout for success and
/// for failure, with `tries_left` on PIN failures.
#[test]
fn pin_commands_and_sign_speak_json() {
    if !enabled() {
        return;
    }
    let _sim = Sim::start(&[]);
    let out = verify_pin("1234", &["--json"]);
    assert_code(&out, 0, "right PIN");
    let v = json(&out);
    assert_eq!(v["command"], "verify-pin");
    assert_eq!(v["result"], "verified");

    let out = verify_pin("9999", &["--json"]);
    assert_code(&out, 12, "wrong PIN");
    let v = json(&out);
    assert_eq!(v["error"]["code"], 12, "{v}");
    assert_eq!(v["error"]["kind"], "wrong_pin", "{v}");
    assert_eq!(v["error"]["tries_left"], 2, "{v}");
    let out = verify_pin("9999", &["--json"]);
    assert_eq!(json(&out)["error"]["tries_left"], 1);
    // The last try: refused, one try left, nothing spent.
    let out = verify_pin("1234", &["--json"]);
    assert_code(&out, 14, "last try");
    let v = json(&out);
    assert_eq!(v["error"]["kind"], "last_try", "{v}");
    assert_eq!(v["error"]["tries_left"], 1, "{v}");
    let out = verify_pin("1234", &["--json", "--force"]);
    assert_code(&out, 0, "right PIN with --force");

    let dir = temp_dir("sign-json");
    let input = dir.join("contract.txt");
    std::fs::write(&input, b"I agree.\n").expect("write input");
    let sig = dir.join("contract.sig");
    let out = pin_command(
        "sign",
        &[
            "--json",
            "--in",
            input.to_str().expect("utf-8"),
            "--out",
            sig.to_str().expect("utf-8"),
        ],
        "1234\n",
    );
    assert_code(&out, 0, "sign");
    let v = json(&out);
    assert_eq!(v["verified"], true);
    assert_eq!(v["format"], "der");
    assert_eq!(
        v["signature_bytes"],
        std::fs::metadata(&sig).expect("signature").len()
    );
    let cert = dir.join("signature.pem");
    std::fs::write(&cert, v["certificate"].as_str().expect("PEM")).expect("write");
    assert!(openssl_verifies(&cert, &sig, &input));
    let _ = std::fs::remove_dir_all(&dir);
}
