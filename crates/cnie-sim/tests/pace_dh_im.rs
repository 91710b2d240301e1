//! PACE over DH (generic and integrated mapping) and the ECDH integrated mapping on the
//! software card, driven by the library's reader side (`cnie::pace::run`): EF.CardAccess
//! is read and parsed, `PaceParams::from_info` picks the PACEInfo, `establish` runs MSE:Set AT and the
//! four GENERAL AUTHENTICATE steps, and EF.COM is read under the new secure messaging.
//! Also: a card with two PACEInfos (DO'84' names the one run), and the chip's refusals.

mod common;

use cnie::card::Card;
use cnie::crypto::ec::Curve;
use cnie::keys::{AccessKey, Can, pace_password};
use cnie::lds::card_access::SecurityInfos;
use cnie::lds::file::LdsFile;
use cnie::pace::{DhGroup, Group, Mapping, mse_set_at_data, run};
use cnie_sim::fs::EMRTD_AID;
use cnie_sim::pace_options::{PaceCipher, PaceGroup, PaceMapping, PaceSettings};
use cnie_sim::{CardImage, FileName, SimTransport};
use common::*;

const SPECIMEN_CAN: &str = "246810";

/// The specimen, PACE only, with these options.
fn card(settings: PaceSettings) -> CardImage {
    let mut image = specimen();
    image.config.protocols.bac = false;
    image.config.protocols.pace = true;
    image.config.pace = settings;
    image
}

fn keys() -> [AccessKey; 2] {
    [
        AccessKey::Can(Can::new(SPECIMEN_CAN).unwrap()),
        AccessKey::Mrz(specimen_key()),
    ]
}

/// Reads EF.CardAccess, runs PACE with the first PACEInfo the library can run (DO'84'
/// when there are several) and reads EF.COM under secure messaging. Returns the group and
/// mapping that ran.
fn read_with(image: &CardImage, key: &AccessKey) -> (Group, Mapping) {
    let expected_com = image.files[&FileName::Com].clone();
    let mut card = Card::new(SimTransport::new(image).unwrap());
    let bytes = card
        .read_file(LdsFile::CardAccess.sfi(), |_, _| {})
        .unwrap();
    let infos = SecurityInfos::parse_card_access(&bytes).unwrap();
    let all: Vec<_> = infos.pace().collect();
    let (params, id) = all
        .iter()
        .find_map(|info| cnie::pace::PaceParams::from_info(info).map(|p| (p, info.parameter_id)))
        .expect("a PACEInfo the library runs");
    let id = if all.len() > 1 {
        id.and_then(|id| u8::try_from(id).ok())
    } else {
        None
    };
    let ran = (params.group(), params.mapping());
    run::establish(
        &mut card,
        &pace_password(key),
        key.kind().pace_reference(),
        params,
        id,
    )
    .unwrap_or_else(|e| panic!("{ran:?} {:?}: {e}", key.kind()));
    assert!(card.transport().chip().is_secure());
    card.select_application(&EMRTD_AID).unwrap();
    let com = card.read_file(FileName::Com.sfi(), |_, _| {}).unwrap();
    assert_eq!(com, expected_com, "{ran:?}");
    ran
}

fn settings(curve: PaceGroup, mapping: PaceMapping, cipher: PaceCipher) -> PaceSettings {
    PaceSettings {
        curve,
        mapping,
        cipher,
        ..PaceSettings::default()
    }
}

#[test]
fn dh_generic_mapping_on_both_groups() {
    for (group, dh) in [
        (PaceGroup::Dh1024, DhGroup::Modp1024_160),
        (PaceGroup::Dh2048, DhGroup::Modp2048_256),
    ] {
        for cipher in [PaceCipher::Aes128, PaceCipher::Des3] {
            let image = card(settings(group, PaceMapping::Gm, cipher));
            for key in keys() {
                assert_eq!(
                    read_with(&image, &key),
                    (Group::Dh(dh), Mapping::Generic),
                    "{group} {cipher}"
                );
            }
        }
    }
}

#[test]
fn integrated_mapping_on_curves_and_dh() {
    let cases = [
        (PaceGroup::Ec(Curve::BrainpoolP256r1), PaceCipher::Aes128),
        (PaceGroup::Ec(Curve::P256), PaceCipher::Aes256),
        (PaceGroup::Ec(Curve::P384), PaceCipher::Des3),
        (PaceGroup::Dh2048, PaceCipher::Aes128),
        (PaceGroup::Dh1024, PaceCipher::Aes192),
    ];
    for (group, cipher) in cases {
        let image = card(settings(group, PaceMapping::Im, cipher));
        for key in keys() {
            assert_eq!(
                read_with(&image, &key),
                (group.group(), Mapping::Integrated),
                "{group} {cipher}"
            );
        }
    }
}

