//! (Declared `#[cfg(test)] mod tests;` by the parent module: test code only.)
//!
//! Passive authentication against real documents, the Moroccan CSCAs and
//! the German and Dutch master lists.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::*;
use crate::asn1::algorithm;
use crate::lds::file::LdsFile;
use crate::lds::sod::Sod;
use crate::test_support::{read_vector, trust_dir, try_read_vector, vector_path};

/// The data groups of a test, by number, as the library keys them.
fn by_file(files: &BTreeMap<u8, Vec<u8>>) -> BTreeMap<LdsFile, Vec<u8>> {
    files
        .iter()
        .filter_map(|(&n, b)| LdsFile::dg(n).map(|f| (f, b.clone())))
        .collect()
}

/// [`super::verify`] on data groups by number.
fn verify(
    sod: &[u8],
    files: &BTreeMap<u8, Vec<u8>>,
    trust: &TrustStore,
    options: impl Into<PaOptions>,
) -> PaReport {
    super::verify(sod, &by_file(files), trust, options)
}

/// A report's data-group verdicts by name ("DG1" …), as the JSON shows them.
fn by_name(hashes: &BTreeMap<LdsFile, HashCheck>) -> BTreeMap<String, HashCheck> {
    hashes
        .iter()
        .map(|(f, v)| (f.name().to_string(), *v))
        .collect()
}

/// EF.SOD and every DGn.bin of a sample.
fn sample(name: &str) -> (Vec<u8>, BTreeMap<u8, Vec<u8>>) {
    let sod = read_vector(format!("samples/{name}/EF.SOD.bin"));
    let mut files = BTreeMap::new();
    for dg in 1..=16u8 {
        if let Some(bytes) = try_read_vector(format!("samples/{name}/DG{dg}.bin")) {
            files.insert(dg, bytes);
        }
    }
    (sod, files)
}

fn at(unix: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(unix)
}

/// 2026-11-23.
fn today() -> SystemTime {
    at(1_795_392_000)
}

fn signature_of(sod_bytes: &[u8]) -> Result<(), String> {
    let sod = Sod::parse(sod_bytes).map_err(|e| e.to_string())?;
    let ds = signer::find_signer_certificate(sod.signed_data(), sod.signer_info())
        .map_err(|e| e.to_string())?;
    signer::verify_signer_info(sod.signed_data(), sod.signer_info(), &ds).map_err(|e| e.to_string())
}

/// Offset of the SignerInfo's signature bytes in the file (its last bytes
/// before any end-of-contents octets).
fn signature_offset(sod_bytes: &[u8]) -> usize {
    let sod = Sod::parse(sod_bytes).unwrap();
    let sig = &sod.signer_info().signature;
    sod_bytes
        .windows(sig.len())
        .position(|w| w == sig.as_slice())
        .unwrap()
}

#[test]
fn sample_signatures_verify() {
    for name in ["bsi2008", "loes2006", "nz2013"] {
        let (sod, _) = sample(name);
        assert_eq!(signature_of(&sod), Ok(()), "{name}");
    }
}

#[test]
fn sample_ds_keys_are_what_the_readme_says() {
    let keys: Vec<String> = ["bsi2008", "loes2006", "nz2013"]
        .iter()
        .map(|name| {
            let sod = Sod::parse(&sample(name).0).unwrap();
            let ds = signer::find_signer_certificate(sod.signed_data(), sod.signer_info()).unwrap();
            ds.public_key().unwrap().description()
        })
        .collect();
    // bsi2008: explicit domain parameters that are brainpoolP224r1's.
    assert_eq!(keys, ["EC brainpoolP224r1", "RSA-2048", "RSA-2048"]);
}

#[test]
fn a_flipped_signature_bit_is_invalid() {
    for name in ["bsi2008", "loes2006", "nz2013"] {
        let (mut sod, _) = sample(name);
        let off = signature_offset(&sod);
        // A bit in the middle of the signature (inside r for ECDSA's DER).
        sod[off + 12] ^= 0x01;
        let err = signature_of(&sod).unwrap_err();
        assert!(err.contains("does not verify"), "{name}: {err}");
    }
}

#[test]
fn a_changed_sod_hash_breaks_the_message_digest() {
    for name in ["bsi2008", "loes2006", "nz2013"] {
        let (mut sod_bytes, files) = sample(name);
        let sod = Sod::parse(&sod_bytes).unwrap();
        let dg1 = sod.data_group_hash(1).unwrap().to_vec();
        let off = sod_bytes
            .windows(dg1.len())
            .position(|w| w == dg1.as_slice())
            .unwrap();
        sod_bytes[off] ^= 0x80;
        let err = signature_of(&sod_bytes).unwrap_err();
        assert!(err.contains("message-digest"), "{name}: {err}");
        let report = verify(&sod_bytes, &files, &TrustStore::new(), today());
        assert_eq!(report.sod_signature, SignatureCheck::Invalid, "{name}");
        assert_eq!(report.status, PaStatus::Invalid, "{name}");
        if files.contains_key(&1) {
            assert_eq!(
                by_name(&report.data_group_hashes)["DG1"],
                HashCheck::Mismatch
            );
        }
    }
}

