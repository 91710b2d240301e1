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
#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::card::Card;
use crate::error::Error;
use crate::iso7816::{Command, Response, StatusWord, Transport, TransportError, ins};
use crate::tlv;

pub use aids::{KNOWN_AIDS, KnownAid, is_valid_aid, name_of};
pub use describe::{
    AtrInfo, AtrSummary, CardAccessSummary, SecurityInfoSummary, TlvObject, atr_info, card_access,
};
pub use dir::{DirApplication, EfDir, MAX_APPLICATIONS};

/// The largest file a probe reads (the rest is left out and the file
/// marked truncated).
pub const MAX_FILE: usize = 4096;
/// The most FCI bytes kept per application.
pub const MAX_FCI: usize = 1024;
/// The most commands a probe sends.
pub const MAX_APDUS: usize = 160;
/// The most applications from EF.DIR tried beyond the well-known ones.
pub const MAX_EXTRA_AIDS: usize = 16;

/// The largest Le of one read.
const CHUNK: usize = 256;
/// The most READ BINARY or READ RECORD commands per file.
const MAX_READS: usize = 32;

/// `6981`: command incompatible with the file structure (a record file).
const INCOMPATIBLE_STRUCTURE: StatusWord = StatusWord(0x6981);
/// `6A83`: record not found.
const RECORD_NOT_FOUND: StatusWord = StatusWord(0x6A83);
/// READ RECORD.
const READ_RECORD: u8 = 0xB2;

/// Everything a probe saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProbeReport {
    /// The answer to reset, when the transport knows it.
    pub atr: Option<AtrSummary>,
    /// EF.CardAccess (ICAO 9303-11 §9.2), read by short file identifier `1C`.
    pub card_access: FileReport<CardAccessSummary>,
    /// The status word of SELECT of the master file (`None` when not sent).
    pub master_file: Option<String>,
    /// EF.ATR/INFO (`2F01` in the master file).
    pub atr_info: FileReport<AtrInfo>,
    /// EF.DIR (`2F00` in the master file).
    pub ef_dir: FileReport<EfDir>,
    /// Each application tried: the well-known ones, then those of EF.DIR.
    pub applications: Vec<ApplicationProbe>,
    /// Every command sent, in order, and what the card answered.
    pub status_words: Vec<ApduRecord>,
    /// Whether the probe stopped early because it reached [`MAX_APDUS`].
    pub apdu_limit_reached: bool,
}

impl ProbeReport {
    /// The probe of an application, by AID (hex, upper case).
    pub fn application(&self, aid_hex: &str) -> Option<&ApplicationProbe> {
        self.applications
            .iter()
            .find(|a| a.aid.eq_ignore_ascii_case(aid_hex))
    }
}

/// What a probe found of one elementary file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileReport<P> {
    /// The file's name.
    pub name: &'static str,
    /// Whether the file was read.
    pub found: bool,
    /// How it was reached: `"sfi 1C"`, `"fid 2F00"`; `None` when not found.
    pub via: Option<String>,
    /// `"transparent"` or `"records"`, when read.
    pub structure: Option<&'static str>,
    /// The status word that ended the last attempt (`9000`, `6282`, `6B00`
    /// after a whole read; `6A82` when the file is not there).
    pub sw: Option<String>,
    /// The contents, hex (at most [`MAX_FILE`] bytes).
    pub hex: Option<String>,
    /// Bytes read.
    pub size: usize,
    /// Whether the file is longer than [`MAX_FILE`] (or than the reads allowed).
    pub truncated: bool,
    /// The decoded contents.
    pub parsed: Option<P>,
    /// Why the contents could not be decoded (entirely).
    pub parse_error: Option<String>,
    /// A failure that is not a status word (a malformed response).
    pub error: Option<String>,
}

impl<P> FileReport<P> {
    fn new(name: &'static str) -> Self {
        FileReport {
            name,
            found: false,
            via: None,
            structure: None,
            sw: None,
            hex: None,
            size: 0,
            truncated: false,
            parsed: None,
            parse_error: None,
            error: None,
        }
    }
}

/// Where an application to try comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AidSource {
    /// The list of well-known applications.
    Known,
    /// EF.DIR only.
    EfDir,
    /// Both.
    KnownAndEfDir,
}

