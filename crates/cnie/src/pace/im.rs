//! The integrated mapping (ICAO 9303-11 §4.4.3.3.2 and Appendix B; BSI TR-03110-3):
//! the terminal sends a nonce `t` in clear (DO'81'), the chip answers an empty DO'82', and
//! both map the nonce pair straight onto the group: `G~ = f_G(R_p(s, t))`.
//!
//! - `R(s, t)`, the pseudo-random function: with the cipher `E` of the protocol in CBC mode
//!   with a zero IV, `k_0 = E(t, s)`, then for `i = 1..n`: `x_i = E(k_{i-1}, c_1)` and
//!   `k_i = E(k_{i-1}, c_0)`, keys truncated to the cipher's key length; `R = x_1 || … ||
//!   x_n` with `n` the smallest number such that `n · l ≥ log2 p + 64` (`l` the bit length
//!   of `s` and of the constants `c_0`, `c_1`: 128 for 3DES and AES-128, 256 for AES-192 and
//!   AES-256). `R_p(s, t) = R mod p`.
//! - DH: `f_g(x) = x^((p-1)/q) mod p`, which must not be 1 ([`dh::integrated_map`]).
//! - ECDH: the point encoding of Brier et al. (Appendix B; for `p ≡ 3 mod 4`):
//!   `α = -t²`, `X2 = -b·a⁻¹·(1 + (α + α²)⁻¹)`, `X3 = α·X2`, `h2 = X2³ + a·X2 + b`,
//!   `U = t³·h2`, `A = h2^(p - 1 - (p + 1)/4)`; the point is `(X2, A·h2)` when `A²·h2 = 1`,
//!   else `(X3, A·U)`. The field arithmetic is the curve crates' (`primeorder` field
//!   elements), the reduction modulo `p` `crypto-bigint`'s; the selection is constant time.
//!   P-224 (`p ≡ 1 mod 4`) is refused ([`PaceError::Unsupported`]).

use crypto_bigint::{BoxedUint, NonZero};
use elliptic_curve::ff::{Field, PrimeField};
use elliptic_curve::sec1::{FromSec1Point, ModulusSize, ToSec1Point};
use elliptic_curve::{AffinePoint, FieldBytesSize, PublicKey};
use primeorder::PrimeCurveParams;
use subtle::{ConditionallySelectable, ConstantTimeEq};
use zeroize::Zeroizing;

use super::ecdh::dispatch;
use super::group::Group;
use super::{PaceError, PaceRng, Secret, dh, nonce};
use crate::crypto::curves;
use crate::crypto::ec::Curve;
use crate::crypto::kdf::KdfAlgorithm;

/// `c_0` for 3DES and AES-128 (`l = 128`).
const C0_128: [u8; 16] = [
    0xa6, 0x68, 0x89, 0x2a, 0x7c, 0x41, 0xe3, 0xca, 0x73, 0x9f, 0x40, 0xb0, 0x57, 0xd8, 0x59, 0x04,
];
/// `c_1` for 3DES and AES-128 (`l = 128`).
const C1_128: [u8; 16] = [
    0xa4, 0xe1, 0x36, 0xac, 0x72, 0x5f, 0x73, 0x8b, 0x01, 0xc1, 0xf6, 0x02, 0x17, 0xc1, 0x88, 0xad,
];
/// `c_0` for AES-192 and AES-256 (`l = 256`).
const C0_256: [u8; 32] = [
    0xd4, 0x63, 0xd6, 0x52, 0x34, 0x12, 0x4e, 0xf7, 0x89, 0x70, 0x54, 0x98, 0x6d, 0xca, 0x0a, 0x17,
    0x4e, 0x28, 0xdf, 0x75, 0x8c, 0xba, 0xa0, 0x3f, 0x24, 0x06, 0x16, 0x41, 0x4d, 0x5a, 0x16, 0x76,
];
/// `c_1` for AES-192 and AES-256 (`l = 256`).
const C1_256: [u8; 32] = [
    0x54, 0xbd, 0x72, 0x55, 0xf0, 0xaa, 0xf8, 0x31, 0xbe, 0xc3, 0x42, 0x3f, 0xcf, 0x39, 0xd6, 0x9b,
    0x6c, 0xbf, 0x06, 0x66, 0x77, 0xd0, 0xfa, 0xae, 0x5a, 0xad, 0xd9, 0x9d, 0xf8, 0xe5, 0x35, 0x17,
];

/// The length in bytes of the chip's nonce `s` for the integrated mapping (`l / 8`): the
/// smallest multiple of the block size not shorter than the key: 16 for 3DES and AES-128,
/// 32 for AES-192 and AES-256.
pub fn chip_nonce_len(kdf: KdfAlgorithm) -> usize {
    match kdf {
        KdfAlgorithm::Des3 | KdfAlgorithm::Aes128 => 16,
        KdfAlgorithm::Aes192 | KdfAlgorithm::Aes256 => 32,
    }
}

