//! CMS `SignedData` (RFC 5652 §5) as EF.SOD and CSCA master lists carry it,
//! decoded from BER (indefinite lengths and constructed OCTET STRINGs accepted).

use std::sync::Arc;

use super::algorithm::AlgorithmIdentifier;
use super::ber::{self, DecodeError, Node, TagClass, tag};

/// `id-signedData`.
pub const ID_SIGNED_DATA: &str = "1.2.840.113549.1.7.2";
/// `id-contentType` attribute.
pub const ID_CONTENT_TYPE: &str = "1.2.840.113549.1.9.3";
/// `id-messageDigest` attribute.
pub const ID_MESSAGE_DIGEST: &str = "1.2.840.113549.1.9.4";
/// `id-signingTime` attribute.
pub const ID_SIGNING_TIME: &str = "1.2.840.113549.1.9.5";

/// A decoded `SignedData`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedData {
    /// `CMSVersion`.
    pub version: u64,
    /// `digestAlgorithms`.
    pub digest_algorithms: Vec<AlgorithmIdentifier>,
    /// `encapContentInfo.eContentType` (dotted OID).
    pub content_type: String,
    /// `encapContentInfo.eContent` (segments joined); `None` when detached. Shared:
    /// a master list's certificates keep their DER in it rather than copying it.
    pub content: Option<Arc<[u8]>>,
    /// The DER of each certificate in `certificates` (other choices skipped).
    pub certificates: Vec<Vec<u8>>,
    /// The DER of each CRL in `crls`.
    pub crls: Vec<Vec<u8>>,
    /// `signerInfos`.
    pub signer_infos: Vec<SignerInfo>,
}

/// How a `SignerInfo` names the signer's certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignerIdentifier {
    /// `issuerAndSerialNumber`.
    IssuerAndSerialNumber {
        /// The issuer `Name` (DER).
        issuer: Vec<u8>,
        /// The serial number (INTEGER content octets).
        serial: Vec<u8>,
    },
    /// `subjectKeyIdentifier`.
    SubjectKeyIdentifier(Vec<u8>),
}

/// A decoded `SignerInfo`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignerInfo {
    /// `CMSVersion`.
    pub version: u64,
    /// `sid`.
    pub sid: SignerIdentifier,
    /// `digestAlgorithm`.
    pub digest_algorithm: AlgorithmIdentifier,
    /// `signedAttrs`, if present.
    pub signed_attrs: Option<SignedAttributes>,
    /// `signatureAlgorithm`.
    pub signature_algorithm: AlgorithmIdentifier,
    /// `signature`.
    pub signature: Vec<u8>,
}

/// One attribute: type and the DER of each value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    /// `attrType` (dotted OID).
    pub oid: String,
    /// The DER of each value of `attrValues`.
    pub values: Vec<Vec<u8>>,
}

/// Signed attributes and the bytes the signature covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedAttributes {
    der: Vec<u8>,
    attributes: Vec<Attribute>,
}

impl SignedAttributes {
    /// The bytes the signature is computed over: the attributes re-encoded as
    /// an explicit `SET OF` (tag `31`) with a definite length (RFC 5652 §5.4).
    pub fn signed_bytes(&self) -> &[u8] {
        &self.der
    }

    /// All attributes in order.
    pub fn attributes(&self) -> &[Attribute] {
        &self.attributes
    }

    /// The single value of the attribute `oid`; `Ok(None)` when absent, an
    /// error when it occurs more than once or has several values (RFC 5652 §11).
    pub fn single_value(&self, oid: &str) -> Result<Option<&[u8]>, DecodeError> {
        let mut found = self.attributes.iter().filter(|a| a.oid == oid);
        let Some(first) = found.next() else {
            return Ok(None);
        };
        if found.next().is_some() {
            return Err(DecodeError(format!(
                "signed attribute {oid} occurs more than once"
            )));
        }
        match first.values.as_slice() {
            [one] => Ok(Some(one.as_slice())),
            _ => Err(DecodeError(format!(
                "signed attribute {oid} must have exactly one value"
            ))),
        }
    }

