//! PACE (Password Authenticated Connection Establishment), ICAO Doc 9303 Part 11 §4.4 and
//! BSI TR-03110-2/-3: the protocol core for both sides, without I/O.
//!
//! The terminal ([`PaceTerminal`]) and the chip ([`PaceChip`]) are pure state machines: each
//! step takes the peer's message (bytes that the caller moved through GENERAL AUTHENTICATE)
//! and returns the next one. Randomness is injected ([`PaceRng`]; [`OsRandom`] in production),
//! so the worked examples replay exactly.
//!
//! 1. The chip draws a nonce `s` and sends `z = E(K_π, s)` ([`nonce`]).
//! 2. Mapping ([`Mapping`]) onto a new generator `G~` of the group ([`Group`]: an elliptic
//!    curve, [`ecdh`], or an RFC 5114 MODP group, [`dh`]):
//!    - generic ([`gm`]): both sides exchange ephemeral keys and compute `G~ = s·G + H`
//!      (`g^s · h` for DH) with `H = SK_map·PK_map'`;
//!    - integrated ([`im`]): the terminal sends a nonce `t`, both compute
//!      `G~ = f_G(R_p(s, t))`;
//!    - chip authentication ([`cam`]): the generic mapping, plus a proof of the chip's
//!      static key at the end (ECDH, AES only).
//! 3. Key agreement on `G~`: `K = x(SK·PK')` (ECDH) or `PK'^SK mod p` (DH),
//!    `KS_enc = KDF(K, 1)`, `KS_mac = KDF(K, 2)`.
//! 4. Mutual authentication with tokens over the peer's public key ([`token`]), checked in
//!    constant time.
//!
//! [`data`] encodes and decodes the GENERAL AUTHENTICATE dynamic authentication data
//! (`7C { 80 … 86 }`) and the MSE:Set AT command data; [`run`] drives a card through them.
//!
//! Every point received is decoded as an uncompressed SEC1 point of the curve's exact size,
//! checked to be on the curve and not the identity; every DH value must have the prime's
//! length, lie in `1 < y < p - 1` and in the prime-order subgroup; a bad one is a typed
//! [`PaceError`].

pub mod cam;
#[cfg(any(test, feature = "chip"))]
pub mod chip;
pub mod data;
pub mod dh;
pub mod ecdh;
pub mod gm;
pub mod group;
pub mod im;
pub mod nonce;
pub mod run;
pub mod terminal;
#[cfg(test)]
mod tests;
pub mod token;

use std::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

pub use crate::crypto::ec::Curve;
use crate::crypto::kdf::KdfAlgorithm;
pub use crate::error::PaceError;

#[cfg(any(test, feature = "chip"))]
pub use chip::PaceChip;
#[cfg(feature = "chip")]
pub use data::{
    decode_dynamic_auth_data, encode_dynamic_auth_data, mse_set_at_data, parse_mse_set_at_data,
};
pub use group::{DhGroup, Group};
pub use terminal::PaceTerminal;

/// The mapping of the nonce onto the group (ICAO 9303-11 §4.4.3.3).
///
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Mapping {
    /// Generic mapping: `G' = s·G + H`, `H` from an ephemeral Diffie-Hellman exchange.
    Generic,
    /// Integrated mapping ([`im`]): `G' = f_G(R_p(s, t))` with the terminal's nonce `t`.
    Integrated,
    /// Chip authentication mapping ([`cam`]): the generic mapping, plus the chip's
    /// encrypted `CA_IC` in the last step, checked against its static key. AES only.
    ChipAuthentication,
}

/// The parameters of one PACE run: the protocol OID, the cipher (through its KDF), the
/// mapping and the group (curve or MODP group).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaceParams {
    oid: Vec<u8>,
    kdf: KdfAlgorithm,
    mapping: Mapping,
    group: Group,
}

/// The longest protocol OID value accepted (id-PACE OIDs are 10 bytes).
const MAX_OID_LEN: usize = 32;

impl PaceParams {
    /// The PACE parameters of a `PACEInfo` this crate can run, or `None`: the generic and
    /// integrated mappings over ECDH (every standardized curve) and DH (the RFC 5114 groups,
    /// parameter ids 0-2), and the ECDH chip authentication mapping with AES. The integrated
    /// mapping on P-224 is not offered (its point encoding needs `p = 3 mod 4`).
    pub fn from_info(info: &crate::lds::security_infos::PaceInfo) -> Option<Self> {
        use crate::pace::Group;
        use crate::lds::security_infos::PaceMapping;
        let group = Group::from_standard_domain(info.standard_domain()?)?;
        let is_dh = matches!(group, Group::Dh(_));
        let mapping = match info.protocol.mapping() {
            PaceMapping::EcdhGm if !is_dh => Mapping::Generic,
            PaceMapping::DhGm if is_dh => Mapping::Generic,
            PaceMapping::EcdhIm if !is_dh && group != Group::Ec(Curve::P224) => {
                Mapping::Integrated
            }
            PaceMapping::DhIm if is_dh => Mapping::Integrated,
            PaceMapping::EcdhCam if !is_dh && info.protocol.kdf_algorithm() != KdfAlgorithm::Des3 => {
                Mapping::ChipAuthentication
            }
            _ => return None,
        };
        Self::new(
            &info.protocol.oid(),
            info.protocol.kdf_algorithm(),
            mapping,
            group,
        )
        .ok()
}

