//! Passive authentication on documents of our own test PKI
//! (`test-vectors/pki/`): the specimen built by personalization, signed by
//! each document signer of the PKI, and tampered with after signing.
//! `cnie::pa::verify` must report each for what it is.

mod common;

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cnie::lds::file::LdsFile;
use cnie::lds::sod::Sod;
use cnie::pa::{self, ChainCheck, HashCheck, PaReport, PaStatus, SignatureCheck, TrustStore};
use sha2::{Digest, Sha256};

use cnie_sim::perso::{self, identity::Identity, signer::Signer};
use cnie_sim::{CardImage, FileName};
use common::vectors_dir;

fn pki(file: &str) -> Vec<u8> {
    std::fs::read(vectors_dir().join("pki").join(file)).unwrap()
}

/// 2027-01-01T00:00:00Z: inside the validity of the CSCAs, `ds`, `ds-revoked`
/// and `other-ds` (2026–2036), after `ds-expired` (2020–2022) and after the
/// CRL's thisUpdate (2026-11-23).
fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_798_761_600)
}

/// The specimen identity signed by the document signer `signer` of the test
/// PKI: EF.SOD and the data groups by number.
fn document(signer: &str) -> (Vec<u8>, BTreeMap<u8, Vec<u8>>) {
    let text = std::fs::read_to_string(vectors_dir().join("cards/specimen.toml")).unwrap();
    let id = Identity::from_toml(&text).unwrap();
    let face = std::fs::read(vectors_dir().join("cards/specimen-face.jpg")).unwrap();
    let signer = Signer::load(&vectors_dir().join("pki"), signer).unwrap();
    split(perso::personalize(&id, &face, &signer).unwrap())
}

fn split(card: CardImage) -> (Vec<u8>, BTreeMap<u8, Vec<u8>>) {
    let mut sod = Vec::new();
    let mut files = BTreeMap::new();
    for (name, data) in card.files {
        match name {
            FileName::Sod => sod = data,
            FileName::Dg(n) => {
                files.insert(n, data);
            }
            _ => {}
        }
    }
    assert!(!sod.is_empty());
    (sod, files)
}

/// A trust store of PEM files of the test PKI (certificates) and DER CRLs.
fn store(certs: &[&str], crls: &[&str]) -> TrustStore {
    let mut store = TrustStore::new();
    for c in certs {
        assert_eq!(store.add_pem(&pki(c), c).unwrap(), 1, "{c}");
    }
    for c in crls {
        assert_eq!(store.add_crl_der(&pki(c), c).unwrap(), 1, "{c}");
    }
    store
}

/// Offset of the only occurrence of `needle` in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> usize {
    let hits: Vec<usize> = haystack
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(hits.len(), 1, "expected exactly one occurrence");
    hits[0]
}

fn assert_hashes(report: &PaReport, expected: &[(&str, HashCheck)]) {
    let mut got: Vec<(&str, HashCheck)> = report
        .data_group_hashes
        .iter()
        .map(|(k, v)| (k.name(), *v))
        .collect();
    got.sort_by_key(|(name, _)| *name);
    assert_eq!(got, expected, "{report:#?}");
}

/// `pa::verify` on data groups by number.
fn verify(
    sod: &[u8],
    files: &BTreeMap<u8, Vec<u8>>,
    trust: &TrustStore,
    options: impl Into<pa::PaOptions>,
) -> PaReport {
    let files: BTreeMap<LdsFile, Vec<u8>> = files
        .iter()
        .filter_map(|(&n, b)| LdsFile::dg(n).map(|f| (f, b.clone())))
        .collect();
    pa::verify(sod, &files, trust, options)
}

/// A report's data-group verdicts by name ("DG1" …), as the JSON shows them.
fn by_name(hashes: &BTreeMap<LdsFile, HashCheck>) -> BTreeMap<String, HashCheck> {
    hashes
        .iter()
        .map(|(f, v)| (f.name().to_string(), *v))
        .collect()
}

const ALL_MATCH: [(&str, HashCheck); 3] = [
    ("DG1", HashCheck::Match),
    ("DG11", HashCheck::Match),
    ("DG2", HashCheck::Match),
];

const CSCA_SUBJECT: &str = "C=MA, O=cnie test PKI, CN=CSCA-MAROC TEST";

