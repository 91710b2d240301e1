//! A small, bounded view of BER-encoded ASN.1 (X.690) for CMS structures.
//!
//! Chips write EF.SOD in BER: indefinite lengths and constructed OCTET STRINGs
//! occur (the New Zealand sample). Element headers and the extent of each
//! element (including nested indefinite lengths, to a bounded depth) are read by
//! der-parser's BER parser (`asn1-rs`); this module only walks the tree, borrowing
//! from the input, and turns every surprise into a [`DecodeError`].

use std::borrow::Cow;

use der_parser::asn1_rs::{Any, Class, FromBer};

/// Deepest nesting of constructed string segments accepted.
const MAX_SEGMENT_DEPTH: usize = 8;

/// Why bytes are not the expected ASN.1 structure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError(pub String);

impl DecodeError {
    /// A decode error with this message.
    pub fn new(msg: impl Into<String>) -> Self {
        DecodeError(msg.into())
    }
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DecodeError {}

impl From<&str> for DecodeError {
    fn from(msg: &str) -> Self {
        DecodeError(msg.to_string())
    }
}

/// Result with [`DecodeError`].
pub type Result<T> = std::result::Result<T, DecodeError>;

/// Tag class of an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagClass {
    /// Universal (SEQUENCE, INTEGER, ...).
    Universal,
    /// Application (`0x40`).
    Application,
    /// Context-specific (`[n]`, `0x80`).
    Context,
    /// Private (`0xC0`).
    Private,
}

/// Universal tag numbers used here.
pub mod tag {
    /// INTEGER.
    pub const INTEGER: u32 = 2;
    /// BIT STRING.
    pub const BIT_STRING: u32 = 3;
    /// OCTET STRING.
    pub const OCTET_STRING: u32 = 4;
    /// NULL.
    pub const NULL: u32 = 5;
    /// OBJECT IDENTIFIER.
    pub const OID: u32 = 6;
    /// SEQUENCE.
    pub const SEQUENCE: u32 = 16;
    /// SET.
    pub const SET: u32 = 17;
    /// PrintableString.
    pub const PRINTABLE_STRING: u32 = 19;
    /// UTF8String.
    pub const UTF8_STRING: u32 = 12;
    /// IA5String.
    pub const IA5_STRING: u32 = 22;
    /// UTCTime.
    pub const UTC_TIME: u32 = 23;
    /// GeneralizedTime.
    pub const GENERALIZED_TIME: u32 = 24;
}

/// One element borrowed from its input.
#[derive(Debug, Clone, Copy)]
pub struct Node<'a> {
    /// Tag class.
    pub class: TagClass,
    /// Tag number.
    pub tag: u32,
    /// Whether the content holds nested elements.
    pub constructed: bool,
    /// Content bytes (without an end-of-contents marker).
    pub content: &'a [u8],
    /// The whole encoding: header, content and end-of-contents marker.
    pub raw: &'a [u8],
}

/// Reads one element from the front of `input`, returning it and the rest.
pub fn read(input: &[u8]) -> Result<(Node<'_>, &[u8])> {
    let (rest, any) =
        Any::from_ber(input).map_err(|e| DecodeError(format!("bad BER element: {e}")))?;
    let used = input.len().saturating_sub(rest.len());
    let raw = input
        .get(..used)
        .ok_or_else(|| DecodeError::new("BER parser overran its input"))?;
    let header = &any.header;
    let class = match header.class() {
        Class::Universal => TagClass::Universal,
        Class::Application => TagClass::Application,
        Class::ContextSpecific => TagClass::Context,
        Class::Private => TagClass::Private,
    };
    let node = Node {
        class,
        tag: header.tag().0,
        constructed: header.is_constructed(),
        content: any.data,
        raw,
    };
    Ok((node, rest))
}

/// Reads exactly one element that fills `input`.
pub fn read_exact<'a>(input: &'a [u8], what: &str) -> Result<Node<'a>> {
    let (node, rest) = read(input)?;
    if !rest.is_empty() {
        return Err(DecodeError(format!(
            "{what}: {} unexpected bytes after the element",
            rest.len()
        )));
    }
    Ok(node)
}

