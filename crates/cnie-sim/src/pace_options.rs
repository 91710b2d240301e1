//! The PACE options of a card (`[pace]` in `card.toml`, `--curve`, `--cipher`,
//! `--mapping` on the command line): the domain parameters, the cipher and the
//! mapping, with the protocol OID and the standardized domain parameter id
//! they stand for (ICAO Doc 9303 Part 11 §9.2, BSI TR-03110-3 A.1.1).

use std::fmt;
use std::str::FromStr;

use cnie::keys::KdfAlgorithm;
use cnie::pa::ec::Curve;
use serde::{Deserialize, Serialize};

/// The DER value of `id-PACE-ECDH-GM` (0.4.0.127.0.7.2.2.4.2); the cipher's
/// arc follows.
const ID_PACE_ECDH_GM: [u8; 9] = [0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x04, 0x02];

/// Why a PACE option was not understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown PACE {what} `{value}`: expected one of {expected}")]
pub struct OptionParseError {
    what: &'static str,
    value: String,
    expected: &'static str,
}

/// The domain parameters of PACE.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum PaceGroup {
    /// An elliptic curve.
    Ec(Curve),
    /// 1024-bit MODP group with 160-bit prime order subgroup (RFC 5114); not supported yet.
    Dh1024,
    /// 2048-bit MODP group with 256-bit prime order subgroup (RFC 5114); not supported yet.
    Dh2048,
}

/// Every curve the simulator offers, with its command-line name and its
/// standardized domain parameter id.
const CURVES: [(Curve, &str, u8); 9] = [
    (Curve::P224, "p224", 10),
    (Curve::BrainpoolP224r1, "brainpoolP224r1", 11),
    (Curve::P256, "p256", 12),
    (Curve::BrainpoolP256r1, "brainpoolP256r1", 13),
    (Curve::BrainpoolP320r1, "brainpoolP320r1", 14),
    (Curve::P384, "p384", 15),
    (Curve::BrainpoolP384r1, "brainpoolP384r1", 16),
    (Curve::BrainpoolP512r1, "brainpoolP512r1", 17),
    (Curve::P521, "p521", 18),
];

const GROUP_NAMES: &str = "p224, p256, p384, p521, brainpoolP224r1, brainpoolP256r1, \
     brainpoolP320r1, brainpoolP384r1, brainpoolP512r1, dh1024, dh2048";

impl PaceGroup {
    /// Every elliptic curve the simulator offers, in parameter-id order.
    pub fn curves() -> impl Iterator<Item = Curve> {
        CURVES.into_iter().map(|(curve, _, _)| curve)
    }

    /// The name used in `card.toml` and on the command line (`brainpoolP256r1`, `p256`, `dh1024`).
    pub fn name(self) -> &'static str {
        match self {
            PaceGroup::Ec(curve) => CURVES
                .iter()
                .find(|(c, _, _)| *c == curve)
                .map_or("?", |(_, name, _)| name),
            PaceGroup::Dh1024 => "dh1024",
            PaceGroup::Dh2048 => "dh2048",
        }
    }

    /// The standardized domain parameter id (ICAO 9303-11 §9.5.1): 10 to 18 for the
    /// curves, 0 and 2 for the MODP groups.
    pub fn parameter_id(self) -> u8 {
        match self {
            PaceGroup::Ec(curve) => CURVES
                .iter()
                .find(|(c, _, _)| *c == curve)
                .map_or(0, |(_, _, id)| *id),
            PaceGroup::Dh1024 => 0,
            PaceGroup::Dh2048 => 2,
        }
    }
}

impl FromStr for PaceGroup {
    type Err = OptionParseError;

    fn from_str(s: &str) -> Result<PaceGroup, OptionParseError> {
        let wanted: String = s.chars().filter(|c| *c != '-').collect();
        if let Some((curve, _, _)) = CURVES
            .iter()
            .find(|(_, name, _)| name.eq_ignore_ascii_case(&wanted))
        {
            return Ok(PaceGroup::Ec(*curve));
        }
        match wanted.to_ascii_lowercase().as_str() {
            "dh1024" => Ok(PaceGroup::Dh1024),
            "dh2048" => Ok(PaceGroup::Dh2048),
            _ => Err(OptionParseError {
                what: "curve",
                value: s.to_owned(),
                expected: GROUP_NAMES,
            }),
        }
    }
}

