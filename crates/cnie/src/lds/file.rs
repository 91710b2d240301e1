//! The elementary files of an eMRTD (ICAO Doc 9303 Part 10, §3 and §4): their
//! short file identifiers, file identifiers, names, dump file names and tags.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

/// The application identifier of the eMRTD LDS1 application
/// (`A0 00 00 02 47 10 01`, ICAO Doc 9303 Part 10 §3.6.2).
pub const EMRTD_AID: [u8; 7] = [0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01];

/// A data group number, always in `1..=16`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DataGroup(u8);

impl DataGroup {
    /// The lowest data group number.
    pub const FIRST: u8 = 1;
    /// The highest data group number.
    pub const LAST: u8 = 16;

    /// The data group `n`, if `n` is in `1..=16`.
    pub const fn new(n: u8) -> Option<DataGroup> {
        if n >= Self::FIRST && n <= Self::LAST {
            Some(DataGroup(n))
        } else {
            None
        }
    }

    /// The number, in `1..=16`.
    pub const fn number(self) -> u8 {
        self.0
    }

    /// DG1 to DG16 in order.
    pub fn all() -> impl Iterator<Item = DataGroup> {
        (Self::FIRST..=Self::LAST).map(DataGroup)
    }
}

impl fmt::Display for DataGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DG{}", self.0)
    }
}

/// Data group tags (ICAO Doc 9303 Part 10 Table 34), indexed by number − 1.
const DG_TAGS: [u8; 16] = [
    0x61, 0x75, 0x63, 0x76, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F, 0x70,
];

/// An elementary file of the eMRTD.
///
/// EF.CardAccess and EF.CardSecurity live in the master file; the others in
/// the eMRTD application ([`EMRTD_AID`]). The derived order is EF.COM,
/// EF.SOD, DG1 … DG16, EF.CardAccess, EF.CardSecurity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LdsFile {
    /// EF.COM: LDS version and the list of data groups present.
    Com,
    /// EF.SOD: the document security object (data group hashes, signature).
    Sod,
    /// A data group.
    Dg(DataGroup),
    /// EF.CardAccess (in the master file): PACE parameters.
    CardAccess,
    /// EF.CardSecurity (in the master file): signed chip authentication data.
    CardSecurity,
}

impl LdsFile {
    /// Data group `n`, if `n` is in `1..=16`.
    pub const fn dg(n: u8) -> Option<LdsFile> {
        match DataGroup::new(n) {
            Some(dg) => Some(LdsFile::Dg(dg)),
            None => None,
        }
    }

    /// The data group number, for a data group.
    pub const fn data_group(self) -> Option<u8> {
        match self {
            LdsFile::Dg(dg) => Some(dg.number()),
            _ => None,
        }
    }

    /// Every file: EF.COM, EF.SOD, DG1 … DG16, EF.CardAccess, EF.CardSecurity.
    pub fn all() -> impl Iterator<Item = LdsFile> {
        [LdsFile::Com, LdsFile::Sod]
            .into_iter()
            .chain(DataGroup::all().map(LdsFile::Dg))
            .chain([LdsFile::CardAccess, LdsFile::CardSecurity])
    }

    /// Whether the file is in the master file rather than the eMRTD application.
    pub const fn in_master_file(self) -> bool {
        matches!(self, LdsFile::CardAccess | LdsFile::CardSecurity)
    }

    /// The short file identifier: EF.COM `1E`, EF.SOD `1D`, DGn `n`,
    /// EF.CardAccess `1C`, EF.CardSecurity `1D` (in the master file).
    pub const fn sfi(self) -> u8 {
        match self {
            LdsFile::Com => 0x1E,
            LdsFile::Sod | LdsFile::CardSecurity => 0x1D,
            LdsFile::Dg(dg) => dg.number(),
            LdsFile::CardAccess => 0x1C,
        }
    }

    /// The file identifier: EF.COM `011E`, EF.SOD `011D`, DGn `01nn`,
    /// EF.CardAccess `011C`, EF.CardSecurity `011D` (in the master file).
    pub const fn fid(self) -> u16 {
        0x0100 | self.sfi() as u16
    }