#[test]
fn samples_verify_but_are_not_trusted() {
    let store = TrustStore::with_builtin();
    for (name, dgs) in [
        ("bsi2008", vec!["DG1", "DG14", "DG2", "DG3"]),
        ("loes2006", vec!["DG1", "DG15", "DG2"]),
    ] {
        let (sod, files) = sample(name);
        let report = verify(&sod, &files, &store, today());
        assert_eq!(report.status, PaStatus::NotTrusted, "{name}: {report:?}");
        assert_eq!(report.sod_signature, SignatureCheck::Valid);
        assert_eq!(report.certificate_chain, ChainCheck::NotTrusted);
        assert_eq!(
            by_name(&report.data_group_hashes)
                .keys()
                .collect::<Vec<_>>(),
            dgs
        );
        // Files not listed in the SOD (bsi2008's DG4 and DG15) are left out.
        for (dg, verdict) in &by_name(&report.data_group_hashes) {
            assert_eq!(*verdict, HashCheck::Match, "{name} {dg}");
        }
        assert!(report.signer.is_some());
        assert!(report.anchor.is_none());
        assert!(
            report.reasons.iter().any(|r| r.contains("no trusted CSCA")),
            "{:?}",
            report.reasons
        );
    }
    // nz2013: only EF.SOD, so every data group is not read.
    let (sod, files) = sample("nz2013");
    let report = verify(&sod, &files, &store, today());
    assert_eq!(report.status, PaStatus::NotTrusted);
    assert!(
        report
            .data_group_hashes
            .values()
            .all(|v| *v == HashCheck::NotRead)
    );
    assert_eq!(by_name(&report.data_group_hashes).len(), 5);
}

#[test]
fn a_changed_data_group_is_a_mismatch() {
    let (sod, mut files) = sample("loes2006");
    if let Some(dg1) = files.get_mut(&1) {
        let last = dg1.len() - 1;
        dg1[last] ^= 0x01;
    }
    let report = verify(&sod, &files, &TrustStore::new(), today());
    assert_eq!(
        by_name(&report.data_group_hashes)["DG1"],
        HashCheck::Mismatch
    );
    assert_eq!(by_name(&report.data_group_hashes)["DG2"], HashCheck::Match);
    assert_eq!(report.sod_signature, SignatureCheck::Valid);
    assert_eq!(report.status, PaStatus::Invalid);
    assert!(
        report
            .reasons
            .iter()
            .any(|r| r.starts_with("DG1 does not match"))
    );
}

#[test]
fn a_data_group_missing_from_the_sod_is_not_authenticated() {
    let (sod, files) = sample("bsi2008");
    // bsi2008's SOD lists DG1, DG2, DG3, DG14; DG4 and DG15 are files too.
    assert!(files.contains_key(&15) && files.contains_key(&4));
    let report = verify(&sod, &files, &TrustStore::new(), today());
    assert!(!by_name(&report.data_group_hashes).contains_key("DG15"));
    assert!(!by_name(&report.data_group_hashes).contains_key("DG4"));
    assert!(
        report
            .reasons
            .iter()
            .any(|r| r.starts_with("DG15 was read but EF.SOD lists no hash")),
        "{:?}",
        report.reasons
    );
    assert_eq!(report.status, PaStatus::NotTrusted);
}

#[test]
fn an_unreadable_sod_is_an_invalid_report() {
    let report = verify(
        &[0x77, 0x03, 0x30, 0x01],
        &BTreeMap::new(),
        &TrustStore::new(),
        today(),
    );
    assert_eq!(report.status, PaStatus::Invalid);
    assert_eq!(report.sod_signature, SignatureCheck::Invalid);
    assert_eq!(report.certificate_chain, ChainCheck::Invalid);
    assert!(report.reasons[0].contains("EF.SOD"), "{:?}", report.reasons);
}

#[test]
fn report_serialises_in_snake_case() {
    let (sod, files) = sample("loes2006");
    let report = verify(&sod, &files, &TrustStore::new(), today());
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["status"], "not_trusted");
    assert_eq!(json["sod_signature"], "valid");
    assert_eq!(json["certificate_chain"], "not_trusted");
    assert_eq!(json["data_group_hashes"]["DG1"], "match");
    assert_eq!(json["anchor"], serde_json::Value::Null);
    assert_eq!(json["signer"]["not_before"], "2006-09-25T00:00:00Z");
}

const MOROCCO_SKIS: [&str; 4] = [
    "4b22248fb5107aecf2f60550ff5553e8494422a7", // 2015
    "db04dae635a2cbecd63f8d60c2060efd5df719e3", // 2018
    "91fb674b8082ff4d540c9ab3234b7f0ec85debe3", // 2021
    "41febf894cd4432a33359f5590124b2b9fee6b94", // 2023
];

#[test]
fn builtin_moroccan_anchors_load() {
    let store = TrustStore::with_builtin();
    assert_eq!(store.len(), 6);
    for a in store.anchors() {
        assert_eq!(a.subject(), "C=MA, O=Gov, CN=CSCA-MAROC");
        assert!(a.source().starts_with("builtin:MA_CSCA-MAROC"));
        assert_eq!(
            a.certificate().public_key().unwrap().description(),
            "RSA-4096"
        );
    }
    let mut skis: Vec<String> = store.anchors().iter().map(|a| a.ski().unwrap()).collect();
    skis.sort();
    skis.dedup();
    let mut expected = MOROCCO_SKIS.to_vec();
    expected.sort();
    assert_eq!(skis, expected);
    // 2021-01-27 … 2029-03-27 for the 2021 generation.
    assert!(store.anchors().iter().any(
        |a| a.not_before() == "2021-01-27T00:00:00Z" && a.not_after() == "2029-03-27T00:00:00Z"
    ));
}

