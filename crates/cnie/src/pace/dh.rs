//! Diffie-Hellman operations of PACE over the standardized MODP groups with prime-order
//! subgroups of RFC 5114 (ICAO 9303-11 §9.5.1, BSI TR-03110-3 A.2.1.1): parameter ids 0
//! (1024-bit `p`, 160-bit `q`), 1 (2048/224) and 2 (2048/256).
//!
//! The arithmetic is `crypto-bigint`'s: `BoxedUint` integers and constant-time modular
//! exponentiation in Montgomery form (`BoxedMontyForm::pow`). This module only encodes and
//! decodes: exponents are big-endian integers, group elements (public keys, the mapped
//! generator, shared secrets) big-endian octet strings of `p`'s exact length.
//!
//! A group element from the peer must have `p`'s length and satisfy `1 < y < p - 1` and
//! `y^q = 1 mod p` (it lies in the prime-order subgroup: RFC 2631 public key validation,
//! as ICAO 9303-11 §4.4.3.3.1 requires); otherwise [`PaceError::InvalidPoint`].

use std::fmt;
use std::sync::OnceLock;

use crypto_bigint::modular::{BoxedMontyForm, BoxedMontyParams};
use crypto_bigint::{BoxedUint, NonZero, Odd};
use zeroize::Zeroizing;

use super::{PaceError, PaceRng, Secret};

/// Attempts at drawing a random exponent below `q` before giving up.
const EXPONENT_ATTEMPTS: usize = 128;

/// A standardized MODP group with a prime-order subgroup (RFC 5114 §2.1–2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DhGroup {
    /// Parameter id 0: 1024-bit MODP group with a 160-bit prime-order subgroup (RFC 5114 §2.1).
    Modp1024_160,
    /// Parameter id 1: 2048-bit MODP group with a 224-bit prime-order subgroup (RFC 5114 §2.2).
    Modp2048_224,
    /// Parameter id 2: 2048-bit MODP group with a 256-bit prime-order subgroup (RFC 5114 §2.3).
    Modp2048_256,
}

/// The hexadecimal constants `(p, g, q)` of a group, as printed in RFC 5114.
struct Constants {
    p: &'static str,
    g: &'static str,
    q: &'static str,
}

const MODP_1024_160: Constants = Constants {
    p: "B10B8F96A080E01DDE92DE5EAE5D54EC52C99FBCFB06A3C69A6A9DCA52D23B616073E28675A23D189838EF1E2EE652C013ECB4AEA906112324975C3CD49B83BFACCBDD7D90C4BD7098488E9C219A73724EFFD6FAE5644738FAA31A4FF55BCCC0A151AF5F0DC8B4BD45BF37DF365C1A65E68CFDA76D4DA708DF1FB2BC2E4A4371",
    g: "A4D1CBD5C3FD34126765A442EFB99905F8104DD258AC507FD6406CFF14266D31266FEA1E5C41564B777E690F5504F213160217B4B01B886A5E91547F9E2749F4D7FBD7D3B9A92EE1909D0D2263F80A76A6A24C087A091F531DBF0A0169B6A28AD662A4D18E73AFA32D779D5918D08BC8858F4DCEF97C2A24855E6EEB22B3B2E5",
    q: "F518AA8781A8DF278ABA4E7D64B7CB9D49462353",
};

const MODP_2048_224: Constants = Constants {
    p: "AD107E1E9123A9D0D660FAA79559C51FA20D64E5683B9FD1B54B1597B61D0A75E6FA141DF95A56DBAF9A3C407BA1DF15EB3D688A309C180E1DE6B85A1274A0A66D3F8152AD6AC2129037C9EDEFDA4DF8D91E8FEF55B7394B7AD5B7D0B6C12207C9F98D11ED34DBF6C6BA0B2C8BBC27BE6A00E0A0B9C49708B3BF8A317091883681286130BC8985DB1602E714415D9330278273C7DE31EFDC7310F7121FD5A07415987D9ADC0A486DCDF93ACC44328387315D75E198C641A480CD86A1B9E587E8BE60E69CC928B2B9C52172E413042E9B23F10B0E16E79763C9B53DCF4BA80A29E3FB73C16B8E75B97EF363E2FFA31F71CF9DE5384E71B81C0AC4DFFE0C10E64F",
    g: "AC4032EF4F2D9AE39DF30B5C8FFDAC506CDEBE7B89998CAF74866A08CFE4FFE3A6824A4E10B9A6F0DD921F01A70C4AFAAB739D7700C29F52C57DB17C620A8652BE5E9001A8D66AD7C17669101999024AF4D027275AC1348BB8A762D0521BC98AE247150422EA1ED409939D54DA7460CDB5F6C6B250717CBEF180EB34118E98D119529A45D6F834566E3025E316A330EFBB77A86F0C1AB15B051AE3D428C8F8ACB70A8137150B8EEB10E183EDD19963DDD9E263E4770589EF6AA21E7F5F2FF381B539CCE3409D13CD566AFBB48D6C019181E1BCFE94B30269EDFE72FE9B6AA4BD7B5A0F1C71CFFF4C19C418E1F6EC017981BC087F2A7065B384B890D3191F2BFA",
    q: "801C0D34C58D93FE997177101F80535A4738CEBCBF389A99B36371EB",
};

