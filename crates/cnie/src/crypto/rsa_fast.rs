//! RSA signature verification through `aws-lc-rs` (AWS-LC's assembly, variable time:
//! a public-key operation has no secret to leak), behind the default `fast-rsa` feature.
//!
//! A key is parsed by AWS-LC once, for the first scheme it verifies, and kept with the
//! key ([`FastKey`], held by `RsaKey`): its Montgomery constants are computed once, not for
//! every document. A trust anchor signs with one scheme; another scheme on the same key
//! is verified with a key parsed for that call.
//!
//! Only an acceptance counts: AWS-LC covers PKCS#1 v1.5 with SHA-1/256/384/512 and
//! RSA-PSS whose salt is as long as the hash, for 1024- to 8192-bit moduli (2048 and up
//! for PSS and SHA-384), and refuses what it does not cover with the same answer as a
//! bad signature. So a refusal is never final: the caller then runs the pure-Rust
//! check, whose answer stands. Accepted signatures are the same set either way, and a
//! build without a C toolchain (`default-features = false`) gives the same results,
//! slower.

use std::sync::OnceLock;

use aws_lc_rs::signature::{self, ParsedPublicKey, RsaParameters, UnparsedPublicKey};

use crate::asn1::algorithm::{HashAlgorithm, SignatureScheme};

/// AWS-LC's parsed form of a key, for the scheme it was first used with.
#[derive(Debug, Default)]
pub(crate) struct FastKey(OnceLock<Option<(&'static RsaParameters, ParsedPublicKey)>>);

impl Clone for FastKey {
    /// A clone parses again when first used (AWS-LC's key is not cloned).
    fn clone(&self) -> Self {
        FastKey::default()
    }
}

impl FastKey {
    /// Whether AWS-LC accepts `signature` over `message` with the key `pkcs1` (a PKCS#1
    /// `RSAPublicKey`, the one this `FastKey` belongs to) under `scheme`; `false` for a
    /// bad signature and for anything AWS-LC does not cover (the caller decides then).
    pub(super) fn accepts(
    &self,
    pkcs1: &[u8],
    scheme: &SignatureScheme,
    message: &[u8],
    signature: &[u8],
) -> bool {
    let Some(params) = parameters(scheme) else {
        return false;
    };
    let kept = self.0.get_or_init(|| {
        ParsedPublicKey::new(params, pkcs1)
            .ok()
            .map(|parsed| (params, parsed))
    });
    match kept {
        Some((kept_params, parsed)) if std::ptr::eq(*kept_params, params) => {
            parsed.verify_sig(message, signature).is_ok()
        }
        _ => UnparsedPublicKey::new(params, pkcs1)
            .verify(message, signature)
            .is_ok(),
    }
}
}

/// AWS-LC's parameters for a scheme, `None` where it has none.
fn parameters(scheme: &SignatureScheme) -> Option<&'static RsaParameters> {
    match *scheme {
        SignatureScheme::RsaPkcs1v15 { hash } => match hash {
            HashAlgorithm::Sha1 => Some(&signature::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY),
            HashAlgorithm::Sha256 => {
                Some(&signature::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY)
            }
            HashAlgorithm::Sha384 => Some(&signature::RSA_PKCS1_2048_8192_SHA384),
            HashAlgorithm::Sha512 => {
                Some(&signature::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY)
            }
            HashAlgorithm::Sha224 => None,
        },
        SignatureScheme::RsaPss {
            hash,
            mgf_hash,
            salt_len,
        } if hash == mgf_hash && salt_len == hash.output_len() => match hash {
            HashAlgorithm::Sha256 => Some(&signature::RSA_PSS_2048_8192_SHA256),
            HashAlgorithm::Sha384 => Some(&signature::RSA_PSS_2048_8192_SHA384),
            HashAlgorithm::Sha512 => Some(&signature::RSA_PSS_2048_8192_SHA512),
            HashAlgorithm::Sha1 | HashAlgorithm::Sha224 => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use x509_parser::prelude::{FromDer, X509Certificate};

    use super::*;
    use crate::asn1::algorithm::AlgorithmIdentifier;
    use crate::asn1::ber;
    use crate::test_support::read_vector;

    /// AWS-LC itself accepts the test CSCA's RSA-4096 self-signature (so the fast path
    /// is taken, not only its fallback), with the kept key too, and refuses it with a
    /// bit flipped.
    #[test]
    fn aws_lc_accepts_the_test_csca() {
        let text = read_vector("pki/csca.pem");
        let der = x509_parser::pem::parse_x509_pem(&text).expect("PEM").1.contents;
        let (_, cert) = X509Certificate::from_der(&der).expect("certificate");
        let pkcs1 = &cert.tbs_certificate.subject_pki.subject_public_key.data;
        let key = FastKey::default();
        let outer = ber::read_exact(&der, "Certificate").expect("DER");
        let outer = outer.sequence("Certificate").expect("SEQUENCE");
        let mut parts = outer.children();
        let tbs = parts.expect_next("tbs").expect("tbs").raw;
        let alg = AlgorithmIdentifier::from_node(&parts.expect_next("alg").expect("alg"), "alg")
            .expect("algorithm");
        let scheme = SignatureScheme::from_algorithm(&alg, None).expect("scheme");
        let mut signature = parts
            .expect_next("sig")
            .and_then(|n| n.bit_string_bytes("sig"))
            .expect("signature")
            .to_vec();
        assert!(key.accepts(pkcs1, &scheme, tbs, &signature), "{scheme}");
        assert!(key.0.get().is_some_and(Option::is_some), "key kept");
        assert!(key.accepts(pkcs1, &scheme, tbs, &signature), "{scheme}, kept key");
        if let Some(b) = signature.get_mut(10) {
            *b ^= 1;
        }
        assert!(!key.accepts(pkcs1, &scheme, tbs, &signature));
        if let Some(b) = signature.get_mut(10) {
            *b ^= 1;
        }

        // A key kept for another scheme (here SHA-512, tried first and refused) still
        // verifies this one, through a key parsed for the call.
        let other = SignatureScheme::RsaPkcs1v15 {
            hash: HashAlgorithm::Sha512,
        };
        assert_ne!(scheme, other);
        let first_other = FastKey::default();
        assert!(!first_other.accepts(pkcs1, &other, tbs, &signature));
        assert!(first_other.0.get().is_some_and(Option::is_some), "kept for SHA-512");
        assert!(first_other.accepts(pkcs1, &scheme, tbs, &signature), "{scheme}");
        // And a key AWS-LC refuses to parse is never an acceptance.
        let refused = FastKey::default();
        assert!(!refused.accepts(&[0x30, 0x00], &scheme, tbs, &signature));
        assert!(refused.0.get().is_some_and(Option::is_none));
    }
}