#[test]
fn the_specimen_is_valid_under_the_test_csca() {
    let (sod, files) = document("ds");
    // What personalization builds is the committed specimen.
    let committed = std::fs::read(vectors_dir().join("cards/specimen/EF.SOD.bin")).unwrap();
    assert_eq!(sod, committed);

    let report = verify(&sod, &files, &store(&["csca.pem"], &[]), now());
    assert_eq!(report.status, PaStatus::Valid, "{report:#?}");
    assert_eq!(report.sod_signature, SignatureCheck::Valid);
    assert_eq!(report.certificate_chain, ChainCheck::Valid);
    assert_hashes(&report, &ALL_MATCH);
    assert!(report.reasons.is_empty(), "{:?}", report.reasons);
    assert_eq!(report.anchor.as_ref().unwrap().subject, CSCA_SUBJECT);
    assert_eq!(report.anchor.as_ref().unwrap().public_key, "RSA-4096");
    let signer = report.signer.as_ref().unwrap();
    assert_eq!(
        signer.subject,
        "C=MA, O=cnie test PKI, CN=Document Signer TEST 1"
    );
    assert_eq!(signer.public_key, "RSA-2048");

    // The CRL does not list `ds`.
    let report = verify(&sod, &files, &store(&["csca.pem"], &["csca.crl"]), now());
    assert_eq!(report.status, PaStatus::Valid, "{report:#?}");
    assert!(report.reasons.is_empty(), "{:?}", report.reasons);
}

#[test]
fn a_data_group_changed_after_signing_is_a_mismatch() {
    let (sod, mut files) = document("ds");
    let trust = store(&["csca.pem"], &[]);
    // DG11: the place of birth RABAT becomes RABAS.
    let dg11 = files.get_mut(&11).unwrap();
    let at = find(dg11, b"RABAT");
    dg11[at + 4] = b'S';
    let report = verify(&sod, &files, &trust, now());
    assert_eq!(report.status, PaStatus::Invalid, "{report:#?}");
    assert_hashes(
        &report,
        &[
            ("DG1", HashCheck::Match),
            ("DG11", HashCheck::Mismatch),
            ("DG2", HashCheck::Match),
        ],
    );
    // The SOD itself is untouched: its signature and chain still hold.
    assert_eq!(report.sod_signature, SignatureCheck::Valid);
    assert_eq!(report.certificate_chain, ChainCheck::Valid);
    assert_eq!(
        report.reasons,
        ["DG11 does not match its SHA-256 hash in EF.SOD"]
    );

    // One bit of the face image (DG2, near its end: JPEG data).
    let (_, mut files) = document("ds");
    let dg2 = files.get_mut(&2).unwrap();
    let last = dg2.len() - 100;
    dg2[last] ^= 0x01;
    let report = verify(&sod, &files, &trust, now());
    assert_eq!(report.status, PaStatus::Invalid);
    assert_eq!(
        by_name(&report.data_group_hashes)["DG2"],
        HashCheck::Mismatch
    );
    assert_eq!(by_name(&report.data_group_hashes)["DG1"], HashCheck::Match);
}

#[test]
fn a_hash_changed_in_the_sod_without_re_signing_breaks_the_signature() {
    let (sod, files) = document("ds");
    let trust = store(&["csca.pem"], &[]);
    let dg1_hash = Sha256::digest(&files[&1]);
    let content = Sod::parse(&sod).unwrap().econtent().to_vec();
    assert_eq!(
        Sod::parse(&sod).unwrap().data_group_hash(1),
        Some(dg1_hash.as_slice())
    );

    // The DG1 hash in the LDSSecurityObject, one byte flipped: the DER stays
    // well formed (same lengths), the signature is not redone.
    let mut tampered = sod.clone();
    let at = find(&tampered, &dg1_hash);
    tampered[at + 7] ^= 0x80;
    let parsed = Sod::parse(&tampered).unwrap();
    assert_ne!(parsed.data_group_hash(1), Some(dg1_hash.as_slice()));
    let report = verify(&tampered, &files, &trust, now());
    assert_eq!(report.status, PaStatus::Invalid, "{report:#?}");
    assert_eq!(report.sod_signature, SignatureCheck::Invalid);
    assert_eq!(
        by_name(&report.data_group_hashes)["DG1"],
        HashCheck::Mismatch
    );
    assert_eq!(by_name(&report.data_group_hashes)["DG2"], HashCheck::Match);
    // The certificate is untouched.
    assert_eq!(report.certificate_chain, ChainCheck::Valid);
    assert!(
        report
            .reasons
            .iter()
            .any(|r| r.starts_with("EF.SOD signature")),
        "{:?}",
        report.reasons
    );

    // The same with the messageDigest attribute updated to the new content:
    // the signed attributes change, so the RSA signature fails.
    let old_digest = Sha256::digest(&content);
    let new_digest = Sha256::digest(parsed.econtent());
    let at = find(&tampered, &old_digest);
    tampered[at..at + 32].copy_from_slice(&new_digest);
    let report = verify(&tampered, &files, &trust, now());
    assert_eq!(report.status, PaStatus::Invalid, "{report:#?}");
    assert_eq!(report.sod_signature, SignatureCheck::Invalid);
    assert_eq!(report.certificate_chain, ChainCheck::Valid);

    // And when the files are changed to fit the new hash? Not possible
    // (SHA-256), so DG1 stays a mismatch: nothing here can be valid.
    assert_eq!(
        by_name(&report.data_group_hashes)["DG1"],
        HashCheck::Mismatch
    );
}

