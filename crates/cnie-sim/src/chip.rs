//! The chip: a card state machine that answers command APDUs.
//!
//! After power-on (or reset) the master file is selected and there is no
//! session. The chip offers:
//!
//! - SELECT (`A4`): the eMRTD application by AID (`P1=04`, `P2=0C` or `00`),
//!   an EF of the current DF by FID (`P1=02`), the MF (`P1=00`, `3F00` or
//!   no data);
//! - READ BINARY (`B0`) with a short file identifier (P1 bit 8) or a 15-bit
//!   offset in the current EF, and READ BINARY (`B1`) with an offset in DO'54'
//!   answered in DO'53' (see [`crate::read`] for the end-of-file rules);
//! - GET CHALLENGE (`84`) and EXTERNAL AUTHENTICATE (`82`): BAC. A wrong key
//!   gets `6300` and no session. Without BAC (`protocols.bac = false`)
//!   EXTERNAL AUTHENTICATE gets `6985`.
//! - the eID application (SELECT by AID `A000000063504B43532D3135` when the
//!   card folder has the eID files): VERIFY (`20`), CHANGE REFERENCE DATA
//!   (`24`), RESET RETRY COUNTER (`2C`), MSE:SET (`22 41`), PSO:CDS (`2A`) and
//!   INTERNAL AUTHENTICATE (`88`), under PACE only (see [`crate::eid`]); EF.DIR
//!   (2F00) in the MF lists it. Without the eID files these instructions get
//!   `6D00` (MSE `6A86`) and the AID `6A82`;
//! - MSE:Set AT (`22`, `C1 A4`) and GENERAL AUTHENTICATE (`86`, chained with
//!   CLA `10`): PACE, in plain only (see [`crate::pace`]). Without PACE there
//!   is no EF.CardAccess and MSE:Set AT gets `6A80`. CLA `10` on any other
//!   instruction gets `6884`.
//!
//! - in the eMRTD application under secure messaging, when the card has the keys:
//!   INTERNAL AUTHENTICATE (`88`): Active Authentication ([`crate::aa`]);
//!   MSE:Set KAT (`22 41 A6`) or MSE:Set AT (`22 41 A4`) and GENERAL AUTHENTICATE:
//!   Chip Authentication v1 ([`crate::ca`]), answered under the old keys, after which
//!   secure messaging restarts on the new ones.
//!
//! Once a session is open every command must be protected (`CLA 0C`): a
//! plain command or a bad MAC gets `6988`, missing secure-messaging data
//! objects `6987`, and the session and its access rights are dropped.
//! eMRTD files need access control (`6982` before); DG3 and DG4 are never
//! readable (they need Terminal Authentication). Unknown instructions get
//! `6D00`, other classes `6E00`, extended-length APDUs `6700` when extended
//! length is off. No APDU makes the chip panic.

use cnie::iso7816::{Command, Response, StatusWord, ins};
use cnie::keys::PasswordKind;
use cnie::sm::SmError;
use cnie::tlv;
use zeroize::{Zeroize, Zeroizing};

use crate::aa::{self, AaKey};
use crate::access::{BacKey, KeyError, Protocol, Session};
use crate::atr::{self, MAX_COMMAND_APDU};
use crate::ca::CaKey;
use crate::eid::{self, EidApplication, EidSecurity};
use crate::fault::{self, Fault, LinkEvent, LinkFaults, PaceStep};
use crate::folder::CardImage;
use crate::fs::{ATR_INFO_FID, Access, Df, EMRTD_AID, Ef, EfId, FileName, FileSystem, MF_FID};
use crate::pace::{GaStep, PaceRun, PaceService};
use crate::pace_options::PaceMapping;
use crate::timing::{Timing, Work};
use crate::{card_access, card_security, read};

/// A source of random bytes (the chip's challenges and key material).
pub type Rng = Box<dyn FnMut(&mut [u8]) -> Result<(), ()> + Send>;

/// A sink for one-line APDU summaries (no data, no key material).
pub type Logger = Box<dyn FnMut(&str) + Send>;

/// Why a chip could not be built from a card.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ChipError {
    /// The card's settings are not usable.
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    /// The MRZ data does not make a key.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// The eID application's PIN, PUK, keys or certificates are not usable.
    #[error(transparent)]
    Eid(#[from] eid::EidError),
    /// The Active or Chip Authentication key is not usable (or its settings are missing).
    #[error("{0}")]
    ChipKey(String),
}

/// What the chip does with one command APDU (after link faults).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exchange {
    /// The response APDU.
    Response(Vec<u8>),
    /// The card has been removed: no answer, and the link drops.
    Removed,
    /// The card stays silent.
    Mute,
}

