//! Active Authentication, Chip Authentication v1, clones and an unlisted data group,
//! against a small terminal written here from ICAO 9303-11 §6.1-6.2 with library
//! primitives (BAC, PACE, ECDH, KDF, secure messaging), in process.

mod common;

use cnie::card::Card;
use cnie::crypto::kdf::{KDF_ENC, KDF_MAC, KdfAlgorithm, kdf};
use cnie::iso7816::{Command, StatusWord};
use cnie::keys::Can;
use cnie::lds::security_infos::{SecurityInfo, parse_set};
use cnie::pace::{Curve, ecdh};
use cnie::sm::{AesSm, Des3Sm, SecureMessaging};
use cnie::tlv;
use p256::ecdsa::signature::hazmat::PrehashVerifier;
use rsa::BoxedUint;
use rsa::pkcs8::DecodePublicKey;
use rsa::traits::PublicKeyParts;
use sha1::Sha1;
use sha2::{Digest, Sha256};

use cnie_sim::config::{AaHash, CaSettings};
use cnie_sim::fs::EMRTD_AID;
use cnie_sim::pace_options::{PaceCipher, PaceGroup};
use cnie_sim::perso::{self, AaAlgorithm, AuthOptions};
use cnie_sim::{CardImage, FileName, SimTransport};
use common::*;

const CHALLENGE: [u8; 8] = [0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88];

/// How the test terminal opens the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    Bac,
    Pace,
}

/// The specimen with `options`, offering only `access`.
fn card(options: AuthOptions, access: Access) -> CardImage {
    let mut card = perso::specimen(&options).unwrap();
    card.config.protocols.bac = access == Access::Bac;
    card.config.protocols.pace = access == Access::Pace;
    card
}

/// Opens a session (BAC with the MRZ, or PACE-GM with the CAN) and selects the eMRTD
/// application under secure messaging.
fn open(image: &CardImage, access: Access) -> Card<SimTransport> {
    let mut card = Card::new(SimTransport::new(image).unwrap());
    match access {
        Access::Bac => {
            card.select_application(&EMRTD_AID).unwrap();
            cnie::bac::authenticate(&mut card, &specimen_key()).unwrap();
        }
        Access::Pace => {
            let settings = image.config.pace;
            let params = settings.offers().unwrap().remove(0).params;
            let password =
                cnie::keys::pace_password(&cnie::keys::AccessKey::Can(Can::new("246810").unwrap()));
            cnie::pace::run::establish(&mut card, &password, 2, params, None).unwrap();
        }
    }
    card.select_application(&EMRTD_AID).unwrap();
    card
}

fn read(card: &mut Card<SimTransport>, name: FileName) -> cnie::error::Result<Vec<u8>> {
    card.read_file(name.sfi(), |_, _| {})
}

fn internal_authenticate(le: usize) -> Command {
    Command::new(0x00, 0x88, 0x00, 0x00)
        .with_data(CHALLENGE.to_vec())
        .with_le(le)
}

/// Checks an ISO/IEC 9796-2 scheme 1 answer with DG15's RSA key: recovers
/// `6A ‖ M1 ‖ H(M1 ‖ challenge) ‖ trailer`.
fn verify_rsa(dg15: &[u8], signature: &[u8], hash: AaHash) -> bool {
    let (spki, _) = tlv::expect(dg15, 0x6F).unwrap();
    let public = rsa::PublicKey::from_public_key_der(spki).unwrap();
    let k = public.size();
    assert_eq!(signature.len(), k);
    let s = BoxedUint::from_be_slice(signature, public.n_bits_precision()).unwrap();
    let f = rsa::hazmat::rsa_encrypt(&public, &s).unwrap().to_be_bytes();
    let f = &f[f.len() - k..];
    let (trailer, hash_len): (&[u8], usize) = match hash {
        AaHash::Sha1 => (&[0xBC], 20),
        AaHash::Sha256 => (&[0x34, 0xCC], 32),
    };
    if f[0] != 0x6A || !f.ends_with(trailer) {
        return false;
    }
    let digest_at = k - trailer.len() - hash_len;
    let m1 = &f[1..digest_at];
    let digest = &f[digest_at..k - trailer.len()];
    let expected = match hash {
        AaHash::Sha1 => Sha1::new()
            .chain_update(m1)
            .chain_update(CHALLENGE)
            .finalize()
            .to_vec(),
        AaHash::Sha256 => Sha256::new()
            .chain_update(m1)
            .chain_update(CHALLENGE)
            .finalize()
            .to_vec(),
    };
    digest == expected.as_slice()
}

