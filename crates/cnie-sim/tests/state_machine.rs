//! The chip on raw APDUs: selection, READ BINARY semantics, access rules,
//! BAC and secure messaging replayed from ICAO 9303-11 Appendix D, errors,
//! faults, and a fuzz run.

mod common;

use cnie::iso7816::{Command, Response};
use cnie::sm::{Des3Sm, SecureMessaging};
use cnie_sim::chip::Exchange;
use cnie_sim::{CardImage, Chip, Fault, FileName};
use common::*;

/// Sends hex, returns (data, SW as hex).
fn tx(chip: &mut Chip, apdu: &str) -> (Vec<u8>, String) {
    let r = chip.process(&h(apdu));
    let split = r.len() - 2;
    (r[..split].to_vec(), hex::encode_upper(&r[split..]))
}

fn sw(chip: &mut Chip, apdu: &str) -> String {
    tx(chip, apdu).1
}

fn with_transport(card: CardImage, extended: bool, max_response: usize) -> Chip {
    let mut card = card;
    card.config.transport.extended_length = extended;
    card.config.transport.max_response = max_response;
    let mut chip = Chip::new(&card).unwrap();
    chip.power_on();
    chip
}

const SELECT_APP: &str = "00A4040C07A0000002471001";

#[test]
fn atr_announces_extended_length() {
    let chip = with_transport(icao_card(10), true, 65536);
    let atr = chip.atr().to_vec();
    assert_eq!(&atr[..4], &[0x3B, 0x85, 0x80, 0x01]);
    assert_eq!(
        cnie::iso7816::atr::supports_extended_length(&atr),
        Some(true)
    );
    let chip = with_transport(icao_card(10), false, 65536);
    assert_eq!(
        cnie::iso7816::atr::supports_extended_length(chip.atr()),
        Some(false)
    );
}

#[test]
fn ef_atr_info_is_readable_in_plain() {
    let mut chip = with_transport(icao_card(10), true, 1000);
    // READ BINARY with SFI 01 in the MF.
    let (data, status) = tx(&mut chip, "00B0810000");
    assert_eq!(status, "6282");
    // 7F66: largest command APDU 4096, largest response APDU 1000 + 64; 47: capabilities.
    assert_eq!(data, h("7F660802021000020204284703940140"));
    // Without extended length: only the capabilities.
    let mut short = with_transport(icao_card(10), false, 1000);
    let (data, _) = tx(&mut short, "00B0810000");
    assert_eq!(data, h("4703940100"));
}

#[test]
fn selection() {
    let mut chip = with_transport(icao_card(10), true, 65536);
    // Wrong AID, bad P2, bad P1.
    assert_eq!(sw(&mut chip, "00A4040C07A0000002471002"), "6A82");
    assert_eq!(sw(&mut chip, "00A4040807A0000002471001"), "6A86");
    assert_eq!(sw(&mut chip, "00A4990C02011E"), "6A86");
    // The application with FCI.
    let (fci, status) = tx(&mut chip, "00A4040007A000000247100100");
    assert_eq!(status, "9000");
    assert_eq!(fci, h("6F098407A0000002471001"));
    assert_eq!(sw(&mut chip, SELECT_APP), "9000");
    // EF by FID; unknown FID; wrong Lc.
    assert_eq!(sw(&mut chip, "00A4020C02011E"), "9000");
    assert_eq!(sw(&mut chip, "00A4020C020119"), "6A82");
    assert_eq!(sw(&mut chip, "00A4020C03011E00"), "6700");
    // EF.CardAccess is in the MF, not in the application.
    assert_eq!(sw(&mut chip, "00A4020C02011C"), "6A82");
    assert_eq!(sw(&mut chip, "00A4000C023F00"), "9000");
    assert_eq!(sw(&mut chip, "00A4020C02011C"), "9000");
    // FCP on request: size and FID.
    let (fcp, status) = tx(&mut chip, "00A4020402011C00");
    assert_eq!(status, "9000");
    assert_eq!(
        fcp,
        h("620B8002000A820101830201 1C".replace(' ', "").as_str())
    );
    // The MF with no data.
    assert_eq!(sw(&mut chip, "00A4000C"), "9000");
}

