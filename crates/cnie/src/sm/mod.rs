//! Secure messaging (ICAO 9303-11 §9.8, ISO/IEC 7816-4 §10).
//!
//! After access control every APDU is wrapped: the command data is encrypted
//! into DO'87' (DO'85' for an odd INS), Le goes into DO'97', and a MAC over
//! the send sequence counter and the header and data objects goes into
//! DO'8E'. Responses carry DO'87', the status word in DO'99' and a MAC in
//! DO'8E'; the MAC is checked in constant time before anything is decrypted.
//!
//! The data-object logic is written once ([`SmSession`]) over a cipher suite
//! ([`SmCipher`]); [`Des3Sm`] is the 3DES session that BAC establishes.

mod aes;
mod codec;
mod des3;
mod padding;
mod session;
mod suite;

pub use crate::error::SmError;
#[cfg(test)]
mod tests;

pub use aes::{AesCipher, AesSm};
pub use des3::{Des3Cipher, Des3Sm};
pub use session::SmSession;
pub use suite::SmCipher;

/// One side's view of an established secure-messaging session.
///
/// The terminal side protects commands and unprotects responses.
pub trait SecureMessaging: Send {
    /// Wraps a plain command (the SSC is incremented).
    fn protect(
        &mut self,
        command: &crate::iso7816::Command,
    ) -> Result<crate::iso7816::Command, SmError>;
    /// Checks the MAC of a protected response, then decrypts it (the SSC is incremented).
    fn unprotect(
        &mut self,
        response: &crate::iso7816::Response,
    ) -> Result<crate::iso7816::Response, SmError>;
}

#[cfg(any(test, feature = "chip"))]
/// The card's side of a secure-messaging session (used by software cards).
///
/// The card unprotects commands and protects responses. After an error the
/// card answers in plain (`6987`/`6988`) and drops the session.
pub trait CardSecureMessaging: Send {
    /// Checks the MAC of a protected command (constant time, before anything
    /// is decrypted), then decrypts it and restores Le from DO'97' (the SSC
    /// is incremented).
    fn unprotect_command(
        &mut self,
        protected: &crate::iso7816::Command,
    ) -> Result<crate::iso7816::Command, SmError>;
    /// Wraps a plain response into DO'87' (when it has data), DO'99' and
    /// DO'8E' (the SSC is incremented).
    fn protect_response(
        &mut self,
        response: &crate::iso7816::Response,
    ) -> Result<crate::iso7816::Response, SmError>;
}