const MODP_2048_256: Constants = Constants {
    p: "87A8E61DB4B6663CFFBBD19C651959998CEEF608660DD0F25D2CEED4435E3B00E00DF8F1D61957D4FAF7DF4561B2AA3016C3D91134096FAA3BF4296D830E9A7C209E0C6497517ABD5A8A9D306BCF67ED91F9E6725B4758C022E0B1EF4275BF7B6C5BFC11D45F9088B941F54EB1E59BB8BC39A0BF12307F5C4FDB70C581B23F76B63ACAE1CAA6B7902D52526735488A0EF13C6D9A51BFA4AB3AD8347796524D8EF6A167B5A41825D967E144E5140564251CCACB83E6B486F6B3CA3F7971506026C0B857F689962856DED4010ABD0BE621C3A3960A54E710C375F26375D7014103A4B54330C198AF126116D2276E11715F693877FAD7EF09CADB094AE91E1A1597",
    g: "3FB32C9B73134D0B2E77506660EDBD484CA7B18F21EF205407F4793A1A0BA12510DBC15077BE463FFF4FED4AAC0BB555BE3A6C1B0C6B47B1BC3773BF7E8C6F62901228F8C28CBB18A55AE31341000A650196F931C77A57F2DDF463E5E9EC144B777DE62AAAB8A8628AC376D282D6ED3864E67982428EBC831D14348F6F2F9193B5045AF2767164E1DFC967C1FB3F2E55A4BD1BFFE83B9C80D052B985D182EA0ADB2A3B7313D3FE14C8484B1E052588B9B7D2BBD2DF016199ECD06E1557CD0915B3353BBB64E0EC377FD028370DF92B52C7891428CDC67EB6184B523D1DB246C32F63078490F00EF8D647D148D47954515E2327CFEF98C582664B4C0F6CC41659",
    q: "8CF83642A709A097B447997640129DA299B1A47D1EB3750BA308B0FE64F5FBD3",
};

/// A group's parameters decoded once: Montgomery parameters for `p`, the generator, `q`,
/// the cofactor `(p - 1) / q`, and `p - 1`.
pub(crate) struct Domain {
    params: BoxedMontyParams,
    p: BoxedUint,
    p_minus_1: BoxedUint,
    g: BoxedUint,
    q: BoxedUint,
    cofactor: BoxedUint,
    p_len: usize,
    q_len: usize,
}

impl fmt::Debug for Domain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Domain")
            .field("p_bits", &self.p.bit_width())
            .field("q_bits", &self.q.bit_width())
            .finish()
    }
}

impl DhGroup {
    /// Every group, in parameter-id order.
    pub const ALL: [DhGroup; 3] = [
        DhGroup::Modp1024_160,
        DhGroup::Modp2048_224,
        DhGroup::Modp2048_256,
    ];

    #[cfg(any(test, feature = "chip"))]
    /// The standardized domain parameter id (0, 1 or 2).
    pub fn parameter_id(self) -> u8 {
        match self {
            DhGroup::Modp1024_160 => 0,
            DhGroup::Modp2048_224 => 1,
            DhGroup::Modp2048_256 => 2,
        }
    }

    #[cfg(any(test, feature = "chip"))]
    /// The group of a standardized domain parameter id.
    pub fn from_parameter_id(id: u32) -> Option<DhGroup> {
        DhGroup::ALL
            .into_iter()
            .find(|g| u32::from(g.parameter_id()) == id)
    }

