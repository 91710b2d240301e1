//! The PACE options of a card (`[pace]` in `card.toml`, `--curve`, `--cipher`,
//! `--mapping` on the command line): the domain parameters, the cipher and the
//! mapping, with the protocol OID and the standardized domain parameter id
//! they stand for (ICAO Doc 9303 Part 11 §9.2, BSI TR-03110-3 A.1.1).
//!
//! A card may offer a second PACEInfo on another group (`also` in `[pace]`, or `--curve`
//! given twice) with the same cipher and mapping; the terminal then names the one it
//! runs with DO'84' in MSE:Set AT.
//!
//! Combinations the standard does not define are refused: the chip authentication
//! mapping is ECDH only and AES only (ICAO 9303-11 §4.4.3.5, TR-03110-2 §3.4.2); the
//! integrated mapping on P-224 is refused too (its point encoding needs `p ≡ 3 mod 4`).

use std::fmt;
use std::str::FromStr;

use cnie::crypto::ec::Curve;
use cnie::crypto::kdf::KdfAlgorithm;
use cnie::pace::{DhGroup, Group, Mapping, PaceParams};
use serde::{Deserialize, Serialize};

/// The DER value of `id-PACE` (0.4.0.127.0.7.2.2.4); the mapping's arc and the
/// cipher's arc follow.
const ID_PACE: [u8; 8] = [0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x04];

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
    /// 1024-bit MODP group with 160-bit prime order subgroup (RFC 5114 §2.1, parameter id 0).
    Dh1024,
    /// 2048-bit MODP group with 256-bit prime order subgroup (RFC 5114 §2.3, parameter id 2).
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

    /// The library's group.
    pub fn group(self) -> Group {
        match self {
            PaceGroup::Ec(curve) => Group::Ec(curve),
            PaceGroup::Dh1024 => Group::Dh(DhGroup::Modp1024_160),
            PaceGroup::Dh2048 => Group::Dh(DhGroup::Modp2048_256),
        }
    }

    /// Whether this is a MODP (Diffie-Hellman) group.
    pub fn is_dh(self) -> bool {
        !matches!(self, PaceGroup::Ec(_))
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
    /// Integrated mapping.
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

/// How the chip answers the integrated-mapping step, whose mapping data is absent: the
/// three encodings chips use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum ImAnswer {
    /// No response data at all (ICAO 9303-11's worked example).
    None,
    /// The empty template `7C 00`.
    EmptyTemplate,
    /// The template with an empty DO'82': `7C 02 82 00`.
    #[default]
    EmptyObject,
}

impl ImAnswer {
    /// The name used in `card.toml` and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ImAnswer::None => "none",
            ImAnswer::EmptyTemplate => "7c00",
            ImAnswer::EmptyObject => "7c028200",
        }
    }

    /// The response data of the mapping step.
    pub fn data(self) -> Vec<u8> {
        match self {
            ImAnswer::None => Vec::new(),
            ImAnswer::EmptyTemplate => vec![0x7C, 0x00],
            ImAnswer::EmptyObject => vec![0x7C, 0x02, 0x82, 0x00],
        }
    }
}

impl FromStr for ImAnswer {
    type Err = OptionParseError;

    fn from_str(s: &str) -> Result<ImAnswer, OptionParseError> {
        [
            ImAnswer::None,
            ImAnswer::EmptyTemplate,
            ImAnswer::EmptyObject,
        ]
        .into_iter()
        .find(|m| m.name().eq_ignore_ascii_case(s))
        .ok_or_else(|| OptionParseError {
            what: "integrated-mapping answer",
            value: s.to_owned(),
            expected: "none, 7c00, 7c028200",
        })
    }
}

