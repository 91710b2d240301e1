//! The cipher-suite abstraction: what a secure-messaging session needs from
//! its block cipher and MAC. The data-object logic in [`super::codec`] is
//! written once against this trait; 3DES ([`super::Des3Cipher`]) and AES
//! plug in underneath.

use super::SmError;

/// The primitives of one secure-messaging cipher suite (ICAO 9303-11 §9.8).
///
/// Implementations hold the session keys, zeroize them on drop and redact
/// them from `Debug`.
pub trait SmCipher: Send {
    /// A short name of the suite for diagnostics (e.g. `"3DES"`).
    const NAME: &'static str;
    /// The cipher block size in bytes: the unit of padding and the length of
    /// the send sequence counter.
    const BLOCK_SIZE: usize;
    /// The send sequence counter (a big-endian integer of `BLOCK_SIZE` bytes).
    type Ssc: AsRef<[u8]> + AsMut<[u8]> + Clone + Send;

    /// Encrypts `buf` in place. `buf` is already padded to a multiple of
    /// [`Self::BLOCK_SIZE`]; `ssc` is the current counter (AES derives its IV
    /// from it; 3DES uses a zero IV).
    fn encrypt(&self, ssc: &[u8], buf: &mut [u8]) -> Result<(), SmError>;

    /// Decrypts `buf` in place (padding is left for the caller to remove).
    /// A length that is not a multiple of the block size is an error.
    fn decrypt(&self, ssc: &[u8], buf: &mut [u8]) -> Result<(), SmError>;

    /// The 8-byte MAC of `padded` (already padded to a multiple of the block
    /// size; for AES, CMAC truncated to 8 bytes).
    fn mac(&self, padded: &[u8]) -> [u8; 8];
}
