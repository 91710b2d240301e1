//! End-to-end test of `cnie sign --format cms`: a detached CMS/CAdES-BES signature
//! made by the software card through pcscd and vpcd, checked by `openssl cms -verify`
//! against the eID CA; a changed byte of the content makes openssl refuse it.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;

const CAN: &str = "246810";

fn temp_dir(name: &str) -> PathBuf {
    fresh_dir("e2e-cms", name)
}

fn openssl_cms_verify(p7s: &Path, content: &Path) -> Output {
    Command::new("openssl")
        .args(["cms", "-verify", "-binary", "-inform", "DER", "-in"])
        .arg(p7s)
        .arg("-content")
        .arg(content)
        .arg("-CAfile")
        .arg(vector_arg("pki/eid-ca.pem"))
        .args(["-purpose", "any", "-out", "/dev/null"])
        .output()
        .expect("run openssl (scripts/setup.sh installs it)")
}

#[test]
fn cms_detached_signature_verifies_with_openssl_and_a_changed_byte_fails() {
    if !enabled() {
        return;
    }
    let dir = temp_dir("sign");
    let content = dir.join("contract.pdf");
    let data: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&content, &data).expect("write content");
    let p7s = dir.join("contract.pdf.p7s");
    let cert = dir.join("signer.pem");
    let _sim = Sim::start(&[]);
    let out = cnie_in(
        &[
            "sign",
            "--reader",
            READER,
            "--wait",
            "5",
            "--can",
            CAN,
            "--pin-stdin",
            "--format",
            "cms",
            "--in",
            content.to_str().expect("utf-8"),
            "--out",
            p7s.to_str().expect("utf-8"),
            "--cert-out",
            cert.to_str().expect("utf-8"),
        ],
        "1234\n",
    );
    assert_code(&out, 0, "sign --format cms");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("CMS"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    let verified = openssl_cms_verify(&p7s, &content);
    assert!(
        verified.status.success(),
        "openssl cms -verify: {}",
        String::from_utf8_lossy(&verified.stderr)
    );
    assert!(String::from_utf8_lossy(&verified.stderr).contains("Verification successful"));

    // CAdES-BES: the four signed attributes, ecdsa-with-SHA256, the signer's certificate.
    let printed = Command::new("openssl")
        .args(["cms", "-cmsout", "-print", "-inform", "DER", "-in"])
        .arg(&p7s)
        .output()
        .expect("run openssl");
    let text = String::from_utf8_lossy(&printed.stdout);
    for needle in [
        "contentType",
        "messageDigest",
        "signingTime",
        "id-smime-aa-signingCertificateV2",
        "ecdsa-with-SHA256",
        "eContent: <ABSENT>",
    ] {
        assert!(text.contains(needle), "{needle} missing from:\n{text}");
    }
    let signer_pem = std::fs::read_to_string(&cert).expect("signer certificate");
    assert!(signer_pem.contains("BEGIN CERTIFICATE"));

    // One changed byte of the content: openssl refuses the signature.
    let mut changed = data.clone();
    changed[1234] ^= 0x01;
    let tampered = dir.join("tampered.pdf");
    std::fs::write(&tampered, &changed).expect("write tampered");
    let refused = openssl_cms_verify(&p7s, &tampered);
    assert!(
        !refused.status.success(),
        "openssl accepted a changed file: {}",
        String::from_utf8_lossy(&refused.stderr)
    );
    // Against another CA the chain does not verify.
    let other_ca = Command::new("openssl")
        .args(["cms", "-verify", "-binary", "-inform", "DER", "-in"])
        .arg(&p7s)
        .arg("-content")
        .arg(&content)
        .arg("-CAfile")
        .arg(vector_arg("pki/csca.pem"))
        .args(["-purpose", "any", "-out", "/dev/null"])
        .output()
        .expect("run openssl");
    assert!(!other_ca.status.success(), "verified under the CSCA");
    let _ = std::fs::remove_dir_all(&dir);
}