    /// The group's name, e.g. `"MODP-2048-256"`.
    pub fn name(self) -> &'static str {
        match self {
            DhGroup::Modp1024_160 => "MODP-1024-160",
            DhGroup::Modp2048_224 => "MODP-2048-224",
            DhGroup::Modp2048_256 => "MODP-2048-256",
        }
    }

    /// The bit length of the prime `p` (1024 or 2048).
    pub fn bits(self) -> usize {
        match self {
            DhGroup::Modp1024_160 => 1024,
            DhGroup::Modp2048_224 | DhGroup::Modp2048_256 => 2048,
        }
    }

    /// The standardized group with these explicit domain parameters (`p`, `g` and, when
    /// given, `q`; big-endian, leading zeros ignored), as a `DomainParameters` structure
    /// (X9.42, RFC 3279 `dhpublicnumber`) in a chip's public key writes them.
    pub fn from_explicit(p: &[u8], g: &[u8], q: Option<&[u8]>) -> Option<DhGroup> {
        let same = |bytes: &[u8], hex_value: &str| {
            let skip = bytes.iter().take_while(|b| **b == 0).count();
            hex::decode(hex_value).is_ok_and(|v| bytes.get(skip..) == Some(v.as_slice()))
        };
        DhGroup::ALL.into_iter().find(|group| {
            let c = group.constants();
            same(p, c.p) && same(g, c.g) && q.is_none_or(|q| same(q, c.q))
        })
    }

    /// The byte length of a group element (of `p`): 128 or 256.
    pub fn element_len(self) -> usize {
        self.bits().div_ceil(8)
    }

    fn constants(self) -> &'static Constants {
        match self {
            DhGroup::Modp1024_160 => &MODP_1024_160,
            DhGroup::Modp2048_224 => &MODP_2048_224,
            DhGroup::Modp2048_256 => &MODP_2048_256,
        }
    }

    /// The decoded parameters (computed once per process).
    pub(crate) fn domain(self) -> Result<&'static Domain, PaceError> {
        static DOMAINS: [OnceLock<Option<Domain>>; 3] =
            [OnceLock::new(), OnceLock::new(), OnceLock::new()];
        let slot = match self {
            DhGroup::Modp1024_160 => &DOMAINS[0],
            DhGroup::Modp2048_224 => &DOMAINS[1],
            DhGroup::Modp2048_256 => &DOMAINS[2],
        };
        slot.get_or_init(|| Domain::decode(self.constants(), self.bits()))
            .as_ref()
            .ok_or(PaceError::Unsupported("DH group constants"))
    }
}

impl fmt::Display for DhGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Domain {
    fn decode(c: &Constants, bits: usize) -> Option<Domain> {
        let precision = u32::try_from(bits).ok()?;
        let p = BoxedUint::from_str_radix_with_precision_vartime(c.p, 16, precision).ok()?;
        let g = BoxedUint::from_str_radix_with_precision_vartime(c.g, 16, precision).ok()?;
        let q = BoxedUint::from_str_radix_with_precision_vartime(c.q, 16, precision).ok()?;
        let odd = Option::<Odd<BoxedUint>>::from(Odd::new(p.clone()))?;
        let params = BoxedMontyParams::new_vartime(odd);
        let p_minus_1 = p.wrapping_sub(BoxedUint::one_with_precision(precision));
        let q_nonzero = Option::<NonZero<BoxedUint>>::from(NonZero::new(q.clone()))?;
        let (cofactor, rem) = p_minus_1.div_rem_vartime(&q_nonzero);
        if !bool::from(rem.is_zero()) {
            return None;
        }
        let q_len = usize::try_from(q.bit_width()).ok()?.div_ceil(8);
        Some(Domain {
            params,
            p,
            p_minus_1,
            g,
            q,
            cofactor,
            p_len: bits.div_ceil(8),
            q_len,
        })
    }

    fn precision(&self) -> u32 {
        self.p.bits_precision()
    }

    /// Encodes an integer below `p` as `p`'s length, big-endian.
    fn encode(&self, x: &BoxedUint) -> Vec<u8> {
        let bytes = Zeroizing::new(x.to_be_bytes());
        let skip = bytes.len().saturating_sub(self.p_len);
        bytes.get(skip..).unwrap_or_default().to_vec()
    }

