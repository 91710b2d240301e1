//! The chip's file system: the master file with EF.DIR, EF.ATR/INFO and
//! EF.CardAccess, the eMRTD application with EF.COM, EF.SOD and the data
//! groups (ICAO Doc 9303 Part 10 §3-4), and the eID application with its
//! certificates ([`crate::eid`]). The table of identifiers is the
//! simulator's own, written from the specification, not taken from the reader.

use std::fmt;

/// The eMRTD application identifier (ICAO 9303-10 §3.6.2).
pub const EMRTD_AID: [u8; 7] = [0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01];

/// File identifier of the master file.
pub const MF_FID: u16 = 0x3F00;

/// File identifier of EF.ATR/INFO (ISO/IEC 7816-4 §8.2.1.1).
pub const ATR_INFO_FID: u16 = 0x2F01;

/// File identifier of EF.DIR (ISO/IEC 7816-4 §8.2.1.1).
pub const DIR_FID: u16 = 0x2F00;

/// Short file identifier of EF.DIR (ISO/IEC 7816-4 §8.2.1.1).
pub const DIR_SFI: u8 = 0x1E;

/// A file of the LDS that a card folder can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileName {
    /// EF.COM (011E, SFI 1E).
    Com,
    /// EF.SOD (011D, SFI 1D).
    Sod,
    /// DG1 to DG16 (0101-0110, SFI 1-16); the number is always in 1..=16.
    Dg(u8),
    /// EF.CardAccess (011C, SFI 1C, in the master file).
    CardAccess,
    /// EF.CardSecurity (011D, SFI 1D, in the master file).
    CardSecurity,
    /// EF.DIR (2F00, SFI 1E, in the master file): the application templates.
    Dir,
}

/// A dedicated file: where an elementary file lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Df {
    /// The master file (3F00).
    Master,
    /// The eMRTD application ([`EMRTD_AID`]).
    Emrtd,
    /// The eID application ([`crate::eid::EID_AID`]).
    Eid,
}

/// What a file needs before it may be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Access {
    /// Readable in plain at any time.
    Always,
    /// Readable after access control (BAC or PACE), under secure messaging.
    AccessControl,
    /// Readable under secure messaging after PACE only (the eID application).
    Pace,
    /// Needs Terminal Authentication, which this chip does not offer: never readable.
    TerminalAuthentication,
}

impl FileName {
    /// Data group `n` (1 to 16).
    pub fn dg(n: u8) -> Option<FileName> {
        (1..=16).contains(&n).then_some(FileName::Dg(n))
    }

    /// Every file name, in order.
    pub fn all() -> impl Iterator<Item = FileName> {
        [FileName::Com, FileName::Sod]
            .into_iter()
            .chain((1..=16).map(FileName::Dg))
            .chain([FileName::CardAccess, FileName::CardSecurity, FileName::Dir])
    }

    /// The name in a dump folder, e.g. `DG1.bin`.
    pub fn file_name(self) -> String {
        format!("{self}.bin")
    }

    /// Parses `EF.COM`, `DG2`, … (without `.bin`).
    pub fn parse(name: &str) -> Option<FileName> {
        FileName::all().find(|f| f.to_string().eq_ignore_ascii_case(name))
    }

    /// The data group tag (`61` for DG1 …, `60` for EF.COM, `77` for EF.SOD).
    pub fn tag(self) -> Option<u8> {
        const DG_TAGS: [u8; 16] = [
            0x61, 0x75, 0x63, 0x76, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E,
            0x6F, 0x70,
        ];
        match self {
            FileName::Com => Some(0x60),
            FileName::Sod => Some(0x77),
            FileName::Dg(n) => DG_TAGS.get(usize::from(n).checked_sub(1)?).copied(),
            FileName::CardAccess | FileName::CardSecurity | FileName::Dir => None,
        }
    }

    /// The file identifier.
    pub fn fid(self) -> u16 {
        match self {
            FileName::Com => 0x011E,
            FileName::Sod | FileName::CardSecurity => 0x011D,
            FileName::Dg(n) => 0x0100 | u16::from(n),
            FileName::CardAccess => 0x011C,
            FileName::Dir => DIR_FID,
        }
    }

    /// The short file identifier.
    pub fn sfi(self) -> u8 {
        match self {
            FileName::Com => 0x1E,
            FileName::Sod | FileName::CardSecurity => 0x1D,
            FileName::Dg(n) => n,
            FileName::CardAccess => 0x1C,
            FileName::Dir => DIR_SFI,
        }
    }

    /// The dedicated file holding it.
    pub fn df(self) -> Df {
        match self {
            FileName::CardAccess | FileName::CardSecurity | FileName::Dir => Df::Master,
            _ => Df::Emrtd,
        }
    }

    /// What reading it requires.
    pub fn access(self) -> Access {
        match self {
            FileName::CardAccess | FileName::Dir => Access::Always,
            FileName::Dg(3) | FileName::Dg(4) => Access::TerminalAuthentication,
            _ => Access::AccessControl,
        }
    }
}

impl fmt::Display for FileName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileName::Com => f.write_str("EF.COM"),
            FileName::Sod => f.write_str("EF.SOD"),
            FileName::Dg(n) => write!(f, "DG{n}"),
            FileName::CardAccess => f.write_str("EF.CardAccess"),
            FileName::CardSecurity => f.write_str("EF.CardSecurity"),
            FileName::Dir => f.write_str("EF.DIR"),
        }
    }
}

