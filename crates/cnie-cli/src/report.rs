//! What `read` and `verify` report: the library's verdict, and the holder's data from
//! the files whose content EF.SOD authenticates (never from an unlisted or changed one).

use std::collections::BTreeMap;
use std::time::SystemTime;

use cnie::lds::file::LdsFile;
use cnie::mrz::Mrz;
use cnie::pa::{HashCheck, PaReport, TrustStore};
use cnie::session::{ActiveAuthenticationExchange, Document};
use cnie::{Policy, Verdict, VerdictStatus};
use serde::Serialize;

use crate::exit::Code;

/// The face image found in DG2.
#[derive(Debug, Serialize)]
pub struct Face {
    /// "jpeg" or "jpeg2000".
    pub format: String,
    /// Its size in bytes.
    pub size: usize,
    /// Where it was saved, if it was.
    pub path: Option<String>,
    /// The image bytes (not serialized).
    #[serde(skip)]
    pub data: Vec<u8>,
    /// File extension.
    #[serde(skip)]
    pub extension: &'static str,
}

/// Exchange figures of a read.
#[derive(Debug, Serialize)]
pub struct StatsOut {
    /// APDUs sent.
    pub apdus: u64,
    /// Bytes sent.
    pub bytes_sent: u64,
    /// Bytes received.
    pub bytes_received: u64,
    /// Milliseconds from the first APDU to the last.
    pub elapsed_ms: u64,
    /// Whether extended-length APDUs were used.
    pub extended_length: bool,
}

/// Active Authentication as reported: the challenge and the chip's answer.
#[derive(Debug, Serialize)]
pub struct ActiveAuthOut {
    /// The challenge, hex.
    pub challenge: String,
    /// The chip's signature, hex (`None` when it refused).
    pub response: Option<String>,
}

/// Everything `read` and `verify` report.
#[derive(Debug, Serialize)]
pub struct Report {
    /// The library's verdict.
    pub verdict: Verdict,
    /// The MRZ from DG1 (only when DG1 is listed in EF.SOD with a matching hash).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mrz: Option<Mrz>,
    /// How the chip was opened (read only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access: Option<cnie::session::Access>,
    /// EF.COM, decoded (absent when it was not read; one that cannot be decoded is a
    /// `com_malformed` reason of the verdict). Not signed: a hint, not proof.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub com: Option<cnie::lds::Com>,
    /// Passive authentication.
    pub passive_authentication: PaReport,
    /// DG11, when present, listed and intact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_details: Option<cnie::lds::dg11::Dg11>,
    /// The face image from DG2, when listed and intact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub face: Option<Face>,
    /// File sizes by name.
    pub files: BTreeMap<String, usize>,
    /// Files listed in EF.COM but not read.
    pub skipped: Vec<cnie::session::Skipped>,
    /// Exchange figures (read only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stats: Option<StatsOut>,
    /// Files that could not be parsed.
    pub problems: Vec<String>,
    /// Chip authentication (PACE-CAM), when it ran (read only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chip_authentication: Option<serde_json::Value>,
    /// Chip Authentication v1 (DG14), when it ran (read only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chip_authentication_v1: Option<cnie::session::ChipAuthenticationCheck>,
    /// Active Authentication (DG15), when it ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active_authentication: Option<ActiveAuthOut>,
    /// What happened during access control (read only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The evidence bundle written (`read --evidence`) or verified (`verify FILE`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<crate::evidence::EvidenceOut>,
}

impl Report {
    /// The exit code: 0 only for an authentic verdict.
    pub fn code(&self) -> Code {
        match self.verdict.status {
            VerdictStatus::Invalid => Code::Invalid,
            _ if !self.problems.is_empty() => Code::CardError,
            VerdictStatus::Incomplete => Code::Incomplete,
            VerdictStatus::NotTrusted => Code::NotTrusted,
            VerdictStatus::Authentic => Code::Ok,
        }
    }
}

/// Whether `file`'s content may be shown: listed in EF.SOD with a matching hash.
fn intact(pa: &PaReport, file: LdsFile) -> bool {
    pa.data_group_hashes.get(&file) == Some(&HashCheck::Match)
}

/// The verdict on `document` and the holder's data from its intact files.
pub fn build(document: &Document, trust: &TrustStore, policy: &Policy, at: SystemTime) -> Report {
    let verdict = document.verify(trust, policy, at);
    let pa = verdict.passive_authentication.clone();
    let files = &document.files;
    let mut problems = Vec::new();
    let content = |n: u8| {
        LdsFile::dg(n)
            .filter(|f| intact(&pa, *f))
            .and_then(|f| files.get(&f))
    };
    let mrz =
        content(1).and_then(
            |b| match cnie::lds::dg1::Dg1::parse(b).and_then(|d| d.into_mrz()) {
                Ok(m) => Some(m),
                Err(e) => {
                    problems.push(format!("DG1: {e}"));
                    None
                }
            },
        );
    let face = content(2).and_then(|b| match cnie::lds::dg2::parse(b) {
        Ok(images) => images.into_iter().next().map(|img| Face {
            format: img.format.to_string(),
            size: img.data.len(),
            path: None,
            extension: img.format.extension(),
            data: img.data,
        }),
        Err(e) => {
            problems.push(format!("DG2: {e}"));
            None
        }
    });
    let additional_details = content(11).and_then(|b| match cnie::lds::dg11::Dg11::parse(b) {
        Ok(d) => Some(d),
        Err(e) => {
            problems.push(format!("DG11: {e}"));
            None
        }
    });
    let chip_authentication = document.chip_authentication.as_ref().map(|ca| {
        let chain = ca.check_chain(trust, at);
        serde_json::json!({
            "status": "passed",
            "mapping": "PACE-CAM",
            "card_security_signer": ca.signer,
            "card_security_chain": chain.status,
            "card_security_chain_reasons": chain.reasons,
            "key_id": ca.key_id,
        })
    });
    Report {
        mrz,
        access: document.access,
        com: document.com.clone(),
        passive_authentication: pa,
        additional_details,
        face,
        files: files
            .iter()
            .map(|(f, b)| (f.name().to_string(), b.len()))
            .collect(),
        skipped: document.skipped.clone(),
        stats: None,
        problems,
        chip_authentication,
        chip_authentication_v1: document.ca.clone(),
        active_authentication: document.active_authentication.as_ref().map(active_out),
        notes: document.notes.clone(),
        evidence: None,
        verdict,
    }
}

fn active_out(aa: &ActiveAuthenticationExchange) -> ActiveAuthOut {
    ActiveAuthOut {
        challenge: hex::encode_upper(aa.challenge),
        response: aa.response.as_ref().map(hex::encode_upper),
    }
}