#[test]
fn broken_signature_bytes_are_invalid() {
    let (sod, files) = document("ds");
    let trust = store(&["csca.pem"], &[]);
    let signature = Sod::parse(&sod).unwrap().signer_info().signature.clone();
    assert_eq!(signature.len(), 256, "RSA-2048");
    let at = find(&sod, &signature);
    // The signature is the SOD's last field.
    assert_eq!(at + signature.len(), sod.len());
    for (offset, mask) in [(0, 0x01), (128, 0x40), (255, 0x80)] {
        let mut tampered = sod.clone();
        tampered[at + offset] ^= mask;
        let report = verify(&tampered, &files, &trust, now());
        assert_eq!(report.status, PaStatus::Invalid, "{report:#?}");
        assert_eq!(report.sod_signature, SignatureCheck::Invalid);
        assert_hashes(&report, &ALL_MATCH);
        assert_eq!(report.certificate_chain, ChainCheck::Valid);
    }

    // The file cut short by one byte (inside the signature) is refused as
    // undecodable, not panicked on.
    let report = verify(&sod[..sod.len() - 1], &files, &trust, now());
    assert_eq!(report.status, PaStatus::Invalid);
    assert_eq!(report.sod_signature, SignatureCheck::Invalid);
}

#[test]
fn another_pki_is_not_trusted_until_its_csca_is() {
    let (sod, files) = document("other-ds");
    let report = verify(&sod, &files, &store(&["csca.pem"], &[]), now());
    assert_eq!(report.status, PaStatus::NotTrusted, "{report:#?}");
    assert_eq!(report.certificate_chain, ChainCheck::NotTrusted);
    assert_eq!(report.sod_signature, SignatureCheck::Valid);
    assert_hashes(&report, &ALL_MATCH);
    assert!(report.anchor.is_none());
    assert_eq!(
        report.signer.as_ref().unwrap().subject,
        "C=XX, O=cnie rogue PKI, CN=Document Signer ROGUE"
    );
    assert!(
        report
            .reasons
            .iter()
            .any(|r| r.starts_with("no trusted CSCA certificate with key identifier")),
        "{:?}",
        report.reasons
    );

    let report = verify(
        &sod,
        &files,
        &store(&["csca.pem", "other-csca.pem"], &[]),
        now(),
    );
    assert_eq!(report.status, PaStatus::Valid, "{report:#?}");
    assert_eq!(report.certificate_chain, ChainCheck::Valid);
    assert_eq!(
        report.anchor.as_ref().unwrap().subject,
        "C=XX, O=cnie rogue PKI, CN=CSCA ROGUE TEST"
    );

    // Nor does the built-in Moroccan store know it.
    let report = verify(&sod, &files, &TrustStore::with_builtin(), now());
    assert_eq!(report.status, PaStatus::NotTrusted, "{report:#?}");
}

#[test]
fn the_specimen_is_not_trusted_by_the_builtin_store_alone() {
    // The test CSCA has the real Moroccan CSCA's country but neither its
    // name nor its key: the built-in store must not accept it.
    let (sod, files) = document("ds");
    let report = verify(&sod, &files, &TrustStore::with_builtin(), now());
    assert_eq!(report.status, PaStatus::NotTrusted, "{report:#?}");
    assert_eq!(report.certificate_chain, ChainCheck::NotTrusted);

    let mut trust = TrustStore::with_builtin();
    trust.add_pem(&pki("csca.pem"), "csca.pem").unwrap();
    let report = verify(&sod, &files, &trust, now());
    assert_eq!(report.status, PaStatus::Valid, "{report:#?}");
    assert_eq!(report.anchor.as_ref().unwrap().subject, CSCA_SUBJECT);
}

