//! The eID application of the software card against the library's
//! `EidSession` (default profile), in process: PACE with the CAN, then the
//! PIN walk, the PUK, PIN change, signatures verified against the
//! certificates, the refusals, EF.DIR, and what survives a reset.

mod common;

use std::sync::{Arc, Mutex};

use cnie::card::Card;
use cnie::eid::{EidError, EidSession, Pin, PinStatus, Profile};
use cnie::iso7816::{Command, StatusWord};
use cnie::keys::{AccessKey, Can};
use cnie::session::{Protocol, ReadOptions, open_card};
use cnie::tlv;
use p256::ecdsa::signature::hazmat::PrehashVerifier;
use p256::ecdsa::{Signature, VerifyingKey};
use sha2::{Digest, Sha256};
use x509_parser::prelude::{FromDer, X509Certificate};

use cnie_sim::eid::EID_AID;
use cnie_sim::fs::EMRTD_AID;
use cnie_sim::{CardImage, Chip, SimTransport};
use common::*;

const CAN: &str = "246810";

/// The specimen (which has the eID files) with PACE on.
fn image() -> CardImage {
    let mut image = specimen();
    image.config.protocols.pace = true;
    image
}

fn card_of(image: &CardImage) -> Card<SimTransport> {
    Card::new(SimTransport::new(image).unwrap())
}

/// PACE with the CAN as the command line opens a card
/// (`cnie::session::open_card`): secure messaging installed on `card`.
fn pace(card: &mut Card<SimTransport>) {
    // From the MF, where EF.CardAccess is (the card may still be in the eID DF).
    assert_eq!(
        sw(card, &Command::new(0x00, 0xA4, 0x00, 0x0C)),
        StatusWord::SUCCESS
    );
    let keys = [AccessKey::Can(Can::new(CAN).unwrap())];
    let opened = open_card(card, &keys, &ReadOptions::default(), |_| {}).unwrap();
    assert_eq!(opened.access.protocol, Protocol::Pace);
    assert!(card.transport().chip().is_secure());
}

/// A specimen card with PACE open and the eID application selected.
fn opened() -> (Card<SimTransport>, Profile) {
    let mut card = card_of(&image());
    pace(&mut card);
    let profile = Profile::default_cnie();
    EidSession::new(&mut card, &profile).select().unwrap();
    (card, profile)
}

fn pin(digits: &str) -> Pin {
    Pin::new(digits, &Profile::default_cnie().pin).unwrap()
}

fn puk(digits: &str) -> Pin {
    Pin::new(digits, &Profile::default_cnie().puk).unwrap()
}

fn status(card: &mut Card<SimTransport>, profile: &Profile) -> PinStatus {
    EidSession::new(card, profile).pin_status().unwrap()
}

fn sw(card: &mut Card<SimTransport>, command: &Command) -> StatusWord {
    card.transmit(command).unwrap().sw
}

/// The card's status word in an eID error.
fn status_of<T>(result: &Result<T, cnie::Error>) -> Option<StatusWord> {
    match result {
        Err(cnie::Error::Eid(EidError::Status { sw, .. } | EidError::NoEidApplication { sw }))
        | Err(cnie::Error::Status { sw, .. }) => Some(*sw),
        _ => None,
    }
}

/// The status word of a counter query the card answered without a count.
fn unknown_counter(result: &Result<PinStatus, cnie::Error>) -> Option<StatusWord> {
    match result {
        Ok(PinStatus::Unknown(sw)) => Some(*sw),
        _ => None,
    }
}

fn certificate_key(der: &[u8]) -> VerifyingKey {
    let (rest, cert) = X509Certificate::from_der(der).unwrap();
    assert!(rest.is_empty());
    VerifyingKey::from_sec1_bytes(&cert.public_key().subject_public_key.data).unwrap()
}

