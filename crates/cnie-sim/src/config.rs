//! `card.toml`: the settings of a card folder (access data, PIN and PUK,
//! protocols, transport limits). The format is documented in the crate's
//! `README.md`.

use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::pace_options::{PaceCipher, PaceGroup, PaceSettings};

/// The largest plaintext response a card may be configured to send.
pub const MAX_RESPONSE_LIMIT: usize = 65536;

/// The smallest plaintext response a card may be configured to send.
pub const MIN_RESPONSE_LIMIT: usize = 16;

/// A secret string from `card.toml` (MRZ, CAN, PIN, PUK): zeroized on drop,
/// redacted in `Debug`.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret text.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// The whole `card.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardConfig {
    /// Access control data (MRZ, CAN).
    pub access: AccessData,
    /// The eID PIN (reference 81): its value and retry counter.
    #[serde(default = "PinCounter::default_pin")]
    pub pin: PinCounter,
    /// The PUK that unblocks the PIN.
    #[serde(default = "PinCounter::default_puk")]
    pub puk: PinCounter,
    /// Access-control protocols the chip offers.
    #[serde(default)]
    pub protocols: Protocols,
    /// The PACE options (curve, cipher, mapping), used when `protocols.pace` is on.
    #[serde(default)]
    pub pace: PaceSettings,
    /// APDU length limits.
    #[serde(default)]
    pub transport: TransportSettings,
    /// Reserved for later eID settings: kept as is (the keys and
    /// certificates are files of the card folder, see [`crate::folder::EID_FILES`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eid: Option<toml::Table>,
    /// Active Authentication (ICAO 9303-11 §6.1): the settings; the key is the card
    /// folder's `aa.key.pem` (see [`crate::folder::AA_KEY_FILE`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_authentication: Option<AaSettings>,
    /// Chip Authentication v1 (ICAO 9303-11 §6.2): the settings; the key is the card
    /// folder's `ca.key.hex` (see [`crate::folder::CA_KEY_FILE`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chip_authentication: Option<CaSettings>,
    /// The read-time model (see [`crate::timing`]): off unless set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timing: Option<crate::timing::Timing>,
}

/// `[active_authentication]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AaSettings {
    /// The hash of the RSA ISO/IEC 9796-2 signature (ECDSA always uses SHA-256).
    #[serde(default)]
    pub hash: AaHash,
}

/// The hash of an RSA Active Authentication signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AaHash {
    /// SHA-1, trailer `BC` (ISO/IEC 9796-2 implicit).
    #[default]
    Sha1,
    /// SHA-256, trailer `34 CC` (ISO/IEC 9796-2 explicit hash identifier).
    Sha256,
}

impl std::str::FromStr for AaHash {
    type Err = String;

    fn from_str(s: &str) -> Result<AaHash, String> {
        match s.to_ascii_lowercase().replace('-', "").as_str() {
            "sha1" => Ok(AaHash::Sha1),
            "sha256" => Ok(AaHash::Sha256),
            _ => Err(format!("hash `{s}`: expected sha1 or sha256")),
        }
    }
}

/// `[chip_authentication]`: ECDH Chip Authentication v1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaSettings {
    /// The curve of the static key (a PACE curve name; not a DH group).
    #[serde(default = "default_ca_curve")]
    pub curve: PaceGroup,
    /// The secure-messaging cipher after Chip Authentication.
    #[serde(default = "default_ca_cipher")]
    pub cipher: PaceCipher,
}

fn default_ca_curve() -> PaceGroup {
    PaceGroup::Ec(cnie::pace::Curve::P256)
}

fn default_ca_cipher() -> PaceCipher {
    PaceCipher::Aes128
}

impl Default for CaSettings {
    fn default() -> Self {
        CaSettings {
            curve: default_ca_curve(),
            cipher: default_ca_cipher(),
        }
    }
}

