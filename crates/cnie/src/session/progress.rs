//! What a session reports while it works.

use crate::lds::file::LdsFile;

use super::protocol::Protocol;

/// What a session reports while it works.
#[derive(Debug, Clone, Copy)]
pub enum Progress {
    /// Access control is starting.
    AccessControl(Protocol),
    /// Bytes of a file read so far, and the file's size.
    File {
        /// The file.
        file: LdsFile,
        /// Bytes read.
        read: usize,
        /// File size.
        total: usize,
    },
    /// A file was skipped (listed but not readable).
    Skipped(LdsFile),
}
