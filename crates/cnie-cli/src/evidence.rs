//! Evidence bundles (`docs/evidence.md`): `read --evidence FILE` writes one as a
//! private file ([`crate::private_file`]: 0600, never over an existing file without
//! `--force-overwrite`, checked before the card is touched); `verify FILE` reads one
//! back, bounded.

use std::fs;
use std::io::Read;
use std::path::Path;

use cnie::evidence::{Evidence, EvidenceError, MAX_BUNDLE_SIZE};
use serde::Serialize;

use crate::exit::{Code, Failure};
use crate::private_file::{self, Existing};

/// The bundle as reported in the JSON (`evidence`).
#[derive(Debug, Serialize)]
pub struct EvidenceOut {
    /// Where it was written (`read --evidence`), absent for `verify`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Its size in bytes.
    pub size: usize,
    /// The format version.
    pub format_version: u32,
    /// What wrote it.
    pub tool_version: String,
    /// When the document was read (ISO 8601, the reading machine's clock).
    pub read_at: String,
}

impl EvidenceOut {
    fn new(evidence: &Evidence, size: usize, path: Option<&Path>) -> Self {
        EvidenceOut {
            path: path.map(|p| p.display().to_string()),
            size,
            format_version: evidence.format_version(),
            tool_version: evidence.tool_version().to_string(),
            read_at: evidence.read_at_iso8601(),
        }
    }
}

/// `--evidence FILE`: refused before the card is touched when it exists (without
/// `--force-overwrite`), is not a regular file, or its folder does not exist.
pub fn check_before_reading(path: &Path, existing: Existing) -> Result<(), Failure> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !folder.is_dir() {
        return Err(Failure::new(
            Code::Io,
            t!("evidence-no-folder", path = path.display().to_string()),
        ));
    }
    Ok(private_file::check_target(path, existing)?)
}

/// Writes the bundle of a read to `path`.
pub fn write(path: &Path, evidence: &Evidence, existing: Existing) -> Result<EvidenceOut, Failure> {
    let bytes = evidence.to_bytes();
    private_file::write(path, &bytes, existing)?;
    Ok(EvidenceOut::new(evidence, bytes.len(), Some(path)))
}

/// Reads and checks a bundle (not the verdict yet).
pub fn load(path: &Path) -> Result<(Evidence, EvidenceOut), Failure> {
    let io = |e: std::io::Error| crate::exit::read_failure(path, e);
    let mut bytes = Vec::new();
    fs::File::open(path)
        .map_err(io)?
        .take(MAX_BUNDLE_SIZE as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    let evidence = Evidence::from_bytes(&bytes).map_err(|e| refused(path, &e))?;
    let out = EvidenceOut::new(&evidence, bytes.len(), None);
    Ok((evidence, out))
}

/// A bundle that is not one, or of an unknown version, cannot be read (exit 11); one
/// that was changed is invalid (exit 9): never authentic.
fn refused(path: &Path, e: &EvidenceError) -> Failure {
    let code = match e {
        EvidenceError::TooLarge { .. }
        | EvidenceError::NotEvidence(_)
        | EvidenceError::UnsupportedVersion(_) => Code::Io,
        _ => Code::Invalid,
    };
    let (path, detail) = (path.display().to_string(), e.to_string());
    let message = match code {
        Code::Invalid => t!("evidence-not-authentic", path = &path, detail = detail),
        _ => t!("evidence-unreadable", path = &path, detail = detail),
    };
    Failure::new(code, message)
}