impl fmt::Display for ImAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl TryFrom<String> for ImAnswer {
    type Error = OptionParseError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<ImAnswer> for String {
    fn from(m: ImAnswer) -> String {
        m.name().to_owned()
    }
}

/// `[pace]`: the PACE configuration the chip offers (one PACEInfo in EF.CardAccess, two
/// with `also`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaceSettings {
    /// The domain parameters (default `brainpoolP256r1`).
    #[serde(default = "default_group")]
    pub curve: PaceGroup,
    /// A second PACEInfo on these domain parameters, with the same cipher and mapping
    /// (listed after the first one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub also: Option<PaceGroup>,
    /// The cipher (default `aes128`).
    #[serde(default = "default_cipher")]
    pub cipher: PaceCipher,
    /// The mapping (default `gm`).
    #[serde(default = "default_mapping")]
    pub mapping: PaceMapping,
    /// How the integrated-mapping step is answered (default `7c028200`).
    #[serde(default)]
    pub im_answer: ImAnswer,
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
            also: None,
            cipher: default_cipher(),
            mapping: default_mapping(),
            im_answer: ImAnswer::default(),
        }
    }
}

/// A PACE option the simulator does not implement, or a combination the standard does not
/// define.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("PACE {0} is not supported")]
pub struct UnsupportedOption(pub String);

/// One PACEInfo the chip offers: its parameter id and the protocol parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaceOffer {
    /// The standardized domain parameter id.
    pub parameter_id: u8,
    /// The protocol parameters (OID, cipher, mapping, group).
    pub params: PaceParams,
}

impl PaceSettings {
    /// Checks the combination (see the module documentation) and returns the first
    /// PACEInfo's group.
    ///
    /// # Errors
    ///
    /// [`UnsupportedOption`] naming what is refused.
    pub fn supported_curve(&self) -> Result<PaceGroup, UnsupportedOption> {
        for group in self.groups() {
            self.check(group)?;
        }
        if self.also == Some(self.curve) {
            return Err(UnsupportedOption(format!(
                "with the same group twice (--curve {})",
                self.curve
            )));
        }
        if self.mapping == PaceMapping::Cam && self.also.is_some() {
            return Err(UnsupportedOption(
                "with the chip authentication mapping and two PACEInfos".into(),
            ));
        }
        Ok(self.curve)
    }

    fn check(&self, group: PaceGroup) -> Result<(), UnsupportedOption> {
        match (self.mapping, group) {
            (PaceMapping::Cam, _) if self.cipher == PaceCipher::Des3 => Err(UnsupportedOption(
                "with the chip authentication mapping and 3DES (CAM is AES only)".into(),
            )),
            (PaceMapping::Cam, g) if g.is_dh() => Err(UnsupportedOption(format!(
                "with the chip authentication mapping on a DH group (--curve {g}): \
                 CAM is defined for ECDH only"
            ))),
            (PaceMapping::Im, PaceGroup::Ec(Curve::P224)) => Err(UnsupportedOption(
                "with the integrated mapping on P-224 (its point encoding needs p = 3 mod 4)"
                    .into(),
            )),
            _ => Ok(()),
        }
    }

    /// The groups offered, in EF.CardAccess order.
    pub fn groups(&self) -> impl Iterator<Item = PaceGroup> {
        std::iter::once(self.curve).chain(self.also)
    }

    /// The curve of the chip authentication mapping (the static key's curve).
    ///
    /// # Errors
    ///
    /// [`UnsupportedOption`] for a DH group or a refused combination.
    pub fn cam_curve(&self) -> Result<Curve, UnsupportedOption> {
        match self.supported_curve()? {
            PaceGroup::Ec(curve) => Ok(curve),
            dh => Err(UnsupportedOption(format!(
                "with the chip authentication mapping on a DH group (--curve {dh})"
            ))),
        }
    }

    /// The library's mapping.
    pub fn library_mapping(&self) -> Mapping {
        match self.mapping {
            PaceMapping::Gm => Mapping::Generic,
            PaceMapping::Im => Mapping::Integrated,
            PaceMapping::Cam => Mapping::ChipAuthentication,
        }
    }

    /// The DER value of the protocol OID for the first group, e.g.
    /// `04 00 7F 00 07 02 02 04 02 02` for id-PACE-ECDH-GM-AES-CBC-CMAC-128.
    pub fn oid_value(&self) -> [u8; 10] {
        self.oid_value_for(self.curve)
    }

