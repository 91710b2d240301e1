//! `SecurityInfos` (ICAO 9303-11 §9.2, BSI TR-03110-3 §A.1): the DER
//! `SET OF SecurityInfo` that EF.CardAccess, EF.CardSecurity's signed content
//! and DG14 carry, announcing PACE, Chip, Terminal and Active Authentication.
//!
//! ```text
//! SecurityInfo ::= SEQUENCE {
//!     protocol     OBJECT IDENTIFIER,
//!     requiredData ANY DEFINED BY protocol,
//!     optionalData ANY DEFINED BY protocol OPTIONAL }
//! ```
//!
//! Entries with a protocol this module does not know are kept as
//! [`SecurityInfo::Unknown`] (never an error); an entry with a known protocol
//! but malformed data is an error. Encoders write DER, so a software card can
//! publish a matching EF.CardAccess.

#[cfg(any(test, feature = "chip"))]
use crate::asn1::ber::tag;
use crate::asn1::ber::{self, Node};
pub use crate::crypto::KeyAgreement;
use crate::crypto::ec::Curve;
use crate::crypto::kdf::KdfAlgorithm;
#[cfg(any(test, feature = "chip"))]
use crate::tlv;

/// `bsi-de protocols smartcard` (0.4.0.127.0.7.2.2), DER content octets.
const BSI_SMARTCARD: [u8; 7] = [0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02];
/// Arc of `id-PK` (Chip Authentication public keys) under [`BSI_SMARTCARD`].
const ARC_PK: u8 = 1;
/// Arc of `id-TA` under [`BSI_SMARTCARD`].
const ARC_TA: u8 = 2;
/// Arc of `id-CA` under [`BSI_SMARTCARD`].
const ARC_CA: u8 = 3;
/// Arc of `id-PACE` under [`BSI_SMARTCARD`].
const ARC_PACE: u8 = 4;
/// `id-AA` (2.23.136.1.1.5, ICAO 9303-11 §9.2.7), DER content octets.
const ID_AA: [u8; 6] = [0x67, 0x81, 0x08, 0x01, 0x01, 0x05];

/// Why a `SecurityInfo` could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SecurityInfoError(pub String);

impl From<ber::DecodeError> for SecurityInfoError {
    fn from(e: ber::DecodeError) -> Self {
        SecurityInfoError(e.to_string())
    }
}

type Result<T> = std::result::Result<T, SecurityInfoError>;

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

/// The standardized domain parameters of PACE and Chip Authentication
/// (BSI TR-03110-3 Table 4; ICAO 9303-11 §9.5.1), by parameter id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StandardDomain {
    /// 0: 1024-bit MODP group with a 160-bit prime-order subgroup (RFC 5114 §2.1).
    Modp1024_160,
    /// 1: 2048-bit MODP group with a 224-bit prime-order subgroup (RFC 5114 §2.2).
    Modp2048_224,
    /// 2: 2048-bit MODP group with a 256-bit prime-order subgroup (RFC 5114 §2.3).
    Modp2048_256,
    /// 8: NIST P-192 (secp192r1).
    P192,
    /// 9: brainpoolP192r1.
    BrainpoolP192r1,
    /// 10: NIST P-224 (secp224r1).
    P224,
    /// 11: brainpoolP224r1.
    BrainpoolP224r1,
    /// 12: NIST P-256 (secp256r1).
    P256,
    /// 13: brainpoolP256r1.
    BrainpoolP256r1,
    /// 14: brainpoolP320r1.
    BrainpoolP320r1,
    /// 15: NIST P-384 (secp384r1).
    P384,
    /// 16: brainpoolP384r1.
    BrainpoolP384r1,
    /// 17: brainpoolP512r1.
    BrainpoolP512r1,
    /// 18: NIST P-521 (secp521r1).
    P521,
}