/// The session state cleared by power-on and reset.
#[derive(Debug)]
struct State {
    df: Df,
    ef: Option<EfId>,
    challenge: Option<[u8; 8]>,
    session: Option<Session>,
    pace: Option<PaceRun>,
    /// The `pace-stall` fault fired: silent until reset.
    stalled: bool,
    /// The eID application's verified PIN and chosen keys.
    eid: EidSecurity,
    /// MSE:Set AT chose Chip Authentication: the next GENERAL AUTHENTICATE is its.
    ca_selected: bool,
    /// Chip Authentication's session, installed once its answer is sent under the old one.
    next_session: Option<Session>,
}

impl Default for State {
    fn default() -> Self {
        State {
            df: Df::Master,
            ef: None,
            challenge: None,
            session: None,
            pace: None,
            stalled: false,
            eid: EidSecurity::default(),
            ca_selected: false,
            next_session: None,
        }
    }
}

/// The simulated chip.
pub struct Chip {
    fs: FileSystem,
    atr: Vec<u8>,
    extended: bool,
    max_response: usize,
    bac: Option<BacKey>,
    pace: Option<PaceService>,
    pace_stall: bool,
    wrong_counter: bool,
    pace_6300: Option<PaceStep>,
    eid: Option<EidApplication>,
    aa: Option<AaKey>,
    ca: Option<CaKey>,
    state: State,
    rng: Rng,
    link: LinkFaults,
    logger: Option<Logger>,
    wire_logger: Option<Logger>,
    timing: Option<Timing>,
    /// The chip's work for the command being answered (for the timing model).
    work: Work,
    /// The modelled time of every exchange so far, µs.
    modelled_us: f64,
}

impl std::fmt::Debug for Chip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Chip")
            .field("fs", &self.fs)
            .field("extended", &self.extended)
            .field("max_response", &self.max_response)
            .field("state", &self.state)
            .finish_non_exhaustive()
    }
}

fn os_random(buf: &mut [u8]) -> Result<(), ()> {
    getrandom::fill(buf).map_err(drop)
}

/// `6884`: command chaining is not supported (for this instruction).
const CHAINING_NOT_SUPPORTED: StatusWord = StatusWord::new(0x68, 0x84);

/// A response that is only a status word.
fn sw(status: StatusWord) -> Response {
    Response::status(status)
}

impl Chip {
    /// A chip holding `card`'s files, powered on.
    pub fn new(card: &CardImage) -> Result<Chip, ChipError> {
        Chip::with_faults(card, &[])
    }

    /// A chip holding `card`'s files, with injected faults, powered on.
    pub fn with_faults(card: &CardImage, faults: &[Fault]) -> Result<Chip, ChipError> {
        let config = &card.config;
        config.validate()?;
        let bac = if config.protocols.bac {
            Some(BacKey::new(&config.access.mrz_fields()?)?)
        } else {
            None
        };
        let extended = config.transport.extended_length;
        let max_response = config.transport.max_response;
        let mut fs = FileSystem::new();
        for (name, data) in &card.files {
            let mut data = data.clone();
            fault::corrupt_file(*name, &mut data, faults);
            fs.add_lds(*name, data);
        }
        let pace = if config.protocols.pace {
            Some(PaceService::new(&config.pace, &config.access)?)
        } else {
            None
        };
        match &pace {
            // A folder's own EF.CardAccess (e.g. a dump) is served as it is.
            Some(service) if fs.by_fid(Df::Master, FileName::CardAccess.fid()).is_none() => {
                let mut data = card_access::encode(service.settings());
                fault::corrupt_file(FileName::CardAccess, &mut data, faults);
                fs.add_lds(FileName::CardAccess, data);
            }
            Some(_) => {}
            None => fs.remove(Df::Master, FileName::CardAccess.fid()),
        }
        // PACE-CAM: EF.CardSecurity with the static key, unless the folder has its own.
        if let Some(service) = &pace
            && service.settings().mapping == PaceMapping::Cam
            && fs
                .by_fid(Df::Master, FileName::CardSecurity.fid())
                .is_none()
        {
            let mut data = card_security::ef_card_security(service.settings())
                .map_err(|e| KeyError::new(e.to_string()))?;
            fault::corrupt_file(FileName::CardSecurity, &mut data, faults);
            fs.add_lds(FileName::CardSecurity, data);
        }
        let response_apdu = if extended { max_response + 64 } else { 258 };
        if config.transport.announce_length {
            fs.add(Ef {
                df: Df::Master,
                fid: ATR_INFO_FID,
                sfi: Some(0x01),
                access: Access::Always,
                label: "EF.ATR/INFO".into(),
                data: atr::atr_info(extended, response_apdu),
            });
        }
        let eid = match &card.eid {
            Some(material) => {
                let app = EidApplication::new(config, material)?;
                for ef in app.files() {
                    fs.add(ef);
                }
                // EF.DIR lists both applications, unless the folder has its own.
                if fs.by_fid(Df::Master, FileName::Dir.fid()).is_none() {
                    let mut data = eid::dir::ef_dir();
                    fault::corrupt_file(FileName::Dir, &mut data, faults);
                    fs.add_lds(FileName::Dir, data);
                }
                Some(app)
            }
            None => None,
        };
        let aa = match (&card.keys.aa, &config.active_authentication) {
            (Some(pem), settings) => Some(
                AaKey::from_pem(pem, settings.unwrap_or_default().hash)
                    .map_err(|e| ChipError::ChipKey(e.to_string()))?,
            ),
            (None, Some(_)) => {
                return Err(ChipError::ChipKey(
                    "[active_authentication] needs the key file aa.key.pem".into(),
                ));
            }
            (None, None) => None,
        };
        let ca = match (&card.keys.ca, &config.chip_authentication) {
            (Some(scalar), Some(settings)) => {
                Some(CaKey::new(settings, scalar).map_err(|e| ChipError::ChipKey(e.to_string()))?)
            }
            (None, None) => None,
            _ => {
                return Err(ChipError::ChipKey(
                    "[chip_authentication] and the key file ca.key.hex come together".into(),
                ));
            }
        };
        Ok(Chip {
            fs,
            atr: atr::atr(extended, config.transport.announce_length),
            extended,
            max_response,
            bac,
            pace,
            pace_stall: faults.contains(&Fault::PaceStall),
            wrong_counter: faults.contains(&Fault::WrongCounter),
            pace_6300: faults.iter().find_map(|f| match f {
                Fault::Pace6300(step) => Some(*step),
                _ => None,
            }),
            eid,
            aa,
            ca,
            state: State::default(),
            rng: Box::new(os_random),
            link: LinkFaults::new(faults),
            logger: None,
            wire_logger: None,
            timing: config.timing,
            work: Work::Plain,
            modelled_us: 0.0,
        })
    }