#[test]
fn emrtd_files_need_access_control() {
    let mut chip = with_transport(icao_card(10), true, 65536);
    assert_eq!(sw(&mut chip, SELECT_APP), "9000");
    // SFI read of DG1, and of EF.COM after SELECT: 6982, no data.
    let (data, status) = tx(&mut chip, "00B0810000");
    assert_eq!((data.len(), status.as_str()), (0, "6982"));
    assert_eq!(sw(&mut chip, "00A4020C02011E"), "9000");
    assert_eq!(sw(&mut chip, "00B0000004"), "6982");
    assert_eq!(
        sw(&mut chip, "00B10000035401 0000".replace(' ', "").as_str()),
        "6982"
    );
    // DG3 needs Terminal Authentication.
    assert_eq!(sw(&mut chip, "00B0830000"), "6982");
}

#[test]
fn read_binary_semantics() {
    let mut chip = with_transport(icao_card(300), true, 65536);
    // No current EF yet.
    assert_eq!(sw(&mut chip, "00B0000001"), "6986");
    // SFI 1C (EF.CardAccess) selects the file: Le bytes, 9000.
    let (data, status) = tx(&mut chip, "00B09C0005");
    assert_eq!((data, status.as_str()), (pattern(5), "9000"));
    // Offset from P1-P2 on the current EF.
    let (data, status) = tx(&mut chip, "00B0000A03");
    assert_eq!(
        (data, status.as_str()),
        (pattern(13)[10..].to_vec(), "9000")
    );
    // Le exactly to the end: 9000; more than what is left: the rest and 6282.
    let (data, status) = tx(&mut chip, "00B0012804");
    assert_eq!(
        (data, status.as_str()),
        (pattern(300)[296..].to_vec(), "9000")
    );
    let (data, status) = tx(&mut chip, "00B0012810");
    assert_eq!(
        (data, status.as_str()),
        (pattern(300)[296..].to_vec(), "6282")
    );
    // Offset at or beyond the end: 6B00.
    assert_eq!(sw(&mut chip, "00B0012C01"), "6B00");
    assert_eq!(sw(&mut chip, "00B07FFF01"), "6B00");
    // Short Le 00 = 256 bytes.
    let (data, status) = tx(&mut chip, "00B0000000");
    assert_eq!((data.len(), status.as_str()), (256, "9000"));
    // Extended Le 0000: as much as possible, here the whole file.
    let (data, status) = tx(&mut chip, "00B00000000000");
    assert_eq!((data, status.as_str()), (pattern(300), "6282"));
    // SFI offset in P2 only.
    let (data, status) = tx(&mut chip, "00B09CFF02");
    assert_eq!(
        (data, status.as_str()),
        (pattern(300)[255..257].to_vec(), "9000")
    );
    // Bad SFI encodings, unknown SFI, no Le, data in a READ BINARY.
    assert_eq!(sw(&mut chip, "00B0C10001"), "6A86");
    assert_eq!(sw(&mut chip, "00B0800001"), "6A86");
    assert_eq!(sw(&mut chip, "00B0850001"), "6A82");
    assert_eq!(sw(&mut chip, "00B00000"), "6700");
    assert_eq!(sw(&mut chip, "00B000000101"), "6700");
}

