//! The bundle on the specimen: a round trip, the verdict offline, and every edit refused.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::*;
use crate::keys::PasswordKind;
use crate::test_support::vector_path;
use crate::verdict::VerdictStatus;

fn specimen() -> Document {
    let files: BTreeMap<_, _> = LdsFile::all()
        .filter_map(|f| {
            let path = format!("cards/specimen/{}", f.file_name());
            crate::test_support::try_read_vector(&path).map(|b| (f, b))
        })
        .collect();
    let mut doc = Document::from_files(files, None);
    doc.access = Some(Access {
        protocol: Protocol::Pace,
        password: PasswordKind::Can,
        downgraded: false,
    });
    doc.card_access = Some(vec![0x31, 0x00]);
    doc
}

fn trusted() -> TrustStore {
    let mut store = TrustStore::new();
    store.add_path(vector_path("pki/csca.pem")).unwrap();
    store
}

/// 2026-11-23.
fn today() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_795_392_000)
}

fn bundle() -> Vec<u8> {
    Evidence::from_document(&specimen(), today() + Duration::from_millis(999)).to_bytes()
}

#[test]
fn a_bundle_reads_back_as_written_and_verifies_offline() {
    let bytes = bundle();
    let evidence = Evidence::from_bytes(&bytes).unwrap();
    assert_eq!(evidence.format_version(), FORMAT_VERSION);
    assert_eq!(evidence.read_at(), today(), "kept to the second");
    assert_eq!(evidence.protocol(), Some(Protocol::Pace));
    assert_eq!(evidence.access().unwrap().password, PasswordKind::Can);
    assert!(evidence.tool_version().starts_with("cnie "));
    assert_eq!(
        evidence.files.get(&LdsFile::CardAccess),
        Some(&vec![0x31, 0x00])
    );
    let dg1 = std::fs::read(vector_path("cards/specimen/DG1.bin")).unwrap();
    assert_eq!(
        evidence.file_sha256(LdsFile::dg(1).unwrap()),
        Some(wire::sha256(&dg1))
    );
    assert_eq!(evidence.to_bytes(), bytes);
    let doc = evidence.document();
    assert_eq!(doc.card_access, Some(vec![0x31, 0x00]));
    assert!(!doc.files.contains_key(&LdsFile::CardAccess));
    let verdict = verify_evidence(&bytes, &trusted(), &Policy::default(), today()).unwrap();
    assert_eq!(
        verdict.status,
        VerdictStatus::Authentic,
        "{:?}",
        verdict.reasons
    );
    let verdict = verify_evidence(&bytes, &TrustStore::new(), &Policy::default(), today()).unwrap();
    assert_eq!(verdict.status, VerdictStatus::NotTrusted);
}

#[test]
fn the_bundle_is_readable_json_with_the_documented_members() {
    let json: serde_json::Value = serde_json::from_slice(&bundle()).unwrap();
    assert_eq!(json["format"], "cnie-evidence");
    assert_eq!(json["format_version"], 1);
    let content = &json["content"];
    assert_eq!(content["read_at"], "2026-11-23T00:00:00Z");
    assert_eq!(content["access"]["protocol"], "PACE");
    assert_eq!(content["files"][0]["name"], "EF.COM");
    assert_eq!(json["integrity"]["algorithm"], "SHA-256");
}

/// Flips one bit of byte `i` (a different bit from one byte to the next).
fn flipped(bytes: &[u8], i: usize) -> Vec<u8> {
    let mut edited = bytes.to_vec();
    edited[i] ^= 1 << (i % 8);
    edited
}

/// The byte ranges of the files' hex `data`: sampled; the rest of the bundle (all
/// metadata, hashes, the digest) is edited at every byte.
fn data_ranges(bytes: &[u8]) -> Vec<std::ops::Range<usize>> {
    let text = std::str::from_utf8(bytes).unwrap();
    let mut ranges = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("\"data\": \"") {
        let start = from + at + "\"data\": \"".len();
        let end = start + text[start..].find('"').unwrap();
        ranges.push(start..end);
        from = end;
    }
    ranges
}

