//! The CMS signer check (RFC 5652 §5.6): signed attributes, then the
//! signature, for EF.SOD and master lists alike.

use subtle::ConstantTimeEq;

use super::cert::Certificate;
use super::error::PkiError;
use crate::asn1::algorithm::{HashAlgorithm, SignatureScheme};
use crate::asn1::cms::{SignedData, SignerIdentifier, SignerInfo};

/// The certificate in `signed_data.certificates` that `signer` names.
pub fn find_signer_certificate(
    signed_data: &SignedData,
    signer: &SignerInfo,
) -> Result<Certificate, PkiError> {
    let mut last_error = None;
    for der in &signed_data.certificates {
        let cert = match Certificate::from_der(der) {
            Ok(c) => c,
            Err(e) => {
                last_error = Some(e);
                continue;
            }
        };
        let matches = match &signer.sid {
            SignerIdentifier::IssuerAndSerialNumber { issuer, serial } => {
                cert.issuer_der() == issuer.as_slice() && cert.has_serial(serial)
            }
            SignerIdentifier::SubjectKeyIdentifier(ski) => {
                cert.subject_key_id() == Some(ski.as_slice())
            }
        };
        if matches {
            return Ok(cert);
        }
    }
    Err(match last_error {
        Some(e) => PkiError::SignerCertificateUnreadable(Box::new(e)),
        None if signed_data.certificates.is_empty() => PkiError::NoSignerCertificate,
        None => PkiError::SignerCertificateNotFound,
    })
}

/// Checks `signer` over `signed_data`'s content with `cert`'s key: the
/// content-type and message-digest signed attributes first (the digest
/// compared in constant time), then the signature over the DER `SET OF`
/// of the signed attributes (or over the content when there are none).
pub fn verify_signer_info(
    signed_data: &SignedData,
    signer: &SignerInfo,
    cert: &Certificate,
) -> Result<(), PkiError> {
    let digest_alg = HashAlgorithm::from_oid(&signer.digest_algorithm.oid)
        .ok_or_else(|| PkiError::UnsupportedDigest(signer.digest_algorithm.oid.clone()))?;
    let content = signed_data.content.as_deref().ok_or(PkiError::NoContent)?;
    let message: &[u8] = match &signer.signed_attrs {
        Some(attrs) => {
            match attrs.content_type()? {
                Some(ct) if ct == signed_data.content_type => {}
                Some(ct) => {
                    return Err(PkiError::ContentTypeMismatch {
                        signed: ct.to_string(),
                        actual: signed_data.content_type.clone(),
                    });
                }
                None => return Err(PkiError::MissingAttribute("content-type")),
            }
            let expected = attrs
                .message_digest()?
                .ok_or(PkiError::MissingAttribute("message-digest"))?;
            let actual = digest_alg.digest(content);
            if !bool::from(expected.as_slice().ct_eq(actual.as_slice())) {
                return Err(PkiError::DigestMismatch);
            }
            attrs.signed_bytes()
        }
        None => content,
    };
    let scheme = SignatureScheme::from_algorithm(&signer.signature_algorithm, Some(digest_alg))?;
    let key = cert.public_key()?;
    Ok(key.verify(&scheme, message, &signer.signature)?)
}
