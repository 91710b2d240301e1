//! The eID application's keys and certificates: the material a card folder
//! holds ([`EidMaterial`]: DER X.509 certificates and PKCS#8 PEM private
//! keys, test keys only) and the loaded signing keys ([`EidKeys`]).
//!
//! Signatures are ECDSA P-256 over the 32-byte digest the terminal sends
//! (the host hashes), from `p256::ecdsa` ([`PrehashSigner`], RFC 6979
//! deterministic nonces), answered as raw `r ‖ s`.

use p256::ecdsa::signature::hazmat::PrehashSigner;
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
use p256::pkcs8::DecodePrivateKey;
use x509_parser::prelude::{FromDer, X509Certificate};
use zeroize::Zeroizing;

/// The largest certificate the eID application holds.
pub const MAX_CERTIFICATE_LEN: usize = 16 * 1024;

/// The largest private key file accepted.
pub const MAX_KEY_LEN: usize = 4 * 1024;

/// Why the eID keys or certificates are not usable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("eID {key} key: {why}")]
pub struct KeyError {
    /// Which key (`authentication` or `signature`).
    pub key: &'static str,
    /// What is wrong (never key bytes).
    pub why: String,
}

/// One key of the eID application as a card folder holds it.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyMaterial {
    /// The certificate (DER X.509).
    pub certificate: Vec<u8>,
    /// The private key (PKCS#8, PEM), test material.
    pub private_key: Zeroizing<Vec<u8>>,
}

impl std::fmt::Debug for KeyMaterial {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyMaterial")
            .field("certificate_len", &self.certificate.len())
            .field("private_key", &"<redacted>")
            .finish()
    }
}

/// The keys of the eID application as a card folder holds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EidMaterial {
    /// The authentication key (key reference 01, certificate in SFI 01).
    pub authentication: KeyMaterial,
    /// The signature key (key reference 02, certificate in SFI 02).
    pub signature: KeyMaterial,
}

/// A loaded key: the signing key and its certificate.
pub struct EidKey {
    key: SigningKey,
    certificate: Vec<u8>,
}

impl std::fmt::Debug for EidKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EidKey")
            .field("certificate_len", &self.certificate.len())
            .finish_non_exhaustive()
    }
}

impl EidKey {
    /// Loads a key and checks that its certificate carries its public key.
    pub fn load(what: &'static str, material: &KeyMaterial) -> Result<EidKey, KeyError> {
        let bad = |why: String| KeyError { key: what, why };
        if material.certificate.len() > MAX_CERTIFICATE_LEN {
            return Err(bad("certificate larger than 16 KiB".into()));
        }
        if material.private_key.len() > MAX_KEY_LEN {
            return Err(bad("private key file larger than 4 KiB".into()));
        }
        let pem = std::str::from_utf8(&material.private_key)
            .map_err(|_| bad("the private key is not PEM text".into()))?;
        let key = SigningKey::from_pkcs8_pem(pem)
            .map_err(|_| bad("not a PKCS#8 P-256 private key".into()))?;
        let (rest, cert) = X509Certificate::from_der(&material.certificate)
            .map_err(|e| bad(format!("certificate: {e}")))?;
        if !rest.is_empty() {
            return Err(bad("certificate: trailing bytes".into()));
        }
        let public = VerifyingKey::from_sec1_bytes(&cert.public_key().subject_public_key.data)
            .map_err(|_| bad("the certificate's key is not a P-256 point".into()))?;
        if &public != key.verifying_key() {
            return Err(bad(
                "the certificate does not carry the private key's public key".into(),
            ));
        }
        Ok(EidKey {
            key,
            certificate: material.certificate.clone(),
        })
    }

    /// The certificate (DER).
    pub fn certificate(&self) -> &[u8] {
        &self.certificate
    }

    /// ECDSA P-256 over a 32-byte digest: raw `r ‖ s` (64 bytes).
    pub fn sign_digest(&self, digest: &[u8; 32]) -> Option<[u8; 64]> {
        let signature: Signature = self.key.sign_prehash(digest).ok()?;
        Some(signature.to_bytes().into())
    }
}

/// Both keys of the eID application.
#[derive(Debug)]
pub struct EidKeys {
    /// The authentication key (reference 01).
    pub authentication: EidKey,
    /// The signature key (reference 02).
    pub signature: EidKey,
}

impl EidKeys {
    /// Loads both keys from a card folder's material.
    pub fn load(material: &EidMaterial) -> Result<EidKeys, KeyError> {
        Ok(EidKeys {
            authentication: EidKey::load("authentication", &material.authentication)?,
            signature: EidKey::load("signature", &material.signature)?,
        })
    }
}