/// Checks a plain ECDSA P-256 answer with DG15's key over SHA-256(challenge).
fn verify_ecdsa(dg15: &[u8], signature: &[u8]) -> bool {
    let (spki, _) = tlv::expect(dg15, 0x6F).unwrap();
    let public = p256::PublicKey::from_public_key_der(spki).unwrap();
    let key = p256::ecdsa::VerifyingKey::from(public);
    let Ok(signature) = p256::ecdsa::Signature::from_slice(signature) else {
        return false;
    };
    key.verify_prehash(&Sha256::digest(CHALLENGE), &signature)
        .is_ok()
}

#[test]
fn active_authentication_rsa_and_ecdsa() {
    let cases = [
        (AaAlgorithm::Rsa1024, AaHash::Sha1),
        (AaAlgorithm::Rsa1024, AaHash::Sha256),
        (AaAlgorithm::Rsa2048, AaHash::Sha1),
        (AaAlgorithm::Ecdsa, AaHash::Sha1),
    ];
    for (alg, hash) in cases {
        for access in [Access::Bac, Access::Pace] {
            for clone in [false, true] {
                let options = AuthOptions {
                    aa: Some(alg),
                    aa_hash: hash,
                    clone,
                    ..AuthOptions::default()
                };
                let image = card(options, access);
                let mut card = open(&image, access);
                let dg15 = read(&mut card, FileName::Dg(15)).unwrap();
                assert_eq!(dg15, image.files[&FileName::Dg(15)]);
                // EF.COM lists DG15, EF.SOD hashes it.
                let com = read(&mut card, FileName::Com).unwrap();
                assert!(
                    tlv::require(tlv::expect(&com, 0x60).unwrap().0, 0x5C)
                        .unwrap()
                        .contains(&0x6F)
                );
                let sod = cnie::lds::sod::Sod::parse(&image.files[&FileName::Sod]).unwrap();
                assert_eq!(
                    sod.data_group_hash(15),
                    Some(Sha256::digest(&dg15).as_slice())
                );
                let le = if alg == AaAlgorithm::Rsa2048 {
                    65536
                } else {
                    256
                };
                let answer = card.transmit(&internal_authenticate(le)).unwrap();
                assert_eq!(answer.sw, StatusWord::SUCCESS, "{alg:?} {access:?}");
                let valid = match alg {
                    AaAlgorithm::Ecdsa => {
                        assert_eq!(answer.data.len(), 64);
                        verify_ecdsa(&dg15, &answer.data)
                    }
                    _ => verify_rsa(&dg15, &answer.data, hash),
                };
                assert_eq!(valid, !clone, "{alg:?} {hash:?} {access:?} clone={clone}");
                // The session goes on.
                assert_eq!(
                    read(&mut card, FileName::Dg(1)).unwrap(),
                    image.files[&FileName::Dg(1)]
                );
            }
        }
    }
}

#[test]
fn ecdsa_active_authentication_is_announced_in_dg14() {
    let image = card(
        AuthOptions {
            aa: Some(AaAlgorithm::Ecdsa),
            ..AuthOptions::default()
        },
        Access::Pace,
    );
    let infos = dg14_infos(&image);
    let aa: Vec<_> = infos
        .iter()
        .filter_map(|i| match i {
            SecurityInfo::ActiveAuthentication(a) => Some(a),
            _ => None,
        })
        .collect();
    assert_eq!(aa.len(), 1);
    assert_eq!(aa[0].version, 1);
    assert_eq!(aa[0].signature_algorithm, "1.2.840.10045.4.3.2");
    // The card's PACEInfo is in DG14 too.
    assert!(infos.iter().any(|i| matches!(i, SecurityInfo::Pace(_))));
    // RSA: no DG14 at all.
    let rsa = card(
        AuthOptions {
            aa: Some(AaAlgorithm::Rsa1024),
            ..AuthOptions::default()
        },
        Access::Bac,
    );
    assert!(!rsa.files.contains_key(&FileName::Dg(14)));
}

