//! Certificate revocation lists (RFC 5280 §5) published by CSCAs.

use std::collections::BTreeSet;

use x509_parser::extensions::ParsedExtension;
use x509_parser::prelude::FromDer;
use x509_parser::revocation_list::CertificateRevocationList;

use super::cert::Certificate;
use super::error::PkiError;
use crate::asn1::algorithm::{AlgorithmIdentifier, SignatureScheme};
use crate::asn1::ber::strip_leading_zeros;
use crate::crypto::SignatureError;
use crate::crypto::signature::PublicKey;

/// Largest CRL accepted.
const MAX_CRL_LEN: usize = 16 * 1024 * 1024;

/// A decoded CRL.
#[derive(Clone, PartialEq, Eq)]
pub struct Crl {
    der: Vec<u8>,
    tbs: Vec<u8>,
    signature_algorithm: AlgorithmIdentifier,
    signature: Vec<u8>,
    issuer: String,
    issuer_der: Vec<u8>,
    authority_key_id: Option<Vec<u8>>,
    this_update: i64,
    next_update: Option<i64>,
    revoked: BTreeSet<Vec<u8>>,
    source: String,
}

impl std::fmt::Debug for Crl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Crl")
            .field("issuer", &self.issuer)
            .field("revoked", &self.revoked.len())
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

impl Crl {
    /// Decodes a DER CRL; `source` says where it came from (for reports).
    pub fn from_der(der: &[u8], source: impl Into<String>) -> Result<Crl, PkiError> {
        if der.len() > MAX_CRL_LEN {
            return Err(PkiError::TooLarge {
                what: "CRL",
                limit: MAX_CRL_LEN,
            });
        }
        let (tbs, signature_algorithm, signature) =
            super::cert::split_signed(der, "CertificateList", "tbsCertList")?;
        let (rest, crl) = CertificateRevocationList::from_der(der).map_err(|e| PkiError::X509 {
            what: "CRL",
            detail: e.to_string(),
        })?;
        if !rest.is_empty() {
            return Err(PkiError::TrailingData("CRL"));
        }
        let authority_key_id =
            crl.extensions()
                .iter()
                .find_map(|ext| match ext.parsed_extension() {
                    ParsedExtension::AuthorityKeyIdentifier(aki) => {
                        aki.key_identifier.as_ref().map(|id| id.0.to_vec())
                    }
                    _ => None,
                });
        let revoked = crl
            .iter_revoked_certificates()
            .map(|r| strip_leading_zeros(r.raw_serial()).to_vec())
            .collect();
        Ok(Crl {
            der: der.to_vec(),
            tbs: tbs.to_vec(),
            signature_algorithm,
            signature: signature.to_vec(),
            issuer: crl.issuer().to_string(),
            issuer_der: crl.issuer().as_raw().to_vec(),
            authority_key_id,
            this_update: crl.last_update().timestamp(),
            next_update: crl.next_update().map(|t| t.timestamp()),
            revoked,
            source: source.into(),
        })
    }

    /// The CRL as decoded (DER).
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// Issuer distinguished name.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// Where the CRL came from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// `thisUpdate` (Unix seconds).
    pub fn this_update(&self) -> i64 {
        self.this_update
    }

    /// `nextUpdate` (Unix seconds), if present.
    pub fn next_update(&self) -> Option<i64> {
        self.next_update
    }

    /// Number of revoked serial numbers.
    pub fn revoked_count(&self) -> usize {
        self.revoked.len()
    }

    /// Whether the CRL may come from `ca`: its AKI equals the CA's SKI, or
    /// (without key identifiers) its issuer equals the CA's subject.
    pub fn may_be_issued_by(&self, ca: &Certificate) -> bool {
        match (&self.authority_key_id, ca.subject_key_id()) {
            (Some(aki), Some(ski)) => aki.as_slice() == ski,
            _ => self.issuer_der == ca.subject_der(),
        }
    }

    /// Verifies the CRL's signature with `key`.
    pub fn verify_signed_by(&self, key: &PublicKey) -> Result<(), SignatureError> {
        let scheme = SignatureScheme::from_algorithm(&self.signature_algorithm, None)
            .map_err(|e| SignatureError::UnsupportedAlgorithm(e.0))?;
        key.verify(&scheme, &self.tbs, &self.signature)
    }

    /// Whether the certificate `cert` (issued by this CRL's issuer) is listed.
    pub fn lists(&self, cert: &Certificate) -> bool {
        cert.issuer_der() == self.issuer_der.as_slice()
            && self.revoked.contains(strip_leading_zeros(cert.serial()))
    }
}
