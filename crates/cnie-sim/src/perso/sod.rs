//! EF.SOD (ICAO Doc 9303 Part 10 §4.6.2, RFC 5652): a CMS SignedData, DER,
//! whose content is the LDSSecurityObject v0 with the SHA-256 hash of every
//! data group, signed by the document signer over signed attributes
//! (contentType, signingTime, messageDigest) with sha256WithRSAEncryption.

use cnie::tlv;
use der::asn1::ObjectIdentifier;
use sha2::{Digest, Sha256};

use super::der::{
    algorithm, context, octet_string, oid, sequence, set_of, small_uint, uint, utc_time,
};
use super::signer::Signer;

/// id-signedData.
pub const SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
/// id-icao-mrtd-security-ldsSecurityObject.
pub const LDS_SECURITY_OBJECT: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.23.136.1.1.1");
/// id-sha256.
pub const SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
/// sha256WithRSAEncryption.
pub const SHA256_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
/// id-contentType.
pub const CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
/// id-messageDigest.
pub const MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
/// id-signingTime.
pub const SIGNING_TIME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");

/// Why EF.SOD could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SodError {
    /// The signing time is not usable.
    #[error(transparent)]
    Time(#[from] super::der::TimeError),
    /// The signer failed.
    #[error(transparent)]
    Signer(#[from] super::signer::SignerError),
}

/// SHA-256 of `data`.
pub fn sha256(data: &[u8]) -> Vec<u8> {
    Sha256::digest(data).to_vec()
}

/// The LDSSecurityObject v0 over `(data group number, contents)` pairs.
pub fn lds_security_object(groups: &[(u8, &[u8])]) -> Vec<u8> {
    let hashes: Vec<Vec<u8>> = groups
        .iter()
        .map(|(n, data)| sequence(&[&small_uint(u32::from(*n)), &octet_string(&sha256(data))]))
        .collect();
    sequence(&[
        &small_uint(0),
        &algorithm(&SHA256, false),
        &sequence(&[&hashes.concat()]),
    ])
}

/// One CMS attribute: `SEQUENCE { type, SET { value } }`.
fn attribute(id: &ObjectIdentifier, value: Vec<u8>) -> Vec<u8> {
    sequence(&[&oid(id), &set_of(vec![value])])
}

/// EF.SOD (`77 { ContentInfo }`) for `groups`, signed by `signer` at
/// `signing_time` (`YYYY-MM-DDTHH:MM:SSZ`).
pub fn ef_sod(
    groups: &[(u8, &[u8])],
    signer: &Signer,
    signing_time: &str,
) -> Result<Vec<u8>, SodError> {
    let content = lds_security_object(groups);
    let content_info = signed_content_info(&LDS_SECURITY_OBJECT, &content, signer, signing_time)?;
    Ok(tlv::encode(0x77, &content_info))
}

/// A CMS `ContentInfo` with `SignedData` over `content` of type `content_type`, signed by
/// `signer` at `signing_time` over signed attributes (contentType, signingTime,
/// messageDigest), SHA-256 with RSA; the signer's certificate is included.
pub fn signed_content_info(
    content_type: &ObjectIdentifier,
    content: &[u8],
    signer: &Signer,
    signing_time: &str,
) -> Result<Vec<u8>, SodError> {
    let attributes = vec![
        attribute(&CONTENT_TYPE, oid(content_type)),
        attribute(&SIGNING_TIME, utc_time(signing_time)?),
        attribute(&MESSAGE_DIGEST, octet_string(&sha256(content))),
    ];
    // Signed over the DER SET OF; stored with the [0] IMPLICIT tag.
    let signed_set = set_of(attributes);
    let signature = signer.sign(&signed_set)?;
    let mut signed_attrs = signed_set;
    if let Some(tag) = signed_attrs.first_mut() {
        *tag = 0xA0;
    }
    let sid = sequence(&[signer.issuer(), &uint(signer.serial())]);
    let signer_info = sequence(&[
        &small_uint(1),
        &sid,
        &algorithm(&SHA256, false),
        &signed_attrs,
        &algorithm(&SHA256_WITH_RSA, true),
        &octet_string(&signature),
    ]);
    let encap = sequence(&[
        oid(content_type).as_slice(),
        &context(0, &octet_string(content)),
    ]);
    let signed_data = sequence(&[
        &small_uint(3),
        &set_of(vec![algorithm(&SHA256, false)]),
        &encap,
        &context(0, signer.certificate()),
        &set_of(vec![signer_info]),
    ]);
    Ok(sequence(&[&oid(&SIGNED_DATA), &context(0, &signed_data)]))
}
