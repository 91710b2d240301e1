//! Active Authentication (ICAO 9303-11 §6.1): the chip proves that it holds the private key
//! of DG15 by signing the terminal's 8-byte challenge `RND.IFD` (`INTERNAL AUTHENTICATE`).
//!
//! - RSA (§6.1.2.2): ISO/IEC 9796-2 digital signature scheme 1 with partial message
//!   recovery. The raw public operation gives `F = 6A || M1 || H(M1 || RND.IFD) || T`, with the
//!   trailer `T` naming the hash: `BC` SHA-1, or two bytes `xx CC` with the ISO/IEC 10118-3
//!   hash identifier `33` SHA-1, `38` SHA-224, `34` SHA-256, `36` SHA-384, `35` SHA-512.
//!   A representative `n - F` (ISO/IEC 9796-2's alternative for odd exponents) is accepted.
//! - ECDSA (§6.1.2.3): the algorithm (hash) comes from DG14's `ActiveAuthenticationInfo`; the
//!   signature is plain `r || s` (BSI TR-03111) over `RND.IFD`. A DER `ECDSA-Sig-Value`, which
//!   some national cards send, is accepted too.
//!
//! The check is pure ([`verify`]); [`internal_authenticate`] only carries the challenge. Every
//! input may come from a card or a file: malformed bytes are an [`AaError`], never a panic.
//! DG15 must be checked by passive authentication for the result to mean anything.

use rsa::BoxedUint;
use rsa::traits::PublicKeyParts;
use subtle::ConstantTimeEq;

use crate::asn1::algorithm::{AlgorithmIdentifier, HashAlgorithm, SignatureScheme};
use crate::card::{Card, LengthMode};
use crate::crypto::SignatureError;
use crate::crypto::ec::Curve;
use crate::crypto::signature::PublicKey;
pub use crate::error::AaError;
use crate::error::{Error, Result};
use crate::iso7816::{Command, MAX_EXTENDED_LE, MAX_SHORT_LE, Transport, ins};
use crate::lds::security_infos::ActiveAuthenticationInfo;
use crate::pace::PaceRng;
use crate::tlv;

#[cfg(test)]
mod tests;

/// The length of the challenge `RND.IFD`.
pub const CHALLENGE_LEN: usize = 8;

/// The tag of DG15.
const TAG_DG15: u32 = 0x6F;
/// The header byte of an ISO/IEC 9796-2 scheme 1 representative with partial recovery.
const HEADER_PARTIAL_RECOVERY: u8 = 0x6A;
/// The one-byte trailer for SHA-1.
const TRAILER_SHA1: u8 = 0xBC;
/// The last byte of a two-byte trailer.
const TRAILER_TWO_BYTES: u8 = 0xCC;

/// The algorithm of a signature that verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AaAlgorithm {
    /// RSA with ISO/IEC 9796-2 scheme 1.
    RsaIso9796_2 {
        /// The hash the trailer names.
        hash: HashAlgorithm,
        /// The modulus size in bits.
        bits: usize,
    },
    /// ECDSA.
    Ecdsa {
        /// The hash from `ActiveAuthenticationInfo`.
        hash: HashAlgorithm,
        /// The curve of DG15's key.
        curve: Curve,
    },
}

/// The parts of an ISO/IEC 9796-2 scheme 1 representative with partial recovery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovered {
    /// The recovered part of the message, `M1`.
    pub m1: Vec<u8>,
    /// The hash `H(M1 || M2)` the signer put in.
    pub digest: Vec<u8>,
    /// The hash function the trailer names.
    pub hash: HashAlgorithm,
}

/// Draws a challenge `RND.IFD`.
///
/// # Errors
///
/// [`Error::Random`].
pub fn challenge(rng: &mut dyn PaceRng) -> Result<[u8; CHALLENGE_LEN]> {
    let mut out = [0u8; CHALLENGE_LEN];
    rng.fill(&mut out).map_err(|_| Error::Random)?;
    Ok(out)
}

