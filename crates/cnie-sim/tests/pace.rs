//! PACE on the software card: the ICAO 9303-11 G.1 worked example replayed
//! APDU by APDU, then the library's terminal (`PaceTerminal` over `Card`)
//! against the chip on every curve, with the CAN and the MRZ, AES and 3DES;
//! EF.CardAccess, the refusals, BAC beside PACE, and the `pace-stall` fault.

mod common;

use cnie::bac;
use cnie::card::Card;
use cnie::crypto::ec::Curve;
use cnie::crypto::kdf::KdfAlgorithm;
use cnie::iso7816::{Command, Response, StatusWord, Transport, TransportError};
use cnie::keys::{AccessKey, Can, PasswordKind, pace_password};
use cnie::pace::data::{
    EMPTY_DYNAMIC_AUTH_DATA, TAG_ENCRYPTED_NONCE, TAG_MAPPING_IC, TAG_MAPPING_IFD, TAG_PK_IC,
    TAG_PK_IFD, TAG_TOKEN_IC, TAG_TOKEN_IFD,
};
use cnie::pace::{
    OsRandom, PaceParams, PaceTerminal, decode_dynamic_auth_data, encode_dynamic_auth_data,
    mse_set_at_data,
};
use cnie::sm::{AesSm, Des3Sm, SecureMessaging};
use cnie_sim::chip::Chip;
use cnie_sim::config::{CardConfig, ConfigError};
use cnie_sim::fs::EMRTD_AID;
use cnie_sim::pace_options::{PaceCipher, PaceGroup, PaceSettings};
use cnie_sim::{CardImage, Fault, FileName, SimTransport};
use common::*;

const SPECIMEN_CAN: &str = "246810";

/// The specimen with these access-control settings.
fn card(bac: bool, pace: bool, settings: PaceSettings) -> CardImage {
    let mut image = specimen();
    image.config.protocols.bac = bac;
    image.config.protocols.pace = pace;
    image.config.pace = settings;
    image
}

fn settings(curve: Curve, cipher: PaceCipher) -> PaceSettings {
    PaceSettings {
        curve: PaceGroup::Ec(curve),
        cipher,
        ..PaceSettings::default()
    }
}

fn can_key() -> AccessKey {
    AccessKey::Can(Can::new(SPECIMEN_CAN).unwrap())
}

fn mrz_key() -> AccessKey {
    AccessKey::Mrz(specimen_key())
}

/// One APDU in hex through the chip: (data, status word).
fn apdu(chip: &mut Chip, hex_apdu: &str) -> (Vec<u8>, u16) {
    let raw = chip.process(&h(hex_apdu));
    let r = Response::parse(&raw).unwrap();
    (r.data, r.sw.0)
}

fn ga(chained: bool, data: Vec<u8>) -> Command {
    Command::new(if chained { 0x10 } else { 0x00 }, 0x86, 0, 0)
        .with_data(data)
        .with_le(256)
}

