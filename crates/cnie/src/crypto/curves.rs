//! Elliptic curves that have no RustCrypto crate of their own: NIST P-224 and
//! brainpoolP224r1, brainpoolP320r1, brainpoolP512r1 (RFC 5639).
//!
//! Nothing here is hand-made arithmetic: each curve instantiates RustCrypto's
//! generic implementations — `primefield` (Montgomery-form prime fields on
//! `crypto-bigint`), `primeorder` (complete short-Weierstrass point arithmetic)
//! and `ecdsa` (verification) — with the curve's published domain parameters,
//! exactly as the `bp256`/`bp384` crates do for their curves. The constants
//! are the ones of SEC 2 / RFC 5639 (as printed by `openssl ecparam -param_enc
//! explicit`); the unit tests below check that each generator lies on its curve
//! and has the stated order, and the sample documents verify end to end.
//!
//! The `multiplicative_generator` values are primitive roots of the field and of
//! the scalar field for P-224, brainpoolP224r1 and brainpoolP320r1 (checked with
//! SymPy by factoring `q - 1`; P-224's field value is the `p224` crate's). For
//! brainpoolP512r1, `q - 1` was not factored: 2 and 7 are the smallest quadratic
//! non-residues, which is what the square-root and root-of-unity constants
//! need (`crypto-bigint` checks the non-residue property at compile time).
//! ECDSA verification uses neither.

/// Defines one curve in its own module.
macro_rules! prime_curve {
    (
        module: $module:ident,
        curve: $curve:ident,
        doc: $doc:literal,
        uint: $uint:ident,
        bytes: $bytes:ident,
        p: $p:literal,
        n: $n:literal,
        field_generator: $fg:literal,
        scalar_generator: $sg:literal,
        a: $a:literal,
        b: $b:literal,
        gx: $gx:literal,
        gy: $gy:literal $(,)?
    ) => {
        #[doc = $doc]
        pub mod $module {
            use elliptic_curve::bigint::{Odd, $uint};
            use elliptic_curve::consts::$bytes;

            #[doc = $doc]
            #[derive(Copy, Clone, Debug, Default, Eq, PartialEq, PartialOrd, Ord)]
            pub struct $curve;

            /// Order of the curve's prime-order group (hex, padded to the integer width;
            /// `p` likewise, while `a`, `b` and `G` are written at the field-byte width).
            const ORDER_HEX: &str = $n;

            impl elliptic_curve::Curve for $curve {
                type FieldBytesSize = $bytes;
                type Uint = $uint;
                const ORDER: Odd<$uint> = Odd::<$uint>::from_be_hex(ORDER_HEX);
            }

            impl elliptic_curve::PrimeCurve for $curve {}

            impl elliptic_curve::point::PointCompression for $curve {
                const COMPRESS_POINTS: bool = false;
            }

            impl ecdsa::EcdsaCurve for $curve {
                const NORMALIZE_S: bool = false;
            }

            /// Field bytes of this curve.
            pub type FieldBytes = elliptic_curve::FieldBytes<$curve>;

            /// Base field.
            #[allow(deprecated)] // primefield 0.14's macro calls `Uint::bits`
            pub mod field {
                #[allow(unused_imports)]
                use elliptic_curve::{
                    bigint::$uint,
                    ff::PrimeField,
                    subtle::{Choice, ConstantTimeEq, CtOption},
                };

                primefield::monty_field_params! {
                    name: FieldParams,
                    modulus: $p,
                    uint: $uint,
                    byte_order: primefield::ByteOrder::BigEndian,
                    multiplicative_generator: $fg,
                    doc: "Montgomery parameters of the base field"
                }

                primefield::monty_field_element! {
                    name: FieldElement,
                    params: FieldParams,
                    uint: $uint,
                    doc: "Element of the base field"
                }

                primefield::monty_field_arithmetic! {
                    name: FieldElement,
                    params: FieldParams,
                    uint: $uint
                }

                impl elliptic_curve::ops::BatchInvert for FieldElement {}
            }

            /// Scalar field (integers modulo the group order).
            #[allow(deprecated)] // primefield 0.14's macro calls `Uint::bits`
            pub mod scalar {
                use super::{FieldBytes, ORDER_HEX, $curve};
                use elliptic_curve::bigint::{Reduce, $uint};
                use elliptic_curve::scalar::{FromUintUnchecked, IsHigh};
                #[allow(unused_imports)]
                use elliptic_curve::{
                    Curve as _,
                    ff::PrimeField,
                    subtle::{Choice, ConstantTimeEq, ConstantTimeGreater, CtOption},
                };

                primefield::monty_field_params! {
                    name: ScalarParams,
                    modulus: ORDER_HEX,
                    uint: $uint,
                    byte_order: primefield::ByteOrder::BigEndian,
                    multiplicative_generator: $sg,
                    doc: "Montgomery parameters of the scalar field"
                }

                primefield::monty_field_element! {
                    name: Scalar,
                    params: ScalarParams,
                    uint: $uint,
                    doc: "Element of the scalar field"
                }

                primefield::monty_field_arithmetic! {
                    name: Scalar,
                    params: ScalarParams,
                    uint: $uint
                }

                impl Reduce<$uint> for Scalar {
                    fn reduce(w: &$uint) -> Self {
                        Self(Reduce::<$uint>::reduce(w))
                    }
                }

                impl Reduce<FieldBytes> for Scalar {
                    fn reduce(bytes: &FieldBytes) -> Self {
                        // Field bytes may be narrower than the integer type (224 bits in a
                        // U256): decode with zero padding, then reduce.
                        let w = $uint::from_be_slice_truncated(bytes.as_slice(), $uint::BITS);
                        <Self as Reduce<$uint>>::reduce(&w)
                    }
                }

                elliptic_curve::scalar_impls!($curve, Scalar);

                primeorder::wnaf::impl_wnaf_size_for_scalar!(Scalar);

                impl AsRef<Scalar> for Scalar {
                    fn as_ref(&self) -> &Scalar {
                        self
                    }
                }

                impl FromUintUnchecked for Scalar {
                    type Uint = $uint;

                    fn from_uint_unchecked(uint: Self::Uint) -> Self {
                        Self::from_uint_unchecked(uint)
                    }
                }

                impl IsHigh for Scalar {
                    fn is_high(&self) -> Choice {
                        let half: $uint = $curve::ORDER.as_ref().shr_vartime(1);
                        self.to_canonical().ct_gt(&half)
                    }
                }
            }

            pub use field::FieldElement;
            pub use scalar::Scalar;

            /// Affine point.
            pub type AffinePoint = primeorder::AffinePoint<$curve>;
            /// Projective point.
            pub type ProjectivePoint = primeorder::ProjectivePoint<$curve>;

            impl elliptic_curve::CurveArithmetic for $curve {
                type AffinePoint = AffinePoint;
                type ProjectivePoint = ProjectivePoint;
                type Scalar = Scalar;
            }

            impl elliptic_curve::hazmat::FieldArithmetic for $curve {
                type FieldElement = FieldElement;
            }

            impl elliptic_curve::PrimeCurveArithmetic for $curve {
                type CurveGroup = ProjectivePoint;
            }

            impl primeorder::PrimeCurveParams for $curve {
                type PointArithmetic = primeorder::point_arithmetic::EquationAIsGeneric;
                type Backend = primeorder::mul_backend::VariableOnly;

                const EQUATION_A: FieldElement = FieldElement::from_hex_vartime($a);
                const EQUATION_B: FieldElement = FieldElement::from_hex_vartime($b);
                const GENERATOR: (FieldElement, FieldElement) = (
                    FieldElement::from_hex_vartime($gx),
                    FieldElement::from_hex_vartime($gy),
                );
            }
        }
    };
}

