//! Chip Authentication against test-vectors/ca.json (four real sessions captured by gmrtd:
//! AES with and without a key id, 3DES, and a DG14 without ChipAuthenticationInfo), replayed
//! byte for byte, plus round trips with a software chip on DH and ECDH for every cipher.

use super::*;
use crate::error::Error;
use crate::iso7816::StatusWord;
use crate::iso7816::{Response, TransportError};
use crate::lds::security_infos;
use crate::sm::{AesCipher, AesSm, CardSecureMessaging, Des3Sm, SmSession};
use crate::test_support::{ScriptedTransport, hex, hex_field, json_vector};
use serde_json::Value;

fn vectors() -> Value {
    json_vector("ca.json")
}

/// DG14 (`6E { SET OF SecurityInfo }`) decoded.
fn dg14_infos(dg14: &[u8]) -> Vec<SecurityInfo> {
    let (set, rest) = tlv::expect(dg14, 0x6E).expect("DG14");
    assert!(rest.is_empty());
    security_infos::parse_set(set).expect("SecurityInfos")
}

fn terminal_sm(sm: &Value) -> Box<dyn crate::sm::SecureMessaging> {
    let (enc, mac, ssc) = (
        hex_field(sm, "ks_enc"),
        hex_field(sm, "ks_mac"),
        hex_field(sm, "ssc"),
    );
    match sm["alg"].as_str().unwrap() {
        "AES" => Box::new(SmSession::with_cipher(
            AesCipher::new(&enc, &mac).unwrap(),
            ssc.try_into().unwrap(),
        )),
        _ => Box::new(Des3Sm::new(
            &enc.try_into().unwrap(),
            &mac.try_into().unwrap(),
            ssc.try_into().unwrap(),
        )),
    }
}

