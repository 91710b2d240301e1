//! The CMS signer check (RFC 5652 §5.6): signed attributes, then the
//! signature, for EF.SOD and master lists alike.

use subtle::ConstantTimeEq;

use super::cert::Certificate;
use crate::asn1::algorithm::{HashAlgorithm, SignatureScheme};
use crate::asn1::cms::{SignedData, SignerIdentifier, SignerInfo};

/// The certificate in `signed_data.certificates` that `signer` names.
pub fn find_signer_certificate(
    signed_data: &SignedData,
    signer: &SignerInfo,
) -> Result<Certificate, String> {
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
        Some(e) => format!("the signer certificate is unreadable: {e}"),
        None if signed_data.certificates.is_empty() => "no signer certificate is included".into(),
        None => "no included certificate matches the SignerInfo".into(),
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
) -> Result<(), String> {
    let digest_alg = HashAlgorithm::from_oid(&signer.digest_algorithm.oid).ok_or_else(|| {
        format!(
            "unsupported digest algorithm {}",
            signer.digest_algorithm.oid
        )
    })?;
    let content = signed_data
        .content
        .as_deref()
        .ok_or("the signed content is missing")?;
    let message: &[u8] = match &signer.signed_attrs {
        Some(attrs) => {
            match attrs.content_type()? {
                Some(ct) if ct == signed_data.content_type => {}
                Some(ct) => {
                    return Err(format!(
                        "signed content-type attribute {ct} differs from the content type {}",
                        signed_data.content_type
                    ));
                }
                None => return Err("the content-type signed attribute is missing".into()),
            }
            let expected = attrs
                .message_digest()?
                .ok_or("the message-digest signed attribute is missing")?;
            let actual = digest_alg.digest(content);
            if !bool::from(expected.as_slice().ct_eq(actual.as_slice())) {
                return Err(format!(
                    "the message-digest attribute does not match the {digest_alg} of the content"
                ));
            }
            attrs.signed_bytes()
        }
        None => content,
    };
    let scheme = SignatureScheme::from_algorithm(&signer.signature_algorithm, Some(digest_alg))?;
    let key = cert.public_key().map_err(|e| e.to_string())?;
    key.verify(&scheme, message, &signer.signature)
        .map_err(|e| format!("{scheme}: {e}"))
}