    /// Decodes an exponent (big-endian, leading zeros allowed, at most `p`'s length);
    /// `nonzero` refuses zero.
    fn exponent(&self, bytes: &[u8], nonzero: bool) -> Result<Zeroizing<BoxedUint>, PaceError> {
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        let significant = bytes.get(skip..).unwrap_or_default();
        if significant.len() > self.p_len {
            return Err(PaceError::Degenerate("exponent longer than the modulus"));
        }
        if nonzero && significant.is_empty() {
            return Err(PaceError::Degenerate("zero exponent"));
        }
        let x = BoxedUint::from_be_slice(significant, self.precision())
            .map_err(|_| PaceError::Degenerate("exponent length"))?;
        Ok(Zeroizing::new(x))
    }

    /// Decodes a group element from the peer: `p`'s length, `1 < y < p - 1`, `y^q = 1`.
    fn element(&self, bytes: &[u8]) -> Result<BoxedUint, PaceError> {
        if bytes.len() != self.p_len {
            return Err(PaceError::InvalidPoint("wrong length"));
        }
        let y = BoxedUint::from_be_slice(bytes, self.precision())
            .map_err(|_| PaceError::InvalidPoint("wrong length"))?;
        let one = BoxedUint::one_with_precision(self.precision());
        if y <= one || y >= self.p_minus_1 {
            return Err(PaceError::InvalidPoint("not in 1 < y < p - 1"));
        }
        let check = self.pow(&y, &self.q, self.q.bit_width());
        if !bool::from(check.is_one()) {
            return Err(PaceError::InvalidPoint("not in the prime-order subgroup"));
        }
        Ok(y)
    }

    /// `base^exponent mod p` for an exponent below `2^exponent_bits` (constant time in the
    /// exponent's value: the loop runs over `exponent_bits` bits, a public bound).
    fn pow(&self, base: &BoxedUint, exponent: &BoxedUint, exponent_bits: u32) -> BoxedUint {
        let base = BoxedMontyForm::new(base.clone(), &self.params);
        base.pow_bounded_exp(exponent, exponent_bits.min(self.precision()))
            .retrieve()
    }

    /// The public bound on the bit length of an exponent encoded in `encoded_len` bytes:
    /// the encoding's length, or `q`'s when longer (so that every exponent drawn below `q`
    /// takes the same time whatever its leading zeros).
    fn exponent_bits(&self, encoded_len: usize) -> u32 {
        let from_len = u32::try_from(encoded_len.saturating_mul(8)).unwrap_or(u32::MAX);
        from_len.max(self.q.bit_width()).min(self.precision())
    }

    /// `a · b mod p`.
    fn mul(&self, a: &BoxedUint, b: &BoxedUint) -> BoxedUint {
        let a = BoxedMontyForm::new(a.clone(), &self.params);
        let b = BoxedMontyForm::new(b.clone(), &self.params);
        (&a * &b).retrieve()
    }

    /// Fails for the trivial element 1 (or 0).
    fn nontrivial(&self, x: &BoxedUint, what: &'static str) -> Result<(), PaceError> {
        if bool::from(x.is_one()) || bool::from(x.is_zero()) {
            Err(PaceError::Degenerate(what))
        } else {
            Ok(())
        }
    }
}

#[cfg(feature = "chip")]
/// The byte length of a group element of `group`.
pub fn element_len(group: DhGroup) -> usize {
    group.element_len()
}

/// Draws a secret exponent in `[1, q - 1]` by rejection sampling (big-endian, `q`'s length).
///
/// # Errors
///
/// [`PaceError::Random`] when the generator fails (or, with negligible probability, never
/// yields a value below `q`).
pub fn random_exponent(group: DhGroup, rng: &mut dyn PaceRng) -> Result<Secret, PaceError> {
    let d = group.domain()?;
    let top_bits = d.q.bit_width() % 8;
    for _ in 0..EXPONENT_ATTEMPTS {
        let mut bytes = Zeroizing::new(vec![0u8; d.q_len]);
        rng.fill(&mut bytes)?;
        if top_bits != 0
            && let Some(first) = bytes.first_mut()
        {
            *first &= (1u8 << top_bits) - 1;
        }
        let x = d.exponent(&bytes, false)?;
        if !bool::from(x.is_zero()) && *x < d.q {
            return Ok(bytes);
        }
    }
    Err(PaceError::Random)
}

