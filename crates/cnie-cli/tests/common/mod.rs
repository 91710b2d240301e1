//! The end-to-end harness shared by the test binaries: the `cnie` binary
//! talks to the software card (`cnie-sim serve --vpcd`) through the real
//! pcscd and the vpcd virtual reader. Only one card is in the reader at a
//! time (one lock per test binary; cargo runs test binaries one after another).
#![allow(dead_code)]

pub mod chromium;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

pub const READER: &str = "Virtual PCD 00 00";
pub const MRZ: &str =
    "IDMARAB01234568X123456<<<<<<<< 9001158F3101159MAR<<<<<<<<<<<6 EL<AMRANI<<FATIMA<ZAHRA<<<<<<<";

/// The nine standard curves, as `cnie-sim serve --curve` names them.
pub const CURVES: [&str; 9] = [
    "p224",
    "p256",
    "p384",
    "p521",
    "brainpoolP224r1",
    "brainpoolP256r1",
    "brainpoolP320r1",
    "brainpoolP384r1",
    "brainpoolP512r1",
];

pub static ONE_CARD_AT_A_TIME: Mutex<()> = Mutex::new(());

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The repository's `test-vectors/` folder, found through `CARGO_MANIFEST_DIR`: the one
/// place the tests of this crate spell it.
pub fn vectors_dir() -> PathBuf {
    repo().join("test-vectors")
}

/// `test-vectors/<rel>` as a command-line argument.
pub fn vector_arg(rel: &str) -> String {
    vectors_dir().join(rel).display().to_string()
}

/// A fresh, empty folder `cnie-<suite>-<pid>-<name>` under the system's temporary folder.
pub fn fresh_dir(suite: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cnie-{suite}-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

pub fn enabled() -> bool {
    if std::env::var_os("CNIE_E2E").is_some() {
        return true;
    }
    eprintln!("end-to-end test not run: start pcscd and set CNIE_E2E=1 (scripts/test.sh does)");
    false
}

/// `cnie` with no user trust store (whatever the machine's user imported).
pub fn cnie(args: &[&str]) -> Output {
    cnie_with_trust_dir(Path::new("/nonexistent/cnie-test-trust"), args)
}

/// `cnie` with `CNIE_TRUST_DIR` set to `dir` (the user's trust store).
pub fn cnie_with_trust_dir(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cnie"))
        .args(args)
        .env("CNIE_TRUST_DIR", dir)
        .output()
        .expect("run cnie")
}

/// An ICAO PKD style LDIF file: one entry a `(dn, attribute, DER)`, the base64 value
/// folded at 76 columns.
pub fn ldif(entries: &[(&str, &str, &[u8])]) -> String {
    use base64ct::{Base64, Encoding};
    let mut out = String::from("version: 1\n\n");
    for (dn, attribute, der) in entries {
        out += &format!("dn: {dn}\n");
        let line = format!("{attribute}:: {}", Base64::encode_string(der));
        let (first, mut rest) = line.split_at(line.len().min(76));
        out += first;
        while !rest.is_empty() {
            let (chunk, tail) = rest.split_at(rest.len().min(75));
            out += "\n ";
            out += chunk;
            rest = tail;
        }
        out += "\nobjectClass: pkdDownload\n\n";
    }
    out
}

/// The DER of the first certificate of a PEM file of `test-vectors/`.
pub fn pem_der(rel: &str) -> Vec<u8> {
    let text = std::fs::read_to_string(vectors_dir().join(rel)).expect("PEM vector");
    let start = text.find("-----BEGIN").expect("a PEM block");
    let end = text[start..].find("-----END").expect("PEM end") + start;
    let end = text[end..].find('\n').map_or(text.len(), |n| n + end);
    pem_rfc7468::decode_vec(&text.as_bytes()[start..end])
        .expect("PEM")
        .1
}

/// Starts `cnie` with `args` and writes `stdin` to its standard input (a closed pipe is
/// fine: cnie may exit before it reads, e.g. on a refused command).
pub fn spawn_with_stdin(args: &[&str], stdin: &str) -> Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cnie"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run cnie");
    if let Some(mut input) = child.stdin.take() {
        let _ = std::io::Write::write_all(&mut input, stdin.as_bytes());
    }
    child
}

/// Runs `cnie` with `stdin` on its standard input.
pub fn cnie_in(args: &[&str], stdin: &str) -> Output {
    spawn_with_stdin(args, stdin)
        .wait_with_output()
        .expect("wait for cnie")
}

pub fn card_present() -> bool {
    let out = cnie(&["readers", "--json"]);
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(&out.stdout) else {
        return false;
    };
    v["readers"].as_array().is_some_and(|rs| {
        rs.iter()
            .any(|r| r["name"] == READER && r["card_present"] == true)
    })
}