    /// Replaces the random source (tests that replay worked examples).
    pub fn set_rng(&mut self, rng: Rng) {
        self.rng = rng;
    }

    /// Installs a logger that gets one line per APDU.
    pub fn set_logger(&mut self, logger: Logger) {
        self.logger = Some(logger);
    }

    /// Installs a logger that gets every command APDU as received, in hex (what a
    /// relay or a bus probe would see: tests check that no secret travels in plain).
    pub fn set_wire_logger(&mut self, logger: Logger) {
        self.wire_logger = Some(logger);
    }

    /// Sets the read-time model (or none).
    pub fn set_timing(&mut self, timing: Option<Timing>) {
        self.timing = timing;
    }

    /// The modelled time of every exchange so far (zero without a timing model).
    pub fn modelled_time(&self) -> std::time::Duration {
        std::time::Duration::from_secs_f64(self.modelled_us / 1e6)
    }

    /// The answer to reset.
    pub fn atr(&self) -> &[u8] {
        &self.atr
    }

    /// Powers the chip on: the MF is selected and there is no session.
    pub fn power_on(&mut self) -> &[u8] {
        self.state = State::default();
        &self.atr
    }

    /// Powers the chip off: every session state is lost.
    pub fn power_off(&mut self) {
        self.state = State::default();
    }

    /// The card is put back on the reader after a `remove-after` fault: powered off
    /// (every session lost), the fault spent.
    pub fn reinsert(&mut self) {
        self.power_off();
        self.link.reinsert();
    }

    /// Warm reset: as power-on.
    pub fn reset(&mut self) -> &[u8] {
        self.power_on()
    }

    /// Whether the `pace-stall` fault has silenced the chip (until a reset).
    pub fn is_stalled(&self) -> bool {
        self.state.stalled
    }

    /// Whether a secure-messaging session (and its access rights) is open.
    pub fn is_secure(&self) -> bool {
        self.state.session.is_some()
    }

    /// Handles one command APDU from the link, applying the link faults
    /// (removal, muteness).
    pub fn exchange(&mut self, apdu: &[u8]) -> Exchange {
        if let Some(log) = self.wire_logger.as_mut() {
            log(&hex::encode_upper(apdu));
        }
        match self.link.on_apdu() {
            LinkEvent::Removed => {
                self.power_off();
                Exchange::Removed
            }
            LinkEvent::Mute => Exchange::Mute,
            LinkEvent::Answer | LinkEvent::DropSession if self.state.stalled => Exchange::Mute,
            LinkEvent::Plain(status) => Exchange::Response(status.to_be_bytes().to_vec()),
            LinkEvent::DropSession => {
                self.state.session = None;
                Exchange::Response(self.timed(apdu))
            }
            LinkEvent::Answer => Exchange::Response(self.timed(apdu)),
        }
    }

