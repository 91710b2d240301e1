//! Public keys and signature verification (RSA PKCS#1 v1.5, RSA-PSS, ECDSA),
//! shared by the SOD signer check, certificate chains, CRLs and master lists.

use sha1::Sha1;
use sha2::{Sha224, Sha256, Sha384, Sha512};

pub use super::rsa_key::RsaKey;
use super::SignatureError;
use super::ec::Curve;
use crate::asn1::algorithm::{AlgorithmIdentifier, HashAlgorithm, SignatureScheme};
use crate::asn1::ber;

/// A public key from a `SubjectPublicKeyInfo`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicKey {
    /// An RSA key.
    Rsa(RsaKey),
    /// An EC key: curve and SEC1-encoded point.
    Ec {
        /// The curve.
        curve: Curve,
        /// The point (SEC1 encoding).
        point: Vec<u8>,
    },
}

impl PublicKey {
    /// Decodes a DER `SubjectPublicKeyInfo`.
    pub fn from_spki_der(spki: &[u8]) -> Result<Self, SignatureError> {
        let malformed = |e: ber::DecodeError| SignatureError::MalformedKey(e.to_string());
        let node = ber::read_exact(spki, "SubjectPublicKeyInfo")
            .and_then(|n| n.sequence("SubjectPublicKeyInfo"))
            .map_err(malformed)?;
        let mut it = node.children();
        let alg = it
            .expect_next("algorithm")
            .and_then(|n| AlgorithmIdentifier::from_node(&n, "algorithm"))
            .map_err(malformed)?;
        let key = it
            .expect_next("subjectPublicKey")
            .and_then(|n| n.bit_string_bytes("subjectPublicKey"))
            .map_err(malformed)?;
        match alg.oid.as_str() {
            // rsaEncryption, id-RSASSA-PSS
            "1.2.840.113549.1.1.1" | "1.2.840.113549.1.1.10" => {
                RsaKey::from_pkcs1(key).map(PublicKey::Rsa)
            }
            // id-ecPublicKey
            "1.2.840.10045.2.1" => {
                let curve = Curve::from_key_parameters(alg.parameters.as_deref())?;
                Ok(PublicKey::Ec {
                    curve,
                    point: key.to_vec(),
                })
            }
            other => Err(SignatureError::UnsupportedKey(format!(
                "public key algorithm {other}"
            ))),
        }
    }

    /// A short description ("RSA-4096", "ECDSA brainpoolP256r1").
    pub fn description(&self) -> String {
        match self {
            PublicKey::Rsa(k) => format!("RSA-{}", k.bits()),
            PublicKey::Ec { curve, .. } => format!("EC {curve}"),
        }
    }

    /// The modulus size in bits of an RSA key; `None` for an EC key.
    pub fn rsa_bits(&self) -> Option<usize> {
        match self {
            PublicKey::Rsa(k) => Some(k.bits()),
            PublicKey::Ec { .. } => None,
        }
    }

    /// Verifies `signature` over `message` (hashed here with the scheme's hash).
    pub fn verify(
        &self,
        scheme: &SignatureScheme,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), SignatureError> {
        #[cfg(feature = "fast-rsa")]
        if let PublicKey::Rsa(key) = self
            && key.fast().accepts(key.pkcs1(), scheme, message, signature)
        {
            return Ok(());
        }
        let digest = scheme.hash().digest(message);
        self.verify_prehash(scheme, &digest, signature)
    }

    /// Verifies `signature` over a message whose hash (with the scheme's hash
    /// function) is `digest`.
    pub fn verify_prehash(
        &self,
        scheme: &SignatureScheme,
        digest: &[u8],
        signature: &[u8],
    ) -> Result<(), SignatureError> {
        if digest.len() != scheme.hash().output_len() {
            return Err(SignatureError::MalformedSignature(
                "digest length does not match the hash function".into(),
            ));
        }
        match (self, *scheme) {
            (PublicKey::Rsa(key), SignatureScheme::RsaPkcs1v15 { hash }) => {
                let key = key.decoded()?;
                let padding = match hash {
                    HashAlgorithm::Sha1 => rsa::Pkcs1v15Sign::new::<Sha1>(),
                    HashAlgorithm::Sha224 => rsa::Pkcs1v15Sign::new::<Sha224>(),
                    HashAlgorithm::Sha256 => rsa::Pkcs1v15Sign::new::<Sha256>(),
                    HashAlgorithm::Sha384 => rsa::Pkcs1v15Sign::new::<Sha384>(),
                    HashAlgorithm::Sha512 => rsa::Pkcs1v15Sign::new::<Sha512>(),
                };
                key.verify(padding, digest, signature)
                    .map_err(|_| SignatureError::Invalid)
            }
            (
                PublicKey::Rsa(key),
                SignatureScheme::RsaPss {
                    hash,
                    mgf_hash,
                    salt_len,
                },
            ) => {
                if hash != mgf_hash {
                    return Err(SignatureError::UnsupportedAlgorithm(format!(
                        "RSA-PSS with {hash} and MGF1 with {mgf_hash}"
                    )));
                }
                let key = key.decoded()?;
                let result = match hash {
                    HashAlgorithm::Sha1 => {
                        key.verify(rsa::Pss::<Sha1>::new_with_salt(salt_len), digest, signature)
                    }
                    HashAlgorithm::Sha224 => key.verify(
                        rsa::Pss::<Sha224>::new_with_salt(salt_len),
                        digest,
                        signature,
                    ),
                    HashAlgorithm::Sha256 => key.verify(
                        rsa::Pss::<Sha256>::new_with_salt(salt_len),
                        digest,
                        signature,
                    ),
                    HashAlgorithm::Sha384 => key.verify(
                        rsa::Pss::<Sha384>::new_with_salt(salt_len),
                        digest,
                        signature,
                    ),
                    HashAlgorithm::Sha512 => key.verify(
                        rsa::Pss::<Sha512>::new_with_salt(salt_len),
                        digest,
                        signature,
                    ),
                };
                result.map_err(|_| SignatureError::Invalid)
            }
            (PublicKey::Ec { curve, point }, SignatureScheme::Ecdsa { plain, .. }) => {
                curve.verify_prehash(point, digest, signature, plain)
            }
            (key, scheme) => Err(SignatureError::KeyMismatch {
                scheme: scheme.to_string(),
                key: key.description(),
            }),
        }
    }
}