/// Iterator over the elements of a constructed content.
#[derive(Debug, Clone)]
pub struct Children<'a> {
    rest: &'a [u8],
}

impl<'a> Children<'a> {
    /// Children of `content`.
    pub fn new(content: &'a [u8]) -> Self {
        Children { rest: content }
    }

    /// The next element, or an error naming `what` if there is none.
    pub fn expect_next(&mut self, what: &str) -> Result<Node<'a>> {
        match self.next() {
            Some(r) => r,
            None => Err(DecodeError(format!("{what} missing"))),
        }
    }

    /// The next element if it has this class and tag (an OPTIONAL field).
    pub fn next_if(&mut self, class: TagClass, tag: u32) -> Result<Option<Node<'a>>> {
        if self.rest.is_empty() {
            return Ok(None);
        }
        let (node, rest) = read(self.rest)?;
        if node.class == class && node.tag == tag {
            self.rest = rest;
            Ok(Some(node))
        } else {
            Ok(None)
        }
    }

    /// Whether every element was consumed.
    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }
}

impl<'a> Iterator for Children<'a> {
    type Item = Result<Node<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        match read(self.rest) {
            Ok((node, rest)) => {
                self.rest = rest;
                Some(Ok(node))
            }
            Err(e) => {
                self.rest = &[];
                Some(Err(e))
            }
        }
    }
}

impl<'a> Node<'a> {
    /// Whether the element has this class and tag.
    pub fn is(&self, class: TagClass, tag: u32) -> bool {
        self.class == class && self.tag == tag
    }

    /// Checks class, tag and form (`constructed`).
    pub fn expect(self, class: TagClass, tag: u32, constructed: bool, what: &str) -> Result<Self> {
        if self.is(class, tag) && self.constructed == constructed {
            Ok(self)
        } else {
            Err(DecodeError(format!(
                "{what}: expected {class:?} {tag}{}, found {:?} {}{}",
                if constructed { " (constructed)" } else { "" },
                self.class,
                self.tag,
                if self.constructed {
                    " (constructed)"
                } else {
                    ""
                }
            )))
        }
    }

    /// Checks that this is a universal SEQUENCE.
    pub fn sequence(self, what: &str) -> Result<Self> {
        self.expect(TagClass::Universal, tag::SEQUENCE, true, what)
    }

    /// Checks that this is a universal SET.
    pub fn set(self, what: &str) -> Result<Self> {
        self.expect(TagClass::Universal, tag::SET, true, what)
    }