#[test]
fn internal_authenticate_refusals() {
    let image = card(
        AuthOptions {
            aa: Some(AaAlgorithm::Rsa2048),
            ..AuthOptions::default()
        },
        Access::Bac,
    );
    // Without a session: 6982.
    let mut chip = cnie_sim::Chip::new(&image).unwrap();
    let select = Command::new(0x00, 0xA4, 0x04, 0x0C).with_data(EMRTD_AID.to_vec());
    chip.process(&select.to_bytes().unwrap());
    let raw = chip.process(&internal_authenticate(256).to_bytes().unwrap());
    assert_eq!(raw, [0x69, 0x82]);
    let mut card = open(&image, Access::Bac);
    // RSA-2048 does not fit a short protected response.
    assert_eq!(
        card.transmit(&internal_authenticate(256)).unwrap().sw.0,
        0x6700
    );
    let short = Command::new(0x00, 0x88, 0x00, 0x00)
        .with_data(vec![1; 7])
        .with_le(65536);
    assert_eq!(card.transmit(&short).unwrap().sw.0, 0x6700);
    let p1 = Command::new(0x00, 0x88, 0x01, 0x00)
        .with_data(CHALLENGE.to_vec())
        .with_le(65536);
    assert_eq!(card.transmit(&p1).unwrap().sw.0, 0x6A86);
    assert_eq!(
        card.transmit(&internal_authenticate(65536)).unwrap().sw,
        StatusWord::SUCCESS
    );
}

fn dg14_infos(image: &CardImage) -> Vec<SecurityInfo> {
    let dg14 = &image.files[&FileName::Dg(14)];
    let (set, rest) = tlv::expect(dg14, 0x6E).unwrap();
    assert!(rest.is_empty());
    parse_set(set).unwrap()
}

