//! The user's trust store: CSCA certificates, DS certificates and CRLs imported with
//! `cnie trust import` (PEM/DER certificates, CSCA master lists, ICAO PKD LDIF files),
//! kept in `$CNIE_TRUST_DIR`, else `$XDG_DATA_HOME/cnie/trust`, else
//! `~/.local/share/cnie/trust` (folder 0700, files 0600 through [`crate::private_file`]),
//! and used by every command that verifies, beside the built-in anchors and `--trust`.
//!
//! One file per item, named by the SHA-256 of its DER (`<hex>.der`, `<hex>.crl`), so
//! importing the same item twice changes nothing; `index.json` says for each where it
//! came from and what it is.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use cnie::pa::ldif::{self, LdifKind};
use cnie::pa::{Certificate, TrustError, TrustStore};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::exit::{Code, Failure};
use crate::private_file::{self, Existing};

const INDEX: &str = "index.json";
/// The largest file `trust import` reads (an ICAO PKD LDIF download fits).
const MAX_IMPORT: u64 = ldif::MAX_LDIF_SIZE as u64;
/// The largest stored item or index.
const MAX_STORED: u64 = 64 * 1024 * 1024;

/// What a stored item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A CA certificate (CSCA or link): a trust anchor.
    Csca,
    /// A document signer certificate: kept, not an anchor (EF.SOD carries its signer).
    DsCertificate,
    /// A certificate revocation list.
    Crl,
}

/// One stored item, as `index.json` and `trust list` show it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// What it is.
    pub kind: Kind,
    /// Subject (certificates) or issuer (CRLs).
    pub name: String,
    /// The file it was imported from (and the master list or LDIF entry).
    pub source: String,
    /// For certificates from a master list: whether the list verified.
    pub list_verified: Option<bool>,
}

/// The store's folder, from the environment.
pub fn dir() -> Option<PathBuf> {
    let var = |name| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    var("CNIE_TRUST_DIR")
        .or_else(|| var("XDG_DATA_HOME").map(|d| d.join("cnie/trust")))
        .or_else(|| var("HOME").map(|h| h.join(".local/share/cnie/trust")))
}

fn store_dir() -> Result<PathBuf, Failure> {
    dir().ok_or_else(|| Failure::new(Code::Io, t!("trust-store-no-folder")))
}

fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, Failure> {
    let io = |e: std::io::Error| crate::exit::read_failure(path, e);
    let mut bytes = Vec::new();
    fs::File::open(path)
        .map_err(io)?
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(Failure::new(
            Code::Io,
            t!(
                "error-file-over-limit",
                path = path.display().to_string(),
                max = limit
            ),
        ));
    }
    Ok(bytes)
}

/// The index of the store at `dir` (empty when there is none).
fn index(dir: &Path) -> Result<BTreeMap<String, Entry>, Failure> {
    let path = dir.join(INDEX);
    if !path.exists() {
        return Ok(BTreeMap::new());
    }
    let bytes = read_bounded(&path, MAX_STORED)?;
    serde_json::from_slice(&bytes).map_err(|e| {
        Failure::new(
            Code::Io,
            t!(
                "trust-store-damaged",
                path = path.display().to_string(),
                detail = e.to_string()
            ),
        )
    })
}

fn write_index(dir: &Path, index: &BTreeMap<String, Entry>) -> Result<(), Failure> {
    let json = serde_json::to_vec_pretty(index).map_err(|e| {
        Failure::new(
            Code::Failure,
            t!("json-encode-failed", detail = e.to_string()),
        )
    })?;
    private_file::write(&dir.join(INDEX), &json, Existing::Replace)?;
    Ok(())
}

fn file_name(fingerprint: &str, kind: Kind) -> String {
    match kind {
        Kind::Crl => format!("{fingerprint}.crl"),
        Kind::Csca | Kind::DsCertificate => format!("{fingerprint}.der"),
    }
}

/// SHA-256 of `der`, lower-case hex.
pub fn fingerprint(der: &[u8]) -> String {
    hex::encode(Sha256::digest(der))
}