#[test]
fn right_pin() {
    let (mut card, p) = opened();
    let mut s = EidSession::new(&mut card, &p);
    assert_eq!(s.pin_status().unwrap(), PinStatus::TriesLeft(3));
    s.verify_pin(&pin("1234"), false).unwrap();
    assert_eq!(s.pin_status().unwrap(), PinStatus::Verified);
    assert_eq!(card.transport().chip().eid().unwrap().pin_tries_left(), 3);
}

#[test]
fn wrong_twice_then_blocked_then_unblocked_with_the_puk() {
    let (mut card, p) = opened();
    let mut s = EidSession::new(&mut card, &p);
    assert!(matches!(
        s.verify_pin(&pin("9999"), false),
        Err(cnie::Error::Eid(EidError::WrongPin { tries_left: 2 }))
    ));
    assert!(matches!(
        s.verify_pin(&pin("0000"), false),
        Err(cnie::Error::Eid(EidError::WrongPin { tries_left: 1 }))
    ));
    // The library keeps the last try unless forced; the card still has it.
    assert!(matches!(
        s.verify_pin(&pin("1234"), false),
        Err(cnie::Error::Eid(EidError::LastTryRefused))
    ));
    assert_eq!(s.pin_status().unwrap(), PinStatus::TriesLeft(1));
    assert!(matches!(
        s.verify_pin(&pin("5555"), true),
        Err(cnie::Error::Eid(EidError::Blocked))
    ));
    assert_eq!(s.pin_status().unwrap(), PinStatus::Blocked);
    // Blocked: even the right PIN, sent raw, gets 6983 and changes nothing.
    let raw = Command::new(0x00, 0x20, 0x00, 0x81).with_data(b"1234\xFF\xFF\xFF\xFF".to_vec());
    assert_eq!(sw(&mut card, &raw), StatusWord(0x6983));
    let mut s = EidSession::new(&mut card, &p);
    // A wrong PUK spends a PUK try and reports the PUK's counter.
    assert!(matches!(
        s.unblock_pin(&puk("87654321"), None, false),
        Err(cnie::Error::Eid(EidError::WrongPin { tries_left: 9 }))
    ));
    assert_eq!(s.pin_status().unwrap(), PinStatus::Blocked);
    s.unblock_pin(&puk("12345678"), None, false).unwrap();
    assert_eq!(s.pin_status().unwrap(), PinStatus::TriesLeft(3));
    s.verify_pin(&pin("1234"), false).unwrap();
    let eid = card.transport().chip().eid().unwrap();
    assert_eq!((eid.pin_tries_left(), eid.puk_tries_left()), (3, 10));
}

#[test]
fn unblock_with_a_new_pin_and_change_pin() {
    let (mut card, p) = opened();
    let mut s = EidSession::new(&mut card, &p);
    s.unblock_pin(&puk("12345678"), Some(&pin("2468")), false)
        .unwrap();
    assert!(matches!(
        s.verify_pin(&pin("1234"), false),
        Err(cnie::Error::Eid(EidError::WrongPin { tries_left: 2 }))
    ));
    s.verify_pin(&pin("2468"), false).unwrap();
    // CHANGE REFERENCE DATA: a wrong old PIN spends a try.
    assert!(matches!(
        s.change_pin(&pin("1111"), &pin("13579"), false),
        Err(cnie::Error::Eid(EidError::WrongPin { tries_left: 2 }))
    ));
    s.change_pin(&pin("2468"), &pin("13579"), false).unwrap();
    assert_eq!(s.pin_status().unwrap(), PinStatus::Verified);
    assert!(matches!(
        s.verify_pin(&pin("2468"), false),
        Err(cnie::Error::Eid(EidError::WrongPin { tries_left: 2 }))
    ));
    s.verify_pin(&pin("13579"), false).unwrap();
    assert_eq!(card.transport().chip().eid().unwrap().pin_tries_left(), 3);
}

