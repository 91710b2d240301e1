//! End to end through pcscd: a CSCA imported into the user's trust store (`cnie trust
//! import`, an ICAO PKD LDIF file made from the software card's PKI) is used by `cnie
//! read` without `--trust`; removed, it is not.

mod common;

use common::*;

#[test]
fn a_read_trusts_the_users_store() {
    if !enabled() {
        return;
    }
    let root = fresh_dir("trust", "store");
    let dir = root.join("trust");
    let ldif_path = root.join("csca.ldif");
    std::fs::write(
        &ldif_path,
        ldif(&[(
            "cn=CSCA,o=csca,c=MA,dc=data,dc=pkdDownload",
            "userCertificate;binary",
            &pem_der("pki/csca.pem"),
        )]),
    )
    .unwrap();
    let out = cnie_with_trust_dir(&dir, &["trust", "import", ldif_path.to_str().unwrap()]);
    assert_code(&out, 0, "import");
    let read = || {
        cnie_with_trust_dir(
            &dir,
            &[
                "read", "--reader", READER, "--wait", "5", "--json", "--can", "246810",
            ],
        )
    };
    let _sim = Sim::start(&[]);
    let out = read();
    assert_code(&out, 0, "read trusted through the user's store");
    assert_eq!(json(&out)["verdict"]["status"], "authentic");
    let out = cnie_with_trust_dir(&dir, &["trust", "remove", "CSCA-MAROC TEST"]);
    assert_code(&out, 0, "remove");
    let out = read();
    assert_code(&out, 10, "read after the CSCA was removed");
    let _ = std::fs::remove_dir_all(&root);
}
