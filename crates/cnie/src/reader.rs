//! A high-level reading session: choose the length mode, run access
//! control, read EF.COM, EF.SOD and every data group EF.COM lists, each in as
//! few APDUs as the card allows and never twice.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::card::{Card, LengthMode, Stats};
use crate::error::{Error, Result};
use crate::iso7816::{Command, StatusWord, Transport, TransportError, atr, ins};
use crate::keys::AccessKey;
use crate::lds::card_access::{CardSecurity, SecurityInfos};
use crate::lds::com::Com;
use crate::lds::file::{EMRTD_AID, LdsFile};
use crate::pace::Mapping;
use crate::pace::cam::ChipAuthenticationData;

/// Which APDU length fields to use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LengthPreference {
    /// Extended length when the card announces it (ATR or EF.ATR/INFO).
    #[default]
    Auto,
    /// Short APDUs only.
    Short,
    /// Extended length, whatever the card announces.
    Extended,
}

/// Options of a reading session.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// APDU length fields.
    pub length: LengthPreference,
    /// How long to wait for each answer during PACE, when the transport can
    /// time out ([`Transport::set_answer_timeout`]) and this is shorter than its
    /// own timeout: some cards stall under PACE with the MRZ, and the reader
    /// then resets the card and goes on with the next password or BAC.
    pub pace_timeout: Duration,
}

/// The default [`ReadOptions::pace_timeout`]: PACE steps take well under a
/// second on a card, even on 512-bit curves.
pub const DEFAULT_PACE_TIMEOUT: Duration = Duration::from_secs(4);

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            length: LengthPreference::Auto,
            pace_timeout: DEFAULT_PACE_TIMEOUT,
        }
    }
}

/// The access-control protocol that opened the chip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Protocol {
    /// Basic Access Control.
    Bac,
    /// Password Authenticated Connection Establishment.
    Pace,
}

/// The password used for access control.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Password {
    /// MRZ information.
    Mrz,
    /// Card access number.
    Can,
}

impl Password {
    /// "MRZ" or "CAN", for messages.
    pub fn name(self) -> &'static str {
        match self {
            Password::Mrz => "MRZ",
            Password::Can => "CAN",
        }
    }
}

/// How the chip was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Access {
    /// The protocol.
    pub protocol: Protocol,
    /// The password.
    pub password: Password,
}

/// What a session reports while it works.
#[derive(Debug, Clone, Copy)]
pub enum Progress {
    /// Access control is starting.
    AccessControl(Protocol),
    /// Bytes of a file read so far, and the file's size.
    File {
        /// The file.
        file: LdsFile,
        /// Bytes read.
        read: usize,
        /// File size.
        total: usize,
    },
    /// A file was skipped (listed but not readable).
    Skipped(LdsFile),
}

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

/// The outcome of PACE with chip authentication mapping: the chip proved that it holds
/// the private key of the static public key in EF.CardSecurity (a failed check aborts the
/// read with [`Error::Protocol`], so a recorded outcome always passed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChipAuthentication {
    /// EF.CardSecurity as read (a CMS SignedData; its chain can be checked against a
    /// trust store with [`crate::pa`]).
    pub card_security: Vec<u8>,
    /// The subject of the certificate that signed EF.CardSecurity (its signature was
    /// verified with that certificate; its chain to a CSCA is checked by
    /// [`ChipAuthentication::check_chain`]).
    pub signer: String,
    /// That certificate (DER).
    pub signer_certificate: Vec<u8>,
    /// The keyId of the static key used, when EF.CardSecurity names one.
    pub key_id: Option<u32>,
}

