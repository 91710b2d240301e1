//! The Chip Authentication parameters: the protocol chosen from DG14 and the chip's static key.

use std::fmt;

use crate::asn1::algorithm::AlgorithmIdentifier;
use crate::asn1::ber;
use crate::crypto::ec::Curve;
use crate::crypto::kdf::KdfAlgorithm;
use crate::error::CaError;
use crate::lds::security_infos::{
    ChipAuthenticationInfo, ChipAuthenticationPublicKeyInfo, CipherSuite, KeyAgreement,
    SecurityInfo, StandardDomain,
};
use crate::pace::{DhGroup, Group};

/// `bsi-de protocols smartcard` (0.4.0.127.0.7.2.2) and `id-CA` (3), DER content octets.
pub(super) const ID_CA: [u8; 8] = [0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x03];
/// `id-ecPublicKey` (X9.62).
pub(super) const ID_EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
/// `dhpublicnumber` (X9.42, RFC 3279): DH key with `DomainParameters { p, g, q, … }`.
pub(super) const DH_PUBLIC_NUMBER: &str = "1.2.840.10046.2.1";
/// `dhKeyAgreement` (PKCS #3): DH key with `DHParameter { p, g, … }`.
pub(super) const DH_KEY_AGREEMENT: &str = "1.2.840.113549.1.3.1";
/// `standardizedDomainParameters` (BSI TR-03110-3 A.2.1.1): an INTEGER parameter id.
pub(super) const STANDARDIZED_DOMAIN_PARAMETERS: &str = "0.4.0.127.0.7.1.2";

/// Which commands carry the ephemeral public key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaCommands {
    /// `MSE:Set KAT` (`22 41 A6`, DO'91' key, DO'84' key id): the 3DES form.
    SetKat,
    /// `MSE:Set AT` (`22 41 A4`, DO'80' protocol OID, DO'84' key id), then
    /// `GENERAL AUTHENTICATE` (`86 00 00`, `7C { 80 key }`): the AES form, which many 3DES
    /// chips accept too.
    SetAtGeneralAuthenticate,
}

/// One Chip Authentication configuration: protocol, key id and the chip's static key.
#[derive(Clone, PartialEq, Eq)]
pub struct CaParams {
    pub(super) key_agreement: KeyAgreement,
    pub(super) cipher: CipherSuite,
    pub(super) key_id: Option<u32>,
    pub(super) group: Group,
    pub(super) chip_public_key: Vec<u8>,
    pub(super) inferred: bool,
}

impl fmt::Debug for CaParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CaParams")
            .field("key_agreement", &self.key_agreement)
            .field("cipher", &self.cipher)
            .field("key_id", &self.key_id)
            .field("group", &self.group)
            .field("inferred", &self.inferred)
            .finish()
    }
}

impl CaParams {
    /// Parameters for `protocol` with the static key `key` (its `SubjectPublicKeyInfo` is
    /// decoded and checked here). `key_id` goes into DO'84'.
    ///
    /// # Errors
    ///
    /// [`CaError::UnsupportedKey`] for a key of another type than `key_agreement`, or on a
    /// domain that is not a standardized one; [`CaError::MalformedKey`];
    /// [`CaError::KeyAgreement`] for a point not on the curve or a DH value outside the group.
    pub fn new(
        key_agreement: KeyAgreement,
        cipher: CipherSuite,
        key_id: Option<u32>,
        key: &ChipAuthenticationPublicKeyInfo,
    ) -> Result<Self, CaError> {
        if key.key_agreement != key_agreement {
            return Err(CaError::UnsupportedKey(
                "the key's agreement (DH or ECDH) is not the protocol's".into(),
            ));
        }
        let (group, chip_public_key) = decode_public_key(&key.public_key, key_agreement)?;
        Ok(CaParams {
            key_agreement,
            cipher,
            key_id,
            group,
            chip_public_key,
            inferred: false,
        })
    }

