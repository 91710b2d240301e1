//! Elliptic curves of ECDSA keys: recognition (named OID or explicit domain
//! parameters, as German documents write them) and verification with the
//! RustCrypto curve crates.

use std::ops::Add;

use ecdsa::EcdsaCurve;
use ecdsa::signature::hazmat::PrehashVerifier;
use elliptic_curve::array::ArraySize;
use elliptic_curve::sec1::{FromSec1Point, ModulusSize, ToSec1Point};
use elliptic_curve::{AffinePoint, CurveArithmetic, FieldBytesSize};

use super::SignatureError;
use super::curves;
use crate::asn1::ber::{self, Node, TagClass, strip_leading_zeros, tag};

/// A supported elliptic curve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Curve {
    /// NIST P-224 (secp224r1).
    P224,
    /// NIST P-256 (secp256r1).
    P256,
    /// NIST P-384 (secp384r1).
    P384,
    /// NIST P-521 (secp521r1).
    P521,
    /// brainpoolP224r1.
    BrainpoolP224r1,
    /// brainpoolP256r1.
    BrainpoolP256r1,
    /// brainpoolP320r1.
    BrainpoolP320r1,
    /// brainpoolP384r1.
    BrainpoolP384r1,
    /// brainpoolP512r1.
    BrainpoolP512r1,
}

/// Domain parameters (hex, big-endian, as published).
struct Params {
    p: &'static str,
    a: &'static str,
    b: &'static str,
    gx: &'static str,
    gy: &'static str,
    n: &'static str,
}

impl Curve {
    /// Every supported curve.
    pub const ALL: [Curve; 9] = [
        Curve::P224,
        Curve::P256,
        Curve::P384,
        Curve::P521,
        Curve::BrainpoolP224r1,
        Curve::BrainpoolP256r1,
        Curve::BrainpoolP320r1,
        Curve::BrainpoolP384r1,
        Curve::BrainpoolP512r1,
    ];