/// One elementary file on the chip.
#[derive(Clone, PartialEq, Eq)]
pub struct Ef {
    /// Where it lives.
    pub df: Df,
    /// File identifier.
    pub fid: u16,
    /// Short file identifier, if any.
    pub sfi: Option<u8>,
    /// What reading needs.
    pub access: Access,
    /// A name for logs (`DG1`, `EF.ATR/INFO`).
    pub label: String,
    /// The contents.
    pub data: Vec<u8>,
}

impl fmt::Debug for Ef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ef")
            .field("label", &self.label)
            .field("fid", &format_args!("{:04X}", self.fid))
            .field("len", &self.data.len())
            .finish()
    }
}

/// Index of an elementary file in a [`FileSystem`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EfId(usize);

/// All elementary files of the chip.
#[derive(Debug, Clone, Default)]
pub struct FileSystem {
    efs: Vec<Ef>,
}

impl FileSystem {
    /// An empty file system.
    pub fn new() -> Self {
        FileSystem::default()
    }

    /// Adds a file (a later file with the same DF and FID replaces it).
    pub fn add(&mut self, ef: Ef) {
        self.efs.retain(|e| !(e.df == ef.df && e.fid == ef.fid));
        self.efs.push(ef);
    }

    /// Adds an LDS file under its standard identifiers.
    pub fn add_lds(&mut self, name: FileName, data: Vec<u8>) {
        self.add(Ef {
            df: name.df(),
            fid: name.fid(),
            sfi: Some(name.sfi()),
            access: name.access(),
            label: name.to_string(),
            data,
        });
    }

    /// Removes the file with this DF and FID, if any.
    pub fn remove(&mut self, df: Df, fid: u16) {
        self.efs.retain(|e| !(e.df == df && e.fid == fid));
    }

    /// Finds a file by FID in a DF.
    pub fn by_fid(&self, df: Df, fid: u16) -> Option<EfId> {
        self.efs
            .iter()
            .position(|e| e.df == df && e.fid == fid)
            .map(EfId)
    }

    /// Finds a file by SFI in a DF.
    pub fn by_sfi(&self, df: Df, sfi: u8) -> Option<EfId> {
        self.efs
            .iter()
            .position(|e| e.df == df && e.sfi == Some(sfi))
            .map(EfId)
    }

    /// The file behind an id.
    pub fn get(&self, id: EfId) -> Option<&Ef> {
        self.efs.get(id.0)
    }

    /// The file behind an id, mutably.
    pub fn get_mut(&mut self, id: EfId) -> Option<&mut Ef> {
        self.efs.get_mut(id.0)
    }

    /// The file with this label.
    pub fn by_label(&self, label: &str) -> Option<EfId> {
        self.efs.iter().position(|e| e.label == label).map(EfId)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_follow_icao_9303_10() {
        assert_eq!(FileName::all().count(), 21);
        assert_eq!(FileName::Com.fid(), 0x011E);
        assert_eq!(FileName::Com.sfi(), 0x1E);
        assert_eq!(FileName::Sod.fid(), 0x011D);
        assert_eq!(FileName::Dg(2).fid(), 0x0102);
        assert_eq!(FileName::Dg(16).sfi(), 16);
        assert_eq!(FileName::Dg(2).tag(), Some(0x75));
        assert_eq!(FileName::Dg(11).tag(), Some(0x6B));
        assert_eq!(FileName::CardAccess.fid(), 0x011C);
        assert_eq!(FileName::CardAccess.df(), Df::Master);
        assert_eq!(FileName::parse("dg11"), Some(FileName::Dg(11)));
        assert_eq!(FileName::parse("EF.SOD"), Some(FileName::Sod));
        assert_eq!(FileName::parse("DG17"), None);
        assert_eq!(FileName::Dg(1).file_name(), "DG1.bin");
        assert_eq!(FileName::Dg(3).access(), Access::TerminalAuthentication);
        assert_eq!(FileName::CardAccess.access(), Access::Always);
        assert_eq!(FileName::parse("ef.dir"), Some(FileName::Dir));
        assert_eq!((FileName::Dir.fid(), FileName::Dir.sfi()), (0x2F00, 0x1E));
        assert_eq!(FileName::Dir.df(), Df::Master);
        assert_eq!(FileName::Dir.access(), Access::Always);
        assert_eq!(FileName::Dir.file_name(), "EF.DIR.bin");
    }

    #[test]
    fn lookups() {
        let mut fs = FileSystem::new();
        fs.add_lds(FileName::Dg(1), vec![1]);
        fs.add_lds(FileName::CardSecurity, vec![2]);
        fs.add_lds(FileName::Sod, vec![3]);
        let sod = fs.by_fid(Df::Emrtd, 0x011D).unwrap();
        assert_eq!(fs.get(sod).unwrap().data, vec![3]);
        let cs = fs.by_sfi(Df::Master, 0x1D).unwrap();
        assert_eq!(fs.get(cs).unwrap().data, vec![2]);
        assert!(fs.by_fid(Df::Master, 0x0101).is_none());
        fs.add_lds(FileName::Dg(1), vec![9]);
        let dg1 = fs.by_sfi(Df::Emrtd, 1).unwrap();
        assert_eq!(fs.get(dg1).unwrap().data, vec![9]);
    }
}
