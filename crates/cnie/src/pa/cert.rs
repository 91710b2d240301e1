//! X.509 certificates of the eMRTD PKI (CSCA, link and Document Signer
//! certificates, ICAO Doc 9303 part 12), decoded once with `x509-parser` and
//! kept as owned values.

use std::sync::OnceLock;

use serde::Serialize;
use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::ParsedExtension;
use x509_parser::prelude::FromDer;

use super::error::PkiError;
use crate::asn1::algorithm::{AlgorithmIdentifier, HashAlgorithm, SignatureScheme};
use crate::asn1::ber::{self, strip_leading_zeros};
use crate::asn1::time::iso8601;
use crate::crypto::SignatureError;
use crate::crypto::signature::PublicKey;

/// Largest certificate accepted.
const MAX_CERT_LEN: usize = 64 * 1024;

/// Key usage bits that matter here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KeyUsage {
    /// `digitalSignature` (a Document Signer).
    pub digital_signature: bool,
    /// `keyCertSign` (a CSCA).
    pub key_cert_sign: bool,
    /// `cRLSign`.
    pub crl_sign: bool,
}

/// A decoded certificate. Its public key is decoded the first time it is asked for
/// and kept: a trust anchor's key is decoded once for every document it checks.
/// Two certificates are equal when their DER is.
#[derive(Clone)]
pub struct Certificate {
    der: Vec<u8>,
    tbs: Vec<u8>,
    signature_algorithm: AlgorithmIdentifier,
    signature: Vec<u8>,
    spki: Vec<u8>,
    subject: String,
    subject_der: Vec<u8>,
    issuer: String,
    issuer_der: Vec<u8>,
    serial: Vec<u8>,
    subject_key_id: Option<Vec<u8>>,
    authority_key_id: Option<Vec<u8>>,
    not_before: i64,
    not_after: i64,
    key_usage: Option<KeyUsage>,
    is_ca: Option<bool>,
    country: Option<String>,
    key: OnceLock<Result<PublicKey, SignatureError>>,
}

impl PartialEq for Certificate {
    fn eq(&self, other: &Certificate) -> bool {
        self.der == other.der
    }
}

impl Eq for Certificate {}

impl std::fmt::Debug for Certificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Certificate")
            .field("subject", &self.subject)
            .field("issuer", &self.issuer)
            .field("serial", &hex::encode(&self.serial))
            .field("ski", &self.subject_key_id.as_ref().map(hex::encode))
            .field("aki", &self.authority_key_id.as_ref().map(hex::encode))
            .finish_non_exhaustive()
    }
}

/// A short, serialisable description of a certificate for reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertSummary {
    /// Subject distinguished name.
    pub subject: String,
    /// Issuer distinguished name.
    pub issuer: String,
    /// Serial number (hex).
    pub serial: String,
    /// Subject key identifier (hex), if present.
    pub subject_key_identifier: Option<String>,
    /// Authority key identifier (hex), if present.
    pub authority_key_identifier: Option<String>,
    /// Start of validity (ISO 8601, UTC).
    pub not_before: String,
    /// End of validity (ISO 8601, UTC).
    pub not_after: String,
    /// Public key ("RSA-4096", "EC brainpoolP256r1"), or why it is unusable.
    pub public_key: String,
}

impl Certificate {
    /// Decodes a DER certificate.
    pub fn from_der(der: &[u8]) -> Result<Certificate, PkiError> {
        if der.len() > MAX_CERT_LEN {
            return Err(PkiError::TooLarge {
                what: "certificate",
                limit: MAX_CERT_LEN,
            });
        }
        // The signed part, the algorithm and the signature, read structurally.
        let (tbs, signature_algorithm, signature) =
            split_signed(der, "Certificate", "tbsCertificate")?;

        let (rest, cert) = X509Certificate::from_der(der).map_err(|e| PkiError::X509 {
            what: "certificate",
            detail: e.to_string(),
        })?;
        if !rest.is_empty() {
            return Err(PkiError::TrailingData("certificate"));
        }
        let tbs_cert = &cert.tbs_certificate;
        let mut subject_key_id = None;
        let mut authority_key_id = None;
        let mut key_usage = None;
        let mut is_ca = None;
        for ext in tbs_cert.extensions() {
            match ext.parsed_extension() {
                ParsedExtension::SubjectKeyIdentifier(id) => subject_key_id = Some(id.0.to_vec()),
                ParsedExtension::AuthorityKeyIdentifier(aki) => {
                    authority_key_id = aki.key_identifier.as_ref().map(|id| id.0.to_vec());
                }
                ParsedExtension::KeyUsage(ku) => {
                    key_usage = Some(KeyUsage {
                        digital_signature: ku.digital_signature(),
                        key_cert_sign: ku.key_cert_sign(),
                        crl_sign: ku.crl_sign(),
                    });
                }
                ParsedExtension::BasicConstraints(bc) => is_ca = Some(bc.ca),
                _ => {}
            }
        }
        Ok(Certificate {
            der: der.to_vec(),
            tbs,
            signature_algorithm,
            signature,
            spki: tbs_cert.subject_pki.raw.to_vec(),
            subject: tbs_cert.subject.to_string(),
            subject_der: tbs_cert.subject.as_raw().to_vec(),
            issuer: tbs_cert.issuer.to_string(),
            issuer_der: tbs_cert.issuer.as_raw().to_vec(),
            serial: tbs_cert.raw_serial().to_vec(),
            subject_key_id,
            authority_key_id,
            not_before: tbs_cert.validity.not_before.timestamp(),
            not_after: tbs_cert.validity.not_after.timestamp(),
            key_usage,
            is_ca,
            country: tbs_cert
                .subject
                .iter_country()
                .next()
                .and_then(|c| c.as_str().ok())
                .map(str::to_string),
            key: OnceLock::new(),
        })
    }