    /// The DER value of the protocol OID on `group`: the mapping arc is 1 DH-GM, 2 ECDH-GM,
    /// 3 DH-IM, 4 ECDH-IM, 6 ECDH-CAM; the cipher's arc follows.
    pub fn oid_value_for(&self, group: PaceGroup) -> [u8; 10] {
        let mapping = match (self.mapping, group.is_dh()) {
            (PaceMapping::Gm, true) => 0x01,
            (PaceMapping::Gm, false) => 0x02,
            (PaceMapping::Im, true) => 0x03,
            (PaceMapping::Im, false) => 0x04,
            (PaceMapping::Cam, _) => 0x06,
        };
        let [a, b, c, d, e, f, g, h] = ID_PACE;
        [a, b, c, d, e, f, g, h, mapping, self.cipher.arc()]
    }

    /// The standardized domain parameter id of the first group.
    pub fn parameter_id(&self) -> u8 {
        self.curve.parameter_id()
    }

    /// Every PACEInfo offered, in EF.CardAccess order.
    ///
    /// # Errors
    ///
    /// [`UnsupportedOption`] for a refused combination.
    pub fn offers(&self) -> Result<Vec<PaceOffer>, UnsupportedOption> {
        self.supported_curve()?;
        self.groups()
            .map(|group| {
                let params = PaceParams::new(
                    &self.oid_value_for(group),
                    self.cipher.kdf(),
                    self.library_mapping(),
                    group.group(),
                )
                .map_err(|e| UnsupportedOption(e.to_string()))?;
                Ok(PaceOffer {
                    parameter_id: group.parameter_id(),
                    params,
                })
            })
            .collect()
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
    fn combinations_and_oids() {
        let dh = PaceSettings {
            curve: PaceGroup::Dh2048,
            ..PaceSettings::default()
        };
        assert_eq!(dh.supported_curve(), Ok(PaceGroup::Dh2048));
        assert_eq!(hex::encode(dh.oid_value()), "04007f00070202040102");
        assert_eq!(dh.parameter_id(), 2);
        assert_eq!(
            dh.offers().unwrap()[0].params.group(),
            Group::Dh(DhGroup::Modp2048_256)
        );
        let dh_im = PaceSettings {
            mapping: PaceMapping::Im,
            cipher: PaceCipher::Aes256,
            ..dh
        };
        assert_eq!(hex::encode(dh_im.oid_value()), "04007f00070202040304");
        let ec_im = PaceSettings {
            mapping: PaceMapping::Im,
            ..PaceSettings::default()
        };
        assert_eq!(hex::encode(ec_im.oid_value()), "04007f00070202040402");
        assert_eq!(
            ec_im.offers().unwrap()[0].params.mapping(),
            Mapping::Integrated
        );
        // CAM is ECDH and AES only.
        let cam_dh = PaceSettings {
            mapping: PaceMapping::Cam,
            ..dh
        };
        let e = cam_dh.supported_curve().unwrap_err().to_string();
        assert!(e.contains("ECDH only") && e.contains("dh2048"), "{e}");
        let cam_3des = PaceSettings {
            mapping: PaceMapping::Cam,
            cipher: PaceCipher::Des3,
            ..PaceSettings::default()
        };
        assert!(cam_3des.supported_curve().is_err());
        let im_p224 = PaceSettings {
            curve: PaceGroup::Ec(Curve::P224),
            ..ec_im
        };
        assert!(
            im_p224
                .supported_curve()
                .unwrap_err()
                .to_string()
                .contains("P-224")
        );
        // Two PACEInfos: two offers with their own OIDs and ids; not the same group twice.
        let two = PaceSettings {
            curve: PaceGroup::Dh1024,
            also: Some(PaceGroup::Ec(Curve::BrainpoolP256r1)),
            ..PaceSettings::default()
        };
        let offers = two.offers().unwrap();
        assert_eq!(
            offers.iter().map(|o| o.parameter_id).collect::<Vec<_>>(),
            [0, 13]
        );
        assert_eq!(hex::encode(offers[0].params.oid()), "04007f00070202040102");
        assert_eq!(hex::encode(offers[1].params.oid()), "04007f00070202040202");
        let twice = PaceSettings {
            also: Some(PaceGroup::Dh1024),
            ..two
        };
        assert!(twice.supported_curve().is_err());
        assert_eq!(
            PaceSettings::default().supported_curve(),
            Ok(PaceGroup::Ec(Curve::BrainpoolP256r1))
        );
    }
}
