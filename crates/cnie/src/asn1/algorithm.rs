//! Algorithm identifiers: hash functions and signature schemes found in
//! EF.SOD, certificates and CRLs (RFC 5652, RFC 4055, RFC 5758, BSI TR-03111).

use sha1::Sha1;
use sha2::{Digest, Sha224, Sha256, Sha384, Sha512};

use super::ber::{self, DecodeError, Node, TagClass, tag};

/// A hash function allowed for ICAO 9303 data-group hashes and signatures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HashAlgorithm {
    /// SHA-1 (still found in older documents).
    Sha1,
    /// SHA-224.
    Sha224,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl HashAlgorithm {
    /// The hash named by an OID (`1.3.14.3.2.26`, `2.16.840.1.101.3.4.2.x`).
    pub fn from_oid(oid: &str) -> Option<Self> {
        match oid {
            "1.3.14.3.2.26" => Some(Self::Sha1),
            "2.16.840.1.101.3.4.2.4" => Some(Self::Sha224),
            "2.16.840.1.101.3.4.2.1" => Some(Self::Sha256),
            "2.16.840.1.101.3.4.2.2" => Some(Self::Sha384),
            "2.16.840.1.101.3.4.2.3" => Some(Self::Sha512),
            _ => None,
        }
    }

    /// The OID of the hash function.
    pub fn oid(self) -> &'static str {
        match self {
            Self::Sha1 => "1.3.14.3.2.26",
            Self::Sha224 => "2.16.840.1.101.3.4.2.4",
            Self::Sha256 => "2.16.840.1.101.3.4.2.1",
            Self::Sha384 => "2.16.840.1.101.3.4.2.2",
            Self::Sha512 => "2.16.840.1.101.3.4.2.3",
        }
    }

    /// The usual name ("SHA-256").
    pub fn name(self) -> &'static str {
        match self {
            Self::Sha1 => "SHA-1",
            Self::Sha224 => "SHA-224",
            Self::Sha256 => "SHA-256",
            Self::Sha384 => "SHA-384",
            Self::Sha512 => "SHA-512",
        }
    }

    /// Output length in bytes.
    pub fn output_len(self) -> usize {
        match self {
            Self::Sha1 => 20,
            Self::Sha224 => 28,
            Self::Sha256 => 32,
            Self::Sha384 => 48,
            Self::Sha512 => 64,
        }
    }

    /// The hash of `data`.
    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Self::Sha1 => Sha1::digest(data).to_vec(),
            Self::Sha224 => Sha224::digest(data).to_vec(),
            Self::Sha256 => Sha256::digest(data).to_vec(),
            Self::Sha384 => Sha384::digest(data).to_vec(),
            Self::Sha512 => Sha512::digest(data).to_vec(),
        }
    }
}

impl std::fmt::Display for HashAlgorithm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// An `AlgorithmIdentifier`: an OID and its optional parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlgorithmIdentifier {
    /// Dotted OID.
    pub oid: String,
    /// The DER of the parameters element; `None` when absent or NULL.
    pub parameters: Option<Vec<u8>>,
}

impl AlgorithmIdentifier {
    /// Decodes an `AlgorithmIdentifier` SEQUENCE.
    pub(crate) fn from_node(node: &Node<'_>, what: &str) -> ber::Result<Self> {
        let node = node.sequence(what)?;
        let mut it = node.children();
        let oid = it.expect_next(what)?.oid(what)?;
        let parameters = match it.next() {
            None => None,
            Some(p) => {
                let p = p?;
                if p.is(TagClass::Universal, tag::NULL) {
                    None
                } else {
                    Some(p.raw.to_vec())
                }
            }
        };
        if it.next().is_some() {
            return Err(ber::DecodeError(format!("{what}: extra fields")));
        }
        Ok(AlgorithmIdentifier { oid, parameters })
    }

    /// Decodes the DER of an `AlgorithmIdentifier`.
    pub(crate) fn from_der(der: &[u8], what: &str) -> ber::Result<Self> {
        Self::from_node(&ber::read_exact(der, what)?, what)
    }

    /// The hash function this identifier names, if it names one.
    pub fn hash(&self) -> Option<HashAlgorithm> {
        HashAlgorithm::from_oid(&self.oid)
    }
}

/// How a signature is made: padding or curve scheme and hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureScheme {
    /// RSASSA-PKCS1-v1_5.
    RsaPkcs1v15 {
        /// Hash of the message.
        hash: HashAlgorithm,
    },
    /// RSASSA-PSS.
    RsaPss {
        /// Hash of the message.
        hash: HashAlgorithm,
        /// Hash used by MGF1.
        mgf_hash: HashAlgorithm,
        /// Salt length in bytes.
        salt_len: usize,
    },
    /// ECDSA.
    Ecdsa {
        /// Hash of the message.
        hash: HashAlgorithm,
        /// `true` for the plain `r || s` format of BSI TR-03111, `false` for the
        /// DER `ECDSA-Sig-Value` of X9.62 / RFC 5758.
        plain: bool,
    },
}