#[test]
fn real_sessions_replay_byte_for_byte() {
    let v = vectors();
    let sessions = v["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 4);
    for s in sessions {
        let id = s["id"].as_str().unwrap();
        let infos = dg14_infos(&hex_field(s, "dg14"));
        let params = CaParams::from_security_infos(&infos).expect(id);
        let (cipher, key_id, inferred, curve, commands) = match id {
            "gmrtd_AT" => (
                CipherSuite::AesCbcCmac128,
                None,
                false,
                Curve::BrainpoolP256r1,
                CaCommands::SetAtGeneralAuthenticate,
            ),
            "gmrtd_DE" => (
                CipherSuite::AesCbcCmac128,
                Some(195),
                false,
                Curve::BrainpoolP256r1,
                CaCommands::SetAtGeneralAuthenticate,
            ),
            // gmrtd sends the AES commands to this 3DES chip, which accepts them.
            "gmrtd_MY" => (
                CipherSuite::Des3CbcCbc,
                None,
                false,
                Curve::BrainpoolP256r1,
                CaCommands::SetAtGeneralAuthenticate,
            ),
            "gmrtd_FR" => (
                CipherSuite::Des3CbcCbc,
                None,
                true,
                Curve::P256,
                CaCommands::SetKat,
            ),
            other => panic!("unknown session {other}"),
        };
        assert_eq!(params.cipher(), cipher, "{id}");
        assert_eq!(params.key_id(), key_id, "{id}");
        assert_eq!(params.inferred(), inferred, "{id}");
        assert_eq!(params.group(), Group::Ec(curve), "{id}");
        assert_eq!(params.key_agreement(), KeyAgreement::Ecdh);
        if id != "gmrtd_MY" {
            assert_eq!(params.default_commands(), commands, "{id}");
        }
        let eph = &s["terminal_ephemeral"];
        let terminal = CaTerminal::with_secret(params, &hex_field(eph, "sk")).expect(id);
        assert_eq!(terminal.public_key(), hex_field(eph, "pk"), "{id}");
        let keys = terminal.session_keys().expect(id);
        assert_eq!(keys.ks_enc(), hex_field(&s["sm_after"], "ks_enc"), "{id}");
        assert_eq!(keys.ks_mac(), hex_field(&s["sm_after"], "ks_mac"), "{id}");

        let script = s["apdus"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| (hex_field(a, "command"), hex_field(a, "response")));
        let mut card = Card::new(ScriptedTransport::new().expecting(script));
        card.set_secure_messaging(terminal_sm(&s["sm_before"]));
        let outcome = run(&mut card, &terminal, commands).expect(id);
        assert_eq!(
            outcome,
            ChipAuthOutcome {
                key_agreement: KeyAgreement::Ecdh,
                cipher,
                group: Group::Ec(curve),
                key_id,
                inferred,
                commands,
            }
        );
        // The SELECT under the new keys (SSC from zero) is the recorded one, and the chip's
        // answer verifies: the chip holds the private key.
        card.select_file(0x010E).expect(id);
        assert!(card.transport().is_done(), "{id}");
    }
}

#[test]
fn standardized_domain_parameters_key() {
    // ICAO 9303-11 App. I: a ChipAuthenticationPublicKeyInfo with parameter id 13.
    let v = vectors();
    let der = hex_field(
        &v["pace_cam_chip_authentication_check"],
        "static_chip_authentication_public_key_info",
    );
    let SecurityInfo::ChipAuthenticationPublicKey(key) = SecurityInfo::parse(&der).unwrap() else {
        panic!("not a public key info");
    };
    let params = CaParams::new(
        KeyAgreement::Ecdh,
        CipherSuite::AesCbcCmac256,
        key.key_id,
        &key,
    )
    .unwrap();
    assert_eq!(params.group(), Group::Ec(Curve::BrainpoolP256r1));
    assert_eq!(params.chip_public_key().len(), 65);
    assert_eq!(params.kdf(), KdfAlgorithm::Aes256);
    assert_eq!(params.protocol_oid(), hex("04007F00070202030204"));
    // The key agreement must fit the key.
    assert!(matches!(
        CaParams::new(KeyAgreement::Dh, CipherSuite::AesCbcCmac128, None, &key),
        Err(CaError::UnsupportedKey(_))
    ));
}

/// A deterministic randomness source.
struct Counter(u8);

impl PaceRng for Counter {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), PaceError> {
        for b in buf.iter_mut() {
            self.0 = self.0.wrapping_mul(31).wrapping_add(17);
            *b = self.0;
        }
        if let Some(first) = buf.first_mut() {
            *first &= 0x3F;
        }
        Ok(())
    }
}

fn card_sm(keys: &SessionKeys) -> Box<dyn CardSecureMessaging> {
    match keys.kdf() {
        KdfAlgorithm::Des3 => Box::new(Des3Sm::new(
            &keys.ks_enc().try_into().unwrap(),
            &keys.ks_mac().try_into().unwrap(),
            [0; 8],
        )),
        _ => Box::new(AesSm::new(keys.ks_enc(), keys.ks_mac()).unwrap()),
    }
}

/// A software chip (a state machine, not a script: kept here, see `test_support`): secure messaging, MSE:Set KAT / Set AT, GENERAL AUTHENTICATE, SELECT.
struct Chip {
    sm: Box<dyn CardSecureMessaging>,
    group: Group,
    secret: Vec<u8>,
    cipher: CipherSuite,
    refuse: bool,
}

impl Chip {
    fn answer(&mut self, plain: &Command) -> (Response, Option<SessionKeys>) {
        let ok = |data: Vec<u8>| Response::new(data, StatusWord::new(0x90, 0x00));
        if self.refuse && plain.ins != ins::SELECT {
            return (Response::status(StatusWord::new(0x6A, 0x80)), None);
        }
        match (plain.ins, plain.p2) {
            (ins::MSE, 0xA6) => {
                let pk = tlv::find(&plain.data, 0x91).unwrap().unwrap();
                let keys = chip_session_keys(self.group, &self.secret, pk, self.cipher).unwrap();
                (ok(Vec::new()), Some(keys))
            }
            (ins::MSE, 0xA4) => (ok(Vec::new()), None),
            (ins::GENERAL_AUTHENTICATE, _) => {
                let inner = tlv::require(&plain.data, 0x7C).unwrap();
                let pk = tlv::require(inner, 0x80).unwrap();
                let keys = chip_session_keys(self.group, &self.secret, pk, self.cipher).unwrap();
                (ok(vec![0x7C, 0x00]), Some(keys))
            }
            _ => (ok(Vec::new()), None),
        }
    }
}