    /// Chooses the protocol and key from DG14's (or EF.CardSecurity's) security infos.
    ///
    /// Every version-1 `ChipAuthenticationInfo` is tried in order of preference (ECDH
    /// before DH, then the longer session key) with each public key of the same key agreement
    /// whose `keyId` matches (any key when the info has none); the first that decodes wins.
    /// Without a version-1 `ChipAuthenticationInfo`, the protocol is inferred from the first
    /// public key with 3DES ([`Self::inferred`]), whose key id, if any, is used.
    ///
    /// # Errors
    ///
    /// [`CaError::NoPublicKey`]; [`CaError::NoMatchingKey`]; otherwise the error of the last
    /// key tried.
    pub fn from_security_infos(infos: &[SecurityInfo]) -> Result<Self, CaError> {
        let keys: Vec<&ChipAuthenticationPublicKeyInfo> = infos
            .iter()
            .filter_map(|i| match i {
                SecurityInfo::ChipAuthenticationPublicKey(k) => Some(k),
                _ => None,
            })
            .collect();
        let mut protocols: Vec<&ChipAuthenticationInfo> = infos
            .iter()
            .filter_map(|i| match i {
                SecurityInfo::ChipAuthentication(c) if c.version == 1 => Some(c),
                _ => None,
            })
            .collect();
        let first_key = keys.first().ok_or(CaError::NoPublicKey)?;
        if protocols.is_empty() {
            let mut params = CaParams::new(
                first_key.key_agreement,
                CipherSuite::Des3CbcCbc,
                first_key.key_id,
                first_key,
            )?;
            params.inferred = true;
            return Ok(params);
        }
        protocols.sort_by_key(|c| {
            std::cmp::Reverse((
                c.key_agreement == KeyAgreement::Ecdh,
                c.cipher.kdf_algorithm().key_len(),
                c.cipher != CipherSuite::Des3CbcCbc,
            ))
        });
        let mut last = None;
        for protocol in &protocols {
            let matching = keys.iter().filter(|k| {
                k.key_agreement == protocol.key_agreement
                    && (protocol.key_id.is_none() || k.key_id == protocol.key_id)
            });
            for key in matching {
                match CaParams::new(
                    protocol.key_agreement,
                    protocol.cipher,
                    protocol.key_id,
                    key,
                ) {
                    Ok(params) => return Ok(params),
                    Err(e) => last = Some(e),
                }
            }
        }
        Err(last.unwrap_or_else(|| {
            let best = protocols.first();
            CaError::NoMatchingKey {
                key_agreement: best.map_or(KeyAgreement::Ecdh, |c| c.key_agreement),
                key_id: best.and_then(|c| c.key_id),
            }
        }))
    }

    #[cfg(any(test, feature = "chip"))]
    /// DH or ECDH.
    pub fn key_agreement(&self) -> KeyAgreement {
        self.key_agreement
    }

    #[cfg(any(test, feature = "chip"))]
    /// The secure-messaging cipher after Chip Authentication.
    pub fn cipher(&self) -> CipherSuite {
        self.cipher
    }

    /// The key derivation of the new session keys.
    pub fn kdf(&self) -> KdfAlgorithm {
        self.cipher.kdf_algorithm()
    }

    #[cfg(any(test, feature = "chip"))]
    /// The key id sent in DO'84', if any.
    pub fn key_id(&self) -> Option<u32> {
        self.key_id
    }

    #[cfg(any(test, feature = "chip"))]
    /// The domain: a standard curve or MODP group.
    pub fn group(&self) -> Group {
        self.group
    }

    #[cfg(any(test, feature = "chip"))]
    /// The chip's static public key: an uncompressed point, or the DH value at `p`'s length.
    pub fn chip_public_key(&self) -> &[u8] {
        &self.chip_public_key
    }

    #[cfg(any(test, feature = "chip"))]
    /// Whether the protocol was inferred (DG14 without `ChipAuthenticationInfo`).
    pub fn inferred(&self) -> bool {
        self.inferred
    }

    /// The DER content octets of the protocol OID, `id-CA-{DH,ECDH}-{cipher}`.
    pub fn protocol_oid(&self) -> Vec<u8> {
        let mut oid = ID_CA.to_vec();
        oid.push(self.key_agreement.arc());
        oid.push(self.cipher.arc());
        oid
    }

    /// The commands ICAO 9303-11 §6.2.4 gives for the cipher: `MSE:Set KAT` for 3DES,
    /// `MSE:Set AT` and `GENERAL AUTHENTICATE` for AES.
    pub fn default_commands(&self) -> CaCommands {
        if self.cipher == CipherSuite::Des3CbcCbc {
            CaCommands::SetKat
        } else {
            CaCommands::SetAtGeneralAuthenticate
        }
    }
}

