//! The evidence bundle: one self-contained, versioned file holding everything a read
//! of a document produced (every file read, the access protocol, the Active
//! Authentication challenge and answer, the tool version, the time of the read, the
//! SHA-256 of each file), so that a backend re-checks the read offline with
//! [`verify_evidence`]: file hashes, the integrity digest, then the verdict (EF.SOD's
//! signature, the chain at a given time, Active Authentication against DG15).
//!
//! ```no_run
//! # fn demo(doc: &cnie::Document, trust: &cnie::TrustStore) -> Result<(), cnie::evidence::EvidenceError> {
//! use std::time::SystemTime;
//! use cnie::evidence::{Evidence, verify_evidence};
//! let bytes = Evidence::from_document(doc, SystemTime::now()).to_bytes();
//! // ... shipped to a backend ...
//! let verdict = verify_evidence(&bytes, trust, &cnie::Policy::default(), SystemTime::now())?;
//! # Ok(()) }
//! ```
//!
//! The format (JSON, `docs/evidence.md`) is canonical: a bundle is accepted only when
//! it is byte for byte what [`Evidence::to_bytes`] writes for its content, so any edit
//! of any byte fails, either here with an [`EvidenceError`] or in the verdict.

mod error;
#[cfg(test)]
mod tests;
mod wire;

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub use error::EvidenceError;

use crate::lds::file::LdsFile;
use crate::pa::TrustStore;
use crate::session::{
    Access, ActiveAuthenticationExchange, ChipAuthenticationCheck, Document, Protocol,
};
use crate::verdict::{Policy, Verdict};

/// The `format` member of every bundle.
pub const FORMAT: &str = "cnie-evidence";
/// The format version this library writes and reads. A change of the meaning of a
/// field, or a new field, is a new version; a reader refuses versions it does not know.
pub const FORMAT_VERSION: u32 = 1;
/// The largest bundle [`Evidence::from_bytes`] reads.
pub const MAX_BUNDLE_SIZE: usize = 40 * 1024 * 1024;
/// The largest Active Authentication answer a bundle holds (an RSA-8192 signature).
pub const MAX_AA_RESPONSE: usize = 1024;
/// The largest text field (the tool version, a reason).
pub const MAX_TEXT: usize = 512;

/// One read of a document, as a self-contained and versioned record (see the
/// [module](self) and `docs/evidence.md`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Evidence {
    /// The format version ([`FORMAT_VERSION`]).
    pub format_version: u32,
    /// What wrote the bundle (`"cnie 0.1.0"`, printable ASCII).
    pub tool_version: String,
    /// When the document was read (whole seconds since the Unix epoch).
    pub read_at: SystemTime,
    /// How the chip was opened (`None` when the bundle was made from a dump).
    pub access: Option<Access>,
    /// Every file read: EF.COM, EF.SOD, the data groups, EF.CardAccess and
    /// EF.CardSecurity when they were read.
    pub files: BTreeMap<LdsFile, Vec<u8>>,
    /// The Active Authentication challenge and the chip's answer, when it ran.
    pub active_authentication: Option<ActiveAuthenticationExchange>,
    /// What the read saw of the chip checks that cannot be repeated offline.
    pub chip_checks_at_read: ChipChecksAtRead,
}

/// The chip checks a read ran that are interactive (a proof to the reader at that
/// moment, not a signature a bundle can carry): recorded for the record, and covered
/// only by the bundle's own integrity digest. An offline verdict never counts them as
/// proof that the chip is genuine; a recorded failure of Chip Authentication is kept
/// (it can only make the verdict worse).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct ChipChecksAtRead {
    /// PACE with chip authentication mapping passed (EF.CardSecurity's signature and
    /// the chip's static key were checked during the read).
    pub pace_cam: bool,
    /// Chip Authentication v1, when it ran.
    pub chip_authentication: Option<ChipAuthenticationCheck>,
}

impl Evidence {
    /// The evidence of `doc`, read at `read_at` (kept to the second).
    pub fn from_document(doc: &Document, read_at: SystemTime) -> Evidence {
        let mut files = doc.files.clone();
        if let Some(bytes) = &doc.card_access {
            files.insert(LdsFile::CardAccess, bytes.clone());
        }
        if let Some(cam) = &doc.chip_authentication {
            files.insert(LdsFile::CardSecurity, cam.card_security.clone());
        }
        Evidence {
            format_version: FORMAT_VERSION,
            tool_version: library_version(),
            read_at: whole_seconds(read_at),
            access: doc.access,
            files,
            active_authentication: doc.active_authentication.clone(),
            chip_checks_at_read: ChipChecksAtRead {
                pace_cam: doc.chip_authentication.is_some(),
                chip_authentication: doc.ca.clone().map(printable_reason),
            },
        }
    }

