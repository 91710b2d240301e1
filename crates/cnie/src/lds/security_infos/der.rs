//! DER helpers: reading the small INTEGERs and SEQUENCEs of a `SecurityInfo`,
//! and (for the chip side) writing them.

use crate::asn1::ber::Node;
#[cfg(any(test, feature = "chip"))]
use crate::asn1::ber::tag;
#[cfg(any(test, feature = "chip"))]
use crate::tlv;

use super::{Result, SecurityInfoError};

/// A small non-negative INTEGER as `u32`.
pub(super) fn uint(node: &Node<'_>, what: &str) -> Result<u32> {
    let v = node.small_uint(what)?;
    u32::try_from(v).map_err(|_| SecurityInfoError(format!("{what}: INTEGER too large")))
}

/// The raw DER of a field that must be a SEQUENCE (AlgorithmIdentifier,
/// SubjectPublicKeyInfo).
pub(super) fn sequence_raw(node: &Node<'_>, what: &str) -> Result<Vec<u8>> {
    Ok(node.sequence(what)?.raw.to_vec())
}

#[cfg(any(test, feature = "chip"))]
/// A DER OBJECT IDENTIFIER (tag, length, content) from its dotted form.
pub(super) fn dotted_to_der(dotted: &str) -> Option<Vec<u8>> {
    let arcs: Vec<u64> = dotted
        .split('.')
        .map(|a| a.parse::<u64>().ok())
        .collect::<Option<_>>()?;
    let (first, rest) = match arcs.as_slice() {
        [a, b, rest @ ..] if *a <= 2 && (*a == 2 || *b < 40) => {
            (a.checked_mul(40)?.checked_add(*b)?, rest)
        }
        _ => return None,
    };
    let mut content = Vec::new();
    for arc in std::iter::once(first).chain(rest.iter().copied()) {
        let mut groups = vec![(arc & 0x7F) as u8]; // ok: masked to 7 bits
        let mut v = arc >> 7;
        while v > 0 {
            groups.push((v & 0x7F) as u8 | 0x80); // ok: masked to 7 bits
            v >>= 7;
        }
        content.extend(groups.iter().rev());
    }
    Some(tlv::encode(tag::OID, &content))
}

#[cfg(any(test, feature = "chip"))]
/// A DER INTEGER of a non-negative value (minimal, with a leading zero when
/// the high bit is set).
pub(super) fn der_uint(v: u32) -> Vec<u8> {
    let bytes = v.to_be_bytes();
    let skip = bytes.iter().take_while(|b| **b == 0).count().min(3);
    let mut content = Vec::with_capacity(5);
    let significant = bytes.get(skip..).unwrap_or(&[0]);
    if significant.first().is_some_and(|b| b & 0x80 != 0) {
        content.push(0);
    }
    content.extend_from_slice(significant);
    tlv::encode(tag::INTEGER, &content)
}

#[cfg(any(test, feature = "chip"))]
/// A DER SEQUENCE around `body`.
pub(super) fn sequence(body: &[u8]) -> Vec<u8> {
    tlv::encode(0x30, body)
}