#[cfg(any(test, feature = "chip"))]
/// `x mod q` at `q`'s length: the canonical form of a secret exponent given longer (the
/// BSI worked example prints 1024-bit exponents, equivalent to their residues modulo `q`).
///
/// # Errors
///
/// [`PaceError::Degenerate`] for an exponent longer than `p`.
pub fn reduce_exponent(group: DhGroup, x: &[u8]) -> Result<Secret, PaceError> {
    let d = group.domain()?;
    let x = d.exponent(x, false)?;
    let q = Option::<NonZero<BoxedUint>>::from(NonZero::new(d.q.clone()))
        .ok_or(PaceError::Degenerate("subgroup order"))?;
    let reduced = Zeroizing::new(x.rem(&q));
    let bytes = Zeroizing::new(reduced.to_be_bytes());
    let skip = bytes.len().saturating_sub(d.q_len);
    Ok(Zeroizing::new(
        bytes.get(skip..).unwrap_or_default().to_vec(),
    ))
}

/// Checks a group element from the peer (length, range, subgroup membership).
///
/// # Errors
///
/// [`PaceError::InvalidPoint`].
pub fn validate_element(group: DhGroup, element: &[u8]) -> Result<(), PaceError> {
    group.domain()?.element(element).map(|_| ())
}

/// `base^exponent mod p` (or `g^exponent` when `base` is `None`), at `p`'s length. A given
/// `base` is validated first.
///
/// # Errors
///
/// [`PaceError::InvalidPoint`] for a bad `base`, [`PaceError::Degenerate`] for a zero or
/// overlong exponent or a trivial result.
pub fn power(group: DhGroup, exponent: &[u8], base: Option<&[u8]>) -> Result<Vec<u8>, PaceError> {
    let d = group.domain()?;
    let x = d.exponent(exponent, true)?;
    let base = match base {
        Some(bytes) => d.element(bytes)?,
        None => d.g.clone(),
    };
    // The result may be the shared secret: zeroized when dropped.
    let y = Zeroizing::new(d.pow(&base, &x, d.exponent_bits(exponent.len())));
    d.nontrivial(&y, "result is 1")?;
    Ok(d.encode(&y))
}

/// The shared secret `peer^exponent mod p` at `p`'s length (the DH key agreement).
///
/// # Errors
///
/// As [`power`].
pub fn shared_secret(group: DhGroup, exponent: &[u8], peer: &[u8]) -> Result<Secret, PaceError> {
    power(group, exponent, Some(peer)).map(Zeroizing::new)
}

/// The generic mapping: `h = peer^sk_map mod p` and `G~ = g^s · h mod p`.
/// Returns `(h, G~)` at `p`'s length.
///
/// # Errors
///
/// As [`power`]; [`PaceError::Degenerate`] when `G~` is 1.
pub fn generic_map(
    group: DhGroup,
    nonce: &[u8],
    sk_map: &[u8],
    pk_map_peer: &[u8],
) -> Result<(Vec<u8>, Vec<u8>), PaceError> {
    let d = group.domain()?;
    // `power` validated the peer's key, so `h` lies in the subgroup too.
    let shared = Zeroizing::new(power(group, sk_map, Some(pk_map_peer))?);
    let h = Zeroizing::new(
        BoxedUint::from_be_slice(&shared, d.precision())
            .map_err(|_| PaceError::Degenerate("shared element"))?,
    );
    let s = d.exponent(nonce, false)?;
    let g_s = Zeroizing::new(d.pow(&d.g, &s, d.exponent_bits(nonce.len())));
    let mapped = d.mul(&g_s, &h);
    d.nontrivial(&mapped, "mapped generator is 1")?;
    Ok((shared.to_vec(), d.encode(&mapped)))
}

/// The integrated mapping's `f_g(x) = x^((p-1)/q) mod p` applied to `x = R mod p`, where
/// `r` is the pseudo-random octet string `R(s, t)` (ICAO 9303-11 §4.4.3.3.2).
///
/// # Errors
///
/// [`PaceError::Degenerate`] when the result is 1 (the specification's check), or `r` is
/// empty or longer than twice `p`.
pub fn integrated_map(group: DhGroup, r: &[u8]) -> Result<Vec<u8>, PaceError> {
    let d = group.domain()?;
    let reduced = d.reduce(r)?;
    let mapped = d.pow(&reduced, &d.cofactor, d.cofactor.bit_width());
    d.nontrivial(&mapped, "mapped generator is 1")?;
    Ok(d.encode(&mapped))
}

