//! Dump folders: the raw files of a document as `EF.COM.bin`, `EF.SOD.bin`,
//! `DG1.bin` …, plus `document.json` and the face image.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::Path;

use cnie::card::MAX_FILE_SIZE;
use cnie::lds::file::LdsFile;
use cnie::session::ActiveAuthenticationExchange;

/// The files of a dump and its Active Authentication exchange.
pub type Loaded = (
    BTreeMap<LdsFile, Vec<u8>>,
    Option<ActiveAuthenticationExchange>,
);

use crate::exit::{Code, Failure};

fn io_failure(path: &Path, what: &str, e: std::io::Error) -> Failure {
    Failure::new(Code::Io, format!("cannot {what} {}: {e}", path.display()))
}

/// Writes the raw files into `dir` (created if needed).
pub fn write_files(dir: &Path, files: &BTreeMap<LdsFile, Vec<u8>>) -> Result<(), Failure> {
    fs::create_dir_all(dir).map_err(|e| io_failure(dir, "create folder", e))?;
    for (file, bytes) in files {
        let path = dir.join(file.file_name());
        fs::write(&path, bytes).map_err(|e| io_failure(&path, "write", e))?;
    }
    Ok(())
}

/// Writes one extra file (document.json, the face image) into `dir`.
pub fn write_extra(dir: &Path, name: &str, bytes: &[u8]) -> Result<String, Failure> {
    let path = dir.join(name);
    fs::write(&path, bytes).map_err(|e| io_failure(&path, "write", e))?;
    Ok(path.display().to_string())
}

/// The Active Authentication exchange, kept so that `verify` re-checks it offline.
const AA_CHALLENGE: &str = "AA.challenge.bin";
const AA_RESPONSE: &str = "AA.response.bin";

/// Writes the Active Authentication challenge and the chip's answer into `dir`.
pub fn write_active_authentication(
    dir: &Path,
    aa: &ActiveAuthenticationExchange,
) -> Result<(), Failure> {
    write_extra(dir, AA_CHALLENGE, &aa.challenge)?;
    if let Some(response) = &aa.response {
        write_extra(dir, AA_RESPONSE, response)?;
    }
    Ok(())
}

/// Reads a small file of `dir`, `None` when absent.
fn read_small(dir: &Path, name: &str) -> Result<Option<Vec<u8>>, Failure> {
    let path = dir.join(name);
    let handle = match fs::File::open(&path) {
        Ok(h) => h,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_failure(&path, "read", e)),
    };
    let mut bytes = Vec::new();
    handle
        .take(MAX_FILE_SIZE as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_failure(&path, "read", e))?;
    if bytes.len() > MAX_FILE_SIZE {
        return Err(Failure::new(
            Code::Io,
            format!("{} is larger than 16 MiB", path.display()),
        ));
    }
    Ok(Some(bytes))
}

/// Loads every known file present in `dir`, and the Active Authentication exchange
/// when one was kept.
pub fn load(dir: &Path) -> Result<Loaded, Failure> {
    if !dir.is_dir() {
        return Err(Failure::new(
            Code::Io,
            format!("{} is not a folder", dir.display()),
        ));
    }
    let mut files = BTreeMap::new();
    for file in LdsFile::all() {
        if let Some(bytes) = read_small(dir, &file.file_name())? {
            files.insert(file, bytes);
        }
    }
    let challenge = read_small(dir, AA_CHALLENGE)?;
    let active_authentication = match challenge {
        None => None,
        Some(c) => Some(ActiveAuthenticationExchange {
            challenge: <[u8; 8]>::try_from(c.as_slice())
                .map_err(|_| Failure::new(Code::Io, format!("{AA_CHALLENGE} is not 8 bytes")))?,
            response: read_small(dir, AA_RESPONSE)?,
        }),
    };
    if !files.contains_key(&LdsFile::Sod) {
        return Err(Failure::new(
            Code::Io,
            format!(
                "{} holds no EF.SOD.bin: not a dump folder written by `cnie read --out`",
                dir.display()
            ),
        ));
    }
    Ok((files, active_authentication))
}