impl CaSettings {
    /// The curve (`Unsupported` for a DH group).
    pub fn ec_curve(&self) -> Result<cnie::pace::Curve, ConfigError> {
        match self.curve {
            PaceGroup::Ec(curve) => Ok(curve),
            other => Err(ConfigError::Unsupported(format!(
                "chip_authentication.curve: {other} (DH Chip Authentication) is not supported yet"
            ))),
        }
    }
}

/// `[access]`: the data printed on the card that opens the chip.
///
/// Either `mrz` (the MRZ lines) or all of `document_number`,
/// `date_of_birth`, `date_of_expiry`; when both are given they must agree.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessData {
    /// The MRZ lines (TD1: three lines of 30 characters).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mrz: Vec<Secret>,
    /// The document number (card number), as in the MRZ without fillers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_number: Option<Secret>,
    /// Date of birth, YYMMDD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<Secret>,
    /// Date of expiry, YYMMDD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_expiry: Option<Secret>,
    /// The 6-digit card access number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can: Option<Secret>,
}

/// A PIN or PUK with its retry counter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PinCounter {
    /// The secret digits.
    pub value: Secret,
    /// Tries left before it blocks.
    pub tries_left: u8,
    /// Tries after a successful verification (or an unblock).
    pub max_tries: u8,
}

impl PinCounter {
    /// The default eID PIN: `1234`, 3 tries.
    pub fn default_pin() -> Self {
        PinCounter {
            value: Secret::new("1234"),
            tries_left: 3,
            max_tries: 3,
        }
    }

    /// The default PUK: `12345678`, 10 tries.
    pub fn default_puk() -> Self {
        PinCounter {
            value: Secret::new("12345678"),
            tries_left: 10,
            max_tries: 10,
        }
    }
}

/// `[protocols]`: which access-control protocols the chip offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Protocols {
    /// Basic Access Control.
    #[serde(default = "yes")]
    pub bac: bool,
    /// PACE (with the options of `[pace]`; EF.CardAccess is generated from them).
    #[serde(default = "yes")]
    pub pace: bool,
}

fn yes() -> bool {
    true
}

impl Default for Protocols {
    fn default() -> Self {
        Protocols {
            bac: true,
            pace: true,
        }
    }
}

/// `[transport]`: APDU length limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransportSettings {
    /// Whether extended-length APDUs are accepted (and announced in the ATR
    /// and EF.ATR/INFO).
    #[serde(default = "yes")]
    pub extended_length: bool,
    /// The largest plaintext response data the chip sends at once (before
    /// secure messaging), from 16 to 65536.
    #[serde(default = "default_max_response")]
    pub max_response: usize,
    /// Whether the length is announced (the ATR's card capabilities and EF.ATR/INFO);
    /// `false`: the ATR has no capabilities and there is no EF.ATR/INFO, as on many
    /// passports: a reader must try extended length to find it.
    #[serde(default = "yes")]
    pub announce_length: bool,
}

fn default_max_response() -> usize {
    MAX_RESPONSE_LIMIT
}

impl Default for TransportSettings {
    fn default() -> Self {
        TransportSettings {
            extended_length: true,
            max_response: MAX_RESPONSE_LIMIT,
            announce_length: true,
        }
    }
}

/// Why a `card.toml` is not usable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// Not valid TOML or not the expected shape.
    #[error("card.toml: {0}")]
    Syntax(String),
    /// The settings contradict each other or are out of range.
    #[error("card.toml: {0}")]
    Invalid(String),
    /// An option the simulator does not implement yet.
    #[error("{0}")]
    Unsupported(String),
}

/// The MRZ key fields of a card: document number, date of birth, date of
/// expiry (all secrets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MrzFields {
    /// Document number without `<` fillers.
    pub document_number: Secret,
    /// YYMMDD.
    pub date_of_birth: Secret,
    /// YYMMDD.
    pub date_of_expiry: Secret,
}