/// The answer to SELECT of one application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApplicationProbe {
    /// The AID, hex.
    pub aid: String,
    /// Its name, or `"(from EF.DIR)"`.
    pub name: String,
    /// Where it comes from.
    pub source: AidSource,
    /// The status word of the last SELECT (`None` when no answer).
    pub sw: Option<String>,
    /// What the status word means.
    pub status: String,
    /// Whether the card selected the application (`9000` or a `62xx` warning).
    pub selected: bool,
    /// `P2` of the last SELECT: `00` (FCI asked) or `0C` (no data).
    pub p2: String,
    /// The FCI (or FCP) returned, hex, at most [`MAX_FCI`] bytes.
    pub fci: Option<String>,
    /// A failure that is not a status word.
    pub error: Option<String>,
}

/// One command sent and the card's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApduRecord {
    /// What the command was for, e.g. `"SELECT IAS-ECC"`.
    pub what: String,
    /// The command APDU, hex (the probe sends no secrets).
    pub command: String,
    /// The status word, hex (`None` when the exchange failed).
    pub sw: Option<String>,
    /// Bytes of response data.
    pub response_len: usize,
    /// A failure that is not a status word.
    pub error: Option<String>,
}

/// How to reach a file.
#[derive(Debug, Clone, Copy)]
enum Locator {
    /// READ BINARY / READ RECORD with a short file identifier.
    Sfi(u8),
    /// SELECT by file identifier under the current DF, then read.
    Fid(u16),
}

/// The answer to one command: a response, or a failure that is not the
/// transport's (a malformed response), or nothing because the budget is spent.
enum Answer {
    Response(Response),
    Failed(String),
    OverBudget,
}

/// The bytes of one file read.
struct Read {
    data: Vec<u8>,
    structure: &'static str,
    sw: StatusWord,
    truncated: bool,
}

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

fn hex_sw(sw: StatusWord) -> String {
    format!("{:04X}", sw.0)
}

fn select(p1: u8, p2: u8, data: &[u8]) -> Command {
    Command::new(0x00, ins::SELECT, p1, p2).with_data(data)
}

struct Prober<'c, T: Transport> {
    card: &'c mut Card<T>,
    log: Vec<ApduRecord>,
    over_budget: bool,
}

