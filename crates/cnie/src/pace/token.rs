//! The PACE authentication tokens (ICAO 9303-11 §4.4.3.4, §9.4): a MAC with `KS_mac` over the
//! peer's ephemeral public key in a public-key data object,
//! `7F49 { 06 <protocol OID>, 86 <uncompressed point> }` for ECDH or
//! `7F49 { 06 <protocol OID>, 84 <public value> }` for DH.
//!
//! AES: CMAC truncated to 8 bytes. 3DES: the ISO/IEC 9797-1 retail MAC (algorithm 3, DES)
//! over the input padded with method 2. Received tokens are compared in constant time.

use aes::{Aes128, Aes192, Aes256};
use cmac::{Cmac, KeyInit, Mac};
use des::Des;
use retail_mac::RetailMac;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::{Group, PaceError};
use crate::crypto::kdf::KdfAlgorithm;
use crate::tlv;

/// The length of an authentication token.
pub const TOKEN_LEN: usize = 8;

/// The tag of the public-key data object.
const PUBLIC_KEY_TAG: u32 = 0x7F49;
/// The tag of the protocol OID inside it.
const OID_TAG: u32 = 0x06;

/// The token input: `7F49 { 06 oid, 86 public_key }` (ECDH) or `7F49 { 06 oid, 84
/// public_key }` (DH) (`oid` is the OID's DER value).
pub fn token_input(oid: &[u8], group: Group, public_key: &[u8]) -> Vec<u8> {
    let mut inner = tlv::encode(OID_TAG, oid);
    inner.extend_from_slice(&tlv::encode(group.public_key_tag(), public_key));
    tlv::encode(PUBLIC_KEY_TAG, &inner)
}

/// Truncates a MAC output to the token length.
fn truncate(mac: &[u8]) -> Result<[u8; TOKEN_LEN], PaceError> {
    mac.get(..TOKEN_LEN)
        .and_then(|t| <[u8; TOKEN_LEN]>::try_from(t).ok())
        .ok_or(PaceError::Malformed("MAC shorter than a token"))
}

/// CMAC of `data` with an AES cipher `$cipher`, truncated.
macro_rules! cmac8 {
    ($cipher:ty, $key:expr, $data:expr) => {{
        let mut mac = <Cmac<$cipher> as KeyInit>::new_from_slice($key)
            .map_err(|_| PaceError::Malformed("KS_mac length does not match the cipher"))?;
        mac.update($data);
        truncate(&mac.finalize().into_bytes())
    }};
}

/// The token `MAC(KS_mac, 7F49 { 06 oid, 86|84 public_key })`.
///
/// # Errors
///
/// [`PaceError::Malformed`] when `ks_mac` does not fit the cipher.
pub fn compute_token(
    ks_mac: &[u8],
    kdf: KdfAlgorithm,
    oid: &[u8],
    group: Group,
    public_key: &[u8],
) -> Result<[u8; TOKEN_LEN], PaceError> {
    if ks_mac.len() != kdf.key_len() {
        return Err(PaceError::Malformed(
            "KS_mac length does not match the cipher",
        ));
    }
    let input = token_input(oid, group, public_key);
    match kdf {
        KdfAlgorithm::Aes128 => cmac8!(Aes128, ks_mac, &input),
        KdfAlgorithm::Aes192 => cmac8!(Aes192, ks_mac, &input),
        KdfAlgorithm::Aes256 => cmac8!(Aes256, ks_mac, &input),
        KdfAlgorithm::Des3 => {
            let mut padded = Zeroizing::new(input);
            padded.push(0x80);
            while !padded.len().is_multiple_of(8) {
                padded.push(0x00);
            }
            let mut mac = <RetailMac<Des> as KeyInit>::new_from_slice(ks_mac)
                .map_err(|_| PaceError::Malformed("KS_mac length does not match the cipher"))?;
            mac.update(&padded);
            truncate(&mac.finalize().into_bytes())
        }
    }
}

/// Checks a received token in constant time.
///
/// # Errors
///
/// [`PaceError::TokenMismatch`] when it does not verify (or does not have 8 bytes).
pub fn verify_token(
    ks_mac: &[u8],
    kdf: KdfAlgorithm,
    oid: &[u8],
    group: Group,
    public_key: &[u8],
    received: &[u8],
) -> Result<(), PaceError> {
    let expected = compute_token(ks_mac, kdf, oid, group, public_key)?;
    if received.len() == TOKEN_LEN && bool::from(expected.as_slice().ct_eq(received)) {
        Ok(())
    } else {
        Err(PaceError::TokenMismatch)
    }
}
