//! The ICAO 9303 Part 11 §9.7.1 key derivation function: `KDF(K, c) = H(K || c)` with `c` a
//! 32-bit big-endian counter, truncated to the key length of the cipher.

use sha1::{Digest, Sha1};
use sha2::Sha256;
use zeroize::{Zeroize, Zeroizing};

/// KDF counter for an encryption key (`K_enc`, `KS_enc`).
pub const KDF_ENC: u32 = 1;
/// KDF counter for a MAC key (`K_mac`, `KS_mac`).
pub const KDF_MAC: u32 = 2;
/// KDF counter for the PACE password key `K_π`.
pub const KDF_PI: u32 = 3;

/// The cipher a key is derived for, which fixes the hash and the key length of the KDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KdfAlgorithm {
    /// Two-key 3DES: SHA-1, 16 bytes, DES parity bits adjusted.
    Des3,
    /// AES-128: SHA-1, 16 bytes.
    Aes128,
    /// AES-192: SHA-256, 24 bytes.
    Aes192,
    /// AES-256: SHA-256, 32 bytes.
    Aes256,
}

impl KdfAlgorithm {
    /// Length in bytes of the derived key (16, 16, 24 or 32).
    pub const fn key_len(self) -> usize {
        match self {
            KdfAlgorithm::Des3 | KdfAlgorithm::Aes128 => 16,
            KdfAlgorithm::Aes192 => 24,
            KdfAlgorithm::Aes256 => 32,
        }
    }
}

/// SHA-1 of the concatenation of `parts`, in a buffer zeroized on drop.
pub(crate) fn sha1(parts: &[&[u8]]) -> Zeroizing<[u8; 20]> {
    let mut hasher = Sha1::new();
    for part in parts {
        hasher.update(part);
    }
    let mut digest = hasher.finalize();
    let mut out = Zeroizing::new([0u8; 20]);
    for (o, d) in out.iter_mut().zip(digest.iter()) {
        *o = *d;
    }
    digest.as_mut_slice().zeroize();
    out
}

/// SHA-256 of the concatenation of `parts`, in a buffer zeroized on drop.
fn sha256(parts: &[&[u8]]) -> Zeroizing<[u8; 32]> {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
    }
    let mut digest = hasher.finalize();
    let mut out = Zeroizing::new([0u8; 32]);
    for (o, d) in out.iter_mut().zip(digest.iter()) {
        *o = *d;
    }
    digest.as_mut_slice().zeroize();
    out
}

/// Sets the least significant bit of each byte so that every byte has odd parity, as DES keys
/// require.
pub fn adjust_des_parity(key: &mut [u8]) {
    for byte in key {
        let high = *byte & 0xFE;
        *byte = high | u8::from(high.count_ones() % 2 == 0);
    }
}

/// The ICAO 9303 Part 11 §9.7.1 key derivation function: `H(shared_secret || counter)` with the
/// counter as 32-bit big-endian, truncated to the key length of `alg` (SHA-1 for 3DES and
/// AES-128, SHA-256 for AES-192 and AES-256). For 3DES the DES parity bits are adjusted.
///
/// Use [`KDF_ENC`], [`KDF_MAC`] or [`KDF_PI`] as the counter.
pub fn kdf(shared_secret: &[u8], counter: u32, alg: KdfAlgorithm) -> Zeroizing<Vec<u8>> {
    let counter = counter.to_be_bytes();
    let parts: [&[u8]; 2] = [shared_secret, &counter];
    let mut key = Zeroizing::new(Vec::with_capacity(32));
    match alg {
        KdfAlgorithm::Des3 | KdfAlgorithm::Aes128 => {
            key.extend(sha1(&parts).iter().take(alg.key_len()));
        }
        KdfAlgorithm::Aes192 | KdfAlgorithm::Aes256 => {
            key.extend(sha256(&parts).iter().take(alg.key_len()));
        }
    }
    if alg == KdfAlgorithm::Des3 {
        adjust_des_parity(&mut key);
    }
    key
}