/// The terminal's side of Chip Authentication v1 over `card`: MSE:Set KAT (3DES) or
/// MSE:Set AT + GENERAL AUTHENTICATE (AES) with an ephemeral key, then the new secure
/// messaging from DG14's public key.
fn chip_authentication(card: &mut Card<SimTransport>, curve: Curve, cipher: PaceCipher) {
    let dg14 = read(card, FileName::Dg(14)).unwrap();
    let (set, _) = tlv::expect(&dg14, 0x6E).unwrap();
    let infos = parse_set(set).unwrap();
    let ca_info = infos
        .iter()
        .find_map(|i| match i {
            SecurityInfo::ChipAuthentication(c) => Some(c.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(ca_info.version, 1);
    let pk_info = infos
        .iter()
        .find_map(|i| match i {
            SecurityInfo::ChipAuthenticationPublicKey(p) => Some(p.clone()),
            _ => None,
        })
        .unwrap();
    let pk_ic = cnie::pace::cam::public_key_point(&pk_info.public_key)
        .unwrap()
        .to_vec();
    let sk_ifd = cnie::pace::ecdh::random_scalar(curve, &mut cnie::pace::OsRandom).unwrap();
    let pk_ifd = ecdh::multiply(curve, &sk_ifd, None).unwrap();
    let shared = ecdh::shared_secret(curve, &sk_ifd, &pk_ic).unwrap();
    let alg = cipher.kdf();
    let (k_enc, k_mac) = (kdf(&shared, KDF_ENC, alg), kdf(&shared, KDF_MAC, alg));
    if cipher == PaceCipher::Des3 {
        let kat = Command::new(0x00, 0x22, 0x41, 0xA6).with_data(tlv::encode(0x91, &pk_ifd));
        assert_eq!(card.transmit(&kat).unwrap().sw, StatusWord::SUCCESS);
    } else {
        let oid = cnie_sim::ca::ca_oid(cipher);
        assert_eq!(
            ca_info.cipher,
            cnie_sim::ca::cipher_suite(cipher),
            "DG14 names the cipher"
        );
        let at = Command::new(0x00, 0x22, 0x41, 0xA4).with_data(tlv::encode(0x80, &oid));
        assert_eq!(card.transmit(&at).unwrap().sw, StatusWord::SUCCESS);
        let ga = Command::new(0x00, 0x86, 0x00, 0x00)
            .with_data(tlv::encode(0x7C, &tlv::encode(0x80, &pk_ifd)))
            .with_le(256);
        let answer = card.transmit(&ga).unwrap();
        assert_eq!(answer.sw, StatusWord::SUCCESS);
        assert_eq!(answer.data, [0x7C, 0x00]);
    }
    let sm: Box<dyn SecureMessaging> = match alg {
        KdfAlgorithm::Des3 => Box::new(Des3Sm::new(
            k_enc.as_slice().try_into().unwrap(),
            k_mac.as_slice().try_into().unwrap(),
            [0; 8],
        )),
        _ => Box::new(AesSm::new(&k_enc, &k_mac).unwrap()),
    };
    card.set_secure_messaging(sm);
}

#[test]
fn chip_authentication_restarts_secure_messaging() {
    let cases = [
        (Curve::P256, PaceCipher::Aes128),
        (Curve::P256, PaceCipher::Des3),
        (Curve::BrainpoolP256r1, PaceCipher::Aes256),
        (Curve::P384, PaceCipher::Aes192),
    ];
    for (curve, cipher) in cases {
        for access in [Access::Bac, Access::Pace] {
            for clone in [false, true] {
                let settings = CaSettings {
                    curve: PaceGroup::Ec(curve),
                    cipher,
                };
                let options = AuthOptions {
                    ca: Some(settings),
                    aa: Some(AaAlgorithm::Ecdsa),
                    clone,
                    ..AuthOptions::default()
                };
                let image = card(options, access);
                let infos = dg14_infos(&image);
                assert!(
                    infos
                        .iter()
                        .any(|i| matches!(i, SecurityInfo::ActiveAuthentication(_)))
                );
                let sod = cnie::lds::sod::Sod::parse(&image.files[&FileName::Sod]).unwrap();
                assert_eq!(
                    sod.data_group_hash(14),
                    Some(Sha256::digest(&image.files[&FileName::Dg(14)]).as_slice())
                );
                let mut card = open(&image, access);
                chip_authentication(&mut card, curve, cipher);
                let what = format!("{curve:?} {cipher} {access:?} clone={clone}");
                let dg1 = read(&mut card, FileName::Dg(1));
                if clone {
                    assert!(dg1.is_err(), "{what}");
                    assert!(!card.transport().chip().is_secure(), "{what}");
                } else {
                    assert_eq!(dg1.unwrap(), image.files[&FileName::Dg(1)], "{what}");
                    // Active Authentication under the new keys.
                    let answer = card.transmit(&internal_authenticate(256)).unwrap();
                    assert!(verify_ecdsa(&image.files[&FileName::Dg(15)], &answer.data));
                }
            }
        }
    }
}

#[test]
fn chip_authentication_refusals() {
    let image = card(
        AuthOptions {
            ca: Some(CaSettings::default()),
            ..AuthOptions::default()
        },
        Access::Bac,
    );
    let mut card = open(&image, Access::Bac);
    let oid = cnie_sim::ca::ca_oid(PaceCipher::Aes128);
    // Another cipher's OID, Set KAT on an AES card, GA without Set AT, a bad point.
    let other = Command::new(0x00, 0x22, 0x41, 0xA4)
        .with_data(tlv::encode(0x80, &cnie_sim::ca::ca_oid(PaceCipher::Aes256)));
    assert_eq!(card.transmit(&other).unwrap().sw.0, 0x6A80);
    let kat = Command::new(0x00, 0x22, 0x41, 0xA6).with_data(tlv::encode(0x91, &[4; 65]));
    assert_eq!(card.transmit(&kat).unwrap().sw.0, 0x6A80);
    let point = ecdh::multiply(Curve::P256, &[1; 32], None).unwrap();
    let ga = |pk: &[u8]| {
        Command::new(0x00, 0x86, 0x00, 0x00)
            .with_data(tlv::encode(0x7C, &tlv::encode(0x80, pk)))
            .with_le(256)
    };
    assert_eq!(card.transmit(&ga(&point)).unwrap().sw.0, 0x6985);
    let at = Command::new(0x00, 0x22, 0x41, 0xA4).with_data(tlv::encode(0x80, &oid));
    assert_eq!(card.transmit(&at).unwrap().sw, StatusWord::SUCCESS);
    let mut bad = point.clone();
    bad[64] ^= 1;
    assert_eq!(card.transmit(&ga(&bad)).unwrap().sw.0, 0x6A80);
    // The session survived the refusals.
    assert_eq!(
        read(&mut card, FileName::Dg(1)).unwrap(),
        image.files[&FileName::Dg(1)]
    );
    // Without a session: 6982.
    let mut chip = cnie_sim::Chip::new(&image).unwrap();
    let select = Command::new(0x00, 0xA4, 0x04, 0x0C).with_data(EMRTD_AID.to_vec());
    chip.process(&select.to_bytes().unwrap());
    assert_eq!(chip.process(&at.to_bytes().unwrap()), [0x69, 0x82]);
}

#[test]
fn extra_data_group_is_in_ef_com_but_not_in_ef_sod() {
    for access in [Access::Bac, Access::Pace] {
        let image = card(
            AuthOptions {
                extra_dg: Some(11),
                ..AuthOptions::default()
            },
            access,
        );
        let mut card = open(&image, access);
        let com = cnie::lds::Com::parse(&read(&mut card, FileName::Com).unwrap()).unwrap();
        let listed: Vec<String> = com.data_groups.iter().map(|f| f.to_string()).collect();
        assert!(listed.iter().any(|n| n == "DG11"), "{listed:?}");
        let sod = cnie::lds::sod::Sod::parse(&read(&mut card, FileName::Sod).unwrap()).unwrap();
        assert_eq!(sod.data_group_numbers(), [1, 2]);
        let dg11 = read(&mut card, FileName::Dg(11)).unwrap();
        assert_eq!(dg11, image.files[&FileName::Dg(11)]);
        assert!(
            tlv::require(tlv::expect(&dg11, 0x6B).unwrap().0, 0x5F42).is_ok(),
            "an address"
        );
    }
    // Another number: added beside DG11, which stays hashed.
    let image = perso::specimen(&AuthOptions {
        extra_dg: Some(12),
        ..AuthOptions::default()
    })
    .unwrap();
    let sod = cnie::lds::sod::Sod::parse(&image.files[&FileName::Sod]).unwrap();
    assert_eq!(sod.data_group_numbers(), [1, 2, 11]);
    assert!(image.files.contains_key(&FileName::Dg(12)));
    // DG1, DG2, or DG15 beside AA: refused.
    for (n, aa) in [
        (1, None),
        (2, None),
        (15, Some(AaAlgorithm::Ecdsa)),
        (17, None),
    ] {
        assert!(
            perso::specimen(&AuthOptions {
                extra_dg: Some(n),
                aa,
                ..AuthOptions::default()
            })
            .is_err(),
            "{n}"
        );
    }
}

#[test]
fn default_options_build_the_committed_specimen_and_folders_round_trip() {
    let built = perso::specimen(&AuthOptions::default()).unwrap();
    let committed = specimen();
    assert_eq!(built.files, committed.files);
    assert_eq!(built.config, committed.config);
    // A card folder keeps the chip's keys (aa.key.pem, ca.key.hex) and settings.
    let options = AuthOptions {
        aa: Some(AaAlgorithm::Rsa1024),
        aa_hash: AaHash::Sha256,
        ca: Some(CaSettings {
            curve: PaceGroup::Ec(Curve::BrainpoolP256r1),
            cipher: PaceCipher::Des3,
        }),
        clone: true,
        extra_dg: Some(11),
    };
    let image = perso::specimen(&options).unwrap();
    let dir = std::env::temp_dir().join(format!("cnie-sim-aa-ca-{}", std::process::id()));
    image.save(&dir).unwrap();
    assert!(dir.join("aa.key.pem").exists() && dir.join("ca.key.hex").exists());
    let loaded = CardImage::load(&dir).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(loaded, image);
    cnie_sim::Chip::new(&loaded).unwrap();
}
