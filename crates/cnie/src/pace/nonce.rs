//! The PACE nonce: the chip draws `s` and sends `z = E(K_π, s)`; the terminal recovers
//! `s = D(K_π, z)` (ICAO 9303-11 §4.4.3.3). `E`/`D` are CBC with a zero IV: two-key 3DES
//! for the 3DES protocols, AES with the key's length otherwise.

use aes::{Aes128, Aes192, Aes256};
use cbc::cipher::{Block, BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use des::TdesEde2;
use zeroize::Zeroizing;

#[cfg(any(test, feature = "chip"))]
use super::PaceRng;
use super::{PaceError, Secret};
use crate::crypto::kdf::KdfAlgorithm;

#[cfg(any(test, feature = "chip"))]
/// The length of the nonce a chip draws: 16 bytes (two 3DES blocks, one AES block).
pub const NONCE_LEN: usize = 16;

/// The longest encrypted nonce accepted from a chip.
pub const MAX_NONCE_LEN: usize = 64;

/// The cipher block size for `kdf`'s cipher: 8 for 3DES, 16 for AES.
pub fn block_size(kdf: KdfAlgorithm) -> usize {
    match kdf {
        KdfAlgorithm::Des3 => 8,
        KdfAlgorithm::Aes128 | KdfAlgorithm::Aes192 | KdfAlgorithm::Aes256 => 16,
    }
}

/// Which way to run the cipher.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Encrypt,
    Decrypt,
}

/// Runs CBC with a zero IV in place with cipher `$cipher`.
macro_rules! cbc_in_place {
    ($cipher:ty, $key:expr, $buf:expr, $dir:expr) => {{
        let iv = Block::<$cipher>::default();
        let (blocks, tail) = Block::<$cipher>::slice_as_chunks_mut($buf);
        if !tail.is_empty() {
            return Err(PaceError::NonceLength($buf.len()));
        }
        match $dir {
            Direction::Encrypt => cbc::Encryptor::<$cipher>::new_from_slices($key, &iv)
                .map_err(|_| PaceError::Malformed("key length"))?
                .encrypt_blocks(blocks),
            Direction::Decrypt => cbc::Decryptor::<$cipher>::new_from_slices($key, &iv)
                .map_err(|_| PaceError::Malformed("key length"))?
                .decrypt_blocks(blocks),
        }
    }};
}

fn cbc_zero_iv(
    k_pi: &[u8],
    kdf: KdfAlgorithm,
    buf: &mut [u8],
    dir: Direction,
) -> Result<(), PaceError> {
    if k_pi.len() != kdf.key_len() {
        return Err(PaceError::Malformed(
            "K_pi length does not match the cipher",
        ));
    }
    match kdf {
        KdfAlgorithm::Des3 => cbc_in_place!(TdesEde2, k_pi, buf, dir),
        KdfAlgorithm::Aes128 => cbc_in_place!(Aes128, k_pi, buf, dir),
        KdfAlgorithm::Aes192 => cbc_in_place!(Aes192, k_pi, buf, dir),
        KdfAlgorithm::Aes256 => cbc_in_place!(Aes256, k_pi, buf, dir),
    }
    Ok(())
}

/// Recovers the nonce `s = D(K_π, z)`.
///
/// # Errors
///
/// [`PaceError::NonceLength`] when `z` is empty, longer than [`MAX_NONCE_LEN`] or not a
/// whole number of blocks; [`PaceError::Malformed`] when `k_pi` does not fit the cipher.
pub fn decrypt_nonce(k_pi: &[u8], kdf: KdfAlgorithm, z: &[u8]) -> Result<Secret, PaceError> {
    if z.is_empty() || z.len() > MAX_NONCE_LEN || !z.len().is_multiple_of(block_size(kdf)) {
        return Err(PaceError::NonceLength(z.len()));
    }
    let mut s = Zeroizing::new(z.to_vec());
    cbc_zero_iv(k_pi, kdf, &mut s, Direction::Decrypt)?;
    Ok(s)
}

/// Encrypts the nonce: `z = E(K_π, s)`.
///
/// # Errors
///
/// As [`decrypt_nonce`].
pub fn encrypt_nonce(k_pi: &[u8], kdf: KdfAlgorithm, s: &[u8]) -> Result<Vec<u8>, PaceError> {
    if s.is_empty() || s.len() > MAX_NONCE_LEN || !s.len().is_multiple_of(block_size(kdf)) {
        return Err(PaceError::NonceLength(s.len()));
    }
    let mut z = s.to_vec();
    cbc_zero_iv(k_pi, kdf, &mut z, Direction::Encrypt)?;
    Ok(z)
}

#[cfg(any(test, feature = "chip"))]
/// Draws a fresh nonce of [`NONCE_LEN`] bytes.
///
/// # Errors
///
/// [`PaceError::Random`].
pub fn random_nonce(rng: &mut dyn PaceRng) -> Result<Secret, PaceError> {
    random_nonce_of_len(NONCE_LEN, rng)
}

#[cfg(any(test, feature = "chip"))]
/// Draws a fresh nonce of `len` bytes (the integrated mapping with AES-192 or AES-256
/// needs 32: [`super::im::chip_nonce_len`]).
///
/// # Errors
///
/// [`PaceError::Random`]; [`PaceError::NonceLength`] for a length above [`MAX_NONCE_LEN`].
pub fn random_nonce_of_len(len: usize, rng: &mut dyn PaceRng) -> Result<Secret, PaceError> {
    if len == 0 || len > MAX_NONCE_LEN {
        return Err(PaceError::NonceLength(len));
    }
    let mut s = Zeroizing::new(vec![0u8; len]);
    rng.fill(&mut s)?;
    Ok(s)
}