    /// The nested elements of a constructed element.
    pub fn children(&self) -> Children<'a> {
        if self.constructed {
            Children::new(self.content)
        } else {
            Children::new(&[])
        }
    }

    /// The single element inside an EXPLICIT tag.
    pub fn explicit_inner(&self, what: &str) -> Result<Node<'a>> {
        if !self.constructed {
            return Err(DecodeError(format!(
                "{what}: explicit tag is not constructed"
            )));
        }
        read_exact(self.content, what)
    }

    /// The dotted form of an OBJECT IDENTIFIER.
    pub fn oid(&self, what: &str) -> Result<String> {
        let node = self.expect(TagClass::Universal, tag::OID, false, what)?;
        oid_to_string(node.content).ok_or_else(|| DecodeError(format!("{what}: malformed OID")))
    }

    /// The content octets of an INTEGER (two's complement, big-endian).
    pub fn integer(&self, what: &str) -> Result<&'a [u8]> {
        let node = self.expect(TagClass::Universal, tag::INTEGER, false, what)?;
        if node.content.is_empty() {
            return Err(DecodeError(format!("{what}: empty INTEGER")));
        }
        Ok(node.content)
    }

    /// A small non-negative INTEGER.
    pub fn small_uint(&self, what: &str) -> Result<u64> {
        let bytes = self.integer(what)?;
        if bytes.first().is_some_and(|b| b & 0x80 != 0) {
            return Err(DecodeError(format!("{what}: negative INTEGER")));
        }
        let trimmed = strip_leading_zeros(bytes);
        if trimmed.len() > 8 {
            return Err(DecodeError(format!("{what}: INTEGER too large")));
        }
        Ok(trimmed
            .iter()
            .fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
    }

    /// The bytes of an OCTET STRING (or of any string type when `tag` says so),
    /// joining the segments of a constructed (BER) encoding.
    pub fn string_bytes(&self, tag: u32, what: &str) -> Result<Cow<'a, [u8]>> {
        if self.class != TagClass::Universal || self.tag != tag {
            return Err(DecodeError(format!(
                "{what}: expected universal {tag}, found {:?} {}",
                self.class, self.tag
            )));
        }
        self.implicit_string_bytes(what)
    }

    /// The bytes of an OCTET STRING.
    pub fn octets(&self, what: &str) -> Result<Cow<'a, [u8]>> {
        self.string_bytes(tag::OCTET_STRING, what)
    }

    /// The string bytes of this element whatever its tag (an IMPLICIT string),
    /// joining constructed segments.
    pub fn implicit_string_bytes(&self, what: &str) -> Result<Cow<'a, [u8]>> {
        if !self.constructed {
            return Ok(Cow::Borrowed(self.content));
        }
        let mut out = Vec::new();
        collect_segments(self.content, self.tag, &mut out, MAX_SEGMENT_DEPTH, what)?;
        Ok(Cow::Owned(out))
    }

    /// The bytes of a BIT STRING with no unused bits.
    pub fn bit_string_bytes(&self, what: &str) -> Result<&'a [u8]> {
        let node = self.expect(TagClass::Universal, tag::BIT_STRING, false, what)?;
        match node.content.split_first() {
            Some((0, rest)) => Ok(rest),
            Some(_) => Err(DecodeError(format!("{what}: BIT STRING with unused bits"))),
            None => Err(DecodeError(format!("{what}: empty BIT STRING"))),
        }
    }

    /// A character string (PrintableString, UTF8String, IA5String...) as text.
    pub fn text(&self, what: &str) -> Result<String> {
        if self.class != TagClass::Universal || self.constructed {
            return Err(DecodeError(format!("{what}: not a character string")));
        }
        String::from_utf8(self.content.to_vec())
            .map_err(|_| DecodeError(format!("{what}: not valid text")))
    }
}

fn collect_segments(
    content: &[u8],
    tag: u32,
    out: &mut Vec<u8>,
    depth: usize,
    what: &str,
) -> Result<()> {
    if depth == 0 {
        return Err(DecodeError(format!(
            "{what}: string segments nested too deep"
        )));
    }
    for seg in Children::new(content) {
        let seg = seg?;
        if seg.class != TagClass::Universal || seg.tag != tag_of_segment(tag) {
            return Err(DecodeError(format!("{what}: bad string segment")));
        }
        if seg.constructed {
            collect_segments(seg.content, tag, out, depth - 1, what)?;
        } else {
            out.extend_from_slice(seg.content);
        }
    }
    Ok(())
}

/// Segments of a constructed string carry the universal tag of the string type;
/// for an IMPLICIT-tagged OCTET STRING (`[n]`) they are OCTET STRINGs.
fn tag_of_segment(tag: u32) -> u32 {
    match tag {
        tag::BIT_STRING | tag::UTF8_STRING | tag::PRINTABLE_STRING | tag::IA5_STRING => tag,
        _ => tag::OCTET_STRING,
    }
}

/// The dotted form of an OID's content octets, or `None` if malformed. Written into
/// one string as the arcs are read (OIDs are decoded for every signature checked).
pub fn oid_to_string(content: &[u8]) -> Option<String> {
    if content.is_empty() || content.last().is_some_and(|b| b & 0x80 != 0) {
        return None;
    }
    let mut out = String::with_capacity(content.len().saturating_mul(3).saturating_add(4));
    let mut value: u64 = 0;
    let mut started = false;
    let mut first = true;
    for &b in content {
        if !started && b == 0x80 {
            return None; // non-minimal encoding
        }
        started = true;
        if value > (u64::MAX >> 7) {
            return None;
        }
        value = (value << 7) | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            if first {
                // The first subidentifier holds the first two arcs.
                let (a, b) = match value {
                    0..=39 => (0, value),
                    40..=79 => (1, value - 40),
                    _ => (2, value - 80),
                };
                push_decimal(&mut out, a);
                out.push('.');
                push_decimal(&mut out, b);
                first = false;
            } else {
                out.push('.');
                push_decimal(&mut out, value);
            }
            value = 0;
            started = false;
        }
    }
    Some(out)
}

