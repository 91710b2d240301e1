//! A few DER encoders (X.690) for the structures personalization writes.
//! Lengths come from [`cnie::tlv::encode`], which writes the minimal form.

use cnie::tlv;
use der::asn1::ObjectIdentifier;

/// `SEQUENCE { parts }`.
pub fn sequence(parts: &[&[u8]]) -> Vec<u8> {
    tlv::encode(0x30, &parts.concat())
}

/// `SET OF { elements }`, sorted as DER requires.
pub fn set_of(mut elements: Vec<Vec<u8>>) -> Vec<u8> {
    elements.sort();
    tlv::encode(0x31, &elements.concat())
}

/// An OBJECT IDENTIFIER.
pub fn oid(oid: &ObjectIdentifier) -> Vec<u8> {
    tlv::encode(0x06, oid.as_bytes())
}

/// A non-negative INTEGER from its big-endian magnitude.
pub fn uint(magnitude: &[u8]) -> Vec<u8> {
    let trimmed = match magnitude.iter().position(|b| *b != 0) {
        Some(i) => magnitude.get(i..).unwrap_or_default(),
        None => &[0][..],
    };
    let mut value = Vec::with_capacity(trimmed.len() + 1);
    if trimmed.first().is_some_and(|b| b & 0x80 != 0) {
        value.push(0);
    }
    value.extend_from_slice(trimmed);
    tlv::encode(0x02, &value)
}

/// A small non-negative INTEGER.
pub fn small_uint(n: u32) -> Vec<u8> {
    uint(&n.to_be_bytes())
}

/// An OCTET STRING.
pub fn octet_string(bytes: &[u8]) -> Vec<u8> {
    tlv::encode(0x04, bytes)
}

/// `NULL`.
pub fn null() -> Vec<u8> {
    vec![0x05, 0x00]
}

/// A context-specific constructed tag `[n]` around `content` (EXPLICIT, or
/// IMPLICIT for a constructed type whose own tag is replaced).
pub fn context(n: u8, content: &[u8]) -> Vec<u8> {
    tlv::encode(0xA0 | u32::from(n & 0x1F), content)
}

/// An AlgorithmIdentifier, with NULL parameters or none.
pub fn algorithm(id: &ObjectIdentifier, null_params: bool) -> Vec<u8> {
    if null_params {
        sequence(&[&oid(id), &null()])
    } else {
        sequence(&[&oid(id)])
    }
}

/// Why a time could not be written as UTCTime.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("signing time must be YYYY-MM-DDTHH:MM:SSZ between 1950 and 2049, got `{0}`")]
pub struct TimeError(pub String);

/// A UTCTime from `YYYY-MM-DDTHH:MM:SSZ` (years 1950 to 2049).
pub fn utc_time(rfc3339: &str) -> Result<Vec<u8>, TimeError> {
    let err = || TimeError(rfc3339.to_owned());
    let b = rfc3339.as_bytes();
    let shape_ok = b.len() == 20
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'Z',
            _ => c.is_ascii_digit(),
        });
    if !shape_ok {
        return Err(err());
    }
    let num = |from: usize, to: usize| -> Result<u32, TimeError> {
        rfc3339
            .get(from..to)
            .and_then(|s| s.parse().ok())
            .ok_or_else(err)
    };
    let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (hour, minute, second) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    if !(1950..=2049).contains(&year)
        || !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return Err(err());
    }
    let text = format!(
        "{:02}{month:02}{day:02}{hour:02}{minute:02}{second:02}Z",
        year % 100
    );
    Ok(tlv::encode(0x17, text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        assert_eq!(uint(&[0x00, 0x00, 0x7F]), vec![2, 1, 0x7F]);
        assert_eq!(uint(&[0x80]), vec![2, 2, 0, 0x80]);
        assert_eq!(uint(&[]), vec![2, 1, 0]);
        assert_eq!(small_uint(0), vec![2, 1, 0]);
        assert_eq!(small_uint(256), vec![2, 2, 1, 0]);
        let sha256 = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
        assert_eq!(hex::encode_upper(oid(&sha256)), "0609608648016503040201");
        assert_eq!(
            hex::encode_upper(algorithm(&sha256, true)),
            "300D06096086480165030402010500"
        );
        assert_eq!(
            set_of(vec![vec![2, 1, 5], vec![2, 1, 3]]),
            vec![0x31, 6, 2, 1, 3, 2, 1, 5]
        );
        assert_eq!(context(0, &[5, 0]), vec![0xA0, 2, 5, 0]);
    }

    #[test]
    fn utc_times() {
        assert_eq!(
            utc_time("2026-01-15T12:00:00Z").unwrap(),
            b"\x17\x0D260115120000Z".to_vec()
        );
        assert!(utc_time("2050-01-15T12:00:00Z").is_err());
        assert!(utc_time("2026-13-15T12:00:00Z").is_err());
        assert!(utc_time("2026-01-15 12:00:00Z").is_err());
        assert!(utc_time("").is_err());
    }
}
