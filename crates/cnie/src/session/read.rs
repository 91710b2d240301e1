//! Reading a whole document: access control, then EF.COM, EF.SOD and every data group
//! EF.COM lists, each in as few APDUs as the card allows and never twice.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use subtle::ConstantTimeEq;

use crate::card::{Card, Stats};
use crate::error::{Error, Result};
use crate::iso7816::{StatusWord, Transport, TransportError};
use crate::keys::AccessKey;
use crate::lds::card_access::SecurityInfos;
use crate::lds::com::Com;
use crate::lds::file::{EMRTD_AID, LdsFile};
use crate::lds::sod::Sod;
use crate::pace::OsRandom;

use super::access::{LengthChoice, Opened, open_card_probing, reopen_short};
use super::card_security::ChipAuthentication;
use super::chip_check::{ActiveAuthenticationExchange, ChipAuthenticationCheck};
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

/// Everything read from a document, raw: from a card ([`read_document`]) or from a dump
/// ([`Document::from_files`]).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Document {
    /// How the chip was opened (`None` for a dump).
    pub access: Option<Access>,
    /// EF.COM, parsed (`None` for a dump without a readable EF.COM).
    pub com: Option<Com>,
    /// The raw files read (EF.COM, EF.SOD and data groups).
    pub files: BTreeMap<LdsFile, Vec<u8>>,
    /// EF.CardAccess as read in plain before access control (`None` for a card
    /// without one, and for a dump). Not signed: EF.CardSecurity repeats its PACE
    /// parameters under the issuer's signature ([`ChipAuthentication::card_security`]).
    pub card_access: Option<Vec<u8>>,
    /// Files listed in EF.COM that could not be read.
    pub skipped: Vec<Skipped>,
    /// What happened on the way (e.g. why PACE gave way to BAC).
    pub notes: Vec<String>,
    /// The chip authentication that PACE-CAM performed, when it ran.
    pub chip_authentication: Option<ChipAuthentication>,
    /// Chip Authentication v1 (DG14), when it ran.
    pub ca: Option<ChipAuthenticationCheck>,
    /// Active Authentication (DG15), when it ran.
    pub active_authentication: Option<ActiveAuthenticationExchange>,
    /// Whether extended-length APDUs were used.
    pub extended_length: bool,
    /// APDU counters.
    pub stats: Stats,
    /// Time from the first APDU to the last.
    pub elapsed: Duration,
}

impl Document {
    /// A document from files read earlier (a dump): no access information, no chip
    /// check but an Active Authentication exchange if one was kept.
    pub fn from_files(
        files: BTreeMap<LdsFile, Vec<u8>>,
        active_authentication: Option<ActiveAuthenticationExchange>,
    ) -> Document {
        let com = files.get(&LdsFile::Com).and_then(|b| Com::parse(b).ok());
        Document {
            access: None,
            com,
            files,
            card_access: None,
            skipped: Vec::new(),
            notes: Vec::new(),
            chip_authentication: None,
            ca: None,
            active_authentication,
            extended_length: false,
            stats: Stats::default(),
            elapsed: Duration::ZERO,
        }
    }
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
///
/// Read order: EF.COM, EF.SOD, then DG14 when listed; when DG14 matches its hash in
/// EF.SOD and holds a Chip Authentication key (and PACE-CAM did not already
/// authenticate the chip), Chip Authentication runs and the remaining files are read
/// under its keys; the first answer under them confirms it. Then, when DG15 is read and
/// matches its hash, Active Authentication with [`ReadOptions::challenge`] (or a random
/// one, skipped when the chip is already authenticated and no challenge was given).
pub fn read_document_from<T: Transport>(
    card: Card<T>,
    keys: &[AccessKey],
    options: &ReadOptions,
    progress: impl FnMut(Progress),
) -> Result<Document> {
    read_document_resuming(card, keys, options, &mut ReadState::new(), progress)
}

/// What a read has got so far: the files read whole, those the chip refused, and the
/// bytes of a file the card's loss cut short. It survives the card: after an error
/// (typically [`crate::ErrorKind::CardLost`]) call [`read_document_resuming`] again with
/// the same state on a new channel to the same card; access control runs again and the
/// read goes on from the file and offset where it stopped, nothing read twice. The
/// files are only a cache of bytes: the verdict checks them all against EF.SOD as it
/// would an uninterrupted read's.
#[derive(Debug, Clone, Default)]
pub struct ReadState {
    files: BTreeMap<LdsFile, Vec<u8>>,
    skipped: Vec<Skipped>,
    partial: Option<(LdsFile, Vec<u8>)>,
    resumed: u32,
}

impl ReadState {
    /// Nothing read yet.
    pub fn new() -> Self {
        ReadState::default()
    }