impl StandardDomain {
    #[cfg(any(test, feature = "chip"))]
    /// Every standardized domain.
    pub const ALL: [StandardDomain; 14] = [
        StandardDomain::Modp1024_160,
        StandardDomain::Modp2048_224,
        StandardDomain::Modp2048_256,
        StandardDomain::P192,
        StandardDomain::BrainpoolP192r1,
        StandardDomain::P224,
        StandardDomain::BrainpoolP224r1,
        StandardDomain::P256,
        StandardDomain::BrainpoolP256r1,
        StandardDomain::BrainpoolP320r1,
        StandardDomain::P384,
        StandardDomain::BrainpoolP384r1,
        StandardDomain::BrainpoolP512r1,
        StandardDomain::P521,
    ];

    /// The domain of a standardized parameter id (0–2, 8–18); other ids
    /// are reserved or proprietary.
    pub const fn from_id(id: u32) -> Option<StandardDomain> {
        Some(match id {
            0 => StandardDomain::Modp1024_160,
            1 => StandardDomain::Modp2048_224,
            2 => StandardDomain::Modp2048_256,
            8 => StandardDomain::P192,
            9 => StandardDomain::BrainpoolP192r1,
            10 => StandardDomain::P224,
            11 => StandardDomain::BrainpoolP224r1,
            12 => StandardDomain::P256,
            13 => StandardDomain::BrainpoolP256r1,
            14 => StandardDomain::BrainpoolP320r1,
            15 => StandardDomain::P384,
            16 => StandardDomain::BrainpoolP384r1,
            17 => StandardDomain::BrainpoolP512r1,
            18 => StandardDomain::P521,
            _ => return None,
        })
    }

    #[cfg(any(test, feature = "chip"))]
    /// The standardized parameter id.
    pub const fn id(self) -> u32 {
        match self {
            StandardDomain::Modp1024_160 => 0,
            StandardDomain::Modp2048_224 => 1,
            StandardDomain::Modp2048_256 => 2,
            StandardDomain::P192 => 8,
            StandardDomain::BrainpoolP192r1 => 9,
            StandardDomain::P224 => 10,
            StandardDomain::BrainpoolP224r1 => 11,
            StandardDomain::P256 => 12,
            StandardDomain::BrainpoolP256r1 => 13,
            StandardDomain::BrainpoolP320r1 => 14,
            StandardDomain::P384 => 15,
            StandardDomain::BrainpoolP384r1 => 16,
            StandardDomain::BrainpoolP512r1 => 17,
            StandardDomain::P521 => 18,
        }
    }

