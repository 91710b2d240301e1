//! The generic mapping over elliptic curves (ICAO 9303-11 §4.4.3.3.1): each side sends an
//! ephemeral public key `PK_map = SK_map · G`, both compute the shared point
//! `H = SK_map · PK_map'` and the mapped generator `G' = s·G + H`.

use zeroize::{Zeroize, ZeroizeOnDrop};

use super::{Curve, PaceError, ecdh};

/// The result of the generic mapping. Zeroized on drop; `Debug` is redacted.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct MappedGenerator {
    /// The shared point `H` (uncompressed).
    pub shared_point: Vec<u8>,
    /// The mapped generator `G'` (uncompressed).
    pub generator: Vec<u8>,
}

impl std::fmt::Debug for MappedGenerator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MappedGenerator { <redacted> }")
    }
}

/// Maps the nonce `s` with our mapping key `sk_map` and the peer's `pk_map_peer`:
/// `H = sk_map · pk_map_peer`, `G' = s·G + H`.
///
/// # Errors
///
/// [`PaceError::InvalidPoint`] for a bad peer key; [`PaceError::Degenerate`] when `H` or `G'`
/// is the identity or a scalar is out of range.
pub fn map(
    curve: Curve,
    nonce: &[u8],
    sk_map: &[u8],
    pk_map_peer: &[u8],
) -> Result<MappedGenerator, PaceError> {
    let shared_point = ecdh::multiply(curve, sk_map, Some(pk_map_peer))?;
    let generator = ecdh::multiply_generator_add(curve, nonce, &shared_point)?;
    Ok(MappedGenerator {
        shared_point,
        generator,
    })
}