    /// This evidence with another tool version (e.g. a binding's name and version);
    /// characters outside printable ASCII become `?`, and it is cut at [`MAX_TEXT`].
    pub fn with_tool_version(self, tool_version: &str) -> Evidence {
        Evidence {
            tool_version: printable(tool_version),
            ..self
        }
    }

    /// The bundle: canonical JSON (`docs/evidence.md`).
    pub fn to_bytes(&self) -> Vec<u8> {
        wire::encode(self)
    }

    /// Reads a bundle, checking everything but the verdict: its size, format and
    /// version, every field's range and form, each file against its SHA-256, the
    /// integrity digest over the content, and that the bytes are the canonical
    /// encoding of that content. Never panics, whatever the bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Evidence, EvidenceError> {
        wire::decode(bytes)
    }

    /// The document to run the verdict on ([`Document::verify`]): the files, the access
    /// protocol (a downgrade is a warning), the Active Authentication exchange (checked
    /// against DG15 again) and a recorded Chip Authentication failure. PACE-CAM and a
    /// passed Chip Authentication are not proof offline and are left out.
    pub fn document(&self) -> Document {
        let mut files = self.files.clone();
        let card_access = files.remove(&LdsFile::CardAccess);
        files.remove(&LdsFile::CardSecurity);
        let mut doc = Document::from_files(files, self.active_authentication.clone());
        doc.access = self.access;
        doc.card_access = card_access;
        if let Some(failed @ ChipAuthenticationCheck::Failed { .. }) =
            &self.chip_checks_at_read.chip_authentication
        {
            doc.ca = Some(failed.clone());
        }
        doc.notes.push(
            "verified from an evidence bundle: only Active Authentication is checked again; PACE-CAM and Chip Authentication were proofs to the reader at the time of the read"
                .to_string(),
        );
        doc
    }

    /// The format version.
    pub fn format_version(&self) -> u32 {
        self.format_version
    }

    /// When the document was read.
    pub fn read_at(&self) -> SystemTime {
        self.read_at
    }

    /// When the document was read, as `YYYY-MM-DDThh:mm:ssZ`.
    pub fn read_at_iso8601(&self) -> String {
        crate::asn1::time::iso8601(crate::asn1::time::unix_seconds(self.read_at))
    }

    /// How the chip was opened.
    pub fn access(&self) -> Option<Access> {
        self.access
    }

    /// The access-control protocol (BAC or PACE).
    pub fn protocol(&self) -> Option<Protocol> {
        self.access.map(|a| a.protocol)
    }

    /// What wrote the bundle.
    pub fn tool_version(&self) -> &str {
        &self.tool_version
    }

    /// The SHA-256 of `file`, when the bundle holds it.
    pub fn file_sha256(&self, file: LdsFile) -> Option<[u8; 32]> {
        self.files.get(&file).map(|bytes| wire::sha256(bytes))
    }
}

/// Checks a bundle ([`Evidence::from_bytes`]) and returns the verdict on the document
/// it holds against `trust` at `at`, under `policy`.
pub fn verify_evidence(
    bytes: &[u8],
    trust: &TrustStore,
    policy: &Policy,
    at: SystemTime,
) -> Result<Verdict, EvidenceError> {
    let evidence = Evidence::from_bytes(bytes)?;
    Ok(evidence.document().verify(trust, policy, at))
}

/// `"cnie <version of this library>"`.
fn library_version() -> String {
    concat!("cnie ", env!("CARGO_PKG_VERSION")).to_string()
}

/// `t` cut to the second (times before the epoch become the epoch).
fn whole_seconds(t: SystemTime) -> SystemTime {
    let secs = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    UNIX_EPOCH + Duration::from_secs(secs.min(wire::MAX_UNIX_SECONDS))
}

/// Printable ASCII only, at most [`MAX_TEXT`] characters.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c == ' ' || c.is_ascii_graphic() {
                c
            } else {
                '?'
            }
        })
        .take(MAX_TEXT)
        .collect()
}

fn printable_reason(check: ChipAuthenticationCheck) -> ChipAuthenticationCheck {
    match check {
        ChipAuthenticationCheck::Failed { reason } => ChipAuthenticationCheck::Failed {
            reason: printable(&reason),
        },
        other => other,
    }
}