    /// The bytes read so far, the cut file's included.
    pub fn bytes_read(&self) -> usize {
        self.files.values().map(Vec::len).sum::<usize>()
            + self.partial.as_ref().map_or(0, |(_, bytes)| bytes.len())
    }

    /// The files read whole so far.
    pub fn files(&self) -> impl Iterator<Item = LdsFile> + '_ {
        self.files.keys().copied()
    }

    /// The file cut short and how many of its bytes were read, if any.
    pub fn partial(&self) -> Option<(LdsFile, usize)> {
        self.partial
            .as_ref()
            .map(|(file, bytes)| (*file, bytes.len()))
    }

    /// How many times the read was resumed.
    pub fn resumed(&self) -> u32 {
        self.resumed
    }

    /// `file`'s bytes: from the state when it was read, else read now (going on from a
    /// cut read of it); a refusal is an error.
    fn fetch<T: Transport>(
        &mut self,
        card: &mut Card<T>,
        file: LdsFile,
        progress: &mut impl FnMut(Progress),
    ) -> Result<Vec<u8>> {
        if let Some(bytes) = self.files.get(&file) {
            return Ok(bytes.clone());
        }
        let mut data = match self.partial.take() {
            Some((cut, bytes)) if cut == file => bytes,
            other => {
                self.partial = other;
                Vec::new()
            }
        };
        let result = card.continue_file(file.sfi(), Some(file.fid()), &mut data, |read, total| {
            progress(Progress::File { file, read, total })
        });
        if let Err(e) = result {
            if !data.is_empty() {
                self.partial = Some((file, data));
            }
            return Err(e);
        }
        if let Some(tag) = file.tag()
            && data.first() != Some(&tag)
        {
            return Err(Error::malformed(
                file.name(),
                format!("does not start with tag {tag:02X}"),
            ));
        }
        self.files.insert(file, data.clone());
        Ok(data)
    }

    /// Reads `file` unless it is there; a refusal (6982, 6A82) is recorded in
    /// `skipped`, any other error is returned.
    fn read<T: Transport>(
        &mut self,
        card: &mut Card<T>,
        file: LdsFile,
        progress: &mut impl FnMut(Progress),
    ) -> Result<()> {
        if self.skipped.iter().any(|s| s.file == file) {
            return Ok(());
        }
        match self.fetch(card, file, progress) {
            Ok(_) => Ok(()),
            Err(Error::Status { sw, .. }) if is_refusal(sw) => {
                progress(Progress::Skipped(file));
                self.skipped.push(Skipped {
                    file,
                    reason: refusal_reason(file, sw),
                });
                Ok(())
            }
            Err(e) => Err(e),
        }
    }
}

