//! `cnie::reader::read_document` against the software card, in process.

mod common;

use cnie::keys::AccessKey;
use cnie::lds::file::LdsFile;
use cnie::reader::{LengthPreference, ReadOptions, read_document};
use cnie_sim::{FileName, SimTransport};
use common::*;

fn options(length: LengthPreference) -> ReadOptions {
    ReadOptions { length }
}

#[test]
fn reads_every_listed_file_once_in_one_apdu_each() {
    let card = specimen();
    let transport = SimTransport::new(&card).unwrap();
    let doc = read_document(
        transport,
        &AccessKey::Mrz(specimen_key()),
        &options(LengthPreference::Auto),
        |_| {},
    )
    .unwrap();
    assert!(
        doc.extended_length,
        "the specimen's ATR announces extended length"
    );
    for name in [
        FileName::Com,
        FileName::Sod,
        FileName::Dg(1),
        FileName::Dg(2),
        FileName::Dg(11),
    ] {
        let file = LdsFile::from_name(&name.file_name()).unwrap();
        assert_eq!(
            doc.files.get(&file).map(Vec::as_slice),
            card.files.get(&name).map(Vec::as_slice),
            "{name:?}"
        );
    }
    // SELECT, GET CHALLENGE, EXTERNAL AUTHENTICATE, and one READ BINARY a file.
    assert_eq!(doc.stats.apdus, 3 + 5);
    assert!(doc.skipped.is_empty());
}

#[test]
fn short_apdus_when_the_card_says_nothing_of_extended_length() {
    let card = specimen();
    let transport = SimTransport::new(&card).unwrap();
    let doc = read_document(
        transport,
        &AccessKey::Mrz(specimen_key()),
        &options(LengthPreference::Short),
        |_| {},
    )
    .unwrap();
    assert!(!doc.extended_length);
    let dg2 = card.files.get(&FileName::Dg(2)).unwrap();
    // 223 plaintext bytes a READ BINARY under short secure messaging.
    assert!(doc.stats.apdus >= 3 + 4 + dg2.len().div_ceil(223) as u64);
    assert_eq!(doc.files.get(&LdsFile::dg(2).unwrap()), Some(dg2));
}

#[test]
fn terminal_authentication_files_and_absent_files_are_skipped_not_fatal() {
    // EF.COM lists DG1, DG2, DG3 (refused: Terminal Authentication), DG11 and DG12 (absent).
    let mut card = specimen().with_file(FileName::Dg(3), h("63035F2E00"));
    card.files.insert(
        FileName::Com,
        h("60175F0104303130375F36063034303030305C0561756B636C"),
    );
    let transport = SimTransport::new(&card).unwrap();
    let mut skipped_events = Vec::new();
    let doc = read_document(
        transport,
        &AccessKey::Mrz(specimen_key()),
        &options(LengthPreference::Auto),
        |p| {
            if let cnie::reader::Progress::Skipped(f) = p {
                skipped_events.push(f);
            }
        },
    )
    .unwrap();
    let skipped: Vec<(String, String)> = doc
        .skipped
        .iter()
        .map(|s| (s.file.to_string(), s.reason.clone()))
        .collect();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert_eq!(skipped[0].0, "DG3");
    assert!(
        skipped[0].1.contains("Terminal Authentication"),
        "{skipped:?}"
    );
    assert_eq!(skipped[1].0, "DG12");
    assert!(skipped[1].1.contains("not on the chip"), "{skipped:?}");
    assert_eq!(skipped_events.len(), 2);
    assert!(doc.files.contains_key(&LdsFile::dg(11).unwrap()));
    assert!(!doc.files.contains_key(&LdsFile::dg(3).unwrap()));
}

#[test]
fn a_can_is_refused_until_pace_exists() {
    let transport = SimTransport::new(&specimen()).unwrap();
    let key = AccessKey::Can(cnie::keys::Can::new("246810").unwrap());
    let err = read_document(transport, &key, &options(LengthPreference::Auto), |_| {}).unwrap_err();
    assert!(matches!(err, cnie::Error::Unsupported(_)), "{err}");
}