    /// The curve named by an OID.
    pub fn from_oid(oid: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.oid() == oid)
    }

    /// The curve's OID.
    pub fn oid(self) -> &'static str {
        match self {
            Self::P224 => "1.3.132.0.33",
            Self::P256 => "1.2.840.10045.3.1.7",
            Self::P384 => "1.3.132.0.34",
            Self::P521 => "1.3.132.0.35",
            Self::BrainpoolP224r1 => "1.3.36.3.3.2.8.1.1.5",
            Self::BrainpoolP256r1 => "1.3.36.3.3.2.8.1.1.7",
            Self::BrainpoolP320r1 => "1.3.36.3.3.2.8.1.1.9",
            Self::BrainpoolP384r1 => "1.3.36.3.3.2.8.1.1.11",
            Self::BrainpoolP512r1 => "1.3.36.3.3.2.8.1.1.13",
        }
    }

    /// The curve's usual name.
    pub fn name(self) -> &'static str {
        match self {
            Self::P224 => "P-224",
            Self::P256 => "P-256",
            Self::P384 => "P-384",
            Self::P521 => "P-521",
            Self::BrainpoolP224r1 => "brainpoolP224r1",
            Self::BrainpoolP256r1 => "brainpoolP256r1",
            Self::BrainpoolP320r1 => "brainpoolP320r1",
            Self::BrainpoolP384r1 => "brainpoolP384r1",
            Self::BrainpoolP512r1 => "brainpoolP512r1",
        }
    }

    /// Size of the field in bits.
    pub fn bits(self) -> usize {
        match self {
            Self::P224 | Self::BrainpoolP224r1 => 224,
            Self::P256 | Self::BrainpoolP256r1 => 256,
            Self::BrainpoolP320r1 => 320,
            Self::P384 | Self::BrainpoolP384r1 => 384,
            Self::BrainpoolP512r1 => 512,
            Self::P521 => 521,
        }
    }

    fn params(self) -> Params {
        match self {
            Self::P224 => Params {
                p: "ffffffffffffffffffffffffffffffff000000000000000000000001",
                a: "fffffffffffffffffffffffffffffffefffffffffffffffffffffffe",
                b: "b4050a850c04b3abf54132565044b0b7d7bfd8ba270b39432355ffb4",
                gx: "b70e0cbd6bb4bf7f321390b94a03c1d356c21122343280d6115c1d21",
                gy: "bd376388b5f723fb4c22dfe6cd4375a05a07476444d5819985007e34",
                n: "ffffffffffffffffffffffffffff16a2e0b8f03e13dd29455c5c2a3d",
            },
            Self::P256 => Params {
                p: "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
                a: "ffffffff00000001000000000000000000000000fffffffffffffffffffffffc",
                b: "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b",
                gx: "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296",
                gy: "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5",
                n: "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
            },
            Self::P384 => Params {
                p: "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff",
                a: "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000fffffffc",
                b: "b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef",
                gx: "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7",
                gy: "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f",
                n: "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
            },
            Self::P521 => Params {
                p: "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                a: "01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffc",
                b: "0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00",
                gx: "00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66",
                gy: "011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650",
                n: "01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
            },
            Self::BrainpoolP224r1 => Params {
                p: "d7c134aa264366862a18302575d1d787b09f075797da89f57ec8c0ff",
                a: "68a5e62ca9ce6c1c299803a6c1530b514e182ad8b0042a59cad29f43",
                b: "2580f63ccfe44138870713b1a92369e33e2135d266dbb372386c400b",
                gx: "0d9029ad2c7e5cf4340823b2a87dc68c9e4ce3174c1e6efdee12c07d",
                gy: "58aa56f772c0726f24c6b89e4ecdac24354b9e99caa3f6d3761402cd",
                n: "d7c134aa264366862a18302575d0fb98d116bc4b6ddebca3a5a7939f",
            },
            Self::BrainpoolP256r1 => Params {
                p: "a9fb57dba1eea9bc3e660a909d838d726e3bf623d52620282013481d1f6e5377",
                a: "7d5a0975fc2c3057eef67530417affe7fb8055c126dc5c6ce94a4b44f330b5d9",
                b: "26dc5c6ce94a4b44f330b5d9bbd77cbf958416295cf7e1ce6bccdc18ff8c07b6",
                gx: "8bd2aeb9cb7e57cb2c4b482ffc81b7afb9de27e1e3bd23c23a4453bd9ace3262",
                gy: "547ef835c3dac4fd97f8461a14611dc9c27745132ded8e545c1d54c72f046997",
                n: "a9fb57dba1eea9bc3e660a909d838d718c397aa3b561a6f7901e0e82974856a7",
            },
            Self::BrainpoolP320r1 => Params {
                p: "d35e472036bc4fb7e13c785ed201e065f98fcfa6f6f40def4f92b9ec7893ec28fcd412b1f1b32e27",
                a: "3ee30b568fbab0f883ccebd46d3f3bb8a2a73513f5eb79da66190eb085ffa9f492f375a97d860eb4",
                b: "520883949dfdbc42d3ad198640688a6fe13f41349554b49acc31dccd884539816f5eb4ac8fb1f1a6",
                gx: "43bd7e9afb53d8b85289bcc48ee5bfe6f20137d10a087eb6e7871e2a10a599c710af8d0d39e20611",
                gy: "14fdd05545ec1cc8ab4093247f77275e0743ffed117182eaa9c77877aaac6ac7d35245d1692e8ee1",
                n: "d35e472036bc4fb7e13c785ed201e065f98fcfa5b68f12a32d482ec7ee8658e98691555b44c59311",
            },
            Self::BrainpoolP384r1 => Params {
                p: "8cb91e82a3386d280f5d6f7e50e641df152f7109ed5456b412b1da197fb71123acd3a729901d1a71874700133107ec53",
                a: "7bc382c63d8c150c3c72080ace05afa0c2bea28e4fb22787139165efba91f90f8aa5814a503ad4eb04a8c7dd22ce2826",
                b: "04a8c7dd22ce28268b39b55416f0447c2fb77de107dcd2a62e880ea53eeb62d57cb4390295dbc9943ab78696fa504c11",
                gx: "1d1c64f068cf45ffa2a63a81b7c13f6b8847a3e77ef14fe3db7fcafe0cbd10e8e826e03436d646aaef87b2e247d4af1e",
                gy: "8abe1d7520f9c2a45cb1eb8e95cfd55262b70b29feec5864e19c054ff99129280e4646217791811142820341263c5315",
                n: "8cb91e82a3386d280f5d6f7e50e641df152f7109ed5456b31f166e6cac0425a7cf3ab6af6b7fc3103b883202e9046565",
            },
            Self::BrainpoolP512r1 => Params {
                p: "aadd9db8dbe9c48b3fd4e6ae33c9fc07cb308db3b3c9d20ed6639cca703308717d4d9b009bc66842aecda12ae6a380e62881ff2f2d82c68528aa6056583a48f3",
                a: "7830a3318b603b89e2327145ac234cc594cbdd8d3df91610a83441caea9863bc2ded5d5aa8253aa10a2ef1c98b9ac8b57f1117a72bf2c7b9e7c1ac4d77fc94ca",
                b: "3df91610a83441caea9863bc2ded5d5aa8253aa10a2ef1c98b9ac8b57f1117a72bf2c7b9e7c1ac4d77fc94cadc083e67984050b75ebae5dd2809bd638016f723",
                gx: "81aee4bdd82ed9645a21322e9c4c6a9385ed9f70b5d916c1b43b62eef4d0098eff3b1f78e2d0d48d50d1687b93b97d5f7c6d5047406a5e688b352209bcb9f822",
                gy: "7dde385d566332ecc0eabfa9cf7822fdf209f70024a57b1aa000c55b881f8111b2dcde494a5f485e5bca4bd88a2763aed1ca2b2fa8f0540678cd1e0f3ad80892",
                n: "aadd9db8dbe9c48b3fd4e6ae33c9fc07cb308db3b3c9d20ed6639cca70330870553e5c414ca92619418661197fac10471db1d381085ddaddb58796829ca90069",
            },
        }
    }

    /// The curve of an `id-ecPublicKey` parameters element: a named curve OID
    /// or explicit `ECParameters` (X9.62), recognised by comparing p, a, b, G
    /// and n with the supported curves.
    pub fn from_key_parameters(params: Option<&[u8]>) -> Result<Self, SignatureError> {
        let params = params.ok_or_else(|| {
            SignatureError::UnsupportedKey("EC key without domain parameters".into())
        })?;
        let malformed = |e: ber::DecodeError| SignatureError::MalformedKey(e.to_string());
        let node = ber::read_exact(params, "EC parameters").map_err(malformed)?;
        if node.is(TagClass::Universal, tag::OID) {
            let oid = node.oid("named curve").map_err(malformed)?;
            return Self::from_oid(&oid).ok_or(SignatureError::UnsupportedCurve(oid));
        }
        let explicit = ExplicitParams::decode(&node).map_err(malformed)?;
        Self::ALL
            .into_iter()
            .find(|c| explicit.matches(&c.params()))
            .ok_or_else(|| {
                SignatureError::UnsupportedCurve(format!(
                    "explicit {}-bit prime curve that is none of the supported named curves",
                    explicit.p.len() * 8
                ))
            })
    }

    /// Verifies an ECDSA signature over `prehash` (the message hash) with the
    /// public point `point` (SEC1 encoding).
    pub fn verify_prehash(
        self,
        point: &[u8],
        prehash: &[u8],
        signature: &[u8],
        plain: bool,
    ) -> Result<(), SignatureError> {
        match self {
            Self::P224 => verify::<curves::p224::NistP224>(point, prehash, signature, plain),
            Self::P256 => verify::<p256::NistP256>(point, prehash, signature, plain),
            Self::P384 => verify::<p384::NistP384>(point, prehash, signature, plain),
            Self::P521 => verify::<p521::NistP521>(point, prehash, signature, plain),
            Self::BrainpoolP224r1 => {
                verify::<curves::bp224::BrainpoolP224r1>(point, prehash, signature, plain)
            }
            Self::BrainpoolP256r1 => {
                verify::<bp256::BrainpoolP256r1>(point, prehash, signature, plain)
            }
            Self::BrainpoolP320r1 => {
                verify::<curves::bp320::BrainpoolP320r1>(point, prehash, signature, plain)
            }
            Self::BrainpoolP384r1 => {
                verify::<bp384::BrainpoolP384r1>(point, prehash, signature, plain)
            }
            Self::BrainpoolP512r1 => {
                verify::<curves::bp512::BrainpoolP512r1>(point, prehash, signature, plain)
            }
        }
    }
}