    /// The group's name, e.g. `"brainpoolP256r1"` or `"MODP-1024-160"`.
    pub const fn name(self) -> &'static str {
        match self {
            StandardDomain::Modp1024_160 => "MODP-1024-160",
            StandardDomain::Modp2048_224 => "MODP-2048-224",
            StandardDomain::Modp2048_256 => "MODP-2048-256",
            StandardDomain::P192 => "P-192",
            StandardDomain::BrainpoolP192r1 => "brainpoolP192r1",
            StandardDomain::P224 => "P-224",
            StandardDomain::BrainpoolP224r1 => "brainpoolP224r1",
            StandardDomain::P256 => "P-256",
            StandardDomain::BrainpoolP256r1 => "brainpoolP256r1",
            StandardDomain::BrainpoolP320r1 => "brainpoolP320r1",
            StandardDomain::P384 => "P-384",
            StandardDomain::BrainpoolP384r1 => "brainpoolP384r1",
            StandardDomain::BrainpoolP512r1 => "brainpoolP512r1",
            StandardDomain::P521 => "P-521",
        }
    }

    #[cfg(any(test, feature = "chip"))]
    /// Whether this is an elliptic curve (else a MODP group).
    pub const fn is_ecdh(self) -> bool {
        !matches!(
            self,
            StandardDomain::Modp1024_160
                | StandardDomain::Modp2048_224
                | StandardDomain::Modp2048_256
        )
    }

    /// The curve, when [`crate::crypto::ec`] has its arithmetic (not for the
    /// MODP groups, P-192 or brainpoolP192r1).
    pub const fn curve(self) -> Option<Curve> {
        Some(match self {
            StandardDomain::P224 => Curve::P224,
            StandardDomain::BrainpoolP224r1 => Curve::BrainpoolP224r1,
            StandardDomain::P256 => Curve::P256,
            StandardDomain::BrainpoolP256r1 => Curve::BrainpoolP256r1,
            StandardDomain::BrainpoolP320r1 => Curve::BrainpoolP320r1,
            StandardDomain::P384 => Curve::P384,
            StandardDomain::BrainpoolP384r1 => Curve::BrainpoolP384r1,
            StandardDomain::BrainpoolP512r1 => Curve::BrainpoolP512r1,
            StandardDomain::P521 => Curve::P521,
            _ => return None,
        })
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

/// One `SecurityInfo`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SecurityInfo {
    /// `PACEInfo`.
    Pace(PaceInfo),
    /// `PACEDomainParameterInfo`.
    PaceDomainParameters(PaceDomainParameterInfo),
    /// `ChipAuthenticationInfo`.
    ChipAuthentication(ChipAuthenticationInfo),
    /// `ChipAuthenticationDomainParameterInfo`.
    ChipAuthenticationDomainParameters(ChipAuthenticationDomainParameterInfo),
    /// `ChipAuthenticationPublicKeyInfo`.
    ChipAuthenticationPublicKey(ChipAuthenticationPublicKeyInfo),
    /// `TerminalAuthenticationInfo`.
    TerminalAuthentication(TerminalAuthenticationInfo),
    /// `ActiveAuthenticationInfo`.
    ActiveAuthentication(ActiveAuthenticationInfo),
    /// Any other protocol (e.g. CardInfo, PrivilegedTerminalInfo, Restricted
    /// Identification, EFDIR): kept whole.
    Unknown {
        /// The dotted protocol OID.
        oid: String,
        /// The whole DER `SecurityInfo`.
        raw: Vec<u8>,
    },
}

impl SecurityInfo {
    #[cfg(any(test, feature = "chip"))]
    /// Decodes one `SecurityInfo` (the whole `SEQUENCE`).
    pub fn parse(der: &[u8]) -> Result<SecurityInfo> {
        let node = ber::read_exact(der, "SecurityInfo")?.sequence("SecurityInfo")?;
        Self::from_node(&node)
    }