prime_curve! {
    module: p224,
    curve: NistP224,
    doc: "NIST P-224 (secp224r1).",
    uint: U256,
    bytes: U28,
    p: "00000000ffffffffffffffffffffffffffffffff000000000000000000000001",
    n: "00000000ffffffffffffffffffffffffffff16a2e0b8f03e13dd29455c5c2a3d",
    field_generator: 22,
    scalar_generator: 2,
    a: "fffffffffffffffffffffffffffffffefffffffffffffffffffffffe",
    b: "b4050a850c04b3abf54132565044b0b7d7bfd8ba270b39432355ffb4",
    gx: "b70e0cbd6bb4bf7f321390b94a03c1d356c21122343280d6115c1d21",
    gy: "bd376388b5f723fb4c22dfe6cd4375a05a07476444d5819985007e34",
}

prime_curve! {
    module: bp224,
    curve: BrainpoolP224r1,
    doc: "brainpoolP224r1 (RFC 5639).",
    uint: U256,
    bytes: U28,
    p: "00000000d7c134aa264366862a18302575d1d787b09f075797da89f57ec8c0ff",
    n: "00000000d7c134aa264366862a18302575d0fb98d116bc4b6ddebca3a5a7939f",
    field_generator: 3,
    scalar_generator: 3,
    a: "68a5e62ca9ce6c1c299803a6c1530b514e182ad8b0042a59cad29f43",
    b: "2580f63ccfe44138870713b1a92369e33e2135d266dbb372386c400b",
    gx: "0d9029ad2c7e5cf4340823b2a87dc68c9e4ce3174c1e6efdee12c07d",
    gy: "58aa56f772c0726f24c6b89e4ecdac24354b9e99caa3f6d3761402cd",
}