impl std::fmt::Display for Curve {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

fn verify<C>(
    point: &[u8],
    prehash: &[u8],
    signature: &[u8],
    plain: bool,
) -> Result<(), SignatureError>
where
    C: EcdsaCurve + CurveArithmetic,
    FieldBytesSize<C>: ModulusSize,
    AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
    ecdsa::der::MaxSize<C>: ArraySize,
    <FieldBytesSize<C> as Add>::Output: Add<ecdsa::der::MaxOverhead> + ArraySize,
{
    let key = ecdsa::VerifyingKey::<C>::from_sec1_bytes(point)
        .map_err(|_| SignatureError::MalformedKey("EC point not on the curve".into()))?;
    let sig = if plain {
        ecdsa::Signature::<C>::from_slice(signature)
    } else {
        ecdsa::Signature::<C>::from_der(signature)
    }
    .map_err(|_| {
        SignatureError::MalformedSignature("not an ECDSA signature for this curve".into())
    })?;
    key.verify_prehash(prehash, &sig)
        .map_err(|_| SignatureError::Invalid)
}

/// Explicit X9.62 `ECParameters` of a prime curve.
struct ExplicitParams {
    p: Vec<u8>,
    a: Vec<u8>,
    b: Vec<u8>,
    /// Base point encoding (SEC1, compressed or not).
    g: Vec<u8>,
    n: Vec<u8>,
}

impl ExplicitParams {
    fn decode(node: &Node<'_>) -> ber::Result<Self> {
        let seq = node.sequence("ECParameters")?;
        let mut it = seq.children();
        let version = it.expect_next("ECParameters version")?;
        if version.small_uint("ECParameters version")? != 1 {
            return Err(ber::DecodeError::new("ECParameters version is not 1"));
        }
        let field = it.expect_next("fieldID")?.sequence("fieldID")?;
        let mut f = field.children();
        let field_type = f.expect_next("fieldType")?.oid("fieldType")?;
        if field_type != "1.2.840.10045.1.1" {
            return Err(ber::DecodeError(format!(
                "field type {field_type} is not a prime field"
            )));
        }
        let p = strip_leading_zeros(f.expect_next("prime")?.integer("prime")?).to_vec();
        let curve = it.expect_next("curve")?.sequence("curve")?;
        let mut c = curve.children();
        let a = c.expect_next("a")?.octets("a")?;
        let b = c.expect_next("b")?.octets("b")?;
        let g = it.expect_next("base")?.octets("base")?.into_owned();
        let n = strip_leading_zeros(it.expect_next("order")?.integer("order")?).to_vec();
        Ok(ExplicitParams {
            p,
            a: strip_leading_zeros(&a).to_vec(),
            b: strip_leading_zeros(&b).to_vec(),
            g,
            n,
        })
    }

