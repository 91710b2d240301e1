//! CSCA master lists (ICAO Doc 9303 part 12 §9): a CMS `SignedData` whose
//! content (`id-icao-cscaMasterList`, 2.23.136.1.1.2) is
//! `CscaMasterList ::= SEQUENCE { version INTEGER, certList SET OF Certificate }`.
//!
//! [`MasterList::verify`] checks the list as ICAO Doc 9303 part 12 §8 asks: the
//! CMS signature with the included signer certificate, and that certificate
//! issued by a CSCA of the signer's own country contained in the list. That
//! proves the list is intact and published by that state; the certificates
//! become trust anchors because the user chose to trust the file.

use std::ops::Range;
use std::sync::Arc;

use super::cert::Certificate;
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
    /// Where each certificate lies in the signed content (no copy of its DER).
    certificates: Vec<Range<usize>>,
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
        let certificates = parse_cert_list(content)?
            .into_iter()
            .map(|cert| super::cert::position(content, cert))
            .collect::<Result<_, _>>()?;
        Ok(MasterList {
            signed_data,
            certificates,
        })
    }

    /// The DER of each CSCA certificate listed.
    #[cfg(any(test, feature = "chip"))]
    pub fn certificates(&self) -> impl ExactSizeIterator<Item = &[u8]> {
        let content = self.signed_data.content.as_deref().unwrap_or_default();
        self.certificates
            .iter()
            .map(|range| content.get(range.clone()).unwrap_or_default())
    }

    #[cfg(feature = "chip")]
    /// The CMS structure (signer certificates, signer infos).
    pub fn signed_data(&self) -> &SignedData {
        &self.signed_data
    }

    #[cfg(any(test, feature = "chip"))]
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

impl MasterList {
    /// Verifies the list (ICAO Doc 9303 part 12 §8): the CMS signature with the
    /// included signer certificate, and the signer certificate's signature with
    /// a CSCA certificate of the list whose country (`C=`) is the signer's.
    /// Returns the signer certificate.
    #[cfg(any(test, feature = "chip"))]
    pub fn verify(&self) -> Result<Certificate, PkiError> {
        self.verify_with(&self.decode_certificates())
    }

    /// The CSCA certificates listed, decoded; a certificate this crate cannot decode
    /// is left out rather than failing the whole list.
    pub fn decode_certificates(&self) -> Vec<Certificate> {
        let Some(content) = &self.signed_data.content else {
            return Vec::new();
        };
        let mut certificates = Vec::with_capacity(self.certificates.len());
        certificates.extend(
            self.certificates
                .iter()
                .filter_map(|range| Certificate::in_buffer(Arc::clone(content), range.clone()).ok()),
        );
        certificates
    }

    /// [`MasterList::verify`] with the list's certificates already decoded
    /// ([`MasterList::decode_certificates`]): nothing is decoded twice.
    pub fn verify_with(&self, cscas: &[Certificate]) -> Result<Certificate, PkiError> {
        let info = self
            .signed_data
            .signer_infos
            .first()
            .ok_or(PkiError::NoSigner)?;
        let signer = signer::find_signer_certificate(&self.signed_data, info)?;
        signer::verify_signer_info(&self.signed_data, info, &signer)?;
        let country = signer
            .country()
            .ok_or(PkiError::MasterListSignerNoCountry)?;
        let issued = cscas
            .iter()
            .filter(|csca| {
                signer.may_be_issued_by(csca)
                    && csca
                        .country()
                        .is_some_and(|c| c.eq_ignore_ascii_case(&country))
            })
            .any(|csca| {
                csca.public_key()
                    .and_then(|k| signer.verify_signed_by(k))
                    .is_ok()
            });
        if issued {
            Ok(signer)
        } else {
            Err(PkiError::MasterListSignerNotIssued { country })
        }
    }
}

fn parse_cert_list(content: &[u8]) -> ber::Result<Vec<&[u8]>> {
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
        certs.push(cert.raw);
    }
    Ok(certs)
}