/// Appends `n` in decimal.
fn push_decimal(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            // ok: n % 10 < 10 fits in a byte
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || at == 0 {
            break;
        }
    }
    for &d in digits.get(at..).unwrap_or_default() {
        out.push(char::from(d));
    }
}

/// The DER encoding of a definite length.
pub fn encode_length(len: usize) -> Vec<u8> {
    if let Ok(short) = u8::try_from(len)
        && short < 0x80
    {
        return vec![short];
    }
    let bytes = len.to_be_bytes();
    let skip = bytes.iter().take_while(|b| **b == 0).count();
    let significant = bytes.get(skip..).unwrap_or(&[]);
    let mut out = Vec::with_capacity(significant.len() + 1);
    #[expect(
        clippy::cast_possible_truncation,
        reason = "at most size_of::<usize>() (8) significant bytes"
    )]
    out.push(0x80 | significant.len() as u8);
    out.extend_from_slice(significant);
    out
}

/// `bytes` without leading zero octets.
pub fn strip_leading_zeros(bytes: &[u8]) -> &[u8] {
    let skip = bytes.iter().take_while(|b| **b == 0).count();
    bytes.get(skip..).unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oids_decode() {
        assert_eq!(
            oid_to_string(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]).as_deref(),
            Some("1.2.840.113549.1.7.2")
        );
        assert_eq!(
            oid_to_string(&[0x67, 0x81, 0x08, 0x01, 0x01, 0x01]).as_deref(),
            Some("2.23.136.1.1.1")
        );
        assert_eq!(oid_to_string(&[0x2a, 0x86]), None);
        assert_eq!(oid_to_string(&[]), None);
        // Arcs at the edges: 0.0, 2.999 (first subidentifier over 80), u64::MAX.
        assert_eq!(oid_to_string(&[0x00]).as_deref(), Some("0.0"));
        assert_eq!(oid_to_string(&[0x88, 0x37, 0x03]).as_deref(), Some("2.999.3"));
        let max = [0x06, 0x81, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f];
        assert_eq!(
            oid_to_string(&max).as_deref(),
            Some("0.6.18446744073709551615")
        );
        // Non-minimal (a leading 0x80) and over 64 bits are refused.
        assert_eq!(oid_to_string(&[0x2a, 0x80, 0x01]), None);
        assert_eq!(oid_to_string(&[0x2a, 0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]), None);
    }

    #[test]
    fn indefinite_and_constructed_octet_strings() {
        // [0] indefinite { OCTET STRING constructed indefinite { 04 02 AABB, 04 01 CC } }
        let bytes = [
            0xa0, 0x80, 0x24, 0x80, 0x04, 0x02, 0xaa, 0xbb, 0x04, 0x01, 0xcc, 0x00, 0x00, 0x00,
            0x00,
        ];
        let node = read_exact(&bytes, "test").unwrap();
        assert_eq!(node.content.len(), bytes.len() - 4);
        assert_eq!(node.raw.len(), bytes.len());
        let inner = node.explicit_inner("inner").unwrap();
        assert_eq!(inner.octets("os").unwrap().as_ref(), &[0xaa, 0xbb, 0xcc]);
    }

    #[test]
    fn lying_lengths_are_errors() {
        assert!(read(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x00]).is_err());
        assert!(read(&[0x30, 0x80, 0x04, 0x00]).is_err());
        assert!(read(&[]).is_err());
        // A deep chain of indefinite lengths is refused, not recursed into forever.
        let mut deep = [0x30, 0x80].repeat(200);
        deep.extend([0x00, 0x00].repeat(200));
        assert!(read(&deep).is_err());
    }

    #[test]
    fn lengths_encode() {
        assert_eq!(encode_length(5), vec![5]);
        assert_eq!(encode_length(0x80), vec![0x81, 0x80]);
        assert_eq!(encode_length(0x1234), vec![0x82, 0x12, 0x34]);
    }
}
