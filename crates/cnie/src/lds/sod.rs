//! EF.SOD, the Document Security Object (ICAO Doc 9303 part 10 §4.6.2).
//!
//! The file is tag `77` around a CMS `ContentInfo` whose `SignedData`
//! encapsulates an `LDSSecurityObject` (`id-icao-mrtd-security-ldsSecurityObject`,
//! 2.23.136.1.1.1): the hash of every data group, signed by the Document
//! Signer. Chips write it in BER (indefinite lengths, constructed OCTET
//! STRINGs), so it is decoded with a BER reader, bounded at every step.
//!
//! Checking the hashes and the signature is [`crate::pa`]'s job.

use std::collections::BTreeMap;

use crate::asn1::algorithm::{AlgorithmIdentifier, HashAlgorithm};
use crate::asn1::ber::{self, Node, TagClass, tag};
use crate::asn1::cms::{self, SignedData, SignerInfo};
use crate::error::{Error, Result};

/// `id-icao-mrtd-security-ldsSecurityObject`.
pub const LDS_SECURITY_OBJECT_OID: &str = "2.23.136.1.1.1";

/// The name used in errors.
const FILE: &str = "EF.SOD";

/// Largest EF.SOD accepted (real ones are a few KiB).
pub const MAX_SOD_LEN: usize = 1 << 20;

/// `LDSVersionInfo` (present in `LDSSecurityObject` v1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LdsVersionInfo {
    /// `ldsVersion`, e.g. "0108".
    pub lds_version: String,
    /// `unicodeVersion`, e.g. "040000".
    pub unicode_version: String,
}

/// The signed content of EF.SOD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LdsSecurityObject {
    /// 0 (LDS 1.7) or 1 (LDS 1.8, with `ldsVersionInfo`).
    pub version: u8,
    /// The hash function of the data-group hashes.
    pub hash_algorithm: HashAlgorithm,
    /// The hash of each data group, by data-group number (1–16).
    pub data_group_hashes: BTreeMap<u8, Vec<u8>>,
    /// `ldsVersionInfo` (v1 only).
    pub lds_version: Option<LdsVersionInfo>,
}

/// A decoded EF.SOD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sod {
    signed_data: SignedData,
    econtent: std::sync::Arc<[u8]>,
    security_object: LdsSecurityObject,
}

impl Sod {
    /// Decodes EF.SOD as read from the chip (tag `77` included; a bare
    /// `ContentInfo` is accepted too).
    pub fn parse(bytes: &[u8]) -> Result<Sod> {
        if bytes.len() > MAX_SOD_LEN {
            return Err(Error::FileTooLarge(FILE.into()));
        }
        let malformed = |e: ber::DecodeError| Error::malformed(FILE, e);
        let (outer, rest) = ber::read(bytes).map_err(malformed)?;
        if rest.iter().any(|b| *b != 0x00 && *b != 0xFF) {
            return Err(Error::malformed(FILE, "data after the security object"));
        }
        let content_info = if outer.is(TagClass::Application, 23) && outer.constructed {
            outer.explicit_inner("EF.SOD").map_err(malformed)?
        } else if outer.is(TagClass::Universal, tag::SEQUENCE) {
            outer
        } else {
            return Err(Error::malformed(FILE, "does not start with tag 77"));
        };
        let signed_data = cms::parse_content_info_node(&content_info).map_err(malformed)?;
        if signed_data.content_type != LDS_SECURITY_OBJECT_OID {
            return Err(Error::malformed(
                FILE,
                format!(
                    "content type {} is not the LDS security object",
                    signed_data.content_type
                ),
            ));
        }
        let econtent = signed_data
            .content
            .clone()
            .ok_or_else(|| Error::malformed(FILE, "no encapsulated content"))?;
        if signed_data.signer_infos.len() != 1 {
            return Err(Error::malformed(
                FILE,
                format!(
                    "{} signer infos instead of exactly one",
                    signed_data.signer_infos.len()
                ),
            ));
        }
        let security_object = parse_security_object(&econtent).map_err(malformed)?;
        Ok(Sod {
            signed_data,
            econtent,
            security_object,
        })
    }

    /// The hash function of the data-group hashes.
    pub fn hash_algorithm(&self) -> HashAlgorithm {
        self.security_object.hash_algorithm
    }

    /// The hash of each data group, by number.
    pub fn data_group_hashes(&self) -> &BTreeMap<u8, Vec<u8>> {
        &self.security_object.data_group_hashes
    }

    /// The hash of data group `dg`, if listed.
    pub fn data_group_hash(&self, dg: u8) -> Option<&[u8]> {
        self.security_object
            .data_group_hashes
            .get(&dg)
            .map(Vec::as_slice)
    }

    /// The numbers of the data groups listed, ascending.
    pub fn data_group_numbers(&self) -> Vec<u8> {
        self.security_object
            .data_group_hashes
            .keys()
            .copied()
            .collect()
    }

