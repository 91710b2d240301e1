//! Why a certificate, a CRL, a master list or a CMS signature was not accepted.

use crate::asn1::ber::DecodeError;
use crate::crypto::SignatureError;

/// Why a certificate, a CRL, a master list or a CMS signer was not accepted. The
/// passive-authentication report shows these as its reasons.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PkiError {
    /// Larger than this crate accepts.
    #[error("{what} larger than {limit} bytes")]
    TooLarge {
        /// What it is.
        what: &'static str,
        /// The limit in bytes.
        limit: usize,
    },
    /// Not the expected ASN.1 structure.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// x509-parser refused it.
    #[error("bad {what}: {detail}")]
    X509 {
        /// What it is.
        what: &'static str,
        /// x509-parser's reason.
        detail: String,
    },
    /// Bytes after the structure.
    #[error("data after the {0}")]
    TrailingData(&'static str),
    /// A CMS content type other than the one expected.
    #[error("content type {0} is not a CSCA master list")]
    WrongContentType(String),
    /// The signed content is missing.
    #[error("the signed content is missing")]
    NoContent,
    /// A `SignedData` without `SignerInfo`.
    #[error("no SignerInfo")]
    NoSigner,
    /// No certificate is included to check the signature with.
    #[error("no signer certificate is included")]
    NoSignerCertificate,
    /// No included certificate matches the `SignerInfo`.
    #[error("no included certificate matches the SignerInfo")]
    SignerCertificateNotFound,
    /// The included signer certificate cannot be decoded.
    #[error("the signer certificate is unreadable: {0}")]
    SignerCertificateUnreadable(Box<PkiError>),
    /// A digest algorithm this crate does not compute.
    #[error("unsupported digest algorithm {0}")]
    UnsupportedDigest(String),
    /// A mandatory signed attribute is missing.
    #[error("the {0} signed attribute is missing")]
    MissingAttribute(&'static str),
    /// The content-type signed attribute differs from the content type.
    #[error("signed content-type attribute {signed} differs from the content type {actual}")]
    ContentTypeMismatch {
        /// The signed attribute.
        signed: String,
        /// The content type.
        actual: String,
    },
    /// The message-digest signed attribute is not the digest of the content.
    #[error("the message-digest attribute does not match the content")]
    DigestMismatch,
    /// The master list signer certificate names no country (`C=`).
    #[error("the master list signer certificate names no country")]
    MasterListSignerNoCountry,
    /// No CSCA certificate of the signer's country in the master list verifies
    /// the signer certificate.
    #[error("no CSCA certificate of {country} in the master list issued its signer certificate")]
    MasterListSignerNotIssued {
        /// The signer's country.
        country: String,
    },
    /// The signature does not verify, or cannot be checked.
    #[error(transparent)]
    Signature(#[from] SignatureError),
}