    fn from_node(node: &Node<'_>) -> Result<SecurityInfo> {
        let mut fields = node.children();
        let first = fields.expect_next("SecurityInfo protocol")?;
        let dotted = first.oid("SecurityInfo protocol")?;
        let Some(kind) = Kind::of(first.content) else {
            // Unknown protocols are kept whole, whatever their data.
            return Ok(SecurityInfo::Unknown {
                oid: dotted,
                raw: node.raw.to_vec(),
            });
        };
        let required = fields.next().transpose()?;
        let optional = fields.next().transpose()?;
        if !fields.is_empty() {
            return Err(SecurityInfoError(format!(
                "SecurityInfo {dotted}: more than three fields"
            )));
        }
        let required = required
            .ok_or_else(|| SecurityInfoError(format!("SecurityInfo {dotted}: no required data")))?;
        let opt_uint = |what: &str| optional.as_ref().map(|n| uint(n, what)).transpose();
        Ok(match kind {
            Kind::Pace(protocol) => SecurityInfo::Pace(PaceInfo {
                protocol,
                version: uint(&required, "PACE version")?,
                parameter_id: opt_uint("PACE parameterId")?,
            }),
            Kind::PaceDomain(mapping) => {
                SecurityInfo::PaceDomainParameters(PaceDomainParameterInfo {
                    mapping,
                    parameters: sequence_raw(&required, "PACE domain parameters")?,
                    parameter_id: opt_uint("PACE parameterId")?,
                })
            }
            Kind::Ca(key_agreement, cipher) => {
                SecurityInfo::ChipAuthentication(ChipAuthenticationInfo {
                    key_agreement,
                    cipher,
                    version: uint(&required, "CA version")?,
                    key_id: opt_uint("CA keyId")?,
                })
            }
            Kind::CaDomain(key_agreement) => SecurityInfo::ChipAuthenticationDomainParameters(
                ChipAuthenticationDomainParameterInfo {
                    key_agreement,
                    parameters: sequence_raw(&required, "CA domain parameters")?,
                    key_id: opt_uint("CA keyId")?,
                },
            ),
            Kind::Pk(key_agreement) => {
                SecurityInfo::ChipAuthenticationPublicKey(ChipAuthenticationPublicKeyInfo {
                    key_agreement,
                    public_key: sequence_raw(&required, "CA public key")?,
                    key_id: opt_uint("CA keyId")?,
                })
            }
            Kind::Ta => SecurityInfo::TerminalAuthentication(TerminalAuthenticationInfo {
                version: uint(&required, "TA version")?,
                ef_cvca: optional.map(|n| n.raw.to_vec()),
            }),
            Kind::Aa => {
                let alg = optional.ok_or_else(|| {
                    SecurityInfoError("ActiveAuthenticationInfo: no signature algorithm".into())
                })?;
                SecurityInfo::ActiveAuthentication(ActiveAuthenticationInfo {
                    version: uint(&required, "AA version")?,
                    signature_algorithm: alg.oid("AA signature algorithm")?,
                })
            }
        })
    }

    /// The dotted protocol OID.
    pub fn oid(&self) -> String {
        match self {
            SecurityInfo::Unknown { oid, .. } => oid.clone(),
            other => ber::oid_to_string(&other.oid_bytes()).unwrap_or_default(),
        }
    }

    /// The protocol OID's DER content octets (empty for [`SecurityInfo::Unknown`]).
    fn oid_bytes(&self) -> Vec<u8> {
        match self {
            SecurityInfo::Pace(p) => p.protocol.oid(),
            SecurityInfo::PaceDomainParameters(p) => oid_under(&[ARC_PACE, p.mapping.arc()]),
            SecurityInfo::ChipAuthentication(c) => {
                oid_under(&[ARC_CA, c.key_agreement.arc(), c.cipher.arc()])
            }
            SecurityInfo::ChipAuthenticationDomainParameters(c) => {
                oid_under(&[ARC_CA, c.key_agreement.arc()])
            }
            SecurityInfo::ChipAuthenticationPublicKey(c) => {
                oid_under(&[ARC_PK, c.key_agreement.arc()])
            }
            SecurityInfo::TerminalAuthentication(_) => oid_under(&[ARC_TA]),
            SecurityInfo::ActiveAuthentication(_) => ID_AA.to_vec(),
            SecurityInfo::Unknown { .. } => Vec::new(),
        }
    }

    #[cfg(any(test, feature = "chip"))]
    /// The DER `SEQUENCE` of this `SecurityInfo` ([`SecurityInfo::Unknown`]
    /// gives back its raw bytes; an unencodable AA algorithm OID is left out).
    pub fn to_der(&self) -> Vec<u8> {
        let oid = || tlv::encode(tag::OID, &self.oid_bytes());
        let with = |parts: &[&[u8]]| {
            let mut body = oid();
            for part in parts {
                body.extend_from_slice(part);
            }
            sequence(&body)
        };
        let opt = |v: Option<u32>| v.map(der_uint).unwrap_or_default();
        match self {
            SecurityInfo::Pace(p) => p.to_der(),
            SecurityInfo::PaceDomainParameters(p) => with(&[&p.parameters, &opt(p.parameter_id)]),
            SecurityInfo::ChipAuthentication(c) => with(&[&der_uint(c.version), &opt(c.key_id)]),
            SecurityInfo::ChipAuthenticationDomainParameters(c) => {
                with(&[&c.parameters, &opt(c.key_id)])
            }
            SecurityInfo::ChipAuthenticationPublicKey(c) => with(&[&c.public_key, &opt(c.key_id)]),
            SecurityInfo::TerminalAuthentication(t) => with(&[
                &der_uint(t.version),
                t.ef_cvca.as_deref().unwrap_or_default(),
            ]),
            SecurityInfo::ActiveAuthentication(a) => with(&[
                &der_uint(a.version),
                &dotted_to_der(&a.signature_algorithm).unwrap_or_default(),
            ]),
            SecurityInfo::Unknown { raw, .. } => raw.clone(),
        }
    }
}