    /// Parameters from the DER value (contents octets, no tag or length) of the PACE protocol
    /// OID, e.g. `04 00 7F 00 07 02 02 04 02 02` for id-PACE-ECDH-GM-AES-CBC-CMAC-128; the
    /// cipher's KDF algorithm; the mapping; the group (a [`Curve`] or a [`DhGroup`], from the
    /// standardized domain parameter id).
    ///
    /// # Errors
    ///
    /// [`PaceError::Malformed`] for an empty OID or one longer than 32 bytes;
    /// [`PaceError::Unsupported`] for the chip authentication mapping on a DH group (it is
    /// defined for ECDH only).
    pub fn new(
        oid_value: &[u8],
        kdf: KdfAlgorithm,
        mapping: Mapping,
        group: impl Into<Group>,
    ) -> Result<Self, PaceError> {
        if oid_value.is_empty() || oid_value.len() > MAX_OID_LEN {
            return Err(PaceError::Malformed("protocol OID length"));
        }
        let group = group.into();
        if mapping == Mapping::ChipAuthentication && group.curve().is_none() {
            return Err(PaceError::Unsupported(
                "chip authentication mapping on a DH group",
            ));
        }
        Ok(PaceParams {
            oid: oid_value.to_vec(),
            kdf,
            mapping,
            group,
        })
    }

    /// The DER value of the protocol OID.
    pub fn oid(&self) -> &[u8] {
        &self.oid
    }

    /// The cipher's KDF algorithm (fixes the key length and the token MAC).
    pub fn kdf(&self) -> KdfAlgorithm {
        self.kdf
    }

    /// The mapping.
    pub fn mapping(&self) -> Mapping {
        self.mapping
    }

    /// The group.
    pub fn group(&self) -> Group {
        self.group
    }

    /// The curve, for an elliptic-curve run (`None` for DH).
    pub fn curve(&self) -> Option<Curve> {
        self.group.curve()
    }
}

/// The secure-messaging keys PACE establishes. Zeroized on drop; `Debug` is redacted.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct SessionKeys {
    #[zeroize(skip)]
    kdf: KdfAlgorithm,
    ks_enc: Vec<u8>,
    ks_mac: Vec<u8>,
}

impl SessionKeys {
    /// Derives `KS_enc = KDF(K, 1)` and `KS_mac = KDF(K, 2)` from the shared secret.
    pub(crate) fn derive(shared_secret: &[u8], kdf: KdfAlgorithm) -> Self {
        let enc = crate::crypto::kdf::kdf(shared_secret, crate::crypto::kdf::KDF_ENC, kdf);
        let mac = crate::crypto::kdf::kdf(shared_secret, crate::crypto::kdf::KDF_MAC, kdf);
        SessionKeys {
            kdf,
            ks_enc: enc.to_vec(),
            ks_mac: mac.to_vec(),
        }
    }

    /// The cipher the keys are for.
    pub fn kdf(&self) -> KdfAlgorithm {
        self.kdf
    }

    /// `KS_enc` (16, 24 or 32 bytes).
    pub fn ks_enc(&self) -> &[u8] {
        &self.ks_enc
    }

    /// `KS_mac` (16, 24 or 32 bytes).
    pub fn ks_mac(&self) -> &[u8] {
        &self.ks_mac
    }
}

impl fmt::Debug for SessionKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionKeys")
            .field("kdf", &self.kdf)
            .field("keys", &"<redacted>")
            .finish()
    }
}

/// A source of randomness for ephemeral keys and nonces.
pub trait PaceRng {
    /// Fills `buf` with random bytes.
    ///
    /// # Errors
    ///
    /// [`PaceError::Random`] when no randomness is available.
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), PaceError>;
}

/// The operating system's random number generator.
#[derive(Debug, Clone, Copy, Default)]
pub struct OsRandom;

impl PaceRng for OsRandom {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), PaceError> {
        getrandom::fill(buf).map_err(|_| PaceError::Random)
    }
}

/// A zeroizing byte buffer.
pub(crate) type Secret = Zeroizing<Vec<u8>>;