#[test]
fn two_pace_infos_and_do84() {
    let two = PaceSettings {
        curve: PaceGroup::Dh1024,
        also: Some(PaceGroup::Ec(Curve::BrainpoolP256r1)),
        ..PaceSettings::default()
    };
    let image = card(two);
    // The reader takes the first PACEInfo and names it with DO'84'.
    for key in keys() {
        assert_eq!(read_with(&image, &key).0, Group::Dh(DhGroup::Modp1024_160));
    }
    // Reversed: the curve first.
    let reversed = PaceSettings {
        curve: PaceGroup::Ec(Curve::BrainpoolP256r1),
        also: Some(PaceGroup::Dh1024),
        ..PaceSettings::default()
    };
    assert_eq!(
        read_with(&card(reversed), &keys()[0]).0,
        Group::Ec(Curve::BrainpoolP256r1)
    );
    // Two curves with the same OID: only DO'84' tells them apart.
    let same_oid = PaceSettings {
        curve: PaceGroup::Ec(Curve::P256),
        also: Some(PaceGroup::Ec(Curve::BrainpoolP256r1)),
        ..PaceSettings::default()
    };
    assert_eq!(
        read_with(&card(same_oid), &keys()[0]).0,
        Group::Ec(Curve::P256)
    );
    // MSE:Set AT with a DO'84' that names no PACEInfo of that OID: 6A80.
    let mut card = Card::new(SimTransport::new(&image).unwrap());
    for (oid, id, sw) in [
        (two.oid_value_for(PaceGroup::Dh1024), 13, 0x6A80),
        (two.oid_value_for(PaceGroup::Dh1024), 2, 0x6A80),
        (two.oid_value_for(PaceGroup::Dh1024), 0, 0x9000),
        (
            two.oid_value_for(PaceGroup::Ec(Curve::BrainpoolP256r1)),
            0,
            0x6A80,
        ),
        (
            two.oid_value_for(PaceGroup::Ec(Curve::BrainpoolP256r1)),
            13,
            0x9000,
        ),
    ] {
        let mse = cnie::iso7816::Command::new(0x00, 0x22, 0xC1, 0xA4).with_data(mse_set_at_data(
            &oid,
            2,
            Some(id),
        ));
        assert_eq!(card.transmit(&mse).unwrap().sw.0, sw, "{id}");
    }
}

#[test]
fn a_wrong_can_is_refused_over_dh_and_im() {
    for s in [
        settings(PaceGroup::Dh1024, PaceMapping::Gm, PaceCipher::Aes128),
        settings(
            PaceGroup::Ec(Curve::BrainpoolP256r1),
            PaceMapping::Im,
            PaceCipher::Aes128,
        ),
    ] {
        let image = card(s);
        let mut card = Card::new(SimTransport::new(&image).unwrap());
        let params = s.offers().unwrap().remove(0).params;
        let wrong = AccessKey::Can(Can::new("123456").unwrap());
        let err = run::establish(&mut card, &pace_password(&wrong), 2, params, None).unwrap_err();
        assert!(
            matches!(err, cnie::error::Error::AccessDenied),
            "{s:?}: {err}"
        );
        assert!(!card.transport().chip().is_secure());
    }
}

#[test]
fn ef_card_access_for_dh_and_im() {
    let cases = [
        (
            settings(PaceGroup::Dh1024, PaceMapping::Gm, PaceCipher::Aes128),
            "31143012060A04007F00070202040102020102020100",
        ),
        (
            settings(PaceGroup::Dh2048, PaceMapping::Im, PaceCipher::Aes256),
            "31143012060A04007F00070202040304020102020102",
        ),
        (
            settings(
                PaceGroup::Ec(Curve::P256),
                PaceMapping::Im,
                PaceCipher::Aes128,
            ),
            "31143012060A04007F0007020204040202010202010C",
        ),
    ];
    for (s, expected) in cases {
        let mut card = Card::new(SimTransport::new(&card(s)).unwrap());
        let bytes = card
            .read_file(LdsFile::CardAccess.sfi(), |_, _| {})
            .unwrap();
        assert_eq!(hex::encode_upper(bytes), expected, "{s:?}");
    }
}