/// The protocols this module decodes, told apart by their OID.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Pace(PaceProtocol),
    PaceDomain(PaceMapping),
    Ca(KeyAgreement, CipherSuite),
    CaDomain(KeyAgreement),
    Pk(KeyAgreement),
    Ta,
    Aa,
}

impl Kind {
    /// The kind of a protocol OID (DER content octets), if known.
    fn of(oid: &[u8]) -> Option<Kind> {
        if oid == ID_AA {
            return Some(Kind::Aa);
        }
        Some(match *oid.strip_prefix(&BSI_SMARTCARD)? {
            [ARC_PACE, _, _] => Kind::Pace(PaceProtocol::from_oid(oid)?),
            [ARC_PACE, mapping] => Kind::PaceDomain(PaceMapping::from_arc(mapping)?),
            [ARC_CA, ka, cipher] => {
                Kind::Ca(KeyAgreement::from_arc(ka)?, CipherSuite::from_arc(cipher)?)
            }
            [ARC_CA, ka] => Kind::CaDomain(KeyAgreement::from_arc(ka)?),
            [ARC_PK, ka] => Kind::Pk(KeyAgreement::from_arc(ka)?),
            [ARC_TA] => Kind::Ta,
            _ => return None,
        })
    }
}

/// Decodes a `SET OF SecurityInfo` (the whole DER `SET`, nothing after it).
pub fn parse_set(der: &[u8]) -> Result<Vec<SecurityInfo>> {
    let set = ber::read_exact(der, "SecurityInfos")?.set("SecurityInfos")?;
    set.children()
        .map(|child| {
            let node = child?.sequence("SecurityInfo")?;
            SecurityInfo::from_node(&node)
        })
        .collect()
}

#[cfg(any(test, feature = "chip"))]
/// Encodes a `SET OF SecurityInfo`, the elements in the order given (chips
/// keep their own order, which is not always DER's sorted one, so parsing
/// and re-encoding a file gives its bytes back).
pub fn encode_set(infos: &[SecurityInfo]) -> Vec<u8> {
    let items: Vec<Vec<u8>> = infos.iter().map(SecurityInfo::to_der).collect();
    tlv::encode(0x31, &items.concat())
}

/// A small non-negative INTEGER as `u32`.
fn uint(node: &Node<'_>, what: &str) -> Result<u32> {
    let v = node.small_uint(what)?;
    u32::try_from(v).map_err(|_| SecurityInfoError(format!("{what}: INTEGER too large")))
}

/// The raw DER of a field that must be a SEQUENCE (AlgorithmIdentifier,
/// SubjectPublicKeyInfo).
fn sequence_raw(node: &Node<'_>, what: &str) -> Result<Vec<u8>> {
    Ok(node.sequence(what)?.raw.to_vec())
}

/// The DER content octets of the OID 0.4.0.127.0.7.2.2 followed by `arcs`
/// (each below 128, so one byte each).
fn oid_under(arcs: &[u8]) -> Vec<u8> {
    let mut out = BSI_SMARTCARD.to_vec();
    out.extend_from_slice(arcs);
    out
}