prime_curve! {
    module: bp320,
    curve: BrainpoolP320r1,
    doc: "brainpoolP320r1 (RFC 5639).",
    uint: U384,
    bytes: U40,
    p: "0000000000000000d35e472036bc4fb7e13c785ed201e065f98fcfa6f6f40def4f92b9ec7893ec28fcd412b1f1b32e27",
    n: "0000000000000000d35e472036bc4fb7e13c785ed201e065f98fcfa5b68f12a32d482ec7ee8658e98691555b44c59311",
    field_generator: 5,
    scalar_generator: 6,
    a: "3ee30b568fbab0f883ccebd46d3f3bb8a2a73513f5eb79da66190eb085ffa9f492f375a97d860eb4",
    b: "520883949dfdbc42d3ad198640688a6fe13f41349554b49acc31dccd884539816f5eb4ac8fb1f1a6",
    gx: "43bd7e9afb53d8b85289bcc48ee5bfe6f20137d10a087eb6e7871e2a10a599c710af8d0d39e20611",
    gy: "14fdd05545ec1cc8ab4093247f77275e0743ffed117182eaa9c77877aaac6ac7d35245d1692e8ee1",
}

prime_curve! {
    module: bp512,
    curve: BrainpoolP512r1,
    doc: "brainpoolP512r1 (RFC 5639).",
    uint: U512,
    bytes: U64,
    p: "aadd9db8dbe9c48b3fd4e6ae33c9fc07cb308db3b3c9d20ed6639cca703308717d4d9b009bc66842aecda12ae6a380e62881ff2f2d82c68528aa6056583a48f3",
    n: "aadd9db8dbe9c48b3fd4e6ae33c9fc07cb308db3b3c9d20ed6639cca70330870553e5c414ca92619418661197fac10471db1d381085ddaddb58796829ca90069",
    field_generator: 2,
    scalar_generator: 7,
    a: "7830a3318b603b89e2327145ac234cc594cbdd8d3df91610a83441caea9863bc2ded5d5aa8253aa10a2ef1c98b9ac8b57f1117a72bf2c7b9e7c1ac4d77fc94ca",
    b: "3df91610a83441caea9863bc2ded5d5aa8253aa10a2ef1c98b9ac8b57f1117a72bf2c7b9e7c1ac4d77fc94cadc083e67984050b75ebae5dd2809bd638016f723",
    gx: "81aee4bdd82ed9645a21322e9c4c6a9385ed9f70b5d916c1b43b62eef4d0098eff3b1f78e2d0d48d50d1687b93b97d5f7c6d5047406a5e688b352209bcb9f822",
    gy: "7dde385d566332ecc0eabfa9cf7822fdf209f70024a57b1aa000c55b881f8111b2dcde494a5f485e5bca4bd88a2763aed1ca2b2fa8f0540678cd1e0f3ad80892",
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)]
    use elliptic_curve::group::{Curve as _, Group};
    use elliptic_curve::point::AffineCoordinates;
    use elliptic_curve::sec1::ToSec1Point;

    /// The generator is on the curve (decoding checks the equation), and
    /// multiplying it by the group order gives the identity.
    macro_rules! generator_checks {
        ($name:ident, $module:ident, $curve:ident, $gx:literal) => {
            #[test]
            fn $name() {
                use super::$module::*;
                let g = ProjectivePoint::generator();
                let affine = g.to_affine();
                let x = affine.x();
                assert_eq!(hex::encode(x.as_slice()), $gx);
                let encoded = affine.to_sec1_point(false);
                let decoded =
                    elliptic_curve::PublicKey::<$curve>::from_sec1_bytes(encoded.as_bytes())
                        .expect("generator on curve");
                assert_eq!(decoded.to_projective(), g);
                // n·G = O, (n-1)·G = -G.
                let minus_one = -Scalar::ONE;
                assert_eq!(g * minus_one, -g);
                assert_eq!(g * minus_one + g, ProjectivePoint::identity());
            }
        };
    }

    generator_checks!(
        p224_generator,
        p224,
        NistP224,
        "b70e0cbd6bb4bf7f321390b94a03c1d356c21122343280d6115c1d21"
    );
    generator_checks!(
        bp224_generator,
        bp224,
        BrainpoolP224r1,
        "0d9029ad2c7e5cf4340823b2a87dc68c9e4ce3174c1e6efdee12c07d"
    );
    generator_checks!(
        bp320_generator,
        bp320,
        BrainpoolP320r1,
        "43bd7e9afb53d8b85289bcc48ee5bfe6f20137d10a087eb6e7871e2a10a599c710af8d0d39e20611"
    );
    generator_checks!(
        bp512_generator,
        bp512,
        BrainpoolP512r1,
        "81aee4bdd82ed9645a21322e9c4c6a9385ed9f70b5d916c1b43b62eef4d0098eff3b1f78e2d0d48d50d1687b93b97d5f7c6d5047406a5e688b352209bcb9f822"
    );
}
