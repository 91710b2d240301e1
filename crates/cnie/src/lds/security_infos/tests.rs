use super::*;
use crate::crypto::ec::Curve;
use crate::crypto::kdf::KdfAlgorithm;

fn hx(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap()
}

#[test]
fn every_mapping_cipher_and_domain_round_trips() {
    let mut n = 0;
    for mapping in PaceMapping::ALL {
        for cipher in CipherSuite::ALL {
            let protocol = PaceProtocol::new(mapping, cipher);
            assert_eq!(PaceProtocol::from_oid(&protocol.oid()), Some(protocol));
            assert_eq!(
                ber::oid_to_string(&protocol.oid()).unwrap(),
                protocol.dotted()
            );
            assert_eq!(protocol.kdf_algorithm(), cipher.kdf_algorithm());
            let ids = StandardDomain::ALL.map(|d| Some(d.id()));
            for parameter_id in ids.into_iter().chain([None, Some(32), Some(0x8000_0000)]) {
                let info = PaceInfo {
                    protocol,
                    version: 2,
                    parameter_id,
                };
                let der = info.to_der();
                let back = SecurityInfo::parse(&der).unwrap();
                assert_eq!(back, SecurityInfo::Pace(info.clone()));
                assert_eq!(back.to_der(), der);
                assert_eq!(back.oid(), protocol.dotted());
                let set = encode_set(&[back.clone(), back.clone()]);
                assert_eq!(parse_set(&set).unwrap(), [back.clone(), back]);
                n += 1;
            }
        }
    }
    assert_eq!(n, 5 * 4 * 17);
}

#[test]
fn the_example_oids() {
    // ICAO 9303-11 G.1, G.2, H.1, H.2, I (oid_der_value in the JSON files).
    for (der, mapping, dotted) in [
        (
            "04007F00070202040202",
            PaceMapping::EcdhGm,
            "0.4.0.127.0.7.2.2.4.2.2",
        ),
        (
            "04007F00070202040102",
            PaceMapping::DhGm,
            "0.4.0.127.0.7.2.2.4.1.2",
        ),
        (
            "04007F00070202040402",
            PaceMapping::EcdhIm,
            "0.4.0.127.0.7.2.2.4.4.2",
        ),
        (
            "04007F00070202040302",
            PaceMapping::DhIm,
            "0.4.0.127.0.7.2.2.4.3.2",
        ),
        (
            "04007F00070202040602",
            PaceMapping::EcdhCam,
            "0.4.0.127.0.7.2.2.4.6.2",
        ),
    ] {
        let p = PaceProtocol::from_oid(&hx(der)).unwrap();
        assert_eq!(p.mapping(), mapping);
        assert_eq!(p.cipher(), CipherSuite::AesCbcCmac128);
        assert_eq!(p.kdf_algorithm(), KdfAlgorithm::Aes128);
        assert_eq!(p.dotted(), dotted);
    }
    let p = PaceProtocol::from_oid(&hx("04007F00070202040204")).unwrap();
    assert_eq!(p.kdf_algorithm(), KdfAlgorithm::Aes256);
    assert_eq!(p.to_string(), "PACE-ECDH-GM-AES-CBC-CMAC-256");
    // Not PACE: mapping 5, cipher 5, too short, too long, another arc.
    for der in [
        "04007F00070202040502",
        "04007F00070202040205",
        "04007F000702020402",
        "04007F0007020204020201",
        "04007F00070202030202",
    ] {
        assert_eq!(PaceProtocol::from_oid(&hx(der)), None, "{der}");
    }
}

