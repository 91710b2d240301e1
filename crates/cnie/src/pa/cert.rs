//! X.509 certificates of the eMRTD PKI (CSCA, link and Document Signer
//! certificates, ICAO Doc 9303 part 12), decoded once with `x509-parser`.
//!
//! A certificate keeps one copy of its DER and the positions of the parts it needs
//! (signed part, signature, key, names, key identifiers); the names as text and the
//! public key are built the first time they are asked for. A master list of several
//! hundred CSCA certificates then loads without building strings nobody reads.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use serde::Serialize;
use x509_parser::certificate::X509CertificateParser;
use x509_parser::extensions::{AuthorityKeyIdentifier, BasicConstraints, KeyIdentifier};
use x509_parser::nom::Parser;
use x509_parser::oid_registry::{
    OID_X509_EXT_AUTHORITY_KEY_IDENTIFIER, OID_X509_EXT_BASIC_CONSTRAINTS, OID_X509_EXT_KEY_USAGE,
    OID_X509_EXT_SUBJECT_KEY_IDENTIFIER,
};
use x509_parser::prelude::FromDer;
use x509_parser::x509::X509Name;

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

/// The names as text, built on first use.
#[derive(Debug, Clone)]
struct Names {
    subject: String,
    issuer: String,
    country: Option<String>,
}

/// A decoded certificate. Its public key and its names as text are built the first
/// time they are asked for and kept: a trust anchor's key is decoded once for every
/// document it checks. Two certificates are equal when their DER is.
#[derive(Clone)]
pub struct Certificate {
    /// The buffer holding the DER: its own copy, or the content of the master list
    /// it came in (shared by every certificate of the list).
    buf: Arc<[u8]>,
    /// Where the DER lies in `buf`; every other range is into `buf` too.
    der: Range<usize>,
    tbs: Range<usize>,
    signature_algorithm: AlgorithmIdentifier,
    signature: Range<usize>,
    spki: Range<usize>,
    subject_der: Range<usize>,
    issuer_der: Range<usize>,
    serial: Range<usize>,
    subject_key_id: Option<Range<usize>>,
    authority_key_id: Option<Range<usize>>,
    not_before: i64,
    not_after: i64,
    key_usage: Option<KeyUsage>,
    is_ca: Option<bool>,
    names: OnceLock<Names>,
    key: OnceLock<Result<PublicKey, SignatureError>>,
}

impl PartialEq for Certificate {
    fn eq(&self, other: &Certificate) -> bool {
        self.der() == other.der()
    }
}

impl Eq for Certificate {}

impl std::fmt::Debug for Certificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Certificate")
            .field("subject", &self.subject())
            .field("issuer", &self.issuer())
            .field("serial", &hex::encode(self.serial()))
            .field("ski", &self.subject_key_id().map(hex::encode))
            .field("aki", &self.authority_key_id().map(hex::encode))
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

/// Where `part` lies inside `whole`, when it is a sub-slice of it (every slice
/// `x509-parser` hands back borrows from its input).
pub(crate) fn position(whole: &[u8], part: &[u8]) -> Result<Range<usize>, PkiError> {
    let start = (part.as_ptr() as usize).wrapping_sub(whole.as_ptr() as usize);
    let end = start.checked_add(part.len());
    match end {
        Some(end) if start <= whole.len() && end <= whole.len() => Ok(start..end),
        _ => Err(PkiError::X509 {
            what: "certificate",
            detail: "a part outside the certificate".into(),
        }),
    }
}

