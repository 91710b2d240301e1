//! Detached CMS `SignedData` (RFC 5652) in the CAdES-BES form (ETSI EN 319 122-1):
//! signed attributes content-type, message-digest, signing-time and
//! signing-certificate-v2, ecdsa-with-SHA256, the signer's certificate (and any
//! other certificate the caller has) in the `certificates` set.
//!
//! Two steps, so that the card signs in between:
//! 1. [`SignedAttributes::new`] from the SHA-256 of the content and the signer's
//!    certificate; [`SignedAttributes::digest`] is the SHA-256 of their DER
//!    encoding, the 32 bytes the card signs (`EidSession::sign_digest`);
//! 2. [`SignedAttributes::into_signed_data`] with the card's (already verified)
//!    signature gives the DER `ContentInfo`, e.g. a `.p7s` file.
//!
//! Built on RustCrypto's `cms`, `der` and `x509-cert`; nothing is encoded by hand.

use std::time::SystemTime;

use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use const_oid::ObjectIdentifier;
use const_oid::db::{rfc5911, rfc5912};
use der::asn1::{GeneralizedTime, OctetString, SetOfVec, UtcTime};
use der::{Any, Decode, Encode, Sequence};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;
use x509_cert::attr::{Attribute, Attributes};
use x509_cert::ext::pkix::name::{GeneralName, GeneralNames};
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::AlgorithmIdentifierOwned;

use super::signature::VerifiedSignature;

/// Why a CMS signature could not be built. No variant carries secret data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CmsError {
    /// A certificate is not DER X.509.
    #[error("bad certificate for the CMS signature: {0}")]
    Certificate(String),
    /// A structure could not be DER-encoded (e.g. a time out of range).
    #[error("cannot encode the CMS signature: {0}")]
    Encoding(String),
    /// The signature was made with another certificate's key than the one named
    /// in the signed attributes.
    #[error("the signature was made under another certificate than the signer's")]
    OtherCertificate,
}

fn encoding(e: der::Error) -> CmsError {
    CmsError::Encoding(e.to_string())
}

/// `ESSCertIDv2` (RFC 5035) with the default hash algorithm, SHA-256 (omitted).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct EssCertIdV2 {
    cert_hash: OctetString,
    issuer_serial: IssuerSerial,
}

/// `IssuerSerial` (RFC 5035): the certificate's issuer and serial number.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct IssuerSerial {
    issuer: GeneralNames,
    serial_number: SerialNumber,
}

/// `SigningCertificateV2` (RFC 5035) without policies.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

fn attribute(oid: ObjectIdentifier, value: Any) -> Result<Attribute, CmsError> {
    Ok(Attribute {
        oid,
        values: SetOfVec::try_from(vec![value]).map_err(encoding)?,
    })
}

fn algorithm(oid: ObjectIdentifier) -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid,
        parameters: None,
    }
}

/// signing-time: UTCTime through 2049, GeneralizedTime after (RFC 5652 11.3).
fn signing_time(at: SystemTime) -> Result<Any, CmsError> {
    match UtcTime::from_system_time(at) {
        Ok(t) => Any::encode_from(&t),
        Err(_) => Any::encode_from(&GeneralizedTime::from_system_time(at).map_err(encoding)?),
    }
    .map_err(encoding)
}

/// The signed attributes of a CAdES-BES signature, ready for the card to sign.
#[derive(Debug, Clone)]
pub struct SignedAttributes {
    attributes: Attributes,
    der: Vec<u8>,
    signer: Certificate,
    signer_der: Vec<u8>,
}

