//! The crate's error type.

use crate::iso7816::{ApduError, StatusWord, TransportError};
use crate::tlv::TlvError;

mod active_auth;
mod chip_auth;
mod pace;
mod sm;

pub use active_auth::AaError;
pub use chip_auth::CaError;
pub use pace::PaceError;
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
    /// Chip Authentication could not be run, or the chip refused it ([`crate::chip_auth`]).
    #[error("chip authentication failed: {0}")]
    ChipAuthentication(#[from] CaError),
    /// Active Authentication failed: the chip's signature does not verify, or cannot be
    /// checked ([`crate::active_auth`]).
    #[error("active authentication failed: {0}")]
    ActiveAuthentication(#[from] AaError),
    /// The access key was refused by the card (wrong MRZ data or CAN).
    #[error("access denied: the card refused the key")]
    AccessDenied,
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
    Protocol(&'static str),
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
    /// Something this version does not do.
    #[error("{0}")]
    Unsupported(&'static str),
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