/// As [`read_document_from`], with the state of an earlier read of the same card that
/// the card's loss cut short (see [`ReadState`]); a new state reads from the start. On
/// an error the state keeps everything read, for the next call.
pub fn read_document_resuming<T: Transport>(
    mut card: Card<T>,
    keys: &[AccessKey],
    options: &ReadOptions,
    state: &mut ReadState,
    mut progress: impl FnMut(Progress),
) -> Result<Document> {
    let start = Instant::now();
    let resuming = state.bytes_read() > 0;
    if resuming {
        state.resumed += 1;
    }
    let (opened, length) = open_card_probing(&mut card, keys, options, &mut progress)?;
    let Opened {
        mut access,
        mut notes,
        mut chip_authentication,
        extended_length: mut extended,
        card_access,
    } = opened;
    if access.protocol == Protocol::Pace {
        card.select_application(&EMRTD_AID)?;
    }
    if resuming {
        notes.push(format!(
            "resumed after the card was lost ({} bytes kept, nothing read twice)",
            state.bytes_read()
        ));
    }
    let com_bytes = match state.fetch(&mut card, LdsFile::Com, &mut progress) {
        // Nothing announced the length: the first read tried extended length. A card or
        // reader that refuses it gets short APDUs, after access control again when the
        // refusal ended secure messaging.
        Err(e) if length == LengthChoice::Probe && refuses_extended(&e) => {
            let reopened = reopen_short(&mut card, keys, options, &mut progress)?;
            notes.push(format!(
                "short APDUs: the card refused extended length ({e})"
            ));
            notes.extend(reopened.notes);
            (access, chip_authentication, extended) =
                (reopened.access, reopened.chip_authentication, false);
            if access.protocol == Protocol::Pace {
                card.select_application(&EMRTD_AID)?;
            }
            state.fetch(&mut card, LdsFile::Com, &mut progress)?
        }
        Err(e) => return Err(e),
        Ok(bytes) => {
            if length == LengthChoice::Probe {
                notes
                    .push("extended length: the card does not announce it, and answered it".into());
            }
            bytes
        }
    };
    let com = Com::parse(&com_bytes)?;
    let sod = state.fetch(&mut card, LdsFile::Sod, &mut progress)?;
    let parsed_sod = Sod::parse(&sod).ok();

    let mut ca = None;
    let dg14 = LdsFile::dg(14).filter(|f| com.data_groups.contains(f));
    if let Some(dg14) = dg14 {
        state.read(&mut card, dg14, &mut progress)?;
        if chip_authentication.is_none() {
            ca = run_chip_authentication(&mut card, &state.files, parsed_sod.as_ref());
        }
    }
    let ca = read_rest(&mut card, &com, state, ca, &mut progress)?;
    let chip_proven =
        chip_authentication.is_some() || matches!(ca, Some(ChipAuthenticationCheck::Passed { .. }));
    let active_authentication = match ca {
        Some(ChipAuthenticationCheck::Failed { .. }) => None,
        _ => run_active_authentication(
            &mut card,
            &state.files,
            parsed_sod.as_ref(),
            options.challenge,
            chip_proven,
            &mut notes,
        )?,
    };
    Ok(Document {
        access: Some(access),
        notes,
        chip_authentication,
        ca,
        active_authentication,
        com: Some(com),
        files: state.files.clone(),
        card_access,
        skipped: state.skipped.clone(),
        extended_length: extended,
        stats: card.stats(),
        elapsed: start.elapsed(),
    })
}

/// Whether the first extended-length read failed in a way a card or reader that does
/// not take extended length fails: `6700`, a secure-messaging failure (a plain `6700`
/// ends the session), or the reader refusing to send it.
fn refuses_extended(e: &Error) -> bool {
    match e {
        Error::Status { sw, .. } => *sw == StatusWord::WRONG_LENGTH,
        Error::SecureMessaging(_) | Error::Apdu(_) => true,
        Error::Transport(t) => matches!(t, TransportError::Other(_)),
        _ => false,
    }
}

/// Reads the files EF.COM lists that are not read yet. After a Chip Authentication
/// that passed its commands, the first answer under the new keys confirms it (a SELECT
/// of the eMRTD application when no file is left); an answer that does not verify marks
/// it failed, drops the channel and ends the reading.
fn read_rest<T: Transport>(
    card: &mut Card<T>,
    com: &Com,
    files: &mut ReadState,
    ca: Option<ChipAuthenticationCheck>,
    progress: &mut impl FnMut(Progress),
) -> Result<Option<ChipAuthenticationCheck>> {
    if matches!(ca, Some(ChipAuthenticationCheck::Failed { .. })) {
        return Ok(ca);
    }
    let mut pending = matches!(ca, Some(ChipAuthenticationCheck::Passed { .. }));
    for &file in &com.data_groups {
        if files.files.contains_key(&file) || files.skipped.iter().any(|s| s.file == file) {
            continue;
        }
        match files.read(card, file, progress) {
            Ok(()) => pending = false,
            Err(e) if pending && chip_refuted(&e) => {
                // The channel is dead: nothing more is sent on it.
                card.clear_secure_messaging();
                return Ok(Some(refuted(&e)));
            }
            Err(e) => return Err(e),
        }
    }
    if pending && let Err(e) = card.select_application(&EMRTD_AID) {
        if !chip_refuted(&e) {
            return Err(e);
        }
        card.clear_secure_messaging();
        return Ok(Some(refuted(&e)));
    }
    Ok(ca)
}

