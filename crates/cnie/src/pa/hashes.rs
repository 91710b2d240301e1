//! Data-group hash check: each data group read must hash to the value the
//! SOD lists for it.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::lds::file::LdsFile;
use crate::lds::sod::Sod;

/// The verdict for one data group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HashCheck {
    /// The data group hashes to the listed value.
    Match,
    /// It does not.
    Mismatch,
    /// Listed in the SOD but not read (not present, or access-protected).
    NotRead,
}

/// Compares each data group in `files` with the SOD's hashes (other files are
/// ignored). Every data group the SOD lists gets a verdict. A data group read but not
/// listed gets none: nothing authenticates it, and callers must treat only
/// [`HashCheck::Match`] data groups as genuine (`unlisted` names them).
pub fn check_hashes(sod: &Sod, files: &BTreeMap<LdsFile, Vec<u8>>) -> BTreeMap<LdsFile, HashCheck> {
    let alg = sod.hash_algorithm();
    sod.data_group_hashes()
        .iter()
        .filter_map(|(&dg, expected)| {
            let file = LdsFile::dg(dg)?;
            let verdict = match files.get(&file) {
                None => HashCheck::NotRead,
                Some(bytes) if alg.digest(bytes) == *expected => HashCheck::Match,
                Some(_) => HashCheck::Mismatch,
            };
            Some((file, verdict))
        })
        .collect()
}

/// The data groups in `files` for which the SOD lists no hash.
pub fn unlisted(sod: &Sod, files: &BTreeMap<LdsFile, Vec<u8>>) -> Vec<LdsFile> {
    files
        .keys()
        .copied()
        .filter(|f| {
            f.data_group()
                .is_some_and(|dg| sod.data_group_hash(dg).is_none())
        })
        .collect()
}