/// The length in bytes of the terminal's nonce `t` (`k / 8`, the key length; 16 for 3DES).
pub fn terminal_nonce_len(kdf: KdfAlgorithm) -> usize {
    kdf.key_len()
}

/// Draws the terminal's nonce `t`.
///
/// # Errors
///
/// [`PaceError::Random`].
pub fn random_terminal_nonce(
    kdf: KdfAlgorithm,
    rng: &mut dyn PaceRng,
) -> Result<Secret, PaceError> {
    let mut t = Zeroizing::new(vec![0u8; terminal_nonce_len(kdf)]);
    rng.fill(&mut t)?;
    Ok(t)
}

/// `R(s, t)` for a prime of `p_bits` bits: `n` blocks of `l` bits (not yet reduced).
///
/// # Errors
///
/// [`PaceError::NonceLength`] when `s` or `t` does not have the cipher's lengths
/// ([`chip_nonce_len`], [`terminal_nonce_len`]).
pub fn pseudo_random(
    s: &[u8],
    t: &[u8],
    kdf: KdfAlgorithm,
    p_bits: usize,
) -> Result<Secret, PaceError> {
    let l = chip_nonce_len(kdf);
    if s.len() != l {
        return Err(PaceError::NonceLength(s.len()));
    }
    if t.len() != terminal_nonce_len(kdf) {
        return Err(PaceError::NonceLength(t.len()));
    }
    let (c0, c1): (&[u8], &[u8]) = if l == 16 {
        (&C0_128, &C1_128)
    } else {
        (&C0_256, &C1_256)
    };
    let key_len = kdf.key_len();
    let n = (p_bits + 64).div_ceil(l * 8);
    let mut key = Zeroizing::new(nonce::encrypt_nonce(t, kdf, s)?);
    key.truncate(key_len);
    let mut out = Zeroizing::new(Vec::with_capacity(n * l));
    for _ in 0..n {
        let x = Zeroizing::new(nonce::encrypt_nonce(&key, kdf, c1)?);
        out.extend_from_slice(&x);
        let mut next = Zeroizing::new(nonce::encrypt_nonce(&key, kdf, c0)?);
        next.truncate(key_len);
        key = next;
    }
    Ok(out)
}

/// The mapped generator `G~ = f_G(R_p(s, t))` of `group` (uncompressed point, or the DH
/// generator at `p`'s length).
///
/// # Errors
///
/// [`PaceError::NonceLength`] for nonces of the wrong length, [`PaceError::Degenerate`]
/// for a degenerate result, [`PaceError::Unsupported`] for P-224.
pub fn map(group: Group, s: &[u8], t: &[u8], kdf: KdfAlgorithm) -> Result<Vec<u8>, PaceError> {
    let r = pseudo_random(s, t, kdf, group.prime_bits())?;
    match group {
        Group::Dh(dh_group) => dh::integrated_map(dh_group, &r),
        Group::Ec(curve) => point_encoding(curve, &r),
    }
}

/// The point encoding `f_G(R mod p)` on `curve` (uncompressed), from the octet string `R`.
///
/// # Errors
///
/// [`PaceError::Unsupported`] for a curve with `p ≡ 1 mod 4`; [`PaceError::Degenerate`]
/// when `R mod p` is zero or an inversion fails.
pub fn point_encoding(curve: Curve, r: &[u8]) -> Result<Vec<u8>, PaceError> {
    dispatch!(curve, encode_point(r))
}

#[cfg(any(test, feature = "chip"))]
/// `R mod p` at the field's length (the integrated mapping's `R_p(s, t)` on `curve`).
///
/// # Errors
///
/// [`PaceError::Degenerate`] for an empty or overlong `r`.
pub fn reduce(curve: Curve, r: &[u8]) -> Result<Secret, PaceError> {
    dispatch!(curve, reduce_bytes(r))
}

fn reduce_bytes<C: PrimeCurveParams>(r: &[u8]) -> Result<Secret, PaceError> {
    let p = modulus::<C>()?;
    let precision = p.bits_precision();
    let field_len = elliptic_curve::FieldBytes::<C>::default().len();
    if r.is_empty() || r.len() > 4 * field_len {
        return Err(PaceError::Degenerate("R length"));
    }
    let r_bits = u32::try_from(r.len() * 8).map_err(|_| PaceError::Degenerate("R length"))?;
    let wide = Zeroizing::new(
        BoxedUint::from_be_slice(r, r_bits.max(precision))
            .map_err(|_| PaceError::Degenerate("R length"))?,
    );
    let nonzero_p = Option::<NonZero<BoxedUint>>::from(NonZero::new(p))
        .ok_or(PaceError::Degenerate("modulus"))?;
    let reduced = Zeroizing::new(wide.rem(&nonzero_p));
    let bytes = Zeroizing::new(reduced.to_be_bytes());
    let skip = bytes
        .len()
        .checked_sub(field_len)
        .ok_or(PaceError::Degenerate("field length"))?;
    Ok(Zeroizing::new(
        bytes.get(skip..).unwrap_or_default().to_vec(),
    ))
}

