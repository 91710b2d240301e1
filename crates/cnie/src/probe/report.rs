//! The report of a probe: the files read, the applications tried, every command sent.

use serde::Serialize;

use super::describe::{AtrInfo, AtrSummary, CardAccessSummary};
use super::dir::EfDir;

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
    /// Whether the probe stopped early because it reached [`MAX_APDUS`](super::MAX_APDUS).
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
    /// The contents, hex (at most [`MAX_FILE`](super::MAX_FILE) bytes).
    pub hex: Option<String>,
    /// Bytes read.
    pub size: usize,
    /// Whether the file is longer than [`MAX_FILE`](super::MAX_FILE) (or than the reads allowed).
    pub truncated: bool,
    /// The decoded contents.
    pub parsed: Option<P>,
    /// Why the contents could not be decoded (entirely).
    pub parse_error: Option<String>,
    /// A failure that is not a status word (a malformed response).
    pub error: Option<String>,
}

impl<P> FileReport<P> {
    pub(super) fn new(name: &'static str) -> Self {
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
    /// The FCI (or FCP) returned, hex, at most [`MAX_FCI`](super::MAX_FCI) bytes.
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