/// Decodes a chip authentication `SubjectPublicKeyInfo` into its group and public key
/// (uncompressed point, or DH value at `p`'s length), checked to be in the group.
pub(super) fn decode_public_key(spki: &[u8], agreement: KeyAgreement) -> Result<(Group, Vec<u8>), CaError> {
    let malformed = |e: ber::DecodeError| CaError::MalformedKey(e.to_string());
    let node = ber::read_exact(spki, "SubjectPublicKeyInfo")
        .and_then(|n| n.sequence("SubjectPublicKeyInfo"))
        .map_err(malformed)?;
    let mut fields = node.children();
    let algorithm = fields
        .expect_next("algorithm")
        .and_then(|n| AlgorithmIdentifier::from_node(&n, "algorithm"))
        .map_err(malformed)?;
    let key = fields
        .expect_next("subjectPublicKey")
        .and_then(|n| n.bit_string_bytes("subjectPublicKey"))
        .map_err(malformed)?;
    if !fields.is_empty() {
        return Err(CaError::MalformedKey(
            "SubjectPublicKeyInfo: extra fields".into(),
        ));
    }
    let params = algorithm.parameters.as_deref();
    let group = match algorithm.oid.as_str() {
        ID_EC_PUBLIC_KEY => Group::Ec(
            Curve::from_key_parameters(params)
                .map_err(|e| CaError::UnsupportedKey(e.to_string()))?,
        ),
        STANDARDIZED_DOMAIN_PARAMETERS => {
            let id = params
                .ok_or_else(|| CaError::MalformedKey("no standardized domain id".into()))
                .and_then(|p| {
                    ber::read_exact(p, "parameter id")
                        .and_then(|n| n.small_uint("parameter id"))
                        .map_err(malformed)
                })?;
            u32::try_from(id)
                .ok()
                .and_then(StandardDomain::from_id)
                .and_then(Group::from_standard_domain)
                .ok_or_else(|| {
                    CaError::UnsupportedKey(format!("standardized domain parameters {id}"))
                })?
        }
        DH_PUBLIC_NUMBER | DH_KEY_AGREEMENT => {
            let with_q = algorithm.oid == DH_PUBLIC_NUMBER;
            Group::Dh(dh_group(params, with_q)?)
        }
        other => {
            return Err(CaError::UnsupportedKey(format!(
                "public key algorithm {other}"
            )));
        }
    };
    let public = match group {
        Group::Ec(_) if agreement == KeyAgreement::Ecdh => key.to_vec(),
        Group::Dh(dh) if agreement == KeyAgreement::Dh => {
            let y = ber::read_exact(key, "DH public key")
                .and_then(|n| n.integer("DH public key"))
                .map_err(malformed)?;
            let y = ber::strip_leading_zeros(y);
            let len = dh.element_len();
            let pad = len
                .checked_sub(y.len())
                .ok_or_else(|| CaError::MalformedKey("DH public key longer than p".into()))?;
            let mut out = vec![0u8; pad];
            out.extend_from_slice(y);
            out
        }
        _ => {
            return Err(CaError::UnsupportedKey(
                "the key's domain does not fit its key agreement (DH or ECDH)".into(),
            ));
        }
    };
    group.validate_public(&public)?;
    Ok((group, public))
}

/// The standardized MODP group of explicit DH parameters (`p`, `g` and, for
/// `dhpublicnumber`, `q`).
pub(super) fn dh_group(params: Option<&[u8]>, with_q: bool) -> Result<DhGroup, CaError> {
    let malformed = |e: ber::DecodeError| CaError::MalformedKey(e.to_string());
    let params = params.ok_or_else(|| CaError::MalformedKey("DH key without parameters".into()))?;
    let node = ber::read_exact(params, "DH parameters")
        .and_then(|n| n.sequence("DH parameters"))
        .map_err(malformed)?;
    let mut fields = node.children();
    let mut int = |what: &str| {
        fields
            .expect_next(what)
            .and_then(|n| n.integer(what))
            .map_err(malformed)
    };
    let p = int("p")?;
    let g = int("g")?;
    let q = if with_q { Some(int("q")?) } else { None };
    DhGroup::from_explicit(p, g, q).ok_or_else(|| {
        CaError::UnsupportedKey("DH parameters that are none of the RFC 5114 groups".into())
    })
}