    /// [`Self::process`], adding the exchange's cost to the modelled time.
    fn timed(&mut self, apdu: &[u8]) -> Vec<u8> {
        self.work = Work::Plain;
        let response = self.process(apdu);
        if let Some(timing) = self.timing {
            let secure = apdu.first().is_some_and(|cla| cla & 0x0C == 0x0C);
            self.modelled_us += timing.exchange_us(apdu.len(), response.len(), secure, self.work);
        }
        response
    }

    /// Answers one command APDU (raw bytes in, raw bytes out).
    pub fn process(&mut self, apdu: &[u8]) -> Vec<u8> {
        let (response, summary) = self.process_apdu(apdu);
        if let Some(log) = self.logger.as_mut() {
            let out = hex::encode_upper(response.sw.to_bytes());
            log(&format!(
                "{summary} -> {out} ({} bytes)",
                response.data.len()
            ));
        }
        response.to_bytes()
    }

    /// An error answered in plain: it ends any session.
    fn plain_error(&mut self, status: StatusWord) -> Response {
        self.state.session = None;
        sw(status)
    }

    fn process_apdu(&mut self, raw: &[u8]) -> (Response, String) {
        if raw.len() > MAX_COMMAND_APDU {
            return (
                self.plain_error(StatusWord::WRONG_LENGTH),
                "oversized APDU".into(),
            );
        }
        let Ok(command) = Command::parse(raw) else {
            return (
                self.plain_error(StatusWord::WRONG_LENGTH),
                "malformed APDU".into(),
            );
        };
        let mut summary = summarize(&command);
        if command.force_extended && !self.extended {
            return (self.plain_error(StatusWord::WRONG_LENGTH), summary);
        }
        let secure_class = match command.cla {
            0x00 => false,
            0x10 if command.ins == ins::GENERAL_AUTHENTICATE => false,
            0x10 => return (self.plain_error(CHAINING_NOT_SUPPORTED), summary),
            0x0C => true,
            _ => return (self.plain_error(StatusWord::CLA_NOT_SUPPORTED), summary),
        };
        let Some(session) = self.state.session.as_mut() else {
            // No session: nothing verified in the eID application survives it.
            self.state.eid = EidSecurity::default();
            self.state.ca_selected = false;
            if secure_class {
                return (sw(StatusWord::SM_DATA_INCORRECT), summary);
            }
            let response = self.dispatch(&command, usize::MAX);
            return (response, summary);
        };
        if !secure_class {
            return (self.plain_error(StatusWord::SM_DATA_INCORRECT), summary);
        }
        let mut inner = match session.unprotect(&command) {
            Ok(inner) => inner,
            Err(e) => {
                let status = match e {
                    SmError::Malformed(_) => StatusWord::SM_DATA_MISSING,
                    _ => StatusWord::SM_DATA_INCORRECT,
                };
                return (self.plain_error(status), summary);
            }
        };
        summary = format!("SM[{}]", summarize(&inner));
        let outer_ne = command
            .le
            .unwrap_or(if command.force_extended { 65536 } else { 256 });
        let room = session.max_plaintext(outer_ne);
        let response = self.dispatch(&inner, room);
        // The plaintext may hold a PIN or PUK (VERIFY, CHANGE, RESET RETRY COUNTER).
        inner.data.zeroize();
        let corrupt = self.link.on_protected_response();
        let Some(session) = self.state.session.as_mut() else {
            // The command itself ended the session (a new access control run).
            return (response, summary);
        };
        let protected = session.protect(&response);
        // Chip Authentication: its answer went under the old keys; the new ones start now.
        let next = self.state.next_session.take();
        match protected {
            Ok(mut protected) => {
                if corrupt && let Some(last) = protected.data.last_mut() {
                    // The MAC is the last data object: flip its last byte.
                    *last ^= 0x01;
                }
                if let Some(next) = next {
                    self.state.session = Some(next);
                }
                (protected, summary)
            }
            Err(_) => (self.plain_error(StatusWord::UNKNOWN), summary),
        }
    }

    /// Runs a plain (or unwrapped) command. `room` bounds the response data
    /// (what fits the protected response).
    fn dispatch(&mut self, command: &Command, room: usize) -> Response {
        if self.wrong_counter && command.ins == ins::VERIFY && command.data.is_empty() {
            // The `wrong-counter` fault: a counter query that tells no count.
            return sw(StatusWord::VERIFICATION_FAILED);
        }
        let in_emrtd = self.state.df == Df::Emrtd;
        let response = self.dispatch_command(command, room, in_emrtd);
        if matches!(command.ins, ins::READ_BINARY | ins::READ_BINARY_ODD) {
            self.work = Work::Read(response.data.len());
        }
        response
    }

