//! ICAO PKD LDIF files (RFC 2849): the CSCA master lists (`pkdMasterListContent`),
//! certificates (`userCertificate;binary`, `cACertificate;binary`) and CRLs
//! (`certificateRevocationList;binary`) they carry as base64 (`::`) values, with folded
//! lines. Bounded: the input's size, the number of items; every value checked; typed
//! errors; never a panic. The items are returned as bytes: the trust store decides what
//! they are worth (a master list is verified before its certificates are trusted).

use base64ct::{Base64, Encoding};

/// The largest LDIF input [`parse`] reads (the PKD's full download is under this).
pub const MAX_LDIF_SIZE: usize = 512 * 1024 * 1024;
/// The most items one LDIF input may carry.
pub const MAX_LDIF_ITEMS: usize = 1_000_000;

/// What an LDIF value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LdifKind {
    /// A CSCA master list (CMS), `pkdMasterListContent`.
    MasterList,
    /// A certificate (DS or CSCA), `userCertificate` or `cACertificate`.
    Certificate,
    /// A CRL, `certificateRevocationList`.
    Crl,
}

/// One value of interest in an LDIF input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LdifItem {
    /// What it is.
    pub kind: LdifKind,
    /// The distinguished name of its entry (`dn:`), lossily decoded.
    pub dn: String,
    /// The decoded bytes.
    pub bytes: Vec<u8>,
}

/// Why an input is not an LDIF file this reader accepts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LdifError {
    /// Larger than [`MAX_LDIF_SIZE`].
    #[error("the LDIF input is {size} bytes, more than the {limit} allowed")]
    TooLarge {
        /// The input's size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// A continuation line (starting with a space) with no line to continue.
    #[error("LDIF line {line}: a continuation with nothing to continue")]
    StrayContinuation {
        /// The line number (from 1).
        line: usize,
    },
    /// A line that is not `attribute: value`, `attribute:: base64` or `attribute:< URL`.
    #[error("LDIF line {line}: not an attribute line")]
    NotAnAttribute {
        /// The line number (from 1).
        line: usize,
    },
    /// A base64 value that does not decode.
    #[error("LDIF line {line}: the base64 value of {attribute} does not decode")]
    Base64 {
        /// The line number (from 1).
        line: usize,
        /// The attribute.
        attribute: String,
    },
    /// More than [`MAX_LDIF_ITEMS`] items.
    #[error("the LDIF input holds more than {0} items")]
    TooManyItems(usize),
    /// No master list, certificate or CRL at all.
    #[error("the LDIF input holds no master list, certificate or CRL")]
    Empty,
}

/// The master lists, certificates and CRLs of an LDIF input, in order.
pub fn parse(input: &[u8]) -> Result<Vec<LdifItem>, LdifError> {
    if input.len() > MAX_LDIF_SIZE {
        return Err(LdifError::TooLarge {
            size: input.len(),
            limit: MAX_LDIF_SIZE,
        });
    }
    let mut reader = Reader::default();
    // The logical line being unfolded and the number of its first physical line; a
    // comment's continuation lines are dropped with it.
    let mut logical: Option<(usize, Vec<u8>)> = None;
    let mut in_comment = false;
    for (index, raw) in input.split(|&b| b == b'\n').enumerate() {
        let line = raw.strip_suffix(b"\r").unwrap_or(raw);
        let number = index.saturating_add(1);
        if let Some(rest) = line.strip_prefix(b" ") {
            match logical.as_mut() {
                Some((_, text)) => text.extend_from_slice(rest),
                None if in_comment => {}
                None => return Err(LdifError::StrayContinuation { line: number }),
            }
            continue;
        }
        if let Some((at, text)) = logical.take() {
            reader.attribute(at, &text)?;
        }
        in_comment = line.first() == Some(&b'#');
        if line.is_empty() {
            reader.dn.clear();
        } else if !in_comment {
            logical = Some((number, line.to_vec()));
        }
    }
    if let Some((at, text)) = logical.take() {
        reader.attribute(at, &text)?;
    }
    if reader.items.is_empty() {
        return Err(LdifError::Empty);
    }
    Ok(reader.items)
}

#[derive(Default)]
struct Reader {
    dn: String,
    items: Vec<LdifItem>,
}

