//! Dump folders: the raw files of a document as `EF.COM.bin`, `EF.SOD.bin`,
//! `DG1.bin` …, plus `document.json` and the face image.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::Path;

use cnie::card::MAX_FILE_SIZE;
use cnie::lds::file::LdsFile;

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

/// Loads every known file present in `dir`.
pub fn load(dir: &Path) -> Result<BTreeMap<LdsFile, Vec<u8>>, Failure> {
    if !dir.is_dir() {
        return Err(Failure::new(
            Code::Io,
            format!("{} is not a folder", dir.display()),
        ));
    }
    let mut files = BTreeMap::new();
    for file in LdsFile::all() {
        let path = dir.join(file.file_name());
        let handle = match fs::File::open(&path) {
            Ok(h) => h,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
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
        files.insert(file, bytes);
    }
    if !files.contains_key(&LdsFile::Sod) {
        return Err(Failure::new(
            Code::Io,
            format!(
                "{} holds no EF.SOD.bin: not a dump folder written by `cnie read --out`",
                dir.display()
            ),
        ));
    }
    Ok(files)
}
