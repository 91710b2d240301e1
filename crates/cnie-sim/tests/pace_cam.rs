//! PACE with chip authentication mapping through `read_document` and the software card
//! (as `cnie-sim serve --mapping cam`), in process.

mod common;

use cnie::error::Error;
use cnie::keys::PasswordKind;
use cnie::keys::{AccessKey, Can};
use cnie::lds::card_access::{SecurityInfos, encode_card_access};
use cnie::lds::file::LdsFile;
use cnie::lds::security_infos::{PaceMapping as SiMapping, PaceProtocol, SecurityInfo};
use cnie::pace::Curve;
use cnie::session::{LengthPreference, Protocol, ReadOptions, read_document};
use cnie_sim::pace_options::{PaceGroup, PaceMapping};
use cnie_sim::{FileName, SimTransport, card_security};
use common::*;

fn cam_card(curve: Curve) -> cnie_sim::CardImage {
    let mut card = specimen();
    card.config.protocols.pace = true;
    card.config.pace.mapping = PaceMapping::Cam;
    card.config.pace.curve = PaceGroup::Ec(curve);
    card
}

fn can() -> AccessKey {
    AccessKey::Can(Can::new("246810").unwrap())
}

fn options() -> ReadOptions {
    ReadOptions {
        length: LengthPreference::Auto,
        ..ReadOptions::default()
    }
}

#[test]
fn pace_cam_reads_and_authenticates_the_chip() {
    for curve in [Curve::P256, Curve::BrainpoolP256r1, Curve::BrainpoolP384r1] {
        let card = cam_card(curve);
        for key in [can(), AccessKey::Mrz(specimen_key())] {
            let transport = SimTransport::new(&card).unwrap();
            let doc = read_document(transport, &key, &options(), |_| {}).unwrap();
            assert_eq!(
                doc.access.map(|a| a.protocol),
                Some(Protocol::Pace),
                "{curve:?}"
            );
            let ca = doc
                .chip_authentication
                .as_ref()
                .expect("chip authentication");
            assert!(
                ca.signer.contains("Document Signer TEST 1"),
                "{}",
                ca.signer
            );
            let chip = cnie_sim::Chip::new(&card).unwrap();
            assert_eq!(
                Some(ca.card_security.as_slice()),
                chip.file(FileName::CardSecurity)
            );
            assert!(
                doc.notes
                    .iter()
                    .any(|n| n.contains("chip authentication (PACE-CAM) passed")),
                "{:?}",
                doc.notes
            );
            assert!(doc.files.contains_key(&LdsFile::from_name("DG1").unwrap()));
        }
    }
    // The CAN run's password.
    let transport = SimTransport::new(&cam_card(Curve::P256)).unwrap();
    let doc = read_document(transport, &can(), &options(), |_| {}).unwrap();
    assert_eq!(doc.access.map(|a| a.password), Some(PasswordKind::Can));
    // 12 APDUs over PACE-GM plus one READ BINARY of EF.CardSecurity.
    assert_eq!(doc.stats.apdus, 13);
}

#[test]
fn a_chip_whose_static_key_does_not_match_fails() {
    let mut card = cam_card(Curve::BrainpoolP256r1);
    // EF.CardSecurity validly signed, but for another static key than the chip's.
    let mut other = card_security::static_key(Curve::BrainpoolP256r1)
        .unwrap()
        .to_vec();
    other[31] ^= 0x01;
    let bytes = card_security::ef_card_security_with(
        &card.config.pace,
        &other,
        &card_security::test_signer().unwrap(),
    )
    .unwrap();
    card.files.insert(FileName::CardSecurity, bytes);
    let transport = SimTransport::new(&card).unwrap();
    let err = read_document(transport, &can(), &options(), |_| {}).unwrap_err();
    assert!(matches!(err, Error::ChipAuthentication(_)), "{err:?}");
}