    fn dispatch_command(&mut self, command: &Command, room: usize, in_emrtd: bool) -> Response {
        match command.ins {
            ins::INTERNAL_AUTHENTICATE if in_emrtd && self.aa.is_some() => {
                self.active_authentication(command, room)
            }
            ins::MSE if in_emrtd && self.ca.is_some() && command.p1 == 0x41 => self.ca_mse(command),
            ins::GENERAL_AUTHENTICATE if self.state.ca_selected && self.state.session.is_some() => {
                self.ca_general_authenticate(command)
            }
            _ if self.eid.is_some() && EidApplication::handles(command) => {
                self.eid_command(command, room)
            }
            ins::SELECT => self.select(command),
            ins::READ_BINARY => self.read_binary(command, room),
            ins::READ_BINARY_ODD => self.read_binary_odd(command, room),
            ins::GET_CHALLENGE => self.get_challenge(command),
            ins::EXTERNAL_AUTHENTICATE => self.external_authenticate(command),
            ins::MSE => self.mse(command),
            ins::GENERAL_AUTHENTICATE => self.general_authenticate(command),
            _ => sw(StatusWord::INS_NOT_SUPPORTED),
        }
    }

    fn select(&mut self, command: &Command) -> Response {
        match command.p1 {
            0x04 => {
                if !matches!(command.p2, 0x0C | 0x00) {
                    return sw(StatusWord::INCORRECT_P1P2);
                }
                let df = if command.data == EMRTD_AID {
                    Df::Emrtd
                } else if command.data == eid::EID_AID && self.eid.is_some() {
                    Df::Eid
                } else {
                    return sw(StatusWord::FILE_NOT_FOUND);
                };
                if df != self.state.df {
                    // Leaving the eID DF ends its security state.
                    self.state.eid = EidSecurity::default();
                }
                self.state.df = df;
                self.state.ef = None;
                if command.p2 == 0x00 && command.le.is_some() {
                    // FCI: the DF name.
                    return Response::new(
                        tlv::encode(0x6F, &tlv::encode(0x84, &command.data)),
                        StatusWord::SUCCESS,
                    );
                }
                sw(StatusWord::SUCCESS)
            }
            0x00 if command.data.is_empty() || command.data == MF_FID.to_be_bytes() => {
                if !matches!(command.p2, 0x0C | 0x00) {
                    return sw(StatusWord::INCORRECT_P1P2);
                }
                self.state.df = Df::Master;
                self.state.ef = None;
                self.state.eid = EidSecurity::default();
                sw(StatusWord::SUCCESS)
            }
            0x00 | 0x02 => {
                let Ok(fid) = <[u8; 2]>::try_from(command.data.as_slice()) else {
                    return sw(StatusWord::WRONG_LENGTH);
                };
                if !matches!(command.p2, 0x0C | 0x00 | 0x04) {
                    return sw(StatusWord::INCORRECT_P1P2);
                }
                let Some(id) = self.fs.by_fid(self.state.df, u16::from_be_bytes(fid)) else {
                    return sw(StatusWord::FILE_NOT_FOUND);
                };
                self.state.ef = Some(id);
                match (command.p2, command.le, self.fs.get(id)) {
                    (0x00 | 0x04, Some(_), Some(ef)) => Response::new(fcp(ef), StatusWord::SUCCESS),
                    _ => sw(StatusWord::SUCCESS),
                }
            }
            _ => sw(StatusWord::INCORRECT_P1P2),
        }
    }

    /// Whether the current state may read `ef`.
    fn may_read(&self, ef: &Ef) -> bool {
        match ef.access {
            Access::Always => true,
            Access::AccessControl => self.state.session.is_some(),
            Access::Pace => self.pace_session(),
            Access::TerminalAuthentication => false,
        }
    }

    /// Whether a PACE secure-messaging session is open.
    fn pace_session(&self) -> bool {
        self.state
            .session
            .as_ref()
            .is_some_and(|s| s.protocol == Protocol::Pace)
    }

    /// An instruction of the eID application (see [`crate::eid`]).
    fn eid_command(&mut self, command: &Command, room: usize) -> Response {
        let context = eid::Context {
            selected: self.state.df == Df::Eid,
            pace: self.pace_session(),
            room: self.max_response.min(room),
        };
        match self.eid.as_mut() {
            Some(app) => app.process(&mut self.state.eid, context, command),
            None => sw(StatusWord::INS_NOT_SUPPORTED),
        }
    }

    /// Selects (for an SFI) and checks the file a read refers to.
    fn file_for_read(&mut self, sfi: Option<u8>) -> Result<EfId, StatusWord> {
        let id = match sfi {
            Some(sfi) => self
                .fs
                .by_sfi(self.state.df, sfi)
                .ok_or(StatusWord::FILE_NOT_FOUND)?,
            None => self.state.ef.ok_or(StatusWord::COMMAND_NOT_ALLOWED)?,
        };
        let ef = self.fs.get(id).ok_or(StatusWord::FILE_NOT_FOUND)?;
        if !self.may_read(ef) {
            return Err(StatusWord::SECURITY_STATUS_NOT_SATISFIED);
        }
        self.state.ef = Some(id);
        Ok(id)
    }