#[test]
fn a_bundle_edited_in_any_byte_is_never_authentic() {
    let bytes = bundle();
    let trust = trusted();
    let data = data_ranges(&bytes);
    assert_eq!(data.len(), 6, "six files");
    let mut tried = 0;
    for i in 0..bytes.len() {
        // In the files' bytes, one hex digit in 29 (every bit position in turn): any
        // change of a file's bytes meets the same check, its SHA-256.
        if data.iter().any(|r| r.contains(&i)) && i % 29 != 0 {
            continue;
        }
        tried += 1;
        let edited = flipped(&bytes, i);
        if let Ok(verdict) = verify_evidence(&edited, &trust, &Policy::default(), today()) {
            assert_ne!(verdict.status, VerdictStatus::Authentic, "byte {i} edited");
        }
    }
    let metadata = bytes.len() - data.iter().map(|r| r.len()).sum::<usize>();
    assert!(
        tried > metadata + (bytes.len() - metadata) / 30,
        "{tried} of {}",
        bytes.len()
    );
}

#[test]
fn each_kind_of_edit_gets_its_typed_error() {
    let bytes = bundle();
    let text = String::from_utf8(bytes.clone()).unwrap();
    let edit = |from: &str, to: &str| {
        assert!(text.contains(from), "{from}");
        Evidence::from_bytes(text.replacen(from, to, 1).as_bytes()).unwrap_err()
    };
    // Metadata: only the integrity digest sees it.
    assert_eq!(
        edit("\"password\": \"CAN\"", "\"password\": \"MRZ\""),
        EvidenceError::IntegrityMismatch
    );
    assert!(matches!(
        edit(
            "\"read_at_unix\": 1795392000",
            "\"read_at_unix\": 1795392001"
        ),
        EvidenceError::InvalidField { .. }
    ));
    // A file's bytes: its SHA-256.
    let com = hex::encode(std::fs::read(vector_path("cards/specimen/EF.COM.bin")).unwrap());
    let changed = format!("{}0{}", &com[..4], &com[5..]);
    assert_eq!(
        edit(&com, &changed),
        EvidenceError::FileHashMismatch(LdsFile::Com)
    );
    // Forgiven by a JSON parser, refused here.
    assert_eq!(edit("{\n", "{ \n"), EvidenceError::NotCanonical);
    assert_eq!(
        edit("\"format_version\": 1", "\"format_version\": 2"),
        EvidenceError::UnsupportedVersion(2)
    );
    assert!(matches!(
        edit("\"cnie-evidence\"", "\"other\""),
        EvidenceError::NotEvidence(_)
    ));
    assert!(matches!(
        edit("\"EF.COM\"", "\"EF.XYZ\""),
        EvidenceError::UnknownFile(_)
    ));
    assert!(matches!(
        edit("\"tool_version\"", "\"tool\""),
        EvidenceError::Malformed(_)
    ));
    assert!(matches!(
        Evidence::from_bytes(&bytes[..bytes.len() / 2]).unwrap_err(),
        EvidenceError::Malformed(_)
    ));
    let huge = vec![b' '; MAX_BUNDLE_SIZE + 1];
    assert!(matches!(
        Evidence::from_bytes(&huge).unwrap_err(),
        EvidenceError::TooLarge { .. }
    ));
}

#[test]
fn active_authentication_is_kept_and_a_recorded_failure_counts_offline() {
    let mut doc = specimen();
    doc.active_authentication = Some(ActiveAuthenticationExchange {
        challenge: [1, 2, 3, 4, 5, 6, 7, 8],
        response: Some(vec![9; 128]),
    });
    doc.ca = Some(ChipAuthenticationCheck::Failed {
        reason: "the chip's answer does not verify\u{7}".into(),
    });
    let evidence = Evidence::from_document(&doc, today());
    let back = Evidence::from_bytes(&evidence.to_bytes()).unwrap();
    assert_eq!(back.active_authentication, doc.active_authentication);
    assert_eq!(
        back.chip_checks_at_read.chip_authentication,
        Some(ChipAuthenticationCheck::Failed {
            reason: "the chip's answer does not verify?".into()
        })
    );
    let verdict = back
        .document()
        .verify(&trusted(), &Policy::default(), today());
    assert_eq!(verdict.status, VerdictStatus::Invalid);
    // A passed Chip Authentication is recorded but proves nothing offline.
    doc.ca = Some(ChipAuthenticationCheck::Passed { key_id: Some(1) });
    doc.active_authentication = None;
    let back = Evidence::from_bytes(&Evidence::from_document(&doc, today()).to_bytes()).unwrap();
    assert_eq!(
        back.chip_checks_at_read.chip_authentication, doc.ca,
        "recorded"
    );
    let verdict = back
        .document()
        .verify(&trusted(), &Policy::default(), today());
    assert_eq!(verdict.status, VerdictStatus::Authentic);
    assert_eq!(verdict.chip, crate::verdict::ChipStatus::NotChecked);
}