impl fmt::Display for PaceGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl TryFrom<String> for PaceGroup {
    type Error = OptionParseError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<PaceGroup> for String {
    fn from(g: PaceGroup) -> String {
        g.name().to_owned()
    }
}

/// The secure-messaging cipher PACE sets up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum PaceCipher {
    /// Two-key 3DES (CBC, retail MAC).
    Des3,
    /// AES-128 (CBC, CMAC).
    Aes128,
    /// AES-192 (CBC, CMAC).
    Aes192,
    /// AES-256 (CBC, CMAC).
    Aes256,
}

impl PaceCipher {
    /// The name used in `card.toml` and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            PaceCipher::Des3 => "3des",
            PaceCipher::Aes128 => "aes128",
            PaceCipher::Aes192 => "aes192",
            PaceCipher::Aes256 => "aes256",
        }
    }

    /// The KDF algorithm of the cipher.
    pub fn kdf(self) -> KdfAlgorithm {
        match self {
            PaceCipher::Des3 => KdfAlgorithm::Des3,
            PaceCipher::Aes128 => KdfAlgorithm::Aes128,
            PaceCipher::Aes192 => KdfAlgorithm::Aes192,
            PaceCipher::Aes256 => KdfAlgorithm::Aes256,
        }
    }

    /// The last arc of the protocol OID (1 3DES, 2 AES-128, 3 AES-192, 4 AES-256).
    fn arc(self) -> u8 {
        match self {
            PaceCipher::Des3 => 1,
            PaceCipher::Aes128 => 2,
            PaceCipher::Aes192 => 3,
            PaceCipher::Aes256 => 4,
        }
    }
}

impl FromStr for PaceCipher {
    type Err = OptionParseError;

    fn from_str(s: &str) -> Result<PaceCipher, OptionParseError> {
        let wanted: String = s
            .chars()
            .filter(|c| *c != '-')
            .collect::<String>()
            .to_ascii_lowercase();
        [
            PaceCipher::Aes128,
            PaceCipher::Aes192,
            PaceCipher::Aes256,
            PaceCipher::Des3,
        ]
        .into_iter()
        .find(|c| c.name() == wanted)
        .ok_or_else(|| OptionParseError {
            what: "cipher",
            value: s.to_owned(),
            expected: "aes128, aes192, aes256, 3des",
        })
    }
}

impl fmt::Display for PaceCipher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl TryFrom<String> for PaceCipher {
    type Error = OptionParseError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<PaceCipher> for String {
    fn from(c: PaceCipher) -> String {
        c.name().to_owned()
    }
}

/// The PACE mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum PaceMapping {
    /// Generic mapping.
    Gm,
    /// Integrated mapping; not supported yet.
    Im,
    /// Chip authentication mapping (with AES only).
    Cam,
}

impl PaceMapping {
    /// The name used in `card.toml` and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            PaceMapping::Gm => "gm",
            PaceMapping::Im => "im",
            PaceMapping::Cam => "cam",
        }
    }
}

impl FromStr for PaceMapping {
    type Err = OptionParseError;

    fn from_str(s: &str) -> Result<PaceMapping, OptionParseError> {
        [PaceMapping::Gm, PaceMapping::Im, PaceMapping::Cam]
            .into_iter()
            .find(|m| m.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| OptionParseError {
                what: "mapping",
                value: s.to_owned(),
                expected: "gm, im, cam",
            })
    }
}