    /// The DER encoding.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// Subject distinguished name.
    pub fn subject(&self) -> &str {
        &self.subject
    }

    /// Subject `Name` (DER).
    pub fn subject_der(&self) -> &[u8] {
        &self.subject_der
    }

    /// Issuer distinguished name.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// Issuer `Name` (DER).
    pub fn issuer_der(&self) -> &[u8] {
        &self.issuer_der
    }

    /// Serial number (INTEGER content octets, as encoded).
    pub fn serial(&self) -> &[u8] {
        &self.serial
    }

    /// Whether `serial` (INTEGER content octets) is this certificate's serial.
    pub fn has_serial(&self, serial: &[u8]) -> bool {
        strip_leading_zeros(serial) == strip_leading_zeros(&self.serial)
    }

    /// Subject key identifier.
    pub fn subject_key_id(&self) -> Option<&[u8]> {
        self.subject_key_id.as_deref()
    }

    /// Authority key identifier (`keyIdentifier` field).
    pub fn authority_key_id(&self) -> Option<&[u8]> {
        self.authority_key_id.as_deref()
    }

    /// Start of validity (Unix seconds).
    pub fn not_before(&self) -> i64 {
        self.not_before
    }

    /// End of validity (Unix seconds).
    pub fn not_after(&self) -> i64 {
        self.not_after
    }

    /// Whether `time` (Unix seconds) lies in the validity period.
    pub fn valid_at(&self, time: i64) -> bool {
        self.not_before <= time && time <= self.not_after
    }

    /// The subject's country (`C=`, ISO 3166-1 alpha-2 for eMRTD PKIs), if present.
    pub fn country(&self) -> Option<String> {
        self.country.clone()
    }

    /// The hash of this certificate's signature algorithm, when it is one this crate
    /// knows.
    pub fn signature_hash(&self) -> Option<HashAlgorithm> {
        SignatureScheme::from_algorithm(&self.signature_algorithm, None)
            .ok()
            .map(|s| s.hash())
    }

    /// Key usage, if the extension is present.
    pub fn key_usage(&self) -> Option<KeyUsage> {
        self.key_usage
    }

    /// `cA` of basic constraints, if the extension is present.
    pub fn is_ca(&self) -> Option<bool> {
        self.is_ca
    }

    /// The DER `SubjectPublicKeyInfo`.
    pub fn spki(&self) -> &[u8] {
        &self.spki
    }