impl Transport for Chip {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        let command = Command::parse(command).unwrap();
        let Ok(plain) = self.sm.unprotect_command(&command) else {
            return Ok(vec![0x69, 0x88]);
        };
        let (response, keys) = self.answer(&plain);
        let protected = self.sm.protect_response(&response).unwrap();
        if let Some(keys) = keys {
            self.sm = card_sm(&keys);
        }
        Ok(protected.to_bytes())
    }
}

/// `SubjectPublicKeyInfo` with standardized domain parameters `id` and the public key.
fn standardized_spki(id: u8, group: Group, public: &[u8]) -> Vec<u8> {
    let alg = [
        tlv::encode(0x06, &hex("04007F00070102")),
        tlv::encode(0x02, &[id]),
    ]
    .concat();
    let key = match group {
        Group::Ec(_) => public.to_vec(),
        Group::Dh(_) => {
            let mut y = vec![0u8];
            y.extend_from_slice(public);
            tlv::encode(0x02, &y)
        }
    };
    let bits = [&[0u8][..], &key].concat();
    tlv::encode(
        0x30,
        &[tlv::encode(0x30, &alg), tlv::encode(0x03, &bits)].concat(),
    )
}

/// A chip with a static key on `group` (standardized id `id`), its DG14 infos, and a card
/// channel under AES secure messaging with it.
fn setup(
    id: u8,
    group: Group,
    cipher: CipherSuite,
    key_id: Option<u32>,
    chip_secret_seed: u8,
) -> (Vec<SecurityInfo>, Card<Chip>) {
    let secret = group.random_secret(&mut Counter(chip_secret_seed)).unwrap();
    let public = group.public_key(&secret, None).unwrap();
    let agreement = match group {
        Group::Ec(_) => KeyAgreement::Ecdh,
        Group::Dh(_) => KeyAgreement::Dh,
    };
    let infos = vec![
        SecurityInfo::ChipAuthentication(ChipAuthenticationInfo {
            key_agreement: agreement,
            cipher,
            version: 1,
            key_id,
        }),
        SecurityInfo::ChipAuthenticationPublicKey(ChipAuthenticationPublicKeyInfo {
            key_agreement: agreement,
            public_key: standardized_spki(id, group, &public),
            key_id,
        }),
    ];
    // DG14 encodes and decodes.
    let dg14 = tlv::encode(0x6E, &security_infos::encode_set(&infos));
    assert_eq!(dg14_infos(&dg14), infos);
    let (enc, mac) = ([0x11; 16], [0x22; 16]);
    let chip = Chip {
        sm: Box::new(AesSm::new(&enc, &mac).unwrap()),
        group,
        secret: secret.to_vec(),
        cipher,
        refuse: false,
    };
    let mut card = Card::new(chip);
    card.set_secure_messaging(Box::new(AesSm::new(&enc, &mac).unwrap()));
    (infos, card)
}