#[cfg(any(test, feature = "chip"))]
/// `R mod p` at `p`'s length (the integrated mapping's `R_p(s, t)`).
///
/// # Errors
///
/// As [`integrated_map`].
pub fn reduce(group: DhGroup, r: &[u8]) -> Result<Secret, PaceError> {
    let d = group.domain()?;
    let reduced = d.reduce(r)?;
    Ok(Zeroizing::new(d.encode(&reduced)))
}

impl Domain {
    /// `r mod p` for a big-endian `r` of at most twice `p`'s length.
    fn reduce(&self, r: &[u8]) -> Result<Zeroizing<BoxedUint>, PaceError> {
        if r.is_empty() || r.len() > 2 * self.p_len {
            return Err(PaceError::Degenerate("pseudo-random value length"));
        }
        let bits = u32::try_from(r.len() * 8).map_err(|_| PaceError::Degenerate("length"))?;
        let wide = Zeroizing::new(
            BoxedUint::from_be_slice(r, bits.max(self.precision()))
                .map_err(|_| PaceError::Degenerate("pseudo-random value length"))?,
        );
        let p = Option::<NonZero<BoxedUint>>::from(NonZero::new(self.p.clone()))
            .ok_or(PaceError::Degenerate("modulus"))?;
        Ok(Zeroizing::new(wide.rem(&p)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::hex;

    #[test]
    fn explicit_parameters_name_their_group() {
        for group in DhGroup::ALL {
            let c = group.constants();
            let (p, g, q) = (hex(c.p), hex(c.g), hex(c.q));
            let with_zero = [&[0u8][..], &p].concat();
            assert_eq!(DhGroup::from_explicit(&p, &g, Some(&q)), Some(group));
            assert_eq!(DhGroup::from_explicit(&with_zero, &g, None), Some(group));
            assert_eq!(DhGroup::from_explicit(&p, &q, Some(&q)), None);
            assert_eq!(DhGroup::from_explicit(&p, &g, Some(&g)), None);
        }
        assert_eq!(DhGroup::from_explicit(&[], &[], None), None);
    }

    #[test]
    fn group_constants_are_consistent() {
        for group in DhGroup::ALL {
            let d = group.domain().expect("constants decode");
            assert_eq!(usize::try_from(d.p.bit_width()).unwrap(), group.bits());
            // g generates the subgroup of order q, and q divides p - 1.
            assert!(
                bool::from(d.pow(&d.g, &d.q, d.q.bit_width()).is_one()),
                "{group}"
            );
            assert!(!bool::from(d.g.is_one()));
            // (p - 1) / q · q = p - 1.
            assert_eq!(d.mul(&d.cofactor, &d.q), d.p_minus_1);
            assert_eq!(
                DhGroup::from_parameter_id(u32::from(group.parameter_id())),
                Some(group)
            );
        }
        assert_eq!(DhGroup::Modp1024_160.domain().unwrap().q.bit_width(), 160);
        assert_eq!(DhGroup::Modp2048_224.domain().unwrap().q.bit_width(), 224);
        assert_eq!(DhGroup::Modp2048_256.domain().unwrap().q.bit_width(), 256);
    }

    #[test]
    fn elements_outside_the_subgroup_are_refused() {
        let group = DhGroup::Modp1024_160;
        let len = group.element_len();
        let mut one = vec![0u8; len];
        one[len - 1] = 1;
        assert!(matches!(
            validate_element(group, &one),
            Err(PaceError::InvalidPoint(_))
        ));
        let mut two = vec![0u8; len];
        two[len - 1] = 2;
        // 2 is not in the subgroup of order q.
        assert!(matches!(
            validate_element(group, &two),
            Err(PaceError::InvalidPoint(_))
        ));
        let d = group.domain().unwrap();
        let p_minus_1 = d.encode(&d.p_minus_1);
        assert!(validate_element(group, &p_minus_1).is_err());
        let p = d.encode(&d.p);
        assert!(validate_element(group, &p).is_err());
        assert!(validate_element(group, &[0xFF; 128]).is_err());
        assert!(validate_element(group, &d.encode(&d.g)[1..]).is_err());
        assert!(validate_element(group, &d.encode(&d.g)).is_ok());
        assert!(matches!(
            power(group, &[0, 0], None),
            Err(PaceError::Degenerate(_))
        ));
    }
}