#[test]
fn a_tampered_card_security_fails() {
    let mut card = cam_card(Curve::P256);
    let mut bytes = card_security::ef_card_security(&card.config.pace).unwrap();
    // Flip a bit of the public key inside the signed content: the digest no longer matches.
    let pos = bytes
        .windows(3)
        .position(|w| w == [0x03, 0x42, 0x00])
        .unwrap();
    bytes[pos + 10] ^= 0x01;
    card.files.insert(FileName::CardSecurity, bytes);
    let transport = SimTransport::new(&card).unwrap();
    let err = read_document(transport, &can(), &options(), |_| {}).unwrap_err();
    assert!(matches!(err, Error::ChipAuthentication(_)), "{err:?}");
}

/// A relay between reader and chip that changes or refuses the plain EF.CardAccess
/// read (READ BINARY with SFI 1C), and passes everything else on.
struct Relay {
    inner: SimTransport,
    card_access: Tamper,
}

enum Tamper {
    /// Answer this status word instead.
    Refuse([u8; 2]),
    /// Add a generic-mapping PACEInfo beside the chip's chip-authentication-mapping one.
    AddGenericMapping,
}

impl cnie::iso7816::Transport for Relay {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, cnie::iso7816::TransportError> {
        let answer = self.inner.transmit(command)?;
        if !command.starts_with(&[0x00, 0xB0, 0x9C]) {
            return Ok(answer);
        }
        match self.card_access {
            Tamper::Refuse(sw) => Ok(sw.to_vec()),
            Tamper::AddGenericMapping => {
                let data = &answer[..answer.len() - 2];
                let infos = SecurityInfos::parse_card_access(data).unwrap();
                let mut list = infos.infos().to_vec();
                let Some(SecurityInfo::Pace(cam)) = list.first().cloned() else {
                    panic!("no PACEInfo: {list:?}")
                };
                let mut gm = cam.clone();
                gm.protocol = PaceProtocol::new(SiMapping::EcdhGm, cam.protocol.cipher());
                list.push(SecurityInfo::Pace(gm));
                let mut out = encode_card_access(&list);
                out.extend_from_slice(&[0x90, 0x00]);
                Ok(out)
            }
        }
    }

    fn atr(&self) -> Option<Vec<u8>> {
        self.inner.atr()
    }

    fn reset(&mut self) -> Result<(), cnie::iso7816::TransportError> {
        self.inner.reset()
    }
}

/// The PACE variants EF.CardAccess offers in plain must be those the chip signed in
/// EF.CardSecurity: a relay that changes them is caught after PACE-CAM.
#[test]
fn ef_card_access_differing_from_ef_card_security_is_refused() {
    let card = cam_card(Curve::P256);
    let relay = Relay {
        inner: SimTransport::new(&card).unwrap(),
        card_access: Tamper::AddGenericMapping,
    };
    let err = read_document(relay, &can(), &options(), |_| {}).unwrap_err();
    assert!(
        matches!(
            err,
            Error::ChipAuthentication(cnie::error::CaError::PaceInfoMismatch)
        ),
        "{err:?}"
    );
    assert_eq!(err.kind(), cnie::ErrorKind::ChipNotGenuine);
}

/// Only "file not found" means the card has no EF.CardAccess; another refusal is an
/// error, never a reason to skip PACE for BAC.
#[test]
fn only_file_not_found_means_no_ef_card_access() {
    let card = cam_card(Curve::P256);
    let key = AccessKey::Mrz(specimen_key());
    let relay = Relay {
        inner: SimTransport::new(&card).unwrap(),
        card_access: Tamper::Refuse([0x69, 0x82]),
    };
    let err = read_document(relay, &key, &options(), |_| {}).unwrap_err();
    assert!(
        matches!(err, Error::Status { sw, .. } if sw == cnie::iso7816::StatusWord::SECURITY_STATUS_NOT_SATISFIED),
        "{err:?}"
    );
    // 6A82: no EF.CardAccess, so BAC, and not a downgrade.
    let relay = Relay {
        inner: SimTransport::new(&card).unwrap(),
        card_access: Tamper::Refuse([0x6A, 0x82]),
    };
    let doc = read_document(relay, &key, &options(), |_| {}).unwrap();
    let access = doc.access.unwrap();
    assert_eq!(access.protocol, Protocol::Bac);
    assert!(!access.downgraded);
}