#[test]
fn round_trips_on_dh_and_ecdh_with_every_cipher() {
    for (id, group) in [
        (2, Group::Dh(DhGroup::Modp2048_256)),
        (0, Group::Dh(DhGroup::Modp1024_160)),
        (12, Group::Ec(Curve::P256)),
        (16, Group::Ec(Curve::BrainpoolP384r1)),
        (18, Group::Ec(Curve::P521)),
    ] {
        for cipher in CipherSuite::ALL {
            for key_id in [None, Some(0x0102)] {
                let (infos, mut card) = setup(id, group, cipher, key_id, 5);
                let outcome = authenticate(&mut card, &infos, &mut Counter(9)).unwrap();
                assert_eq!(outcome.group, group);
                assert_eq!(outcome.cipher, cipher);
                assert_eq!(outcome.key_id, key_id);
                assert!(!outcome.inferred);
                let expected_commands = if cipher == CipherSuite::Des3CbcCbc {
                    CaCommands::SetKat
                } else {
                    CaCommands::SetAtGeneralAuthenticate
                };
                assert_eq!(outcome.commands, expected_commands);
                // The implicit proof: an exchange under the new keys succeeds.
                card.select_file(0x010E)
                    .unwrap_or_else(|e| panic!("{group} {cipher:?}: {e}"));
            }
        }
    }
}

#[test]
fn a_chip_without_the_private_key_fails_the_next_exchange() {
    let group = Group::Ec(Curve::P256);
    let (infos, mut card) = setup(12, group, CipherSuite::AesCbcCmac128, None, 5);
    // The chip computes with another secret than the one DG14 publishes.
    card.transport_mut().secret = group.random_secret(&mut Counter(77)).unwrap().to_vec();
    authenticate(&mut card, &infos, &mut Counter(9)).unwrap();
    assert!(card.select_file(0x010E).is_err());
}

#[test]
fn key_derivation_for_every_cipher_matches_the_chip() {
    let group = Group::Ec(Curve::BrainpoolP256r1);
    let chip_secret = group.random_secret(&mut Counter(1)).unwrap();
    let chip_public = group.public_key(&chip_secret, None).unwrap();
    let key = ChipAuthenticationPublicKeyInfo {
        key_agreement: KeyAgreement::Ecdh,
        public_key: standardized_spki(13, group, &chip_public),
        key_id: None,
    };
    for (cipher, len) in [
        (CipherSuite::Des3CbcCbc, 16),
        (CipherSuite::AesCbcCmac128, 16),
        (CipherSuite::AesCbcCmac192, 24),
        (CipherSuite::AesCbcCmac256, 32),
    ] {
        let params = CaParams::new(KeyAgreement::Ecdh, cipher, None, &key).unwrap();
        let terminal = CaTerminal::new(params, &mut Counter(2)).unwrap();
        let keys = terminal.session_keys().unwrap();
        let chip = chip_session_keys(group, &chip_secret, terminal.public_key(), cipher).unwrap();
        assert_eq!(keys, chip);
        assert_eq!(keys.ks_enc().len(), len);
        assert_eq!(keys.ks_mac().len(), len);
        assert_ne!(keys.ks_enc(), keys.ks_mac());
        if cipher == CipherSuite::Des3CbcCbc {
            assert!(keys.ks_enc().iter().all(|b| b.count_ones() % 2 == 1));
        }
    }
    // The chip refuses its own key reflected, and points off the curve.
    assert!(
        chip_session_keys(
            group,
            &chip_secret,
            &chip_public,
            CipherSuite::AesCbcCmac128
        )
        .is_err()
    );
    let mut off = chip_public.clone();
    off[64] ^= 1;
    assert!(chip_session_keys(group, &chip_secret, &off, CipherSuite::AesCbcCmac128).is_err());
}

