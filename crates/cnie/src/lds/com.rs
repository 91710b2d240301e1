//! EF.COM (ICAO Doc 9303 Part 10 §4.6.1): the LDS and Unicode versions and the
//! list of data groups present.
//!
//! ```text
//! 60 { 5F01 "0107"  LDS version 1.7
//!      5F36 "040000" Unicode version 4.0.0
//!      5C   61 75 …  tags of the data groups present }
//! ```
//!
//! EF.COM is not covered by EF.SOD: treat its list as a hint, not as proof.

use serde::Serialize;

use crate::error::Error;
use crate::lds::file::LdsFile;
use crate::tlv;

/// The file name used in errors.
const FILE: &str = "EF.COM";

/// The contents of EF.COM.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Com {
    /// LDS version, e.g. `"1.7"` (stored as `"0107"`).
    pub lds_version: String,
    /// Unicode version, e.g. `"4.0.0"` (stored as `"040000"`).
    pub unicode_version: String,
    /// The files listed, in the order of the list (data groups; a chip may
    /// also list EF.SOD or EF.COM, which are kept).
    pub data_groups: Vec<LdsFile>,
    /// Tags of the list that name no known file, in order.
    pub unknown_tags: Vec<u8>,
}

impl Com {
    /// Parses EF.COM.
    ///
    /// ```
    /// use cnie::lds::{Com, LdsFile};
    ///
    /// // ICAO Doc 9303 Part 10 Appendix D.4.
    /// let bytes = hex::decode("60145F0104303130365F36063034303030305C026175")?;
    /// let com = Com::parse(&bytes)?;
    /// assert_eq!(com.lds_version, "1.6");
    /// assert_eq!(com.data_groups, [LdsFile::dg(1).unwrap(), LdsFile::dg(2).unwrap()]);  // ok: doc example
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] (file `"EF.COM"`) if the outer tag is not `60`,
    /// the TLV structure is broken, a version or the tag list is missing, or a
    /// version is not made of decimal digits of the expected count.
    pub fn parse(bytes: &[u8]) -> Result<Com, Error> {
        let (value, _trailing) = tlv::expect(bytes, 0x60).map_err(|e| Error::malformed(FILE, e))?;
        let lds = tlv::require(value, 0x5F01).map_err(|e| Error::malformed(FILE, e))?;
        let unicode = tlv::require(value, 0x5F36).map_err(|e| Error::malformed(FILE, e))?;
        let list = tlv::require(value, 0x5C).map_err(|e| Error::malformed(FILE, e))?;
        let lds_version = dotted_version(lds, 2)
            .ok_or_else(|| Error::malformed(FILE, "LDS version (5F01) is not 4 digits"))?;
        let unicode_version = dotted_version(unicode, 3)
            .ok_or_else(|| Error::malformed(FILE, "Unicode version (5F36) is not 6 digits"))?;
        let mut data_groups = Vec::with_capacity(list.len().min(16));
        let mut unknown_tags = Vec::new();
        for &tag in list {
            match LdsFile::from_tag(tag) {
                Some(file) => data_groups.push(file),
                None => unknown_tags.push(tag),
            }
        }
        Ok(Com {
            lds_version,
            unicode_version,
            data_groups,
            unknown_tags,
        })
    }

    /// Whether the list names `file`.
    pub fn lists(&self, file: LdsFile) -> bool {
        self.data_groups.contains(&file)
    }
}

/// Turns `parts` pairs of decimal digits into `"a.b"` / `"a.b.c"` with the
/// leading zeros of each part removed (`"0107"` → `"1.7"`).
fn dotted_version(digits: &[u8], parts: usize) -> Option<String> {
    if digits.len() != parts * 2 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let numbers: Vec<String> = digits
        .chunks(2)
        .map(|pair| {
            pair.iter()
                .fold(0u8, |acc, d| acc * 10 + (d - b'0'))
                .to_string()
        })
        .collect();
    Some(numbers.join("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dg(n: u8) -> LdsFile {
        LdsFile::dg(n).unwrap()
    }

    #[test]
    fn icao_part_10_d4_example() {
        let bytes = hex::decode("60145F0104303130365F36063034303030305C026175").unwrap();
        let com = Com::parse(&bytes).unwrap();
        assert_eq!(com.lds_version, "1.6");
        assert_eq!(com.unicode_version, "4.0.0");
        assert_eq!(com.data_groups, [dg(1), dg(2)]);
        assert!(com.unknown_tags.is_empty());
        assert!(com.lists(dg(2)));
        assert!(!com.lists(dg(3)));
    }

    #[test]
    fn unknown_tags_are_kept_apart() {
        let bytes = hex::decode("60165F0104303130385F36063036303230305C04617F6E01").unwrap();
        let com = Com::parse(&bytes).unwrap();
        assert_eq!(com.lds_version, "1.8");
        assert_eq!(com.unicode_version, "6.2.0");
        assert_eq!(com.data_groups, [dg(1), dg(14)]);
        assert_eq!(com.unknown_tags, [0x7F, 0x01]);
    }

    #[test]
    fn malformed_files_are_errors() {
        let cases = [
            "",
            "61145F0104303130365F36063034303030305C026175",
            "60155F0104303130365F36063034303030305C026175",
            "600D5F36063034303030305C026175",
            "600B5F0104303130365C026175",
            "60105F0104303130365F3606303430303030",
            "60145F0104303130415F36063034303030305C026175",
            "60135F01033031305F36063034303030305C026175",
        ];
        for case in cases {
            let err = Com::parse(&hex::decode(case).unwrap()).unwrap_err();
            assert!(
                matches!(&err, Error::Malformed { file, .. } if file == "EF.COM"),
                "{case}: {err}"
            );
        }
    }
}
