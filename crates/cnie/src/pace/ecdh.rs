//! Elliptic-curve operations of PACE over every standard domain: NIST P-224/256/384/521 and
//! brainpoolP224r1/256r1/320r1/384r1/512r1.
//!
//! The arithmetic is RustCrypto's: the `p256`, `p384`, `p521`, `bp256`, `bp384` crates, and
//! for the curves without a crate the `primeorder` instantiations of [`crate::crypto::curves`].
//! This module only dispatches on [`Curve`] and converts between bytes and group elements, so
//! the protocol code works on plain bytes: scalars big-endian, points uncompressed SEC1
//! (`04 || X || Y`), shared secrets the x coordinate at the field's byte length.
//!
//! Points from the peer must be uncompressed, of the curve's exact length, on the curve and
//! not the identity ([`PaceError::InvalidPoint`]).

use elliptic_curve::ff::Field;
use elliptic_curve::group::{Curve as _, Group};
use elliptic_curve::point::AffineCoordinates;
use elliptic_curve::sec1::{FromSec1Point, ModulusSize, ToSec1Point};
use elliptic_curve::{
    AffinePoint, CurveArithmetic, FieldBytes, FieldBytesSize, PrimeField, ProjectivePoint,
    PublicKey,
};
use zeroize::{Zeroize, Zeroizing};

use super::{Curve, PaceError, PaceRng, Secret};
use crate::crypto::curves;

/// Attempts at drawing a random scalar below the group order before giving up.
const SCALAR_ATTEMPTS: usize = 128;

/// Calls the generic function `$f` with the curve type of `$curve`.
macro_rules! dispatch {
    ($curve:expr, $f:ident ( $($arg:expr),* )) => {
        match $curve {
            Curve::P224 => $f::<curves::p224::NistP224>($($arg),*),
            Curve::P256 => $f::<p256::NistP256>($($arg),*),
            Curve::P384 => $f::<p384::NistP384>($($arg),*),
            Curve::P521 => $f::<p521::NistP521>($($arg),*),
            Curve::BrainpoolP224r1 => $f::<curves::bp224::BrainpoolP224r1>($($arg),*),
            Curve::BrainpoolP256r1 => $f::<bp256::BrainpoolP256r1>($($arg),*),
            Curve::BrainpoolP320r1 => $f::<curves::bp320::BrainpoolP320r1>($($arg),*),
            Curve::BrainpoolP384r1 => $f::<bp384::BrainpoolP384r1>($($arg),*),
            Curve::BrainpoolP512r1 => $f::<curves::bp512::BrainpoolP512r1>($($arg),*),
        }
    };
}
pub(crate) use dispatch;

/// The byte length of a field element (and of a scalar) of `curve`: 28, 32, 40, 48, 64 or 66.
pub fn field_len(curve: Curve) -> usize {
    curve.bits().div_ceil(8)
}

#[cfg(any(test, feature = "chip"))]
/// The byte length of an uncompressed point of `curve`: `1 + 2 · field_len`.
pub fn point_len(curve: Curve) -> usize {
    1 + 2 * field_len(curve)
}

/// Draws a secret scalar in `[1, n - 1]` by rejection sampling (big-endian, field length).
///
/// # Errors
///
/// [`PaceError::Random`] when the generator fails (or, with negligible probability, never
/// yields a value below the order).
pub fn random_scalar(curve: Curve, rng: &mut dyn PaceRng) -> Result<Secret, PaceError> {
    let len = field_len(curve);
    // P-521's top byte holds one bit: mask the rest so that most draws succeed.
    let top_bits = curve.bits() % 8;
    for _ in 0..SCALAR_ATTEMPTS {
        let mut bytes = Zeroizing::new(vec![0u8; len]);
        rng.fill(&mut bytes)?;
        if top_bits != 0
            && let Some(first) = bytes.first_mut()
        {
            *first &= (1u8 << top_bits) - 1;
        }
        if validate_scalar(curve, &bytes).is_ok() {
            return Ok(bytes);
        }
    }
    Err(PaceError::Random)
}

/// Checks that `scalar` (big-endian, leading zeros allowed) is in `[1, n - 1]`.
///
/// # Errors
///
/// [`PaceError::Degenerate`] when it is not.
pub fn validate_scalar(curve: Curve, scalar: &[u8]) -> Result<(), PaceError> {
    dispatch!(curve, check_scalar(scalar))
}

/// Checks that `point` is an uncompressed point of `curve`, on the curve, not the identity.
///
/// # Errors
///
/// [`PaceError::InvalidPoint`].
pub fn validate_point(curve: Curve, point: &[u8]) -> Result<(), PaceError> {
    dispatch!(curve, check_point(point))
}

/// `scalar · base` (or `scalar · G` when `base` is `None`), uncompressed.
///
/// # Errors
///
/// [`PaceError::InvalidPoint`] for a bad `base`, [`PaceError::Degenerate`] for a scalar out
/// of range or an identity result.
pub fn multiply(curve: Curve, scalar: &[u8], base: Option<&[u8]>) -> Result<Vec<u8>, PaceError> {
    dispatch!(curve, mul(scalar, base))
}