#[test]
fn odd_read_binary() {
    let mut chip = with_transport(icao_card(40000), true, 65536);
    assert_eq!(sw(&mut chip, "00A4020C02011C"), "9000");
    // Offset 0x8000 (beyond the 15-bit range of B0), 16 bytes: 53 10 … 9000.
    let (data, status) = tx(&mut chip, "00B1000004540280 0012".replace(' ', "").as_str());
    assert_eq!(status, "9000");
    assert_eq!(data[..2], [0x53, 0x10]);
    assert_eq!(data[2..], pattern(40000)[0x8000..0x8010]);
    // Near the end: what is left and 6282.
    let (data, status) = tx(&mut chip, "00B100000454029C3C20");
    assert_eq!(status, "6282");
    assert_eq!(data, [&[0x53, 0x04][..], &pattern(40000)[39996..]].concat());
    // By SFI in P2, offset 3 bytes.
    let (data, status) = tx(
        &mut chip,
        "00B1001C055403000001 05".replace(' ', "").as_str(),
    );
    assert_eq!(status, "9000");
    assert_eq!(data, [&[0x53, 0x03][..], &pattern(4)[1..]].concat());
    // Beyond the end, bad DO, trailing bytes, no Le.
    assert_eq!(sw(&mut chip, "00B10000055403009C4010"), "6B00");
    assert_eq!(
        sw(&mut chip, "00B1000003550100 10".replace(' ', "").as_str()),
        "6A80"
    );
    assert_eq!(
        sw(&mut chip, "00B100000454010000 10".replace(' ', "").as_str()),
        "6A80"
    );
    assert_eq!(
        sw(&mut chip, "00B100000354010010"[..16].to_owned().as_str()),
        "6700"
    );
    // The B0 form cannot go past 32767: 7FFF is the last byte it reaches.
    let (data, status) = tx(&mut chip, "00B07FFF01");
    assert_eq!(
        (data, status.as_str()),
        (pattern(40000)[0x7FFF..0x8000].to_vec(), "9000")
    );
}

#[test]
fn max_response_caps_plain_reads() {
    let mut chip = with_transport(icao_card(300), true, 100);
    let (data, status) = tx(&mut chip, "00B09C0000");
    assert_eq!((data, status.as_str()), (pattern(100), "9000"));
    let (data, status) = tx(&mut chip, "00B0000000 0000".replace(' ', "").as_str());
    assert_eq!((data, status.as_str()), (pattern(100), "9000"));
    // The rest fits: end of file.
    let (data, status) = tx(&mut chip, "00B000FA00");
    assert_eq!(
        (data, status.as_str()),
        (pattern(300)[250..].to_vec(), "6282")
    );
    // B1: the whole DO'53' fits the cap.
    let (data, status) = tx(&mut chip, "00B1000003540100 00".replace(' ', "").as_str());
    assert_eq!(status, "9000");
    assert_eq!(data.len(), 100);
    assert_eq!(data[..2], [0x53, 98]);
}

#[test]
fn extended_apdus_refused_when_off() {
    let mut chip = with_transport(icao_card(300), false, 65536);
    assert_eq!(sw(&mut chip, "00B09C00000000"), "6700");
    assert_eq!(sw(&mut chip, "00B09C00000100"), "6700");
    let (data, status) = tx(&mut chip, "00B09C0000");
    assert_eq!((data.len(), status.as_str()), (256, "9000"));
}

#[test]
fn unknown_instructions_and_classes() {
    let mut chip = with_transport(icao_card(10), true, 65536);
    assert_eq!(sw(&mut chip, "00CA000000"), "6D00");
    assert_eq!(sw(&mut chip, "00C0000000"), "6D00");
    assert_eq!(sw(&mut chip, "80B0000001"), "6E00");
    assert_eq!(sw(&mut chip, "01B0000001"), "6E00");
    assert_eq!(sw(&mut chip, "FFB0000001"), "6E00");
    // Malformed length fields.
    assert_eq!(sw(&mut chip, "00B000"), "6700");
    assert_eq!(sw(&mut chip, "00A4020C05011E"), "6700");
    // SM class without a session.
    assert_eq!(sw(&mut chip, "0CB0000001"), "6988");
}

