//! Active Authentication, the chip's side (ICAO Doc 9303 Part 11 §6.1).
//!
//! INTERNAL AUTHENTICATE `00 88 00 00 08 <RND.IFD> 00` in the eMRTD application, under
//! secure messaging (BAC or PACE):
//!
//! - RSA: ISO/IEC 9796-2 digital signature scheme 1 (partial message recovery). The
//!   message is `M = M1 ‖ RND.IFD` with `M1` a fresh nonce of `k - Lh - 2` bytes (`k` the
//!   modulus length, `Lh` the hash length; one byte less with a two-byte trailer); the
//!   representative `F = 6A ‖ M1 ‖ H(M) ‖ BC` (SHA-1) or `… ‖ H(M) ‖ 34 CC` (SHA-256), and
//!   the answer `F^d mod n` (the `rsa` crate's raw private-key operation), `k` bytes.
//! - ECDSA P-256: the plain signature `r ‖ s` (64 bytes) over SHA-256(RND.IFD), RFC 6979
//!   deterministic nonces.
//!
//! The key comes from the card folder (`aa.key.pem`, PKCS#8 PEM); DG15 carries its public
//! key (or, for a clone, another one).

use p256::ecdsa::signature::hazmat::PrehashSigner;
use rsa::BoxedUint;
use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey};
use rsa::traits::PublicKeyParts;
use sha1::Sha1;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::config::AaHash;

/// The length of the terminal's challenge.
pub const CHALLENGE_LEN: usize = 8;

/// The largest private key file accepted.
const MAX_KEY_FILE: usize = 16 * 1024;

/// Why the Active Authentication key is not usable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("active authentication key: {0}")]
pub struct AaKeyError(pub String);

/// The signature could not be made (random source or private-key operation failed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("active authentication signature failed")]
pub struct SignError;

/// The chip's Active Authentication key.
pub enum AaKey {
    /// RSA, ISO/IEC 9796-2 scheme 1 with `hash`.
    Rsa {
        /// The private key.
        key: Box<rsa::PrivateKey>,
        /// SHA-1 (trailer `BC`) or SHA-256 (trailer `34 CC`).
        hash: AaHash,
    },
    /// ECDSA P-256 with SHA-256, plain `r ‖ s`.
    Ecdsa(Box<p256::ecdsa::SigningKey>),
}

impl std::fmt::Debug for AaKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AaKey::Rsa { key, hash } => f
                .debug_struct("AaKey::Rsa")
                .field("bits", &(key.size() * 8))
                .field("hash", hash)
                .finish_non_exhaustive(),
            AaKey::Ecdsa(_) => f.write_str("AaKey::Ecdsa { P-256, .. }"),
        }
    }
}

/// A source of random bytes for the RSA nonce `M1`.
pub type Random<'a> = &'a mut dyn FnMut(&mut [u8]) -> Result<(), ()>;

impl AaKey {
    /// Loads a PKCS#8 PEM private key: RSA (1024 to 4096 bits, a multiple of 8) or EC P-256.
    ///
    /// # Errors
    ///
    /// [`AaKeyError`] for anything else.
    pub fn from_pem(pem: &[u8], hash: AaHash) -> Result<AaKey, AaKeyError> {
        if pem.len() > MAX_KEY_FILE {
            return Err(AaKeyError("key file larger than 16 KiB".into()));
        }
        let text = std::str::from_utf8(pem).map_err(|_| AaKeyError("not PEM".into()))?;
        if let Ok(key) = rsa::PrivateKey::from_pkcs8_pem(text) {
            let bits = key.n().bit_width();
            if !(1024..=4096).contains(&bits) || bits % 8 != 0 {
                return Err(AaKeyError(format!(
                    "RSA key of {bits} bits (1024 to 4096, whole bytes)"
                )));
            }
            return Ok(AaKey::Rsa {
                key: Box::new(key),
                hash,
            });
        }
        if let Ok(key) = p256::ecdsa::SigningKey::from_pkcs8_pem(text) {
            return Ok(AaKey::Ecdsa(Box::new(key)));
        }
        Err(AaKeyError(
            "not a PKCS#8 PEM RSA or EC P-256 private key".into(),
        ))
    }

    /// The public key as a DER SubjectPublicKeyInfo (what DG15 holds).
    ///
    /// # Errors
    ///
    /// [`AaKeyError`] if the encoder fails.
    pub fn public_key_info(&self) -> Result<Vec<u8>, AaKeyError> {
        let der = match self {
            AaKey::Rsa { key, .. } => key.to_public_key().to_public_key_der(),
            AaKey::Ecdsa(key) => p256::PublicKey::from(key.verifying_key()).to_public_key_der(),
        };
        der.map(|d| d.as_bytes().to_vec())
            .map_err(|e| AaKeyError(e.to_string()))
    }