impl SignatureScheme {
    /// The hash function of the scheme.
    pub fn hash(&self) -> HashAlgorithm {
        match *self {
            Self::RsaPkcs1v15 { hash } | Self::RsaPss { hash, .. } | Self::Ecdsa { hash, .. } => {
                hash
            }
        }
    }

    /// Whether the scheme is an RSA scheme.
    pub fn is_rsa(&self) -> bool {
        !matches!(self, Self::Ecdsa { .. })
    }

    /// The scheme of a signature algorithm identifier. `digest` is the digest
    /// algorithm declared beside it (CMS SignerInfo), needed when the identifier
    /// names only the key type (`rsaEncryption`, `id-ecPublicKey`).
    pub fn from_algorithm(
        alg: &AlgorithmIdentifier,
        digest: Option<HashAlgorithm>,
    ) -> Result<Self, DecodeError> {
        use HashAlgorithm::*;
        let needs_digest = || {
            digest.ok_or_else(|| {
                DecodeError(format!(
                    "signature algorithm {} needs a digest algorithm beside it",
                    alg.oid
                ))
            })
        };
        let scheme = match alg.oid.as_str() {
            "1.2.840.113549.1.1.1" => Self::RsaPkcs1v15 {
                hash: needs_digest()?,
            },
            "1.2.840.113549.1.1.5" => Self::RsaPkcs1v15 { hash: Sha1 },
            "1.2.840.113549.1.1.14" => Self::RsaPkcs1v15 { hash: Sha224 },
            "1.2.840.113549.1.1.11" => Self::RsaPkcs1v15 { hash: Sha256 },
            "1.2.840.113549.1.1.12" => Self::RsaPkcs1v15 { hash: Sha384 },
            "1.2.840.113549.1.1.13" => Self::RsaPkcs1v15 { hash: Sha512 },
            "1.2.840.113549.1.1.10" => pss_params(alg.parameters.as_deref())?,
            "1.2.840.10045.2.1" => Self::Ecdsa {
                hash: needs_digest()?,
                plain: false,
            },
            "1.2.840.10045.4.1" => Self::Ecdsa {
                hash: Sha1,
                plain: false,
            },
            "1.2.840.10045.4.3.1" => Self::Ecdsa {
                hash: Sha224,
                plain: false,
            },
            "1.2.840.10045.4.3.2" => Self::Ecdsa {
                hash: Sha256,
                plain: false,
            },
            "1.2.840.10045.4.3.3" => Self::Ecdsa {
                hash: Sha384,
                plain: false,
            },
            "1.2.840.10045.4.3.4" => Self::Ecdsa {
                hash: Sha512,
                plain: false,
            },
            // BSI TR-03111 ecdsa-plain-SHA*.
            "0.4.0.127.0.7.1.1.4.1.1" => Self::Ecdsa {
                hash: Sha1,
                plain: true,
            },
            "0.4.0.127.0.7.1.1.4.1.2" => Self::Ecdsa {
                hash: Sha224,
                plain: true,
            },
            "0.4.0.127.0.7.1.1.4.1.3" => Self::Ecdsa {
                hash: Sha256,
                plain: true,
            },
            "0.4.0.127.0.7.1.1.4.1.4" => Self::Ecdsa {
                hash: Sha384,
                plain: true,
            },
            "0.4.0.127.0.7.1.1.4.1.5" => Self::Ecdsa {
                hash: Sha512,
                plain: true,
            },
            other => {
                return Err(DecodeError(format!(
                    "unsupported signature algorithm {other}"
                )));
            }
        };
        Ok(scheme)
    }
}

impl std::fmt::Display for SignatureScheme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::RsaPkcs1v15 { hash } => write!(f, "RSA PKCS#1 v1.5 with {hash}"),
            Self::RsaPss {
                hash,
                mgf_hash,
                salt_len,
            } => write!(
                f,
                "RSA-PSS with {hash} (MGF1 {mgf_hash}, salt {salt_len} bytes)"
            ),
            Self::Ecdsa { hash, plain } => write!(
                f,
                "ECDSA with {hash}{}",
                if *plain { " (plain)" } else { "" }
            ),
        }
    }
}