/// The stored entries with their fingerprints (none when there is no store).
pub fn entries() -> Result<BTreeMap<String, Entry>, Failure> {
    match dir() {
        Some(dir) if dir.is_dir() => index(&dir),
        _ => Ok(BTreeMap::new()),
    }
}

/// Adds the stored anchors and CRLs to `store` (source `user:<where it came from>`).
pub fn load_into(store: &mut TrustStore) -> Result<(), Failure> {
    let Some(dir) = dir().filter(|d| d.is_dir()) else {
        return Ok(());
    };
    for (fingerprint, entry) in index(&dir)? {
        let path = dir.join(file_name(&fingerprint, entry.kind));
        let source = format!("user:{}", entry.source);
        let bad = |e: TrustError| {
            Failure::new(
                Code::Io,
                t!(
                    "trust-store-bad-item",
                    path = path.display().to_string(),
                    detail = e.to_string()
                ),
            )
        };
        match entry.kind {
            Kind::Csca => {
                store
                    .add_der(&read_bounded(&path, MAX_STORED)?, &source)
                    .map_err(bad)?;
            }
            Kind::Crl => {
                store
                    .add_crl_der(&read_bounded(&path, MAX_STORED)?, &source)
                    .map_err(bad)?;
            }
            Kind::DsCertificate => {}
        }
    }
    Ok(())
}

/// An item found in a file being imported.
struct Item {
    kind: Kind,
    der: Vec<u8>,
    name: String,
    source: String,
    list_verified: Option<bool>,
}

fn trust_failure(path: &Path, e: TrustError) -> Failure {
    match e {
        TrustError::UnverifiedMasterList { error, .. } => Failure::new(
            Code::Io,
            t!(
                "trust-import-unverified",
                path = path.display().to_string(),
                detail = error.to_string()
            ),
        ),
        e => import_failure(&path.display().to_string(), &e),
    }
}

fn import_failure(what: &str, e: &dyn std::fmt::Display) -> Failure {
    Failure::new(
        Code::Io,
        t!("trust-import-failed", path = what, detail = e.to_string()),
    )
}

/// The items of one certificate, CRL or master list (through a scratch store, which
/// verifies a master list unless `force`).
fn items_of(bytes: &[u8], source: &str, hint: &str, force: bool) -> Result<Vec<Item>, TrustError> {
    let mut scratch = TrustStore::new();
    scratch.allow_unverified_master_lists(force);
    scratch.add_bytes(bytes, source, hint)?;
    let mut items: Vec<Item> = scratch
        .anchors()
        .iter()
        .map(|a| Item {
            // A master list holds CSCA certificates only; elsewhere a certificate that
            // is neither marked a CA (basicConstraints) nor self-issued is a document
            // signer's.
            kind: if a.list_verified().is_none()
                && a.certificate().is_ca() != Some(true)
                && !a.certificate().is_self_issued()
            {
                Kind::DsCertificate
            } else {
                Kind::Csca
            },
            der: a.certificate().der().to_vec(),
            name: a.subject().to_string(),
            source: a.source().to_string(),
            list_verified: a.list_verified(),
        })
        .collect();
    items.extend(scratch.crls().iter().map(|c| Item {
        kind: Kind::Crl,
        der: c.der().to_vec(),
        name: c.issuer().to_string(),
        source: source.to_string(),
        list_verified: None,
    }));
    Ok(items)
}

/// Whether `bytes` look like LDIF: the `.ldif` extension, or a first line that is
/// `version:` or `dn:` (after comments).
fn is_ldif(bytes: &[u8], ext: &str) -> bool {
    if ext == "ldif" {
        return true;
    }
    let first = bytes
        .split(|&b| b == b'\n')
        .find(|l| !l.is_empty() && !l.starts_with(b"#") && l != b"\r");
    first.is_some_and(|l| l.starts_with(b"version:") || l.starts_with(b"dn:"))
}