#[test]
fn sign_and_authenticate_verify_against_the_certificates() {
    let (mut card, p) = opened();
    let image = image();
    let committed = image.eid.as_ref().unwrap();
    let mut s = EidSession::new(&mut card, &p);
    let certs = s.certificates().unwrap();
    assert_eq!(certs.authentication, committed.authentication.certificate);
    assert_eq!(certs.signature, committed.signature.certificate);
    // Before the PIN: 6982 from PSO:CDS and INTERNAL AUTHENTICATE.
    for result in [s.sign(b"contract"), s.authenticate(b"challenge")] {
        assert_eq!(status_of(&result), Some(StatusWord(0x6982)), "{result:?}");
    }
    s.verify_pin(&pin("1234"), false).unwrap();
    // The library verifies before returning; check again independently.
    let sig = s.sign(b"contract").unwrap();
    assert_eq!(sig.certificate(), &certs.signature[..]);
    let digest: [u8; 32] = Sha256::digest(b"contract").into();
    let der = Signature::from_der(&sig.to_der()).unwrap();
    certificate_key(&certs.signature)
        .verify_prehash(&digest, &der)
        .unwrap();
    assert!(
        certificate_key(&certs.authentication)
            .verify_prehash(&digest, &der)
            .is_err()
    );
    let auth = s.authenticate(b"challenge-123").unwrap();
    assert_eq!(auth.certificate(), &certs.authentication[..]);
    let digest: [u8; 32] = Sha256::digest(b"challenge-123").into();
    certificate_key(&certs.authentication)
        .verify_prehash(&digest, &Signature::from_slice(&auth.to_raw()).unwrap())
        .unwrap();
    // The certificates by FID too (C001, C002).
    card.select_file(0xC002).unwrap();
    let r = card
        .transmit(&Command::new(0x00, 0xB0, 0x00, 0x00).with_le(8))
        .unwrap();
    assert_eq!(r.data, certs.signature[..8]);
}

#[test]
fn mse_and_signature_refusals() {
    let (mut card, p) = opened();
    EidSession::new(&mut card, &p)
        .verify_pin(&pin("1234"), false)
        .unwrap();
    // Unknown key reference, and a key in the wrong template.
    for (p2, key) in [(0xB6, 0x03), (0xA4, 0x05), (0xB6, 0x01), (0xA4, 0x02)] {
        let mse = Command::new(0x00, 0x22, 0x41, p2).with_data(vec![0x84, 0x01, key]);
        assert_eq!(
            sw(&mut card, &mse),
            StatusWord(0x6A88),
            "{p2:02X} {key:02X}"
        );
    }
    // PSO without MSE (the failed MSE cleared the choice): 6985.
    let pso = Command::new(0x00, 0x2A, 0x9E, 0x9A)
        .with_data(vec![0xAB; 32])
        .with_le(256);
    assert_eq!(sw(&mut card, &pso), StatusWord(0x6985));
    let mse = Command::new(0x00, 0x22, 0x41, 0xB6).with_data(vec![0x84, 0x01, 0x02]);
    assert_eq!(sw(&mut card, &mse), StatusWord::SUCCESS);
    let short = Command::new(0x00, 0x2A, 0x9E, 0x9A)
        .with_data(vec![0xAB; 20])
        .with_le(256);
    assert_eq!(sw(&mut card, &short), StatusWord(0x6700));
    let r = card.transmit(&pso).unwrap();
    assert_eq!((r.sw, r.data.len()), (StatusWord::SUCCESS, 64));
    // The library with a profile naming another key: the card's 6A88.
    let mut other = Profile::default_cnie();
    other.signature.key_reference = 0x07;
    let result = EidSession::new(&mut card, &other).sign(b"x");
    assert_eq!(status_of(&result), Some(StatusWord(0x6A88)), "{result:?}");
}

