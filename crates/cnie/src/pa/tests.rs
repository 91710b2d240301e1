//! Passive authentication against real documents, the Moroccan CSCAs and
//! the German and Dutch master lists.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::*;
use crate::lds::sod::Sod;

fn vector(path: &str) -> Vec<u8> {
    let full = format!("{}/../../test-vectors/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// EF.SOD and every DGn.bin of a sample.
fn sample(name: &str) -> (Vec<u8>, BTreeMap<u8, Vec<u8>>) {
    let sod = vector(&format!("samples/{name}/EF.SOD.bin"));
    let mut files = BTreeMap::new();
    for dg in 1..=16u8 {
        let path = format!(
            "{}/../../test-vectors/samples/{name}/DG{dg}.bin",
            env!("CARGO_MANIFEST_DIR")
        );
        if let Ok(bytes) = std::fs::read(path) {
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
    let ds = signer::find_signer_certificate(sod.signed_data(), sod.signer_info())?;
    signer::verify_signer_info(sod.signed_data(), sod.signer_info(), &ds)
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
            assert_eq!(report.data_group_hashes["DG1"], HashCheck::Mismatch);
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
        assert_eq!(report.data_group_hashes.keys().collect::<Vec<_>>(), dgs);
        // Files not listed in the SOD (bsi2008's DG4 and DG15) are left out.
        for (dg, verdict) in &report.data_group_hashes {
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
    assert_eq!(report.data_group_hashes.len(), 5);
}

#[test]
fn a_changed_data_group_is_a_mismatch() {
    let (sod, mut files) = sample("loes2006");
    if let Some(dg1) = files.get_mut(&1) {
        let last = dg1.len() - 1;
        dg1[last] ^= 0x01;
    }
    let report = verify(&sod, &files, &TrustStore::new(), today());
    assert_eq!(report.data_group_hashes["DG1"], HashCheck::Mismatch);
    assert_eq!(report.data_group_hashes["DG2"], HashCheck::Match);
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
    assert!(!report.data_group_hashes.contains_key("DG15"));
    assert!(!report.data_group_hashes.contains_key("DG4"));
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
        assert_eq!(a.subject, "C=MA, O=Gov, CN=CSCA-MAROC");
        assert!(a.source.starts_with("builtin:MA_CSCA-MAROC"));
        assert_eq!(
            a.certificate().public_key().unwrap().description(),
            "RSA-4096"
        );
    }
    let mut skis: Vec<&str> = store
        .anchors()
        .iter()
        .map(|a| a.ski.as_deref().unwrap())
        .collect();
    skis.sort();
    skis.dedup();
    let mut expected = MOROCCO_SKIS.to_vec();
    expected.sort();
    assert_eq!(skis, expected);
    // 2021-01-27 … 2029-03-27 for the 2021 generation.
    assert!(
        store.anchors().iter().any(
            |a| a.not_before == "2021-01-27T00:00:00Z" && a.not_after == "2029-03-27T00:00:00Z"
        )
    );
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
                cert.verify_signed_by(&key),
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
        let ski = a.ski.as_deref().unwrap();
        let aki = a.aki.as_deref().unwrap();
        // Keep the 2021 root and the 2021→2023 link only.
        if (ski == MOROCCO_SKIS[2] && aki == MOROCCO_SKIS[2])
            || (ski == MOROCCO_SKIS[3] && aki == MOROCCO_SKIS[2])
        {
            partial.add_der(a.certificate().der(), &a.source).unwrap();
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
    let outcome = chain::validate(root_2023, &partial, unix(2025, 1, 1));
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
        .filter(|a| a.source.contains("icao-bsi"))
        .map(|a| a.certificate().der())
        .collect();
    assert_eq!(icao_bsi.len(), 4);
    for (file, count) in [("DE_ML_2026-05-05.ml", 580), ("NL_ML_2026-07-22.ml", 411)] {
        let bytes = vector(&format!("trust/masterlists/{file}"));
        let ml = masterlist::MasterList::parse(&bytes).unwrap();
        assert_eq!(ml.certificates().len(), count, "{file}");
        assert_eq!(ml.verify_signature(), Ok(()), "{file}");

        let mut store = TrustStore::new();
        let added = store.add_masterlist(&bytes, file).unwrap();
        assert!(added > 200 && added <= count, "{file}: {added}");
        for ski in &MOROCCO_SKIS[2..] {
            assert!(
                store.anchors().iter().any(|a| a.ski.as_deref() == Some(*ski)
                    && a.aki.as_deref() == Some(*ski)
                    && a.subject == "C=MA, O=Gov, CN=CSCA-MAROC"),
                "{file} lacks the Moroccan root {ski}"
            );
        }
        if file.starts_with("DE") {
            for der in &icao_bsi {
                assert!(store.anchors().iter().any(|a| a.certificate().der() == *der));
            }
        }
        // Loading it again adds nothing.
        assert_eq!(store.add_masterlist(&bytes, file).unwrap(), 0);
        // A corrupted list is refused (its structure or its signature).
        let mut bad = bytes.clone();
        let mid = bad.len() / 2;
        bad[mid] ^= 0xFF;
        assert!(masterlist::MasterList::parse(&bad).map(|m| m.verify_signature()).map_or(true, |r| r.is_err()));
    }
}

#[test]
fn add_path_reads_files_folders_and_master_lists() {
    let dir = format!("{}/../../test-vectors/trust", env!("CARGO_MANIFEST_DIR"));
    let mut store = TrustStore::new();
    let n = store.add_path(format!("{dir}/morocco")).unwrap();
    assert_eq!(n, 6);
    assert_eq!(store.len(), 6);
    // The master lists add many more, and the Moroccan ones only once.
    let mut all = TrustStore::new();
    all.add_path(&dir).unwrap();
    let moroccan = all
        .anchors()
        .iter()
        .filter(|a| a.subject == "C=MA, O=Gov, CN=CSCA-MAROC")
        .count();
    assert!(moroccan >= 6, "{moroccan}");
    assert!(all.len() > 300);
    // A file that is none of the supported kinds is an error naming it.
    let err = store
        .add_path(format!(
            "{}/../../test-vectors/samples/README.md",
            env!("CARGO_MANIFEST_DIR")
        ))
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
        pem.extend(vector(&format!("trust/morocco/{name}")));
    }
    let mut store = TrustStore::new();
    assert_eq!(store.add_pem(&pem, "two.pem").unwrap(), 2);
    assert!(store.add_pem(b"not pem", "x").is_err());
    assert!(store.add_der(&[0x30, 0x03, 0x02, 0x01, 0x01], "x").is_err());
}
