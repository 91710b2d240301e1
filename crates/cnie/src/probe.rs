//! What an unknown card answers, for a report users can share: the ATR,
//! EF.ATR/INFO, EF.DIR, EF.CardAccess, which well-known applications answer
//! SELECT, and the status word of every command sent.
//!
//! The probe asks for no PIN or access key, writes nothing, and reads only
//! what any terminal may read in plain and that holds no personal data:
//! EF.CardAccess (read by its short file identifier `1C`, as a reader does
//! first), then, in the master file, EF.ATR/INFO (`2F01`) and EF.DIR
//! (`2F00`), selected by file identifier. It never reads a data group,
//! never sends VERIFY and never asks for serial numbers (GET DATA). Each
//! application is selected with `P2=00` to get its FCI (which names the
//! application, not its holder), again with `P2=0C` when the card refuses
//! that form, and the master file is selected again after every application
//! that answered.
//!
//! Bytes from the card are bounded ([`MAX_FILE`] per file, [`MAX_FCI`] per
//! FCI, [`MAX_APDUS`] commands in all) and parsed without panics; a parse
//! failure is part of the report, not an error.

mod aids;
mod describe;
mod dir;
mod prober;
mod report;
#[cfg(test)]
mod tests;

use crate::card::Card;
use crate::iso7816::{Transport, TransportError};

pub use aids::{KNOWN_AIDS, KnownAid, is_valid_aid, name_of};
pub use describe::{
    AtrInfo, AtrSummary, CardAccessSummary, SecurityInfoSummary, TlvObject, atr_info, card_access,
};
pub use dir::{DirApplication, EfDir, MAX_APPLICATIONS};
pub use report::{AidSource, ApduRecord, ApplicationProbe, FileReport, ProbeReport};

#[cfg(test)]
use crate::iso7816::ins;
#[cfg(test)]
use prober::READ_RECORD;
use prober::{Locator, Prober, hex_sw};

/// The largest file a probe reads (the rest is left out and the file
/// marked truncated).
pub const MAX_FILE: usize = 4096;
/// The most FCI bytes kept per application.
pub const MAX_FCI: usize = 1024;
/// The most commands a probe sends.
pub const MAX_APDUS: usize = 160;
/// The most applications from EF.DIR tried beyond the well-known ones.
pub const MAX_EXTRA_AIDS: usize = 16;

/// Probes the card behind `card`: see the [module documentation](self).
///
/// The card should be fresh (just connected or reset); any secure-messaging
/// session is dropped first, since the probe talks in plain. Only transport
/// failures (card removed, reader gone, time-out) are errors; everything the
/// card answers, refusals and malformed answers included, is in the report.
pub fn probe<T: Transport>(card: &mut Card<T>) -> Result<ProbeReport, TransportError> {
    card.clear_secure_messaging();
    let mut p = Prober {
        card,
        log: Vec::new(),
        over_budget: false,
    };
    let atr = p.card.transport().atr().map(|a| AtrSummary::new(&a));

    // EF.CardAccess first, by SFI in the master file as after reset.
    let mut card_access = FileReport::new("EF.CardAccess");
    let read = p.read_file(
        "EF.CardAccess",
        &[Locator::Sfi(0x1C), Locator::Fid(0x011C)],
        true,
        &mut card_access,
    )?;
    if let Some(data) = read {
        match describe::card_access(&data) {
            Ok(summary) => card_access.parsed = Some(summary),
            Err(e) => card_access.parse_error = Some(e.to_string()),
        }
    }

    let mf = p.select_master_file()?;
    let master_file = mf.as_ref().map(|(_, sw)| hex_sw(*sw));
    let mf_command = mf
        .filter(|(_, sw)| sw.is_success())
        .map(|(command, _)| command);

    let mut atr_info_report = FileReport::new("EF.ATR/INFO");
    if let Some(data) = p.read_file(
        "EF.ATR/INFO",
        &[Locator::Fid(0x2F01)],
        false,
        &mut atr_info_report,
    )? {
        let (info, error) = describe::atr_info(&data);
        atr_info_report.parsed = Some(info);
        atr_info_report.parse_error = error;
    }

    let mut ef_dir = FileReport::new("EF.DIR");
    if let Some(data) = p.read_file("EF.DIR", &[Locator::Fid(0x2F00)], false, &mut ef_dir)? {
        let (dir, error) = dir::parse(&data);
        ef_dir.parsed = Some(dir);
        ef_dir.parse_error = error;
    }

    let mut applications = Vec::new();
    for (aid, name, source) in aids_to_try(ef_dir.parsed.as_ref()) {
        let probe = p.select_application(&aid, &name, source)?;
        let reselect = probe.selected;
        applications.push(probe);
        if reselect && let Some(command) = &mf_command {
            p.send("SELECT master file", command)?;
        }
    }

    Ok(ProbeReport {
        atr,
        card_access,
        master_file,
        atr_info: atr_info_report,
        ef_dir,
        applications,
        status_words: p.log,
        apdu_limit_reached: p.over_budget,
    })
}

/// The well-known applications, then those EF.DIR lists that are not among
/// them (valid AIDs only, at most [`MAX_EXTRA_AIDS`]).
fn aids_to_try(dir: Option<&EfDir>) -> Vec<(Vec<u8>, String, AidSource)> {
    let listed = dir.map(EfDir::aids).unwrap_or_default();
    let mut out: Vec<(Vec<u8>, String, AidSource)> = KNOWN_AIDS
        .iter()
        .map(|k| {
            let source = if listed.iter().any(|a| a == k.aid) {
                AidSource::KnownAndEfDir
            } else {
                AidSource::Known
            };
            (k.aid.to_vec(), k.name.to_string(), source)
        })
        .collect();
    let mut extra = 0;
    for aid in listed {
        if extra == MAX_EXTRA_AIDS {
            break;
        }
        if !is_valid_aid(&aid) || out.iter().any(|(a, _, _)| *a == aid) {
            continue;
        }
        out.push((aid, "(from EF.DIR)".to_string(), AidSource::EfDir));
        extra += 1;
    }
    out
}
