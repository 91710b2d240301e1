//! `cnie::session::read_document` against the software card, in process.

mod common;

use cnie::keys::AccessKey;
use cnie::keys::PasswordKind;
use cnie::lds::file::LdsFile;
use cnie::session::{LengthPreference, Protocol, ReadOptions, read_document};
use cnie_sim::{FileName, SimTransport};
use common::*;

fn options(length: LengthPreference) -> ReadOptions {
    ReadOptions {
        length,
        ..ReadOptions::default()
    }
}

#[test]
fn a_bac_card_is_read_with_one_apdu_a_file() {
    let mut card = specimen();
    card.config.protocols.pace = false;
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
    // BAC only: READ BINARY EF.CardAccess (6A82), SELECT,
    // GET CHALLENGE, EXTERNAL AUTHENTICATE, and one READ BINARY a file.
    assert_eq!(
        doc.access.map(|a| (a.protocol, a.password)).unwrap(),
        (Protocol::Bac, PasswordKind::Mrz)
    );
    assert_eq!(doc.stats.apdus, 1 + 3 + 5);
    assert!(doc.skipped.is_empty());
}

/// The specimen with PACE on (as `cnie-sim serve --access both`).
fn with_pace() -> cnie_sim::CardImage {
    let mut card = specimen();
    card.config.protocols.pace = true;
    card
}

#[test]
fn a_pace_card_is_read_with_pace() {
    let card = with_pace();
    let transport = SimTransport::new(&card).unwrap();
    let doc = read_document(
        transport,
        &AccessKey::Mrz(specimen_key()),
        &options(LengthPreference::Auto),
        |_| {},
    )
    .unwrap();
    assert_eq!(
        doc.access.map(|a| (a.protocol, a.password)).unwrap(),
        (Protocol::Pace, PasswordKind::Mrz)
    );
    // READ BINARY EF.CardAccess, MSE:Set AT, four GENERAL AUTHENTICATE,
    // SELECT, and one READ BINARY a file.
    assert_eq!(doc.stats.apdus, 1 + 5 + 1 + 5);
    assert_eq!(
        doc.files.get(&LdsFile::dg(2).unwrap()),
        card.files.get(&FileName::Dg(2))
    );
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
            if let cnie::session::Progress::Skipped(f) = p {
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
fn a_can_opens_the_card_with_pace() {
    let card = with_pace();
    let transport = SimTransport::new(&card).unwrap();
    let key = AccessKey::Can(cnie::keys::Can::new("246810").unwrap());
    let doc = read_document(transport, &key, &options(LengthPreference::Auto), |_| {}).unwrap();
    assert_eq!(
        doc.access.map(|a| (a.protocol, a.password)).unwrap(),
        (Protocol::Pace, PasswordKind::Can)
    );
    assert_eq!(
        doc.files.get(&LdsFile::dg(1).unwrap()),
        card.files.get(&FileName::Dg(1))
    );
    // A wrong CAN is refused, not retried.
    let transport = SimTransport::new(&card).unwrap();
    let wrong = AccessKey::Can(cnie::keys::Can::new("135790").unwrap());
    let err =
        read_document(transport, &wrong, &options(LengthPreference::Auto), |_| {}).unwrap_err();
    assert!(matches!(err, cnie::Error::AccessDenied), "{err:?}");
}

/// A card that stalls under PACE with the MRZ (`pace-stall`): the reader resets
/// it and opens it with BAC, and says so.
#[test]
fn a_card_that_stalls_under_pace_mrz_is_reset_then_read_with_bac() {
    let card = with_pace();
    let transport = SimTransport::with_faults(&card, &[cnie_sim::Fault::PaceStall]).unwrap();
    let doc = read_document(
        transport,
        &AccessKey::Mrz(specimen_key()),
        &options(LengthPreference::Auto),
        |_| {},
    )
    .unwrap();
    assert_eq!(
        doc.access.map(|a| (a.protocol, a.password)).unwrap(),
        (Protocol::Bac, PasswordKind::Mrz)
    );
    assert!(
        doc.notes
            .iter()
            .any(|n| n.contains("stopped answering during PACE with the MRZ")),
        "{:?}",
        doc.notes
    );
    assert!(doc.files.contains_key(&LdsFile::from_name("DG1").unwrap()));
}

/// With the CAN as well, the CAN comes first and the stall never happens.
#[test]
fn with_the_can_a_stalling_card_opens_with_pace() {
    let card = with_pace();
    let transport = SimTransport::with_faults(&card, &[cnie_sim::Fault::PaceStall]).unwrap();
    let keys = [
        AccessKey::Can(cnie::keys::Can::new("246810").unwrap()),
        AccessKey::Mrz(specimen_key()),
    ];
    let doc = cnie::session::read_document_with(
        transport,
        &keys,
        &options(LengthPreference::Auto),
        |_| {},
    )
    .unwrap();
    assert_eq!(
        doc.access.map(|a| (a.protocol, a.password)).unwrap(),
        (Protocol::Pace, PasswordKind::Can)
    );
    assert!(doc.notes.is_empty(), "{:?}", doc.notes);
}

/// A card left in a secure-messaging session (by another program that did not
/// reset it) answers the first plain command with 6988 and drops the session:
/// the reader selects the master file and goes on.
#[test]
fn a_card_left_in_a_session_is_read_again() {
    let card = with_pace();
    let mut transport = SimTransport::new(&card).unwrap();
    let can = AccessKey::Can(cnie::keys::Can::new("246810").unwrap());
    let keys = std::slice::from_ref(&can);
    let options = options(LengthPreference::Auto);
    let first = cnie::session::read_document_from(
        cnie::card::Card::new(&mut transport),
        keys,
        &options,
        |_| {},
    )
    .unwrap();
    assert!(transport.chip().is_secure(), "the session is still open");
    let second = cnie::session::read_document_from(
        cnie::card::Card::new(&mut transport),
        keys,
        &options,
        |_| {},
    )
    .unwrap();
    assert_eq!(second.access.map(|a| a.protocol), Some(Protocol::Pace));
    assert_eq!(first.files, second.files);
    // The refused read, SELECT MF and the read again: two APDUs more.
    assert_eq!(second.stats.apdus, first.stats.apdus + 2);
}