#[cfg(any(test, feature = "chip"))]
/// A DER OBJECT IDENTIFIER (tag, length, content) from its dotted form.
fn dotted_to_der(dotted: &str) -> Option<Vec<u8>> {
    let arcs: Vec<u64> = dotted
        .split('.')
        .map(|a| a.parse::<u64>().ok())
        .collect::<Option<_>>()?;
    let (first, rest) = match arcs.as_slice() {
        [a, b, rest @ ..] if *a <= 2 && (*a == 2 || *b < 40) => {
            (a.checked_mul(40)?.checked_add(*b)?, rest)
        }
        _ => return None,
    };
    let mut content = Vec::new();
    for arc in std::iter::once(first).chain(rest.iter().copied()) {
        let mut groups = vec![(arc & 0x7F) as u8]; // ok: masked to 7 bits
        let mut v = arc >> 7;
        while v > 0 {
            groups.push((v & 0x7F) as u8 | 0x80); // ok: masked to 7 bits
            v >>= 7;
        }
        content.extend(groups.iter().rev());
    }
    Some(tlv::encode(tag::OID, &content))
}

#[cfg(any(test, feature = "chip"))]
/// A DER INTEGER of a non-negative value (minimal, with a leading zero when
/// the high bit is set).
fn der_uint(v: u32) -> Vec<u8> {
    let bytes = v.to_be_bytes();
    let skip = bytes.iter().take_while(|b| **b == 0).count().min(3);
    let mut content = Vec::with_capacity(5);
    let significant = bytes.get(skip..).unwrap_or(&[0]);
    if significant.first().is_some_and(|b| b & 0x80 != 0) {
        content.push(0);
    }
    content.extend_from_slice(significant);
    tlv::encode(tag::INTEGER, &content)
}