impl fmt::Display for PaceMapping {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl TryFrom<String> for PaceMapping {
    type Error = OptionParseError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<PaceMapping> for String {
    fn from(m: PaceMapping) -> String {
        m.name().to_owned()
    }
}

/// `[pace]`: the one PACE configuration the chip offers (one PACEInfo in EF.CardAccess).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaceSettings {
    /// The domain parameters (default `brainpoolP256r1`).
    #[serde(default = "default_group")]
    pub curve: PaceGroup,
    /// The cipher (default `aes128`).
    #[serde(default = "default_cipher")]
    pub cipher: PaceCipher,
    /// The mapping (default `gm`).
    #[serde(default = "default_mapping")]
    pub mapping: PaceMapping,
}

fn default_group() -> PaceGroup {
    PaceGroup::Ec(Curve::BrainpoolP256r1)
}

fn default_cipher() -> PaceCipher {
    PaceCipher::Aes128
}

fn default_mapping() -> PaceMapping {
    PaceMapping::Gm
}

impl Default for PaceSettings {
    fn default() -> Self {
        PaceSettings {
            curve: default_group(),
            cipher: default_cipher(),
            mapping: default_mapping(),
        }
    }
}

/// A PACE option the simulator does not implement yet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("PACE {0} is not supported yet")]
pub struct UnsupportedOption(pub String);

impl PaceSettings {
    /// The elliptic curve, or the option that is not supported yet (DH groups,
    /// integrated mapping, chip authentication mapping with 3DES).
    pub fn supported_curve(&self) -> Result<Curve, UnsupportedOption> {
        match self.mapping {
            PaceMapping::Gm => {}
            PaceMapping::Cam if self.cipher != PaceCipher::Des3 => {}
            PaceMapping::Cam => {
                return Err(UnsupportedOption(
                    "with the chip authentication mapping and 3DES (CAM is AES only)".into(),
                ));
            }
            other => {
                return Err(UnsupportedOption(format!(
                    "with the {} mapping (--mapping {other})",
                    match other {
                        PaceMapping::Im => "integrated",
                        _ => "chip authentication",
                    }
                )));
            }
        }
        match self.curve {
            PaceGroup::Ec(curve) => Ok(curve),
            dh => Err(UnsupportedOption(format!(
                "with Diffie-Hellman groups (--curve {dh})"
            ))),
        }
    }

    /// The DER value of the protocol OID, e.g. `04 00 7F 00 07 02 02 04 02 02` for
    /// id-PACE-ECDH-GM-AES-CBC-CMAC-128.
    /// With the chip authentication mapping the mapping arc is 6 (id-PACE-ECDH-CAM).
    pub fn oid_value(&self) -> [u8; 10] {
        let [a, b, c, d, e, f, g, h, i] = ID_PACE_ECDH_GM;
        let mapping = if self.mapping == PaceMapping::Cam {
            0x06
        } else {
            i
        };
        [a, b, c, d, e, f, g, h, mapping, self.cipher.arc()]
    }

    /// The standardized domain parameter id.
    pub fn parameter_id(&self) -> u8 {
        self.curve.parameter_id()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_ids_and_oids() {
        assert_eq!(
            "brainpoolP256r1".parse::<PaceGroup>(),
            Ok(PaceGroup::Ec(Curve::BrainpoolP256r1))
        );
        assert_eq!("P-256".parse::<PaceGroup>(), Ok(PaceGroup::Ec(Curve::P256)));
        assert_eq!("p521".parse::<PaceGroup>().unwrap().parameter_id(), 18);
        assert_eq!("p224".parse::<PaceGroup>().unwrap().parameter_id(), 10);
        assert_eq!(
            "brainpoolP512r1"
                .parse::<PaceGroup>()
                .unwrap()
                .parameter_id(),
            17
        );
        assert!("p999".parse::<PaceGroup>().is_err());
        let ids: Vec<u8> = PaceGroup::curves()
            .map(|c| PaceGroup::Ec(c).parameter_id())
            .collect();
        assert_eq!(ids, (10..=18).collect::<Vec<u8>>());
        for c in PaceGroup::curves() {
            let g = PaceGroup::Ec(c);
            assert_eq!(g.name().parse::<PaceGroup>(), Ok(g));
        }
        let s = PaceSettings::default();
        assert_eq!(hex::encode(s.oid_value()), "04007f00070202040202");
        assert_eq!(s.parameter_id(), 13);
        let des = PaceSettings {
            cipher: "3des".parse().unwrap(),
            ..s
        };
        assert_eq!(hex::encode(des.oid_value()), "04007f00070202040201");
        assert_eq!("AES-256".parse::<PaceCipher>(), Ok(PaceCipher::Aes256));
        assert!("aes512".parse::<PaceCipher>().is_err());
    }

    #[test]
    fn unsupported_options_are_named() {
        let dh = PaceSettings {
            curve: PaceGroup::Dh2048,
            ..PaceSettings::default()
        };
        let e = dh.supported_curve().unwrap_err().to_string();
        assert!(
            e.contains("not supported yet") && e.contains("dh2048"),
            "{e}"
        );
        let im = PaceSettings {
            mapping: PaceMapping::Im,
            ..PaceSettings::default()
        };
        let e = im.supported_curve().unwrap_err().to_string();
        assert!(
            e.contains("integrated") && e.contains("not supported yet"),
            "{e}"
        );
        assert_eq!(
            PaceSettings::default().supported_curve(),
            Ok(Curve::BrainpoolP256r1)
        );
    }
}
