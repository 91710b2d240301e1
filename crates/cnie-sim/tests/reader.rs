//! The library's reader against the simulated specimen card: BAC, then
//! every file, in extended and short length, with small responses; wrong
//! keys; secure-messaging failures; faults.

mod common;

use cnie::Error;
use cnie::card::{Card, LengthMode};
use cnie::iso7816::{Command, Response, StatusWord, Transport, TransportError};
use cnie_sim::fs::EMRTD_AID;
use cnie_sim::{CardImage, Fault, FileName, SimTransport};
use common::*;

fn card_with(extended: bool, max_response: usize) -> (CardImage, Card<SimTransport>) {
    let mut image = specimen();
    image.config.transport.extended_length = extended;
    image.config.transport.max_response = max_response;
    let transport = SimTransport::new(&image).unwrap();
    let mut card = Card::new(transport);
    card.set_length_mode(if extended {
        LengthMode::Extended
    } else {
        LengthMode::Short
    });
    (image, card)
}

/// BAC, then every file of the specimen by SFI; each must come back whole.
fn read_everything(extended: bool, max_response: usize) -> u64 {
    let (image, mut card) = card_with(extended, max_response);
    card.select_application(&EMRTD_AID).unwrap();
    cnie::bac::authenticate(&mut card, &specimen_key()).unwrap();
    assert!(card.is_secure());
    assert_eq!(image.files.len(), 5);
    for (name, expected) in &image.files {
        let mut last = (0, 0);
        let data = card
            .read_file(name.sfi(), |done, total| last = (done, total))
            .unwrap();
        assert_eq!(
            &data, expected,
            "{name} (extended {extended}, max {max_response})"
        );
        assert_eq!(last, (expected.len(), expected.len()));
    }
    card.stats().apdus
}

#[test]
fn reads_every_file_with_extended_length() {
    let apdus = read_everything(true, 65536);
    // SELECT, GET CHALLENGE, EXTERNAL AUTHENTICATE, one READ BINARY per file.
    assert_eq!(apdus, 3 + 5);
}

#[test]
fn reads_every_file_with_short_length() {
    let apdus = read_everything(false, 65536);
    // DG2 (about 15 KB) takes many chunks of at most 223 bytes.
    let dg2 = specimen().files[&FileName::Dg(2)].len() as u64;
    assert!(apdus >= 3 + 4 + dg2 / 223, "{apdus}");
}

#[test]
fn reads_every_file_with_small_responses() {
    for max in [16, 100, 223, 1000] {
        read_everything(true, max);
        read_everything(false, max);
    }
}

#[test]
fn wrong_key_is_access_denied() {
    let (_, mut card) = card_with(true, 65536);
    card.select_application(&EMRTD_AID).unwrap();
    let wrong = cnie::keys::MrzKey::new("AB0123457", "900115", "310115").unwrap();
    let err = cnie::bac::authenticate(&mut card, &wrong).unwrap_err();
    assert!(matches!(err, Error::AccessDenied), "{err:?}");
    assert!(!card.is_secure());
    assert!(!card.transport().chip().is_secure());
    // Nothing is readable.
    let err = card.read_file(1, |_, _| {}).unwrap_err();
    assert!(
        matches!(err, Error::Status { sw, .. } if sw == StatusWord::SECURITY_STATUS_NOT_SATISFIED),
        "{err:?}"
    );
    // The right key still works afterwards.
    cnie::bac::authenticate(&mut card, &specimen_key()).unwrap();
    card.read_file(1, |_, _| {}).unwrap();
}

#[test]
fn files_before_bac_are_refused() {
    let (_, mut card) = card_with(true, 65536);
    card.select_application(&EMRTD_AID).unwrap();
    for sfi in [0x1E, 0x1D, 1, 2, 11] {
        let err = card.read_file(sfi, |_, _| {}).unwrap_err();
        assert!(
            matches!(err, Error::Status { sw, .. } if sw == StatusWord::SECURITY_STATUS_NOT_SATISFIED),
            "{sfi}: {err:?}"
        );
    }
}