#[cfg(any(test, feature = "chip"))]
/// A DER SEQUENCE around `body`.
fn sequence(body: &[u8]) -> Vec<u8> {
    tlv::encode(0x30, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hx(s: &str) -> Vec<u8> {
        hex::decode(s).unwrap()
    }

    #[test]
    fn every_mapping_cipher_and_domain_round_trips() {
        let mut n = 0;
        for mapping in PaceMapping::ALL {
            for cipher in CipherSuite::ALL {
                let protocol = PaceProtocol::new(mapping, cipher);
                assert_eq!(PaceProtocol::from_oid(&protocol.oid()), Some(protocol));
                assert_eq!(
                    ber::oid_to_string(&protocol.oid()).unwrap(),
                    protocol.dotted()
                );
                assert_eq!(protocol.kdf_algorithm(), cipher.kdf_algorithm());
                let ids = StandardDomain::ALL.map(|d| Some(d.id()));
                for parameter_id in ids.into_iter().chain([None, Some(32), Some(0x8000_0000)]) {
                    let info = PaceInfo {
                        protocol,
                        version: 2,
                        parameter_id,
                    };
                    let der = info.to_der();
                    let back = SecurityInfo::parse(&der).unwrap();
                    assert_eq!(back, SecurityInfo::Pace(info.clone()));
                    assert_eq!(back.to_der(), der);
                    assert_eq!(back.oid(), protocol.dotted());
                    let set = encode_set(&[back.clone(), back.clone()]);
                    assert_eq!(parse_set(&set).unwrap(), [back.clone(), back]);
                    n += 1;
                }
            }
        }
        assert_eq!(n, 5 * 4 * 17);
    }

    #[test]
    fn the_example_oids() {
        // ICAO 9303-11 G.1, G.2, H.1, H.2, I (oid_der_value in the JSON files).
        for (der, mapping, dotted) in [
            (
                "04007F00070202040202",
                PaceMapping::EcdhGm,
                "0.4.0.127.0.7.2.2.4.2.2",
            ),
            (
                "04007F00070202040102",
                PaceMapping::DhGm,
                "0.4.0.127.0.7.2.2.4.1.2",
            ),
            (
                "04007F00070202040402",
                PaceMapping::EcdhIm,
                "0.4.0.127.0.7.2.2.4.4.2",
            ),
            (
                "04007F00070202040302",
                PaceMapping::DhIm,
                "0.4.0.127.0.7.2.2.4.3.2",
            ),
            (
                "04007F00070202040602",
                PaceMapping::EcdhCam,
                "0.4.0.127.0.7.2.2.4.6.2",
            ),
        ] {
            let p = PaceProtocol::from_oid(&hx(der)).unwrap();
            assert_eq!(p.mapping(), mapping);
            assert_eq!(p.cipher(), CipherSuite::AesCbcCmac128);
            assert_eq!(p.kdf_algorithm(), KdfAlgorithm::Aes128);
            assert_eq!(p.dotted(), dotted);
        }
        let p = PaceProtocol::from_oid(&hx("04007F00070202040204")).unwrap();
        assert_eq!(p.kdf_algorithm(), KdfAlgorithm::Aes256);
        assert_eq!(p.to_string(), "PACE-ECDH-GM-AES-CBC-CMAC-256");
        // Not PACE: mapping 5, cipher 5, too short, too long, another arc.
        for der in [
            "04007F00070202040502",
            "04007F00070202040205",
            "04007F000702020402",
            "04007F0007020204020201",
            "04007F00070202030202",
        ] {
            assert_eq!(PaceProtocol::from_oid(&hx(der)), None, "{der}");
        }
    }

    #[test]
    fn standard_domains() {
        let ids: Vec<u32> = StandardDomain::ALL.iter().map(|d| d.id()).collect();
        assert_eq!(ids, [0, 1, 2, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
        for d in StandardDomain::ALL {
            assert_eq!(StandardDomain::from_id(d.id()), Some(d));
            assert_eq!(d.is_ecdh(), d.id() >= 8);
        }
        for id in [3, 4, 5, 6, 7, 19, 31, 32, u32::MAX] {
            assert_eq!(StandardDomain::from_id(id), None, "{id}");
        }
        assert_eq!(
            StandardDomain::from_id(13).unwrap().name(),
            "brainpoolP256r1"
        );
        assert_eq!(StandardDomain::from_id(0).unwrap().name(), "MODP-1024-160");
        assert_eq!(
            StandardDomain::from_id(18).unwrap().curve(),
            Some(Curve::P521)
        );
        assert_eq!(StandardDomain::P192.curve(), None);
        assert_eq!(StandardDomain::BrainpoolP192r1.curve(), None);
        assert_eq!(StandardDomain::Modp2048_256.curve(), None);
    }

    #[test]
    fn unknown_oids_are_kept() {
        // PACE with mapping 5 (reserved), a private OID, and CardInfo with a URL.
        let odd_pace = hx("3012060A04007F0007020204050202010202010D");
        let private = hx("300B060460840A0105000101FF"); // 2.16.522.1 (made up), NULL, BOOLEAN
        let set = [odd_pace.clone(), private.clone()].concat();
        let set = tlv::encode(0x31, &set);
        let infos = parse_set(&set).unwrap();
        assert_eq!(
            infos,
            [
                SecurityInfo::Unknown {
                    oid: "0.4.0.127.0.7.2.2.4.5.2".into(),
                    raw: odd_pace
                },
                SecurityInfo::Unknown {
                    oid: "2.16.522.1".into(),
                    raw: private
                },
            ]
        );
        assert_eq!(encode_set(&infos), set);
        // An unknown protocol's data is not looked at.
        let odd = hx("3006 06022A03 0205".replace(' ', "").as_str());
        assert!(matches!(
            SecurityInfo::parse(&odd).unwrap(),
            SecurityInfo::Unknown { raw, .. } if raw == odd
        ));
        // Only an OID is enough for an unknown protocol.
        let bare = hx("300406022A03");
        assert_eq!(
            SecurityInfo::parse(&bare).unwrap(),
            SecurityInfo::Unknown {
                oid: "1.2.3".into(),
                raw: bare.clone()
            }
        );
    }

    #[test]
    fn malformed_known_entries_are_errors() {
        for der in [
            "300C060A04007F00070202040202",       // PACEInfo without version
            "300F060A04007F000702020402020401FF", // version not an INTEGER
            "300F060A04007F00070202040202020180", // negative version
            "3014060A04007F000702020402020206010000000000", // version too large
            "3015060A04007F0007020204020202010202010D020101", // four fields
            "300B060904007F00070202040202",       // domain parameters missing
            "300E060904007F000702020402020102",   // parameters not a SEQUENCE
            "300406026781",                       // OID ending inside an arc
            "30080606678108010105",               // AA without version
            "300B0606678108010105020101",         // AA without algorithm
            "300D020102060A04007F00070202040202", // INTEGER first
        ] {
            assert!(SecurityInfo::parse(&hx(der)).is_err(), "{der}");
        }
        assert!(parse_set(&hx("3100")).unwrap().is_empty());
        assert!(parse_set(&hx("310102")).is_err());
        assert!(parse_set(&hx("3103020101")).is_err()); // an INTEGER, not a SecurityInfo
    }

    #[test]
    fn other_infos_round_trip() {
        let infos = [
            SecurityInfo::ActiveAuthentication(ActiveAuthenticationInfo {
                version: 1,
                signature_algorithm: "0.4.0.127.0.7.1.1.4.1.3".into(),
            }),
            SecurityInfo::ChipAuthentication(ChipAuthenticationInfo {
                key_agreement: KeyAgreement::Ecdh,
                cipher: CipherSuite::AesCbcCmac256,
                version: 2,
                key_id: None,
            }),
            SecurityInfo::ChipAuthenticationDomainParameters(
                ChipAuthenticationDomainParameterInfo {
                    key_agreement: KeyAgreement::Dh,
                    parameters: hx("300C060704007F00070102020100"),
                    key_id: Some(7),
                },
            ),
            SecurityInfo::ChipAuthenticationPublicKey(ChipAuthenticationPublicKeyInfo {
                key_agreement: KeyAgreement::Ecdh,
                public_key: hx("3009300506032B65700300"),
                key_id: Some(300),
            }),
            SecurityInfo::PaceDomainParameters(PaceDomainParameterInfo {
                mapping: PaceMapping::EcdhIm,
                parameters: hx("300C060704007F0007010202010D"),
                parameter_id: Some(32),
            }),
            SecurityInfo::TerminalAuthentication(TerminalAuthenticationInfo {
                version: 1,
                ef_cvca: Some(hx("04020101")),
            }),
        ];
        for info in &infos {
            let der = info.to_der();
            assert_eq!(&SecurityInfo::parse(&der).unwrap(), info);
            assert_eq!(ber::oid_to_string(&info.oid_bytes()).unwrap(), info.oid());
        }
        assert_eq!(parse_set(&encode_set(&infos)).unwrap(), infos);
        assert_eq!(
            infos[0].to_der(),
            hx("30170606678108010105020101060A04007F00070101040103")
        );
    }

    #[test]
    fn der_helpers() {
        assert_eq!(der_uint(0), hx("020100"));
        assert_eq!(der_uint(13), hx("02010D"));
        assert_eq!(der_uint(127), hx("02017F"));
        assert_eq!(der_uint(128), hx("02020080"));
        assert_eq!(der_uint(256), hx("02020100"));
        assert_eq!(der_uint(u32::MAX), hx("020500FFFFFFFF"));
        assert_eq!(
            dotted_to_der("2.23.136.1.1.5").unwrap(),
            [&[6, 6][..], &ID_AA].concat()
        );
        assert_eq!(
            dotted_to_der("1.2.840.10045.4.3.2").unwrap(),
            hx("06082A8648CE3D040302")
        );
        for bad in ["", "1", "3.1", "1.40", "1.x.3", "1..2"] {
            assert_eq!(dotted_to_der(bad), None, "{bad}");
        }
    }
}
