//! Extended length found, not only announced: the library's session against cards that
//! say nothing about the APDU length (no card capabilities in the ATR, no EF.ATR/INFO).
//! A card that takes extended length is read in one READ BINARY a file, as if it had
//! announced it (one APDU more: the EF.ATR/INFO that is not there); a card that refuses
//! it costs at most five APDUs over a reader told `short` from the start, and the data
//! is the same byte for byte.

mod common;

use cnie::keys::{AccessKey, Can};
use cnie::session::{Document, LengthPreference, Protocol, ReadOptions, read_document};
use cnie_sim::{CardImage, SimTransport};
use common::*;

/// The specimen: PACE (with EF.CardAccess) or BAC only, taking extended length or
/// not, announcing it or not.
fn card(pace: bool, extended: bool, announce: bool) -> CardImage {
    let mut image = specimen();
    image.config.protocols.pace = pace;
    image.config.protocols.bac = true;
    image.config.transport.extended_length = extended;
    image.config.transport.announce_length = announce;
    image
}

fn read(image: &CardImage, pace: bool, length: LengthPreference) -> Document {
    let key = if pace {
        AccessKey::Can(Can::new("246810").unwrap())
    } else {
        AccessKey::Mrz(specimen_key())
    };
    let options = ReadOptions {
        length,
        ..ReadOptions::default()
    };
    let document = read_document(SimTransport::new(image).unwrap(), &key, &options, |_| {})
        .unwrap_or_else(|e| panic!("pace {pace}, {length:?}: {e}"));
    let expected = if pace { Protocol::Pace } else { Protocol::Bac };
    assert_eq!(document.access.as_ref().unwrap().protocol, expected);
    document
}

#[test]
fn a_silent_card_that_takes_extended_length_gets_it() {
    for pace in [true, false] {
        let announced = read(&card(pace, true, true), pace, LengthPreference::Auto);
        let silent = read(&card(pace, true, false), pace, LengthPreference::Auto);
        assert!(silent.extended_length, "pace {pace}");
        assert_eq!(silent.files, announced.files, "pace {pace}");
        // The one extra APDU is EF.ATR/INFO, absent.
        assert_eq!(silent.stats.apdus, announced.stats.apdus + 1, "pace {pace}");
        assert!(
            silent.notes.iter().any(|n| n.contains("extended length")),
            "{:?}",
            silent.notes
        );
    }
}

#[test]
fn a_silent_card_that_refuses_extended_length_costs_at_most_five_apdus() {
    for pace in [true, false] {
        let floor = read(&card(pace, false, false), pace, LengthPreference::Short);
        let auto = read(&card(pace, false, false), pace, LengthPreference::Auto);
        assert!(!auto.extended_length, "pace {pace}");
        assert_eq!(auto.files, floor.files, "pace {pace}: the same bytes");
        assert!(
            auto.stats.apdus <= floor.stats.apdus + 5,
            "pace {pace}: {} APDUs, floor {}",
            auto.stats.apdus,
            floor.stats.apdus
        );
        assert!(
            auto.notes
                .iter()
                .any(|n| n.contains("refused extended length")),
            "{:?}",
            auto.notes
        );
        eprintln!(
            "pace {pace}: {} APDUs with auto, {} with short",
            auto.stats.apdus, floor.stats.apdus
        );
    }
}

/// An announcement is believed: a card that says "short" is not probed.
#[test]
fn an_announced_short_card_is_not_probed() {
    let image = card(true, false, true);
    let floor = read(&image, true, LengthPreference::Short);
    let auto = read(&image, true, LengthPreference::Auto);
    assert!(!auto.extended_length);
    // The ATR says it: not one APDU more.
    assert_eq!(auto.stats.apdus, floor.stats.apdus);
}
