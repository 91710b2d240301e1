//! Access control for a session: the APDU length mode, then PACE (with the CAN or
//! the MRZ, falling back to the other password and then BAC on failures other than a
//! refused password) or BAC.

use std::time::Duration;

use crate::card::{Card, LengthMode};
use crate::error::{Error, Result};
use crate::iso7816::{Command, StatusWord, Transport, TransportError, atr, ins};
use crate::keys::{AccessKey, PasswordKind};
use crate::lds::card_access::SecurityInfos;
use crate::lds::file::{EMRTD_AID, LdsFile};
use crate::lds::security_infos::PaceInfo;
use crate::pace::Mapping;
use crate::pace::cam::ChipAuthenticationData;

use super::card_security::{ChipAuthentication, authenticate_chip};
use super::options::{LengthPreference, ReadOptions};
use super::progress::Progress;
use super::protocol::{Access, Protocol};

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
    /// EF.CardAccess as read in plain (`None` when the card has none, or when it was
    /// not read again on this opening).
    pub card_access: Option<Vec<u8>>,
}

/// Chooses the APDU length mode and runs access control (PACE or BAC, in the
/// order `read_document_with` describes) on `card`, leaving secure
/// messaging established: after PACE the caller selects the application it
/// needs (the eMRTD application, or e.g. the eID application of
/// [`crate::eid`]); BAC runs inside the eMRTD application, which stays selected.
///
/// A card that stops answering during PACE ([`crate::iso7816::TransportError::Timeout`])
/// is reset ([`Transport::reset`]) and the next password, then BAC, is tried;
/// when the transport cannot reset it, the time-out is the error.
///
/// When neither the ATR nor EF.ATR/INFO tells whether the card takes extended-length
/// APDUs, the plain READ BINARY of EF.CardAccess tries them: a card that answers keeps
/// them, one that refuses (`6700`) gets short APDUs from then on. A card without
/// EF.CardAccess (BAC only) is left with short APDUs here;
/// [`read_document_from`](super::read_document_from) goes further and tries extended
/// length on its first read.
pub fn open_card<T: Transport>(
    card: &mut Card<T>,
    keys: &[AccessKey],
    options: &ReadOptions,
    progress: impl FnMut(Progress),
) -> Result<Opened> {
    let (opened, length) = open_card_probing(card, keys, options, progress)?;
    if length == LengthChoice::Probe {
        card.set_length_mode(LengthMode::Short);
    }
    Ok(Opened {
        extended_length: card.length_mode() == LengthMode::Extended,
        ..opened
    })
}

/// As [`open_card`], leaving the length undecided ([`LengthChoice::Probe`], with the
/// card in extended mode) when nothing told it yet: the caller's first read decides.
pub(super) fn open_card_probing<T: Transport>(
    card: &mut Card<T>,
    keys: &[AccessKey],
    options: &ReadOptions,
    progress: impl FnMut(Progress),
) -> Result<(Opened, LengthChoice)> {
    let mut length = choose_length(card, options.length)?;
    card.set_length_mode(match length {
        LengthChoice::Short => LengthMode::Short,
        LengthChoice::Extended | LengthChoice::Probe => LengthMode::Extended,
    });
    let opened = open_with(card, keys, options, &mut length, false, progress)?;
    Ok((opened, length))
}

/// Reopens a card whose first extended-length read failed, with short APDUs: the
/// card (or the reader) refused them, and secure messaging may be lost with them.
/// Only a card without EF.CardAccess gets here (with EF.CardAccess the length is
/// settled before access control), so it is not read again.
pub(super) fn reopen_short<T: Transport>(
    card: &mut Card<T>,
    keys: &[AccessKey],
    options: &ReadOptions,
    progress: impl FnMut(Progress),
) -> Result<Opened> {
    card.clear_secure_messaging();
    card.set_length_mode(LengthMode::Short);
    open_with(
        card,
        keys,
        options,
        &mut LengthChoice::Short,
        true,
        progress,
    )
}

/// Access control with `options`, the length as far as known, and whether
/// EF.CardAccess is known to be absent.
fn open_with<T: Transport>(
    card: &mut Card<T>,
    keys: &[AccessKey],
    options: &ReadOptions,
    length: &mut LengthChoice,
    skip_card_access: bool,
    mut progress: impl FnMut(Progress),
) -> Result<Opened> {
    let mut notes = Vec::new();
    let mut chip_authentication = None;
    let mut card_access = None;
    let access = open(
        card,
        keys,
        options.pace_timeout,
        options.require_pace,
        length,
        skip_card_access,
        &mut notes,
        &mut chip_authentication,
        &mut card_access,
        &mut progress,
    )?;
    Ok(Opened {
        access,
        notes,
        chip_authentication,
        extended_length: card.length_mode() == LengthMode::Extended,
        card_access,
    })
}