#[test]
fn moroccan_link_certificates_chain_to_their_roots() {
    let store = TrustStore::with_builtin();
    let certs: Vec<&Certificate> = store.anchors().iter().map(|a| a.certificate()).collect();
    let mut links = 0;
    let mut roots = 0;
    for cert in &certs {
        let issuers: Vec<&&Certificate> = certs
            .iter()
            .filter(|p| cert.may_be_issued_by(p) && p.is_self_issued())
            .collect();
        assert!(!issuers.is_empty(), "{:?}", cert);
        for issuer in issuers {
            let key = issuer.public_key().unwrap();
            assert_eq!(
                cert.verify_signed_by(key),
                Ok(()),
                "{:?} by {:?}",
                cert,
                issuer
            );
        }
        if cert.is_self_issued() {
            roots += 1;
        } else {
            links += 1;
            // The link's key is the next generation's root key.
            assert!(
                certs
                    .iter()
                    .any(|r| r.is_self_issued() && r.spki() == cert.spki())
            );
        }
    }
    assert_eq!((roots, links), (4, 2));

    // The chain module accepts the 2023 link certificate's path: a certificate
    // signed with the 2023 key reaches the 2021 root through the link when the
    // 2023 root is absent. Here the "child" is the 2023 root itself (self-issued
    // certificates are also signed by their own key).
    let mut partial = TrustStore::new();
    for a in store.anchors() {
        let (ski, aki) = (a.ski().unwrap(), a.aki().unwrap());
        // Keep the 2021 root and the 2021→2023 link only.
        if aki == MOROCCO_SKIS[2] && (ski == MOROCCO_SKIS[2] || ski == MOROCCO_SKIS[3]) {
            partial.add_der(a.certificate().der(), a.source()).unwrap();
        }
    }
    assert_eq!(partial.len(), 2);
    let root_2023 = certs
        .iter()
        .find(|c| {
            c.is_self_issued()
                && c.subject_key_id().map(hex::encode).as_deref() == Some(MOROCCO_SKIS[3])
        })
        .unwrap();
    let outcome = chain::validate(root_2023, &partial, &ChainOptions::at(unix(2025, 1, 1)));
    // Not a Document Signer (no digitalSignature), but the path is built:
    // 2023 root → link (2023 key) → 2021 root.
    assert_eq!(outcome.path.len(), 3, "{outcome:?}");
    assert_eq!(
        outcome
            .anchor
            .as_ref()
            .unwrap()
            .subject_key_identifier
            .as_deref(),
        Some(MOROCCO_SKIS[2])
    );
    assert_eq!(outcome.status, ChainCheck::Invalid);
    assert!(
        outcome
            .reasons
            .iter()
            .any(|r| r.contains("digitalSignature"))
    );
}

/// Unix seconds of a date at midnight UTC.
fn unix(y: i64, m: i64, d: i64) -> i64 {
    // Days from civil (H. Hinnant), the inverse of time::iso8601's helper.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) * 86_400
}

#[test]
fn master_lists_load_and_hold_morocco() {
    // Certificate counts as `openssl cms -verify -noverify` + asn1parse count them.
    // The 2021 and 2023 generations are current: both lists carry their roots;
    // the German list also carries the two link certificates (the "icao-bsi"
    // files of the built-in set), byte for byte.
    let builtin = TrustStore::with_builtin();
    let icao_bsi: Vec<&[u8]> = builtin
        .anchors()
        .iter()
        .filter(|a| a.source().contains("icao-bsi"))
        .map(|a| a.certificate().der())
        .collect();
    assert_eq!(icao_bsi.len(), 4);
    for (file, count) in [("DE_ML_2026-05-05.ml", 580), ("NL_ML_2026-07-22.ml", 411)] {
        let bytes = read_vector(format!("trust/masterlists/{file}"));
        let ml = masterlist::MasterList::parse(&bytes).unwrap();
        assert_eq!(ml.certificates().len(), count, "{file}");
        assert_eq!(ml.verify_signature(), Ok(()), "{file}");

        let signer = ml.verify().unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(signer.country().as_deref(), Some(&file[..2]));

        let mut store = TrustStore::new();
        let added = store.add_masterlist(&bytes, file).unwrap();
        assert!(added > 200 && added <= count, "{file}: {added}");
        assert!(store.anchors().iter().all(
            |a| a.list_verified() == Some(true) && a.source() == format!("master list {file}")
        ));
        for ski in &MOROCCO_SKIS[2..] {
            assert!(
                store
                    .anchors()
                    .iter()
                    .any(|a| a.ski().as_deref() == Some(*ski)
                        && a.aki().as_deref() == Some(*ski)
                        && a.subject() == "C=MA, O=Gov, CN=CSCA-MAROC"),
                "{file} lacks the Moroccan root {ski}"
            );
        }
        if file.starts_with("DE") {
            for der in &icao_bsi {
                assert!(
                    store
                        .anchors()
                        .iter()
                        .any(|a| a.certificate().der() == *der)
                );
            }
        }
        // Loading it again adds nothing.
        assert_eq!(store.add_masterlist(&bytes, file).unwrap(), 0);
        // A corrupted list is refused (its structure or its signature).
        let mut bad = bytes.clone();
        let mid = bad.len() / 2;
        bad[mid] ^= 0xFF;
        assert!(
            masterlist::MasterList::parse(&bad)
                .map(|m| m.verify_signature())
                .map_or(true, |r| r.is_err())
        );
    }
}