    /// The `content-type` attribute (dotted OID).
    pub fn content_type(&self) -> Result<Option<String>, DecodeError> {
        match self.single_value(ID_CONTENT_TYPE)? {
            None => Ok(None),
            Some(der) => ber::read_exact(der, "content-type attribute")
                .and_then(|n| n.oid("content-type attribute"))
                .map(Some),
        }
    }

    /// The `signing-time` attribute (RFC 5652 §11.3: `UTCTime` or `GeneralizedTime`),
    /// as Unix seconds.
    pub fn signing_time(&self) -> Result<Option<i64>, DecodeError> {
        let Some(der) = self.single_value(ID_SIGNING_TIME)? else {
            return Ok(None);
        };
        let node = ber::read_exact(der, "signing-time attribute")?;
        let generalized = if node.is(TagClass::Universal, tag::UTC_TIME) {
            false
        } else if node.is(TagClass::Universal, tag::GENERALIZED_TIME) {
            true
        } else {
            return Err(DecodeError::new(
                "signing-time attribute is neither UTCTime nor GeneralizedTime",
            ));
        };
        if node.constructed {
            return Err(DecodeError::new("signing-time attribute is constructed"));
        }
        super::time::unix_from_asn1_time(node.content, generalized)
            .map(Some)
            .ok_or_else(|| DecodeError::new("signing-time attribute is not a valid time"))
    }

    /// The `message-digest` attribute.
    pub fn message_digest(&self) -> Result<Option<Vec<u8>>, DecodeError> {
        match self.single_value(ID_MESSAGE_DIGEST)? {
            None => Ok(None),
            Some(der) => ber::read_exact(der, "message-digest attribute")
                .and_then(|n| n.octets("message-digest attribute").map(|c| c.into_owned()))
                .map(Some),
        }
    }
}

impl SignedData {
    /// Decodes a BER `ContentInfo` holding `SignedData` (bytes after it are
    /// ignored).
    pub fn parse(bytes: &[u8]) -> Result<SignedData, DecodeError> {
        parse_content_info(bytes)
    }
}

/// Decodes a `ContentInfo` holding `SignedData`.
pub(crate) fn parse_content_info(bytes: &[u8]) -> ber::Result<SignedData> {
    let (node, _rest) = ber::read(bytes)?;
    parse_content_info_node(&node)
}

/// Decodes a `ContentInfo` element holding `SignedData`.
pub(crate) fn parse_content_info_node(node: &Node<'_>) -> ber::Result<SignedData> {
    let ci = node.sequence("ContentInfo")?;
    let mut it = ci.children();
    let content_type = it.expect_next("contentType")?.oid("contentType")?;
    if content_type != ID_SIGNED_DATA {
        return Err(DecodeError(format!(
            "content type {content_type} is not signedData"
        )));
    }
    let content = it
        .expect_next("content")?
        .expect(TagClass::Context, 0, true, "content")?
        .explicit_inner("content")?;
    parse_signed_data(&content)
}

fn parse_signed_data(node: &Node<'_>) -> ber::Result<SignedData> {
    let sd = node.sequence("SignedData")?;
    let mut it = sd.children();
    let version = it
        .expect_next("version")?
        .small_uint("SignedData version")?;
    let digest_algorithms = it
        .expect_next("digestAlgorithms")?
        .set("digestAlgorithms")?
        .children()
        .map(|n| AlgorithmIdentifier::from_node(&n?, "digestAlgorithm"))
        .collect::<ber::Result<Vec<_>>>()?;

    let eci = it
        .expect_next("encapContentInfo")?
        .sequence("encapContentInfo")?;
    let mut e = eci.children();
    let content_type = e.expect_next("eContentType")?.oid("eContentType")?;
    let content = match e.next_if(TagClass::Context, 0)? {
        Some(wrapper) => Some(
            wrapper
                .explicit_inner("eContent")?
                .octets("eContent")?
                .as_ref()
                .into(),
        ),
        None => None,
    };
    if !e.is_empty() {
        return Err(DecodeError::new("encapContentInfo: extra fields"));
    }

    let mut certificates = Vec::new();
    if let Some(set) = it.next_if(TagClass::Context, 0)? {
        for cert in set.children() {
            let cert = cert?;
            // Only the `Certificate` choice (a SEQUENCE); skip other choices.
            if cert.is(TagClass::Universal, tag::SEQUENCE) {
                certificates.push(cert.raw.to_vec());
            }
        }
    }
    let mut crls = Vec::new();
    if let Some(set) = it.next_if(TagClass::Context, 1)? {
        for crl in set.children() {
            let crl = crl?;
            if crl.is(TagClass::Universal, tag::SEQUENCE) {
                crls.push(crl.raw.to_vec());
            }
        }
    }
    let signer_infos = it
        .expect_next("signerInfos")?
        .set("signerInfos")?
        .children()
        .map(|n| parse_signer_info(&n?))
        .collect::<ber::Result<Vec<_>>>()?;
    if !it.is_empty() {
        return Err(DecodeError::new("SignedData: extra fields"));
    }
    Ok(SignedData {
        version,
        digest_algorithms,
        content_type,
        content,
        certificates,
        crls,
        signer_infos,
    })
}