/// Runs MSE:Set AT and the four GENERAL AUTHENTICATE steps with the
/// library's terminal; returns the SM session, or the status word of the
/// first refusal.
fn run_pace<T: Transport>(
    card: &mut Card<T>,
    key: &AccessKey,
    settings: &PaceSettings,
) -> Result<Box<dyn SecureMessaging>, u16> {
    let kdf = settings.cipher.kdf();
    let oid = settings.oid_value();
    let params: PaceParams = settings.offers().unwrap().remove(0).params;
    let mut terminal = PaceTerminal::new(&pace_password(key), params);
    let mut rng = OsRandom;
    let mse = Command::new(0x00, 0x22, 0xC1, 0xA4).with_data(mse_set_at_data(
        &oid,
        key.kind().pace_reference(),
        Some(settings.parameter_id()),
    ));
    let check = |r: Response| -> Result<Vec<u8>, u16> {
        if r.sw == StatusWord::SUCCESS {
            Ok(r.data)
        } else {
            Err(r.sw.0)
        }
    };
    check(card.transmit(&mse).unwrap())?;
    let r = check(
        card.transmit(&ga(true, EMPTY_DYNAMIC_AUTH_DATA.to_vec()))
            .unwrap(),
    )?;
    let z = decode_dynamic_auth_data(&r, TAG_ENCRYPTED_NONCE).unwrap();
    let pk_map_ifd = terminal.step1(z, &mut rng).unwrap();
    let r = check(
        card.transmit(&ga(
            true,
            encode_dynamic_auth_data(TAG_MAPPING_IFD, &pk_map_ifd),
        ))
        .unwrap(),
    )?;
    let pk_map_ic = decode_dynamic_auth_data(&r, TAG_MAPPING_IC).unwrap();
    let pk_ifd = terminal.step2(pk_map_ic, &mut rng).unwrap();
    let r = check(
        card.transmit(&ga(true, encode_dynamic_auth_data(TAG_PK_IFD, &pk_ifd)))
            .unwrap(),
    )?;
    let pk_ic = decode_dynamic_auth_data(&r, TAG_PK_IC).unwrap();
    let t_ifd = terminal.step3(pk_ic).unwrap();
    let r = check(
        card.transmit(&ga(false, encode_dynamic_auth_data(TAG_TOKEN_IFD, &t_ifd)))
            .unwrap(),
    )?;
    let t_ic = decode_dynamic_auth_data(&r, TAG_TOKEN_IC).unwrap();
    let keys = terminal.finish(t_ic).unwrap();
    Ok(match kdf {
        KdfAlgorithm::Des3 => Box::new(Des3Sm::new(
            keys.ks_enc().try_into().unwrap(),
            keys.ks_mac().try_into().unwrap(),
            [0; 8],
        )),
        _ => Box::new(AesSm::new(keys.ks_enc(), keys.ks_mac()).unwrap()),
    })
}

/// PACE, then SELECT of the eMRTD application and EF.COM under SM.
fn pace_and_read(settings: PaceSettings, key: &AccessKey) {
    let image = card(true, true, settings);
    let expected_com = image.files[&FileName::Com].clone();
    let mut card = Card::new(SimTransport::new(&image).unwrap());
    let sm = run_pace(&mut card, key, &settings).unwrap_or_else(|sw| {
        panic!("{settings:?} {:?}: {sw:04X}", key.kind());
    });
    assert!(card.transport().chip().is_secure());
    card.set_secure_messaging(sm);
    card.select_application(&EMRTD_AID).unwrap();
    let com = card.read_file(FileName::Com.sfi(), |_, _| {}).unwrap();
    assert_eq!(com, expected_com, "{settings:?}");
}

#[test]
fn icao_g1_worked_example_apdu_by_apdu() {
    let v = vector("pace_ecdh_gm_brainpool256.json");
    let config = CardConfig::from_toml(&format!(
        "[access]\ndocument_number = \"{}\"\ndate_of_birth = \"{}\"\ndate_of_expiry = \"{}\"\n",
        v["password"]["document_number"].as_str().unwrap(),
        v["password"]["date_of_birth"].as_str().unwrap(),
        v["password"]["date_of_expiry"].as_str().unwrap(),
    ))
    .unwrap();
    let image = CardImage::new(config).with_file(FileName::Com, h("60055C036175"));
    for transcript in ["apdus", "apdus_gmrtd_variant"] {
        let mut chip = Chip::new(&image).unwrap();
        chip.power_on();
        // The chip draws s, then SK_map_IC, then SK_IC.
        chip.set_rng(scripted_rng(vec![
            hv(&v["nonce_s"]),
            hv(&v["sk_map_ic"]),
            hv(&v["sk_ic"]),
        ]));
        // EF.CardAccess is the example's (Le 256: end of file reached, 6282).
        let (ca, sw) = apdu(&mut chip, "00B09C0000");
        assert_eq!((ca, sw), (hv(&v["ef_cardaccess"]), 0x6282));
        for step in v[transcript].as_array().unwrap() {
            let out = chip.process(&hv(&step["command"]));
            assert_eq!(
                hex::encode_upper(out),
                step["response"].as_str().unwrap(),
                "{transcript} {}",
                step["name"]
            );
        }
        assert!(chip.is_secure());
    }
}

