//! PACE: its mappings, protocols (`id-PACE-*`), `PACEInfo` and
//! `PACEDomainParameterInfo`.

#[cfg(any(test, feature = "chip"))]
use crate::asn1::ber::tag;
use crate::crypto::kdf::KdfAlgorithm;
#[cfg(any(test, feature = "chip"))]
use crate::tlv;

use super::cipher::CipherSuite;
#[cfg(any(test, feature = "chip"))]
use super::der::{der_uint, sequence};
use super::domain::StandardDomain;
use super::oid::{ARC_PACE, BSI_SMARTCARD, oid_under};

/// The PACE mapping (the fifth arc of `id-PACE`, 0.4.0.127.0.7.2.2.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaceMapping {
    /// Diffie–Hellman, generic mapping (1).
    DhGm,
    /// Elliptic-curve Diffie–Hellman, generic mapping (2).
    EcdhGm,
    /// Diffie–Hellman, integrated mapping (3).
    DhIm,
    /// Elliptic-curve Diffie–Hellman, integrated mapping (4).
    EcdhIm,
    /// Elliptic-curve Diffie–Hellman, chip authentication mapping (6).
    EcdhCam,
}

impl PaceMapping {
    #[cfg(any(test, feature = "chip"))]
    /// Every mapping.
    pub const ALL: [PaceMapping; 5] = [
        PaceMapping::DhGm,
        PaceMapping::EcdhGm,
        PaceMapping::DhIm,
        PaceMapping::EcdhIm,
        PaceMapping::EcdhCam,
    ];

    /// The OID arc (1, 2, 3, 4 or 6).
    pub const fn arc(self) -> u8 {
        match self {
            PaceMapping::DhGm => 1,
            PaceMapping::EcdhGm => 2,
            PaceMapping::DhIm => 3,
            PaceMapping::EcdhIm => 4,
            PaceMapping::EcdhCam => 6,
        }
    }

    /// The mapping of an OID arc.
    pub const fn from_arc(arc: u8) -> Option<PaceMapping> {
        match arc {
            1 => Some(PaceMapping::DhGm),
            2 => Some(PaceMapping::EcdhGm),
            3 => Some(PaceMapping::DhIm),
            4 => Some(PaceMapping::EcdhIm),
            6 => Some(PaceMapping::EcdhCam),
            _ => None,
        }
    }

    #[cfg(any(test, feature = "chip"))]
    /// Whether the mapping works on an elliptic curve (else a MODP group).
    pub const fn is_ecdh(self) -> bool {
        !matches!(self, PaceMapping::DhGm | PaceMapping::DhIm)
    }

    /// The short name, e.g. `"ECDH-GM"`.
    pub const fn name(self) -> &'static str {
        match self {
            PaceMapping::DhGm => "DH-GM",
            PaceMapping::EcdhGm => "ECDH-GM",
            PaceMapping::DhIm => "DH-IM",
            PaceMapping::EcdhIm => "ECDH-IM",
            PaceMapping::EcdhCam => "ECDH-CAM",
        }
    }
}

/// A PACE protocol: `id-PACE-{mapping}-{cipher}`, 0.4.0.127.0.7.2.2.4.{mapping}.{cipher}.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PaceProtocol {
    mapping: PaceMapping,
    cipher: CipherSuite,
}

impl PaceProtocol {
    #[cfg(any(test, feature = "chip"))]
    /// The protocol of a mapping and a cipher suite.
    pub const fn new(mapping: PaceMapping, cipher: CipherSuite) -> Self {
        PaceProtocol { mapping, cipher }
    }

    /// The protocol named by an OID's DER content octets, if it is a PACE one.
    pub fn from_oid(oid: &[u8]) -> Option<PaceProtocol> {
        match oid.strip_prefix(&BSI_SMARTCARD)? {
            [ARC_PACE, mapping, cipher] => Some(PaceProtocol {
                mapping: PaceMapping::from_arc(*mapping)?,
                cipher: CipherSuite::from_arc(*cipher)?,
            }),
            _ => None,
        }
    }

    /// The OID's DER content octets (without tag and length).
    pub fn oid(&self) -> Vec<u8> {
        oid_under(&[ARC_PACE, self.mapping.arc(), self.cipher.arc()])
    }

    #[cfg(any(test, feature = "chip"))]
    /// The dotted OID, e.g. `"0.4.0.127.0.7.2.2.4.2.2"`.
    pub fn dotted(&self) -> String {
        format!(
            "0.4.0.127.0.7.2.2.4.{}.{}",
            self.mapping.arc(),
            self.cipher.arc()
        )
    }

    /// The mapping.
    pub const fn mapping(&self) -> PaceMapping {
        self.mapping
    }

    #[cfg(any(test, feature = "chip"))]
    /// The secure-messaging cipher suite.
    pub const fn cipher(&self) -> CipherSuite {
        self.cipher
    }

    /// The key derivation for `K_pi` and the session keys.
    pub const fn kdf_algorithm(&self) -> KdfAlgorithm {
        self.cipher.kdf_algorithm()
    }
}

impl std::fmt::Display for PaceProtocol {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PACE-{}-{}", self.mapping.name(), self.cipher.name())
    }
}

/// `PACEInfo`: a PACE protocol the chip supports.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PaceInfo {
    /// The protocol (mapping and cipher suite).
    pub protocol: PaceProtocol,
    /// The PACE version (2 for ICAO 9303 / TR-03110 v2).
    pub version: u32,
    /// The domain parameters: a standardized id (see [`StandardDomain`]) or
    /// the id of a [`PaceDomainParameterInfo`]; absent when there is one
    /// set of proprietary parameters.
    pub parameter_id: Option<u32>,
}

impl PaceInfo {
    /// The standardized domain named by `parameter_id`, if it is one.
    pub fn standard_domain(&self) -> Option<StandardDomain> {
        self.parameter_id.and_then(StandardDomain::from_id)
    }

    #[cfg(any(test, feature = "chip"))]
    /// The DER `SEQUENCE` of this `PACEInfo`.
    pub fn to_der(&self) -> Vec<u8> {
        let mut body = tlv::encode(tag::OID, &self.protocol.oid());
        body.extend(der_uint(self.version));
        if let Some(id) = self.parameter_id {
            body.extend(der_uint(id));
        }
        sequence(&body)
    }
}

/// `PACEDomainParameterInfo`: proprietary PACE domain parameters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PaceDomainParameterInfo {
    /// The mapping they are for (`id-PACE-DH-GM`, `id-PACE-ECDH-GM`, ...).
    pub mapping: PaceMapping,
    /// The domain parameters: the DER `AlgorithmIdentifier`, unparsed.
    pub parameters: Vec<u8>,
    /// The id a [`PaceInfo`] refers to them by.
    pub parameter_id: Option<u32>,
}