/// The field modulus of `C` as an integer.
fn modulus<C: PrimeCurveParams>() -> Result<BoxedUint, PaceError> {
    let hex = <C::FieldElement as PrimeField>::MODULUS;
    let hex = hex.strip_prefix("0x").unwrap_or(hex);
    BoxedUint::from_str_radix_vartime(hex, 16).map_err(|_| PaceError::Unsupported("field modulus"))
}

/// `bytes` as little-endian 64-bit words (an exponent for `Field::pow`).
fn words(bytes_be: &[u8]) -> Vec<u64> {
    bytes_be
        .rchunks(8)
        .map(|chunk| {
            let mut word = [0u8; 8];
            let offset = 8 - chunk.len();
            if let Some(dst) = word.get_mut(offset..) {
                dst.copy_from_slice(chunk); // ok: `dst` has `chunk.len()` bytes
            }
            u64::from_be_bytes(word)
        })
        .collect()
}

fn encode_point<C>(r: &[u8]) -> Result<Vec<u8>, PaceError>
where
    C: PrimeCurveParams,
    FieldBytesSize<C>: ModulusSize,
    AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
{
    type Fe<C> = <C as elliptic_curve::hazmat::FieldArithmetic>::FieldElement;
    let p = modulus::<C>()?;
    let precision = p.bits_precision();
    if p.as_words().first().map(|w| w & 3) != Some(3) {
        return Err(PaceError::Unsupported(
            "integrated mapping on a curve with p = 1 mod 4",
        ));
    }
    // t = R mod p, as a field element.
    let reduced_bytes = reduce_bytes::<C>(r)?;
    let mut repr = <Fe<C> as PrimeField>::Repr::default();
    let repr_len = AsRef::<[u8]>::as_ref(&repr).len();
    if reduced_bytes.len() != repr_len {
        return Err(PaceError::Degenerate("field length"));
    }
    AsMut::<[u8]>::as_mut(&mut repr).copy_from_slice(&reduced_bytes); // ok: lengths checked
    let t = Option::<Fe<C>>::from(Fe::<C>::from_repr(repr))
        .ok_or(PaceError::Degenerate("R mod p is not a field element"))?;
    AsMut::<[u8]>::as_mut(&mut repr).fill(0);
    if bool::from(t.is_zero()) {
        return Err(PaceError::Degenerate("R mod p is zero"));
    }

    let a = C::EQUATION_A;
    let b = C::EQUATION_B;
    let one = Fe::<C>::ONE;
    let alpha = -t.square();
    let inv_a = Option::<Fe<C>>::from(a.invert()).ok_or(PaceError::Degenerate("a = 0"))?;
    let inv = Option::<Fe<C>>::from((alpha + alpha.square()).invert())
        .ok_or(PaceError::Degenerate("alpha + alpha^2 = 0"))?;
    let x2 = -b * inv_a * (one + inv);
    let x3 = alpha * x2;
    let h2 = x2.square() * x2 + a * x2 + b;
    let u = t.square() * t * h2;
    // A = h2^(p - 1 - (p + 1)/4); the exponent is public.
    let one_int = BoxedUint::one_with_precision(precision);
    let quarter = p
        .wrapping_add(&one_int)
        .shr_vartime(2)
        .ok_or(PaceError::Degenerate("shift"))?;
    let exponent = p.wrapping_sub(&one_int).wrapping_sub(&quarter);
    let big_a = h2.pow(words(&exponent.to_be_bytes()));
    let is_square = (big_a.square() * h2).ct_eq(&one);
    let x = Fe::<C>::conditional_select(&x3, &x2, is_square);
    let y = Fe::<C>::conditional_select(&(big_a * u), &(big_a * h2), is_square);

    let mut sec1 = Zeroizing::new(Vec::with_capacity(1 + 2 * repr_len));
    sec1.push(0x04);
    sec1.extend_from_slice(x.to_repr().as_ref());
    sec1.extend_from_slice(y.to_repr().as_ref());
    // The encoding always lands on the curve; decoding checks it all the same.
    PublicKey::<C>::from_sec1_bytes(&sec1)
        .map_err(|_| PaceError::Degenerate("encoded point is not on the curve"))?;
    Ok(sec1.to_vec())
}