/// One byte changed inside a CSCA certificate of the list (its signature, so it
/// still decodes): the list no longer verifies and is refused, unless allowed.
#[test]
fn a_master_list_with_a_changed_certificate_is_refused() {
    for file in ["DE_ML_2026-05-05.ml", "NL_ML_2026-07-22.ml"] {
        let bytes = read_vector(format!("trust/masterlists/{file}"));
        let ml = masterlist::MasterList::parse(&bytes).unwrap();
        let cert = ml.certificates().nth(7).unwrap().to_vec();
        let start = bytes
            .windows(cert.len())
            .position(|w| w == cert.as_slice())
            .unwrap();
        let mut bad = bytes.clone();
        bad[start + cert.len() - 3] ^= 0x01;
        let bad_ml = masterlist::MasterList::parse(&bad).unwrap();
        assert_eq!(bad_ml.certificates().len(), ml.certificates().len());
        assert_eq!(
            bad_ml.verify().unwrap_err(),
            PkiError::DigestMismatch,
            "{file}"
        );

        let mut store = TrustStore::new();
        let err = store.add_masterlist(&bad, "bad.ml").unwrap_err();
        assert!(
            matches!(&err, TrustError::UnverifiedMasterList { origin, error: PkiError::DigestMismatch } if origin == "bad.ml"),
            "{err:?}"
        );
        assert!(store.is_empty());
        // The same through add_bytes without a hint.
        assert!(matches!(
            store.add_bytes(&bad, "bad", ""),
            Err(TrustError::UnverifiedMasterList { .. })
        ));

        store.allow_unverified_master_lists(true);
        let added = store.add_masterlist(&bad, "bad.ml").unwrap();
        assert!(added > 200, "{added}");
        assert!(
            store
                .anchors()
                .iter()
                .all(|a| a.list_verified() == Some(false)
                    && a.origin() == AnchorOrigin::MasterList { verified: false })
        );
    }
    // Built-in and file anchors have no list.
    let builtin = TrustStore::with_builtin();
    assert!(
        builtin
            .anchors()
            .iter()
            .all(|a| a.list_verified().is_none() && a.origin() == AnchorOrigin::BuiltIn)
    );
    assert!(store_of(&["csca-2020.pem"]).anchors()[0].origin() == AnchorOrigin::File);
}

#[test]
fn add_path_reads_files_folders_and_master_lists() {
    // The built-in Moroccan CSCA PEMs (the one copy, `crates/cnie/trust/`).
    let mut store = TrustStore::new();
    let n = store.add_path(trust_dir()).unwrap();
    assert_eq!(n, 6);
    assert_eq!(store.len(), 6);
    // The master lists add many more, and the Moroccan ones only once.
    let mut all = TrustStore::new();
    all.add_path(trust_dir()).unwrap();
    all.add_path(vector_path("trust")).unwrap();
    let moroccan = all
        .anchors()
        .iter()
        .filter(|a| a.subject() == "C=MA, O=Gov, CN=CSCA-MAROC")
        .count();
    assert!(moroccan >= 6, "{moroccan}");
    assert!(all.len() > 300);
    // A file that is none of the supported kinds is an error naming it.
    let err = store
        .add_path(vector_path("samples/README.md"))
        .unwrap_err();
    assert!(err.to_string().contains("README.md"), "{err}");
    assert!(store.add_path("/nonexistent/cnie").is_err());
}

#[test]
fn pem_with_several_certificates() {
    let mut pem = Vec::new();
    for name in [
        "MA_CSCA-MAROC_icao_066476b1.pem",
        "MA_CSCA-MAROC_icao_57349234.pem",
    ] {
        pem.extend(std::fs::read(trust_dir().join(name)).unwrap());
    }
    let mut store = TrustStore::new();
    assert_eq!(store.add_pem(&pem, "two.pem").unwrap(), 2);
    assert!(store.add_pem(b"not pem", "x").is_err());
    assert!(store.add_der(&[0x30, 0x03, 0x02, 0x01, 0x01], "x").is_err());
}

// --- The generated test PKI (test-vectors/trust/testpki, see make.py) ---

fn testpki(file: &str) -> Vec<u8> {
    read_vector(format!("trust/testpki/{file}"))
}

fn testpki_files() -> BTreeMap<u8, Vec<u8>> {
    BTreeMap::from([(1, testpki("DG1.bin")), (2, testpki("DG2.bin"))])
}

fn store_of(files: &[&str]) -> TrustStore {
    let mut store = TrustStore::new();
    for f in files {
        let bytes = testpki(f);
        let hint = f.rsplit('.').next().unwrap_or("");
        store.add_bytes(&bytes, f, hint).unwrap();
    }
    store
}

/// 2025-06-01, inside every validity period of the test PKI.
fn mid_2025() -> SystemTime {
    at(unix(2025, 6, 1) as u64)
}

#[test]
fn rsa_pss_document_is_valid_under_its_csca() {
    let store = store_of(&["csca-2020.pem"]);
    let report = verify(
        &testpki("sod-pss.bin"),
        &testpki_files(),
        &store,
        mid_2025(),
    );
    assert_eq!(report.status, PaStatus::Valid, "{report:?}");
    assert_eq!(report.certificate_chain, ChainCheck::Valid);
    assert_eq!(report.sod_signature, SignatureCheck::Valid);
    assert_eq!(by_name(&report.data_group_hashes)["DG1"], HashCheck::Match);
    assert_eq!(by_name(&report.data_group_hashes)["DG2"], HashCheck::Match);
    assert!(report.reasons.is_empty(), "{:?}", report.reasons);
    assert_eq!(report.anchor_country.as_deref(), Some("ZZ"));
    assert_eq!(report.revocation, RevocationCheck::NotChecked);
    assert!(report.weak_algorithms.is_empty());
    assert!(report.expired_since.is_empty());
    assert_eq!(report.signing_time.source, SigningTimeSource::None);
    let anchor = report.anchor.unwrap();
    assert_eq!(anchor.subject, "C=ZZ, O=cnie test, CN=CSCA-TEST");
    assert_eq!(anchor.public_key, "RSA-2048");
    assert_eq!(
        report.signer.unwrap().subject,
        "C=ZZ, O=cnie test, CN=DS PSS"
    );
    let sod = Sod::parse(&testpki("sod-pss.bin")).unwrap();
    let scheme =
        algorithm::SignatureScheme::from_algorithm(&sod.signer_info().signature_algorithm, None);
    assert_eq!(
        scheme,
        Ok(algorithm::SignatureScheme::RsaPss {
            hash: algorithm::HashAlgorithm::Sha256,
            mgf_hash: algorithm::HashAlgorithm::Sha256,
            salt_len: 32
        })
    );
}