impl SignedAttributes {
    /// The attributes for content whose SHA-256 is `content_digest`, signed by
    /// the holder of `signer_certificate` (DER) at `signing_time`.
    pub fn new(
        content_digest: &[u8; 32],
        signer_certificate: &[u8],
        signing_time_at: SystemTime,
    ) -> Result<Self, CmsError> {
        let signer = Certificate::from_der(signer_certificate)
            .map_err(|e| CmsError::Certificate(e.to_string()))?;
        let tbs = signer.tbs_certificate();
        let signing_certificate = SigningCertificateV2 {
            certs: vec![EssCertIdV2 {
                cert_hash: OctetString::new(Sha256::digest(signer_certificate).to_vec())
                    .map_err(encoding)?,
                issuer_serial: IssuerSerial {
                    issuer: vec![GeneralName::DirectoryName(tbs.issuer().clone())],
                    serial_number: tbs.serial_number().clone(),
                },
            }],
        };
        let attributes = SetOfVec::try_from(vec![
            attribute(
                rfc5911::ID_CONTENT_TYPE,
                Any::encode_from(&rfc5911::ID_DATA).map_err(encoding)?,
            )?,
            attribute(
                rfc5911::ID_MESSAGE_DIGEST,
                Any::encode_from(&OctetString::new(content_digest.to_vec()).map_err(encoding)?)
                    .map_err(encoding)?,
            )?,
            attribute(rfc5911::ID_SIGNING_TIME, signing_time(signing_time_at)?)?,
            attribute(
                rfc5911::ID_AA_SIGNING_CERTIFICATE_V_2,
                Any::encode_from(&signing_certificate).map_err(encoding)?,
            )?,
        ])
        .map_err(encoding)?;
        let der = attributes.to_der().map_err(encoding)?;
        Ok(SignedAttributes {
            attributes,
            der,
            signer,
            signer_der: signer_certificate.to_vec(),
        })
    }

    /// The DER encoding of the attributes (a `SET OF Attribute`), as signed.
    pub fn to_der(&self) -> &[u8] {
        &self.der
    }

    /// SHA-256 of [`Self::to_der`]: the digest the card signs.
    pub fn digest(&self) -> [u8; 32] {
        Sha256::digest(&self.der).into()
    }

    /// The detached `ContentInfo` holding the `SignedData`, DER: `signature` is
    /// the card's signature over [`Self::digest`], made with the key of the
    /// signer's certificate; `extra_certificates` (DER) join the signer's in the
    /// `certificates` set (e.g. the chain the card holds).
    pub fn into_signed_data(
        self,
        signature: &VerifiedSignature,
        extra_certificates: &[Vec<u8>],
    ) -> Result<Vec<u8>, CmsError> {
        if signature.certificate() != self.signer_der.as_slice() {
            return Err(CmsError::OtherCertificate);
        }
        let tbs = self.signer.tbs_certificate();
        let signer_info = SignerInfo {
            version: CmsVersion::V1,
            sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
                issuer: tbs.issuer().clone(),
                serial_number: tbs.serial_number().clone(),
            }),
            digest_alg: algorithm(rfc5912::ID_SHA_256),
            signed_attrs: Some(self.attributes),
            signature_algorithm: algorithm(rfc5912::ECDSA_WITH_SHA_256),
            signature: OctetString::new(signature.to_der()).map_err(encoding)?,
            unsigned_attrs: None,
        };
        let mut certificates = vec![CertificateChoices::Certificate(self.signer)];
        for der in extra_certificates {
            let cert =
                Certificate::from_der(der).map_err(|e| CmsError::Certificate(e.to_string()))?;
            certificates.push(CertificateChoices::Certificate(cert));
        }
        let signed_data = SignedData {
            version: CmsVersion::V1,
            digest_algorithms: SetOfVec::try_from(vec![algorithm(rfc5912::ID_SHA_256)])
                .map_err(encoding)?,
            encap_content_info: EncapsulatedContentInfo {
                econtent_type: rfc5911::ID_DATA,
                econtent: None,
            },
            certificates: Some(CertificateSet::try_from(certificates).map_err(encoding)?),
            crls: None,
            signer_infos: SignerInfos::try_from(vec![signer_info]).map_err(encoding)?,
        };
        ContentInfo {
            content_type: rfc5911::ID_SIGNED_DATA,
            content: Any::encode_from(&signed_data).map_err(encoding)?,
        }
        .to_der()
        .map_err(encoding)
    }
}