#[test]
fn every_curve_with_aes128_and_the_can() {
    for curve in PaceGroup::curves() {
        pace_and_read(settings(curve, PaceCipher::Aes128), &can_key());
    }
}

#[test]
fn mrz_password_3des_and_longer_aes_keys() {
    let cases = [
        (Curve::BrainpoolP256r1, PaceCipher::Aes128, mrz_key()),
        (Curve::BrainpoolP256r1, PaceCipher::Des3, can_key()),
        (Curve::P256, PaceCipher::Des3, mrz_key()),
        (Curve::P224, PaceCipher::Des3, can_key()),
        (Curve::BrainpoolP384r1, PaceCipher::Aes192, mrz_key()),
        (Curve::P521, PaceCipher::Aes256, mrz_key()),
        (Curve::BrainpoolP512r1, PaceCipher::Aes256, can_key()),
    ];
    for (curve, cipher, key) in cases {
        pace_and_read(settings(curve, cipher), &key);
    }
}

#[test]
fn a_wrong_can_gets_6300_at_the_last_step() {
    let s = PaceSettings::default();
    let mut card = Card::new(SimTransport::new(&card(true, true, s)).unwrap());
    let wrong = AccessKey::Can(Can::new("135790").unwrap());
    assert_eq!(run_pace(&mut card, &wrong, &s).err(), Some(0x6300));
    assert!(!card.transport().chip().is_secure());
    // The run is over: another step is out of order, the eMRTD files stay closed.
    let r = card
        .transmit(&ga(false, encode_dynamic_auth_data(TAG_TOKEN_IFD, &[0; 8])))
        .unwrap();
    assert_eq!(r.sw.0, 0x6985);
    card.select_application(&EMRTD_AID).unwrap();
    let r = card
        .transmit(&Command::new(0x00, 0xB0, 0x9E, 0).with_le(256))
        .unwrap();
    assert_eq!(r.sw.0, 0x6982);
    // The right CAN still works on the same chip.
    assert!(run_pace(&mut card, &can_key(), &s).is_ok());
}

#[test]
fn ef_card_access_follows_the_options() {
    let cases = [
        (
            settings(Curve::BrainpoolP256r1, PaceCipher::Aes128),
            "31143012060A04007F0007020204020202010202010D",
        ),
        (
            settings(Curve::P384, PaceCipher::Aes256),
            "31143012060A04007F0007020204020402010202010F",
        ),
        (
            settings(Curve::P224, PaceCipher::Des3),
            "31143012060A04007F0007020204020102010202010A",
        ),
        (
            settings(Curve::BrainpoolP512r1, PaceCipher::Aes192),
            "31143012060A04007F00070202040203020102020111",
        ),
    ];
    for (s, expected) in cases {
        for (bac, pace) in [(true, true), (false, true)] {
            let mut chip = Chip::new(&card(bac, pace, s)).unwrap();
            chip.power_on();
            // Plain, by SFI in the MF, and by FID (22 bytes: Le 16 exact, Le 00 6282).
            let (data, sw) = apdu(&mut chip, "00B09C0016");
            assert_eq!((hex::encode_upper(data), sw), (expected.to_owned(), 0x9000));
            assert_eq!(apdu(&mut chip, "00A4020C02011C").1, 0x9000);
            let (data, sw) = apdu(&mut chip, "00B0000000");
            assert_eq!((hex::encode_upper(data), sw), (expected.to_owned(), 0x6282));
        }
    }
}

#[test]
fn bac_only_has_no_card_access_and_refuses_pace() {
    let s = PaceSettings::default();
    let mut chip = Chip::new(&card(true, false, s)).unwrap();
    chip.power_on();
    assert_eq!(apdu(&mut chip, "00B09C0000").1, 0x6A82);
    assert_eq!(apdu(&mut chip, "00A4020C02011C").1, 0x6A82);
    let mse = mse_set_at_data(&s.oid_value(), 2, Some(13));
    let cmd = Command::new(0x00, 0x22, 0xC1, 0xA4).with_data(mse);
    assert_eq!(
        apdu(&mut chip, &hex::encode(cmd.to_bytes().unwrap())).1,
        0x6A80
    );
    assert_eq!(apdu(&mut chip, "10860000027C0000").1, 0x6985);
}