#[test]
fn command_encoding() {
    let group = Group::Ec(Curve::P256);
    let secret = group.random_secret(&mut Counter(1)).unwrap();
    let public = group.public_key(&secret, None).unwrap();
    let key = ChipAuthenticationPublicKeyInfo {
        key_agreement: KeyAgreement::Ecdh,
        public_key: standardized_spki(12, group, &public),
        key_id: Some(0x0100),
    };
    let params = CaParams::new(
        KeyAgreement::Ecdh,
        CipherSuite::Des3CbcCbc,
        Some(0x0100),
        &key,
    )
    .unwrap();
    let t = CaTerminal::new(params, &mut Counter(3)).unwrap();
    let pk = t.public_key().to_vec();
    let kat = t.commands(CaCommands::SetKat);
    assert_eq!(kat.len(), 1);
    assert_eq!(kat[0].header(), [0x00, 0x22, 0x41, 0xA6]);
    assert_eq!(
        kat[0].data,
        [&[0x91, 0x41][..], &pk, &[0x84, 0x02, 0x01, 0x00]].concat()
    );
    assert_eq!(kat[0].le, None);
    let at = t.commands(CaCommands::SetAtGeneralAuthenticate);
    assert_eq!(at[0].header(), [0x00, 0x22, 0x41, 0xA4]);
    assert_eq!(at[0].data, hex("800A04007F00070202030201840201 00"));
    assert_eq!(at[1].header(), [0x00, 0x86, 0x00, 0x00]);
    assert_eq!(at[1].data, [&[0x7C, 0x43, 0x80, 0x41][..], &pk].concat());
    assert_eq!(at[1].le, Some(256));
    assert_eq!(key_id_bytes(0), [0]);
    assert_eq!(key_id_bytes(0xC3), [0xC3]);
    assert_eq!(key_id_bytes(0x0102_0304), [1, 2, 3, 4]);
    // Debug output hides the secret.
    let debug = format!("{t:?}");
    assert!(debug.contains("<redacted>"));
    assert!(!debug.contains(&hex::encode(&*secret)));
}

#[test]
fn protocol_selection() {
    let ec = Group::Ec(Curve::P256);
    let dh = Group::Dh(DhGroup::Modp1024_160);
    let ec_pk = ec
        .public_key(&ec.random_secret(&mut Counter(1)).unwrap(), None)
        .unwrap();
    let dh_pk = dh
        .public_key(&dh.random_secret(&mut Counter(1)).unwrap(), None)
        .unwrap();
    let pk = |agreement, spki: Vec<u8>, key_id| {
        SecurityInfo::ChipAuthenticationPublicKey(ChipAuthenticationPublicKeyInfo {
            key_agreement: agreement,
            public_key: spki,
            key_id,
        })
    };
    let ca = |agreement, cipher, version, key_id| {
        SecurityInfo::ChipAuthentication(ChipAuthenticationInfo {
            key_agreement: agreement,
            cipher,
            version,
            key_id,
        })
    };
    let ec_key = pk(
        KeyAgreement::Ecdh,
        standardized_spki(12, ec, &ec_pk),
        Some(2),
    );
    let dh_key = pk(KeyAgreement::Dh, standardized_spki(0, dh, &dh_pk), Some(1));
    // ECDH is preferred over DH, then the longer key.
    let infos = vec![
        dh_key.clone(),
        ca(KeyAgreement::Dh, CipherSuite::AesCbcCmac256, 1, Some(1)),
        ca(KeyAgreement::Ecdh, CipherSuite::AesCbcCmac128, 1, Some(2)),
        ca(KeyAgreement::Ecdh, CipherSuite::AesCbcCmac192, 1, Some(2)),
        ec_key.clone(),
    ];
    let p = CaParams::from_security_infos(&infos).unwrap();
    assert_eq!(
        (p.key_agreement(), p.cipher(), p.key_id()),
        (KeyAgreement::Ecdh, CipherSuite::AesCbcCmac192, Some(2))
    );
    // A key id without its key falls back to the next protocol.
    let infos = vec![
        dh_key.clone(),
        ca(KeyAgreement::Dh, CipherSuite::AesCbcCmac128, 1, Some(1)),
        ca(KeyAgreement::Ecdh, CipherSuite::AesCbcCmac128, 1, Some(9)),
        ec_key.clone(),
    ];
    let p = CaParams::from_security_infos(&infos).unwrap();
    assert_eq!(p.group(), dh);
    assert_eq!(p.chip_public_key(), dh_pk);
    // Nothing fits.
    let infos = vec![
        ca(KeyAgreement::Ecdh, CipherSuite::AesCbcCmac128, 1, Some(9)),
        ec_key.clone(),
    ];
    assert_eq!(
        CaParams::from_security_infos(&infos),
        Err(CaError::NoMatchingKey {
            key_agreement: KeyAgreement::Ecdh,
            key_id: Some(9)
        })
    );
    assert_eq!(
        CaParams::from_security_infos(&[ca(
            KeyAgreement::Ecdh,
            CipherSuite::AesCbcCmac128,
            1,
            None
        )]),
        Err(CaError::NoPublicKey)
    );
    // Only version-2 infos: inferred 3DES on the first key, with its key id.
    let infos = vec![
        ca(KeyAgreement::Ecdh, CipherSuite::AesCbcCmac128, 2, None),
        ec_key.clone(),
        dh_key,
    ];
    let p = CaParams::from_security_infos(&infos).unwrap();
    assert!(p.inferred());
    assert_eq!(
        (p.cipher(), p.key_id(), p.default_commands()),
        (CipherSuite::Des3CbcCbc, Some(2), CaCommands::SetKat)
    );
    // A broken key is reported.
    let broken = vec![
        ca(KeyAgreement::Ecdh, CipherSuite::AesCbcCmac128, 1, None),
        pk(KeyAgreement::Ecdh, vec![0x30, 0x00], None),
    ];
    assert!(matches!(
        CaParams::from_security_infos(&broken),
        Err(CaError::MalformedKey(_))
    ));
}

