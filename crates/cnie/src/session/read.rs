//! Reading a whole document: access control, then EF.COM, EF.SOD and every data group
//! EF.COM lists, each in as few APDUs as the card allows and never twice.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::card::{Card, Stats};
use crate::error::{Error, Result};
use crate::iso7816::{StatusWord, Transport};
use crate::keys::AccessKey;
use crate::lds::com::Com;
use crate::lds::file::{EMRTD_AID, LdsFile};

use super::access::{Opened, open_card};
use super::card_security::ChipAuthentication;
use super::options::ReadOptions;
use super::progress::Progress;
use super::protocol::{Access, Protocol};

/// A file listed in EF.COM that was not read, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    /// The file.
    pub file: LdsFile,
    /// Why.
    pub reason: String,
}

/// Everything read from a document, raw.
#[derive(Debug, Clone)]
pub struct Document {
    /// How the chip was opened.
    pub access: Access,
    /// EF.COM, parsed.
    pub com: Com,
    /// The raw files read (EF.COM, EF.SOD and data groups).
    pub files: BTreeMap<LdsFile, Vec<u8>>,
    /// Files listed in EF.COM that could not be read.
    pub skipped: Vec<Skipped>,
    /// What happened on the way (e.g. why PACE gave way to BAC).
    pub notes: Vec<String>,
    /// The chip authentication that PACE-CAM performed, when it ran.
    pub chip_authentication: Option<ChipAuthentication>,
    /// Whether extended-length APDUs were used.
    pub extended_length: bool,
    /// APDU counters.
    pub stats: Stats,
    /// Time from the first APDU to the last.
    pub elapsed: Duration,
}

/// Reads a whole document from a card with one access key.
///
/// See [`read_document_with`].
pub fn read_document<T: Transport>(
    transport: T,
    key: &AccessKey,
    options: &ReadOptions,
    progress: impl FnMut(Progress),
) -> Result<Document> {
    read_document_with(transport, std::slice::from_ref(key), options, progress)
}

/// Reads a whole document from a card, given one or two access keys (an MRZ
/// key and/or a CAN).
///
/// Access control: PACE when the card has EF.CardAccess (with the CAN when
/// one is given, else the MRZ); when PACE fails for a reason other than a
/// refused password, once more with the other password if one was given,
/// then BAC with the MRZ key. A refused password ends the read
/// ([`Error::AccessDenied`]): it is never retried. Cards without
/// EF.CardAccess are opened with BAC.
///
/// The function fails on any error except a data group the chip refuses to
/// give (DG3/DG4 need Terminal Authentication: `6982`) or does not hold
/// (`6A82`): those are listed in [`Document::skipped`].
pub fn read_document_with<T: Transport>(
    transport: T,
    keys: &[AccessKey],
    options: &ReadOptions,
    progress: impl FnMut(Progress),
) -> Result<Document> {
    read_document_from(Card::new(transport), keys, options, progress)
}

/// As [`read_document_with`], on a [`Card`] the caller prepared (e.g. with a
/// tracer, see [`crate::trace`]).
pub fn read_document_from<T: Transport>(
    mut card: Card<T>,
    keys: &[AccessKey],
    options: &ReadOptions,
    mut progress: impl FnMut(Progress),
) -> Result<Document> {
    let start = Instant::now();
    let Opened {
        access,
        notes,
        chip_authentication,
        extended_length: extended,
    } = open_card(&mut card, keys, options, &mut progress)?;
    if access.protocol == Protocol::Pace {
        card.select_application(&EMRTD_AID)?;
    }

    let mut files = BTreeMap::new();
    let com_bytes = read(&mut card, LdsFile::Com, &mut progress)?;
    let com = Com::parse(&com_bytes)?;
    files.insert(LdsFile::Com, com_bytes);
    let sod = read(&mut card, LdsFile::Sod, &mut progress)?;
    files.insert(LdsFile::Sod, sod);

    let mut skipped = Vec::new();
    for &file in &com.data_groups {
        if files.contains_key(&file) {
            continue;
        }
        match read(&mut card, file, &mut progress) {
            Ok(bytes) => {
                files.insert(file, bytes);
            }
            Err(Error::Status { sw, .. }) if is_refusal(sw) => {
                progress(Progress::Skipped(file));
                skipped.push(Skipped {
                    file,
                    reason: refusal_reason(file, sw),
                });
            }
            Err(e) => return Err(e),
        }
    }
    Ok(Document {
        access,
        notes,
        chip_authentication,
        com,
        files,
        skipped,
        extended_length: extended,
        stats: card.stats(),
        elapsed: start.elapsed(),
    })
}

fn is_refusal(sw: StatusWord) -> bool {
    sw == StatusWord::SECURITY_STATUS_NOT_SATISFIED || sw == StatusWord::FILE_NOT_FOUND
}

fn refusal_reason(file: LdsFile, sw: StatusWord) -> String {
    if sw == StatusWord::FILE_NOT_FOUND {
        return "listed in EF.COM but not on the chip".to_string();
    }
    match file {
        LdsFile::Dg(dg) if matches!(dg.number(), 3 | 4) => {
            "protected by Terminal Authentication (needs an inspection-system certificate)"
                .to_string()
        }
        _ => format!("the card refused access ({sw})"),
    }
}

pub(super) fn read<T: Transport>(
    card: &mut Card<T>,
    file: LdsFile,
    progress: &mut impl FnMut(Progress),
) -> Result<Vec<u8>> {
    let bytes = card.read_file(file.sfi(), |read, total| {
        progress(Progress::File { file, read, total })
    })?;
    if let Some(tag) = file.tag()
        && bytes.first() != Some(&tag)
    {
        return Err(Error::malformed(
            file.name(),
            format!("does not start with tag {tag:02X}"),
        ));
    }
    Ok(bytes)
}