#[test]
fn after_a_bad_mac_the_card_refuses_everything() {
    let mut image = specimen();
    image.config.transport.extended_length = true;
    // Protected responses: 1 = EF.COM, 2 = DG1 (corrupted).
    let transport = SimTransport::with_faults(&image, &[Fault::BadMacAfter(2)]).unwrap();
    let mut card = Card::new(transport);
    card.set_length_mode(LengthMode::Extended);
    card.select_application(&EMRTD_AID).unwrap();
    cnie::bac::authenticate(&mut card, &specimen_key()).unwrap();
    card.read_file(0x1E, |_, _| {}).unwrap();
    let err = card.read_file(1, |_, _| {}).unwrap_err();
    assert!(
        matches!(err, Error::SecureMessaging(cnie::sm::SmError::BadMac)),
        "{err:?}"
    );
    assert!(!card.is_secure());
    // The channel is closed: nothing more goes out, in plain or protected (issue: a
    // relay must never get a plain command, e.g. a PUK, after forging one answer).
    assert!(card.is_closed());
    assert!(card.transport().chip().is_secure());
    let sent = card.stats().apdus;
    let err = card
        .transmit(&Command::new(0, 0xB0, 0x81, 0).with_le(256))
        .unwrap_err();
    assert!(
        matches!(err, Error::SecureMessaging(cnie::sm::SmError::Closed)),
        "{err:?}"
    );
    let err = card.read_file(1, |_, _| {}).unwrap_err();
    assert!(
        matches!(err, Error::SecureMessaging(cnie::sm::SmError::Closed)),
        "{err:?}"
    );
    assert_eq!(
        card.stats().apdus,
        sent,
        "a command went out on a closed channel"
    );
    // Only access control starting again reopens it.
    card.clear_secure_messaging();
    let r = card
        .transmit(&Command::new(0, 0xB0, 0x81, 0).with_le(256))
        .unwrap();
    assert_eq!(r.sw, StatusWord::SM_DATA_INCORRECT);
    assert!(!card.transport().chip().is_secure());
}

#[test]
fn protected_command_with_bad_mac_gets_6988() {
    let (_, mut card) = card_with(true, 65536);
    card.select_application(&EMRTD_AID).unwrap();
    cnie::bac::authenticate(&mut card, &specimen_key()).unwrap();
    // A protected-looking command whose MAC is garbage, straight on the transport.
    let raw = card
        .transport_mut()
        .transmit(&h("0CB081000D9701008E080102030405060708 00"))
        .unwrap();
    assert_eq!(
        Response::parse(&raw).unwrap().sw,
        StatusWord::SM_DATA_INCORRECT
    );
    assert!(!card.transport().chip().is_secure());
    // The reader's session is now out of step: its next read fails.
    assert!(card.read_file(1, |_, _| {}).is_err());
}

#[test]
fn lying_length_and_bad_tlv_are_reported_not_hidden() {
    let image = specimen();
    let faults = [
        Fault::LyingLength(FileName::Dg(11)),
        Fault::BadTlv(FileName::Dg(1)),
    ];
    let mut card = Card::new(SimTransport::with_faults(&image, &faults).unwrap());
    card.set_length_mode(LengthMode::Extended);
    card.select_application(&EMRTD_AID).unwrap();
    cnie::bac::authenticate(&mut card, &specimen_key()).unwrap();
    let err = card.read_file(11, |_, _| {}).unwrap_err();
    assert!(matches!(err, Error::Malformed { .. }), "{err:?}");
    let err = card.read_file(1, |_, _| {}).unwrap_err();
    assert!(matches!(err, Error::Malformed { .. }), "{err:?}");
}

#[test]
fn removal_and_silence_reach_the_reader() {
    let image = specimen();
    let mut card = Card::new(SimTransport::with_faults(&image, &[Fault::RemoveAfter(3)]).unwrap());
    card.select_application(&EMRTD_AID).unwrap();
    cnie::bac::authenticate(&mut card, &specimen_key()).unwrap();
    let err = card.read_file(1, |_, _| {}).unwrap_err();
    assert!(
        matches!(err, Error::Transport(TransportError::CardRemoved)),
        "{err:?}"
    );
    let err = card.select_application(&EMRTD_AID).unwrap_err();
    assert!(
        matches!(err, Error::Transport(TransportError::CardRemoved)),
        "{err:?}"
    );

    let mut card = Card::new(SimTransport::with_faults(&image, &[Fault::MuteAfter(1)]).unwrap());
    card.select_application(&EMRTD_AID).unwrap();
    let err = cnie::bac::authenticate(&mut card, &specimen_key()).unwrap_err();
    assert!(
        matches!(err, Error::Transport(TransportError::Timeout)),
        "{err:?}"
    );
}

#[test]
fn transport_from_folder_has_the_atr() {
    let t = SimTransport::from_folder(&specimen_dir()).unwrap();
    let atr = t.atr().unwrap();
    assert_eq!(
        cnie::iso7816::atr::supports_extended_length(&atr),
        Some(true)
    );
}

#[test]
fn plain_reads_beyond_32k_use_the_odd_instruction() {
    // EF.CardAccess (plain) of 40000 bytes, read by the library in the MF.
    let content = {
        let mut v = vec![0x31, 0x83, 0x00, 0x9C, 0x3B];
        v.extend(pattern(40000 - 5));
        v
    };
    let image = icao_card(0).with_file(FileName::CardAccess, content.clone());
    for (mode, max) in [
        (LengthMode::Extended, 65536),
        (LengthMode::Extended, 1000),
        (LengthMode::Short, 65536),
    ] {
        let mut image = image.clone();
        image.config.transport.max_response = max;
        let mut card = Card::new(SimTransport::new(&image).unwrap());
        card.set_length_mode(mode);
        let data = card.read_file(0x1C, |_, _| {}).unwrap();
        assert_eq!(data, content, "{mode:?} {max}");
    }
}
