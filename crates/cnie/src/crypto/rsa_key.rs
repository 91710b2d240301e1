//! RSA public keys as certificates carry them: read eagerly (cheap), built for the
//! pure-Rust `rsa` crate only when its path needs them.

use std::sync::OnceLock;

use rsa::pkcs1::DecodeRsaPublicKey;

use super::SignatureError;
use crate::asn1::ber;

/// An RSA public key: the modulus and exponent as the key encodes them, and the
/// pure-Rust key (`rsa`, with its Montgomery parameters) built when first needed.
/// Building that costs about as much as a verification, and the default `fast-rsa`
/// path does not need it: a certificate's key is only read, never built, as long as
/// AWS-LC accepts its signatures (that path keeps AWS-LC's own parsed key instead).
#[derive(Debug, Clone)]
pub struct RsaKey {
    pkcs1: Vec<u8>,
    n: Vec<u8>,
    e: Vec<u8>,
    bits: usize,
    decoded: OnceLock<Result<rsa::PublicKey, SignatureError>>,
    /// AWS-LC's parsed key, kept once built (`fast-rsa`).
    #[cfg(feature = "fast-rsa")]
    fast: super::rsa_fast::FastKey,
}

impl PartialEq for RsaKey {
    fn eq(&self, other: &RsaKey) -> bool {
        self.n == other.n && self.e == other.e
    }
}

impl Eq for RsaKey {}

impl RsaKey {
    /// Reads a PKCS#1 `RSAPublicKey` (`SEQUENCE { modulus, publicExponent }`): both
    /// positive, the modulus odd, the exponent odd and at least 3.
    pub(crate) fn from_pkcs1(pkcs1: &[u8]) -> Result<RsaKey, SignatureError> {
        let malformed = |why: String| SignatureError::MalformedKey(format!("RSA key: {why}"));
        let node = ber::read_exact(pkcs1, "RSAPublicKey")
            .and_then(|n| n.sequence("RSAPublicKey"))
            .map_err(|e| malformed(e.to_string()))?;
        let mut it = node.children();
        let mut integer = |what: &str| {
            let value = it
                .expect_next(what)
                .and_then(|n| n.integer(what))
                .map_err(|e| malformed(e.to_string()))?;
            if value.first().is_some_and(|b| b & 0x80 != 0) {
                return Err(malformed(format!("negative {what}")));
            }
            Ok(ber::strip_leading_zeros(value).to_vec())
        };
        let n = integer("modulus")?;
        let e = integer("publicExponent")?;
        if !it.is_empty() {
            return Err(malformed("trailing data".into()));
        }
        let odd = |v: &[u8]| v.last().is_some_and(|b| b & 1 == 1);
        if !odd(&n) || !odd(&e) || (e.len() == 1 && e.first().is_some_and(|&b| b < 3)) {
            return Err(malformed("not an RSA modulus and exponent".into()));
        }
        let top = n.first().map_or(0, |b| 8 - b.leading_zeros() as usize);
        let bits = n.len().saturating_sub(1).saturating_mul(8).saturating_add(top);
        Ok(RsaKey {
            pkcs1: pkcs1.to_vec(),
            n,
            e,
            bits,
            decoded: OnceLock::new(),
            #[cfg(feature = "fast-rsa")]
            fast: super::rsa_fast::FastKey::default(),
        })
    }

    /// The PKCS#1 `RSAPublicKey` as read.
    #[cfg(feature = "fast-rsa")]
    pub(super) fn pkcs1(&self) -> &[u8] {
        &self.pkcs1
    }

    /// AWS-LC's parsed key, kept with this key.
    #[cfg(feature = "fast-rsa")]
    pub(super) fn fast(&self) -> &super::rsa_fast::FastKey {
        &self.fast
    }

    /// The modulus, big-endian, without leading zeros.
    pub fn modulus(&self) -> &[u8] {
        &self.n
    }

    /// The public exponent, big-endian, without leading zeros.
    pub fn exponent(&self) -> &[u8] {
        &self.e
    }

    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        self.bits
    }

    /// The pure-Rust key (built on first use and kept); its errors are those of `rsa`
    /// (e.g. a modulus over 4096 bits).
    pub fn decoded(&self) -> Result<&rsa::PublicKey, SignatureError> {
        self.decoded
            .get_or_init(|| {
                rsa::PublicKey::from_pkcs1_der(&self.pkcs1)
                    .map_err(|e| SignatureError::MalformedKey(format!("RSA key: {e}")))
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}

