//! The infos of Chip, Terminal and Active Authentication.

use crate::crypto::KeyAgreement;

use super::cipher::CipherSuite;

/// `ChipAuthenticationInfo`: a Chip Authentication protocol the chip supports.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ChipAuthenticationInfo {
    /// DH or ECDH.
    pub key_agreement: KeyAgreement,
    /// The secure-messaging cipher suite after Chip Authentication.
    pub cipher: CipherSuite,
    /// The version (1, 2 or 3).
    pub version: u32,
    /// The key the protocol uses, when the chip has several.
    pub key_id: Option<u32>,
}

/// `ChipAuthenticationDomainParameterInfo`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ChipAuthenticationDomainParameterInfo {
    /// DH or ECDH.
    pub key_agreement: KeyAgreement,
    /// The domain parameters: the DER `AlgorithmIdentifier`, unparsed.
    pub parameters: Vec<u8>,
    /// The key they belong to.
    pub key_id: Option<u32>,
}

/// `ChipAuthenticationPublicKeyInfo`: a static Chip Authentication key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ChipAuthenticationPublicKeyInfo {
    /// `id-PK-DH` or `id-PK-ECDH`.
    pub key_agreement: KeyAgreement,
    /// The DER `SubjectPublicKeyInfo`, unparsed.
    pub public_key: Vec<u8>,
    /// The key's id, when the chip has several.
    pub key_id: Option<u32>,
}

/// `TerminalAuthenticationInfo`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TerminalAuthenticationInfo {
    /// The version (1 or 2).
    pub version: u32,
    /// Version 1's `efCVCA` (the DER `FileID`), unparsed.
    pub ef_cvca: Option<Vec<u8>>,
}

/// `ActiveAuthenticationInfo` (ICAO 9303-11 §9.2.7).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ActiveAuthenticationInfo {
    /// The version (1).
    pub version: u32,
    /// The dotted OID of the signature algorithm (ECDSA with a hash).
    pub signature_algorithm: String,
}