#[test]
fn bac_works_beside_pace_and_not_without_it() {
    for (bac, pace) in [(true, true), (true, false)] {
        let mut card =
            Card::new(SimTransport::new(&card(bac, pace, PaceSettings::default())).unwrap());
        card.select_application(&EMRTD_AID).unwrap();
        bac::authenticate(&mut card, &specimen_key()).unwrap();
        let com = card.read_file(FileName::Com.sfi(), |_, _| {}).unwrap();
        assert_eq!(com.first(), Some(&0x60));
    }
    let mut card =
        Card::new(SimTransport::new(&card(false, true, PaceSettings::default())).unwrap());
    card.select_application(&EMRTD_AID).unwrap();
    assert!(bac::authenticate(&mut card, &specimen_key()).is_err());
    assert!(!card.transport().chip().is_secure());
    // On the wire: GET CHALLENGE answers, EXTERNAL AUTHENTICATE gets 6985.
    let challenge = card
        .transmit(&Command::new(0x00, 0x84, 0, 0).with_le(8))
        .unwrap();
    assert_eq!((challenge.data.len(), challenge.sw.0), (8, 0x9000));
    let ea = Command::new(0x00, 0x82, 0, 0)
        .with_data(vec![0u8; 40])
        .with_le(40);
    assert_eq!(card.transmit(&ea).unwrap().sw.0, 0x6985);
}

#[test]
fn refusals_of_mse_set_at_and_general_authenticate() {
    let s = PaceSettings::default();
    let mut chip = Chip::new(&card(true, true, s)).unwrap();
    chip.power_on();
    let oid = hex::encode(s.oid_value());
    // Out of order: no MSE:Set AT yet.
    assert_eq!(apdu(&mut chip, "10860000027C0000").1, 0x6985);
    // Wrong P1-P2, Le present, unknown OID, wrong parameter id, PIN, bad reference.
    assert_eq!(
        apdu(&mut chip, &format!("002281A40F800A{oid}830102")).1,
        0x6A86
    );
    assert_eq!(
        apdu(&mut chip, &format!("0022C1A40F800A{oid}83010200")).1,
        0x6700
    );
    assert_eq!(
        apdu(&mut chip, "0022C1A40F800A04007F00070202040302830102").1,
        0x6A80
    );
    assert_eq!(
        apdu(&mut chip, &format!("0022C1A412800A{oid}830102840112")).1,
        0x6A80
    );
    assert_eq!(
        apdu(&mut chip, &format!("0022C1A40F800A{oid}830103")).1,
        0x6A88
    );
    assert_eq!(
        apdu(&mut chip, &format!("0022C1A40F800A{oid}830104")).1,
        0x6A88
    );
    assert_eq!(
        apdu(&mut chip, &format!("0022C1A40F800A{oid}830109")).1,
        0x6A80
    );
    assert_eq!(apdu(&mut chip, "0022C1A403800A04").1, 0x6A80);
    let set_at = format!("0022C1A40F800A{oid}830102");
    // Step 1 without the chaining bit, or with data: refused, and the run is over.
    assert_eq!(apdu(&mut chip, &set_at).1, 0x9000);
    assert_eq!(apdu(&mut chip, "00860000027C0000").1, 0x6985);
    assert_eq!(apdu(&mut chip, "10860000027C0000").1, 0x6985);
    assert_eq!(apdu(&mut chip, &set_at).1, 0x9000);
    assert_eq!(apdu(&mut chip, "10860000047C02800100").1, 0x6A80);
    // No Le, wrong P1-P2.
    assert_eq!(apdu(&mut chip, &set_at).1, 0x9000);
    assert_eq!(apdu(&mut chip, "10860000027C00").1, 0x6700);
    assert_eq!(apdu(&mut chip, &set_at).1, 0x9000);
    assert_eq!(apdu(&mut chip, "10860100027C0000").1, 0x6A86);
    // A mapping point that is not on the curve, or of the wrong size.
    for bad in [
        format!("04{}", "01".repeat(64)),
        format!("04{}", "01".repeat(32)),
        "00".to_owned(),
    ] {
        assert_eq!(apdu(&mut chip, &set_at).1, 0x9000);
        let (data, sw) = apdu(&mut chip, "10860000027C0000");
        assert_eq!((data.len(), sw), (20, 0x9000));
        let body = encode_dynamic_auth_data(TAG_MAPPING_IFD, &h(&bad));
        let cmd = ga(true, body).to_bytes().unwrap();
        assert_eq!(apdu(&mut chip, &hex::encode(cmd)).1, 0x6A80, "{bad}");
        assert_eq!(apdu(&mut chip, "10860000027C0000").1, 0x6985);
    }
    // The chaining bit on another instruction.
    assert_eq!(apdu(&mut chip, "10A4000C023F00").1, 0x6884);
    assert!(!chip.is_secure());
}