impl Reader {
    /// One unfolded `attribute[;options]: value` / `:: base64` / `:< url` line.
    fn attribute(&mut self, line: usize, text: &[u8]) -> Result<(), LdifError> {
        let colon = text
            .iter()
            .position(|&b| b == b':')
            .ok_or(LdifError::NotAnAttribute { line })?;
        let (name, rest) = text.split_at(colon);
        let rest = rest.get(1..).unwrap_or_default();
        let name = String::from_utf8_lossy(name);
        let base = name
            .split(';')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let (encoded, value) = match rest.first() {
            Some(b':') => (true, trim(rest.get(1..).unwrap_or_default())),
            Some(b'<') => return Ok(()),
            _ => (false, trim(rest)),
        };
        let decode = || {
            let text = std::str::from_utf8(value).map_err(|_| LdifError::Base64 {
                line,
                attribute: name.to_string(),
            })?;
            Base64::decode_vec(text).map_err(|_| LdifError::Base64 {
                line,
                attribute: name.to_string(),
            })
        };
        let kind = match base.as_str() {
            "dn" => {
                self.dn = if encoded {
                    String::from_utf8_lossy(&decode()?).into_owned()
                } else {
                    String::from_utf8_lossy(value).into_owned()
                };
                return Ok(());
            }
            "pkdmasterlistcontent" => LdifKind::MasterList,
            "usercertificate" | "cacertificate" => LdifKind::Certificate,
            "certificaterevocationlist" => LdifKind::Crl,
            _ => return Ok(()),
        };
        // Binary values are always base64 in LDIF; a plain one is not such a value.
        if !encoded {
            return Err(LdifError::Base64 {
                line,
                attribute: name.to_string(),
            });
        }
        if self.items.len() >= MAX_LDIF_ITEMS {
            return Err(LdifError::TooManyItems(MAX_LDIF_ITEMS));
        }
        let bytes = decode()?;
        self.items.push(LdifItem {
            kind,
            dn: self.dn.clone(),
            bytes,
        });
        Ok(())
    }
}

fn trim(value: &[u8]) -> &[u8] {
    let start = value.iter().position(|&b| b != b' ').unwrap_or(value.len());
    let end = value
        .iter()
        .rposition(|&b| b != b' ')
        .map_or(start, |i| i.saturating_add(1));
    value.get(start..end).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Folds `line` at 76 characters as LDIF writers do.
    fn folded(line: &str) -> String {
        let mut out = String::new();
        let bytes = line.as_bytes();
        out.push_str(std::str::from_utf8(&bytes[..bytes.len().min(76)]).unwrap());
        for chunk in bytes[bytes.len().min(76)..].chunks(75) {
            out.push_str("\n ");
            out.push_str(std::str::from_utf8(chunk).unwrap());
        }
        out.push('\n');
        out
    }

    #[test]
    fn folded_base64_values_of_the_three_kinds_are_read() {
        let ml: Vec<u8> = (0..=255).collect();
        let cert = vec![0x30, 0x03, 0x02, 0x01, 0x05];
        let mut text = String::from("version: 1\n# a comment\n  folded into the comment\n\n");
        text += "dn: cn=CN\\=ML,o=ml,c=DE,dc=data,dc=pkdDownload\n";
        text += &folded(&format!(
            "pkdMasterListContent:: {}",
            Base64::encode_string(&ml)
        ));
        text += "objectClass: pkdMasterList\n\n";
        text += &folded(&format!(
            "dn:: {}",
            Base64::encode_string("cn=DS,c=MA".as_bytes())
        ));
        text += &format!(
            "userCertificate;binary:: {}\r\n",
            Base64::encode_string(&cert)
        );
        text += &format!(
            "certificateRevocationList;binary::{}\n",
            Base64::encode_string(&[1, 2])
        );
        let items = parse(text.as_bytes()).unwrap();
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].kind, LdifKind::MasterList);
        assert_eq!(items[0].bytes, ml);
        assert!(items[0].dn.contains("o=ml"));
        assert_eq!(items[1].kind, LdifKind::Certificate);
        assert_eq!(items[1].bytes, cert);
        assert_eq!(items[1].dn, "cn=DS,c=MA");
        assert_eq!(items[2].kind, LdifKind::Crl);
        assert_eq!(items[2].bytes, vec![1, 2]);
    }

    #[test]
    fn bad_inputs_get_typed_errors() {
        assert_eq!(
            parse(b" stray\n"),
            Err(LdifError::StrayContinuation { line: 1 })
        );
        assert_eq!(
            parse(b"dn: x\nno colon\n"),
            Err(LdifError::NotAnAttribute { line: 2 })
        );
        assert!(matches!(
            parse(b"dn: x\nuserCertificate;binary:: ***\n"),
            Err(LdifError::Base64 { line: 2, .. })
        ));
        assert!(matches!(
            parse(b"dn: x\nuserCertificate;binary: plain\n"),
            Err(LdifError::Base64 { .. })
        ));
        assert_eq!(parse(b"dn: x\ncn: y\n"), Err(LdifError::Empty));
        assert_eq!(parse(b""), Err(LdifError::Empty));
        // Every prefix of a good input: an answer, never a panic.
        let good = b"dn: c=DE\nuserCertificate;binary:: MAMCAQU=\n";
        for n in 0..good.len() {
            let _ = parse(&good[..n]);
        }
    }
}
