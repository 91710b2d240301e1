//! ECDSA P-256 signatures from the card: SHA-256 on the host, raw `r||s`
//! ↔ DER conversion, and verification against the key's certificate. A
//! signature that does not verify is an error, never returned.

use p256::ecdsa::signature::hazmat::PrehashVerifier;
use p256::ecdsa::{Signature, VerifyingKey};
use sha2::{Digest, Sha256};
use x509_parser::oid_registry::{OID_EC_P256, OID_KEY_TYPE_EC_PUBLIC_KEY};
use x509_parser::prelude::{FromDer, X509Certificate};

use crate::error::EidError;

/// The length of a raw P-256 signature (`r || s`).
pub const RAW_LEN: usize = 64;

/// A card signature that verified against its certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedSignature {
    signature: Signature,
    certificate: Vec<u8>,
}

impl VerifiedSignature {
    /// The signature as DER `ECDSA-Sig-Value` (what `openssl dgst -verify` takes).
    pub fn to_der(&self) -> Vec<u8> {
        self.signature.to_der().as_bytes().to_vec()
    }

    /// The signature as raw `r || s` (64 bytes).
    pub fn to_raw(&self) -> [u8; RAW_LEN] {
        self.signature.to_bytes().into()
    }

    /// The DER X.509 certificate whose key verified the signature.
    pub fn certificate(&self) -> &[u8] {
        &self.certificate
    }
}

/// SHA-256 of `data`: what the card signs.
pub fn digest(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

/// Raw `r || s` to DER.
#[cfg(test)]
pub fn raw_to_der(raw: &[u8]) -> Result<Vec<u8>, EidError> {
    let sig = Signature::from_slice(raw).map_err(|_| EidError::MalformedSignature)?;
    Ok(sig.to_der().as_bytes().to_vec())
}

/// DER to raw `r || s`.
#[cfg(test)]
pub fn der_to_raw(der: &[u8]) -> Result<[u8; RAW_LEN], EidError> {
    let sig = Signature::from_der(der).map_err(|_| EidError::MalformedSignature)?;
    Ok(sig.to_bytes().into())
}

/// A signature as a card returns it: 64 raw bytes, else DER.
pub fn parse_card_signature(bytes: &[u8]) -> Result<Signature, EidError> {
    if bytes.len() == RAW_LEN {
        Signature::from_slice(bytes)
    } else {
        Signature::from_der(bytes)
    }
    .map_err(|_| EidError::MalformedSignature)
}

/// The P-256 public key of a DER X.509 certificate.
pub fn certificate_key(certificate: &[u8]) -> Result<VerifyingKey, EidError> {
    let bad = |why: &str| EidError::Certificate(why.to_string());
    let (rest, cert) =
        X509Certificate::from_der(certificate).map_err(|e| EidError::Certificate(e.to_string()))?;
    if !rest.is_empty() {
        return Err(bad("trailing bytes"));
    }
    let spki = cert.public_key();
    if spki.algorithm.algorithm != OID_KEY_TYPE_EC_PUBLIC_KEY {
        return Err(EidError::Unsupported(
            "only ECDSA P-256 certificate keys are supported",
        ));
    }
    let curve = spki
        .algorithm
        .parameters
        .as_ref()
        .and_then(|p| p.as_oid().ok());
    if curve != Some(OID_EC_P256) {
        return Err(EidError::Unsupported(
            "only ECDSA P-256 certificate keys are supported",
        ));
    }
    VerifyingKey::from_sec1_bytes(&spki.subject_public_key.data)
        .map_err(|_| bad("EC point not on P-256"))
}

/// Verifies the card's signature (raw or DER) of `digest` against the
/// certificate's key; only a signature that verifies is returned.
pub fn verify(
    certificate: &[u8],
    digest: &[u8; 32],
    card_signature: &[u8],
) -> Result<VerifiedSignature, EidError> {
    let key = certificate_key(certificate)?;
    let signature = parse_card_signature(card_signature)?;
    key.verify_prehash(digest, &signature)
        .map_err(|_| EidError::InvalidSignature)?;
    Ok(VerifiedSignature {
        signature,
        certificate: certificate.to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::eid_mock as mock;
    use p256::ecdsa::signature::hazmat::PrehashSigner;

    #[test]
    fn sha256_abc() {
        assert_eq!(
            hex::encode(digest(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn raw_der_round_trip_and_verify() {
        let key = mock::test_signing_key();
        let d = digest(b"hello CNIE");
        let sig: Signature = key.sign_prehash(&d).unwrap();
        let raw: [u8; 64] = sig.to_bytes().into();
        let der = raw_to_der(&raw).unwrap();
        assert_eq!(der.first(), Some(&0x30));
        assert_eq!(der_to_raw(&der).unwrap(), raw);
        let cert = mock::test_certificate();
        for form in [&raw[..], &der[..]] {
            let v = verify(&cert, &d, form).unwrap();
            assert_eq!(v.to_raw(), raw);
            assert_eq!(v.to_der(), der);
            assert_eq!(v.certificate(), &cert[..]);
        }
        let other = digest(b"hello CNIE!");
        assert!(matches!(
            verify(&cert, &other, &raw),
            Err(EidError::InvalidSignature)
        ));
    }

    #[test]
    fn certificate_key_matches_test_key() {
        let cert = mock::test_certificate();
        let key = certificate_key(&cert).unwrap();
        assert_eq!(&key, mock::test_signing_key().verifying_key());
    }

    #[test]
    fn malformed_inputs() {
        assert!(matches!(
            raw_to_der(&[0; 63]),
            Err(EidError::MalformedSignature)
        ));
        assert!(matches!(
            raw_to_der(&[0; 64]),
            Err(EidError::MalformedSignature)
        ));
        assert!(matches!(
            der_to_raw(&[0x30, 0x00]),
            Err(EidError::MalformedSignature)
        ));
        let cert = mock::test_certificate();
        for n in [0, 1, 10, 100, cert.len() - 1] {
            assert!(certificate_key(&cert[..n]).is_err());
        }
    }
}
