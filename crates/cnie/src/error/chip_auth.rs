//! Chip Authentication errors.

use crate::crypto::KeyAgreement;
use crate::iso7816::StatusWord;

use super::PaceError;

/// Why Chip Authentication could not be run, or was refused. Messages hold no secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CaError {
    /// The security infos hold no `ChipAuthenticationPublicKeyInfo`.
    #[error("DG14 has no chip authentication public key")]
    NoPublicKey,
    /// No public key fits the announced protocols (key agreement or key id).
    #[error("no chip authentication public key matches the protocol (key id {key_id:?})")]
    NoMatchingKey {
        /// The key agreement asked for.
        key_agreement: KeyAgreement,
        /// The key id asked for.
        key_id: Option<u32>,
    },
    /// A key this crate cannot use (another algorithm, a non-standard domain).
    #[error("unsupported chip authentication key: {0}")]
    UnsupportedKey(String),
    /// A malformed `SubjectPublicKeyInfo`.
    #[error("malformed chip authentication public key: {0}")]
    MalformedKey(String),
    /// A public key or secret outside the group (an invalid point, a DH value outside the
    /// subgroup) or a degenerate computation.
    #[error("chip authentication key agreement failed: {0}")]
    KeyAgreement(PaceError),
    /// The random number generator failed.
    #[error("the random number generator failed")]
    Random,
    /// Chip Authentication runs inside secure messaging (after BAC or PACE).
    #[error("chip authentication needs secure messaging established first")]
    NoSecureMessaging,
    /// The chip answered a command with an error status.
    #[error("{command} refused: card answered {sw}")]
    Refused {
        /// The command.
        command: &'static str,
        /// The chip's answer.
        sw: StatusWord,
    },
    /// PACE-CAM: EF.CardSecurity could not be read, is malformed, or its signature does not
    /// verify with the certificate inside.
    #[error("EF.CardSecurity is unreadable, malformed or not validly signed")]
    CardSecurity,
    /// PACE-CAM: the chip's authentication data is missing or does not match any static
    /// key of EF.CardSecurity (`CA_IC · PK_IC ≠ PK_map_IC`): the chip does not hold the key.
    #[error("the chip's authentication data does not match its static key")]
    CamMismatch,
    /// PACE-CAM: the PACEInfos of EF.CardAccess differ from those the chip signed in
    /// EF.CardSecurity (a downgrade on the way, or a faulty chip).
    #[error("EF.CardAccess offers other PACE variants than EF.CardSecurity signs")]
    PaceInfoMismatch,
    /// The chip's GENERAL AUTHENTICATE answer is not dynamic authentication data.
    #[error("malformed GENERAL AUTHENTICATE answer")]
    MalformedAnswer,
}

impl From<PaceError> for CaError {
    fn from(e: PaceError) -> Self {
        match e {
            PaceError::Random => CaError::Random,
            other => CaError::KeyAgreement(other),
        }
    }
}