    /// Whether this is an ECDSA key (DG14 then carries an ActiveAuthenticationInfo).
    pub fn is_ecdsa(&self) -> bool {
        matches!(self, AaKey::Ecdsa(_))
    }

    /// Signs the terminal's challenge: the INTERNAL AUTHENTICATE answer.
    ///
    /// # Errors
    ///
    /// [`SignError`] when the random source or the private-key operation fails.
    pub fn sign(&self, challenge: &[u8], random: Random<'_>) -> Result<Vec<u8>, SignError> {
        match self {
            AaKey::Rsa { key, hash } => {
                sign_9796_2(key, *hash, challenge, random).map_err(|()| SignError)
            }
            AaKey::Ecdsa(key) => {
                let digest = Sha256::digest(challenge);
                let signature: p256::ecdsa::Signature =
                    key.sign_prehash(&digest).map_err(|_| SignError)?;
                Ok(signature.to_bytes().to_vec())
            }
        }
    }
}

/// ISO/IEC 9796-2 scheme 1 with partial recovery: `(6A ‖ M1 ‖ H(M1 ‖ M2) ‖ trailer)^d mod n`.
fn sign_9796_2(
    key: &rsa::PrivateKey,
    hash: AaHash,
    m2: &[u8],
    random: Random<'_>,
) -> Result<Vec<u8>, ()> {
    let k = key.size();
    let (trailer, hash_len): (&[u8], usize) = match hash {
        AaHash::Sha1 => (&[0xBC], 20),
        AaHash::Sha256 => (&[0x34, 0xCC], 32),
    };
    let m1_len = k
        .checked_sub(1 + hash_len + trailer.len())
        .filter(|n| *n > 0)
        .ok_or(())?;
    let mut m1 = Zeroizing::new(vec![0u8; m1_len]);
    random(&mut m1)?;
    let digest: Vec<u8> = match hash {
        AaHash::Sha1 => {
            let mut h = Sha1::new();
            h.update(m1.as_slice());
            h.update(m2);
            h.finalize().to_vec()
        }
        AaHash::Sha256 => {
            let mut h = Sha256::new();
            h.update(m1.as_slice());
            h.update(m2);
            h.finalize().to_vec()
        }
    };
    let mut f = Zeroizing::new(Vec::with_capacity(k));
    f.push(0x6A);
    f.extend_from_slice(&m1);
    f.extend_from_slice(&digest);
    f.extend_from_slice(trailer);
    let representative = BoxedUint::from_be_slice(&f, key.n_bits_precision()).map_err(drop)?;
    let s = rsa::hazmat::rsa_decrypt_and_check(key, None::<&mut NoRng>, &representative)
        .map_err(drop)?;
    let bytes = s.to_be_bytes();
    // Left-pad (or cut the storage width down) to exactly k bytes.
    let mut out = vec![0u8; k];
    let take = bytes.len().min(k);
    out[k - take..].copy_from_slice(&bytes[bytes.len() - take..]);
    Ok(out)
}

/// No blinding for the raw RSA operation: a test card has no side channel to guard.
struct NoRng;

impl rsa::rand_core::TryRng for NoRng {
    type Error = std::convert::Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(0)
    }

    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(0)
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        dst.fill(0);
        Ok(())
    }
}

impl rsa::rand_core::TryCryptoRng for NoRng {}

#[cfg(test)]
mod tests {
    use super::*;

    const RSA_1024: &[u8] = include_bytes!("../../../test-vectors/pki/aa-rsa1024.key");

    #[test]
    fn rsa_answer_recovers_the_representative() {
        for hash in [AaHash::Sha1, AaHash::Sha256] {
            let key = AaKey::from_pem(RSA_1024, hash).unwrap();
            let mut counter = 0u8;
            let mut random = |buf: &mut [u8]| {
                for b in buf.iter_mut() {
                    counter = counter.wrapping_add(1);
                    *b = counter;
                }
                Ok(())
            };
            let sig = key.sign(&[1, 2, 3, 4, 5, 6, 7, 8], &mut random).unwrap();
            assert_eq!(sig.len(), 128);
            let AaKey::Rsa { key, .. } = &key else {
                panic!()
            };
            let public = key.to_public_key();
            let s = BoxedUint::from_be_slice(&sig, public.n_bits_precision()).unwrap();
            let f = rsa::hazmat::rsa_encrypt(&public, &s).unwrap().to_be_bytes();
            let f = &f[f.len() - 128..];
            assert_eq!(f[0], 0x6A);
            match hash {
                AaHash::Sha1 => assert_eq!(f[127], 0xBC),
                AaHash::Sha256 => assert_eq!(&f[126..], &[0x34, 0xCC]),
            }
            assert_eq!(f[1], 1, "M1 starts right after the header");
        }
    }
}