impl<T: Transport> Prober<'_, T> {
    /// Sends one command and logs it; only transport failures are errors.
    fn send(&mut self, what: &str, command: &Command) -> Result<Answer, TransportError> {
        if self.log.len() >= MAX_APDUS {
            self.over_budget = true;
            return Ok(Answer::OverBudget);
        }
        let mut record = ApduRecord {
            what: what.to_string(),
            command: command
                .to_bytes()
                .map(hex::encode_upper)
                .unwrap_or_default(),
            sw: None,
            response_len: 0,
            error: None,
        };
        let answer = match self.card.transmit(command) {
            Ok(response) => {
                record.sw = Some(hex_sw(response.sw));
                record.response_len = response.data.len();
                Answer::Response(response)
            }
            Err(Error::Transport(e)) => return Err(e),
            Err(other) => {
                record.error = Some(other.to_string());
                Answer::Failed(other.to_string())
            }
        };
        self.log.push(record);
        Ok(answer)
    }

    /// SELECT of the master file: `00 A4 00 0C` without data, then with
    /// `3F00` when the card refuses the first form. Returns the command
    /// last sent and its status word.
    fn select_master_file(&mut self) -> Result<Option<(Command, StatusWord)>, TransportError> {
        let mut last = None;
        for command in [select(0x00, 0x0C, &[]), select(0x00, 0x0C, &[0x3F, 0x00])] {
            match self.send("SELECT master file", &command)? {
                Answer::Response(r) => {
                    let ok = r.sw.is_success();
                    last = Some((command, r.sw));
                    if ok {
                        break;
                    }
                }
                Answer::Failed(_) => {}
                Answer::OverBudget => break,
            }
        }
        Ok(last)
    }

    /// SELECT by AID with `P2=00` (FCI), again with `P2=0C` when the card
    /// refuses the first form's parameters or length.
    fn select_application(
        &mut self,
        aid: &[u8],
        name: &str,
        source: AidSource,
    ) -> Result<ApplicationProbe, TransportError> {
        let aid_hex = hex::encode_upper(aid);
        let mut probe = ApplicationProbe {
            aid: aid_hex,
            name: name.to_string(),
            source,
            sw: None,
            status: "not tried".into(),
            selected: false,
            p2: "00".into(),
            fci: None,
            error: None,
        };
        let what = format!("SELECT {name}");
        let with_fci = select(0x04, 0x00, aid).with_le(CHUNK);
        let mut answer = self.send(&what, &with_fci)?;
        if let Answer::Response(r) = &answer
            && matches!(r.sw.0, 0x6A86 | 0x6700 | 0x6B00 | 0x6A87)
        {
            probe.p2 = "0C".into();
            answer = self.send(&what, &select(0x04, 0x0C, aid))?;
        }
        match answer {
            Answer::Response(r) => {
                probe.sw = Some(hex_sw(r.sw));
                probe.status = r.sw.description().to_string();
                probe.selected = r.sw.is_success() || r.sw.sw1() == 0x62;
                if !r.data.is_empty() {
                    let kept = r.data.get(..MAX_FCI).unwrap_or(&r.data);
                    probe.fci = Some(hex::encode_upper(kept));
                }
            }
            Answer::Failed(e) => {
                probe.status = "no valid answer".into();
                probe.error = Some(e);
            }
            Answer::OverBudget => {}
        }
        Ok(probe)
    }

    /// Reads a file by the first locator that works, filling `report`;
    /// returns the bytes read. `single_tlv`: the file is one TLV object,
    /// so reading stops at its end.
    fn read_file(
        &mut self,
        name: &str,
        locators: &[Locator],
        single_tlv: bool,
        report: &mut FileReport<impl Sized>,
    ) -> Result<Option<Vec<u8>>, TransportError> {
        for locator in locators {
            let (via, read) = match *locator {
                Locator::Sfi(sfi) => (
                    format!("sfi {sfi:02X}"),
                    self.read_by_sfi(name, sfi, single_tlv)?,
                ),
                Locator::Fid(fid) => (
                    format!("fid {fid:04X}"),
                    self.read_by_fid(name, fid, single_tlv)?,
                ),
            };
            match read {
                Ok(read) => {
                    report.found = true;
                    report.via = Some(via);
                    report.structure = Some(read.structure);
                    report.sw = Some(hex_sw(read.sw));
                    report.hex = Some(hex::encode_upper(&read.data));
                    report.size = read.data.len();
                    report.truncated = read.truncated;
                    report.error = None;
                    return Ok(Some(read.data));
                }
                Err(Failure::Status(sw)) => {
                    report.sw = Some(hex_sw(sw));
                    report.error = None;
                }
                Err(Failure::Other(e)) => report.error = Some(e),
                Err(Failure::OverBudget) => break,
            }
        }
        Ok(None)
    }

    fn read_by_sfi(
        &mut self,
        name: &str,
        sfi: u8,
        single_tlv: bool,
    ) -> Result<Result<Read, Failure>, TransportError> {
        let what = format!("READ BINARY {name}");
        let first = Command::new(0x00, ins::READ_BINARY, 0x80 | sfi, 0).with_le(CHUNK);
        let r = match self.send(&what, &first)? {
            Answer::Response(r) => r,
            other => return Ok(Err(Failure::from_answer(other))),
        };
        if r.sw == INCOMPATIBLE_STRUCTURE {
            return self.read_records(name, (sfi << 3) | 0x04);
        }
        if !r.sw.is_data_valid() {
            return Ok(Err(Failure::Status(r.sw)));
        }
        self.read_rest(&what, r, single_tlv)
    }

    fn read_by_fid(
        &mut self,
        name: &str,
        fid: u16,
        single_tlv: bool,
    ) -> Result<Result<Read, Failure>, TransportError> {
        let what = format!("SELECT {name}");
        let mut answer = self.send(&what, &select(0x02, 0x0C, &fid.to_be_bytes()))?;
        if let Answer::Response(r) = &answer
            && r.sw == StatusWord::INCORRECT_P1P2
        {
            answer = self.send(&what, &select(0x00, 0x0C, &fid.to_be_bytes()))?;
        }
        match answer {
            Answer::Response(r) if r.sw.is_success() => {}
            Answer::Response(r) => return Ok(Err(Failure::Status(r.sw))),
            other => return Ok(Err(Failure::from_answer(other))),
        }
        let what = format!("READ BINARY {name}");
        let first = Command::new(0x00, ins::READ_BINARY, 0, 0).with_le(CHUNK);
        let r = match self.send(&what, &first)? {
            Answer::Response(r) => r,
            other => return Ok(Err(Failure::from_answer(other))),
        };
        if r.sw == INCOMPATIBLE_STRUCTURE {
            // P2 = 04: record number in P1, current EF.
            return self.read_records(name, 0x04);
        }
        if !r.sw.is_data_valid() {
            return Ok(Err(Failure::Status(r.sw)));
        }
        self.read_rest(&what, r, single_tlv)
    }

    /// Continues a transparent read after its first answer: by offset,
    /// until the card says the end is reached (`6282`, `6B00`, no data),
    /// a single TLV object is whole, or [`MAX_FILE`] bytes are read.
    fn read_rest(
        &mut self,
        what: &str,
        first: Response,
        single_tlv: bool,
    ) -> Result<Result<Read, Failure>, TransportError> {
        let mut read = Read {
            data: Vec::new(),
            structure: "transparent",
            sw: first.sw,
            truncated: false,
        };
        let mut response = first;
        for _ in 0..MAX_READS {
            if response.data.is_empty() {
                return Ok(Ok(read));
            }
            read.data.extend_from_slice(&response.data);
            if read.data.len() > MAX_FILE {
                read.data.truncate(MAX_FILE);
                read.truncated = true;
                return Ok(Ok(read));
            }
            if response.sw == StatusWord::END_OF_FILE || (single_tlv && tlv_complete(&read.data)) {
                return Ok(Ok(read));
            }
            let offset = read.data.len();
            if offset == MAX_FILE {
                read.truncated = true;
                return Ok(Ok(read));
            }
            #[expect(
                clippy::cast_possible_truncation,
                reason = "offset < MAX_FILE (4096) fits P1-P2's 15 bits"
            )]
            let next = Command::new(0x00, ins::READ_BINARY, (offset >> 8) as u8, offset as u8)
                .with_le(CHUNK.min(MAX_FILE - offset));
            response = match self.send(what, &next)? {
                Answer::Response(r) => r,
                Answer::Failed(_) | Answer::OverBudget => {
                    read.truncated = true;
                    return Ok(Ok(read));
                }
            };
            read.sw = response.sw;
            if !response.sw.is_data_valid() {
                // 6B00 (offset beyond the end) is how many cards say "done".
                read.truncated = response.sw != StatusWord::WRONG_P1P2;
                return Ok(Ok(read));
            }
        }
        read.truncated = true;
        Ok(Ok(read))
    }

    /// Reads the records of a record file (READ RECORD, record number in
    /// P1, `p2` says which file) until `6A83`.
    fn read_records(
        &mut self,
        name: &str,
        p2: u8,
    ) -> Result<Result<Read, Failure>, TransportError> {
        let what = format!("READ RECORD {name}");
        let mut read = Read {
            data: Vec::new(),
            structure: "records",
            sw: StatusWord::SUCCESS,
            truncated: false,
        };
        for record in 1..=MAX_READS {
            #[expect(
                clippy::cast_possible_truncation,
                reason = "record <= MAX_READS (32) fits a byte"
            )]
            let command = Command::new(0x00, READ_RECORD, record as u8, p2).with_le(CHUNK);
            let r = match self.send(&what, &command)? {
                Answer::Response(r) => r,
                other if record == 1 => return Ok(Err(Failure::from_answer(other))),
                _ => {
                    read.truncated = true;
                    return Ok(Ok(read));
                }
            };
            read.sw = r.sw;
            if !r.sw.is_data_valid() {
                if record == 1 {
                    return Ok(Err(Failure::Status(r.sw)));
                }
                read.truncated = r.sw != RECORD_NOT_FOUND;
                return Ok(Ok(read));
            }
            read.data.extend_from_slice(&r.data);
            if read.data.len() > MAX_FILE {
                read.data.truncate(MAX_FILE);
                read.truncated = true;
                return Ok(Ok(read));
            }
        }
        read.truncated = true;
        Ok(Ok(read))
    }
}

/// Why a file could not be read one way.
enum Failure {
    /// The card refused (e.g. `6A82`).
    Status(StatusWord),
    /// A malformed answer.
    Other(String),
    /// No commands left.
    OverBudget,
}

impl Failure {
    fn from_answer(answer: Answer) -> Failure {
        match answer {
            Answer::Response(r) => Failure::Status(r.sw),
            Answer::Failed(e) => Failure::Other(e),
            Answer::OverBudget => Failure::OverBudget,
        }
    }
}

/// Whether `data` starts with one whole TLV object.
fn tlv_complete(data: &[u8]) -> bool {
    tlv::parse_header(data).is_ok_and(|h| data.len() >= h.total_len())
}