fn parse_signer_info(node: &Node<'_>) -> ber::Result<SignerInfo> {
    let si = node.sequence("SignerInfo")?;
    let mut it = si.children();
    let version = it
        .expect_next("version")?
        .small_uint("SignerInfo version")?;
    let sid_node = it.expect_next("sid")?;
    let sid = if sid_node.is(TagClass::Universal, tag::SEQUENCE) {
        let mut s = sid_node.children();
        let issuer = s.expect_next("issuer")?.sequence("issuer")?.raw.to_vec();
        let serial = s
            .expect_next("serialNumber")?
            .integer("serialNumber")?
            .to_vec();
        SignerIdentifier::IssuerAndSerialNumber { issuer, serial }
    } else if sid_node.is(TagClass::Context, 0) {
        SignerIdentifier::SubjectKeyIdentifier(
            sid_node
                .implicit_string_bytes("subjectKeyIdentifier")?
                .into_owned(),
        )
    } else {
        return Err(DecodeError::new("SignerInfo: unknown sid choice"));
    };
    let digest_algorithm =
        AlgorithmIdentifier::from_node(&it.expect_next("digestAlgorithm")?, "digestAlgorithm")?;
    let signed_attrs = match it.next_if(TagClass::Context, 0)? {
        Some(attrs) => Some(parse_signed_attrs(&attrs)?),
        None => None,
    };
    let signature_algorithm = AlgorithmIdentifier::from_node(
        &it.expect_next("signatureAlgorithm")?,
        "signatureAlgorithm",
    )?;
    let signature = it
        .expect_next("signature")?
        .octets("signature")?
        .into_owned();
    // unsignedAttrs [1] may follow; nothing else.
    let _unsigned = it.next_if(TagClass::Context, 1)?;
    if !it.is_empty() {
        return Err(DecodeError::new("SignerInfo: extra fields"));
    }
    Ok(SignerInfo {
        version,
        sid,
        digest_algorithm,
        signed_attrs,
        signature_algorithm,
        signature,
    })
}

fn parse_signed_attrs(node: &Node<'_>) -> ber::Result<SignedAttributes> {
    if !node.constructed {
        return Err(DecodeError::new("signedAttrs is not constructed"));
    }
    let mut attributes = Vec::new();
    for attr in node.children() {
        let attr = attr?.sequence("Attribute")?;
        let mut a = attr.children();
        let oid = a.expect_next("attrType")?.oid("attrType")?;
        let values = a
            .expect_next("attrValues")?
            .set("attrValues")?
            .children()
            .map(|v| v.map(|v| v.raw.to_vec()))
            .collect::<ber::Result<Vec<_>>>()?;
        attributes.push(Attribute { oid, values });
    }
    let mut der = Vec::with_capacity(node.content.len() + 6);
    der.push(0x31);
    der.extend_from_slice(&ber::encode_length(node.content.len()));
    der.extend_from_slice(node.content);
    Ok(SignedAttributes { der, attributes })
}