/// What is known of the card's APDU length before access control.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LengthChoice {
    /// Short APDUs (asked for, or announced).
    Short,
    /// Extended-length APDUs (asked for, or announced, or tried and answered).
    Extended,
    /// Nothing said: extended length is tried on the next READ BINARY.
    Probe,
}

/// Access control, as [`read_document_with`] describes; after BAC the eMRTD
/// application is selected, after PACE nothing is.
#[allow(clippy::too_many_arguments)]
fn open<T: Transport>(
    card: &mut Card<T>,
    keys: &[AccessKey],
    pace_timeout: Duration,
    require_pace: bool,
    length: &mut LengthChoice,
    skip_card_access: bool,
    notes: &mut Vec<String>,
    chip_authentication: &mut Option<ChipAuthentication>,
    card_access_read: &mut Option<Vec<u8>>,
    progress: &mut impl FnMut(Progress),
) -> Result<Access> {
    let can = keys.iter().find(|k| matches!(k, AccessKey::Can(_)));
    let mrz = keys.iter().find(|k| matches!(k, AccessKey::Mrz(_)));
    if mrz.is_none() && can.is_none() {
        return Err(Error::NoAccessKey);
    }
    let mut offered_pace = false;
    let mut pace_failure = None;
    let card_access = if skip_card_access {
        None
    } else {
        read_card_access(card, length, notes)?
    };
    if let Some(bytes) = card_access {
        let infos = SecurityInfos::parse_card_access(&bytes)
            .map_err(|e| Error::malformed("EF.CardAccess", e))?;
        *card_access_read = Some(bytes);
        let all: Vec<_> = infos.pace().cloned().collect();
        offered_pace = !all.is_empty();
        let chosen = all.iter().find_map(|info| {
            crate::pace::PaceParams::from_info(info).map(|p| (p, info.parameter_id))
        });
        match chosen {
            None if offered_pace => notes.push(
                "the card offers only PACE variants this version cannot run; using BAC".to_string(),
            ),
            None => {}
            Some((params, parameter_id)) => {
                // DO'84' only when EF.CardAccess lists several domains.
                let parameter_id = parameter_id
                    .filter(|_| all.len() > 1)
                    .and_then(|id| u8::try_from(id).ok());
                let attempt = PaceAttempt {
                    params: &params,
                    parameter_id,
                    timeout: pace_timeout,
                    card_access: &all,
                };
                for key in can.into_iter().chain(mrz) {
                    progress(Progress::AccessControl(Protocol::Pace));
                    match attempt.run(card, key, notes, chip_authentication)? {
                        Ok(access) => return Ok(access),
                        Err(failure) => pace_failure = Some(failure),
                    }
                }
            }
        }
    }
    if offered_pace && require_pace {
        return Err(Error::PaceRequired);
    }
    let Some(AccessKey::Mrz(mrz)) = mrz else {
        // No BAC without the MRZ: the PACE failure is the answer, when there was one.
        return Err(pace_failure.unwrap_or(Error::NoUsablePace));
    };
    progress(Progress::AccessControl(Protocol::Bac));
    card.select_application(&EMRTD_AID)?;
    crate::bac::authenticate(card, mrz)?;
    if offered_pace {
        notes.push("the card offers PACE but was opened with BAC (downgraded)".to_string());
    }
    Ok(Access {
        protocol: Protocol::Bac,
        password: PasswordKind::Mrz,
        downgraded: offered_pace,
    })
}

