//! Bounded BER-TLV (ISO/IEC 7816-4 §5.2, ITU-T X.690) parsing and encoding.
//!
//! Every parse checks each length against the bytes actually present, so a
//! length that lies yields [`TlvError`] instead of a panic or a large allocation.
//! Indefinite lengths are refused here; CMS structures that use them (EF.SOD)
//! are parsed with a BER reader in [`crate::lds::sod`].

/// Why bytes are not valid BER-TLV.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TlvError {
    /// The input ended inside a tag, a length or a value.
    #[error("TLV truncated: {needed} bytes needed, {available} available")]
    Truncated {
        /// Bytes the header announced.
        needed: usize,
        /// Bytes present.
        available: usize,
    },
    /// A tag longer than three bytes.
    #[error("TLV tag longer than three bytes")]
    TagTooLong,
    /// An indefinite length (`80`) or a length field longer than four bytes.
    #[error("unsupported TLV length encoding (first byte {0:02X})")]
    BadLength(u8),
    /// A required tag is missing.
    #[error("TLV tag {0:X} missing")]
    Missing(u32),
    /// A different tag was found where one was expected.
    #[error("expected TLV tag {expected:X}, found {found:X}")]
    Unexpected {
        /// The tag expected.
        expected: u32,
        /// The tag found.
        found: u32,
    },
}

/// One TLV data object borrowed from its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// The tag, its bytes big-endian in a `u32` (e.g. `0x5F1F`, `0x7F61`).
    pub tag: u32,
    /// The value bytes.
    pub value: &'a [u8],
}

impl<'a> Tlv<'a> {
    /// Whether the tag says the value holds nested TLV objects.
    pub fn is_constructed(&self) -> bool {
        first_tag_byte(self.tag) & 0x20 != 0
    }

    /// Iterates over the nested objects of a constructed value.
    pub fn children(&self) -> Iter<'a> {
        iter(self.value)
    }
}

fn first_tag_byte(tag: u32) -> u8 {
    let bytes = tag.to_be_bytes();
    bytes.into_iter().find(|b| *b != 0).unwrap_or(0)
}

/// Header of a TLV object: tag, header length and value length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// The tag.
    pub tag: u32,
    /// Bytes taken by tag and length.
    pub header_len: usize,
    /// Bytes of the value.
    pub value_len: usize,
}

impl Header {
    /// Total encoded length (header and value).
    pub fn total_len(&self) -> usize {
        self.header_len.saturating_add(self.value_len)
    }
}

/// Reads the tag and length at the start of `input` without requiring the
/// value to be present (used to learn a file's size from its first bytes).
pub fn parse_header(input: &[u8]) -> Result<Header, TlvError> {
    let truncated = |needed| TlvError::Truncated {
        needed,
        available: input.len(),
    };
    let first = *input.first().ok_or(truncated(1))?;
    let mut pos = 1;
    let mut tag = first as u32;
    if first & 0x1F == 0x1F {
        loop {
            let b = *input.get(pos).ok_or(truncated(pos + 1))?;
            pos += 1;
            if pos > 3 {
                return Err(TlvError::TagTooLong);
            }
            tag = (tag << 8) | b as u32;
            if b & 0x80 == 0 {
                break;
            }
        }
    }
    let l0 = *input.get(pos).ok_or(truncated(pos + 1))?;
    pos += 1;
    let value_len = if l0 < 0x80 {
        l0 as usize
    } else {
        let n = (l0 & 0x7F) as usize;
        if n == 0 || n > 4 {
            return Err(TlvError::BadLength(l0));
        }
        let bytes = input.get(pos..pos + n).ok_or(truncated(pos + n))?;
        pos += n;
        bytes.iter().fold(0usize, |acc, b| (acc << 8) | *b as usize)
    };
    Ok(Header {
        tag,
        header_len: pos,
        value_len,
    })
}

/// Parses one TLV object at the start of `input`; returns it and the rest.
pub fn parse(input: &[u8]) -> Result<(Tlv<'_>, &[u8]), TlvError> {
    let h = parse_header(input)?;
    let (object, rest) = h
        .header_len
        .checked_add(h.value_len)
        .and_then(|end| input.split_at_checked(end))
        .ok_or(TlvError::Truncated {
            needed: h.total_len(),
            available: input.len(),
        })?;
    let value = object.get(h.header_len..).unwrap_or_default();
    Ok((Tlv { tag: h.tag, value }, rest))
}

/// Parses one TLV object that must carry `tag`; returns its value and the rest.
pub fn expect(input: &[u8], tag: u32) -> Result<(&[u8], &[u8]), TlvError> {
    let (tlv, rest) = parse(input)?;
    if tlv.tag != tag {
        return Err(TlvError::Unexpected {
            expected: tag,
            found: tlv.tag,
        });
    }
    Ok((tlv.value, rest))
}

/// An iterator over consecutive TLV objects; yields an error once and stops
/// at the first malformed object. Padding bytes `00` and `FF` between objects
/// are skipped, as ISO/IEC 7816-4 allows.
#[derive(Debug, Clone)]
pub struct Iter<'a> {
    rest: &'a [u8],
    failed: bool,
}