    /// The decoded `LDSSecurityObject`.
    pub fn security_object(&self) -> &LdsSecurityObject {
        &self.security_object
    }

    /// `ldsVersionInfo`, when the object is version 1.
    pub fn lds_version(&self) -> Option<&LdsVersionInfo> {
        self.security_object.lds_version.as_ref()
    }

    /// The encapsulated content: the DER of the `LDSSecurityObject` as signed.
    pub fn econtent(&self) -> &[u8] {
        &self.econtent
    }

    /// `eContentType` (always [`LDS_SECURITY_OBJECT_OID`] once parsed).
    pub fn econtent_type(&self) -> &str {
        &self.signed_data.content_type
    }

    /// `SignedData.digestAlgorithms`.
    pub fn digest_algorithms(&self) -> &[AlgorithmIdentifier] {
        &self.signed_data.digest_algorithms
    }

    /// The DER of each certificate carried in the SOD (normally the Document
    /// Signer certificate).
    pub fn certificates(&self) -> &[Vec<u8>] {
        &self.signed_data.certificates
    }

    /// The single `SignerInfo`.
    #[expect(
        clippy::indexing_slicing,
        reason = "parse() refuses any SOD without exactly one SignerInfo"
    )]
    pub fn signer_info(&self) -> &SignerInfo {
        &self.signed_data.signer_infos[0]
    }

    /// The whole `SignedData`.
    pub fn signed_data(&self) -> &SignedData {
        &self.signed_data
    }
}

/// Decodes `LDSSecurityObject`.
fn parse_security_object(der: &[u8]) -> ber::Result<LdsSecurityObject> {
    let (node, rest) = ber::read(der)?;
    if !rest.is_empty() {
        return Err(ber::DecodeError::new(
            "LDSSecurityObject: data after the object",
        ));
    }
    let seq = node.sequence("LDSSecurityObject")?;
    let mut it = seq.children();
    let version = it.expect_next("version")?.small_uint("version")?;
    let version = match version {
        0 => 0,
        1 => 1,
        v => {
            return Err(ber::DecodeError(format!(
                "LDSSecurityObject version {v} is unknown"
            )));
        }
    };
    let alg = AlgorithmIdentifier::from_node(&it.expect_next("hashAlgorithm")?, "hashAlgorithm")?;
    let hash_algorithm = alg
        .hash()
        .ok_or_else(|| ber::DecodeError(format!("unsupported hash algorithm {}", alg.oid)))?;
    let hashes = it
        .expect_next("dataGroupHashValues")?
        .sequence("dataGroupHashValues")?;
    let mut data_group_hashes = BTreeMap::new();
    for entry in hashes.children() {
        let (dg, hash) = parse_dg_hash(&entry?)?;
        if data_group_hashes.insert(dg, hash).is_some() {
            return Err(ber::DecodeError(format!("DG{dg} is listed twice")));
        }
    }
    if data_group_hashes.is_empty() {
        return Err(ber::DecodeError::new("no data-group hash"));
    }
    let lds_version = match it.next() {
        None => None,
        Some(node) => {
            let node = node?.sequence("ldsVersionInfo")?;
            let mut v = node.children();
            let lds_version = v.expect_next("ldsVersion")?.text("ldsVersion")?;
            let unicode_version = v.expect_next("unicodeVersion")?.text("unicodeVersion")?;
            Some(LdsVersionInfo {
                lds_version,
                unicode_version,
            })
        }
    };
    if !it.is_empty() {
        return Err(ber::DecodeError::new("LDSSecurityObject: extra fields"));
    }
    if version == 1 && lds_version.is_none() {
        return Err(ber::DecodeError::new(
            "LDSSecurityObject v1 without ldsVersionInfo",
        ));
    }
    Ok(LdsSecurityObject {
        version,
        hash_algorithm,
        data_group_hashes,
        lds_version,
    })
}

