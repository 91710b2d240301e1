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

mod auth;
mod cipher;
mod der;
mod domain;
mod oid;
mod pace;

#[cfg(any(test, feature = "chip"))]
use crate::asn1::ber::tag;
use crate::asn1::ber::{self, Node};
pub use crate::crypto::KeyAgreement;
#[cfg(any(test, feature = "chip"))]
use crate::tlv;

pub use auth::{
    ActiveAuthenticationInfo, ChipAuthenticationDomainParameterInfo, ChipAuthenticationInfo,
    ChipAuthenticationPublicKeyInfo, TerminalAuthenticationInfo,
};
pub use cipher::CipherSuite;
pub use domain::StandardDomain;
pub use pace::{PaceDomainParameterInfo, PaceInfo, PaceMapping, PaceProtocol};

#[cfg(any(test, feature = "chip"))]
use der::{der_uint, dotted_to_der, sequence};
use der::{sequence_raw, uint};
use oid::{ARC_CA, ARC_PACE, ARC_PK, ARC_TA, BSI_SMARTCARD, ID_AA, oid_under};

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

#[cfg(test)]
mod tests;