#[test]
fn the_document_signer_expires() {
    let store = store_of(&["csca-2020.pem"]);
    let later = at(unix(2035, 1, 1) as u64);
    let report = verify(&testpki("sod-pss.bin"), &testpki_files(), &store, later);
    assert_eq!(report.certificate_chain, ChainCheck::Expired);
    assert_eq!(report.status, PaStatus::Invalid);
    assert!(
        report
            .reasons
            .iter()
            .any(|r| r.contains("Document Signer certificate is valid from 2024-01-01"))
    );
    let before = at(unix(2023, 1, 1) as u64);
    let report = verify(&testpki("sod-pss.bin"), &testpki_files(), &store, before);
    assert_eq!(report.certificate_chain, ChainCheck::Expired);
    // The same under the shell model.
    for t in [later, before] {
        let now_model = PaOptions {
            validity: ValidityModel::Now,
            ..PaOptions::at(t)
        };
        let report = verify(&testpki("sod-pss.bin"), &testpki_files(), &store, now_model);
        assert_eq!(report.certificate_chain, ChainCheck::Expired);
        assert_eq!(report.validity_model, ValidityModel::Now);
    }
}

// --- Validity models (make_pit.py): a CSCA valid 2018-04-22 .. 2026-04-22, like
// Morocco's 2018 generation, and a Document Signer (2020-03-01 .. 2031-03-01)
// that signed in 2020.

const PIT_CSCA: &str = "C=MA, O=cnie test, CN=CSCA-MAROC PIT TEST";

#[test]
fn point_in_time_accepts_a_csca_that_expired_after_signing() {
    let store = store_of(&["pit-csca.pem"]);
    let sod = testpki("sod-pit.bin");
    // 2026-11-23: the CSCA expired on 2026-04-22, the DS is still valid.
    let report = verify(&sod, &testpki_files(), &store, today());
    assert_eq!(report.status, PaStatus::Valid, "{report:#?}");
    assert_eq!(report.certificate_chain, ChainCheck::Valid);
    assert_eq!(report.validity_model, ValidityModel::PointInTime);
    assert_eq!(
        report.signing_time,
        SigningTime {
            source: SigningTimeSource::SodSigningTime,
            time: Some("2020-06-15T10:00:00Z".into())
        }
    );
    assert_eq!(
        report.expired_since,
        [ExpiredCertificate {
            subject: PIT_CSCA.into(),
            subject_key_identifier: report
                .anchor
                .as_ref()
                .unwrap()
                .subject_key_identifier
                .clone(),
            not_after: "2026-04-22T00:00:00Z".into(),
        }]
    );
    assert_eq!(report.anchor_country.as_deref(), Some("MA"));
    assert!(report.reasons.is_empty(), "{:?}", report.reasons);
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["validity_model"], "point_in_time");
    assert_eq!(json["signing_time"]["source"], "sod_signing_time");
    assert_eq!(json["signing_time"]["time"], "2020-06-15T10:00:00Z");
    assert_eq!(json["expired_since"][0]["subject"], PIT_CSCA);
    assert_eq!(
        json["expired_since"][0]["not_after"],
        "2026-04-22T00:00:00Z"
    );
    assert_eq!(json["anchor_country"], "MA");
    assert_eq!(json["revocation"], "not_checked");
    assert_eq!(json["weak_algorithms"], serde_json::json!([]));

    // The shell model: the CSCA is expired now.
    let now_model = PaOptions {
        validity: ValidityModel::Now,
        ..PaOptions::at(today())
    };
    let report = verify(&sod, &testpki_files(), &store, now_model);
    assert_eq!(report.certificate_chain, ChainCheck::Expired, "{report:#?}");
    assert_eq!(report.status, PaStatus::Invalid);
    assert!(report.expired_since.is_empty());
    assert!(
        report
            .reasons
            .iter()
            .any(|r| r.contains("2026-04-22T00:00:00Z, not now")),
        "{:?}",
        report.reasons
    );

    // 2032: the DS has expired too; both are listed, the chain stays valid.
    let report = verify(&sod, &testpki_files(), &store, at(unix(2032, 6, 1) as u64));
    assert_eq!(report.certificate_chain, ChainCheck::Valid, "{report:#?}");
    let subjects: Vec<&str> = report
        .expired_since
        .iter()
        .map(|e| e.subject.as_str())
        .collect();
    assert_eq!(subjects, ["C=MA, O=cnie test, CN=DS PIT", PIT_CSCA]);
}

#[test]
fn a_document_signer_used_outside_its_validity_is_expired() {
    let store = store_of(&["pit-csca.pem"]);
    // signingTime 2032-01-01 (GeneralizedTime): the DS expired on 2031-03-01.
    let sod = testpki("sod-pit-late.bin");
    let report = verify(&sod, &testpki_files(), &store, at(unix(2032, 6, 1) as u64));
    assert_eq!(report.certificate_chain, ChainCheck::Expired, "{report:#?}");
    assert_eq!(report.status, PaStatus::Invalid);
    assert_eq!(report.sod_signature, SignatureCheck::Valid);
    assert_eq!(
        report.signing_time.time.as_deref(),
        Some("2032-01-01T00:00:00Z")
    );
    assert!(
        report
            .reasons
            .iter()
            .any(|r| r.contains("not at the signing time 2032-01-01T00:00:00Z")),
        "{:?}",
        report.reasons
    );
    // A signing time after the verification time is refused.
    let report = verify(&sod, &testpki_files(), &store, at(unix(2030, 1, 1) as u64));
    assert_eq!(report.certificate_chain, ChainCheck::Invalid, "{report:#?}");
    assert!(
        report
            .reasons
            .iter()
            .any(|r| r.contains("is after the verification time"))
    );
}