/// Decodes `RSASSA-PSS-params` (RFC 4055 §3.1) with its defaults
/// (SHA-1, MGF1 with SHA-1, salt 20, trailer 1).
fn pss_params(params: Option<&[u8]>) -> Result<SignatureScheme, DecodeError> {
    let mut hash = HashAlgorithm::Sha1;
    let mut mgf_hash = HashAlgorithm::Sha1;
    let mut salt_len: usize = 20;
    let Some(params) = params else {
        return Ok(SignatureScheme::RsaPss {
            hash,
            mgf_hash,
            salt_len,
        });
    };
    let err = |e: ber::DecodeError| DecodeError(format!("RSA-PSS parameters: {e}"));
    let seq = ber::read_exact(params, "RSA-PSS parameters")
        .and_then(|n| n.sequence("RSA-PSS parameters"))
        .map_err(err)?;
    for field in seq.children() {
        let field = field.map_err(err)?;
        if field.class != TagClass::Context {
            return Err("RSA-PSS parameters: unexpected field".into());
        }
        let inner = field.explicit_inner("RSA-PSS parameter").map_err(err)?;
        match field.tag {
            0 => {
                let alg = AlgorithmIdentifier::from_node(&inner, "PSS hash").map_err(err)?;
                hash = alg
                    .hash()
                    .ok_or_else(|| DecodeError(format!("RSA-PSS: unsupported hash {}", alg.oid)))?;
            }
            1 => {
                let mgf = AlgorithmIdentifier::from_node(&inner, "PSS MGF").map_err(err)?;
                if mgf.oid != "1.2.840.113549.1.1.8" {
                    return Err(DecodeError(format!(
                        "RSA-PSS: unsupported mask generation {}",
                        mgf.oid
                    )));
                }
                let inner_alg = mgf
                    .parameters
                    .as_deref()
                    .ok_or("RSA-PSS: MGF1 without a hash")?;
                let alg = AlgorithmIdentifier::from_der(inner_alg, "MGF1 hash").map_err(err)?;
                mgf_hash = alg.hash().ok_or_else(|| {
                    DecodeError(format!("RSA-PSS: unsupported MGF1 hash {}", alg.oid))
                })?;
            }
            2 => {
                let n = inner.small_uint("PSS salt length").map_err(err)?;
                salt_len = usize::try_from(n)
                    .ok()
                    .filter(|n| *n <= 1024)
                    .ok_or("RSA-PSS: salt length out of range")?;
            }
            3 => {
                if inner.small_uint("PSS trailer").map_err(err)? != 1 {
                    return Err("RSA-PSS: unsupported trailer field".into());
                }
            }
            _ => return Err("RSA-PSS parameters: unexpected field".into()),
        }
    }
    Ok(SignatureScheme::RsaPss {
        hash,
        mgf_hash,
        salt_len,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_match_known_answers() {
        // FIPS 180 "abc" examples.
        assert_eq!(
            hex::encode(HashAlgorithm::Sha1.digest(b"abc")),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(
            hex::encode(HashAlgorithm::Sha256.digest(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        for h in [
            HashAlgorithm::Sha1,
            HashAlgorithm::Sha224,
            HashAlgorithm::Sha256,
            HashAlgorithm::Sha384,
            HashAlgorithm::Sha512,
        ] {
            assert_eq!(HashAlgorithm::from_oid(h.oid()), Some(h));
            assert_eq!(h.digest(b"").len(), h.output_len());
        }
    }

    #[test]
    fn pss_parameters_decode() {
        // RSASSA-PSS-params: SHA-256, MGF1(SHA-256), salt 32 (as openssl writes them).
        let params = hex::decode(
            "3034a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d060960864801650304020105\
             00a203020120",
        )
        .unwrap();
        let alg = AlgorithmIdentifier {
            oid: "1.2.840.113549.1.1.10".into(),
            parameters: Some(params),
        };
        assert_eq!(
            SignatureScheme::from_algorithm(&alg, None).unwrap(),
            SignatureScheme::RsaPss {
                hash: HashAlgorithm::Sha256,
                mgf_hash: HashAlgorithm::Sha256,
                salt_len: 32
            }
        );
        // Absent parameters: the RFC 4055 defaults.
        let alg = AlgorithmIdentifier {
            oid: "1.2.840.113549.1.1.10".into(),
            parameters: None,
        };
        assert_eq!(
            SignatureScheme::from_algorithm(&alg, None).unwrap(),
            SignatureScheme::RsaPss {
                hash: HashAlgorithm::Sha1,
                mgf_hash: HashAlgorithm::Sha1,
                salt_len: 20
            }
        );
    }

    #[test]
    fn key_only_identifiers_need_the_digest() {
        let alg = AlgorithmIdentifier {
            oid: "1.2.840.113549.1.1.1".into(),
            parameters: None,
        };
        assert!(SignatureScheme::from_algorithm(&alg, None).is_err());
        assert_eq!(
            SignatureScheme::from_algorithm(&alg, Some(HashAlgorithm::Sha256)).unwrap(),
            SignatureScheme::RsaPkcs1v15 {
                hash: HashAlgorithm::Sha256
            }
        );
    }
}
