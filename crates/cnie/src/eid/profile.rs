//! The card profile: a data description of an eID application, loadable
//! from TOML or JSON with serde.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The default CNIE profile as TOML (`crates/cnie/profiles/cnie-default.toml`),
/// identical to [`Profile::default_cnie`].
pub const DEFAULT_CNIE_TOML: &str = include_str!("../../profiles/cnie-default.toml");

/// A description of an eID application: where it is, how its PIN is
/// formatted, which keys sign and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// A short name for reports.
    pub name: String,
    /// The application identifier, SELECTed by AID (hex in files).
    #[serde(serialize_with = "ser_hex", deserialize_with = "de_hex")]
    pub aid: Vec<u8>,
    /// Whether PACE (secure messaging) must be established first.
    pub requires_secure_messaging: bool,
    /// The PIN: reference (VERIFY P2) and format.
    pub pin: PinFormat,
    /// The PUK that unblocks the PIN (RESET RETRY COUNTER).
    pub puk: PinFormat,
    /// The authentication key (challenge-response login).
    pub authentication: KeyProfile,
    /// The signature key.
    pub signature: KeyProfile,
}

/// How a PIN (or PUK) is formatted for VERIFY.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PinFormat {
    /// The reference data qualifier (P2 of VERIFY), e.g. 0x81.
    pub reference: u8,
    /// The fewest digits.
    pub min_length: u8,
    /// The most digits.
    pub max_length: u8,
    /// How digits are encoded.
    pub encoding: PinEncoding,
    /// The byte that pads the encoded PIN.
    pub padding: u8,
    /// The encoded length after padding; 0 for no padding.
    pub padded_length: u8,
}

/// How PIN digits are encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PinEncoding {
    /// One ASCII byte a digit (`'1'` = 0x31).
    Ascii,
    /// Packed BCD, two digits a byte; an odd last digit gets the low nibble
    /// of the padding byte.
    Bcd,
}

/// A private key on the card and how it is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyProfile {
    /// The key reference (DO'84' of MSE:SET).
    pub key_reference: u8,
    /// The algorithm reference (DO'80' of MSE:SET), when the card wants one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub algorithm_reference: Option<u8>,
    /// Whether an MSE:SET precedes the signature command.
    pub manage_security_environment: bool,
    /// The signature algorithm.
    pub algorithm: Algorithm,
    /// The command that makes the signature (it also picks the MSE:SET
    /// template: DST `B6` for PSO, AT `A4` for INTERNAL AUTHENTICATE).
    pub command: SignatureCommand,
    /// The short file identifier of the key's certificate (DER X.509).
    pub certificate_sfi: u8,
}

/// A signature algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Algorithm {
    /// ECDSA on P-256; the host hashes the input with SHA-256 and the card
    /// signs the 32-byte digest.
    EcdsaP256Sha256,
}

/// The command that makes a signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignatureCommand {
    /// PSO: COMPUTE DIGITAL SIGNATURE (`00 2A 9E 9A`), after MSE:SET DST (`41 B6`).
    PsoCds,
    /// INTERNAL AUTHENTICATE (`00 88 00 00`), after MSE:SET AT (`41 A4`).
    InternalAuthenticate,
}

impl SignatureCommand {
    /// The control reference template MSE:SET uses (P2): `B6` (DST) or `A4` (AT).
    pub const fn mse_template(self) -> u8 {
        match self {
            SignatureCommand::PsoCds => 0xB6,
            SignatureCommand::InternalAuthenticate => 0xA4,
        }
    }
}

/// Why a profile file could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid profile: {0}")]
pub struct ProfileError(String);

impl Profile {
    /// Reads a profile from TOML (the format of `cnie-default.toml`).
    pub fn from_toml(text: &str) -> Result<Profile, ProfileError> {
        toml::from_str(text).map_err(|e| ProfileError(e.to_string()))
    }

    /// Reads a profile from JSON (the same fields as the TOML format).
    pub fn from_json(text: &str) -> Result<Profile, ProfileError> {
        serde_json::from_str(text).map_err(|e| ProfileError(e.to_string()))
    }

    /// The default CNIE profile: the ISO/IEC 7816-4/-8 pattern with the
    /// PKCS#15 AID, PIN 0x81 (4 to 8 ASCII digits padded with FF to 8),
    /// PUK 0x82 (8 ASCII digits), an authentication key 0x01 used with
    /// INTERNAL AUTHENTICATE (certificate in SFI 01) and a signature key 0x02
    /// used with PSO:CDS (certificate in SFI 02), ECDSA P-256 with SHA-256,
    /// behind PACE.
    ///
    /// UNCONFIRMED: the real CNIE's eID layout is not published; this is a
    /// guess on the ISO pattern until checked on a real card
    /// (see `docs/eid.md`). It equals [`DEFAULT_CNIE_TOML`].
    pub fn default_cnie() -> Profile {
        let key = |key_reference, command, certificate_sfi| KeyProfile {
            key_reference,
            algorithm_reference: None,
            manage_security_environment: true,
            algorithm: Algorithm::EcdsaP256Sha256,
            command,
            certificate_sfi,
        };
        Profile {
            name: "cnie-default".into(),
            aid: vec![
                0xA0, 0x00, 0x00, 0x00, 0x63, 0x50, 0x4B, 0x43, 0x53, 0x2D, 0x31, 0x35,
            ],
            requires_secure_messaging: true,
            pin: PinFormat {
                reference: 0x81,
                min_length: 4,
                max_length: 8,
                encoding: PinEncoding::Ascii,
                padding: 0xFF,
                padded_length: 8,
            },
            puk: PinFormat {
                reference: 0x82,
                min_length: 8,
                max_length: 8,
                encoding: PinEncoding::Ascii,
                padding: 0xFF,
                padded_length: 8,
            },
            authentication: key(0x01, SignatureCommand::InternalAuthenticate, 0x01),
            signature: key(0x02, SignatureCommand::PsoCds, 0x02),
        }
    }
}

fn ser_hex<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&hex::encode_upper(bytes))
}

fn de_hex<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
    let text = String::deserialize(d)?;
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = hex::decode(&compact).map_err(serde::de::Error::custom)?;
    if bytes.is_empty() || bytes.len() > 16 {
        return Err(serde::de::Error::custom("an AID has 1 to 16 bytes"));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_file_equals_default() {
        let parsed = Profile::from_toml(DEFAULT_CNIE_TOML).unwrap();
        assert_eq!(parsed, Profile::default_cnie());
        assert_eq!(hex::encode_upper(&parsed.aid), "A000000063504B43532D3135");
        assert_eq!(parsed.pin.reference, 0x81);
    }

    #[test]
    fn json_round_trip() {
        let json = serde_json::to_string(&Profile::default_cnie()).unwrap();
        let back = Profile::from_json(&json).unwrap();
        assert_eq!(back, Profile::default_cnie());
    }

    #[test]
    fn rejects_bad_aid_and_unknown_fields() {
        let bad = DEFAULT_CNIE_TOML.replace("A000000063504B43532D3135", "XYZ");
        assert!(Profile::from_toml(&bad).is_err());
        let extra = format!("surprise = 1\n{DEFAULT_CNIE_TOML}");
        let e = Profile::from_toml(&extra).unwrap_err();
        assert!(e.to_string().contains("surprise"), "{e}");
    }
}