    fn read_binary(&mut self, command: &Command, room: usize) -> Response {
        let (sfi, offset) = if command.p1 & 0x80 != 0 {
            if command.p1 & 0x60 != 0 || command.p1 & 0x1F == 0 {
                return sw(StatusWord::INCORRECT_P1P2);
            }
            (Some(command.p1 & 0x1F), usize::from(command.p2))
        } else {
            (
                None,
                usize::from(u16::from_be_bytes([command.p1, command.p2])),
            )
        };
        if !command.data.is_empty() {
            return sw(StatusWord::WRONG_LENGTH);
        }
        let Some(le) = command.le else {
            return sw(StatusWord::WRONG_LENGTH);
        };
        let id = match self.file_for_read(sfi) {
            Ok(id) => id,
            Err(status) => return sw(status),
        };
        let Some(ef) = self.fs.get(id) else {
            return sw(StatusWord::FILE_NOT_FOUND);
        };
        let limit = self.max_response.min(room);
        match read::read_even(ef.data.len(), offset, le, limit) {
            Ok((range, status)) => Response::new(ef.data.get(range).unwrap_or_default(), status),
            Err(status) => sw(status),
        }
    }

    fn read_binary_odd(&mut self, command: &Command, room: usize) -> Response {
        let p1p2 = u16::from_be_bytes([command.p1, command.p2]);
        let Some(le) = command.le else {
            return sw(StatusWord::WRONG_LENGTH);
        };
        let Some(offset) = odd_offset(&command.data) else {
            return sw(StatusWord::WRONG_DATA);
        };
        let id = if p1p2 == 0 {
            self.file_for_read(None)
        } else if p1p2 & 0xFFE0 == 0 {
            // P1 = 00, P2 = 000 xxxxx: a short EF identifier.
            self.file_for_read(Some(command.p2))
        } else {
            match self.fs.by_fid(self.state.df, p1p2) {
                Some(id) => {
                    self.state.ef = Some(id);
                    self.file_for_read(None)
                }
                None => Err(StatusWord::FILE_NOT_FOUND),
            }
        };
        let id = match id {
            Ok(id) => id,
            Err(status) => return sw(status),
        };
        let Some(ef) = self.fs.get(id) else {
            return sw(StatusWord::FILE_NOT_FOUND);
        };
        let limit = self.max_response.min(room);
        match read::read_odd(ef.data.len(), offset, le, limit) {
            Ok((range, status)) => Response::new(
                tlv::encode(0x53, ef.data.get(range).unwrap_or_default()),
                status,
            ),
            Err(status) => sw(status),
        }
    }

    fn get_challenge(&mut self, command: &Command) -> Response {
        if command.p1 != 0 || command.p2 != 0 {
            return sw(StatusWord::INCORRECT_P1P2);
        }
        if !command.data.is_empty() || command.le != Some(8) {
            return sw(StatusWord::WRONG_LENGTH);
        }
        let mut challenge = [0u8; 8];
        if (self.rng)(&mut challenge).is_err() {
            return sw(StatusWord::UNKNOWN);
        }
        self.state.challenge = Some(challenge);
        Response::new(challenge, StatusWord::SUCCESS)
    }

    fn external_authenticate(&mut self, command: &Command) -> Response {
        self.work = Work::Bac;
        if command.p1 != 0 || command.p2 != 0 {
            return sw(StatusWord::INCORRECT_P1P2);
        }
        if self.state.session.is_some() {
            // BAC runs in plain: not inside a session.
            return sw(StatusWord::CONDITIONS_NOT_SATISFIED);
        }
        let Some(bac) = self.bac.as_ref() else {
            return sw(StatusWord::CONDITIONS_NOT_SATISFIED);
        };
        if command.data.len() != cnie::bac::AUTH_DATA_LEN {
            return sw(StatusWord::WRONG_LENGTH);
        }
        // A challenge answers one attempt only.
        let Some(rnd_ic) = self.state.challenge.take() else {
            return sw(StatusWord::CONDITIONS_NOT_SATISFIED);
        };
        let mut k_ic = Zeroizing::new([0u8; 16]);
        if (self.rng)(k_ic.as_mut_slice()).is_err() {
            return sw(StatusWord::UNKNOWN);
        }
        match bac.respond(rnd_ic, &k_ic, &command.data) {
            Some((answer, session)) => {
                debug_assert_eq!(session.protocol, Protocol::Bac);
                self.state.pace = None;
                self.state.session = Some(session);
                Response::new(answer, StatusWord::SUCCESS)
            }
            None => sw(StatusWord::VERIFICATION_FAILED),
        }
    }

