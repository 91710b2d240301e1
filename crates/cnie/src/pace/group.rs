//! The group PACE runs in: an elliptic curve ([`ecdh`]) or a MODP group ([`dh`]).
//!
//! [`Group`] dispatches each group operation the state machines need, on plain bytes:
//! secrets are big-endian integers, group elements uncompressed SEC1 points (ECDH) or
//! integers at the prime's length (DH), shared secrets the x coordinate (ECDH) or the
//! element itself (DH), at the field's length.

use std::fmt;

use super::{Curve, PaceError, PaceRng, Secret, dh, ecdh, gm};
use crate::lds::security_infos::StandardDomain;

pub use super::dh::DhGroup;

/// The data-object tag of an elliptic-curve point in a public-key data object (`7F49`).
const TAG_EC_POINT: u32 = 0x86;
/// The data-object tag of a DH public value in a public-key data object (`7F49`).
const TAG_DH_VALUE: u32 = 0x84;

/// The domain parameters of a PACE run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    /// Elliptic-curve Diffie-Hellman on a standardized curve.
    Ec(Curve),
    /// Diffie-Hellman in a standardized MODP group (RFC 5114).
    Dh(DhGroup),
}

impl From<Curve> for Group {
    fn from(curve: Curve) -> Group {
        Group::Ec(curve)
    }
}

impl From<DhGroup> for Group {
    fn from(group: DhGroup) -> Group {
        Group::Dh(group)
    }
}

impl fmt::Display for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Group {
    /// The group of a standardized domain (ids 0–2 and the curves this crate has).
    pub fn from_standard_domain(domain: StandardDomain) -> Option<Group> {
        match domain {
            StandardDomain::Modp1024_160 => Some(Group::Dh(DhGroup::Modp1024_160)),
            StandardDomain::Modp2048_224 => Some(Group::Dh(DhGroup::Modp2048_224)),
            StandardDomain::Modp2048_256 => Some(Group::Dh(DhGroup::Modp2048_256)),
            other => other.curve().map(Group::Ec),
        }
    }

    /// The group's name, e.g. `"brainpoolP256r1"` or `"MODP-2048-256"`.
    pub fn name(self) -> &'static str {
        match self {
            Group::Ec(curve) => curve.name(),
            Group::Dh(group) => group.name(),
        }
    }

    /// The curve, for an elliptic-curve group.
    pub fn curve(self) -> Option<Curve> {
        match self {
            Group::Ec(curve) => Some(curve),
            Group::Dh(_) => None,
        }
    }

    /// The bit length of the field prime `p` (what the integrated mapping's `R_p` reduces
    /// modulo).
    pub fn prime_bits(self) -> usize {
        match self {
            Group::Ec(curve) => curve.bits(),
            Group::Dh(group) => group.bits(),
        }
    }

    #[cfg(any(test, feature = "chip"))]
    /// The byte length of an encoded group element (uncompressed point, or DH value).
    pub fn element_len(self) -> usize {
        match self {
            Group::Ec(curve) => ecdh::point_len(curve),
            Group::Dh(group) => group.element_len(),
        }
    }

    /// The tag of the public key inside the token's public-key data object: `86` for an
    /// elliptic-curve point, `84` for a DH public value (ICAO 9303-11 §9.4.5).
    pub fn public_key_tag(self) -> u32 {
        match self {
            Group::Ec(_) => TAG_EC_POINT,
            Group::Dh(_) => TAG_DH_VALUE,
        }
    }

    /// Draws a secret key: a scalar in `[1, n - 1]` or an exponent in `[1, q - 1]`.
    ///
    /// # Errors
    ///
    /// [`PaceError::Random`].
    pub fn random_secret(self, rng: &mut dyn PaceRng) -> Result<Secret, PaceError> {
        match self {
            Group::Ec(curve) => ecdh::random_scalar(curve, rng),
            Group::Dh(group) => dh::random_exponent(group, rng),
        }
    }

    /// The public key `secret · base` (`base^secret`), or on the standard generator when
    /// `base` is `None`.
    ///
    /// # Errors
    ///
    /// [`PaceError::InvalidPoint`] for a bad base, [`PaceError::Degenerate`] for a bad secret
    /// or a trivial result.
    pub fn public_key(self, secret: &[u8], base: Option<&[u8]>) -> Result<Vec<u8>, PaceError> {
        match self {
            Group::Ec(curve) => ecdh::multiply(curve, secret, base),
            Group::Dh(group) => dh::power(group, secret, base),
        }
    }

    /// Validates a public key from the peer.
    ///
    /// # Errors
    ///
    /// [`PaceError::InvalidPoint`].
    pub fn validate_public(self, public: &[u8]) -> Result<(), PaceError> {
        match self {
            Group::Ec(curve) => ecdh::validate_point(curve, public),
            Group::Dh(group) => dh::validate_element(group, public),
        }
    }

    /// The key agreement's shared secret `K` with the peer's public key.
    ///
    /// # Errors
    ///
    /// As [`Self::public_key`].
    pub fn shared_secret(self, secret: &[u8], peer: &[u8]) -> Result<Secret, PaceError> {
        match self {
            Group::Ec(curve) => ecdh::shared_secret(curve, secret, peer),
            Group::Dh(group) => dh::shared_secret(group, secret, peer),
        }
    }

    /// The generic mapping with the nonce `s`, our mapping key and the peer's.
    ///
    /// # Errors
    ///
    /// As [`Self::public_key`].
    pub fn generic_map(
        self,
        nonce: &[u8],
        sk_map: &[u8],
        pk_map_peer: &[u8],
    ) -> Result<gm::MappedGenerator, PaceError> {
        match self {
            Group::Ec(curve) => gm::map(curve, nonce, sk_map, pk_map_peer),
            Group::Dh(group) => {
                let (shared_point, generator) = dh::generic_map(group, nonce, sk_map, pk_map_peer)?;
                Ok(gm::MappedGenerator {
                    shared_point,
                    generator,
                })
            }
        }
    }
}