/// Waits until the virtual reader does (or does not) hold a card; false after 3 s.
pub fn reach(present: bool) -> bool {
    let start = Instant::now();
    while card_present() != present {
        if start.elapsed() > Duration::from_secs(3) {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    true
}

pub fn wait_for(present: bool) {
    assert!(
        reach(present),
        "the virtual card never became present={present}"
    );
}

/// A running software card; stopped and taken out of the reader on drop.
pub struct Sim {
    child: Child,
    _lock: MutexGuard<'static, ()>,
}

impl Sim {
    /// Starts the specimen card with `cnie-sim serve` options.
    pub fn start(extra: &[&str]) -> Sim {
        Sim::start_card(&vectors_dir().join("cards/specimen"), extra)
    }

    /// Starts the card folder `card` with `cnie-sim serve` options.
    pub fn start_card(card: &Path, extra: &[&str]) -> Sim {
        let lock = ONE_CARD_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
        wait_for(false);
        let bin = Path::new(env!("CARGO_BIN_EXE_cnie")).with_file_name("cnie-sim");
        assert!(
            bin.exists(),
            "build cnie-sim first (cargo build --workspace --bins)"
        );
        let spawn = || {
            Command::new(&bin)
                .arg("serve")
                .arg("--card")
                .arg(card)
                .args(extra)
                .stdout(Stdio::null())
                .spawn()
                .expect("start cnie-sim")
        };
        let mut sim = Sim {
            child: spawn(),
            _lock: lock,
        };
        // Debian's vpcd driver ignores the first card that connects right after a
        // card vanished mid-exchange (it only powers it off); a second
        // insertion is seen, as with a real card put back on a reader.
        for _ in 0..3 {
            if reach(true) {
                return sim;
            }
            let _ = sim.child.kill();
            let _ = sim.child.wait();
            sim.child = spawn();
        }
        wait_for(true);
        sim
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // No assertion here: a panic while unwinding would abort the test binary.
        reach(false);
    }
}

pub fn csca() -> String {
    vector_arg("pki/csca.pem")
}

pub fn read(extra: &[&str]) -> Output {
    let trust = csca();
    let mut args = vec![
        "read", "--reader", READER, "--wait", "5", "--json", "--trust", &trust,
    ];
    args.extend_from_slice(extra);
    cnie(&args)
}

/// Asserts the exit code, showing stderr (and `context`) when it differs.
pub fn assert_code(out: &Output, code: i32, context: impl std::fmt::Display) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "{context}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

pub fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON object ({e}); stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

pub fn stderr_line(out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    let lines: Vec<&str> = err.lines().filter(|l| !l.starts_with("waiting")).collect();
    assert_eq!(lines.len(), 1, "one line on stderr expected, got: {err}");
    lines[0].to_string()
}

pub fn assert_specimen(v: &serde_json::Value) {
    assert_eq!(v["mrz"]["document_number"], "AB0123456");
    assert_eq!(v["mrz"]["surname"], "EL AMRANI");
    assert_eq!(v["mrz"]["given_names"], "FATIMA ZAHRA");
    assert_eq!(v["mrz"]["optional_data_1"], "X123456");
    let pa = &v["passive_authentication"];
    assert_eq!(pa["status"], "valid", "{pa}");
    assert_eq!(pa["sod_signature"], "valid");
    assert_eq!(pa["certificate_chain"], "valid");
    for dg in ["DG1", "DG2", "DG11"] {
        assert_eq!(pa["data_group_hashes"][dg], "match", "{dg}: {pa}");
    }
    assert!(
        v["face"]["size"].as_u64().unwrap_or(0) > 1000,
        "face image: {}",
        v["face"]
    );
}

pub fn assert_access(v: &serde_json::Value, protocol: &str, password: &str) {
    assert_eq!(v["access"]["protocol"], protocol, "{}", v["access"]);
    assert_eq!(v["access"]["password"], password, "{}", v["access"]);
}

/// The specimen personalised into `dir` with `cnie-sim personalize` options (no eID
/// application): cards with Active or Chip Authentication, clones, other signers.
pub fn personalize_into(dir: &Path, options: &[&str]) {
    let cards = repo().join("test-vectors/cards");
    let bin = Path::new(env!("CARGO_BIN_EXE_cnie")).with_file_name("cnie-sim");
    let out = Command::new(bin)
        .arg("personalize")
        .arg("--identity")
        .arg(cards.join("specimen.toml"))
        .arg("--image")
        .arg(cards.join("specimen-face.jpg"))
        .arg("--pki")
        .arg(repo().join("test-vectors/pki"))
        .arg("--no-eid")
        .args(options)
        .arg("--out")
        .arg(dir)
        .output()
        .expect("run cnie-sim personalize (cargo build --workspace --bins first)");
    assert!(
        out.status.success(),
        "personalize {options:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The `code`s of a list of verdict reasons or warnings.
pub fn codes(list: &serde_json::Value) -> Vec<String> {
    list.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|r| r["code"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// A failure under `--json`: stdout is exactly one `{"error": {...}}` object naming the
/// exit code, and nothing else (no document data) was reported.
pub fn assert_only_error(out: &Output) {
    let value = json(out);
    let object = value.as_object().expect("a JSON object");
    assert_eq!(object.len(), 1, "only the error may be reported: {value}");
    assert_eq!(
        value["error"]["code"].as_i64(),
        out.status.code().map(i64::from),
        "{value}"
    );
}