/// The text form of a DER `Name` (`C=DE, O=bund, CN=…`), empty when it does not
/// decode (it did when the certificate was decoded).
fn name_text(der: &[u8]) -> (String, Option<String>) {
    match X509Name::from_der(der) {
        Ok((_, name)) => {
            let country = name
                .iter_country()
                .next()
                .and_then(|c| c.as_str().ok())
                .map(str::to_string);
            (name.to_string(), country)
        }
        Err(_) => (String::new(), None),
    }
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
        let len = der.len();
        Certificate::in_buffer(Arc::from(der), 0..len)
    }

    /// Decodes the DER certificate at `range` of `buf`, keeping `buf` rather than a
    /// copy (the certificates of a master list share its content).
    pub(crate) fn in_buffer(buf: Arc<[u8]>, range: Range<usize>) -> Result<Certificate, PkiError> {
        let Some(der) = buf.get(range.clone()) else {
            return Err(PkiError::X509 {
                what: "certificate",
                detail: "outside its buffer".into(),
            });
        };
        if der.len() > MAX_CERT_LEN {
            return Err(PkiError::TooLarge {
                what: "certificate",
                limit: MAX_CERT_LEN,
            });
        }
        let whole: &[u8] = &buf;
        // The signed part, the algorithm and the signature, read structurally.
        let (tbs, signature_algorithm, signature) =
            split_signed(der, "Certificate", "tbsCertificate")?;
        let (tbs, signature) = (position(whole, tbs)?, position(whole, signature)?);

        // Extensions are read as raw values; only the four that matter are decoded.
        let mut parser = X509CertificateParser::new().with_deep_parse_extensions(false);
        let (rest, cert) = parser.parse(der).map_err(|e| PkiError::X509 {
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
            // An extension that does not decode counts as absent, as before.
            if ext.oid == OID_X509_EXT_SUBJECT_KEY_IDENTIFIER {
                if let Ok((_, id)) = KeyIdentifier::from_der(ext.value) {
                    subject_key_id = Some(position(whole, id.0)?);
                }
            } else if ext.oid == OID_X509_EXT_AUTHORITY_KEY_IDENTIFIER {
                if let Ok((_, aki)) = AuthorityKeyIdentifier::from_der(ext.value) {
                    authority_key_id = match aki.key_identifier {
                        Some(id) => Some(position(whole, id.0)?),
                        None => None,
                    };
                }
            } else if ext.oid == OID_X509_EXT_KEY_USAGE {
                if let Ok((_, ku)) = x509_parser::extensions::KeyUsage::from_der(ext.value) {
                    key_usage = Some(KeyUsage {
                        digital_signature: ku.digital_signature(),
                        key_cert_sign: ku.key_cert_sign(),
                        crl_sign: ku.crl_sign(),
                    });
                }
            } else if ext.oid == OID_X509_EXT_BASIC_CONSTRAINTS
                && let Ok((_, bc)) = BasicConstraints::from_der(ext.value)
            {
                is_ca = Some(bc.ca);
            }
        }
        let spki = position(whole, tbs_cert.subject_pki.raw)?;
        let subject_der = position(whole, tbs_cert.subject.as_raw())?;
        let issuer_der = position(whole, tbs_cert.issuer.as_raw())?;
        let serial = position(whole, tbs_cert.raw_serial())?;
        let not_before = tbs_cert.validity.not_before.timestamp();
        let not_after = tbs_cert.validity.not_after.timestamp();
        drop(cert);
        Ok(Certificate {
            buf,
            der: range,
            tbs,
            signature_algorithm,
            signature,
            spki,
            subject_der,
            issuer_der,
            serial,
            subject_key_id,
            authority_key_id,
            not_before,
            not_after,
            key_usage,
            is_ca,
            names: OnceLock::new(),
            key: OnceLock::new(),
        })
    }

    /// The bytes at `range` of the DER (always inside: the ranges come from decoding).
    fn part(&self, range: &Range<usize>) -> &[u8] {
        self.buf.get(range.clone()).unwrap_or_default()
    }

    fn tbs(&self) -> &[u8] {
        self.part(&self.tbs)
    }

    fn signature(&self) -> &[u8] {
        self.part(&self.signature)
    }

    fn names(&self) -> &Names {
        self.names.get_or_init(|| {
            let (subject, country) = name_text(self.subject_der());
            let (issuer, _) = name_text(self.issuer_der());
            Names {
                subject,
                issuer,
                country,
            }
        })
    }

    /// The DER encoding.
    pub fn der(&self) -> &[u8] {
        self.part(&self.der)
    }

    /// Subject distinguished name.
    pub fn subject(&self) -> &str {
        &self.names().subject
    }

    /// Subject `Name` (DER).
    pub fn subject_der(&self) -> &[u8] {
        self.part(&self.subject_der)
    }

    /// Issuer distinguished name.
    pub fn issuer(&self) -> &str {
        &self.names().issuer
    }

    /// Issuer `Name` (DER).
    pub fn issuer_der(&self) -> &[u8] {
        self.part(&self.issuer_der)
    }

    /// Serial number (INTEGER content octets, as encoded).
    pub fn serial(&self) -> &[u8] {
        self.part(&self.serial)
    }

    /// Whether `serial` (INTEGER content octets) is this certificate's serial.
    pub fn has_serial(&self, serial: &[u8]) -> bool {
        strip_leading_zeros(serial) == strip_leading_zeros(self.serial())
    }

    /// Subject key identifier.
    pub fn subject_key_id(&self) -> Option<&[u8]> {
        self.subject_key_id.as_ref().map(|r| self.part(r))
    }

    /// Authority key identifier (`keyIdentifier` field).
    pub fn authority_key_id(&self) -> Option<&[u8]> {
        self.authority_key_id.as_ref().map(|r| self.part(r))
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
        self.names().country.clone()
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
        self.part(&self.spki)
    }

    /// The subject public key, decoded on first use and kept.
    pub fn public_key(&self) -> Result<&PublicKey, SignatureError> {
        self.key
            .get_or_init(|| PublicKey::from_spki_der(self.spki()))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Whether subject and issuer are the same name and, when both key
    /// identifiers are present, the same key.
    pub fn is_self_issued(&self) -> bool {
        self.subject_der() == self.issuer_der()
            && match (self.subject_key_id(), self.authority_key_id()) {
                (Some(s), Some(a)) => s == a,
                _ => true,
            }
    }

    /// Whether `issuer` may have issued this certificate: its SKI equals this
    /// AKI, or (without key identifiers) its subject equals this issuer.
    pub fn may_be_issued_by(&self, issuer: &Certificate) -> bool {
        match (self.authority_key_id(), issuer.subject_key_id()) {
            (Some(aki), Some(ski)) => aki == ski,
            _ => self.issuer_der() == issuer.subject_der(),
        }
    }

    /// Verifies this certificate's signature with `issuer_key`.
    pub fn verify_signed_by(&self, issuer_key: &PublicKey) -> Result<(), SignatureError> {
        let scheme = SignatureScheme::from_algorithm(&self.signature_algorithm, None)
            .map_err(|e| SignatureError::UnsupportedAlgorithm(e.0))?;
        issuer_key.verify(&scheme, self.tbs(), self.signature())
    }

    /// A summary for reports.
    pub fn summary(&self) -> CertSummary {
        CertSummary {
            subject: self.subject().to_string(),
            issuer: self.issuer().to_string(),
            serial: hex::encode(self.serial()),
            subject_key_identifier: self.subject_key_id().map(hex::encode),
            authority_key_identifier: self.authority_key_id().map(hex::encode),
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
pub(crate) fn split_signed<'a>(
    der: &'a [u8],
    outer: &'static str,
    tbs_name: &'static str,
) -> Result<(&'a [u8], AlgorithmIdentifier, &'a [u8]), PkiError> {
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
        Ok::<_, ber::DecodeError>((tbs.raw, alg, sig))
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
    /// PKI: the checked path (`verify`, through AWS-LC with the default `fast-rsa`
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
            let digest = scheme.hash().digest(cert.tbs());
            let mut flipped = cert.signature().to_vec();
            if let Some(last) = flipped.last_mut() {
                *last ^= 1;
            }
            for signature in [cert.signature(), &flipped[..]] {
                let checked = key.verify(&scheme, cert.tbs(), signature).is_ok();
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