    /// MSE (`22`): only Set AT for PACE (`C1 A4`), in plain, without Le.
    /// Any MSE:Set AT ends a PACE run under way.
    fn mse(&mut self, command: &Command) -> Response {
        self.state.pace = None;
        if (command.p1, command.p2) != (0xC1, 0xA4) {
            return sw(StatusWord::INCORRECT_P1P2);
        }
        if command.le.is_some() {
            return sw(StatusWord::WRONG_LENGTH);
        }
        if self.state.session.is_some() {
            // PACE runs in plain, before any session.
            return sw(StatusWord::CONDITIONS_NOT_SATISFIED);
        }
        let Some(service) = self.pace.as_ref() else {
            return sw(StatusWord::WRONG_DATA);
        };
        match service.set_at(&command.data) {
            Ok(_) if self.pace_6300 == Some(PaceStep::Mse) => sw(StatusWord::VERIFICATION_FAILED),
            Ok(run) => {
                if self.pace_stall && run.password() == PasswordKind::Mrz {
                    self.state.stalled = true;
                }
                self.state.pace = Some(run);
                sw(StatusWord::SUCCESS)
            }
            Err(status) => sw(status),
        }
    }

    /// GENERAL AUTHENTICATE (`86`): the next PACE step; the last one opens
    /// the session. Any error ends the run.
    fn general_authenticate(&mut self, command: &Command) -> Response {
        let Some(mut run) = self.state.pace.take() else {
            return sw(StatusWord::CONDITIONS_NOT_SATISFIED);
        };
        if self.state.session.is_some() {
            return sw(StatusWord::CONDITIONS_NOT_SATISFIED);
        }
        if command.p1 != 0 || command.p2 != 0 {
            return sw(StatusWord::INCORRECT_P1P2);
        }
        if command.le.is_none() {
            return sw(StatusWord::WRONG_LENGTH);
        }
        self.work = Work::Pace(match run.step() {
            PaceStep::Mse | PaceStep::Nonce => 0,
            PaceStep::Mapping => 1,
            PaceStep::KeyAgreement => 2,
            PaceStep::Token => 3,
        });
        if self.pace_6300 == Some(run.step()) {
            // The `pace-6300` fault: the run ends here.
            return sw(StatusWord::VERIFICATION_FAILED);
        }
        let chained = command.cla & 0x10 != 0;
        match run.authenticate(chained, &command.data, &mut self.rng) {
            Ok(GaStep::Reply(data)) => {
                self.state.pace = Some(run);
                Response::new(data, StatusWord::SUCCESS)
            }
            Ok(GaStep::Established(data, session)) => {
                self.state.challenge = None;
                self.state.session = Some(session);
                Response::new(data, StatusWord::SUCCESS)
            }
            Err(status) => sw(status),
        }
    }

    /// INTERNAL AUTHENTICATE (`88`) in the eMRTD application: Active Authentication
    /// (see [`crate::aa`]). Needs a session (`6982`), P1-P2 `0000` (`6A86`), an 8-byte
    /// challenge and Le (`6700`); a signature longer than Le or than what fits the
    /// protected response (RSA-2048 under secure messaging needs extended length) `6700`.
    fn active_authentication(&mut self, command: &Command, room: usize) -> Response {
        self.work = Work::ActiveAuthentication;
        if self.state.session.is_none() {
            return sw(StatusWord::SECURITY_STATUS_NOT_SATISFIED);
        }
        if command.p1 != 0 || command.p2 != 0 {
            return sw(StatusWord::INCORRECT_P1P2);
        }
        if command.data.len() != aa::CHALLENGE_LEN {
            return sw(StatusWord::WRONG_LENGTH);
        }
        let Some(le) = command.le else {
            return sw(StatusWord::WRONG_LENGTH);
        };
        let Some(key) = self.aa.as_ref() else {
            return sw(StatusWord::INS_NOT_SUPPORTED);
        };
        match key.sign(&command.data, &mut *self.rng) {
            Ok(signature) if signature.len() > le.min(room).min(self.max_response) => {
                sw(StatusWord::WRONG_LENGTH)
            }
            Ok(signature) => Response::new(signature, StatusWord::SUCCESS),
            Err(_) => sw(StatusWord::UNKNOWN),
        }
    }

