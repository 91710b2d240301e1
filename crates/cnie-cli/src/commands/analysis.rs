//! What `read` and `verify` share: parse the files, run passive
//! authentication, and build the report (JSON and human).

use std::collections::BTreeMap;
use std::time::SystemTime;

use cnie::lds::file::LdsFile;
use cnie::mrz::Mrz;
use cnie::pa::{PaReport, PaStatus, TrustStore};
use serde::Serialize;

use crate::args::TrustArgs;
use crate::exit::{Code, Failure};

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

/// Everything `read` and `verify` report.
#[derive(Debug, Serialize)]
pub struct Report {
    /// The MRZ from DG1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mrz: Option<Mrz>,
    /// How the chip was opened (read only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access: Option<cnie::session::Access>,
    /// Passive authentication.
    pub passive_authentication: PaReport,
    /// DG11, when present.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_details: Option<cnie::lds::dg11::Dg11>,
    /// The face image from DG2.
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
    /// Chip authentication (PACE-CAM), when it ran (read only); a failed one aborts the read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chip_authentication: Option<serde_json::Value>,
    /// What happened during access control (read only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The chain of EF.CardSecurity's signer, when chip authentication ran.
    #[serde(skip)]
    pub chip_chain: Option<cnie::pa::ChainCheck>,
}

impl Report {
    /// The exit code this report calls for.
    /// Chip authentication's part: `Some(false)` when EF.CardSecurity's signer
    /// chain is broken, expired or revoked, `None` when it is not trusted (or no
    /// chip authentication ran), `Some(true)` when valid.
    fn chip_verdict(&self) -> Option<bool> {
        use cnie::pa::ChainCheck as C;
        match self.chip_chain? {
            C::Valid => Some(true),
            C::NotTrusted => None,
            C::Expired | C::Revoked | C::Invalid => Some(false),
        }
    }

    /// The exit code this report calls for: passive authentication, and the chain
    /// of EF.CardSecurity's signer when chip authentication ran.
    pub fn code(&self) -> Code {
        let chip = self.chip_verdict();
        let chip_untrusted = self.chip_chain == Some(cnie::pa::ChainCheck::NotTrusted);
        match self.passive_authentication.status {
            PaStatus::Invalid => Code::Invalid,
            _ if !self.problems.is_empty() => Code::CardError,
            _ if chip == Some(false) => Code::Invalid,
            PaStatus::NotTrusted => Code::NotTrusted,
            PaStatus::Valid if chip_untrusted => Code::NotTrusted,
            PaStatus::Valid => Code::Ok,
        }
    }
}

/// Builds the trust store from the command line.
pub fn trust_store(args: &TrustArgs) -> Result<TrustStore, Failure> {
    let mut store = if args.no_default_trust {
        TrustStore::new()
    } else {
        TrustStore::with_builtin()
    };
    store.allow_unverified_master_lists(args.trust_unverified_list);
    for path in args.trust.iter().chain(&args.crl) {
        store.add_path(path).map_err(|e| match e {
            cnie::pa::TrustError::UnverifiedMasterList { origin, error } => Failure::new(
                Code::Io,
                format!(
                    "master list {origin} does not verify ({error}): refused; \
                     --trust-unverified-list loads it anyway"
                ),
            ),
            e => Failure::new(
                Code::Io,
                format!("cannot load trust anchors from {}: {e}", path.display()),
            ),
        })?;
    }
    Ok(store)
}

/// Parses the files and runs passive authentication.
pub fn analyse(files: &BTreeMap<LdsFile, Vec<u8>>, trust: &TrustStore) -> Report {
    let mut problems = Vec::new();
    let mrz =
        LdsFile::dg(1).and_then(|f| files.get(&f)).and_then(
            |b| match cnie::lds::dg1::Dg1::parse(b).and_then(|d| d.into_mrz()) {
                Ok(m) => Some(m),
                Err(e) => {
                    problems.push(format!("DG1: {e}"));
                    None
                }
            },
        );
    let face =
        LdsFile::dg(2)
            .and_then(|f| files.get(&f))
            .and_then(|b| match cnie::lds::dg2::parse(b) {
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
    let additional_details =
        LdsFile::dg(11).and_then(|f| files.get(&f)).and_then(
            |b| match cnie::lds::dg11::Dg11::parse(b) {
                Ok(d) => Some(d),
                Err(e) => {
                    problems.push(format!("DG11: {e}"));
                    None
                }
            },
        );
    let dgs: BTreeMap<u8, Vec<u8>> = files
        .iter()
        .filter_map(|(f, b)| f.data_group().map(|n| (n, b.clone())))
        .collect();
    let sod = files
        .get(&LdsFile::Sod)
        .map(Vec::as_slice)
        .unwrap_or_default();
    // DG12's date of issue: the signing time when EF.SOD carries none.
    let signing_time_hint = LdsFile::dg(12)
        .and_then(|f| files.get(&f))
        .and_then(|b| cnie::lds::Dg12::parse(b).ok())
        .and_then(|d| d.date_of_issue_unix());
    let options = cnie::pa::PaOptions {
        signing_time_hint,
        ..cnie::pa::PaOptions::at(SystemTime::now())
    };
    let passive_authentication = cnie::pa::verify(sod, &dgs, trust, options);
    Report {
        mrz,
        access: None,
        passive_authentication,
        additional_details,
        face,
        files: files
            .iter()
            .map(|(f, b)| (f.name().to_string(), b.len()))
            .collect(),
        skipped: Vec::new(),
        stats: None,
        problems,
        chip_authentication: None,
        notes: Vec::new(),
        chip_chain: None,
    }
}
