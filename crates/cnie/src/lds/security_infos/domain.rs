//! The standardized domain parameters (groups and curves) by parameter id.

use crate::crypto::ec::Curve;

/// The standardized domain parameters of PACE and Chip Authentication
/// (BSI TR-03110-3 Table 4; ICAO 9303-11 §9.5.1), by parameter id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StandardDomain {
    /// 0: 1024-bit MODP group with a 160-bit prime-order subgroup (RFC 5114 §2.1).
    Modp1024_160,
    /// 1: 2048-bit MODP group with a 224-bit prime-order subgroup (RFC 5114 §2.2).
    Modp2048_224,
    /// 2: 2048-bit MODP group with a 256-bit prime-order subgroup (RFC 5114 §2.3).
    Modp2048_256,
    /// 8: NIST P-192 (secp192r1).
    P192,
    /// 9: brainpoolP192r1.
    BrainpoolP192r1,
    /// 10: NIST P-224 (secp224r1).
    P224,
    /// 11: brainpoolP224r1.
    BrainpoolP224r1,
    /// 12: NIST P-256 (secp256r1).
    P256,
    /// 13: brainpoolP256r1.
    BrainpoolP256r1,
    /// 14: brainpoolP320r1.
    BrainpoolP320r1,
    /// 15: NIST P-384 (secp384r1).
    P384,
    /// 16: brainpoolP384r1.
    BrainpoolP384r1,
    /// 17: brainpoolP512r1.
    BrainpoolP512r1,
    /// 18: NIST P-521 (secp521r1).
    P521,
}

impl StandardDomain {
    #[cfg(any(test, feature = "chip"))]
    /// Every standardized domain.
    pub const ALL: [StandardDomain; 14] = [
        StandardDomain::Modp1024_160,
        StandardDomain::Modp2048_224,
        StandardDomain::Modp2048_256,
        StandardDomain::P192,
        StandardDomain::BrainpoolP192r1,
        StandardDomain::P224,
        StandardDomain::BrainpoolP224r1,
        StandardDomain::P256,
        StandardDomain::BrainpoolP256r1,
        StandardDomain::BrainpoolP320r1,
        StandardDomain::P384,
        StandardDomain::BrainpoolP384r1,
        StandardDomain::BrainpoolP512r1,
        StandardDomain::P521,
    ];

    /// The domain of a standardized parameter id (0–2, 8–18); other ids
    /// are reserved or proprietary.
    pub const fn from_id(id: u32) -> Option<StandardDomain> {
        Some(match id {
            0 => StandardDomain::Modp1024_160,
            1 => StandardDomain::Modp2048_224,
            2 => StandardDomain::Modp2048_256,
            8 => StandardDomain::P192,
            9 => StandardDomain::BrainpoolP192r1,
            10 => StandardDomain::P224,
            11 => StandardDomain::BrainpoolP224r1,
            12 => StandardDomain::P256,
            13 => StandardDomain::BrainpoolP256r1,
            14 => StandardDomain::BrainpoolP320r1,
            15 => StandardDomain::P384,
            16 => StandardDomain::BrainpoolP384r1,
            17 => StandardDomain::BrainpoolP512r1,
            18 => StandardDomain::P521,
            _ => return None,
        })
    }

    #[cfg(any(test, feature = "chip"))]
    /// The standardized parameter id.
    pub const fn id(self) -> u32 {
        match self {
            StandardDomain::Modp1024_160 => 0,
            StandardDomain::Modp2048_224 => 1,
            StandardDomain::Modp2048_256 => 2,
            StandardDomain::P192 => 8,
            StandardDomain::BrainpoolP192r1 => 9,
            StandardDomain::P224 => 10,
            StandardDomain::BrainpoolP224r1 => 11,
            StandardDomain::P256 => 12,
            StandardDomain::BrainpoolP256r1 => 13,
            StandardDomain::BrainpoolP320r1 => 14,
            StandardDomain::P384 => 15,
            StandardDomain::BrainpoolP384r1 => 16,
            StandardDomain::BrainpoolP512r1 => 17,
            StandardDomain::P521 => 18,
        }
    }

    /// The group's name, e.g. `"brainpoolP256r1"` or `"MODP-1024-160"`.
    pub const fn name(self) -> &'static str {
        match self {
            StandardDomain::Modp1024_160 => "MODP-1024-160",
            StandardDomain::Modp2048_224 => "MODP-2048-224",
            StandardDomain::Modp2048_256 => "MODP-2048-256",
            StandardDomain::P192 => "P-192",
            StandardDomain::BrainpoolP192r1 => "brainpoolP192r1",
            StandardDomain::P224 => "P-224",
            StandardDomain::BrainpoolP224r1 => "brainpoolP224r1",
            StandardDomain::P256 => "P-256",
            StandardDomain::BrainpoolP256r1 => "brainpoolP256r1",
            StandardDomain::BrainpoolP320r1 => "brainpoolP320r1",
            StandardDomain::P384 => "P-384",
            StandardDomain::BrainpoolP384r1 => "brainpoolP384r1",
            StandardDomain::BrainpoolP512r1 => "brainpoolP512r1",
            StandardDomain::P521 => "P-521",
        }
    }

    #[cfg(any(test, feature = "chip"))]
    /// Whether this is an elliptic curve (else a MODP group).
    pub const fn is_ecdh(self) -> bool {
        !matches!(
            self,
            StandardDomain::Modp1024_160
                | StandardDomain::Modp2048_224
                | StandardDomain::Modp2048_256
        )
    }

    /// The curve, when [`crate::crypto::ec`] has its arithmetic (not for the
    /// MODP groups, P-192 or brainpoolP192r1).
    pub const fn curve(self) -> Option<Curve> {
        Some(match self {
            StandardDomain::P224 => Curve::P224,
            StandardDomain::BrainpoolP224r1 => Curve::BrainpoolP224r1,
            StandardDomain::P256 => Curve::P256,
            StandardDomain::BrainpoolP256r1 => Curve::BrainpoolP256r1,
            StandardDomain::BrainpoolP320r1 => Curve::BrainpoolP320r1,
            StandardDomain::P384 => Curve::P384,
            StandardDomain::BrainpoolP384r1 => Curve::BrainpoolP384r1,
            StandardDomain::BrainpoolP512r1 => Curve::BrainpoolP512r1,
            StandardDomain::P521 => Curve::P521,
            _ => return None,
        })
    }
}