#[test]
fn get_challenge_and_external_authenticate_checks() {
    let mut chip = with_transport(icao_card(10), true, 65536);
    assert_eq!(sw(&mut chip, "0084000004"), "6700");
    assert_eq!(sw(&mut chip, "0084010008"), "6A86");
    // EXTERNAL AUTHENTICATE without a challenge, with a wrong length.
    let zeros = "00".repeat(40);
    assert_eq!(sw(&mut chip, &format!("0082000028{zeros}28")), "6985");
    let (challenge, status) = tx(&mut chip, "0084000008");
    assert_eq!((challenge.len(), status.as_str()), (8, "9000"));
    assert_eq!(
        sw(&mut chip, &format!("0082000027{}28", "00".repeat(39))),
        "6700"
    );
    // A wrong cryptogram: 6300, and the challenge is used up.
    assert_eq!(sw(&mut chip, "0084000008"), "9000");
    assert_eq!(sw(&mut chip, &format!("0082000028{zeros}28")), "6300");
    assert!(!chip.is_secure());
    assert_eq!(sw(&mut chip, &format!("0082000028{zeros}28")), "6985");
}

/// Runs the Appendix D.3 BAC on `chip` (whose random source gives D.3's
/// RND.IC and K.IC) and returns the terminal's session.
fn icao_bac(chip: &mut Chip) -> Des3Sm {
    let bac = vector("bac.json");
    chip.set_rng(scripted_rng(vec![hv(&bac["rnd_ic"]), hv(&bac["k_ic"])]));
    for exchange in bac["apdus"].as_array().unwrap() {
        let answer = chip.process(&hv(&exchange["command"]));
        assert_eq!(
            hex::encode_upper(answer),
            exchange["response"].as_str().unwrap()
        );
    }
    assert!(chip.is_secure());
    let ssc: [u8; 8] = hv(&bac["ssc"]).try_into().unwrap();
    Des3Sm::new(
        &hv(&bac["ks_enc"]).try_into().unwrap(),
        &hv(&bac["ks_mac"]).try_into().unwrap(),
        ssc,
    )
}

#[test]
fn replays_icao_worked_example_d3_d4() {
    let mut chip = with_transport(icao_card(10), true, 65536);
    assert_eq!(sw(&mut chip, SELECT_APP), "9000");
    icao_bac(&mut chip);
    // D.4: every protected command gets exactly the protected response of the example.
    for step in vector("sm_3des.json")["steps"].as_array().unwrap() {
        let answer = chip.process(&hv(&step["command"]["protected_apdu"]));
        assert_eq!(
            hex::encode_upper(answer),
            step["response"]["protected_rapdu"].as_str().unwrap(),
            "{}",
            step["name"]
        );
    }
}

/// Protects `command` with the terminal session and sends it; returns the
/// raw response.
fn send_sm(chip: &mut Chip, sm: &mut Des3Sm, command: &Command) -> Response {
    let protected = sm.protect(command).unwrap();
    Response::parse(&chip.process(&protected.to_bytes().unwrap())).unwrap()
}

#[test]
fn protected_reads_after_bac() {
    let mut chip = with_transport(icao_card(10), true, 65536);
    assert_eq!(sw(&mut chip, SELECT_APP), "9000");
    let mut sm = icao_bac(&mut chip);
    // DG1 by SFI, whole file.
    let raw = send_sm(
        &mut chip,
        &mut sm,
        &Command::new(0, 0xB0, 0x81, 0).with_le(256),
    );
    let plain = sm.unprotect(&raw).unwrap();
    assert_eq!(hex::encode_upper(&plain.data), "61055F1F024142");
    assert_eq!(plain.sw.0, 0x6282);
    // DG3 stays closed (protected 6982).
    let raw = send_sm(
        &mut chip,
        &mut sm,
        &Command::new(0, 0xB0, 0x83, 0).with_le(256),
    );
    assert_eq!(sm.unprotect(&raw).unwrap().sw.0, 0x6982);
    // An error inside the session is protected and keeps the session.
    let raw = send_sm(
        &mut chip,
        &mut sm,
        &Command::new(0, 0xA4, 2, 0x0C).with_data([0x01, 0x19]),
    );
    assert!(!raw.data.is_empty());
    assert_eq!(sm.unprotect(&raw).unwrap().sw.0, 0x6A82);
    assert!(chip.is_secure());
}