/// Every item of one file to import.
fn read_items(path: &Path, force: bool) -> Result<Vec<Item>, Failure> {
    let bytes = read_bounded(path, MAX_IMPORT)?;
    let source = path.display().to_string();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if !is_ldif(&bytes, &ext) {
        return items_of(&bytes, &source, &ext, force).map_err(|e| trust_failure(path, e));
    }
    let entries = ldif::parse(&bytes).map_err(|e| import_failure(&source, &e))?;
    let mut items = Vec::new();
    for entry in entries {
        let origin = format!("{source} ({})", entry.dn);
        let hint = match entry.kind {
            LdifKind::MasterList => "ml",
            LdifKind::Crl => "crl",
            LdifKind::Certificate => "der",
        };
        items.extend(
            items_of(&entry.bytes, &origin, hint, force).map_err(|e| trust_failure(path, e))?,
        );
    }
    Ok(items)
}

/// What an import did.
#[derive(Debug, Default, Serialize)]
pub struct Imported {
    /// The store's folder.
    pub store: String,
    /// Items new to the store.
    pub added: usize,
    /// Items it already had.
    pub already_present: usize,
    /// New items by kind.
    pub csca: usize,
    /// New DS certificates.
    pub ds_certificates: usize,
    /// New CRLs.
    pub crls: usize,
}

/// Imports `paths` into the store; every file is read and checked before anything is
/// written.
pub fn import(paths: &[PathBuf], force: bool) -> Result<Imported, Failure> {
    let dir = store_dir()?;
    let mut items = Vec::new();
    for path in paths {
        items.extend(read_items(path, force)?);
    }
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(|e| {
            Failure::new(
                Code::Io,
                t!(
                    "file-io-create",
                    path = parent.display().to_string(),
                    detail = e.to_string()
                ),
            )
        })?;
    }
    private_file::create_folder(&dir)?;
    let mut index = index(&dir)?;
    let mut done = Imported {
        store: dir.display().to_string(),
        ..Imported::default()
    };
    for item in items {
        let fingerprint = fingerprint(&item.der);
        if index.contains_key(&fingerprint) {
            done.already_present += 1;
            continue;
        }
        let path = dir.join(file_name(&fingerprint, item.kind));
        private_file::write(&path, &item.der, Existing::Replace)?;
        match item.kind {
            Kind::Csca => done.csca += 1,
            Kind::DsCertificate => done.ds_certificates += 1,
            Kind::Crl => done.crls += 1,
        }
        done.added += 1;
        index.insert(
            fingerprint,
            Entry {
                kind: item.kind,
                name: item.name,
                source: item.source,
                list_verified: item.list_verified,
            },
        );
    }
    write_index(&dir, &index)?;
    Ok(done)
}

/// Removes every item whose fingerprint starts with `pattern` (at least 8 hex digits)
/// or whose subject/issuer contains it (ASCII case ignored); returns what was removed.
pub fn remove(pattern: &str) -> Result<Vec<(String, Entry)>, Failure> {
    let dir = store_dir()?;
    let needle = pattern.trim().to_ascii_lowercase();
    if needle.is_empty() {
        return Err(Failure::new(Code::Usage, t!("trust-remove-nothing-given")));
    }
    let mut index = if dir.is_dir() {
        index(&dir)?
    } else {
        BTreeMap::new()
    };
    let is_fingerprint = needle.len() >= 8 && needle.bytes().all(|b| b.is_ascii_hexdigit());
    let matching: Vec<String> = index
        .iter()
        .filter(|(fp, e)| {
            (is_fingerprint && fp.starts_with(&needle))
                || e.name.to_ascii_lowercase().contains(&needle)
        })
        .map(|(fp, _)| fp.clone())
        .collect();
    if matching.is_empty() {
        return Err(Failure::new(
            Code::BadInput,
            t!(
                "trust-remove-no-match",
                store = dir.display().to_string(),
                pattern = pattern
            ),
        ));
    }
    let mut removed = Vec::new();
    for fp in matching {
        if let Some(entry) = index.remove(&fp) {
            let path = dir.join(file_name(&fp, entry.kind));
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(Failure::new(
                        Code::Io,
                        t!(
                            "trust-remove-failed",
                            path = path.display().to_string(),
                            detail = e.to_string()
                        ),
                    ));
                }
            }
            removed.push((fp, entry));
        }
    }
    write_index(&dir, &index)?;
    Ok(removed)
}

/// Whether a certificate (DER) has expired at `now` (Unix seconds).
pub fn expired(cert: &Certificate, now: i64) -> bool {
    cert.not_after() < now
}