#[test]
fn pace_runs_in_plain_only() {
    let s = PaceSettings::default();
    let mut card = Card::new(SimTransport::new(&card(true, true, s)).unwrap());
    let sm = run_pace(&mut card, &can_key(), &s).unwrap();
    card.set_secure_messaging(sm);
    // MSE:Set AT under SM: refused inside the session, which stays open.
    let mse = Command::new(0x00, 0x22, 0xC1, 0xA4).with_data(mse_set_at_data(
        &s.oid_value(),
        PasswordKind::Can.pace_reference(),
        None,
    ));
    assert_eq!(card.transmit(&mse).unwrap().sw.0, 0x6985);
    assert!(card.transport().chip().is_secure());
    card.select_application(&EMRTD_AID).unwrap();
    // A plain MSE:Set AT ends the session (6988); then PACE starts again.
    card.clear_secure_messaging();
    assert_eq!(card.transmit(&mse).unwrap().sw.0, 0x6988);
    assert!(!card.transport().chip().is_secure());
    assert!(run_pace(&mut card, &can_key(), &s).is_ok());
}

#[test]
fn pace_stall_fault_silences_mrz_until_reset() {
    let s = PaceSettings::default();
    let image = card(true, true, s);
    let transport = SimTransport::with_faults(&image, &[Fault::PaceStall]).unwrap();
    let mut card = Card::new(transport);
    let mse = mse_set_at_data(&s.oid_value(), 1, Some(13));
    let mse = Command::new(0x00, 0x22, 0xC1, 0xA4).with_data(mse);
    assert_eq!(card.transmit(&mse).unwrap().sw.0, 0x9000);
    let raw = ga(true, EMPTY_DYNAMIC_AUTH_DATA.to_vec())
        .to_bytes()
        .unwrap();
    assert_eq!(
        card.transport_mut().transmit(&raw).unwrap_err(),
        TransportError::Timeout
    );
    assert_eq!(
        card.transport_mut()
            .transmit(&h("00A4000C023F00"))
            .unwrap_err(),
        TransportError::Timeout
    );
    // After a reset the CAN works (the fallback a reader takes).
    card.transport_mut().chip_mut().reset();
    let sm = run_pace(&mut card, &can_key(), &s).unwrap();
    card.set_secure_messaging(sm);
    card.select_application(&EMRTD_AID).unwrap();
    assert!(card.read_file(FileName::Com.sfi(), |_, _| {}).is_ok());
}