/// Whether `data_group` was read and matches its hash in EF.SOD: only then is its key
/// used (a full passive authentication follows in the verdict).
fn hash_matches(files: &BTreeMap<LdsFile, Vec<u8>>, sod: Option<&Sod>, number: u8) -> bool {
    let (Some(sod), Some(file)) = (sod, LdsFile::dg(number)) else {
        return false;
    };
    match (files.get(&file), sod.data_group_hash(number)) {
        (Some(bytes), Some(expected)) => bool::from(
            sod.hash_algorithm()
                .digest(bytes)
                .as_slice()
                .ct_eq(expected),
        ),
        _ => false,
    }
}

/// Chip Authentication v1 with DG14's key, when DG14 matches EF.SOD and has one.
fn run_chip_authentication<T: Transport>(
    card: &mut Card<T>,
    files: &BTreeMap<LdsFile, Vec<u8>>,
    sod: Option<&Sod>,
) -> Option<ChipAuthenticationCheck> {
    if !hash_matches(files, sod, 14) {
        return None;
    }
    let infos = SecurityInfos::parse_dg14(files.get(&LdsFile::dg(14)?)?).ok()?;
    infos.chip_authentication_public_keys().next()?;
    Some(
        match crate::chip_auth::authenticate(card, infos.infos(), &mut OsRandom) {
            Ok(outcome) => ChipAuthenticationCheck::Passed {
                key_id: outcome.key_id,
            },
            Err(e) => {
                // The old channel may be gone: nothing more is sent on it.
                card.clear_secure_messaging();
                ChipAuthenticationCheck::Failed {
                    reason: format!("the chip refused Chip Authentication ({e})"),
                }
            }
        },
    )
}

/// Whether the first answer under Chip Authentication's keys shows the chip does not
/// hold them: a MAC that does not verify, or the chip dropping secure messaging.
fn chip_refuted(e: &Error) -> bool {
    match e {
        Error::SecureMessaging(_) => true,
        Error::Status { sw, .. } => {
            *sw == StatusWord::SM_DATA_MISSING || *sw == StatusWord::SM_DATA_INCORRECT
        }
        _ => false,
    }
}

fn refuted(e: &Error) -> ChipAuthenticationCheck {
    ChipAuthenticationCheck::Failed {
        reason: format!(
            "the chip's answer under the Chip Authentication keys does not verify ({e}): it does not hold DG14's private key"
        ),
    }
}

/// Active Authentication with DG15's key, when DG15 matches EF.SOD: always with a
/// caller's challenge, else with a random one unless the chip is already proven.
fn run_active_authentication<T: Transport>(
    card: &mut Card<T>,
    files: &BTreeMap<LdsFile, Vec<u8>>,
    sod: Option<&Sod>,
    challenge: Option<[u8; 8]>,
    chip_proven: bool,
    notes: &mut Vec<String>,
) -> Result<Option<ActiveAuthenticationExchange>> {
    if !hash_matches(files, sod, 15) || (chip_proven && challenge.is_none()) {
        return Ok(None);
    }
    let challenge = match challenge {
        Some(c) => c,
        None => crate::active_auth::challenge(&mut OsRandom)?,
    };
    let response = match crate::active_auth::internal_authenticate(card, &challenge) {
        Ok(signature) => Some(signature),
        Err(Error::Transport(t)) => return Err(Error::Transport(t)),
        Err(e) => {
            notes.push(format!("Active Authentication: {e}"));
            None
        }
    };
    Ok(Some(ActiveAuthenticationExchange {
        challenge,
        response,
    }))
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
