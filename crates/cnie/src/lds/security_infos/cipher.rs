//! The secure-messaging cipher suites of PACE and Chip Authentication.

use crate::crypto::kdf::KdfAlgorithm;

/// The secure-messaging cipher suite of PACE and Chip Authentication (the
/// last arc of their protocol OIDs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CipherSuite {
    /// 3DES-CBC with the retail MAC (1).
    Des3CbcCbc,
    /// AES-128-CBC with CMAC (2).
    AesCbcCmac128,
    /// AES-192-CBC with CMAC (3).
    AesCbcCmac192,
    /// AES-256-CBC with CMAC (4).
    AesCbcCmac256,
}

impl CipherSuite {
    #[cfg(any(test, feature = "chip"))]
    /// Every suite.
    pub const ALL: [CipherSuite; 4] = [
        CipherSuite::Des3CbcCbc,
        CipherSuite::AesCbcCmac128,
        CipherSuite::AesCbcCmac192,
        CipherSuite::AesCbcCmac256,
    ];

    /// The OID arc (1 to 4).
    pub const fn arc(self) -> u8 {
        match self {
            CipherSuite::Des3CbcCbc => 1,
            CipherSuite::AesCbcCmac128 => 2,
            CipherSuite::AesCbcCmac192 => 3,
            CipherSuite::AesCbcCmac256 => 4,
        }
    }

    /// The suite of an OID arc.
    pub const fn from_arc(arc: u8) -> Option<CipherSuite> {
        match arc {
            1 => Some(CipherSuite::Des3CbcCbc),
            2 => Some(CipherSuite::AesCbcCmac128),
            3 => Some(CipherSuite::AesCbcCmac192),
            4 => Some(CipherSuite::AesCbcCmac256),
            _ => None,
        }
    }

    /// The key derivation the suite's keys use.
    pub const fn kdf_algorithm(self) -> KdfAlgorithm {
        match self {
            CipherSuite::Des3CbcCbc => KdfAlgorithm::Des3,
            CipherSuite::AesCbcCmac128 => KdfAlgorithm::Aes128,
            CipherSuite::AesCbcCmac192 => KdfAlgorithm::Aes192,
            CipherSuite::AesCbcCmac256 => KdfAlgorithm::Aes256,
        }
    }

    /// The short name, e.g. `"AES-CBC-CMAC-128"`.
    pub const fn name(self) -> &'static str {
        match self {
            CipherSuite::Des3CbcCbc => "3DES-CBC-CBC",
            CipherSuite::AesCbcCmac128 => "AES-CBC-CMAC-128",
            CipherSuite::AesCbcCmac192 => "AES-CBC-CMAC-192",
            CipherSuite::AesCbcCmac256 => "AES-CBC-CMAC-256",
        }
    }
}