#[test]
fn undefined_combinations_are_refused_clearly() {
    for (table, what) in [
        ("curve = \"dh1024\"\nmapping = \"cam\"", "ECDH only"),
        ("curve = \"dh2048\"\nmapping = \"cam\"", "ECDH only"),
        ("curve = \"p224\"\nmapping = \"im\"", "P-224"),
        (
            "mapping = \"cam\"\ncipher = \"3des\"",
            "chip authentication",
        ),
        ("curve = \"dh1024\"\nalso = \"dh1024\"", "same group twice"),
    ] {
        let text =
            format!("[access]\ncan = \"123456\"\n[protocols]\nbac = false\n[pace]\n{table}\n");
        let err = CardConfig::from_toml(&text).unwrap_err();
        assert!(
            matches!(&err, ConfigError::Unsupported(m) if m.contains(what) && m.contains("not supported")),
            "{err:?}"
        );
    }
    // DH and the integrated mapping are accepted.
    for table in [
        "curve = \"dh1024\"",
        "curve = \"dh2048\"\nmapping = \"im\"",
        "mapping = \"im\"",
        "curve = \"dh1024\"\nalso = \"brainpoolP256r1\"",
    ] {
        let text =
            format!("[access]\ncan = \"123456\"\n[protocols]\nbac = false\n[pace]\n{table}\n");
        assert!(CardConfig::from_toml(&text).is_ok(), "{table}");
    }
}

/// Integrated mapping: the chip's mapping data is absent, and every encoding of that
/// is read (no data, the empty template `7C 00`, an empty DO'82').
#[test]
fn every_encoding_of_no_mapping_data_is_accepted() {
    use cnie::session::{ReadOptions, read_document};
    use cnie_sim::pace_options::{ImAnswer, PaceMapping};
    for im_answer in [
        ImAnswer::None,
        ImAnswer::EmptyTemplate,
        ImAnswer::EmptyObject,
    ] {
        let s = PaceSettings {
            mapping: PaceMapping::Im,
            im_answer,
            ..settings(Curve::P256, PaceCipher::Aes128)
        };
        let image = card(false, true, s);
        let document = read_document(
            SimTransport::new(&image).unwrap(),
            &can_key(),
            &ReadOptions::default(),
            |_| {},
        )
        .unwrap_or_else(|e| panic!("{im_answer}: {e}"));
        let access = document.access.expect("access");
        assert_eq!(
            access.protocol,
            cnie::session::Protocol::Pace,
            "{im_answer}"
        );
    }
}

/// The password is proven only at the token step: a `6300` there is a refused
/// password, never retried with anything; at MSE:Set AT or an earlier GENERAL
/// AUTHENTICATE it is a protocol failure, after which the next password and then BAC
/// go on (and with the CAN alone, the failure is reported as such).
#[test]
fn only_the_token_step_refuses_a_password() {
    use cnie::session::{ReadOptions, read_document, read_document_with};
    use cnie_sim::fault::PaceStep;
    let image = card(true, true, PaceSettings::default());
    for step in [
        PaceStep::Mse,
        PaceStep::Nonce,
        PaceStep::Mapping,
        PaceStep::KeyAgreement,
        PaceStep::Token,
    ] {
        let faults = [Fault::Pace6300(step)];
        let can_only = read_document(
            SimTransport::with_faults(&image, &faults).unwrap(),
            &can_key(),
            &ReadOptions::default(),
            |_| {},
        )
        .unwrap_err();
        let both = read_document_with(
            SimTransport::with_faults(&image, &faults).unwrap(),
            &[can_key(), mrz_key()],
            &ReadOptions::default(),
            |_| {},
        );
        if step == PaceStep::Token {
            assert!(
                matches!(can_only, cnie::Error::AccessDenied),
                "{step:?}: {can_only:?}"
            );
            let err = both.unwrap_err();
            assert!(
                matches!(err, cnie::Error::AccessDenied),
                "{step:?}: {err:?}"
            );
        } else {
            assert!(
                matches!(can_only, cnie::Error::Status { sw, .. } if sw.0 == 0x6300),
                "{step:?}: {can_only:?}"
            );
            assert_eq!(can_only.kind(), cnie::ErrorKind::CardError);
            // Both PACE runs fail the same way; BAC opens the card.
            let document = both.unwrap_or_else(|e| panic!("{step:?}: {e}"));
            let access = document.access.expect("access");
            assert_eq!(access.protocol, cnie::session::Protocol::Bac, "{step:?}");
            assert!(access.downgraded, "{step:?}");
        }
    }
}