    /// The name: `"EF.COM"`, `"EF.SOD"`, `"DG1"` … `"DG16"`,
    /// `"EF.CardAccess"`, `"EF.CardSecurity"`.
    pub fn name(self) -> &'static str {
        const DG_NAMES: [&str; 16] = [
            "DG1", "DG2", "DG3", "DG4", "DG5", "DG6", "DG7", "DG8", "DG9", "DG10", "DG11", "DG12",
            "DG13", "DG14", "DG15", "DG16",
        ];
        match self {
            LdsFile::Com => "EF.COM",
            LdsFile::Sod => "EF.SOD",
            LdsFile::Dg(dg) => DG_NAMES
                .get(usize::from(dg.number()).wrapping_sub(1))
                .copied()
                .unwrap_or("DG?"),
            LdsFile::CardAccess => "EF.CardAccess",
            LdsFile::CardSecurity => "EF.CardSecurity",
        }
    }

    /// The file name in a dump folder: the name followed by `.bin`
    /// (`"EF.COM.bin"`, `"DG1.bin"`, …).
    pub fn file_name(self) -> String {
        format!("{}.bin", self.name())
    }

    /// The tag of the file's outer TLV object (EF.COM `60`, EF.SOD `77`,
    /// DG1 `61`, DG2 `75`, …, DG16 `70`). `None` for EF.CardAccess and
    /// EF.CardSecurity, which are plain ASN.1 (a SET and a ContentInfo).
    pub fn tag(self) -> Option<u8> {
        match self {
            LdsFile::Com => Some(0x60),
            LdsFile::Sod => Some(0x77),
            LdsFile::Dg(dg) => DG_TAGS
                .get(usize::from(dg.number()).wrapping_sub(1))
                .copied(),
            LdsFile::CardAccess | LdsFile::CardSecurity => None,
        }
    }

    /// The file whose outer tag is `tag` (EF.COM, EF.SOD or a data group), as
    /// listed in EF.COM.
    pub fn from_tag(tag: u8) -> Option<LdsFile> {
        match tag {
            0x60 => Some(LdsFile::Com),
            0x77 => Some(LdsFile::Sod),
            _ => {
                let index = DG_TAGS.iter().position(|t| *t == tag)?;
                let n = u8::try_from(index + 1).ok()?;
                LdsFile::dg(n)
            }
        }
    }

    /// The file called `name`: a [`LdsFile::name`] or a [`LdsFile::file_name`],
    /// compared without regard to ASCII case (`"DG2"`, `"dg2.bin"`, `"EF.COM"`).
    pub fn from_name(name: &str) -> Option<LdsFile> {
        let name = strip_suffix_ignore_case(name, ".bin").unwrap_or(name);
        LdsFile::all().find(|file| file.name().eq_ignore_ascii_case(name))
    }
}

/// `s` without `suffix` at its end (ASCII case ignored), if it has it.
fn strip_suffix_ignore_case<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let split = s.len().checked_sub(suffix.len())?;
    let (head, tail) = (s.get(..split)?, s.get(split..)?);
    tail.eq_ignore_ascii_case(suffix).then_some(head)
}

impl fmt::Display for LdsFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a string is not the name of an eMRTD file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0:?} is not an eMRTD file name (EF.COM, EF.SOD, DG1..DG16, EF.CardAccess, EF.CardSecurity)"
)]
pub struct UnknownFileName(pub String);

impl FromStr for LdsFile {
    type Err = UnknownFileName;

    fn from_str(s: &str) -> Result<LdsFile, UnknownFileName> {
        LdsFile::from_name(s).ok_or_else(|| UnknownFileName(s.to_owned()))
    }
}