    /// The subject public key, decoded on first use and kept.
    pub fn public_key(&self) -> Result<&PublicKey, SignatureError> {
        self.key
            .get_or_init(|| PublicKey::from_spki_der(&self.spki))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Whether subject and issuer are the same name and, when both key
    /// identifiers are present, the same key.
    pub fn is_self_issued(&self) -> bool {
        self.subject_der == self.issuer_der
            && match (&self.subject_key_id, &self.authority_key_id) {
                (Some(s), Some(a)) => s == a,
                _ => true,
            }
    }

    /// Whether `issuer` may have issued this certificate: its SKI equals this
    /// AKI, or (without key identifiers) its subject equals this issuer.
    pub fn may_be_issued_by(&self, issuer: &Certificate) -> bool {
        match (&self.authority_key_id, &issuer.subject_key_id) {
            (Some(aki), Some(ski)) => aki == ski,
            _ => self.issuer_der == issuer.subject_der,
        }
    }

    /// Verifies this certificate's signature with `issuer_key`.
    pub fn verify_signed_by(&self, issuer_key: &PublicKey) -> Result<(), SignatureError> {
        let scheme = SignatureScheme::from_algorithm(&self.signature_algorithm, None)
            .map_err(|e| SignatureError::UnsupportedAlgorithm(e.0))?;
        issuer_key.verify(&scheme, &self.tbs, &self.signature)
    }

    /// A summary for reports.
    pub fn summary(&self) -> CertSummary {
        CertSummary {
            subject: self.subject.clone(),
            issuer: self.issuer.clone(),
            serial: hex::encode(&self.serial),
            subject_key_identifier: self.subject_key_id.as_ref().map(hex::encode),
            authority_key_identifier: self.authority_key_id.as_ref().map(hex::encode),
            not_before: iso8601(self.not_before),
            not_after: iso8601(self.not_after),
            public_key: match self.public_key() {
                Ok(k) => k.description(),
                Err(e) => e.to_string(),
            },
        }
    }
}

/// Splits an X.509 signed structure (a certificate or a CRL: `SEQUENCE {
/// tbs, signatureAlgorithm, signatureValue }`) into the DER of its signed
/// part, the algorithm and the signature bytes.
pub(crate) fn split_signed(
    der: &[u8],
    outer: &'static str,
    tbs_name: &'static str,
) -> Result<(Vec<u8>, AlgorithmIdentifier, Vec<u8>), PkiError> {
    let node = ber::read_exact(der, outer).and_then(|n| n.sequence(outer))?;
    let mut it = node.children();
    let parts = (|| {
        let tbs = it.expect_next(tbs_name)?.sequence(tbs_name)?;
        let alg = AlgorithmIdentifier::from_node(
            &it.expect_next("signatureAlgorithm")?,
            "signatureAlgorithm",
        )?;
        let sig = it
            .expect_next("signatureValue")?
            .bit_string_bytes("signatureValue")?;
        Ok::<_, ber::DecodeError>((tbs.raw.to_vec(), alg, sig.to_vec()))
    })();
    Ok(parts?)
}

#[cfg(test)]
mod signature_paths {
    use super::*;
    use crate::pa::masterlist::MasterList;
    use crate::test_support::read_vector;

    /// Self-issued certificates of two real master lists (RSA PKCS#1 v1.5 and
    /// PSS, 2048 to 4096 bits, ECDSA on NIST and brainpool curves) and of the test
    /// PKI: the checked path (`verify`, through `ring` with the default `fast-rsa`
    /// feature) and the pure-Rust path (`verify_prehash`) agree on every signature,
    /// intact and with one bit of the signature flipped.
    #[test]
    fn fast_and_pure_rust_paths_agree() {
        let mut certs = Vec::new();
        for list in ["DE_ML_2026-05-05.ml", "NL_ML_2026-07-22.ml"] {
            let ml = MasterList::parse(&read_vector(format!("trust/masterlists/{list}")))
                .expect("master list");
            certs.extend(ml.decode_certificates());
        }
        for pem in ["pki/csca.pem", "trust/testpki/csca-2020.pem"] {
            let text = read_vector(pem);
            let block = x509_parser::pem::parse_x509_pem(&text)
                .expect("PEM")
                .1
                .contents;
            certs.push(Certificate::from_der(&block).expect("certificate"));
        }
        let (mut rsa, mut valid) = (0, 0);
        // One root in three keeps the debug-build test short; every scheme of the lists
        // still appears.
        for cert in certs.iter().filter(|c| c.is_self_issued()).step_by(3) {
            let Ok(key) = cert.public_key() else { continue };
            let Ok(scheme) = SignatureScheme::from_algorithm(&cert.signature_algorithm, None)
            else {
                continue;
            };
            let digest = scheme.hash().digest(&cert.tbs);
            let mut flipped = cert.signature.clone();
            if let Some(last) = flipped.last_mut() {
                *last ^= 1;
            }
            for signature in [&cert.signature, &flipped] {
                let checked = key.verify(&scheme, &cert.tbs, signature).is_ok();
                let pure = key.verify_prehash(&scheme, &digest, signature).is_ok();
                assert_eq!(checked, pure, "{} ({scheme})", cert.subject());
                valid += usize::from(checked);
            }
            rsa += usize::from(key.rsa_bits().is_some());
        }
        assert!(rsa > 50, "RSA roots checked: {rsa}");
        assert!(valid > 50, "valid self-signatures: {valid}");
    }
}
