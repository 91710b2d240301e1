//! CSCA master lists (ICAO Doc 9303 part 12 §9): a CMS `SignedData` whose
//! content (`id-icao-cscaMasterList`, 2.23.136.1.1.2) is
//! `CscaMasterList ::= SEQUENCE { version INTEGER, certList SET OF Certificate }`.
//!
//! The certificates become trust anchors because the user chose to trust the
//! file; the master list's own signature can be checked but proves only that
//! its signer (another state's master-list signer) published it.

use super::error::PkiError;
use super::signer;
use crate::asn1::ber::{self, DecodeError, TagClass, tag};
use crate::asn1::cms::{self, SignedData};

/// `id-icao-cscaMasterList`.
pub const CSCA_MASTER_LIST_OID: &str = "2.23.136.1.1.2";

/// Largest master list accepted (the German one is under 1 MiB).
pub const MAX_MASTER_LIST_LEN: usize = 64 * 1024 * 1024;

/// A decoded master list.
#[derive(Debug, Clone)]
pub struct MasterList {
    signed_data: SignedData,
    certificates: Vec<Vec<u8>>,
}

impl MasterList {
    /// Decodes a master list file (`.ml`).
    pub fn parse(bytes: &[u8]) -> Result<MasterList, PkiError> {
        if bytes.len() > MAX_MASTER_LIST_LEN {
            return Err(PkiError::TooLarge {
                what: "master list",
                limit: MAX_MASTER_LIST_LEN,
            });
        }
        let signed_data = cms::parse_content_info(bytes)?;
        if signed_data.content_type != CSCA_MASTER_LIST_OID {
            return Err(PkiError::WrongContentType(signed_data.content_type.clone()));
        }
        let content = signed_data.content.as_deref().ok_or(PkiError::NoContent)?;
        let certificates = parse_cert_list(content)?;
        Ok(MasterList {
            signed_data,
            certificates,
        })
    }

    /// The DER of each CSCA certificate listed.
    pub fn certificates(&self) -> &[Vec<u8>] {
        &self.certificates
    }

    /// The CMS structure (signer certificates, signer infos).
    pub fn signed_data(&self) -> &SignedData {
        &self.signed_data
    }

    /// Checks the master list's signature with the signer certificate it
    /// carries. This shows integrity, not trust: the signer is not chained.
    pub fn verify_signature(&self) -> Result<(), PkiError> {
        let info = self
            .signed_data
            .signer_infos
            .first()
            .ok_or(PkiError::NoSigner)?;
        let cert = signer::find_signer_certificate(&self.signed_data, info)?;
        signer::verify_signer_info(&self.signed_data, info, &cert)
    }
}

fn parse_cert_list(content: &[u8]) -> ber::Result<Vec<Vec<u8>>> {
    let list = ber::read_exact(content, "CscaMasterList")?.sequence("CscaMasterList")?;
    let mut it = list.children();
    let version = it.expect_next("version")?.small_uint("version")?;
    if version != 0 {
        return Err(DecodeError(format!("master list version {version}")));
    }
    let set = it.expect_next("certList")?.set("certList")?;
    let mut certs = Vec::new();
    for cert in set.children() {
        let cert = cert?;
        if !cert.is(TagClass::Universal, tag::SEQUENCE) {
            return Err(DecodeError::new(
                "certList holds something else than a certificate",
            ));
        }
        certs.push(cert.raw.to_vec());
    }
    Ok(certs)
}