#[test]
fn standard_domains() {
    let ids: Vec<u32> = StandardDomain::ALL.iter().map(|d| d.id()).collect();
    assert_eq!(ids, [0, 1, 2, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
    for d in StandardDomain::ALL {
        assert_eq!(StandardDomain::from_id(d.id()), Some(d));
        assert_eq!(d.is_ecdh(), d.id() >= 8);
    }
    for id in [3, 4, 5, 6, 7, 19, 31, 32, u32::MAX] {
        assert_eq!(StandardDomain::from_id(id), None, "{id}");
    }
    assert_eq!(
        StandardDomain::from_id(13).unwrap().name(),
        "brainpoolP256r1"
    );
    assert_eq!(StandardDomain::from_id(0).unwrap().name(), "MODP-1024-160");
    assert_eq!(
        StandardDomain::from_id(18).unwrap().curve(),
        Some(Curve::P521)
    );
    assert_eq!(StandardDomain::P192.curve(), None);
    assert_eq!(StandardDomain::BrainpoolP192r1.curve(), None);
    assert_eq!(StandardDomain::Modp2048_256.curve(), None);
}

#[test]
fn unknown_oids_are_kept() {
    // PACE with mapping 5 (reserved), a private OID, and CardInfo with a URL.
    let odd_pace = hx("3012060A04007F0007020204050202010202010D");
    let private = hx("300B060460840A0105000101FF"); // 2.16.522.1 (made up), NULL, BOOLEAN
    let set = [odd_pace.clone(), private.clone()].concat();
    let set = tlv::encode(0x31, &set);
    let infos = parse_set(&set).unwrap();
    assert_eq!(
        infos,
        [
            SecurityInfo::Unknown {
                oid: "0.4.0.127.0.7.2.2.4.5.2".into(),
                raw: odd_pace
            },
            SecurityInfo::Unknown {
                oid: "2.16.522.1".into(),
                raw: private
            },
        ]
    );
    assert_eq!(encode_set(&infos), set);
    // An unknown protocol's data is not looked at.
    let odd = hx("3006 06022A03 0205".replace(' ', "").as_str());
    assert!(matches!(
        SecurityInfo::parse(&odd).unwrap(),
        SecurityInfo::Unknown { raw, .. } if raw == odd
    ));
    // Only an OID is enough for an unknown protocol.
    let bare = hx("300406022A03");
    assert_eq!(
        SecurityInfo::parse(&bare).unwrap(),
        SecurityInfo::Unknown {
            oid: "1.2.3".into(),
            raw: bare.clone()
        }
    );
}

#[test]
fn malformed_known_entries_are_errors() {
    for der in [
        "300C060A04007F00070202040202",       // PACEInfo without version
        "300F060A04007F000702020402020401FF", // version not an INTEGER
        "300F060A04007F00070202040202020180", // negative version
        "3014060A04007F000702020402020206010000000000", // version too large
        "3015060A04007F0007020204020202010202010D020101", // four fields
        "300B060904007F00070202040202",       // domain parameters missing
        "300E060904007F000702020402020102",   // parameters not a SEQUENCE
        "300406026781",                       // OID ending inside an arc
        "30080606678108010105",               // AA without version
        "300B0606678108010105020101",         // AA without algorithm
        "300D020102060A04007F00070202040202", // INTEGER first
    ] {
        assert!(SecurityInfo::parse(&hx(der)).is_err(), "{der}");
    }
    assert!(parse_set(&hx("3100")).unwrap().is_empty());
    assert!(parse_set(&hx("310102")).is_err());
    assert!(parse_set(&hx("3103020101")).is_err()); // an INTEGER, not a SecurityInfo
}

#[test]
fn other_infos_round_trip() {
    let infos = [
        SecurityInfo::ActiveAuthentication(ActiveAuthenticationInfo {
            version: 1,
            signature_algorithm: "0.4.0.127.0.7.1.1.4.1.3".into(),
        }),
        SecurityInfo::ChipAuthentication(ChipAuthenticationInfo {
            key_agreement: KeyAgreement::Ecdh,
            cipher: CipherSuite::AesCbcCmac256,
            version: 2,
            key_id: None,
        }),
        SecurityInfo::ChipAuthenticationDomainParameters(ChipAuthenticationDomainParameterInfo {
            key_agreement: KeyAgreement::Dh,
            parameters: hx("300C060704007F00070102020100"),
            key_id: Some(7),
        }),
        SecurityInfo::ChipAuthenticationPublicKey(ChipAuthenticationPublicKeyInfo {
            key_agreement: KeyAgreement::Ecdh,
            public_key: hx("3009300506032B65700300"),
            key_id: Some(300),
        }),
        SecurityInfo::PaceDomainParameters(PaceDomainParameterInfo {
            mapping: PaceMapping::EcdhIm,
            parameters: hx("300C060704007F0007010202010D"),
            parameter_id: Some(32),
        }),
        SecurityInfo::TerminalAuthentication(TerminalAuthenticationInfo {
            version: 1,
            ef_cvca: Some(hx("04020101")),
        }),
    ];
    for info in &infos {
        let der = info.to_der();
        assert_eq!(&SecurityInfo::parse(&der).unwrap(), info);
        assert_eq!(ber::oid_to_string(&info.oid_bytes()).unwrap(), info.oid());
    }
    assert_eq!(parse_set(&encode_set(&infos)).unwrap(), infos);
    assert_eq!(
        infos[0].to_der(),
        hx("30170606678108010105020101060A04007F00070101040103")
    );
}

#[test]
fn der_helpers() {
    assert_eq!(der_uint(0), hx("020100"));
    assert_eq!(der_uint(13), hx("02010D"));
    assert_eq!(der_uint(127), hx("02017F"));
    assert_eq!(der_uint(128), hx("02020080"));
    assert_eq!(der_uint(256), hx("02020100"));
    assert_eq!(der_uint(u32::MAX), hx("020500FFFFFFFF"));
    assert_eq!(
        dotted_to_der("2.23.136.1.1.5").unwrap(),
        [&[6, 6][..], &ID_AA].concat()
    );
    assert_eq!(
        dotted_to_der("1.2.840.10045.4.3.2").unwrap(),
        hx("06082A8648CE3D040302")
    );
    for bad in ["", "1", "3.1", "1.40", "1.x.3", "1..2"] {
        assert_eq!(dotted_to_der(bad), None, "{bad}");
    }
}
