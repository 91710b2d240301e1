//! EF.CardAccess as the chip generates it from its PACE options (ICAO Doc 9303
//! Part 11 §9.2.1): `SecurityInfos ::= SET OF SecurityInfo` holding one
//! `PACEInfo ::= SEQUENCE { protocol OID, version INTEGER (2), parameterId INTEGER }`
//! per group offered (two with `also`).

use cnie::tlv;

use crate::pace_options::PaceSettings;

/// The PACE version announced in PACEInfo.
pub const PACE_VERSION: u8 = 2;

/// The DER encoding of EF.CardAccess for `settings`: one PACEInfo per group offered,
/// with the protocol OID, version 2 and the standardized domain parameter id. (The SET OF
/// keeps the offers' order, so that a terminal taking the first one it can run takes the
/// first group.)
pub fn encode(settings: &PaceSettings) -> Vec<u8> {
    let mut infos = Vec::new();
    for group in settings.groups() {
        let mut info = tlv::encode(0x06, &settings.oid_value_for(group));
        info.extend(tlv::encode(0x02, &[PACE_VERSION]));
        // The ids are below 0x80: one positive INTEGER byte.
        info.extend(tlv::encode(0x02, &[group.parameter_id()]));
        infos.extend(tlv::encode(0x30, &info));
    }
    tlv::encode(0x31, &infos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_icao_g1_example() {
        // ICAO 9303-11 G.1: id-PACE-ECDH-GM-AES-CBC-CMAC-128, brainpoolP256r1 (13).
        assert_eq!(
            hex::encode_upper(encode(&PaceSettings::default())),
            "31143012060A04007F0007020204020202010202010D"
        );
        let p521_3des = PaceSettings {
            curve: "p521".parse().unwrap(),
            cipher: "3des".parse().unwrap(),
            ..PaceSettings::default()
        };
        assert_eq!(
            hex::encode_upper(encode(&p521_3des)),
            "31143012060A04007F00070202040201020102020112"
        );
    }

    #[test]
    fn matches_the_icao_g2_example_and_lists_two_groups() {
        // ICAO 9303-11 G.2: id-PACE-DH-GM-AES-CBC-CMAC-128, parameter id 0.
        let dh = PaceSettings {
            curve: "dh1024".parse().unwrap(),
            ..PaceSettings::default()
        };
        assert_eq!(
            hex::encode_upper(encode(&dh)),
            "31143012060A04007F00070202040102020102020100"
        );
        let two = PaceSettings {
            also: Some("brainpoolP256r1".parse().unwrap()),
            ..dh
        };
        let bytes = encode(&two);
        let infos = cnie::lds::card_access::SecurityInfos::parse_card_access(&bytes).unwrap();
        let ids: Vec<_> = infos.pace().map(|i| i.parameter_id).collect();
        assert_eq!(ids, [Some(0), Some(13)]);
    }
}
