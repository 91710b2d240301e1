//! Personalization of Active Authentication (DG15, and DG14's ActiveAuthenticationInfo for
//! ECDSA), Chip Authentication v1 (DG14) and an unlisted data group.
//!
//! Every key is test material, fixed so that personalization is reproducible:
//!
//! - RSA Active Authentication keys are committed PKCS#8 files of the test PKI
//!   (`test-vectors/pki/aa-rsa2048.key`, `aa-rsa1024.key`, and the `-clone` keys of a
//!   copied chip), built into the simulator;
//! - ECDSA P-256 Active Authentication keys and Chip Authentication keys are derived from a
//!   fixed label (SHA-256 of the label, the curve size and a counter, see
//!   [`crate::card_security::derived_scalar`]).
//!
//! A clone (`clone = true`) carries the genuine public keys in DG14 and DG15 (the signed
//! data of the original chip) but holds other private keys.

use std::str::FromStr;

use cnie::lds::security_infos::{
    ActiveAuthenticationInfo, ChipAuthenticationInfo, ChipAuthenticationPublicKeyInfo,
    KeyAgreement, SecurityInfo,
};
use cnie::pace::ecdh;
use cnie::tlv;
use p256::pkcs8::{EncodePrivateKey, LineEnding};
use zeroize::Zeroizing;

use crate::aa::AaKey;
use crate::ca;
use crate::card_security::derived_scalar;
use crate::config::{AaHash, CaSettings};

/// ecdsa-with-SHA256 (ANSI X9.62, 1.2.840.10045.4.3.2): the signature algorithm announced
/// in DG14's ActiveAuthenticationInfo.
pub const ECDSA_WITH_SHA256: &str = "1.2.840.10045.4.3.2";

const AA_RSA2048: &[u8] = include_bytes!("../../../../test-vectors/pki/aa-rsa2048.key");
const AA_RSA2048_CLONE: &[u8] = include_bytes!("../../../../test-vectors/pki/aa-rsa2048-clone.key");
const AA_RSA1024: &[u8] = include_bytes!("../../../../test-vectors/pki/aa-rsa1024.key");
const AA_RSA1024_CLONE: &[u8] = include_bytes!("../../../../test-vectors/pki/aa-rsa1024-clone.key");

/// The Active Authentication key type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AaAlgorithm {
    /// RSA-2048, ISO/IEC 9796-2 scheme 1 (`rsa` or `rsa2048`).
    Rsa2048,
    /// RSA-1024, ISO/IEC 9796-2 scheme 1 (`rsa1024`).
    Rsa1024,
    /// ECDSA P-256 with SHA-256 (`ecdsa`).
    Ecdsa,
}

impl FromStr for AaAlgorithm {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "rsa" | "rsa2048" => Ok(AaAlgorithm::Rsa2048),
            "rsa1024" => Ok(AaAlgorithm::Rsa1024),
            "ecdsa" => Ok(AaAlgorithm::Ecdsa),
            _ => Err(format!(
                "active authentication `{s}`: expected rsa, rsa2048, rsa1024 or ecdsa"
            )),
        }
    }
}

/// What personalization adds beyond DG1, DG2, DG11 (all off by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AuthOptions {
    /// Active Authentication: DG15 and the chip's key (and DG14's
    /// ActiveAuthenticationInfo for ECDSA).
    pub aa: Option<AaAlgorithm>,
    /// The hash of the RSA signature (ignored for ECDSA).
    pub aa_hash: AaHash,
    /// Chip Authentication v1: DG14 and the chip's key.
    pub ca: Option<CaSettings>,
    /// A clone: DG14 and DG15 carry the genuine public keys, the chip other private keys.
    pub clone: bool,
    /// A data group put on the chip and in EF.COM but not hashed in EF.SOD (3 to 16; it
    /// replaces the card's own data group of that number, e.g. DG11).
    pub extra_dg: Option<u8>,
}

/// Why the authentication material could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct AuthError(pub String);

/// The Active Authentication private key (PKCS#8 PEM): the genuine one or the clone's.
///
/// # Errors
///
/// [`AuthError`] if the key cannot be encoded (never with the built-in keys).
pub fn aa_private_key(
    algorithm: AaAlgorithm,
    clone: bool,
) -> Result<Zeroizing<Vec<u8>>, AuthError> {
    let pem = match (algorithm, clone) {
        (AaAlgorithm::Rsa2048, false) => AA_RSA2048.to_vec(),
        (AaAlgorithm::Rsa2048, true) => AA_RSA2048_CLONE.to_vec(),
        (AaAlgorithm::Rsa1024, false) => AA_RSA1024.to_vec(),
        (AaAlgorithm::Rsa1024, true) => AA_RSA1024_CLONE.to_vec(),
        (AaAlgorithm::Ecdsa, clone) => {
            let label: &[u8] = if clone {
                b"cnie-sim active authentication key (clone)"
            } else {
                b"cnie-sim active authentication key"
            };
            let scalar = derived_scalar(cnie::pace::Curve::P256, label)
                .map_err(|e| AuthError(e.to_string()))?;
            let key = p256::SecretKey::from_slice(&scalar).map_err(|e| AuthError(e.to_string()))?;
            let pem = key
                .to_pkcs8_pem(LineEnding::LF)
                .map_err(|e| AuthError(e.to_string()))?;
            pem.as_bytes().to_vec()
        }
    };
    Ok(Zeroizing::new(pem))
}