#[test]
fn an_expired_document_signer_is_invalid() {
    let (sod, files) = document("ds-expired");
    // The shell model: every certificate valid now.
    let shell = |at| pa::PaOptions {
        validity: pa::ValidityModel::Now,
        ..pa::PaOptions::at(at)
    };
    let report = verify(&sod, &files, &store(&["csca.pem"], &[]), shell(now()));
    assert_eq!(report.status, PaStatus::Invalid, "{report:#?}");
    assert_eq!(report.certificate_chain, ChainCheck::Expired);
    assert_eq!(report.sod_signature, SignatureCheck::Valid);
    assert_hashes(&report, &ALL_MATCH);
    assert_eq!(
        report.reasons,
        [
            "the Document Signer certificate is valid from 2020-01-01T00:00:00Z \
             to 2022-01-01T00:00:00Z, not now"
        ]
    );
    // Within its validity, it chains.
    let in_2021 = UNIX_EPOCH + Duration::from_secs(1_622_505_600); // 2021-06-01
    let report = verify(&sod, &files, &store(&["csca.pem"], &[]), shell(in_2021));
    assert_eq!(report.certificate_chain, ChainCheck::Valid, "{report:#?}");
    assert_eq!(report.status, PaStatus::Valid);
    // The point-in-time model (the default): the specimen's signingTime
    // (2026-01-15) is outside the DS validity, whenever it is verified.
    let report = verify(&sod, &files, &store(&["csca.pem"], &[]), now());
    assert_eq!(report.certificate_chain, ChainCheck::Expired, "{report:#?}");
    assert_eq!(
        report.reasons,
        [
            "the Document Signer certificate is valid from 2020-01-01T00:00:00Z \
             to 2022-01-01T00:00:00Z, not at the signing time 2026-01-15T12:00:00Z"
        ]
    );
    let report = verify(&sod, &files, &store(&["csca.pem"], &[]), in_2021);
    assert_eq!(report.status, PaStatus::Invalid, "{report:#?}");
}

#[test]
fn a_revoked_document_signer_is_invalid_with_the_crl() {
    let (sod, files) = document("ds-revoked");
    let trust = store(&["csca.pem"], &["csca.crl"]);
    assert_eq!(trust.crls().len(), 1);
    assert_eq!(trust.crls()[0].revoked_count(), 1);
    assert_eq!(trust.crls()[0].issuer(), CSCA_SUBJECT);
    let report = verify(&sod, &files, &trust, now());
    assert_eq!(report.status, PaStatus::Invalid, "{report:#?}");
    assert_eq!(report.certificate_chain, ChainCheck::Revoked);
    assert_eq!(report.sod_signature, SignatureCheck::Valid);
    assert_hashes(&report, &ALL_MATCH);
    assert_eq!(
        report.reasons,
        [
            "certificate C=MA, O=cnie test PKI, CN=Document Signer TEST revoked \
             (serial 1004) is revoked by CRL csca.crl"
        ]
    );

    // The PEM form of the CRL, loaded through add_pem, does the same.
    let mut trust = store(&["csca.pem"], &[]);
    assert_eq!(
        trust.add_pem(&pki("csca.crl.pem"), "csca.crl.pem").unwrap(),
        1
    );
    let report = verify(&sod, &files, &trust, now());
    assert_eq!(report.certificate_chain, ChainCheck::Revoked);

    // Without the CRL nothing says it is revoked.
    let report = verify(&sod, &files, &store(&["csca.pem"], &[]), now());
    assert_eq!(report.status, PaStatus::Valid, "{report:#?}");
    assert_eq!(report.certificate_chain, ChainCheck::Valid);
}

#[test]
fn a_crl_is_only_used_with_its_own_csca() {
    // Without the test CSCA the CRL cannot be checked: the revoked signer's
    // document is not trusted (not "revoked" on the word of an unverified CRL).
    let (sod, files) = document("ds-revoked");
    let trust = store(&["other-csca.pem"], &["csca.crl"]);
    let report = verify(&sod, &files, &trust, now());
    assert_eq!(report.status, PaStatus::NotTrusted, "{report:#?}");
    assert_eq!(report.certificate_chain, ChainCheck::NotTrusted);

    // The rogue PKI's document is not affected by the test CSCA's CRL.
    let (sod, files) = document("other-ds");
    let trust = store(&["csca.pem", "other-csca.pem"], &["csca.crl"]);
    let report = verify(&sod, &files, &trust, now());
    assert_eq!(report.status, PaStatus::Valid, "{report:#?}");
}

#[test]
fn a_crl_with_a_broken_signature_is_ignored() {
    let (sod, files) = document("ds-revoked");
    let mut crl = pki("csca.crl");
    let last = crl.len() - 1;
    crl[last] ^= 0x01;
    let mut trust = store(&["csca.pem"], &[]);
    assert_eq!(trust.add_crl_der(&crl, "forged.crl").unwrap(), 1);
    let report = verify(&sod, &files, &trust, now());
    assert_eq!(report.certificate_chain, ChainCheck::Valid, "{report:#?}");
    assert_eq!(report.status, PaStatus::Valid);
    assert_eq!(
        report.reasons,
        ["CRL forged.crl ignored: its signature does not verify with the CSCA"]
    );
}
