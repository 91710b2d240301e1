//! Secure messaging errors.

use crate::iso7816::StatusWord;

/// Why a secure-messaging exchange failed. Every error ends the session.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SmError {
    /// The MAC did not verify.
    #[error("secure messaging MAC check failed")]
    BadMac,
    /// A mandatory data object is missing or malformed.
    #[error("malformed secure messaging data: {0}")]
    Malformed(&'static str),
    /// Decrypted data was not padded as ISO/IEC 9797-1 method 2 requires.
    #[error("bad padding in secure messaging data")]
    BadPadding,
    /// The card answered (or the terminal sent) without secure messaging
    /// where it was required.
    #[error("the card answered without secure messaging")]
    Unprotected,
    /// The card said in plain that secure messaging failed on its side (`6987`: data
    /// objects missing, `6988`: data objects incorrect): it has dropped its session keys.
    #[error("the card ended secure messaging (it answered {0} in plain)")]
    CardEnded(StatusWord),
    /// The card answered a protected command with a plain status word other than
    /// `6987`/`6988`: under secure messaging that is a forgery (a relay), never a
    /// status to act on.
    #[error("the card answered {0} without secure messaging")]
    PlainAnswer(StatusWord),
    /// Secure messaging failed earlier on this channel: nothing more is sent until
    /// access control runs again.
    #[error("the secure channel is closed after an earlier failure: nothing was sent")]
    Closed,
    /// The command cannot be protected (too large, or an invalid Le).
    #[error("command too large for secure messaging")]
    TooLarge,
}