fn parse_dg_hash(node: &Node<'_>) -> ber::Result<(u8, Vec<u8>)> {
    let seq = node.sequence("DataGroupHash")?;
    let mut it = seq.children();
    let number = it
        .expect_next("dataGroupNumber")?
        .small_uint("dataGroupNumber")?;
    let dg = u8::try_from(number)
        .ok()
        .filter(|n| (1..=16).contains(n))
        .ok_or_else(|| ber::DecodeError(format!("data-group number {number} out of range")))?;
    let hash = it
        .expect_next("dataGroupHashValue")?
        .octets("dataGroupHashValue")?;
    if hash.is_empty() || hash.len() > 64 {
        return Err(ber::DecodeError(format!(
            "DG{dg}: hash of {} bytes",
            hash.len()
        )));
    }
    if !it.is_empty() {
        return Err(ber::DecodeError::new("DataGroupHash: extra fields"));
    }
    Ok((dg, hash.into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::asn1::cms::SignerIdentifier;
    use crate::test_support::{read_vector, try_read_vector};

    fn sample(name: &str, file: &str) -> Vec<u8> {
        read_vector(format!("samples/{name}/{file}"))
    }

    /// Every data-group file of a sample hashes to the value its SOD lists.
    fn check_sample(name: &str, hash: HashAlgorithm, dgs: &[u8]) -> Sod {
        let sod = Sod::parse(&sample(name, "EF.SOD.bin")).unwrap();
        assert_eq!(sod.hash_algorithm(), hash);
        assert_eq!(sod.data_group_numbers(), dgs);
        assert_eq!(sod.econtent_type(), LDS_SECURITY_OBJECT_OID);
        assert_eq!(sod.certificates().len(), 1);
        for &dg in dgs {
            if let Some(bytes) = try_read_vector(format!("samples/{name}/DG{dg}.bin")) {
                assert_eq!(
                    sod.data_group_hash(dg).unwrap(),
                    hash.digest(&bytes).as_slice(),
                    "{name} DG{dg}"
                );
            }
        }
        sod
    }

    #[test]
    fn bsi2008_parses() {
        let sod = check_sample("bsi2008", HashAlgorithm::Sha1, &[1, 2, 3, 14]);
        let signer = sod.signer_info();
        assert_eq!(signer.digest_algorithm.oid, "1.3.14.3.2.26");
        assert_eq!(signer.signature_algorithm.oid, "1.2.840.10045.4.1");
        assert!(matches!(
            &signer.sid,
            SignerIdentifier::IssuerAndSerialNumber { serial, .. } if serial == &[0x12, 0x67]
        ));
        let attrs = signer.signed_attrs.as_ref().unwrap();
        assert_eq!(
            attrs.content_type().unwrap().as_deref(),
            Some(LDS_SECURITY_OBJECT_OID)
        );
        assert_eq!(
            hex::encode(attrs.message_digest().unwrap().unwrap()),
            "111cb0211c65b480c369ee7059636c4c1d93b573"
        );
        assert_eq!(attrs.signed_bytes().first(), Some(&0x31));
        assert_eq!(sod.security_object().version, 0);
        assert_eq!(sod.lds_version(), None);
        assert_eq!(signer.signature.len(), 64);
    }

    #[test]
    fn loes2006_parses() {
        let sod = check_sample("loes2006", HashAlgorithm::Sha256, &[1, 2, 15]);
        let signer = sod.signer_info();
        assert_eq!(signer.signature_algorithm.oid, "1.2.840.113549.1.1.11");
        assert_eq!(signer.signature.len(), 256);
        assert_eq!(
            hex::encode(sod.data_group_hash(15).unwrap()),
            "cb54d8b2ef0a2eba98f69c1162ab6308386343a4efe66b5ac8037e240bfe051d"
        );
    }

    #[test]
    fn nz2013_ber_parses() {
        // Indefinite lengths throughout: a strict DER parser rejects this file.
        let sod = check_sample("nz2013", HashAlgorithm::Sha256, &[1, 2, 12, 13, 15]);
        let signer = sod.signer_info();
        assert_eq!(signer.signature_algorithm.oid, "1.2.840.113549.1.1.1");
        assert_eq!(sod.digest_algorithms()[0].oid, "2.16.840.1.101.3.4.2.1");
        assert_eq!(
            hex::encode(sod.data_group_hash(1).unwrap()),
            "47cca135b408f4c1c1d334a5eaf0fc893fe1b36d7daed5ddc320afc3e9f7a022"
        );
        let attrs = signer.signed_attrs.as_ref().unwrap();
        assert_eq!(attrs.attributes().len(), 3);
        assert_eq!(
            hex::encode(attrs.message_digest().unwrap().unwrap()),
            "86190585d3c7e6ca6c8e897540063771fefe585c8dbae34e1ac7b092f1e2a0ad"
        );
        assert_eq!(sod.econtent().len(), 217);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let good = sample("loes2006", "EF.SOD.bin");
        assert!(Sod::parse(&[]).is_err());
        assert!(Sod::parse(&[0x77]).is_err());
        assert!(Sod::parse(&[0x77, 0x80, 0x00, 0x00]).is_err());
        // Every truncation fails cleanly.
        for len in 0..good.len() {
            assert!(Sod::parse(&good[..len]).is_err(), "truncated to {len}");
        }
        // Flipping any single byte never panics.
        for i in 0..good.len() {
            let mut bad = good.clone();
            bad[i] ^= 0xA5;
            let _ = Sod::parse(&bad);
        }
        let err = Sod::parse(&[0x01, 0x02]).unwrap_err();
        assert!(err.to_string().contains("EF.SOD"), "{err}");
    }
}