#[test]
fn no_secure_messaging_is_refused() {
    let image = image();
    let mut card = card_of(&image);
    let p = Profile::default_cnie();
    // The library refuses first…
    assert!(matches!(
        EidSession::new(&mut card, &p).select(),
        Err(cnie::Error::Eid(EidError::SecureMessagingRequired))
    ));
    // …and the card too: SELECT answers, nothing else does.
    assert_eq!(
        sw(&mut card, &cnie::eid::commands::select(&EID_AID)),
        StatusWord::SUCCESS
    );
    for command in [
        Command::new(0x00, 0x20, 0x00, 0x81),
        Command::new(0x00, 0x20, 0x00, 0x81).with_data(b"1234\xFF\xFF\xFF\xFF".to_vec()),
        Command::new(0x00, 0x22, 0x41, 0xB6).with_data(vec![0x84, 0x01, 0x02]),
        Command::new(0x00, 0x2A, 0x9E, 0x9A)
            .with_data(vec![0; 32])
            .with_le(256),
        Command::new(0x00, 0xB0, 0x81, 0x00).with_le(256),
    ] {
        assert_eq!(sw(&mut card, &command), StatusWord(0x6982), "{command:?}");
    }
    assert_eq!(card.transport().chip().eid().unwrap().pin_tries_left(), 3);
    // BAC is not enough: the eID application wants PACE.
    cnie::bac::authenticate(&mut card, &specimen_key()).unwrap();
    EidSession::new(&mut card, &p).select().unwrap();
    let result = EidSession::new(&mut card, &p).pin_status();
    assert_eq!(
        unknown_counter(&result),
        Some(StatusWord(0x6982)),
        "{result:?}"
    );
    // Such a counter counts as the last try: no PIN goes out without force.
    let refused = EidSession::new(&mut card, &p).verify_pin(&pin("1234"), false);
    assert!(
        matches!(
            refused,
            Err(cnie::Error::Eid(EidError::CounterUnknown { .. }))
        ),
        "{refused:?}"
    );
    assert!(EidSession::new(&mut card, &p).certificates().is_err());
}

#[test]
fn ef_dir_lists_both_applications() {
    let mut card = card_of(&image());
    // In the MF, in plain, before any access control; by SFI 1E (several
    // templates, so not with `Card::read_file`, which reads one TLV).
    let r = card
        .transmit(&Command::new(0x00, 0xB0, 0x80 | 0x1E, 0x00).with_le(256))
        .unwrap();
    assert_eq!(r.sw, StatusWord::END_OF_FILE);
    let dir = r.data;
    card.select_file(0x2F00).unwrap();
    let by_fid = card
        .transmit(&Command::new(0x00, 0xB0, 0x00, 0x00).with_le(dir.len()))
        .unwrap();
    assert_eq!((by_fid.sw, &by_fid.data), (StatusWord::SUCCESS, &dir));
    let mut apps = Vec::new();
    for object in tlv::iter(&dir) {
        let object = object.unwrap();
        assert_eq!(object.tag, 0x61);
        let aid = tlv::require(object.value, 0x4F).unwrap().to_vec();
        let label = String::from_utf8(tlv::require(object.value, 0x50).unwrap().to_vec()).unwrap();
        apps.push((aid, label));
    }
    assert_eq!(
        apps,
        [
            (EMRTD_AID.to_vec(), "ICAO eMRTD".to_owned()),
            (Profile::default_cnie().aid, "CNIE eID".to_owned()),
        ]
    );
}