#[test]
fn the_dg12_hint_is_used_without_a_signing_time() {
    // sod-pss.bin has no signingTime; its DS is valid 2024-01-01 .. 2034-01-01.
    let store = store_of(&["csca-2020.pem"]);
    let later = at(unix(2035, 1, 1) as u64);
    let hinted = PaOptions {
        signing_time_hint: Some(unix(2025, 3, 1)),
        ..PaOptions::at(later)
    };
    let report = verify(&testpki("sod-pss.bin"), &testpki_files(), &store, hinted);
    assert_eq!(report.status, PaStatus::Valid, "{report:#?}");
    assert_eq!(
        report.signing_time.source,
        SigningTimeSource::Dg12DateOfIssue
    );
    assert_eq!(
        report.signing_time.time.as_deref(),
        Some("2025-03-01T00:00:00Z")
    );
    assert_eq!(report.expired_since.len(), 1);
    assert_eq!(
        report.expired_since[0].subject,
        "C=ZZ, O=cnie test, CN=DS PSS"
    );
    // The SOD's own signingTime wins over the hint.
    let hinted = PaOptions {
        signing_time_hint: Some(unix(2019, 1, 1)),
        ..PaOptions::at(today())
    };
    let report = verify(
        &testpki("sod-pit.bin"),
        &testpki_files(),
        &store_of(&["pit-csca.pem"]),
        hinted,
    );
    assert_eq!(
        report.signing_time.source,
        SigningTimeSource::SodSigningTime
    );
    assert_eq!(report.status, PaStatus::Valid);
    // The shell model ignores the hint.
    let now_model = PaOptions {
        validity: ValidityModel::Now,
        signing_time_hint: Some(unix(2025, 3, 1)),
        at: later,
    };
    let report = verify(&testpki("sod-pss.bin"), &testpki_files(), &store, now_model);
    assert_eq!(report.certificate_chain, ChainCheck::Expired);
}

