//! The errors of the eID application.

use crate::iso7816::StatusWord;

/// Everything that can go wrong with the eID application. No variant
/// carries PIN or PUK bytes.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EidError {
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
    /// The card did not tell the tries left (its answer to the counter query is not
    /// a documented one): that counts as the last try, spent only with `force`.
    #[error(
        "the card does not tell the tries left (it answered {sw}): counted as the last try, refusing to spend it without force"
    )]
    CounterUnknown {
        /// What the card answered to the counter query.
        sw: StatusWord,
    },
    /// The card has no eID application at the profile's AID: SELECT was refused.
    #[error("the card has no eID application at the profile's AID (it answered {sw})")]
    NoEidApplication {
        /// What the card answered to SELECT.
        sw: StatusWord,
    },
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

/// Why a PIN does not fit its format. No variant carries PIN bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PinError {
    /// Fewer digits than the format allows.
    #[error("too short: at least {min} digits")]
    TooShort {
        /// The fewest digits.
        min: u8,
    },
    /// More digits than the format allows.
    #[error("too long: at most {max} digits")]
    TooLong {
        /// The most digits.
        max: u8,
    },
    /// A character that is not a decimal digit.
    #[error("only the digits 0 to 9 are allowed")]
    NotDigits,
    /// The profile's format is inconsistent (the PIN would not fit the
    /// padded length, or lengths out of range).
    #[error("the profile's PIN format is inconsistent")]
    BadFormat,
}