impl CardConfig {
    /// Parses and checks a `card.toml`.
    pub fn from_toml(text: &str) -> Result<CardConfig, ConfigError> {
        let config: CardConfig =
            toml::from_str(text).map_err(|e| ConfigError::Syntax(e.message().to_owned()))?;
        config.validate()?;
        Ok(config)
    }

    /// Serializes to TOML.
    pub fn to_toml(&self) -> Result<String, ConfigError> {
        toml::to_string(self).map_err(|e| ConfigError::Syntax(e.to_string()))
    }

    /// Checks ranges and consistency.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let t = &self.transport;
        if !(MIN_RESPONSE_LIMIT..=MAX_RESPONSE_LIMIT).contains(&t.max_response) {
            return Err(ConfigError::Invalid(format!(
                "transport.max_response must be between {MIN_RESPONSE_LIMIT} and {MAX_RESPONSE_LIMIT}"
            )));
        }
        for (name, pin) in [("pin", &self.pin), ("puk", &self.puk)] {
            if pin.value.expose().is_empty() || pin.max_tries == 0 || pin.tries_left > pin.max_tries
            {
                return Err(ConfigError::Invalid(format!(
                    "{name}: the value must not be empty and 0 < tries_left <= max_tries"
                )));
            }
        }
        if let Some(can) = &self.access.can
            && (can.expose().len() != 6 || !can.expose().bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(ConfigError::Invalid("access.can must be 6 digits".into()));
        }
        if self.protocols.bac {
            self.access.mrz_fields()?;
        }
        if !self.protocols.bac && !self.protocols.pace {
            return Err(ConfigError::Invalid(
                "protocols: enable BAC, PACE or both".into(),
            ));
        }
        if self.protocols.pace {
            self.pace
                .supported_curve()
                .map_err(|e| ConfigError::Unsupported(e.to_string()))?;
            let has_mrz = !self.access.mrz.is_empty() || self.access.document_number.is_some();
            if has_mrz {
                self.access.mrz_fields()?;
            } else if self.access.can.is_none() {
                return Err(ConfigError::Invalid(
                    "access: PACE needs the MRZ or the CAN".into(),
                ));
            }
        }
        if let Some(ca) = &self.chip_authentication {
            ca.ec_curve()?;
        }
        Ok(())
    }
}

impl AccessData {
    /// The document number, date of birth and date of expiry, from the MRZ
    /// lines or from the separate fields (which must agree with the MRZ when
    /// both are given).
    pub fn mrz_fields(&self) -> Result<MrzFields, ConfigError> {
        let from_lines = if self.mrz.is_empty() {
            None
        } else {
            let lines: Vec<&str> = self.mrz.iter().map(|l| l.expose().trim()).collect();
            Some(fields_from_lines(&lines)?)
        };
        let separate = match (
            &self.document_number,
            &self.date_of_birth,
            &self.date_of_expiry,
        ) {
            (Some(doc), Some(dob), Some(doe)) => Some(MrzFields {
                document_number: Secret::new(doc.expose().trim_end_matches('<')),
                date_of_birth: dob.clone(),
                date_of_expiry: doe.clone(),
            }),
            (None, None, None) => None,
            _ => {
                return Err(ConfigError::Invalid(
                    "access: give all of document_number, date_of_birth, date_of_expiry".into(),
                ));
            }
        };
        match (from_lines, separate) {
            (Some(a), Some(b)) if a != b => Err(ConfigError::Invalid(
                "access: the MRZ and the separate fields disagree".into(),
            )),
            (Some(a), _) => Ok(a),
            (None, Some(b)) => Ok(b),
            (None, None) => Err(ConfigError::Invalid(
                "access: BAC needs the MRZ or document_number/date_of_birth/date_of_expiry".into(),
            )),
        }
    }
}