#[test]
fn weak_algorithms_are_warnings() {
    // SHA-1 data group hashes, sha1WithRSA by an RSA-1024 DS whose certificate
    // is signed sha1WithRSA by the (RSA-2048) CSCA.
    let store = store_of(&["pit-csca.pem"]);
    let report = verify(
        &testpki("sod-sha1.bin"),
        &testpki_files(),
        &store,
        mid_2025(),
    );
    assert_eq!(report.status, PaStatus::Valid, "{report:#?}");
    let weak: Vec<(WeakUsage, Weakness, &str, Option<&str>)> = report
        .weak_algorithms
        .iter()
        .map(|w| {
            (
                w.usage,
                w.weakness,
                w.algorithm.as_str(),
                w.subject.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        weak,
        [
            (WeakUsage::SodDataGroupHashes, Weakness::Sha1, "SHA-1", None),
            (WeakUsage::SodSignature, Weakness::Sha1, "SHA-1", None),
            (
                WeakUsage::SodSignature,
                Weakness::ShortRsaKey,
                "RSA-1024",
                None
            ),
            (
                WeakUsage::CertificateSignature,
                Weakness::Sha1,
                "SHA-1",
                Some("C=MA, O=cnie test, CN=DS SHA1")
            ),
        ]
    );
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["weak_algorithms"][0]["usage"], "sod_data_group_hashes");
    assert_eq!(json["weak_algorithms"][2]["weakness"], "short_rsa_key");
    assert_eq!(json["weak_algorithms"][3]["usage"], "certificate_signature");
}

#[test]
fn ecdsa_document_chains_through_a_link_certificate() {
    let sod = testpki("sod-ec.bin");
    let files = testpki_files();
    let parsed = Sod::parse(&sod).unwrap();
    assert_eq!(parsed.security_object().version, 1);
    assert_eq!(parsed.lds_version().unwrap().lds_version, "0108");
    assert_eq!(parsed.hash_algorithm(), algorithm::HashAlgorithm::Sha384);

    // The 2024 (brainpool) root alone.
    let report = verify(&sod, &files, &store_of(&["csca-2024.pem"]), mid_2025());
    assert_eq!(report.status, PaStatus::Valid, "{report:?}");
    assert_eq!(
        report.anchor.as_ref().unwrap().public_key,
        "EC brainpoolP256r1"
    );

    // The 2020 (RSA) root and the link certificate: DS → link → 2020 root.
    let store = store_of(&["csca-2020.pem", "link-2024.pem"]);
    let ds = signer::find_signer_certificate(parsed.signed_data(), parsed.signer_info()).unwrap();
    let outcome = chain::validate(&ds, &store, &ChainOptions::at(unix(2025, 6, 1)));
    assert_eq!(outcome.status, ChainCheck::Valid, "{outcome:?}");
    assert_eq!(outcome.path.len(), 3);
    assert_eq!(outcome.anchor.unwrap().public_key, "RSA-2048");
    assert_eq!(outcome.path[1].public_key, "EC brainpoolP256r1");

    // The 2020 root alone does not know the 2024 key: not trusted, though the
    // names are the same.
    let report = verify(&sod, &files, &store_of(&["csca-2020.pem"]), mid_2025());
    assert_eq!(report.status, PaStatus::NotTrusted, "{report:?}");
    assert_eq!(report.certificate_chain, ChainCheck::NotTrusted);
}

#[test]
fn a_revoked_document_signer_is_reported() {
    let sod = testpki("sod-revoked.bin");
    let files = testpki_files();
    let without_crl = verify(&sod, &files, &store_of(&["csca-2020.pem"]), mid_2025());
    assert_eq!(without_crl.status, PaStatus::Valid, "{without_crl:?}");

    let store = store_of(&["csca-2020.pem", "csca-2020.crl"]);
    assert_eq!(store.crls().len(), 1);
    assert_eq!(store.crls()[0].revoked_count(), 1);
    let report = verify(&sod, &files, &store, mid_2025());
    assert_eq!(report.revocation, RevocationCheck::Checked);
    assert_eq!(report.certificate_chain, ChainCheck::Revoked, "{report:?}");
    assert_eq!(report.status, PaStatus::Invalid);
    assert!(report.reasons.iter().any(|r| r.contains("revoked by CRL")));

    // The other Document Signer of the same CSCA is not listed.
    let report = verify(&testpki("sod-pss.bin"), &files, &store, mid_2025());
    assert_eq!(report.status, PaStatus::Valid, "{report:?}");
    assert_eq!(report.revocation, RevocationCheck::Checked);
    assert_eq!(without_crl.revocation, RevocationCheck::NotChecked);
}

#[test]
fn a_crl_with_a_bad_signature_is_ignored() {
    let mut crl = testpki("csca-2020.crl");
    let last = crl.len() - 1;
    crl[last] ^= 0x01;
    let mut store = store_of(&["csca-2020.pem"]);
    store.add_crl_der(&crl, "tampered.crl").unwrap();
    let report = verify(
        &testpki("sod-revoked.bin"),
        &testpki_files(),
        &store,
        mid_2025(),
    );
    assert_eq!(report.certificate_chain, ChainCheck::Valid, "{report:?}");
    assert_eq!(report.revocation, RevocationCheck::NotChecked);
    assert!(
        report
            .reasons
            .iter()
            .any(|r| r.contains("tampered.crl ignored"))
    );
}

#[test]
fn a_tampered_document_signer_certificate_breaks_the_chain() {
    // Change one byte of the DS certificate's own signature inside the SOD:
    // the SOD signature still verifies with the DS key, the chain does not.
    let mut sod = testpki("sod-pss.bin");
    let parsed = Sod::parse(&sod).unwrap();
    let cert = parsed.certificates()[0].clone();
    let start = sod
        .windows(cert.len())
        .position(|w| w == cert.as_slice())
        .unwrap();
    let end = start + cert.len();
    sod[end - 5] ^= 0x01;
    let report = verify(
        &sod,
        &testpki_files(),
        &store_of(&["csca-2020.pem"]),
        mid_2025(),
    );
    assert_eq!(report.sod_signature, SignatureCheck::Valid);
    assert_eq!(report.certificate_chain, ChainCheck::Invalid, "{report:?}");
    assert_eq!(report.status, PaStatus::Invalid);
    assert!(
        report
            .reasons
            .iter()
            .any(|r| r.contains("does not verify with CSCA"))
    );
}

#[test]
fn tampered_test_documents_are_invalid() {
    let store = store_of(&["csca-2020.pem", "csca-2024.pem"]);
    for name in ["sod-pss.bin", "sod-ec.bin", "sod-revoked.bin"] {
        // A data group changed.
        let mut files = testpki_files();
        if let Some(dg2) = files.get_mut(&2) {
            dg2[5] ^= 0x20;
        }
        let report = verify(&testpki(name), &files, &store, mid_2025());
        assert_eq!(
            by_name(&report.data_group_hashes)["DG2"],
            HashCheck::Mismatch,
            "{name}"
        );
        assert_eq!(report.status, PaStatus::Invalid, "{name}");

        // The signature broken.
        let mut sod = testpki(name);
        let off = signature_offset(&sod);
        sod[off + 10] ^= 0x04;
        let report = verify(&sod, &testpki_files(), &store, mid_2025());
        assert_eq!(report.sod_signature, SignatureCheck::Invalid, "{name}");
        assert_eq!(report.status, PaStatus::Invalid, "{name}");
    }
}

#[test]
fn corrupted_trust_material_never_panics() {
    let cert = TrustStore::with_builtin().anchors()[0]
        .certificate()
        .der()
        .to_vec();
    let crl = testpki("csca-2020.crl");
    for (i, _) in cert.iter().enumerate().step_by(3) {
        let mut bad = cert.clone();
        bad[i] ^= 0x5A;
        let _ = Certificate::from_der(&bad);
        let _ = TrustStore::new().add_bytes(&bad, "fuzz", "");
    }
    for i in 0..crl.len() {
        let mut bad = crl.clone();
        bad[i] ^= 0x5A;
        let _ = crl::Crl::from_der(&bad, "fuzz");
    }
    for len in 0..cert.len() {
        assert!(Certificate::from_der(&cert[..len]).is_err());
    }
    assert!(masterlist::MasterList::parse(&testpki("sod-pss.bin")[4..]).is_err());
    assert!(
        TrustStore::new()
            .add_masterlist(&[0x30, 0x80], "x")
            .is_err()
    );
}

/// A root whose own signature is broken is refused, every time: the check is
/// remembered by the anchor, not skipped.
#[test]
fn a_root_with_a_broken_self_signature_is_refused_every_time() {
    let good = store_of(&["csca-2020.pem"]);
    let mut der = good.anchors()[0].certificate().der().to_vec();
    let last = der.len() - 1;
    der[last] ^= 0x01;
    let mut broken = TrustStore::new();
    broken.add_der(&der, "broken").unwrap();
    for _ in 0..2 {
        let report = verify(
            &testpki("sod-pss.bin"),
            &testpki_files(),
            &broken,
            mid_2025(),
        );
        assert_eq!(report.certificate_chain, ChainCheck::Invalid, "{report:?}");
        assert!(
            report
                .reasons
                .iter()
                .any(|r| r.contains("does not verify its own signature")),
            "{:?}",
            report.reasons
        );
        let report = verify(&testpki("sod-pss.bin"), &testpki_files(), &good, mid_2025());
        assert_eq!(report.status, PaStatus::Valid, "{report:?}");
    }
    assert!(good.anchors()[0].verifies_itself());
    assert!(!broken.anchors()[0].verifies_itself());
}

// --- The store's indexes: linear loading, issuers picked by key identifier ---

/// Where the subject key identifier of `der` ends.
fn key_id_end(der: &[u8]) -> usize {
    let cert = Certificate::from_der(der).unwrap();
    let ski = cert.subject_key_id().unwrap();
    let extension = der
        .windows(5)
        .position(|w| w == [0x06, 0x03, 0x55, 0x1D, 0x0E])
        .unwrap();
    extension
        + der[extension..]
            .windows(ski.len())
            .position(|w| w == ski)
            .unwrap()
        + ski.len()
}

/// `der` with the last four bytes of its subject key identifier (ending at `end`)
/// replaced by `n`: another certificate of the same name and key (its own signature no
/// longer verifies; loading does not check it, and it is no longer self-issued).
fn with_key_id_at(der: &[u8], end: usize, n: u32) -> Vec<u8> {
    let mut out = der.to_vec();
    out[end - 4..end].copy_from_slice(&n.to_be_bytes());
    out
}

fn with_key_id(der: &[u8], n: u32) -> Vec<u8> {
    with_key_id_at(der, key_id_end(der), n)
}

fn pem_der(file: &str) -> Vec<u8> {
    let pem = testpki(file);
    let (_, block) = x509_parser::pem::parse_x509_pem(&pem).unwrap();
    block.contents
}

#[test]
fn twenty_thousand_anchors_load_without_comparing_each_with_every_other() {
    let template = TrustStore::with_builtin().anchors()[0]
        .certificate()
        .der()
        .to_vec();
    let end = key_id_end(&template);
    let ders: Vec<Vec<u8>> = (0..20_000)
        .map(|n| with_key_id_at(&template, end, n))
        .collect();
    let mut store = TrustStore::new();
    let start = std::time::Instant::now();
    for der in &ders {
        assert_eq!(store.add_der(der, "generated").unwrap(), 1);
    }
    let first_load = start.elapsed();
    assert_eq!(store.len(), 20_000);
    // New certificates are told apart by their digest: no certificate was compared
    // with another (the former store compared each with every anchor: 2 × 10^8).
    assert_eq!(store.der_comparisons, 0);
    // A duplicate costs one comparison, with the one anchor of the same digest.
    for der in &ders {
        assert_eq!(store.add_der(der, "again").unwrap(), 0);
    }
    assert_eq!(store.der_comparisons, 20_000);
    assert_eq!(store.len(), 20_000);
    // Generous, for a debug build on a loaded machine (the comparison count above is
    // the real check; timings of both stores are in docs/benchmarks.md).
    assert!(
        first_load < Duration::from_secs(120),
        "loading 20,000 anchors took {first_load:?}"
    );
}

#[test]
fn the_issuer_is_picked_by_key_identifier_among_same_name_anchors() {
    let csca_2020 = pem_der("csca-2020.pem");
    let sod = Sod::parse(&testpki("sod-pss.bin")).unwrap();
    let ds = Certificate::from_der(&sod.certificates()[0]).unwrap();
    assert_eq!(
        ds.authority_key_id().map(hex::encode).as_deref(),
        Some("b4e8fa23de86a40e09b535804469bf6f084da935")
    );
    // The 2024 generation, then 30 certificates of the same name and the same key as the
    // 2020 CSCA but other key identifiers (each would verify the Document Signer, and
    // would end a valid path as a link certificate), and the 2020 CSCA last.
    let mut store = store_of(&["csca-2024.pem"]);
    for n in 0..30 {
        store
            .add_der(&with_key_id(&csca_2020, n), "same name")
            .unwrap();
    }
    store.add_der(&csca_2020, "csca-2020").unwrap();
    assert_eq!(store.len(), 32);
    let issuers = store.issuers_of(&ds);
    assert_eq!(issuers.len(), 1, "{issuers:?}");
    assert_eq!(issuers[0].source(), "csca-2020");
    assert_eq!(store.named_issuers_of(&ds).len(), 32);

    let outcome = chain::validate(&ds, &store, &ChainOptions::at(unix(2025, 6, 1)));
    assert_eq!(outcome.status, ChainCheck::Valid, "{outcome:?}");
    assert_eq!(outcome.path.len(), 2);
    assert_eq!(
        outcome.anchor.unwrap().subject_key_identifier.as_deref(),
        Some("b4e8fa23de86a40e09b535804469bf6f084da935")
    );
    assert!(outcome.reasons.is_empty(), "{:?}", outcome.reasons);
}

#[test]
fn without_an_anchor_of_its_key_identifier_the_issuer_is_sought_by_name() {
    let sod = Sod::parse(&testpki("sod-pss.bin")).unwrap();
    let ds = Certificate::from_der(&sod.certificates()[0]).unwrap();
    let options = ChainOptions::at(unix(2025, 6, 1));
    // Only the other generation: tried by name, its key does not verify: not trusted
    // (perhaps a generation not known), not invalid.
    let store = store_of(&["csca-2024.pem"]);
    assert!(store.issuers_of(&ds).is_empty());
    let outcome = chain::validate(&ds, &store, &options);
    assert_eq!(outcome.status, ChainCheck::NotTrusted, "{outcome:?}");
    assert!(
        outcome
            .reasons
            .iter()
            .any(|r| r.contains("does not verify with CSCA")),
        "{:?}",
        outcome.reasons
    );
    // A CSCA of that name whose key identifier differs but whose key verifies: chained,
    // with a note.
    let mut store = store_of(&["csca-2024.pem"]);
    store
        .add_der(&with_key_id(&pem_der("csca-2020.pem"), 7), "other key id")
        .unwrap();
    let outcome = chain::validate(&ds, &store, &options);
    assert_eq!(outcome.status, ChainCheck::Valid, "{outcome:?}");
    assert_eq!(outcome.path.len(), 2);
    assert!(
        outcome.reasons.iter().any(|r| r.contains("found by name")),
        "{:?}",
        outcome.reasons
    );
}