/// Iterates over the TLV objects of `input`.
pub fn iter(input: &[u8]) -> Iter<'_> {
    Iter {
        rest: input,
        failed: false,
    }
}

impl<'a> Iterator for Iter<'a> {
    type Item = Result<Tlv<'a>, TlvError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        while let Some((&b, tail)) = self.rest.split_first() {
            if b == 0x00 || b == 0xFF {
                self.rest = tail;
            } else {
                break;
            }
        }
        if self.rest.is_empty() {
            return None;
        }
        match parse(self.rest) {
            Ok((tlv, rest)) => {
                self.rest = rest;
                Some(Ok(tlv))
            }
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }
}

/// Finds the first object with `tag` among the objects of `input` (one level).
pub fn find(input: &[u8], tag: u32) -> Result<Option<&[u8]>, TlvError> {
    for tlv in iter(input) {
        let tlv = tlv?;
        if tlv.tag == tag {
            return Ok(Some(tlv.value));
        }
    }
    Ok(None)
}

/// Like [`find`], but a missing tag is an error.
pub fn require(input: &[u8], tag: u32) -> Result<&[u8], TlvError> {
    find(input, tag)?.ok_or(TlvError::Missing(tag))
}

/// Appends the BER encoding of a length.
pub fn encode_len(len: usize, out: &mut Vec<u8>) {
    match u8::try_from(len) {
        Ok(short) if short < 0x80 => out.push(short),
        _ => {
            let bytes = (len as u64).to_be_bytes();
            let mut significant: &[u8] = &bytes;
            while let [0, rest @ ..] = significant {
                significant = rest;
            }
            #[expect(clippy::cast_possible_truncation, reason = "at most 8 bytes of a u64")]
            out.push(0x80 | significant.len() as u8);
            out.extend_from_slice(significant);
        }
    }
}

/// Appends the encoding of a tag (one to four bytes, as given).
pub fn encode_tag(tag: u32, out: &mut Vec<u8>) {
    let bytes = tag.to_be_bytes();
    let mut significant: &[u8] = &bytes;
    while let [0, rest @ ..] = significant
        && !rest.is_empty()
    {
        significant = rest;
    }
    out.extend_from_slice(significant);
}

/// Encodes one TLV object.
pub fn encode(tag: u32, value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len() + 8);
    encode_tag(tag, &mut out);
    encode_len(value.len(), &mut out);
    out.extend_from_slice(value);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_objects() {
        // EF.COM from ICAO 9303-11 D.4.
        let com = hex::decode("60145F0104303130365F36063034303030305C026175").unwrap();
        let (tlv, rest) = parse(&com).unwrap();
        assert!(rest.is_empty());
        assert_eq!(tlv.tag, 0x60);
        assert!(tlv.is_constructed());
        assert_eq!(require(tlv.value, 0x5F01).unwrap(), b"0106");
        assert_eq!(require(tlv.value, 0x5C).unwrap(), &[0x61, 0x75]);
        assert_eq!(find(tlv.value, 0x5F02).unwrap(), None);
        assert_eq!(require(tlv.value, 0x5F02), Err(TlvError::Missing(0x5F02)));
        assert_eq!(tlv.children().count(), 3);
    }

    #[test]
    fn long_forms_roundtrip() {
        for len in [0usize, 1, 127, 128, 255, 256, 65535, 70000] {
            let value = vec![0xAB; len];
            let enc = encode(0x7F61, &value);
            let (tlv, rest) = parse(&enc).unwrap();
            assert_eq!(tlv.tag, 0x7F61);
            assert_eq!(tlv.value.len(), len);
            assert!(rest.is_empty());
            assert_eq!(
                parse_header(&enc[..8.min(enc.len())]).unwrap().value_len,
                len
            );
        }
    }

    #[test]
    fn lying_lengths_are_errors() {
        assert!(matches!(
            parse(&[0x60, 0x05, 1, 2]),
            Err(TlvError::Truncated { .. })
        ));
        assert!(matches!(
            parse(&[0x60, 0x84, 0xFF, 0xFF, 0xFF, 0xFF]),
            Err(TlvError::Truncated { .. })
        ));
        assert_eq!(parse(&[0x60, 0x80]), Err(TlvError::BadLength(0x80)));
        assert_eq!(
            parse(&[0x60, 0x85, 1, 1, 1, 1, 1]),
            Err(TlvError::BadLength(0x85))
        );
        assert_eq!(parse(&[0x5F, 0xFF, 0xFF, 0x01]), Err(TlvError::TagTooLong));
        assert!(matches!(parse(&[0x5F]), Err(TlvError::Truncated { .. })));
        assert!(parse(&[]).is_err());
        let mut it = iter(&[0x01, 0x01, 0xAA, 0x02, 0x09]);
        assert!(it.next().unwrap().is_ok());
        assert!(it.next().unwrap().is_err());
        assert!(it.next().is_none());
    }

    #[test]
    fn never_panics_on_any_short_input() {
        for a in 0..=255u8 {
            for b in [0u8, 1, 0x7F, 0x80, 0x81, 0x82, 0x84, 0xFF] {
                let input = [a, b, 0x81, 0x02, 0xFF];
                let _ = parse(&input);
                let _ = iter(&input).count();
                let _ = parse_header(&input[..2]);
            }
        }
    }
}