#[test]
fn short_sm_responses_fit_256_bytes() {
    let mut chip = with_transport(icao_card(1000), false, 65536);
    let mut sm = icao_bac(&mut chip);
    // EF.CardAccess (always readable) under SM, Le 256 inside a short APDU.
    let raw = send_sm(
        &mut chip,
        &mut sm,
        &Command::new(0, 0xB0, 0x9C, 0).with_le(256),
    );
    assert!(raw.data.len() <= 256, "{}", raw.data.len());
    let plain = sm.unprotect(&raw).unwrap();
    assert_eq!(plain.sw.0, 0x9000);
    assert_eq!(plain.data, pattern(231));
}

#[test]
fn plain_command_during_session_ends_it() {
    let mut chip = with_transport(icao_card(10), true, 65536);
    assert_eq!(sw(&mut chip, SELECT_APP), "9000");
    let mut sm = icao_bac(&mut chip);
    assert_eq!(sw(&mut chip, "00B0810000"), "6988");
    assert!(!chip.is_secure());
    // The old session is gone: protected commands get 6988 in plain, plain reads 6982.
    let raw = send_sm(
        &mut chip,
        &mut sm,
        &Command::new(0, 0xB0, 0x81, 0).with_le(256),
    );
    assert_eq!((raw.data.len(), raw.sw.0), (0, 0x6988));
    assert_eq!(sw(&mut chip, "00B0810000"), "6982");
}

#[test]
fn bad_mac_ends_the_session() {
    let mut chip = with_transport(icao_card(10), true, 65536);
    assert_eq!(sw(&mut chip, SELECT_APP), "9000");
    let mut sm = icao_bac(&mut chip);
    let mut protected = sm
        .protect(&Command::new(0, 0xB0, 0x81, 0).with_le(256))
        .unwrap();
    let last = protected.data.len() - 1;
    protected.data[last] ^= 1;
    let raw = Response::parse(&chip.process(&protected.to_bytes().unwrap())).unwrap();
    assert_eq!((raw.data.len(), raw.sw.0), (0, 0x6988));
    assert!(!chip.is_secure());
    assert_eq!(sw(&mut chip, "00B0810000"), "6982");
}

#[test]
fn missing_mac_object_is_6987() {
    let mut chip = with_transport(icao_card(10), true, 65536);
    icao_bac(&mut chip);
    // DO'97' only, no DO'8E'.
    assert_eq!(
        sw(&mut chip, "0CB0810003970100 00".replace(' ', "").as_str()),
        "6987"
    );
    assert!(!chip.is_secure());
}

#[test]
fn reset_and_power_cycle_clear_the_session() {
    let mut chip = with_transport(icao_card(10), true, 65536);
    assert_eq!(sw(&mut chip, SELECT_APP), "9000");
    let mut sm = icao_bac(&mut chip);
    chip.reset();
    assert!(!chip.is_secure());
    let raw = send_sm(
        &mut chip,
        &mut sm,
        &Command::new(0, 0xB0, 0x81, 0).with_le(256),
    );
    assert_eq!(raw.sw.0, 0x6988);
    // After reset the MF is selected again: SFI 01 is EF.ATR/INFO there.
    assert_eq!(sw(&mut chip, "00B0810000"), "6282");
    assert_eq!(sw(&mut chip, SELECT_APP), "9000");
    assert_eq!(sw(&mut chip, "00B0810000"), "6982");
    icao_bac(&mut chip);
    chip.power_off();
    chip.power_on();
    assert!(!chip.is_secure());
}