/// Sends `INTERNAL AUTHENTICATE` (`00 88 00 00`, the challenge, Le the largest the channel
/// allows) through `card`'s current secure messaging and returns the chip's signature.
///
/// # Errors
///
/// [`Error::Status`] when the chip refuses; [`Error::Protocol`] for an empty answer;
/// transport and secure-messaging errors as for any exchange.
pub fn internal_authenticate<T: Transport>(
    card: &mut Card<T>,
    challenge: &[u8; CHALLENGE_LEN],
) -> Result<Vec<u8>> {
    let le = match card.length_mode() {
        LengthMode::Short => MAX_SHORT_LE,
        LengthMode::Extended => MAX_EXTENDED_LE,
    };
    let command = Command::new(0x00, ins::INTERNAL_AUTHENTICATE, 0, 0)
        .with_data(challenge.to_vec())
        .with_le(le);
    let signature = card.transmit_ok(&command, "INTERNAL AUTHENTICATE")?;
    if signature.is_empty() {
        return Err(Error::ActiveAuthentication(AaError::SignatureLength));
    }
    Ok(signature)
}

/// The `SubjectPublicKeyInfo` inside DG15 (`6F { SubjectPublicKeyInfo }`).
///
/// # Errors
///
/// [`AaError::MalformedKey`].
pub fn dg15_public_key_info(dg15: &[u8]) -> Result<&[u8], AaError> {
    let (spki, rest) =
        tlv::expect(dg15, TAG_DG15).map_err(|e| AaError::MalformedKey(e.to_string()))?;
    if !rest.is_empty() {
        return Err(AaError::MalformedKey("bytes after DG15".into()));
    }
    Ok(spki)
}

/// Checks the chip's answer `response` to `challenge` with DG15's key. `aa_info` (from DG14)
/// names the hash for ECDSA and is ignored for RSA, whose trailer names it.
///
/// # Errors
///
/// An [`AaError`] telling what failed.
pub fn verify(
    dg15: &[u8],
    aa_info: Option<&ActiveAuthenticationInfo>,
    challenge: &[u8],
    response: &[u8],
) -> Result<AaAlgorithm, AaError> {
    let spki = dg15_public_key_info(dg15)?;
    let key = PublicKey::from_spki_der(spki).map_err(|e| match e {
        SignatureError::MalformedKey(m) => AaError::MalformedKey(m),
        other => AaError::UnsupportedKey(other.to_string()),
    })?;
    match key {
        PublicKey::Rsa(key) => {
            let hash = verify_rsa(
                key.decoded()
                    .map_err(|e| AaError::MalformedKey(e.to_string()))?,
                challenge,
                response,
            )?;
            Ok(AaAlgorithm::RsaIso9796_2 {
                hash,
                bits: key.bits(),
            })
        }
        PublicKey::Ec { curve, point } => {
            let hash = ecdsa_hash(aa_info.ok_or(AaError::NoAlgorithm)?)?;
            let digest = hash.digest(challenge);
            let plain = curve.verify_prehash(&point, &digest, response, true);
            let result = match plain {
                Err(_) if response.first() == Some(&0x30) => {
                    curve.verify_prehash(&point, &digest, response, false)
                }
                other => other,
            };
            result.map_err(|e| match e {
                SignatureError::MalformedKey(m) => AaError::MalformedKey(m),
                _ => AaError::BadSignature,
            })?;
            Ok(AaAlgorithm::Ecdsa { hash, curve })
        }
    }
}

/// The hash of an `ActiveAuthenticationInfo`'s ECDSA algorithm (X9.62 `ecdsa-with-SHA*` or
/// TR-03111 `ecdsa-plain-SHA*`).
fn ecdsa_hash(info: &ActiveAuthenticationInfo) -> Result<HashAlgorithm, AaError> {
    let alg = AlgorithmIdentifier {
        oid: info.signature_algorithm.clone(),
        parameters: None,
    };
    match SignatureScheme::from_algorithm(&alg, None) {
        Ok(SignatureScheme::Ecdsa { hash, .. }) => Ok(hash),
        _ => Err(AaError::UnsupportedAlgorithm(
            info.signature_algorithm.clone(),
        )),
    }
}