/// `scalar · G + point`, uncompressed: the generic mapping's `G' = s·G + H`. `scalar` may be
/// zero.
///
/// # Errors
///
/// [`PaceError::InvalidPoint`] for a bad `point`, [`PaceError::Degenerate`] for a scalar
/// not below the order or an identity result.
pub fn multiply_generator_add(
    curve: Curve,
    scalar: &[u8],
    point: &[u8],
) -> Result<Vec<u8>, PaceError> {
    dispatch!(curve, mul_generator_add(scalar, point))
}

/// The x coordinate of `scalar · point` at the field length: the ECDH shared secret.
///
/// # Errors
///
/// As [`multiply`].
pub fn shared_secret(curve: Curve, scalar: &[u8], point: &[u8]) -> Result<Secret, PaceError> {
    dispatch!(curve, ecdh_x(scalar, point))
}

/// Decodes a big-endian integer (leading zeros allowed) below the group order; `nonzero`
/// also refuses zero.
pub(crate) fn decode_scalar<C>(
    bytes: &[u8],
    nonzero: bool,
) -> Result<Zeroizing<C::Scalar>, PaceError>
where
    C: CurveArithmetic,
{
    let skip = bytes.iter().take_while(|b| **b == 0).count();
    let significant = bytes.get(skip..).unwrap_or_default();
    let mut repr = FieldBytes::<C>::default();
    let offset = repr
        .len()
        .checked_sub(significant.len())
        .ok_or(PaceError::Degenerate("scalar longer than the group order"))?;
    repr.get_mut(offset..)
        .ok_or(PaceError::Degenerate("scalar length"))?
        .copy_from_slice(significant); // ok: both sides are `significant.len()` long
    let scalar = Option::<C::Scalar>::from(C::Scalar::from_repr(repr));
    repr.as_mut_slice().zeroize();
    let scalar =
        Zeroizing::new(scalar.ok_or(PaceError::Degenerate("scalar not below the group order"))?);
    if nonzero && bool::from(scalar.is_zero()) {
        return Err(PaceError::Degenerate("zero scalar"));
    }
    Ok(scalar)
}

/// Decodes an uncompressed point of the exact length, on the curve, not the identity.
fn decode_point<C>(bytes: &[u8]) -> Result<ProjectivePoint<C>, PaceError>
where
    C: CurveArithmetic,
    FieldBytesSize<C>: ModulusSize,
    AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
{
    let expected = 1 + 2 * FieldBytes::<C>::default().len();
    if bytes.len() != expected {
        return Err(PaceError::InvalidPoint("wrong length"));
    }
    if bytes.first() != Some(&0x04) {
        return Err(PaceError::InvalidPoint("not an uncompressed point"));
    }
    let key = PublicKey::<C>::from_sec1_bytes(bytes)
        .map_err(|_| PaceError::InvalidPoint("not on the curve"))?;
    Ok(key.to_projective())
}

/// Encodes a point uncompressed; the identity is an error.
fn encode_point<C>(point: &ProjectivePoint<C>) -> Result<Vec<u8>, PaceError>
where
    C: CurveArithmetic,
    FieldBytesSize<C>: ModulusSize,
    AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
{
    if bool::from(point.is_identity()) {
        return Err(PaceError::Degenerate("result is the point at infinity"));
    }
    Ok(point.to_affine().to_sec1_point(false).as_bytes().to_vec())
}

fn check_scalar<C>(scalar: &[u8]) -> Result<(), PaceError>
where
    C: CurveArithmetic,
{
    decode_scalar::<C>(scalar, true).map(|_| ())
}

fn check_point<C>(point: &[u8]) -> Result<(), PaceError>
where
    C: CurveArithmetic,
    FieldBytesSize<C>: ModulusSize,
    AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
{
    decode_point::<C>(point).map(|_| ())
}

fn mul<C>(scalar: &[u8], base: Option<&[u8]>) -> Result<Vec<u8>, PaceError>
where
    C: CurveArithmetic,
    FieldBytesSize<C>: ModulusSize,
    AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
{
    let k = decode_scalar::<C>(scalar, true)?;
    let base = match base {
        Some(bytes) => decode_point::<C>(bytes)?,
        None => ProjectivePoint::<C>::generator(),
    };
    encode_point::<C>(&(base * *k))
}

fn mul_generator_add<C>(scalar: &[u8], point: &[u8]) -> Result<Vec<u8>, PaceError>
where
    C: CurveArithmetic,
    FieldBytesSize<C>: ModulusSize,
    AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
{
    let s = decode_scalar::<C>(scalar, false)?;
    let h = decode_point::<C>(point)?;
    encode_point::<C>(&(ProjectivePoint::<C>::generator() * *s + h))
}

fn ecdh_x<C>(scalar: &[u8], point: &[u8]) -> Result<Secret, PaceError>
where
    C: CurveArithmetic,
    FieldBytesSize<C>: ModulusSize,
    AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
{
    let k = decode_scalar::<C>(scalar, true)?;
    let peer = decode_point::<C>(point)?;
    let shared = peer * *k;
    if bool::from(shared.is_identity()) {
        return Err(PaceError::Degenerate(
            "shared point is the point at infinity",
        ));
    }
    let mut x = shared.to_affine().x();
    let out = Zeroizing::new(x.to_vec());
    x.as_mut_slice().zeroize();
    Ok(out)
}
