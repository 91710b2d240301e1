//! Cryptographic building blocks on RustCrypto crates: elliptic curves (named and
//! explicit), public keys and signature verification, and the ICAO key derivation.

pub mod curves;
pub mod ec;
pub mod kdf;
#[cfg(feature = "fast-rsa")]
mod rsa_fast;
mod rsa_key;
pub mod signature;

/// Why a signature could not be verified, or did not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignatureError {
    /// The signature does not match the message and key.
    #[error("signature does not verify")]
    Invalid,
    /// The algorithm is not one this crate verifies.
    #[error("unsupported algorithm: {0}")]
    UnsupportedAlgorithm(String),
    /// The key type is not one this crate verifies.
    #[error("unsupported key: {0}")]
    UnsupportedKey(String),
    /// The key's curve is not one this crate supports.
    #[error("unsupported elliptic curve: {0}")]
    UnsupportedCurve(String),
    /// The public key is malformed.
    #[error("malformed public key: {0}")]
    MalformedKey(String),
    /// The signature bytes are malformed.
    #[error("malformed signature: {0}")]
    MalformedSignature(String),
    /// The signature scheme does not fit the key (an RSA scheme with an EC key).
    #[error("signature algorithm {scheme} does not fit a {key} key")]
    KeyMismatch {
        /// The scheme.
        scheme: String,
        /// The key.
        key: String,
    },
}

/// Key agreement of Chip Authentication (`id-CA-DH`, `id-CA-ECDH`, `id-PK-*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyAgreement {
    /// Diffie–Hellman over a MODP group (arc 1).
    Dh,
    /// Elliptic-curve Diffie–Hellman (arc 2).
    Ecdh,
}

impl KeyAgreement {
    /// The OID arc (1 or 2).
    pub const fn arc(self) -> u8 {
        match self {
            KeyAgreement::Dh => 1,
            KeyAgreement::Ecdh => 2,
        }
    }

    /// The key agreement of an OID arc.
    pub const fn from_arc(arc: u8) -> Option<KeyAgreement> {
        match arc {
            1 => Some(KeyAgreement::Dh),
            2 => Some(KeyAgreement::Ecdh),
            _ => None,
        }
    }
}