#[test]
fn pin_state_resets_but_counters_persist() {
    let (mut card, p) = opened();
    let mut s = EidSession::new(&mut card, &p);
    assert!(s.verify_pin(&pin("9999"), false).is_err());
    s.verify_pin(&pin("1234"), false).unwrap();
    assert!(s.verify_pin(&pin("9999"), false).is_err());
    s.verify_pin(&pin("1234"), false).unwrap();
    // SELECT of the eMRTD application drops the verified state.
    card.select_application(&EMRTD_AID).unwrap();
    let mut s = EidSession::new(&mut card, &p);
    s.select().unwrap();
    assert_eq!(s.pin_status().unwrap(), PinStatus::TriesLeft(3));
    assert!(s.verify_pin(&pin("9999"), false).is_err());
    // A reset: new PACE, the counter is still 2, nothing verified.
    let mut transport = card.into_transport();
    cnie::iso7816::Transport::reset(&mut transport).unwrap();
    let mut card = Card::new(transport);
    pace(&mut card);
    let mut s = EidSession::new(&mut card, &p);
    s.select().unwrap();
    assert_eq!(s.pin_status().unwrap(), PinStatus::TriesLeft(2));
    s.verify_pin(&pin("1234"), false).unwrap();
    // A new PACE session (after the old one ended) starts unverified: a
    // plain command ends the session (6988), then the card refuses (6982).
    card.clear_secure_messaging();
    let plain = Command::new(0x00, 0x20, 0x00, 0x81);
    assert_eq!(sw(&mut card, &plain), StatusWord(0x6988));
    assert_eq!(sw(&mut card, &plain), StatusWord(0x6982));
    pace(&mut card);
    // open_card leaves the eMRTD application selected: the PIN is not there.
    let outside = EidSession::new(&mut card, &p).pin_status();
    assert_eq!(
        unknown_counter(&outside),
        Some(StatusWord(0x6A88)),
        "{outside:?}"
    );
    EidSession::new(&mut card, &p).select().unwrap();
    assert_eq!(status(&mut card, &p), PinStatus::TriesLeft(3));
}

#[test]
fn a_card_without_eid_files_has_no_eid_application() {
    let mut image = image();
    image.eid = None;
    let mut card = card_of(&image);
    pace(&mut card);
    let p = Profile::default_cnie();
    let result = EidSession::new(&mut card, &p).select();
    assert_eq!(status_of(&result), Some(StatusWord(0x6A82)), "{result:?}");
    assert_eq!(
        sw(&mut card, &Command::new(0x00, 0x20, 0x00, 0x81)),
        StatusWord(0x6D00)
    );
    assert!(card.select_file(0x2F00).is_err());
}

#[test]
fn the_log_never_shows_pin_or_puk_bytes() {
    let lines = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut chip = Chip::new(&image()).unwrap();
    let sink = Arc::clone(&lines);
    chip.set_logger(Box::new(move |line| {
        sink.lock().unwrap().push(line.to_owned())
    }));
    let mut card = Card::new(SimTransport::from_chip(chip));
    pace(&mut card);
    let p = Profile::default_cnie();
    let mut s = EidSession::new(&mut card, &p);
    s.select().unwrap();
    assert!(s.verify_pin(&pin("4815"), false).is_err());
    s.unblock_pin(&puk("12345678"), Some(&pin("16234299")), false)
        .unwrap();
    s.change_pin(&pin("16234299"), &pin("1234"), false).unwrap();
    let lines = lines.lock().unwrap();
    let all = lines.join("\n");
    assert!(
        all.contains("VERIFY") && all.contains("RESET RETRY COUNTER"),
        "{all}"
    );
    assert!(all.contains("CHANGE REFERENCE DATA"), "{all}");
    for secret in ["4815", "12345678", "16234299", "1234"] {
        let ascii_hex = hex::encode_upper(secret.as_bytes());
        assert!(!all.contains(secret), "{secret} in {all}");
        assert!(!all.contains(&ascii_hex), "{ascii_hex} in {all}");
    }
}

#[test]
fn specimen_eid_files_are_the_test_pki() {
    let pki = specimen_dir().join("../../pki");
    let built = cnie_sim::perso::eid::load(&pki).unwrap().unwrap();
    assert_eq!(specimen().eid.as_ref(), Some(&built));
    // And they round-trip through a card folder.
    let dir = std::env::temp_dir().join(format!("cnie-sim-eid-{}", std::process::id()));
    image().save(&dir).unwrap();
    let back = CardImage::load(&dir).unwrap();
    std::fs::remove_file(dir.join("eid-sign.key.pem")).unwrap();
    let incomplete = CardImage::load(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(back.eid, Some(built));
    assert!(incomplete.is_err());
}
