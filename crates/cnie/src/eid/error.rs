//! The errors of the eID application.

use crate::iso7816::StatusWord;

use super::pin::PinError;

/// Everything that can go wrong with the eID application. No variant
/// carries PIN or PUK bytes.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EidError {
    /// The card channel failed.
    #[error(transparent)]
    Card(#[from] crate::Error),
    /// A PIN or PUK does not fit the profile's format.
    #[error(transparent)]
    Pin(#[from] PinError),
    /// The profile asks for secure messaging (PACE) before the eID
    /// application, and the channel has none.
    #[error("the eID application needs secure messaging (PACE) first")]
    SecureMessagingRequired,
    /// The card refused the PIN; `tries_left` more tries remain.
    #[error("wrong PIN: {tries_left} tries left")]
    WrongPin {
        /// Tries left after this one.
        tries_left: u8,
    },
    /// The PIN (or PUK) is blocked.
    #[error("the PIN is blocked")]
    Blocked,
    /// Only one try is left: spending it needs an explicit `force`.
    #[error("one PIN try left: refusing to spend it without force")]
    LastTryRefused,
    /// The card answered a PIN command with an unexpected status word.
    #[error("{command} failed: card answered {sw}")]
    Status {
        /// What was attempted.
        command: &'static str,
        /// What the card answered.
        sw: StatusWord,
    },
    /// A certificate from the card is malformed or has an unsupported key.
    #[error("bad certificate: {0}")]
    Certificate(String),
    /// The card's signature is malformed.
    #[error("malformed signature from the card")]
    MalformedSignature,
    /// The card's signature does not verify against its certificate: it is
    /// never returned.
    #[error("the card's signature does not verify against its certificate")]
    InvalidSignature,
    /// Something this version does not do.
    #[error("{0}")]
    Unsupported(&'static str),
}