    fn matches(&self, named: &Params) -> bool {
        let eq = |mine: &[u8], hex_value: &str| {
            hex::decode(hex_value)
                .map(|v| strip_leading_zeros(&v) == mine)
                .unwrap_or(false)
        };
        eq(&self.p, named.p)
            && eq(&self.a, named.a)
            && eq(&self.b, named.b)
            && eq(&self.n, named.n)
            && self.base_matches(named)
    }

    fn base_matches(&self, named: &Params) -> bool {
        let (Ok(gx), Ok(gy)) = (hex::decode(named.gx), hex::decode(named.gy)) else {
            return false;
        };
        let Some((&form, coords)) = self.g.split_first() else {
            return false;
        };
        let width = gx.len();
        match form {
            0x04 if coords.len() == 2 * width => {
                let (x, y) = coords.split_at(width);
                x == gx.as_slice() && y == gy.as_slice()
            }
            0x02 | 0x03 if coords.len() == width => {
                let y_odd = gy.last().is_some_and(|b| b & 1 == 1);
                coords == gx.as_slice() && (form == 0x03) == y_odd
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_curves_by_oid() {
        for c in Curve::ALL {
            assert_eq!(Curve::from_oid(c.oid()), Some(c));
        }
        assert_eq!(Curve::from_oid("1.2.3"), None);
    }

    #[test]
    fn explicit_parameters_are_recognised() {
        // openssl ecparam -name brainpoolP224r1 -param_enc explicit -outform DER
        let der = hex::decode(concat!(
            "3081c8020101302806072a8648ce3d0101021d00d7c134aa264366862a18302575d1d787b09f075797da89f57ec8c0ff",
            "303c041c68a5e62ca9ce6c1c299803a6c1530b514e182ad8b0042a59cad29f43041c2580f63ccfe44138870713b1a923",
            "69e33e2135d266dbb372386c400b0439040d9029ad2c7e5cf4340823b2a87dc68c9e4ce3174c1e6efdee12c07d58aa56",
            "f772c0726f24c6b89e4ecdac24354b9e99caa3f6d3761402cd021d00d7c134aa264366862a18302575d0fb98d116bc4b",
            "6ddebca3a5a7939f020101"
        ))
        .unwrap();
        assert_eq!(
            Curve::from_key_parameters(Some(&der)).unwrap(),
            Curve::BrainpoolP224r1
        );
        // Change one bit of a: no longer a known curve.
        let mut other = der.clone();
        other[60] ^= 1;
        assert!(matches!(
            Curve::from_key_parameters(Some(&other)),
            Err(SignatureError::UnsupportedCurve(_))
        ));
    }

    /// The table's base points and orders are those of the curve crates.
    #[test]
    fn table_matches_the_curve_implementations() {
        use elliptic_curve::group::{Curve as _, Group};
        use elliptic_curve::sec1::ToSec1Point;

        fn check<C>(curve: Curve)
        where
            C: CurveArithmetic + elliptic_curve::Curve,
            FieldBytesSize<C>: ModulusSize,
            AffinePoint<C>: ToSec1Point<C>,
        {
            let g = C::ProjectivePoint::generator().to_affine();
            let encoded = g.to_sec1_point(false);
            let p = curve.params();
            let width = encoded.as_bytes().len() / 2;
            let pad = |h: &str| format!("{h:0>width$}", width = width * 2);
            assert_eq!(
                hex::encode(encoded.as_bytes()),
                format!("04{}{}", pad(p.gx), pad(p.gy)),
                "{curve}"
            );
            let order = hex::encode(elliptic_curve::bigint::Encoding::to_be_bytes(
                C::ORDER.as_ref(),
            ));
            assert_eq!(
                order.trim_start_matches('0'),
                p.n.trim_start_matches('0'),
                "{curve}"
            );
        }
        check::<curves::p224::NistP224>(Curve::P224);
        check::<p256::NistP256>(Curve::P256);
        check::<p384::NistP384>(Curve::P384);
        check::<p521::NistP521>(Curve::P521);
        check::<curves::bp224::BrainpoolP224r1>(Curve::BrainpoolP224r1);
        check::<bp256::BrainpoolP256r1>(Curve::BrainpoolP256r1);
        check::<curves::bp320::BrainpoolP320r1>(Curve::BrainpoolP320r1);
        check::<bp384::BrainpoolP384r1>(Curve::BrainpoolP384r1);
        check::<curves::bp512::BrainpoolP512r1>(Curve::BrainpoolP512r1);
    }
}
