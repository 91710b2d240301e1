//! Files that hold personal data, as a user meets them without a card: an existing
//! output is refused before the card is touched (exit 11, one line naming the file and
//! `--force-overwrite`), nothing is written; with the flag the command goes on (and
//! stops at the missing PC/SC service: these tests never reach a reader); a symbolic
//! link is refused even with the flag.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `cnie` with no PC/SC service reachable (pcsc-lite looks for its socket here).
fn cnie(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cnie"))
        .args(args)
        .env("PCSCLITE_CSOCK_NAME", "/nonexistent/pcscd.comm")
        .output()
        .expect("run cnie")
}

fn one_line(out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(err.lines().count(), 1, "{err}");
    err
}

/// A fresh private folder, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("cnie-files-cli-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir(&dir).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
        }
        Scratch(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// Exit 11 and one line naming `file` and the flag.
fn assert_refused(out: &Output, file: &str) {
    assert_eq!(
        out.status.code(),
        Some(11),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = one_line(out);
    assert!(line.contains(file), "{line}");
    assert!(line.contains("--force-overwrite"), "{line}");
    assert!(out.stdout.is_empty());
}

/// Past the file checks: the command went on to the (absent) PC/SC service.
fn assert_went_on(out: &Output) {
    assert_eq!(
        out.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

const KEY: [&str; 6] = ["--doc", "AB0123456", "--dob", "900115", "--doe", "310115"];

#[test]
fn read_refuses_a_folder_that_holds_a_dump_before_the_card() {
    let scratch = Scratch::new("read");
    let dump = scratch.path("dump");
    std::fs::create_dir(&dump).unwrap();
    std::fs::write(dump.join("document.json"), b"{\"old\": true}").unwrap();
    let mut args = vec!["read", "--out", arg(&dump)];
    args.extend(KEY);
    let out = cnie(&args);
    assert_refused(&out, "document.json");
    assert_eq!(
        std::fs::read(dump.join("document.json")).unwrap(),
        b"{\"old\": true}"
    );
    assert_eq!(std::fs::read_dir(&dump).unwrap().count(), 1);
    args.push("--force-overwrite");
    assert_went_on(&cnie(&args));
}

#[test]
fn read_refuses_an_existing_evidence_file_before_the_card() {
    let scratch = Scratch::new("evidence");
    let bundle = scratch.path("read.cnie.json");
    std::fs::write(&bundle, b"old bundle").unwrap();
    let mut args = vec!["read", "--evidence", arg(&bundle)];
    args.extend(KEY);
    assert_refused(&cnie(&args), "read.cnie.json");
    assert_eq!(std::fs::read(&bundle).unwrap(), b"old bundle");
    args.push("--force-overwrite");
    assert_went_on(&cnie(&args));
    // A folder that does not exist: refused before the card too.
    let missing = scratch.path("no/such/folder/read.cnie.json");
    let mut args = vec!["read", "--evidence", arg(&missing)];
    args.extend(KEY);
    let out = cnie(&args);
    assert_eq!(out.status.code(), Some(11));
    assert!(one_line(&out).contains("no such folder"));
}

#[test]
#[cfg(unix)]
fn a_symbolic_link_is_refused_even_with_the_flag() {
    let scratch = Scratch::new("links");
    let real = scratch.path("real");
    std::fs::create_dir(&real).unwrap();
    let link = scratch.path("link");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let mut args = vec!["read", "--out", arg(&link), "--force-overwrite"];
    args.extend(KEY);
    let out = cnie(&args);
    assert_eq!(out.status.code(), Some(11));
    assert!(one_line(&out).contains("symbolic link"));

    let input = scratch.path("contract.txt");
    std::fs::write(&input, b"I agree.\n").unwrap();
    let victim = scratch.path("victim");
    std::fs::write(&victim, b"keep").unwrap();
    let sig = scratch.path("contract.sig");
    std::os::unix::fs::symlink(&victim, &sig).unwrap();
    let out = cnie(&[
        "sign",
        "--can",
        "123456",
        "--in",
        arg(&input),
        "--out",
        arg(&sig),
        "--force-overwrite",
    ]);
    assert_eq!(out.status.code(), Some(11));
    let line = one_line(&out);
    assert!(line.contains("contract.sig"), "{line}");
    assert!(line.contains("not a regular file"), "{line}");
    assert_eq!(std::fs::read(&victim).unwrap(), b"keep");
    // A device is no regular file either.
    let out = cnie(&["probe", "--out", "/dev/null", "--force-overwrite"]);
    assert_eq!(out.status.code(), Some(11));
}

#[test]
fn sign_and_authenticate_refuse_an_existing_output_before_the_pin() {
    let scratch = Scratch::new("sign");
    let input = scratch.path("contract.txt");
    std::fs::write(&input, b"I agree.\n").unwrap();
    let sig = scratch.path("contract.sig");
    std::fs::write(&sig, b"old signature").unwrap();
    let cert = scratch.path("signer.pem");
    let sign = |extra: &[&str]| {
        let mut args = vec![
            "sign",
            "--can",
            "123456",
            "--pin-stdin",
            "--in",
            arg(&input),
            "--out",
            arg(&sig),
            "--cert-out",
            arg(&cert),
        ];
        args.extend_from_slice(extra);
        cnie(&args)
    };
    assert_refused(&sign(&[]), "contract.sig");
    assert_eq!(std::fs::read(&sig).unwrap(), b"old signature");
    assert!(!cert.exists());
    assert_went_on(&sign(&["--force-overwrite"]));

    // The same path for the signature and the certificate: a usage error.
    let out = cnie(&[
        "sign",
        "--can",
        "123456",
        "--in",
        arg(&input),
        "--out",
        arg(&cert),
        "--cert-out",
        arg(&cert),
    ]);
    assert_eq!(out.status.code(), Some(2));
    one_line(&out);

    let out = cnie(&[
        "authenticate",
        "--can",
        "123456",
        "--challenge",
        "0011",
        "--cert-out",
        arg(&sig),
    ]);
    assert_refused(&out, "contract.sig");
}

#[test]
fn certs_and_probe_refuse_existing_outputs_before_the_card() {
    let scratch = Scratch::new("certs");
    let dir = scratch.path("certs");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("signature.der"), b"old").unwrap();
    let out = cnie(&["certs", "--can", "123456", "--out", arg(&dir)]);
    assert_refused(&out, "signature.der");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    assert_went_on(&cnie(&[
        "certs",
        "--can",
        "123456",
        "--out",
        arg(&dir),
        "--force-overwrite",
    ]));

    let report = scratch.path("probe.json");
    std::fs::write(&report, b"{}").unwrap();
    assert_refused(&cnie(&["probe", "--out", arg(&report)]), "probe.json");
    assert_went_on(&cnie(&[
        "probe",
        "--out",
        arg(&report),
        "--force-overwrite",
    ]));
    assert_eq!(std::fs::read(&report).unwrap(), b"{}");
}

#[test]
fn commands_that_write_no_file_do_not_take_the_flag() {
    let out = cnie(&["verify-pin", "--force-overwrite"]);
    assert_eq!(out.status.code(), Some(2));
    let out = cnie(&["mrz", "--force-overwrite", "x"]);
    assert_eq!(out.status.code(), Some(2));
}