/// The Chip Authentication private key (big-endian scalar): the genuine one or the
/// clone's.
///
/// # Errors
///
/// [`AuthError`] for a DH group.
pub fn ca_private_key(settings: &CaSettings, clone: bool) -> Result<Zeroizing<Vec<u8>>, AuthError> {
    let curve = settings.ec_curve().map_err(|e| AuthError(e.to_string()))?;
    let label: &[u8] = if clone {
        b"cnie-sim chip authentication v1 key (clone)"
    } else {
        b"cnie-sim chip authentication v1 key"
    };
    derived_scalar(curve, label).map_err(|e| AuthError(e.to_string()))
}

/// DG15: `6F { SubjectPublicKeyInfo }` of the Active Authentication key.
///
/// # Errors
///
/// [`AuthError`] for a bad key.
pub fn dg15(aa_private_pem: &[u8]) -> Result<Vec<u8>, AuthError> {
    let key =
        AaKey::from_pem(aa_private_pem, AaHash::default()).map_err(|e| AuthError(e.to_string()))?;
    let spki = key
        .public_key_info()
        .map_err(|e| AuthError(e.to_string()))?;
    Ok(tlv::encode(0x6F, &spki))
}

/// The SecurityInfos of Chip Authentication v1 for the key `ca_private` (the public key
/// in a `SubjectPublicKeyInfo { id-ecPublicKey, namedCurve }`).
///
/// # Errors
///
/// [`AuthError`] for a bad key.
pub fn ca_security_infos(
    settings: &CaSettings,
    ca_private: &[u8],
) -> Result<Vec<SecurityInfo>, AuthError> {
    let curve = settings.ec_curve().map_err(|e| AuthError(e.to_string()))?;
    let point = ecdh::multiply(curve, ca_private, None).map_err(|e| AuthError(e.to_string()))?;
    Ok(vec![
        SecurityInfo::ChipAuthentication(ChipAuthenticationInfo {
            key_agreement: KeyAgreement::Ecdh,
            cipher: ca::cipher_suite(settings.cipher),
            version: 1,
            key_id: None,
        }),
        SecurityInfo::ChipAuthenticationPublicKey(ChipAuthenticationPublicKeyInfo {
            key_agreement: KeyAgreement::Ecdh,
            public_key: ca::public_key_info(curve, &point),
            key_id: None,
        }),
    ])
}

/// The ActiveAuthenticationInfo of an ECDSA key (version 1, ecdsa-with-SHA256).
pub fn aa_security_info() -> SecurityInfo {
    SecurityInfo::ActiveAuthentication(ActiveAuthenticationInfo {
        version: 1,
        signature_algorithm: ECDSA_WITH_SHA256.to_owned(),
    })
}

/// DG14: `6E { SET OF SecurityInfo }`, DER (the SET sorted), `extra` the DER of other
/// SecurityInfos to include (e.g. the card's PACEInfo).
pub fn dg14(infos: &[SecurityInfo], extra: &[Vec<u8>]) -> Vec<u8> {
    let mut items: Vec<Vec<u8>> = infos.iter().map(SecurityInfo::to_der).collect();
    items.extend(extra.iter().cloned());
    tlv::encode(0x6E, &super::der::set_of(items))
}

/// The invented contents of an unlisted data group `n`: DG11 with a full name and an
/// address (`6B { 5C, 5F0E, 5F42 }`), any other `tag { 53 text }`.
pub fn extra_dg(n: u8, full_name: &str) -> Option<Vec<u8>> {
    let tag = crate::fs::FileName::dg(n)?.tag()?;
    if n == 11 {
        let mut value = tlv::encode(0x5C, &[0x5F, 0x0E, 0x5F, 0x42]);
        value.extend(tlv::encode(0x5F0E, full_name.as_bytes()));
        value.extend(tlv::encode(0x5F42, b"12 RUE INVENTEE<HAY RIAD<RABAT"));
        return Some(tlv::encode(u32::from(tag), &value));
    }
    Some(tlv::encode(
        u32::from(tag),
        &tlv::encode(0x53, b"cnie-sim: a data group that EF.SOD does not list"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_differ_for_a_clone_and_dg15_parses() {
        for alg in [
            AaAlgorithm::Rsa2048,
            AaAlgorithm::Rsa1024,
            AaAlgorithm::Ecdsa,
        ] {
            let genuine = aa_private_key(alg, false).unwrap();
            let clone = aa_private_key(alg, true).unwrap();
            assert_ne!(genuine, clone);
            let dg = dg15(&genuine).unwrap();
            assert_eq!(dg[0], 0x6F);
            assert_ne!(dg, dg15(&clone).unwrap());
        }
        let settings = CaSettings::default();
        assert_ne!(
            ca_private_key(&settings, false).unwrap(),
            ca_private_key(&settings, true).unwrap()
        );
        let infos =
            ca_security_infos(&settings, &ca_private_key(&settings, false).unwrap()).unwrap();
        let dg = dg14(&infos, &[aa_security_info().to_der()]);
        let (set, rest) = tlv::expect(&dg, 0x6E).unwrap();
        assert!(rest.is_empty());
        let parsed = cnie::lds::security_infos::parse_set(set).unwrap();
        assert_eq!(parsed.len(), 3);
    }
}