impl ChipAuthentication {
    /// Checks the chain of EF.CardSecurity's signer to a trusted CSCA at `now`. Only
    /// with a valid chain does chip authentication show the chip is genuine: a cloned
    /// chip can carry an EF.CardSecurity with its own key, signed by anyone.
    pub fn check_chain(
        &self,
        trust: &crate::pa::TrustStore,
        now: std::time::SystemTime,
    ) -> crate::pa::chain::ChainOutcome {
        let now = crate::asn1::time::unix_seconds(now);
        match crate::pa::Certificate::from_der(&self.signer_certificate) {
            Ok(cert) => crate::pa::chain::validate(&cert, trust, now),
            Err(e) => crate::pa::chain::ChainOutcome {
                status: crate::pa::ChainCheck::Invalid,
                path: Vec::new(),
                anchor: None,
                reasons: vec![format!("EF.CardSecurity's signer certificate: {e}")],
            },
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

/// What access control established on a card.
#[derive(Debug, Clone)]
pub struct Opened {
    /// How the chip was opened.
    pub access: Access,
    /// What happened on the way (e.g. why PACE gave way to BAC).
    pub notes: Vec<String>,
    /// The chip authentication that PACE-CAM performed, when it ran.
    pub chip_authentication: Option<ChipAuthentication>,
    /// Whether extended-length APDUs are in use.
    pub extended_length: bool,
}

/// Chooses the APDU length mode and runs access control (PACE or BAC, in the
/// order [`read_document_with`] describes) on `card`, leaving secure
/// messaging established: after PACE the caller selects the application it
/// needs (the eMRTD application, or e.g. the eID application of
/// [`crate::eid`]); BAC runs inside the eMRTD application, which stays selected.
///
/// A card that stops answering during PACE ([`crate::iso7816::TransportError::Timeout`])
/// is reset ([`Transport::reset`]) and the next password, then BAC, is tried;
/// when the transport cannot reset it, the time-out is the error.
pub fn open_card<T: Transport>(
    card: &mut Card<T>,
    keys: &[AccessKey],
    options: &ReadOptions,
    mut progress: impl FnMut(Progress),
) -> Result<Opened> {
    let extended = choose_length(card, options.length)?;
    card.set_length_mode(if extended {
        LengthMode::Extended
    } else {
        LengthMode::Short
    });
    let mut notes = Vec::new();
    let mut chip_authentication = None;
    let access = open(
        card,
        keys,
        options.pace_timeout,
        &mut notes,
        &mut chip_authentication,
        &mut progress,
    )?;
    Ok(Opened {
        access,
        notes,
        chip_authentication,
        extended_length: extended,
    })
}

/// Access control, as [`read_document_with`] describes; after BAC the eMRTD
/// application is selected, after PACE nothing is.
fn open<T: Transport>(
    card: &mut Card<T>,
    keys: &[AccessKey],
    pace_timeout: Duration,
    notes: &mut Vec<String>,
    chip_authentication: &mut Option<ChipAuthentication>,
    progress: &mut impl FnMut(Progress),
) -> Result<Access> {
    let can = keys.iter().find(|k| matches!(k, AccessKey::Can(_)));
    let mrz = keys.iter().find(|k| matches!(k, AccessKey::Mrz(_)));
    if mrz.is_none() && can.is_none() {
        return Err(Error::Unsupported("no access key given"));
    }
    if let Some(bytes) = read_card_access(card)? {
        let infos = SecurityInfos::parse_card_access(&bytes)
            .map_err(|e| Error::malformed("EF.CardAccess", e))?;
        let all: Vec<_> = infos.pace().collect();
        let chosen = all
            .iter()
            .find_map(|info| crate::pace::run::params_for(info).map(|p| (p, info.parameter_id)));
        match chosen {
            None => notes.push(
                "the card offers only PACE variants this version cannot run; using BAC".to_string(),
            ),
            Some((params, parameter_id)) => {
                // DO'84' only when EF.CardAccess lists several domains.
                let parameter_id = parameter_id
                    .filter(|_| all.len() > 1)
                    .and_then(|id| u8::try_from(id).ok());
                let attempt = PaceAttempt {
                    params: &params,
                    parameter_id,
                    timeout: pace_timeout,
                };
                for key in can.into_iter().chain(mrz) {
                    progress(Progress::AccessControl(Protocol::Pace));
                    if let Some(access) = attempt.run(card, key, notes, chip_authentication)? {
                        return Ok(access);
                    }
                }
            }
        }
    }
    let Some(AccessKey::Mrz(mrz)) = mrz else {
        return Err(Error::Unsupported(
            "this card cannot be opened with the CAN (no usable PACE): give the MRZ data instead",
        ));
    };
    progress(Progress::AccessControl(Protocol::Bac));
    card.select_application(&EMRTD_AID)?;
    crate::bac::authenticate(card, mrz)?;
    Ok(Access {
        protocol: Protocol::Bac,
        password: Password::Mrz,
    })
}

/// Reads EF.CardAccess in plain from the master file; `None` when the card has
/// none. A card left in a secure-messaging session by another program drops it on
/// this plain command (6987/6988): then the master file is selected and the file
/// read again, once.
fn read_card_access<T: Transport>(card: &mut Card<T>) -> Result<Option<Vec<u8>>> {
    let absent = |r: Result<Vec<u8>>| match r {
        Ok(bytes) => Ok(Some(bytes)),
        Err(Error::Status { .. }) => Ok(None),
        Err(e) => Err(e),
    };
    match card.read_file(LdsFile::CardAccess.sfi(), |_, _| {}) {
        Err(Error::Status { sw, .. })
            if sw == StatusWord::SM_DATA_MISSING || sw == StatusWord::SM_DATA_INCORRECT =>
        {
            card.transmit(&Command::new(0x00, ins::SELECT, 0x00, 0x0C))?;
            absent(card.read_file(LdsFile::CardAccess.sfi(), |_, _| {}))
        }
        other => absent(other),
    }
}

/// One PACE configuration chosen from EF.CardAccess, tried with each password in turn.
struct PaceAttempt<'a> {
    params: &'a crate::pace::PaceParams,
    parameter_id: Option<u8>,
    timeout: Duration,
}

impl PaceAttempt<'_> {
    /// Runs PACE with `key`. `Ok(Some)` when the chip is open (after PACE-CAM, with
    /// its chip authentication checked); `Ok(None)` when PACE failed for another
    /// reason than the password and the card was reset (or needs no reset), so the
    /// next password or BAC may go on; an error ends access control: a refused
    /// password (never retried), a failed chip authentication, a removed card, or a
    /// card that stopped answering and cannot be reset.
    fn run<T: Transport>(
        &self,
        card: &mut Card<T>,
        key: &AccessKey,
        notes: &mut Vec<String>,
        chip_authentication: &mut Option<ChipAuthentication>,
    ) -> Result<Option<Access>> {
        let password = match key {
            AccessKey::Mrz(_) => Password::Mrz,
            AccessKey::Can(_) => Password::Can,
        };
        match self.establish(card, key) {
            Ok(cam) => {
                if let Some(cam) = cam {
                    // EF.CardSecurity is in the master file: read it before any SELECT.
                    let done = authenticate_chip(card, &cam)?;
                    notes.push(format!(
                        "chip authentication (PACE-CAM) passed; EF.CardSecurity signed by {}",
                        done.signer
                    ));
                    *chip_authentication = Some(done);
                }
                Ok(Some(Access {
                    protocol: Protocol::Pace,
                    password,
                }))
            }
            Err(Error::AccessDenied) => Err(Error::AccessDenied),
            // A chip that fails chip authentication is not retried.
            Err(e @ Error::Protocol("chip authentication failed")) => Err(e),
            Err(Error::Transport(t @ (TransportError::CardRemoved | TransportError::NoCard))) => {
                Err(Error::Transport(t))
            }
            Err(e) => {
                // Some cards stall under PACE with the MRZ, or answer an error: reset the
                // card, then go on with the next password or BAC.
                card.clear_secure_messaging();
                let silent = matches!(
                    e,
                    Error::Transport(TransportError::Timeout | TransportError::Unresponsive)
                );
                let reset = match card.transport_mut().reset() {
                    Ok(()) => "; the card was reset",
                    Err(_) if silent => return Err(e),
                    Err(_) => "",
                };
                notes.push(if silent {
                    format!(
                        "the card stopped answering during PACE with the {}{reset}",
                        password.name()
                    )
                } else {
                    format!("PACE with the {} failed ({e}){reset}", password.name())
                });
                Ok(None)
            }
        }
    }

    /// PACE itself, with the answer timeout shortened to `self.timeout` for its
    /// duration (when the transport has one and it is longer); the chip
    /// authentication data when the mapping is CAM.
    fn establish<T: Transport>(
        &self,
        card: &mut Card<T>,
        key: &AccessKey,
    ) -> Result<Option<ChipAuthenticationData>> {
        let previous = card.transport_mut().set_answer_timeout(self.timeout);
        if let Some(previous) = previous
            && previous < self.timeout
        {
            card.transport_mut().set_answer_timeout(previous);
        }
        let secret = crate::keys::pace_password(key);
        let reference = key.kind().pace_reference();
        let outcome = if self.params.mapping() == Mapping::ChipAuthentication {
            crate::pace::run::establish_cam(
                card,
                &secret,
                reference,
                self.params.clone(),
                self.parameter_id,
            )
            .map(Some)
        } else {
            crate::pace::run::establish(
                card,
                &secret,
                reference,
                self.params.clone(),
                self.parameter_id,
            )
            .map(|()| None)
        };
        if let Some(previous) = previous {
            card.transport_mut().set_answer_timeout(previous);
        }
        outcome
    }
}

/// After PACE-CAM: reads EF.CardSecurity (SFI 1D, master file) under the new secure
/// messaging, verifies its CMS signature with the certificate inside, and checks the chip
/// authentication data against its static key(s). Any failure is
/// `Error::Protocol("chip authentication failed")`.
fn authenticate_chip<T: Transport>(
    card: &mut Card<T>,
    cam: &ChipAuthenticationData,
) -> Result<ChipAuthentication> {
    const FAILED: Error = Error::Protocol("chip authentication failed");
    let bytes = card
        .read_file(LdsFile::CardSecurity.sfi(), |_, _| {})
        .map_err(|_| FAILED)?;
    let parsed = CardSecurity::parse(&bytes).map_err(|_| FAILED)?;
    let signed_data = parsed.signed_data();
    let mut signer = None;
    for info in &signed_data.signer_infos {
        let cert =
            crate::pa::signer::find_signer_certificate(signed_data, info).map_err(|_| FAILED)?;
        crate::pa::signer::verify_signer_info(signed_data, info, &cert).map_err(|_| FAILED)?;
        signer.get_or_insert(cert);
    }
    let signer_certificate = signer.ok_or(FAILED)?;
    let signer = signer_certificate.subject().to_string();
    let signer_certificate = signer_certificate.der().to_vec();
    for key in parsed.infos().chip_authentication_public_keys() {
        let Ok(point) = crate::pace::cam::public_key_point(&key.public_key) else {
            continue;
        };
        if cam.verify(point).is_ok() {
            return Ok(ChipAuthentication {
                card_security: bytes,
                signer,
                signer_certificate,
                key_id: key.key_id,
            });
        }
    }
    Err(FAILED)
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

fn read<T: Transport>(
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

/// Extended length when the ATR announces it; when the ATR says nothing,
/// EF.ATR/INFO (one plain READ BINARY) decides.
fn choose_length<T: Transport>(card: &mut Card<T>, pref: LengthPreference) -> Result<bool> {
    match pref {
        LengthPreference::Short => return Ok(false),
        LengthPreference::Extended => return Ok(true),
        LengthPreference::Auto => {}
    }
    if let Some(yes) = card
        .transport()
        .atr()
        .as_deref()
        .and_then(atr::supports_extended_length)
    {
        return Ok(yes);
    }
    // EF.ATR/INFO (FID 2F01, SFI 01) in the master file: DO'7F66' holds the
    // extended length information.
    let cmd =
        crate::iso7816::Command::new(0x00, crate::iso7816::ins::READ_BINARY, 0x81, 0).with_le(256);
    let r = card.transmit(&cmd)?;
    if !r.sw.is_data_valid() {
        return Ok(false);
    }
    Ok(crate::tlv::iter(&r.data)
        .filter_map(|t| t.ok())
        .any(|t| t.tag == 0x7F66))
}
