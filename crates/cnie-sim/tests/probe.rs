//! `cnie::probe` against the software card: what the specimen answers in
//! plain (ATR, EF.CardAccess, EF.ATR/INFO, EF.DIR, the applications), with
//! variants (no PACE, short length, small responses, damaged EF.CardAccess,
//! a card removed midway), and never a byte of personal data in the report.

mod common;

use cnie::card::Card;
use cnie::iso7816::TransportError;
use cnie::probe::{AidSource, KNOWN_AIDS, ProbeReport, probe};
use cnie_sim::{CardImage, Fault, FileName, SimTransport};
use common::*;

const EMRTD: &str = "A0000002471001";
const PKCS15: &str = "A000000063504B43532D3135";
const IAS_ECC: &str = "A000000077010800070000FE00000100";

fn run(
    image: &CardImage,
    faults: &[Fault],
) -> (Result<ProbeReport, TransportError>, Card<SimTransport>) {
    let mut card = Card::new(SimTransport::with_faults(image, faults).unwrap());
    let report = probe(&mut card);
    (report, card)
}

/// The specimen's personal data, as text and as the hex of its ASCII.
fn assert_no_personal_data(report: &ProbeReport) {
    let json = serde_json::to_string(report).unwrap();
    for secret in ["AB0123456", "AMRANI", "FATIMA", "X123456", "246810"] {
        assert!(!json.contains(secret), "{secret} in the report");
        let as_hex = hex::encode_upper(secret);
        assert!(
            !json.contains(&as_hex),
            "{secret} (hex {as_hex}) in the report"
        );
    }
}

#[test]
fn the_specimen_in_plain() {
    let image = specimen();
    let (report, card) = run(&image, &[]);
    let report = report.unwrap();

    // The ATR announces extended length, as the chip's own ATR says.
    let atr = report.atr.as_ref().unwrap();
    assert_eq!(atr.hex, hex::encode_upper(card.transport().chip().atr()));
    assert_eq!(atr.extended_length, Some(true));

    // EF.CardAccess by SFI 1C, whole, decoded: card.toml says ECDH-GM,
    // AES-128, brainpoolP256r1 (standardized parameter 13).
    let ca = &report.card_access;
    assert!(ca.found);
    assert_eq!(ca.via.as_deref(), Some("sfi 1C"));
    let served = card.transport().chip().file(FileName::CardAccess).unwrap();
    assert_eq!(ca.hex.as_deref(), Some(hex::encode_upper(served).as_str()));
    assert_eq!(ca.size, served.len());
    assert!(!ca.truncated);
    let pace: Vec<_> = ca.parsed.as_ref().unwrap().pace().cloned().collect();
    assert_eq!(pace.len(), 1);
    assert_eq!(pace[0].oid, "0.4.0.127.0.7.2.2.4.2.2");
    assert_eq!(
        pace[0].protocol.as_deref(),
        Some("PACE-ECDH-GM-AES-CBC-CMAC-128")
    );
    assert_eq!(pace[0].parameter_id, Some(13));
    assert_eq!(pace[0].domain, Some("brainpoolP256r1"));

    assert_eq!(report.master_file.as_deref(), Some("9000"));

    // EF.ATR/INFO: 4096-byte commands, card capabilities 94 01 40.
    let info = &report.atr_info;
    assert!(info.found);
    assert_eq!(info.via.as_deref(), Some("fid 2F01"));
    let parsed = info.parsed.as_ref().unwrap();
    assert_eq!(parsed.max_command_apdu, Some(4096));
    assert_eq!(parsed.card_capabilities.as_deref(), Some("940140"));

    // The eMRTD answers with its FCI (the DF name); IAS-ECC is not there.
    let emrtd = report.application(EMRTD).unwrap();
    assert_eq!(emrtd.sw.as_deref(), Some("9000"));
    assert!(emrtd.selected);
    assert_eq!(emrtd.fci.as_deref(), Some("6F098407A0000002471001"));
    let ias = report.application(IAS_ECC).unwrap();
    assert_eq!(ias.sw.as_deref(), Some("6A82"));
    assert!(!ias.selected);
    assert_eq!(ias.p2, "00");

    // EF.DIR lists the eMRTD and the eID application (PKCS#15 AID), which
    // answers SELECT with its FCI (the DF name).
    let dir = &report.ef_dir;
    assert!(dir.found, "EF.DIR: {dir:?}");
    assert_eq!(dir.via.as_deref(), Some("fid 2F00"));
    let served = card.transport().chip().file(FileName::Dir).unwrap();
    assert_eq!(dir.hex.as_deref(), Some(hex::encode_upper(served).as_str()));
    let apps = &dir.parsed.as_ref().unwrap().applications;
    let listed: Vec<&str> = apps.iter().filter_map(|a| a.aid.as_deref()).collect();
    assert_eq!(listed, [EMRTD, PKCS15]);
    assert_eq!(apps[0].label.as_deref(), Some("ICAO eMRTD"));
    assert_eq!(apps[1].label.as_deref(), Some("CNIE eID"));
    assert_eq!(emrtd.source, AidSource::KnownAndEfDir);
    let eid = report.application(PKCS15).unwrap();
    assert_eq!(eid.source, AidSource::KnownAndEfDir);
    assert_eq!(eid.sw.as_deref(), Some("9000"));
    assert_eq!(
        eid.fci.as_deref(),
        Some(format!("6F0E840C{PKCS15}").as_str())
    );
    assert_eq!(report.applications.len(), KNOWN_AIDS.len());
    let selected: Vec<&str> = report
        .applications
        .iter()
        .filter(|a| a.selected)
        .map(|a| a.aid.as_str())
        .collect();
    assert_eq!(selected, [EMRTD, PKCS15]);

    // Every command is in the log with its status word; no session was opened.
    assert_eq!(report.status_words.len() as u64, card.stats().apdus);
    assert!(report.status_words.iter().all(|r| r.sw.is_some()));
    assert!(!report.apdu_limit_reached);
    assert!(!card.transport().chip().is_secure());
    assert_no_personal_data(&report);
}

