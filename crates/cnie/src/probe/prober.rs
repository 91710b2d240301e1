//! Sending the probe's commands: the command budget, file reads and application selects.

use crate::card::Card;
use crate::error::Error;
use crate::iso7816::{Command, Response, StatusWord, Transport, TransportError, ins};
use crate::tlv;

use super::report::{AidSource, ApduRecord, ApplicationProbe, FileReport};
use super::{MAX_APDUS, MAX_FCI, MAX_FILE};

/// The largest Le of one read.
pub(super) const CHUNK: usize = 256;
/// The most READ BINARY or READ RECORD commands per file.
pub(super) const MAX_READS: usize = 32;

/// `6981`: command incompatible with the file structure (a record file).
pub(super) const INCOMPATIBLE_STRUCTURE: StatusWord = StatusWord(0x6981);
/// `6A83`: record not found.
pub(super) const RECORD_NOT_FOUND: StatusWord = StatusWord(0x6A83);
/// READ RECORD.
pub(super) const READ_RECORD: u8 = 0xB2;

/// How to reach a file.
#[derive(Debug, Clone, Copy)]
pub(super) enum Locator {
    /// READ BINARY / READ RECORD with a short file identifier.
    Sfi(u8),
    /// SELECT by file identifier under the current DF, then read.
    Fid(u16),
}

/// The answer to one command: a response, or a failure that is not the
/// transport's (a malformed response), or nothing because the budget is spent.
pub(super) enum Answer {
    Response(Response),
    Failed(String),
    OverBudget,
}

/// The bytes of one file read.
pub(super) struct Read {
    data: Vec<u8>,
    structure: &'static str,
    sw: StatusWord,
    truncated: bool,
}

pub(super) fn hex_sw(sw: StatusWord) -> String {
    format!("{:04X}", sw.0)
}

pub(super) fn select(p1: u8, p2: u8, data: &[u8]) -> Command {
    Command::new(0x00, ins::SELECT, p1, p2).with_data(data)
}

pub(super) struct Prober<'c, T: Transport> {
    pub(super) card: &'c mut Card<T>,
    pub(super) log: Vec<ApduRecord>,
    pub(super) over_budget: bool,
}

impl<T: Transport> Prober<'_, T> {
    /// Sends one command and logs it; only transport failures are errors.
    pub(super) fn send(&mut self, what: &str, command: &Command) -> Result<Answer, TransportError> {
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
    pub(super) fn select_master_file(
        &mut self,
    ) -> Result<Option<(Command, StatusWord)>, TransportError> {
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
    pub(super) fn select_application(
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
    pub(super) fn read_file(
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

    pub(super) fn read_by_sfi(
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

    pub(super) fn read_by_fid(
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
    pub(super) fn read_rest(
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
    pub(super) fn read_records(
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
pub(super) enum Failure {
    /// The card refused (e.g. `6A82`).
    Status(StatusWord),
    /// A malformed answer.
    Other(String),
    /// No commands left.
    OverBudget,
}

impl Failure {
    pub(super) fn from_answer(answer: Answer) -> Failure {
        match answer {
            Answer::Response(r) => Failure::Status(r.sw),
            Answer::Failed(e) => Failure::Other(e),
            Answer::OverBudget => Failure::OverBudget,
        }
    }
}

/// Whether `data` starts with one whole TLV object.
pub(super) fn tlv_complete(data: &[u8]) -> bool {
    tlv::parse_header(data).is_ok_and(|h| data.len() >= h.total_len())
}