#[test]
fn link_faults() {
    let card = icao_card(10);
    let mut chip = Chip::with_faults(&card, &[Fault::RemoveAfter(2)]).unwrap();
    assert!(matches!(
        chip.exchange(&h(SELECT_APP)),
        Exchange::Response(_)
    ));
    assert!(matches!(
        chip.exchange(&h(SELECT_APP)),
        Exchange::Response(_)
    ));
    assert_eq!(chip.exchange(&h(SELECT_APP)), Exchange::Removed);
    let mut chip = Chip::with_faults(&card, &[Fault::MuteAfter(1)]).unwrap();
    assert!(matches!(
        chip.exchange(&h(SELECT_APP)),
        Exchange::Response(_)
    ));
    assert_eq!(chip.exchange(&h(SELECT_APP)), Exchange::Mute);
}

#[test]
fn bad_mac_fault_corrupts_the_nth_protected_response() {
    let mut card = icao_card(10);
    card.config.transport.max_response = 65536;
    let mut chip = Chip::with_faults(&card, &[Fault::BadMacAfter(2)]).unwrap();
    assert_eq!(sw(&mut chip, SELECT_APP), "9000");
    let mut sm = icao_bac(&mut chip);
    let read = Command::new(0, 0xB0, 0x81, 0).with_le(256);
    let first = send_sm(&mut chip, &mut sm, &read);
    assert!(sm.unprotect(&first).is_ok());
    let second = send_sm(&mut chip, &mut sm, &read);
    assert_eq!(sm.unprotect(&second), Err(cnie::sm::SmError::BadMac));
}

#[test]
fn file_faults_change_what_is_served() {
    let card = icao_card(10);
    let chip = Chip::with_faults(
        &card,
        &[
            Fault::LyingLength(FileName::Dg(1)),
            Fault::BadTlv(FileName::Com),
        ],
    )
    .unwrap();
    let dg1 = chip.file(FileName::Dg(1)).unwrap();
    assert_eq!(cnie::tlv::parse_header(dg1).unwrap().value_len, 5 + 1000);
    assert_eq!(&dg1[4..], &h("5F1F024142")[..]);
    assert_eq!(&chip.file(FileName::Com).unwrap()[..3], &[0xFF, 0xFF, 0xFF]);
}

#[test]
fn never_panics_on_random_apdus() {
    let mut rng = XorShift(0x1234_5678_9ABC_DEF1);
    let interesting_ins = [0xA4, 0xB0, 0xB1, 0x84, 0x82, 0x22, 0x86, 0x20, 0xC0, 0xCA];
    for round in 0..4 {
        let mut chip = with_transport(
            icao_card(40000),
            round % 2 == 0,
            [16, 231, 1000, 65536][round],
        );
        if round >= 2 {
            assert_eq!(sw(&mut chip, SELECT_APP), "9000");
            icao_bac(&mut chip);
        }
        for _ in 0..20_000 {
            let len = match rng.below(4) {
                0 => rng.below(8),
                1 => 4 + rng.below(12),
                2 => 4 + rng.below(300),
                _ => 4 + rng.below(5000),
            };
            let mut apdu: Vec<u8> = (0..len).map(|_| rng.byte()).collect();
            if apdu.len() >= 4 && rng.below(2) == 0 {
                apdu[0] = [0x00, 0x0C][rng.below(2)];
                apdu[1] = interesting_ins[rng.below(interesting_ins.len())];
            }
            if apdu.len() >= 7 && rng.below(3) == 0 {
                // Make the length fields consistent now and then.
                apdu[4] = (apdu.len() - 5).min(255) as u8;
                apdu.truncate(5 + apdu[4] as usize);
            }
            let answer = chip.process(&apdu);
            assert!(answer.len() >= 2);
            assert!(answer.len() <= 65536 + 2);
            if rng.below(500) == 0 {
                chip.reset();
            }
        }
    }
}
