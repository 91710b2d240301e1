//! The verdict's precedence on the specimen dump: authentic, then each way to lose it.

use std::collections::BTreeMap;
use std::time::{Duration, UNIX_EPOCH};

use super::*;
use crate::test_support::read_vector;

/// The specimen's files as a dump holds them.
fn specimen() -> BTreeMap<LdsFile, Vec<u8>> {
    LdsFile::all()
        .filter_map(|f| {
            let path = format!("cards/specimen/{}", f.file_name());
            crate::test_support::try_read_vector(&path).map(|b| (f, b))
        })
        .collect()
}

use crate::test_support::{specimen_day as today, test_pki_trust as trusted};

fn verdict(files: BTreeMap<LdsFile, Vec<u8>>, trust: &TrustStore) -> Verdict {
    Document::from_files(files, None).verify(trust, &Policy::default(), today())
}

fn codes(reasons: &[Reason]) -> Vec<&'static str> {
    reasons.iter().map(Reason::code).collect()
}

#[test]
fn the_specimen_is_authentic_and_each_gap_costs_it() {
    let trust = trusted();
    let v = verdict(specimen(), &trust);
    assert_eq!(v.status, VerdictStatus::Authentic, "{:?}", v.reasons);
    assert_eq!(v.chip, ChipStatus::NotChecked);
    assert_eq!(v.document_expired, Some(false));
    assert!(codes(&v.warnings).contains(&"chip_not_checked"));
    let dg = |n| LdsFile::dg(n).unwrap();
    assert_eq!(v.authenticated, vec![dg(1), dg(2), dg(11)]);

    // Unknown signer.
    let v = verdict(specimen(), &TrustStore::new());
    assert_eq!(v.status, VerdictStatus::NotTrusted);
    assert!(v.authenticated.is_empty());

    // DG2 missing: incomplete, and that beats not trusted.
    let mut files = specimen();
    files.remove(&dg(2));
    assert_eq!(
        verdict(files.clone(), &trust).status,
        VerdictStatus::Incomplete
    );
    assert_eq!(
        verdict(files, &TrustStore::new()).status,
        VerdictStatus::Incomplete
    );

    // A data group EF.SOD does not list: invalid, and that beats incomplete.
    let mut files = specimen();
    files.remove(&dg(2));
    files.insert(dg(12), read_vector("cards/specimen/DG11.bin"));
    let v = verdict(files, &trust);
    assert_eq!(v.status, VerdictStatus::Invalid);
    assert!(codes(&v.reasons).contains(&"not_in_sod"));
    assert!(!v.authenticated.contains(&dg(12)));

    // A changed DG1: invalid, not authenticated, no expiry judged from it.
    let mut files = specimen();
    if let Some(dg1) = files.get_mut(&dg(1)) {
        let last = dg1.len() - 1;
        dg1[last] ^= 1;
    }
    let v = verdict(files, &trust);
    assert_eq!(v.status, VerdictStatus::Invalid);
    assert!(codes(&v.reasons).contains(&"hash_mismatch"));
    assert_eq!(v.document_expired, None);

    // After its date of expiry the document is still authentic, with a warning.
    let later = UNIX_EPOCH + Duration::from_secs(2_000_000_000);
    let v = Document::from_files(specimen(), None).verify(&trust, &Policy::default(), later);
    assert_eq!(v.status, VerdictStatus::Authentic, "{:?}", v.reasons);
    assert_eq!(v.document_expired, Some(true));
    assert!(codes(&v.warnings).contains(&"document_expired"));
}

#[test]
fn an_active_authentication_answer_that_does_not_verify_is_a_failed_chip() {
    // The specimen has no DG15: a kept exchange cannot be checked, and says so.
    let aa = crate::session::ActiveAuthenticationExchange {
        challenge: [1; 8],
        response: Some(vec![0; 64]),
    };
    let v =
        Document::from_files(specimen(), Some(aa)).verify(&trusted(), &Policy::default(), today());
    assert_eq!(v.chip, ChipStatus::Failed);
    assert_eq!(v.chip_method, Some(ChipMethod::ActiveAuthentication));
    assert_eq!(v.status, VerdictStatus::Invalid);
}

#[test]
fn an_undecodable_ef_com_is_never_authentic() {
    let trust = trusted();
    // Intact: EF.COM is decoded and no reason names it.
    let v = verdict(specimen(), &trust);
    assert_eq!(v.status, VerdictStatus::Authentic, "{:?}", v.reasons);
    assert!(!codes(&v.reasons).contains(&"com_malformed"));
    // Every way to break it (wrong outer tag, cut short, a version that is not digits,
    // empty) makes the verdict invalid, though EF.COM is not covered by EF.SOD.
    let good = read_vector("cards/specimen/EF.COM.bin");
    let mut wrong_tag = good.clone();
    wrong_tag[0] = 0x61;
    let cut = good[..good.len() - 3].to_vec();
    let mut letters = good.clone();
    let version = letters
        .windows(2)
        .position(|w| w == [0x5F, 0x01])
        .expect("LDS version tag");
    letters[version + 3] = b'A';
    for broken in [wrong_tag, cut, letters, Vec::new()] {
        let mut files = specimen();
        files.insert(LdsFile::Com, broken.clone());
        let doc = Document::from_files(files, None);
        assert!(doc.com.is_none(), "{broken:02X?}");
        let v = doc.verify(&trust, &Policy::default(), today());
        assert_eq!(v.status, VerdictStatus::Invalid, "{broken:02X?}");
        assert!(
            codes(&v.reasons).contains(&"com_malformed"),
            "{:?}",
            v.reasons
        );
        // The signed data groups are still what EF.SOD authenticates.
        assert!(v.is_authenticated(LdsFile::dg(1).unwrap()));
    }
    // Not required and absent: nothing to decode, no such reason.
    let mut files = specimen();
    files.remove(&LdsFile::Com);
    let v = Document::from_files(files, None).verify(
        &trust,
        &Policy::requiring([LdsFile::Sod]),
        today(),
    );
    assert_eq!(v.status, VerdictStatus::Authentic, "{:?}", v.reasons);
}

/// Each weak algorithm is one warning that says where it is: SHA-1 for the data-group
/// hashes and SHA-1 in the SOD's signature used to read the same ("SHA-1 in EF.SOD")
/// and looked like one warning said twice.
#[test]
fn weak_algorithm_warnings_say_where() {
    let testpki = |file: &str| read_vector(format!("trust/testpki/{file}"));
    let mut store = TrustStore::new();
    store
        .add_bytes(&testpki("pit-csca.pem"), "pit-csca.pem", "pem")
        .unwrap();
    let files = [1u8, 2]
        .into_iter()
        .filter_map(|n| Some((LdsFile::dg(n)?, testpki(&format!("DG{n}.bin")))))
        .collect();
    // 2025-06-01, inside the test PKI's validity.
    let report = crate::pa::verify(
        &testpki("sod-sha1.bin"),
        &files,
        &store,
        UNIX_EPOCH + Duration::from_secs(1_748_736_000),
    );
    let warnings: Vec<String> = pa_warnings(&report)
        .iter()
        .filter(|r| matches!(r, Reason::WeakAlgorithm(_)))
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        warnings,
        [
            "weak algorithm: SHA-1 for the data-group hashes of EF.SOD",
            "weak algorithm: SHA-1 in the signature of EF.SOD",
            "weak algorithm: RSA-1024 in the signature of EF.SOD",
            "weak algorithm: SHA-1 in the signature of C=MA, O=cnie test, CN=DS SHA1",
        ]
    );
}