#[test]
fn a_card_without_pace_short_length_and_small_responses() {
    // BAC only: no EF.CardAccess, by SFI or by FID.
    let mut image = specimen();
    image.config.protocols.pace = false;
    let report = run(&image, &[]).0.unwrap();
    assert!(!report.card_access.found);
    assert_eq!(report.card_access.sw.as_deref(), Some("6A82"));
    assert!(report.card_access.parsed.is_none());
    assert!(report.application(EMRTD).unwrap().selected);
    assert_no_personal_data(&report);

    // Short APDUs only: the ATR and EF.ATR/INFO say so.
    let mut image = specimen();
    image.config.transport.extended_length = false;
    let report = run(&image, &[]).0.unwrap();
    assert_eq!(report.atr.as_ref().unwrap().extended_length, Some(false));
    let info = report.atr_info.parsed.as_ref().unwrap();
    assert_eq!(info.max_command_apdu, None);
    assert_eq!(info.card_capabilities.as_deref(), Some("940100"));

    // At most 16 bytes an answer: EF.CardAccess comes back whole in pieces.
    let mut image = specimen();
    image.config.transport.max_response = 16;
    let (report, card) = run(&image, &[]);
    let report = report.unwrap();
    let served = card.transport().chip().file(FileName::CardAccess).unwrap();
    assert!(served.len() > 16);
    assert_eq!(
        report.card_access.hex.as_deref(),
        Some(hex::encode_upper(served).as_str())
    );
    assert!(report.card_access.parsed.is_some());
    let reads = report
        .status_words
        .iter()
        .filter(|r| r.what == "READ BINARY EF.CardAccess")
        .count();
    assert_eq!(reads, served.len().div_ceil(16));
}

#[test]
fn a_damaged_card_access_and_a_card_removed_midway() {
    for fault in [
        Fault::BadTlv(FileName::CardAccess),
        Fault::LyingLength(FileName::CardAccess),
    ] {
        let (report, card) = run(&specimen(), &[fault]);
        let report = report.unwrap();
        let ca = &report.card_access;
        assert!(ca.found, "{fault}");
        let served = card.transport().chip().file(FileName::CardAccess).unwrap();
        assert_eq!(ca.size, served.len(), "{fault}");
        assert!(ca.parsed.is_none(), "{fault}");
        assert!(ca.parse_error.is_some(), "{fault}");
        // The rest of the probe goes on.
        assert!(report.application(EMRTD).unwrap().selected, "{fault}");
    }
    for after in [0, 1, 4, 12] {
        let (report, _) = run(&specimen(), &[Fault::RemoveAfter(after)]);
        assert_eq!(report, Err(TransportError::CardRemoved), "after {after}");
    }
    let (report, _) = run(&specimen(), &[Fault::MuteAfter(3)]);
    assert_eq!(report, Err(TransportError::Timeout));
}