/// ISO/IEC 9796-2 scheme 1 verification: recovers `F = S^e mod n` (or `n - F`), checks its
/// format and `H(M1 || challenge)`. Returns the hash the trailer names.
fn verify_rsa(
    key: &rsa::PublicKey,
    challenge: &[u8],
    signature: &[u8],
) -> Result<HashAlgorithm, AaError> {
    let n = key.n().as_ref();
    let k = key.size();
    if signature.is_empty() || signature.len() > k {
        return Err(AaError::SignatureLength);
    }
    let mut padded = vec![0u8; k - signature.len()]; // ok: len <= k
    padded.extend_from_slice(signature);
    let s = BoxedUint::from_be_slice(&padded, n.bits_precision())
        .map_err(|_| AaError::SignatureLength)?;
    if s >= *n {
        return Err(AaError::SignatureLength);
    }
    let f = rsa::hazmat::rsa_encrypt(key, &s).map_err(|_| AaError::SignatureLength)?;
    let candidates = [f.clone(), n.wrapping_sub(&f)];
    let mut first_error = None;
    for candidate in candidates {
        let bytes = candidate.to_be_bytes();
        let bytes = bytes.get(bytes.len().saturating_sub(k)..).unwrap_or(&bytes);
        match recover(bytes).and_then(|r| check_digest(&r, challenge)) {
            Ok(hash) => return Ok(hash),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(first_error.unwrap_or(AaError::BadHeader))
}

fn check_digest(recovered: &Recovered, challenge: &[u8]) -> Result<HashAlgorithm, AaError> {
    let mut message = recovered.m1.clone();
    message.extend_from_slice(challenge);
    let expected = recovered.hash.digest(&message);
    if bool::from(expected.as_slice().ct_eq(&recovered.digest)) {
        Ok(recovered.hash)
    } else {
        Err(AaError::HashMismatch)
    }
}

/// Splits an ISO/IEC 9796-2 scheme 1 representative with partial recovery (leading zero
/// bytes allowed) into `M1`, the hash and the hash function the trailer names.
///
/// # Errors
///
/// [`AaError::BadHeader`], [`AaError::BadTrailer`], [`AaError::TooShort`].
pub fn recover(f: &[u8]) -> Result<Recovered, AaError> {
    let skip = f.iter().take_while(|b| **b == 0).count();
    let f = f.get(skip..).unwrap_or_default();
    let body = match f.split_first() {
        Some((&HEADER_PARTIAL_RECOVERY, body)) => body,
        _ => return Err(AaError::BadHeader),
    };
    let (hash, body) = match body.split_last() {
        Some((&TRAILER_SHA1, rest)) => (HashAlgorithm::Sha1, rest),
        Some((&TRAILER_TWO_BYTES, rest)) => match rest.split_last() {
            Some((id, rest)) => (hash_of_id(*id).ok_or(AaError::BadTrailer)?, rest),
            None => return Err(AaError::BadTrailer),
        },
        _ => return Err(AaError::BadTrailer),
    };
    let split = body
        .len()
        .checked_sub(hash.output_len())
        .ok_or(AaError::TooShort)?;
    let (m1, digest) = body.split_at_checked(split).ok_or(AaError::TooShort)?;
    Ok(Recovered {
        m1: m1.to_vec(),
        digest: digest.to_vec(),
        hash,
    })
}

/// The hash of an ISO/IEC 10118-3 hash-function identifier in a two-byte trailer.
fn hash_of_id(id: u8) -> Option<HashAlgorithm> {
    Some(match id {
        0x33 => HashAlgorithm::Sha1,
        0x34 => HashAlgorithm::Sha256,
        0x35 => HashAlgorithm::Sha512,
        0x36 => HashAlgorithm::Sha384,
        0x38 => HashAlgorithm::Sha224,
        _ => return None,
    })
}