    /// MSE:Set KAT (`22 41 A6`) or MSE:Set AT (`22 41 A4`) in the eMRTD application:
    /// Chip Authentication (see [`crate::ca`]).
    fn ca_mse(&mut self, command: &Command) -> Response {
        self.state.ca_selected = false;
        let Some(protocol) = self.state.session.as_ref().map(|s| s.protocol) else {
            return sw(StatusWord::SECURITY_STATUS_NOT_SATISFIED);
        };
        let Some(key) = self.ca.as_ref() else {
            return sw(StatusWord::INS_NOT_SUPPORTED);
        };
        if !matches!(command.p2, 0xA4 | 0xA6) {
            return sw(StatusWord::INCORRECT_P1P2);
        }
        if command.le.is_some() {
            return sw(StatusWord::WRONG_LENGTH);
        }
        if command.p2 == 0xA4 {
            return match key.set_at(&command.data) {
                Ok(()) => {
                    self.state.ca_selected = true;
                    sw(StatusWord::SUCCESS)
                }
                Err(status) => sw(status),
            };
        }
        match key
            .set_kat(&command.data)
            .and_then(|pk| key.agree(pk, protocol))
        {
            Ok(session) => {
                self.state.next_session = Some(session);
                sw(StatusWord::SUCCESS)
            }
            Err(status) => sw(status),
        }
    }

    /// GENERAL AUTHENTICATE after MSE:Set AT for Chip Authentication: `7C {80 PK_IFD}`
    /// → `7C 00`, then the new session.
    fn ca_general_authenticate(&mut self, command: &Command) -> Response {
        self.work = Work::ChipAuthentication;
        self.state.ca_selected = false;
        let (Some(key), Some(protocol)) = (
            self.ca.as_ref(),
            self.state.session.as_ref().map(|s| s.protocol),
        ) else {
            return sw(StatusWord::CONDITIONS_NOT_SATISFIED);
        };
        if command.cla & 0x10 != 0 {
            return sw(StatusWord::CONDITIONS_NOT_SATISFIED);
        }
        if command.p1 != 0 || command.p2 != 0 {
            return sw(StatusWord::INCORRECT_P1P2);
        }
        if command.le.is_none() {
            return sw(StatusWord::WRONG_LENGTH);
        }
        match key
            .general_authenticate(&command.data)
            .and_then(|pk| key.agree(pk, protocol))
        {
            Ok(session) => {
                self.state.next_session = Some(session);
                Response::new(
                    cnie::pace::data::EMPTY_DYNAMIC_AUTH_DATA,
                    StatusWord::SUCCESS,
                )
            }
            Err(status) => sw(status),
        }
    }

    /// The eID application, if the card has one (for tests and tools).
    pub fn eid(&self) -> Option<&EidApplication> {
        self.eid.as_ref()
    }

    /// The files (for tests and tools).
    pub fn files(&self) -> &FileSystem {
        &self.fs
    }

    /// The contents of an LDS file as served (faults applied).
    pub fn file(&self, name: FileName) -> Option<&[u8]> {
        let id = self.fs.by_fid(name.df(), name.fid())?;
        self.fs.get(id).map(|ef| ef.data.as_slice())
    }
}

/// The offset in DO'54' of a READ BINARY (B1) command: 1 to 3 bytes, nothing else.
fn odd_offset(data: &[u8]) -> Option<usize> {
    let (value, rest) = tlv::expect(data, 0x54).ok()?;
    if !rest.is_empty() || value.is_empty() || value.len() > 3 {
        return None;
    }
    Some(
        value
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | usize::from(*b)),
    )
}

/// A file control parameters template: size (80) and FID (83).
fn fcp(ef: &Ef) -> Vec<u8> {
    let size = u16::try_from(ef.data.len()).unwrap_or(u16::MAX);
    let mut value = tlv::encode(0x80, &size.to_be_bytes());
    value.extend(tlv::encode(0x82, &[0x01]));
    value.extend(tlv::encode(0x83, &ef.fid.to_be_bytes()));
    tlv::encode(0x62, &value)
}

/// A one-line description of a command: name, P1-P2, lengths. Never data.
fn summarize(c: &Command) -> String {
    let name = match c.ins {
        ins::SELECT => "SELECT",
        ins::READ_BINARY => "READ BINARY",
        ins::READ_BINARY_ODD => "READ BINARY (B1)",
        ins::GET_CHALLENGE => "GET CHALLENGE",
        ins::EXTERNAL_AUTHENTICATE => "EXTERNAL AUTHENTICATE",
        ins::MSE => "MSE",
        ins::GENERAL_AUTHENTICATE => "GENERAL AUTHENTICATE",
        ins::VERIFY => "VERIFY",
        eid::INS_CHANGE_REFERENCE_DATA => "CHANGE REFERENCE DATA",
        eid::INS_RESET_RETRY_COUNTER => "RESET RETRY COUNTER",
        eid::INS_PSO => "PSO",
        ins::INTERNAL_AUTHENTICATE => "INTERNAL AUTHENTICATE",
        _ => "INS",
    };
    let le = c.le.map_or_else(|| "-".to_owned(), |le| le.to_string());
    format!(
        "{:02X} {:02X} {:02X}{:02X} {name} Lc={} Le={le}{}",
        c.cla,
        c.ins,
        c.p1,
        c.p2,
        c.data.len(),
        if c.force_extended { " ext" } else { "" }
    )
}
