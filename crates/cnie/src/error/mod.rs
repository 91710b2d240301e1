//! The crate's error type: one [`Error`] whose variants carry typed sub-enums, one
//! per protocol ([`SmError`], [`PaceError`], [`CaError`], [`AaError`], [`EidError`],
//! [`ProtocolViolation`]). Callers branch on variants, never on message text; no
//! message carries a key, a password, a PIN or a PUK.

use crate::iso7816::{ApduError, StatusWord, TransportError};
use crate::tlv::TlvError;

mod active_auth;
mod chip_auth;
mod eid;
mod pace;
mod protocol;
mod sm;

pub use active_auth::AaError;
pub use chip_auth::CaError;
pub use eid::{EidError, PinError};
pub use pace::PaceError;
pub use protocol::ProtocolViolation;
pub use sm::SmError;

/// Result with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong while talking to a document.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The reader or the link to the card failed.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// Bytes that are not an APDU.
    #[error("malformed APDU: {0}")]
    Apdu(#[from] ApduError),
    /// A malformed TLV structure from the card or a file.
    #[error("malformed data: {0}")]
    Tlv(#[from] TlvError),
    /// Secure messaging failed; the session is over.
    #[error(transparent)]
    SecureMessaging(#[from] SmError),
    /// PACE failed on the terminal's side (bad data from the chip).
    #[error("PACE failed: {0}")]
    Pace(#[from] PaceError),
    /// Chip Authentication could not be run, or the chip refused it (`crate::chip_auth`).
    #[error("chip authentication failed: {0}")]
    ChipAuthentication(#[from] CaError),
    /// Active Authentication failed: the chip's signature does not verify, or cannot be
    /// checked (`crate::active_auth`).
    #[error("active authentication failed: {0}")]
    ActiveAuthentication(#[from] AaError),
    /// The eID application (PIN, certificates, signatures) failed ([`crate::eid`]).
    #[error(transparent)]
    Eid(#[from] EidError),
    /// The access key was refused by the card (wrong MRZ data or CAN).
    #[error("access denied: the card refused the key")]
    AccessDenied,
    /// No access key was given (neither MRZ data nor a CAN).
    #[error("no access key given")]
    NoAccessKey,
    /// Only a CAN was given, and the card offers no PACE this version can run.
    #[error("this card cannot be opened with the CAN (no usable PACE): give the MRZ data instead")]
    NoUsablePace,
    /// The card offers PACE, PACE did not succeed, and the policy refuses BAC.
    #[error("PACE is required and did not succeed: BAC refused")]
    PaceRequired,
    /// A PACE function was called with parameters of another mapping (a caller's mistake).
    #[error("PACE parameters of another mapping")]
    WrongMapping,
    /// A short file identifier outside 1..=30 (a caller's mistake).
    #[error("short file identifier {0:02X} out of range")]
    InvalidShortFileId(u8),
    /// The card answered a command with an unexpected status word.
    #[error("{command} failed: card answered {sw}")]
    Status {
        /// What was attempted.
        command: &'static str,
        /// What the card answered.
        sw: StatusWord,
    },
    /// The card's answer does not follow the protocol (wrong sizes, wrong
    /// cryptogram): the card is faulty or not genuine.
    #[error("protocol violation: {0}")]
    Protocol(#[from] ProtocolViolation),
    /// A file from the card or a dump is malformed.
    #[error("malformed {file}: {reason}")]
    Malformed {
        /// The file (e.g. "EF.COM", "DG1").
        file: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The system's random number generator failed.
    #[error("the system random number generator failed")]
    Random,
    /// A file is larger than this crate accepts.
    #[error("{0} is larger than the 16 MiB this reader accepts")]
    FileTooLarge(String),
}

impl Error {
    /// Shorthand for [`Error::Malformed`].
    pub fn malformed(file: impl Into<String>, reason: impl std::fmt::Display) -> Self {
        Error::Malformed {
            file: file.into(),
            reason: reason.to_string(),
        }
    }
}

/// What kind of failure an [`Error`] is: the stable classification that the command
/// line's exit codes and the bindings' exception types follow. Unlike [`Error`] it does
/// not grow silently: a new kind is a breaking change, so callers can match it
/// exhaustively.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The input given (MRZ, CAN, PIN format, arguments) is unusable.
    InvalidInput,
    /// No reader, or the PC/SC service is not running.
    NoReader,
    /// No card on the reader.
    NoCard,
    /// The card refused the access key (MRZ data or CAN).
    AccessDenied,
    /// The card was removed or stopped answering.
    CardLost,
    /// The card sent invalid data or broke a protocol: nothing it sent is trusted.
    CardError,
    /// The chip failed Chip or Active Authentication: it does not hold the key its
    /// signed data names (a cloned or faulty chip).
    ChipNotGenuine,
    /// The card refused the PIN (or PUK); tries are left.
    WrongPin,
    /// The PIN (or PUK) is blocked.
    PinBlocked,
    /// The last PIN (or PUK) try was not spent without an explicit `force`.
    LastTryRefused,
    /// Something this version or this card does not do.
    Unsupported,
    /// The system failed (random number generator).
    Internal,
}

impl Error {
    /// The kind of this failure.
    pub fn kind(&self) -> ErrorKind {
        use TransportError as T;
        match self {
            Error::Transport(T::ServiceUnavailable | T::NoReader | T::ReaderNotFound(_)) => {
                ErrorKind::NoReader
            }
            Error::Transport(T::NoCard) => ErrorKind::NoCard,
            Error::Transport(_) => ErrorKind::CardLost,
            Error::AccessDenied => ErrorKind::AccessDenied,
            Error::NoAccessKey | Error::NoUsablePace => ErrorKind::InvalidInput,
            Error::WrongMapping | Error::InvalidShortFileId(_) => ErrorKind::Unsupported,
            Error::Random => ErrorKind::Internal,
            Error::Apdu(_)
            | Error::Tlv(_)
            | Error::SecureMessaging(_)
            | Error::Pace(_)
            | Error::Status { .. }
            | Error::PaceRequired
            | Error::Protocol(_)
            | Error::Malformed { .. }
            | Error::FileTooLarge(_) => ErrorKind::CardError,
            Error::ChipAuthentication(e) => e.kind(),
            Error::ActiveAuthentication(_) => ErrorKind::ChipNotGenuine,
            Error::Eid(e) => e.kind(),
        }
    }
}

impl CaError {
    /// The kind of this failure: a chip that does not hold its key is not genuine; a
    /// chip that cannot run the protocol sent invalid data.
    pub fn kind(&self) -> ErrorKind {
        match self {
            CaError::CamMismatch | CaError::CardSecurity | CaError::PaceInfoMismatch => {
                ErrorKind::ChipNotGenuine
            }
            CaError::Random => ErrorKind::Internal,
            CaError::UnsupportedKey(_) => ErrorKind::Unsupported,
            CaError::NoPublicKey
            | CaError::NoMatchingKey { .. }
            | CaError::MalformedKey(_)
            | CaError::KeyAgreement(_)
            | CaError::NoSecureMessaging
            | CaError::Refused { .. }
            | CaError::MalformedAnswer => ErrorKind::CardError,
        }
    }
}

impl EidError {
    /// The kind of this failure.
    pub fn kind(&self) -> ErrorKind {
        match self {
            EidError::Pin(_) | EidError::SecureMessagingRequired => ErrorKind::InvalidInput,
            EidError::WrongPin { tries_left: 0 } | EidError::Blocked => ErrorKind::PinBlocked,
            EidError::WrongPin { .. } => ErrorKind::WrongPin,
            EidError::LastTryRefused | EidError::CounterUnknown { .. } => ErrorKind::LastTryRefused,
            EidError::Unsupported(_) => ErrorKind::Unsupported,
            EidError::NoEidApplication { .. }
            | EidError::Status { .. }
            | EidError::Certificate(_)
            | EidError::MalformedSignature
            | EidError::InvalidSignature => ErrorKind::CardError,
        }
    }
}
