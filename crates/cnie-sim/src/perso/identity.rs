//! The identity file (`specimen.toml`): who the card belongs to and how the
//! card is set up. Documented in the crate's `README.md`.

use serde::{Deserialize, Serialize};

use crate::config::{PinCounter, Protocols, Secret, TransportSettings};
use crate::pace_options::PaceSettings;

/// The identity to personalize a card with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Identity {
    /// Document code (`ID`).
    pub document_code: String,
    /// Issuing state (`MAR`).
    pub issuing_state: String,
    /// Document (card) number, up to 9 characters.
    pub document_number: String,
    /// TD1 line 1 optional data (the CNIE keeps the CIN there).
    #[serde(default)]
    pub optional_data: String,
    /// TD1 line 2 optional data.
    #[serde(default)]
    pub optional_data_2: String,
    /// Date of birth, YYMMDD.
    pub date_of_birth: String,
    /// `M`, `F` or `<`.
    pub sex: String,
    /// Date of expiry, YYMMDD.
    pub date_of_expiry: String,
    /// Nationality (`MAR`).
    pub nationality: String,
    /// Surname, words separated by spaces.
    pub surname: String,
    /// Given names, words separated by spaces.
    pub given_names: String,
    /// The expected MRZ lines: personalization fails if the MRZ it builds differs.
    #[serde(default)]
    pub mrz: Vec<String>,
    /// DG11 (additional personal details).
    pub dg11: Dg11Fields,
    /// EF.SOD settings.
    pub sod: SodSettings,
    /// The card's settings.
    pub card: CardSettings,
}

/// DG11 fields (ICAO 9303-10 §4.7.11).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dg11Fields {
    /// 5F0E: full name in Latin characters, `SURNAME<<GIVEN<NAMES`.
    pub full_name: String,
    /// 5F0F inside A0: the name in Arabic script (UTF-8), same layout.
    #[serde(default)]
    pub other_names: Vec<String>,
    /// 5F10: personal number (the CIN).
    #[serde(default)]
    pub personal_number: Option<String>,
    /// 5F2B: full date of birth, YYYYMMDD.
    #[serde(default)]
    pub full_date_of_birth: Option<String>,
    /// 5F11: place of birth.
    #[serde(default)]
    pub place_of_birth: Option<String>,
}

/// EF.SOD settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SodSettings {
    /// The signing time (signed attribute), `YYYY-MM-DDTHH:MM:SSZ`: fixed so
    /// that personalization is reproducible.
    pub signing_time: String,
}

/// The card settings copied to `card.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardSettings {
    /// The 6-digit CAN.
    pub can: Secret,
    /// The PIN.
    pub pin: PinCounter,
    /// The PUK.
    pub puk: PinCounter,
    /// Protocols.
    #[serde(default)]
    pub protocols: Protocols,
    /// PACE options.
    #[serde(default)]
    pub pace: PaceSettings,
    /// Transport limits.
    #[serde(default)]
    pub transport: TransportSettings,
}

/// Why an identity file is not usable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("identity: {0}")]
pub struct IdentityError(pub String);

impl Identity {
    /// Parses an identity file.
    pub fn from_toml(text: &str) -> Result<Identity, IdentityError> {
        toml::from_str(text).map_err(|e| IdentityError(e.message().to_owned()))
    }
}
