//! Secure messaging (ICAO 9303-11 §9.8, ISO/IEC 7816-4 §10).
//!
//! After access control every APDU is wrapped: the command data is encrypted
//! into DO'87', Le goes into DO'97', and a MAC over the send sequence counter
//! and the header and data objects goes into DO'8E'. Responses carry DO'87',
//! the status word in DO'99' and a MAC in DO'8E'; the MAC is checked in
//! constant time before anything is decrypted.

/// Why a secure-messaging exchange failed. Every error ends the session.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SmError {
    /// The response's MAC did not verify.
    #[error("secure messaging MAC check failed")]
    BadMac,
    /// A mandatory data object is missing or malformed.
    #[error("malformed secure messaging response: {0}")]
    Malformed(&'static str),
    /// Decrypted data was not padded as ISO/IEC 9797-1 method 2 requires.
    #[error("bad padding in secure messaging data")]
    BadPadding,
    /// The card answered without secure messaging where it was required.
    #[error("the card answered without secure messaging")]
    Unprotected,
    /// The command cannot be protected (too large).
    #[error("command too large for secure messaging")]
    TooLarge,
}

/// One side's view of an established secure-messaging session.
///
/// The terminal side protects commands and unprotects responses.
pub trait SecureMessaging: Send {
    /// Wraps a plain command (the SSC is incremented).
    fn protect(&mut self, command: &crate::iso7816::Command) -> Result<crate::iso7816::Command, SmError>;
    /// Checks the MAC of a protected response, then decrypts it (the SSC is incremented).
    fn unprotect(&mut self, response: &crate::iso7816::Response) -> Result<crate::iso7816::Response, SmError>;
}
