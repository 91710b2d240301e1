//! End-to-end tests of `libcnie_pkcs11.so` with real clients (OpenSC's
//! `pkcs11-tool`, OpenSSL, GnuTLS's `p11tool`) against the software card through
//! pcscd and the vpcd reader. Gated by `CNIE_E2E=1`; the reader is shared: run
//! them under `flock /tmp/cnie-vpcd.lock`. The specimen's PIN is 1234 (3 tries),
//! its CAN 246810; the card keeps its counters while it runs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

const READER: &str = "Virtual PCD 00 00";
const CAN: &str = "246810";

static ONE_CARD_AT_A_TIME: Mutex<()> = Mutex::new(());

fn enabled() -> bool {
    if std::env::var_os("CNIE_E2E").is_some() {
        return true;
    }
    eprintln!("end-to-end test not run: start pcscd and set CNIE_E2E=1");
    false
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The target folder holding this test binary (`…/debug/deps/e2e-…`): `…/debug`.
fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    exe.parent()
        .and_then(Path::parent)
        .expect("target/<profile>")
        .to_path_buf()
}

/// A binary or library of the workspace, built with cargo if it is missing.
fn artifact(file: &str, package: &str, kind: &str) -> PathBuf {
    let dir = profile_dir();
    for candidate in [dir.join(file), dir.join("deps").join(file)] {
        if candidate.exists() {
            return candidate;
        }
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut build = Command::new(cargo);
    build.args(["build", "-p", package, kind]);
    if dir.file_name().is_some_and(|n| n == "release") {
        build.arg("--release");
    }
    let status = build.status().expect("run cargo build");
    assert!(status.success(), "cargo build -p {package} failed");
    dir.join(file)
}

/// The module under test. Cargo builds the cdylib with the library the test links.
fn module() -> PathBuf {
    artifact("libcnie_pkcs11.so", "cnie-pkcs11", "--lib")
}

fn card_present() -> bool {
    cnie::pcsc::list_readers()
        .map(|rs| rs.iter().any(|r| r.name == READER && r.card_present))
        .unwrap_or(false)
}

fn reach(present: bool) -> bool {
    let start = Instant::now();
    while card_present() != present {
        if start.elapsed() > Duration::from_secs(3) {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    true
}

/// The software card on the vpcd reader; stopped on drop.
struct Sim {
    child: Child,
    _lock: MutexGuard<'static, ()>,
}

impl Sim {
    fn start(extra: &[&str]) -> Sim {
        let lock = ONE_CARD_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
        assert!(reach(false), "a card is already in {READER}");
        let bin = artifact("cnie-sim", "cnie-sim", "--bins");
        let spawn = || {
            Command::new(&bin)
                .arg("serve")
                .arg("--card")
                .arg(repo().join("test-vectors/cards/specimen"))
                .args(extra)
                .stdout(Stdio::null())
                .spawn()
                .expect("start cnie-sim")
        };
        let mut sim = Sim {
            child: spawn(),
            _lock: lock,
        };
        // As in crates/cnie-cli/tests/common: vpcd may ignore the first insertion.
        for _ in 0..3 {
            if reach(true) {
                return sim;
            }
            let _ = sim.child.kill();
            let _ = sim.child.wait();
            sim.child = spawn();
        }
        assert!(reach(true), "the software card never appeared");
        sim
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        reach(false);
    }
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cnie-e2e-p11-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `pkcs11-tool --module <module> ARGS` with the CAN in the environment.
fn tool(args: &[&str]) -> Output {
    Command::new("pkcs11-tool")
        .arg("--module")
        .arg(module())
        .args(["--slot-description", READER])
        .args(args)
        .env("CNIE_CAN", CAN)
        .output()
        .expect("run pkcs11-tool (scripts/setup.sh installs opensc)")
}

fn token_flags() -> String {
    let out = tool(&["--list-token-slots"]);
    assert!(out.status.success(), "{}", text(&out));
    text(&out)
        .lines()
        .find(|l| l.contains("token flags"))
        .unwrap_or_default()
        .to_string()
}

fn openssl(args: &[&str]) -> Output {
    Command::new("openssl")
        .args(args)
        .output()
        .expect("run openssl")
}

/// Signs `data` with the key `id` through pkcs11-tool and checks it with openssl
/// against the certificate exported through the module.
fn sign_and_verify(dir: &Path, id: &str, data: &Path) {
    let cert_der = dir.join(format!("cert-{id}.der"));
    let out = tool(&[
        "--read-object",
        "--type",
        "cert",
        "--id",
        id,
        "-o",
        cert_der.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "read cert {id}: {}", text(&out));
    let pubkey = dir.join(format!("pub-{id}.pem"));
    let out = openssl(&[
        "x509",
        "-inform",
        "DER",
        "-in",
        cert_der.to_str().unwrap(),
        "-pubkey",
        "-noout",
        "-out",
        pubkey.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    // The certificate chains to the eID CA.
    let out = openssl(&[
        "verify",
        "-CAfile",
        repo().join("test-vectors/pki/eid-ca.pem").to_str().unwrap(),
        "-purpose",
        "any",
        "-partial_chain",
        &{
            let pem = dir.join(format!("cert-{id}.pem"));
            let o = openssl(&[
                "x509",
                "-inform",
                "DER",
                "-in",
                cert_der.to_str().unwrap(),
                "-out",
                pem.to_str().unwrap(),
            ]);
            assert!(o.status.success(), "{}", text(&o));
            pem.to_str().unwrap().to_string()
        },
    ]);
    assert!(out.status.success(), "certificate {id}: {}", text(&out));

    let signature = dir.join(format!("sig-{id}.der"));
    let out = tool(&[
        "--login",
        "--pin",
        "1234",
        "--sign",
        "--mechanism",
        "ECDSA-SHA256",
        "--id",
        id,
        "--signature-format",
        "openssl",
        "-i",
        data.to_str().unwrap(),
        "-o",
        signature.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "sign with {id}: {}", text(&out));
    let verify = |file: &Path| {
        openssl(&[
            "dgst",
            "-sha256",
            "-verify",
            pubkey.to_str().unwrap(),
            "-signature",
            signature.to_str().unwrap(),
            file.to_str().unwrap(),
        ])
    };
    let out = verify(data);
    assert!(
        out.status.success() && text(&out).contains("Verified OK"),
        "openssl: {}",
        text(&out)
    );
    // Another message does not verify: the check can fail.
    let other = dir.join("other");
    std::fs::write(&other, b"another message").unwrap();
    assert!(!verify(&other).status.success());
}

#[test]
fn pkcs11_tool_lists_signs_and_keeps_the_last_try() {
    if !enabled() {
        return;
    }
    let dir = temp_dir("tool");
    let data = dir.join("data.txt");
    std::fs::write(&data, b"signed through PKCS#11\n").unwrap();
    let _sim = Sim::start(&[]);

    // The slot (one per PC/SC reader), the token and its label from the card.
    let out = tool(&["--list-slots"]);
    assert!(out.status.success(), "{}", text(&out));
    let listing = text(&out);
    assert!(listing.contains(READER), "{listing}");
    assert!(listing.contains("CNIE FATIMA ZAHRA EL AMRANI"), "{listing}");
    assert!(listing.contains("pin min/max        : 4/8"), "{listing}");

    // Public objects without login: two certificates and two public keys; the private
    // keys are private objects, listed only after C_Login.
    let out = tool(&["--list-objects"]);
    assert!(out.status.success(), "{}", text(&out));
    let objects = text(&out);
    assert_eq!(
        objects.matches("Certificate Object").count(),
        2,
        "{objects}"
    );
    assert_eq!(
        objects.matches("Private Key Object; EC").count(),
        0,
        "{objects}"
    );
    let out = tool(&["--login", "--pin", "1234", "--list-objects"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        text(&out).matches("Private Key Object; EC").count(),
        2,
        "{}",
        text(&out)
    );
    assert_eq!(
        objects.matches("Public Key Object; EC").count(),
        2,
        "{objects}"
    );
    assert!(objects.contains("ID:         01") && objects.contains("ID:         02"));
    assert!(
        objects.contains("EC_PARAMS:  06082a8648ce3d030107"),
        "P-256: {objects}"
    );

    let out = tool(&["--list-mechanisms"]);
    let mechanisms = text(&out);
    assert!(mechanisms.contains("ECDSA-SHA256") && mechanisms.contains("ECDSA,"));

    // Signing: both keys, ECDSA-SHA256, checked by openssl.
    sign_and_verify(&dir, "02", &data);
    sign_and_verify(&dir, "01", &data);

    // Raw CKM_ECDSA over a SHA-256 computed here.
    let hash = dir.join("hash.bin");
    let out = openssl(&[
        "dgst",
        "-sha256",
        "-binary",
        "-out",
        hash.to_str().unwrap(),
        data.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let raw_sig = dir.join("raw.der");
    let out = tool(&[
        "--login",
        "--pin",
        "1234",
        "--sign",
        "--mechanism",
        "ECDSA",
        "--id",
        "02",
        "--signature-format",
        "openssl",
        "-i",
        hash.to_str().unwrap(),
        "-o",
        raw_sig.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "CKM_ECDSA: {}", text(&out));
    let out = openssl(&[
        "dgst",
        "-sha256",
        "-verify",
        dir.join("pub-02.pem").to_str().unwrap(),
        "-signature",
        raw_sig.to_str().unwrap(),
        data.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "CKM_ECDSA signature: {}", text(&out));

    // Signing without login is refused.
    let out = tool(&[
        "--sign",
        "--mechanism",
        "ECDSA-SHA256",
        "--id",
        "02",
        "-i",
        data.to_str().unwrap(),
    ]);
    assert!(!out.status.success(), "{}", text(&out));

    // The PIN counter: full, then a wrong PIN is CKR_PIN_INCORRECT and counts.
    assert!(!token_flags().contains("count low"), "{}", token_flags());
    let wrong = || tool(&["--login", "--pin", "9999", "--list-objects"]);
    let out = wrong();
    assert!(text(&out).contains("CKR_PIN_INCORRECT"), "{}", text(&out));
    let flags = token_flags();
    assert!(
        flags.contains("user PIN count low") && !flags.contains("final"),
        "{flags}"
    );
    let out = wrong();
    assert!(text(&out).contains("CKR_PIN_INCORRECT"), "{}", text(&out));
    let flags = token_flags();
    assert!(flags.contains("final user PIN try"), "{flags}");

    // One try left: even the right PIN is refused without being sent (had it been
    // sent, it would have been accepted and the counter reset).
    let out = tool(&["--login", "--pin", "1234", "--list-objects"]);
    assert!(text(&out).contains("CKR_PIN_LOCKED"), "{}", text(&out));
    let flags = token_flags();
    assert!(
        flags.contains("final user PIN try") && !flags.contains("locked"),
        "{flags}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A counter the card does not tell counts as the last try: the PIN is not sent.
#[test]
fn an_unknown_counter_refuses_login() {
    if !enabled() {
        return;
    }
    let _sim = Sim::start(&["--fault", "wrong-counter"]);
    let flags = token_flags();
    assert!(flags.contains("final user PIN try"), "{flags}");
    let out = tool(&["--login", "--pin", "1234", "--list-objects"]);
    assert!(text(&out).contains("CKR_PIN_LOCKED"), "{}", text(&out));
}

/// GnuTLS's p11tool (the p11-kit/GnuTLS stack) sees the token and its certificates.
#[test]
fn p11tool_lists_the_certificates() {
    if !enabled() {
        return;
    }
    if Command::new("p11tool").arg("--version").output().is_err() {
        eprintln!("p11tool not installed (gnutls-bin): skipped");
        return;
    }
    let _sim = Sim::start(&[]);
    let out = Command::new("p11tool")
        .arg("--provider")
        .arg(module())
        .args([
            "--list-all-certs",
            "pkcs11:token=CNIE%20FATIMA%20ZAHRA%20EL%20AMRANI%20%28Sig",
        ])
        .env("CNIE_CAN", CAN)
        .output()
        .expect("run p11tool");
    let listing = text(&out);
    assert!(out.status.success(), "{listing}");
    assert_eq!(
        listing.matches("Type: X.509 Certificate").count(),
        2,
        "{listing}"
    );
}

/// OpenSSL through OpenSC's pkcs11 engine (Debian: libengine-pkcs11-openssl;
/// bookworm has no pkcs11-provider): `openssl cms -sign` with a `pkcs11:` URI, the
/// result verified by `openssl cms -verify` against the eID CA.
#[test]
fn openssl_engine_signs_cms_with_a_pkcs11_uri() {
    if !enabled() {
        return;
    }
    let engine = Path::new("/usr/lib/x86_64-linux-gnu/engines-3/pkcs11.so");
    if !engine.exists() {
        eprintln!("OpenSSL pkcs11 engine not installed (libengine-pkcs11-openssl): skipped");
        return;
    }
    let dir = temp_dir("openssl");
    let conf = dir.join("openssl.cnf");
    std::fs::write(
        &conf,
        format!(
            "openssl_conf = openssl_init\n[openssl_init]\nengines = engine_section\n[engine_section]\npkcs11 = pkcs11_section\n[pkcs11_section]\nengine_id = pkcs11\nMODULE_PATH = {}\ninit = 0\n",
            module().display()
        ),
    )
    .unwrap();
    let data = dir.join("data.txt");
    std::fs::write(&data, b"signed by openssl through the module\n").unwrap();
    let _sim = Sim::start(&[]);
    let cert_der = dir.join("cert.der");
    let out = tool(&[
        "--read-object",
        "--type",
        "cert",
        "--id",
        "02",
        "-o",
        cert_der.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let cert = dir.join("cert.pem");
    let out = openssl(&[
        "x509",
        "-inform",
        "DER",
        "-in",
        cert_der.to_str().unwrap(),
        "-out",
        cert.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let p7s = dir.join("data.p7s");
    let out = Command::new("openssl")
        .args([
            "cms", "-sign", "-binary", "-engine", "pkcs11", "-keyform", "engine", "-inkey",
        ])
        .arg("pkcs11:id=%02;type=private;pin-value=1234")
        .arg("-signer")
        .arg(&cert)
        .arg("-in")
        .arg(&data)
        .args(["-outform", "DER", "-md", "sha256", "-out"])
        .arg(&p7s)
        .env("OPENSSL_CONF", &conf)
        .env("CNIE_CAN", CAN)
        .output()
        .expect("run openssl");
    assert!(out.status.success(), "openssl cms -sign: {}", text(&out));
    let verify = |content: &Path| {
        Command::new("openssl")
            .args(["cms", "-verify", "-binary", "-inform", "DER", "-in"])
            .arg(&p7s)
            .arg("-content")
            .arg(content)
            .arg("-CAfile")
            .arg(repo().join("test-vectors/pki/eid-ca.pem"))
            .args(["-purpose", "any", "-out", "/dev/null"])
            .output()
            .expect("run openssl")
    };
    let out = verify(&data);
    assert!(out.status.success(), "openssl cms -verify: {}", text(&out));
    let other = dir.join("other.txt");
    std::fs::write(&other, b"signed by openssl through the module!\n").unwrap();
    assert!(!verify(&other).status.success());
    let _ = std::fs::remove_dir_all(&dir);
}