impl Serialize for LdsFile {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_follow_doc_9303_part_10() {
        assert_eq!(LdsFile::Com.sfi(), 0x1E);
        assert_eq!(LdsFile::Com.fid(), 0x011E);
        assert_eq!(LdsFile::Sod.sfi(), 0x1D);
        assert_eq!(LdsFile::Sod.fid(), 0x011D);
        assert_eq!(LdsFile::CardAccess.sfi(), 0x1C);
        assert_eq!(LdsFile::CardAccess.fid(), 0x011C);
        assert_eq!(LdsFile::CardSecurity.sfi(), 0x1D);
        assert_eq!(LdsFile::CardSecurity.fid(), 0x011D);
        assert!(LdsFile::CardSecurity.in_master_file());
        assert!(!LdsFile::Sod.in_master_file());
        let dg14 = LdsFile::dg(14).unwrap();
        assert_eq!(dg14.sfi(), 14);
        assert_eq!(dg14.fid(), 0x010E);
        assert_eq!(LdsFile::dg(16).unwrap().fid(), 0x0110);
        assert_eq!(LdsFile::dg(0), None);
        assert_eq!(LdsFile::dg(17), None);
        assert_eq!(EMRTD_AID, [0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01]);
    }

    #[test]
    fn tags_follow_doc_9303_part_10_table_34() {
        let expected: [(u8, u8); 16] = [
            (1, 0x61),
            (2, 0x75),
            (3, 0x63),
            (4, 0x76),
            (5, 0x65),
            (6, 0x66),
            (7, 0x67),
            (8, 0x68),
            (9, 0x69),
            (10, 0x6A),
            (11, 0x6B),
            (12, 0x6C),
            (13, 0x6D),
            (14, 0x6E),
            (15, 0x6F),
            (16, 0x70),
        ];
        for (n, tag) in expected {
            let file = LdsFile::dg(n).unwrap();
            assert_eq!(file.tag(), Some(tag), "DG{n}");
            assert_eq!(LdsFile::from_tag(tag), Some(file));
        }
        assert_eq!(LdsFile::Com.tag(), Some(0x60));
        assert_eq!(LdsFile::Sod.tag(), Some(0x77));
        assert_eq!(LdsFile::from_tag(0x60), Some(LdsFile::Com));
        assert_eq!(LdsFile::from_tag(0x77), Some(LdsFile::Sod));
        assert_eq!(LdsFile::CardAccess.tag(), None);
        assert_eq!(LdsFile::from_tag(0x71), None);
        assert_eq!(LdsFile::from_tag(0x00), None);
    }

    #[test]
    fn names_and_file_names() {
        assert_eq!(LdsFile::Com.name(), "EF.COM");
        assert_eq!(LdsFile::Sod.file_name(), "EF.SOD.bin");
        assert_eq!(LdsFile::dg(1).unwrap().file_name(), "DG1.bin");
        assert_eq!(LdsFile::dg(16).unwrap().to_string(), "DG16");
        assert_eq!(LdsFile::CardAccess.file_name(), "EF.CardAccess.bin");
        assert_eq!(LdsFile::CardSecurity.name(), "EF.CardSecurity");
        for file in LdsFile::all() {
            assert_eq!(LdsFile::from_name(file.name()), Some(file));
            assert_eq!(LdsFile::from_name(&file.file_name()), Some(file));
            assert_eq!(file.name().parse::<LdsFile>(), Ok(file));
        }
        assert_eq!(LdsFile::from_name("dg11"), LdsFile::dg(11));
        assert_eq!(LdsFile::from_name("ef.com.BIN"), Some(LdsFile::Com));
        assert_eq!(LdsFile::from_name("DG17"), None);
        assert_eq!(LdsFile::from_name("DG0"), None);
        assert_eq!(LdsFile::from_name(""), None);
        assert_eq!(LdsFile::from_name(".bin"), None);
        assert!("EF.FOO".parse::<LdsFile>().is_err());
        assert_eq!(LdsFile::all().count(), 20);
    }

    #[test]
    fn order_and_serialization() {
        let mut files = vec![
            LdsFile::CardAccess,
            LdsFile::dg(11).unwrap(),
            LdsFile::Sod,
            LdsFile::dg(2).unwrap(),
            LdsFile::Com,
        ];
        files.sort();
        let names: Vec<&str> = files.iter().map(|f| f.name()).collect();
        assert_eq!(names, ["EF.COM", "EF.SOD", "DG2", "DG11", "EF.CardAccess"]);
        assert_eq!(
            serde_json::to_string(&files).unwrap(),
            r#"["EF.COM","EF.SOD","DG2","DG11","EF.CardAccess"]"#
        );
    }
}