/// Cuts the key fields out of MRZ lines by position (ICAO 9303 Parts 4 to
/// 6): this is the card's own reading of its MRZ, independent of the
/// library's parser.
fn fields_from_lines(lines: &[&str]) -> Result<MrzFields, ConfigError> {
    let bad = |why: &str| ConfigError::Invalid(format!("access.mrz: {why}"));
    if !lines.iter().all(|l| {
        l.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'<')
    }) {
        return Err(bad("only A-Z, 0-9 and '<' are allowed"));
    }
    let field = |line: &str, from: usize, to: usize| -> Result<String, ConfigError> {
        line.get(from..to)
            .map(str::to_owned)
            .ok_or_else(|| bad("line too short"))
    };
    let (doc_line, data_line, doc_at, td1, td3) = match lines {
        // TD1: document number in line 1 (5..14), dates in line 2.
        [l1, l2, l3] if l1.len() == 30 && l2.len() == 30 && l3.len() == 30 => {
            (*l1, *l2, 5, true, false)
        }
        // TD2 and TD3: everything in line 2.
        [l1, l2] if l1.len() == l2.len() && (l1.len() == 36 || l1.len() == 44) => {
            (*l2, *l2, 0, false, l1.len() == 44)
        }
        _ => return Err(bad("expected 3 lines of 30, or 2 of 36 or 44 characters")),
    };
    let (dob_at, doe_at) = if td1 { (0, 8) } else { (13, 21) };
    let mut doc = field(doc_line, doc_at, doc_at + 9)?;
    let check = field(doc_line, doc_at + 9, doc_at + 10)?;
    if check == "<" && !td3 {
        // Long document number: the rest and its check digit open the optional data.
        let rest = field(doc_line, doc_at + 10, doc_line.len())?;
        let ext = rest.split('<').next().unwrap_or_default();
        let without_check = ext.get(..ext.len().saturating_sub(1)).unwrap_or_default();
        doc.push_str(without_check);
    }
    Ok(MrzFields {
        document_number: Secret::new(doc.trim_end_matches('<')),
        date_of_birth: Secret::new(field(data_line, dob_at, dob_at + 6)?),
        date_of_expiry: Secret::new(field(data_line, doe_at, doe_at + 6)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPECIMEN: &str = r#"
[access]
mrz = ["IDMARAB01234568X123456<<<<<<<<", "9001158F3101159MAR<<<<<<<<<<<6", "EL<AMRANI<<FATIMA<ZAHRA<<<<<<<"]
can = "246810"
"#;

    #[test]
    fn defaults_and_mrz_fields() {
        let c = CardConfig::from_toml(SPECIMEN).unwrap();
        assert_eq!(c.pin.value.expose(), "1234");
        assert_eq!(c.pin.tries_left, 3);
        assert_eq!(c.puk.value.expose(), "12345678");
        assert_eq!(c.puk.tries_left, 10);
        assert!(c.protocols.bac && c.protocols.pace);
        assert_eq!(c.pace, PaceSettings::default());
        assert!(c.transport.extended_length);
        assert_eq!(c.transport.max_response, 65536);
        let f = c.access.mrz_fields().unwrap();
        assert_eq!(f.document_number.expose(), "AB0123456");
        assert_eq!(f.date_of_birth.expose(), "900115");
        assert_eq!(f.date_of_expiry.expose(), "310115");
        let back = CardConfig::from_toml(&c.to_toml().unwrap()).unwrap();
        assert_eq!(back, c);
    }

    #[test]
    fn debug_hides_secrets() {
        let c = CardConfig::from_toml(SPECIMEN).unwrap();
        let s = format!("{c:?}");
        assert!(
            !s.contains("246810") && !s.contains("AB0123456") && !s.contains("1234"),
            "{s}"
        );
    }

    #[test]
    fn td3_and_long_numbers() {
        let td3 = [
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
            "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
        ];
        let f = fields_from_lines(&td3).unwrap();
        assert_eq!(f.document_number.expose(), "L898902C3");
        assert_eq!(f.date_of_birth.expose(), "740812");
        assert_eq!(f.date_of_expiry.expose(), "120415");
        // ICAO 9303-11 D.2 TD1 example with a long document number.
        let td1 = [
            "I<UTOD23145890<7349<<<<<<<<<<<",
            "3407127M9507122UTO<<<<<<<<<<<2",
            "STEVENSON<<PETER<JOHN<<<<<<<<<",
        ];
        let f = fields_from_lines(&td1).unwrap();
        assert_eq!(f.document_number.expose(), "D23145890734");
        assert_eq!(f.date_of_birth.expose(), "340712");
    }

    #[test]
    fn rejects_inconsistent_settings() {
        let bad_can = SPECIMEN.replace("246810", "24681");
        assert!(CardConfig::from_toml(&bad_can).is_err());
        let disagree = format!(
            "{SPECIMEN}document_number = \"AB0123457\"\ndate_of_birth = \"900115\"\ndate_of_expiry = \"310115\"\n"
        );
        assert!(CardConfig::from_toml(&disagree).is_err());
        let small = format!("{SPECIMEN}[transport]\nmax_response = 8\n");
        assert!(CardConfig::from_toml(&small).is_err());
        let unknown = format!("{SPECIMEN}[bogus]\nx = 1\n");
        assert!(CardConfig::from_toml(&unknown).is_err());
        assert!(CardConfig::from_toml("[access]\ncan = \"123456\"\n").is_err());
        // PACE with the CAN only.
        let can_only = "[access]\ncan = \"123456\"\n[protocols]\nbac = false\n";
        assert!(CardConfig::from_toml(can_only).is_ok());
        let neither = format!("{SPECIMEN}[protocols]\nbac = false\npace = false\n");
        assert!(CardConfig::from_toml(&neither).is_err());
    }

    #[test]
    fn pace_options() {
        let c = CardConfig::from_toml(&format!(
            "{SPECIMEN}[pace]\ncurve = \"p384\"\ncipher = \"aes256\"\nmapping = \"gm\"\n"
        ))
        .unwrap();
        assert_eq!(c.pace.parameter_id(), 15);
        assert_eq!(c.pace.cipher.to_string(), "aes256");
        let back = CardConfig::from_toml(&c.to_toml().unwrap()).unwrap();
        assert_eq!(back, c);
        let dh = CardConfig::from_toml(&format!("{SPECIMEN}[pace]\ncurve = \"dh2048\"\n"));
        assert!(dh.is_ok(), "{dh:?}");
        // The chip authentication mapping is defined for ECDH only.
        let cam_dh = CardConfig::from_toml(&format!(
            "{SPECIMEN}[pace]\ncurve = \"dh2048\"\nmapping = \"cam\"\n"
        ));
        assert!(
            matches!(&cam_dh, Err(ConfigError::Unsupported(m)) if m.contains("ECDH only")),
            "{cam_dh:?}"
        );
        let cam = CardConfig::from_toml(&format!("{SPECIMEN}[pace]\nmapping = \"cam\"\n"));
        assert!(cam.is_ok(), "{cam:?}");
        let cam_3des = CardConfig::from_toml(&format!(
            "{SPECIMEN}[pace]\nmapping = \"cam\"\ncipher = \"3des\"\n"
        ));
        assert!(
            matches!(cam_3des, Err(ConfigError::Unsupported(_))),
            "{cam_3des:?}"
        );
        // Off: the options are not checked.
        let off = format!("{SPECIMEN}[protocols]\npace = false\n[pace]\ncurve = \"dh2048\"\n");
        assert!(CardConfig::from_toml(&off).is_ok());
        let bad = CardConfig::from_toml(&format!("{SPECIMEN}[pace]\ncurve = \"p999\"\n"));
        assert!(matches!(bad, Err(ConfigError::Syntax(_))), "{bad:?}");
    }
}