#[test]
fn malformed_keys_never_panic() {
    let v = vectors();
    let infos = dg14_infos(&hex_field(&v["sessions"][1], "dg14"));
    let key = infos
        .iter()
        .find_map(|i| match i {
            SecurityInfo::ChipAuthenticationPublicKey(k) => Some(k.clone()),
            _ => None,
        })
        .unwrap();
    let spki = key.public_key.clone();
    let mut x: u32 = 0xDEAD_BEEF;
    for i in 0..spki.len() {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        let mut k = key.clone();
        k.public_key[i] ^= (x as u8) | 1;
        let _ = CaParams::new(KeyAgreement::Ecdh, CipherSuite::AesCbcCmac128, None, &k);
        k.public_key = spki[..i].to_vec();
        assert!(CaParams::new(KeyAgreement::Ecdh, CipherSuite::AesCbcCmac128, None, &k).is_err());
    }
    // A point off the curve.
    let mut k = key.clone();
    let last = k.public_key.len() - 1;
    k.public_key[last] ^= 1;
    assert!(matches!(
        CaParams::new(KeyAgreement::Ecdh, CipherSuite::AesCbcCmac128, None, &k),
        Err(CaError::KeyAgreement(_))
    ));
}

#[test]
fn refusals_and_missing_secure_messaging() {
    let group = Group::Ec(Curve::P256);
    let (infos, mut card) = setup(12, group, CipherSuite::AesCbcCmac128, None, 5);
    card.transport_mut().refuse = true;
    let err = authenticate(&mut card, &infos, &mut Counter(9)).unwrap_err();
    assert!(
        matches!(
            err,
            Error::ChipAuthentication(CaError::Refused {
                command: "MSE:Set AT (CA)",
                ..
            })
        ),
        "{err:?}"
    );
    // The old secure messaging still works.
    card.select_file(0x010E).unwrap();
    card.clear_secure_messaging();
    let err = authenticate(&mut card, &infos, &mut Counter(9)).unwrap_err();
    assert!(matches!(
        err,
        Error::ChipAuthentication(CaError::NoSecureMessaging)
    ));
    // A broken random source.
    struct Broken;
    impl PaceRng for Broken {
        fn fill(&mut self, _: &mut [u8]) -> Result<(), PaceError> {
            Err(PaceError::Random)
        }
    }
    let (infos, mut card) = setup(12, group, CipherSuite::AesCbcCmac128, None, 5);
    let err = authenticate(&mut card, &infos, &mut Broken).unwrap_err();
    assert!(matches!(err, Error::ChipAuthentication(CaError::Random)));
}
