//! Why a byte string is not a valid evidence bundle.

use crate::lds::file::LdsFile;

/// Why a byte string is not a valid evidence bundle. Every edit of a bundle ends in
/// one of these (or, for an edit the bundle's own checks cannot see, in a verdict that
/// is not authentic): nothing in a bundle is taken on trust before it is checked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EvidenceError {
    /// Larger than [`super::MAX_BUNDLE_SIZE`].
    #[error("the evidence bundle is {size} bytes, more than the {limit} allowed")]
    TooLarge {
        /// The bundle's size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// Not JSON of the evidence format (or not UTF-8, or truncated).
    #[error("not an evidence bundle: {0}")]
    Malformed(String),
    /// JSON, but its `format` is not `cnie-evidence`.
    #[error("not an evidence bundle (format {0:?})")]
    NotEvidence(String),
    /// A version of the format this library does not know.
    #[error("evidence bundle format version {0} is not supported (this version reads {supported})", supported = super::FORMAT_VERSION)]
    UnsupportedVersion(u64),
    /// A field's value is out of its range or not in its canonical form.
    #[error("evidence bundle field {field}: {problem}")]
    InvalidField {
        /// The field (e.g. `files[2].data`).
        field: String,
        /// What is wrong with it.
        problem: String,
    },
    /// A file name the bundle may not hold.
    #[error("evidence bundle holds an unknown file {0:?}")]
    UnknownFile(String),
    /// A file the bundle must hold (EF.SOD) is absent.
    #[error("evidence bundle holds no {0}")]
    MissingFile(LdsFile),
    /// A file's bytes do not match the SHA-256 (or the size) recorded beside them.
    #[error("evidence bundle: {0} does not match its recorded SHA-256")]
    FileHashMismatch(LdsFile),
    /// The integrity digest over the bundle's content does not match: something
    /// (metadata included) was changed after the bundle was written.
    #[error(
        "evidence bundle: the integrity digest does not match its content (the bundle was changed)"
    )]
    IntegrityMismatch,
    /// Valid content, but not written the one way this format writes it (spacing, key
    /// order, letter case, duplicate entries): an edit that a parser would forgive.
    #[error("evidence bundle is not in canonical form (it was changed after it was written)")]
    NotCanonical,
}