/// Reads EF.CardAccess in plain from the master file; `None` when the card has
/// none. A card left in a secure-messaging session by another program drops it on
/// this plain command (6987/6988): then the master file is selected and the file
/// read again, once.
///
/// While the length is being probed ([`LengthChoice::Probe`]) the read uses extended
/// length: an answer settles it, a `6700` makes it short and the file is read again.
fn read_card_access<T: Transport>(
    card: &mut Card<T>,
    length: &mut LengthChoice,
    notes: &mut Vec<String>,
) -> Result<Option<Vec<u8>>> {
    // Only "file not found" means the card has no EF.CardAccess: any other refusal is
    // an error, never a reason to skip PACE.
    let absent = |r: Result<Vec<u8>>| match r {
        Ok(bytes) => Ok(Some(bytes)),
        Err(Error::Status { sw, .. }) if sw == StatusWord::FILE_NOT_FOUND => Ok(None),
        Err(e) => Err(e),
    };
    let mut result = card.read_file(LdsFile::CardAccess.sfi(), |_, _| {});
    if let Err(Error::Status { sw, .. }) = result
        && (sw == StatusWord::SM_DATA_MISSING || sw == StatusWord::SM_DATA_INCORRECT)
    {
        card.transmit(&Command::new(0x00, ins::SELECT, 0x00, 0x0C))?;
        result = card.read_file(LdsFile::CardAccess.sfi(), |_, _| {});
    }
    if *length == LengthChoice::Probe {
        match &result {
            Ok(_) => {
                *length = LengthChoice::Extended;
                notes
                    .push("extended length: the card does not announce it, and answered it".into());
            }
            Err(Error::Status { sw, .. }) if *sw == StatusWord::WRONG_LENGTH => {
                *length = LengthChoice::Short;
                card.set_length_mode(LengthMode::Short);
                notes.push("short APDUs: the card refused extended length".into());
                result = card.read_file(LdsFile::CardAccess.sfi(), |_, _| {});
            }
            Err(_) => {}
        }
    }
    absent(result)
}

/// One PACE configuration chosen from EF.CardAccess, tried with each password in turn.
struct PaceAttempt<'a> {
    params: &'a crate::pace::PaceParams,
    parameter_id: Option<u8>,
    timeout: Duration,
    /// EF.CardAccess's PACEInfos, which EF.CardSecurity must repeat after PACE-CAM.
    card_access: &'a [PaceInfo],
}

impl PaceAttempt<'_> {
    /// Runs PACE with `key`. `Ok(Ok)` when the chip is open (after PACE-CAM, with
    /// its chip authentication checked); `Ok(Err(why))` when PACE failed for another
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
    ) -> Result<std::result::Result<Access, Error>> {
        let password = key.kind();
        match self.establish(card, key) {
            Ok(cam) => {
                if let Some(cam) = cam {
                    // EF.CardSecurity is in the master file: read it before any SELECT.
                    let done = authenticate_chip(card, &cam, self.card_access)?;
                    notes.push(format!(
                        "chip authentication (PACE-CAM) passed; EF.CardSecurity signed by {}",
                        done.signer
                    ));
                    *chip_authentication = Some(done);
                }
                Ok(Ok(Access {
                    protocol: Protocol::Pace,
                    password,
                    downgraded: false,
                }))
            }
            Err(Error::AccessDenied) => Err(Error::AccessDenied),
            // A chip that fails chip authentication is not retried.
            Err(e @ Error::ChipAuthentication(_)) => Err(e),
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
                Ok(Err(e))
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

/// Extended length when the ATR announces it; when the ATR says nothing,
/// EF.ATR/INFO (one plain READ BINARY) decides: DO'7F66' (extended length
/// information) or the card capabilities (DO'47', ISO/IEC 7816-4 §12.1.1.9). When
/// neither exists, the length is to be probed.
fn choose_length<T: Transport>(card: &mut Card<T>, pref: LengthPreference) -> Result<LengthChoice> {
    let choice = |extended| {
        if extended {
            LengthChoice::Extended
        } else {
            LengthChoice::Short
        }
    };
    match pref {
        LengthPreference::Short => return Ok(LengthChoice::Short),
        LengthPreference::Extended => return Ok(LengthChoice::Extended),
        LengthPreference::Auto => {}
    }
    if let Some(yes) = card
        .transport()
        .atr()
        .as_deref()
        .and_then(atr::supports_extended_length)
    {
        return Ok(choice(yes));
    }
    // EF.ATR/INFO (FID 2F01, SFI 01) in the master file.
    let cmd =
        crate::iso7816::Command::new(0x00, crate::iso7816::ins::READ_BINARY, 0x81, 0).with_le(256);
    let r = card.transmit(&cmd)?;
    if !r.sw.is_data_valid() {
        return Ok(LengthChoice::Probe);
    }
    let mut capabilities = None;
    for object in crate::tlv::iter(&r.data).map_while(|t| t.ok()) {
        match object.tag {
            0x7F66 => return Ok(LengthChoice::Extended),
            0x47 => capabilities = object.value.get(2).map(|third| third & 0x40 != 0),
            _ => {}
        }
    }
    Ok(capabilities.map_or(LengthChoice::Probe, choice))
}
