//! Data-group hash check: each data group read must hash to the value the
//! SOD lists for it.

use std::collections::BTreeMap;

use serde::Serialize;

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

/// Compares each data group in `files` (by number) with the SOD's hashes.
/// Every data group the SOD lists gets a verdict. A data group read but not
/// listed gets none: nothing authenticates it, and callers must treat only
/// [`HashCheck::Match`] data groups as genuine ([`unlisted`] names them).
pub fn check_hashes(sod: &Sod, files: &BTreeMap<u8, Vec<u8>>) -> BTreeMap<u8, HashCheck> {
    let alg = sod.hash_algorithm();
    sod.data_group_hashes()
        .iter()
        .map(|(&dg, expected)| {
            let verdict = match files.get(&dg) {
                None => HashCheck::NotRead,
                Some(bytes) if alg.digest(bytes) == *expected => HashCheck::Match,
                Some(_) => HashCheck::Mismatch,
            };
            (dg, verdict)
        })
        .collect()
}

/// The data groups in `files` for which the SOD lists no hash.
pub fn unlisted(sod: &Sod, files: &BTreeMap<u8, Vec<u8>>) -> Vec<u8> {
    files
        .keys()
        .copied()
        .filter(|dg| sod.data_group_hash(*dg).is_none())
        .collect()
}
