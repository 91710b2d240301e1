//! Dump folders: the raw files of a document as `EF.COM.bin`, `EF.SOD.bin`,
//! `DG1.bin` …, `EF.CardAccess.bin` when the card has one, plus `document.json` and the
//! face image. Written as private files
//! ([`crate::private_file`]: folder 0700, files 0600, never over an existing file
//! without `--force-overwrite`, every target checked before the first is written);
//! read back by `verify`.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::Path;

use cnie::card::MAX_FILE_SIZE;
use cnie::lds::file::LdsFile;
use cnie::session::ActiveAuthenticationExchange;

/// The files of a dump, its Active Authentication exchange and its EF.CardAccess.
pub type Loaded = (
    BTreeMap<LdsFile, Vec<u8>>,
    Option<ActiveAuthenticationExchange>,
    Option<Vec<u8>>,
);

use crate::exit::{Code, Failure};
use crate::private_file::{self, Existing, Plan};

use crate::exit::read_failure;

/// The Active Authentication exchange, kept so that `verify` re-checks it offline.
const AA_CHALLENGE: &str = "AA.challenge.bin";
const AA_RESPONSE: &str = "AA.response.bin";

/// EF.CardAccess as the card gave it (read in plain, not signed: kept so that a dump
/// holds every file the card was read with, as an evidence bundle does).
const CARD_ACCESS: &str = "EF.CardAccess.bin";

/// The report written beside the raw files.
pub const DOCUMENT_JSON: &str = "document.json";

/// The files every dump holds: checked before the card is read, so that a folder that
/// already holds a dump is refused (without `--force-overwrite`) before any APDU.
pub fn check_before_reading(dir: &Path, existing: Existing) -> Result<(), Failure> {
    let names = [
        LdsFile::Com.file_name(),
        LdsFile::Sod.file_name(),
        DOCUMENT_JSON.to_string(),
    ];
    let paths: Vec<_> = names.iter().map(|n| dir.join(n)).collect();
    let paths: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
    Ok(private_file::check_all(Some(dir), &paths, existing)?)
}

/// A dump being put together: every file is checked before the first is written
/// ([`private_file::Plan`]), so a refused target leaves nothing half-written.
pub struct Dump {
    plan: Plan,
}

impl Dump {
    /// A dump into `dir` (created with mode 0700 if needed).
    pub fn new(dir: &Path, existing: Existing) -> Self {
        Dump {
            plan: Plan::in_folder(dir, existing),
        }
    }

    /// The raw files (`EF.COM.bin`, `EF.SOD.bin`, `DG1.bin` …).
    pub fn raw_files(&mut self, files: &BTreeMap<LdsFile, Vec<u8>>) {
        for (file, bytes) in files {
            self.plan.add(file.file_name(), bytes.clone());
        }
    }

    /// The Active Authentication challenge and the chip's answer.
    pub fn active_authentication(&mut self, aa: &ActiveAuthenticationExchange) {
        self.plan.add(AA_CHALLENGE, aa.challenge.to_vec());
        if let Some(response) = &aa.response {
            self.plan.add(AA_RESPONSE, response.clone());
        }
    }

    /// EF.CardAccess.
    pub fn card_access(&mut self, bytes: &[u8]) {
        self.plan.add(CARD_ACCESS, bytes.to_vec());
    }

    /// Another file (document.json, the face image); returns its path.
    pub fn extra(&mut self, name: &str, bytes: Vec<u8>) -> String {
        self.plan.add(name, bytes).display().to_string()
    }

    /// Checks every target, then writes them all.
    pub fn write(self) -> Result<(), Failure> {
        Ok(self.plan.write()?)
    }
}

/// Reads a small file of `dir`, `None` when absent.
fn read_small(dir: &Path, name: &str) -> Result<Option<Vec<u8>>, Failure> {
    let path = dir.join(name);
    let handle = match fs::File::open(&path) {
        Ok(h) => h,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(read_failure(&path, e)),
    };
    let mut bytes = Vec::new();
    handle
        .take(MAX_FILE_SIZE as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| read_failure(&path, e))?;
    if bytes.len() > MAX_FILE_SIZE {
        return Err(Failure::new(
            Code::Io,
            t!("error-file-too-large", path = path.display().to_string()),
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
            t!("error-not-a-folder", path = dir.display().to_string()),
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
            challenge: <[u8; 8]>::try_from(c.as_slice()).map_err(|_| {
                Failure::new(Code::Io, t!("error-aa-challenge-size", file = AA_CHALLENGE))
            })?,
            response: read_small(dir, AA_RESPONSE)?,
        }),
    };
    if !files.contains_key(&LdsFile::Sod) {
        return Err(Failure::new(
            Code::Io,
            t!("error-not-a-dump", path = dir.display().to_string()),
        ));
    }
    let card_access = read_small(dir, CARD_ACCESS)?;
    Ok((files, active_authentication, card_access))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specimen() -> BTreeMap<LdsFile, Vec<u8>> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../test-vectors/cards/specimen");
        let (files, _, _) = load(&dir).unwrap();
        files
    }

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("cnie-dump-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    fn dump(dir: &Path, existing: Existing, json: &[u8]) -> Result<(), Failure> {
        let mut dump = Dump::new(dir, existing);
        dump.raw_files(&specimen());
        dump.active_authentication(&ActiveAuthenticationExchange {
            challenge: [7; 8],
            response: Some(vec![1, 2, 3]),
        });
        dump.extra("face.jpg", vec![0xFF, 0xD8]);
        dump.extra(DOCUMENT_JSON, json.to_vec());
        dump.write()
    }

    #[test]
    fn a_dump_is_private_and_read_back() {
        let dir = scratch("private");
        dump(&dir, Existing::Refuse, b"{}").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&dir), 0o700);
            for entry in fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                assert_eq!(mode(&path), 0o600, "{}", path.display());
            }
        }
        let (files, aa, _) = load(&dir).unwrap();
        assert_eq!(files, specimen());
        assert_eq!(aa.unwrap().response, Some(vec![1, 2, 3]));
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_second_dump_into_the_same_folder_needs_the_flag_and_writes_nothing_without_it() {
        let dir = scratch("again");
        dump(&dir, Existing::Refuse, b"first").unwrap();
        // The files of the first dump, as the refusals below must leave them.
        let before: BTreeMap<_, _> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| {
                let path = e.unwrap().path();
                (path.clone(), fs::read(&path).unwrap())
            })
            .collect();
        let err = check_before_reading(&dir, Existing::Refuse).unwrap_err();
        assert_eq!(err.code, Code::Io);
        assert!(err.message.contains("--force-overwrite"), "{err}");
        // EF.COM.bin, the first file a dump writes, is gone: a writer that checked each
        // file only as it came to it would write it before meeting the others.
        fs::remove_file(dir.join("EF.COM.bin")).unwrap();
        let err = dump(&dir, Existing::Refuse, b"second").unwrap_err();
        assert_eq!(err.code, Code::Io);
        assert!(err.message.contains("already exists"), "{err}");
        assert!(!dir.join("EF.COM.bin").exists(), "nothing was written");
        let mut expected = before.clone();
        expected.remove(&dir.join("EF.COM.bin"));
        let after: BTreeMap<_, _> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| {
                let path = e.unwrap().path();
                (path.clone(), fs::read(&path).unwrap())
            })
            .collect();
        assert_eq!(after, expected);
        // With --force-overwrite: replaced, and complete again.
        check_before_reading(&dir, Existing::Replace).unwrap();
        dump(&dir, Existing::Replace, b"second").unwrap();
        assert_eq!(fs::read(dir.join(DOCUMENT_JSON)).unwrap(), b"second");
        assert!(dir.join("EF.COM.bin").exists());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    #[cfg(unix)]
    fn a_planted_link_in_a_dump_folder_is_refused_even_with_the_flag() {
        let dir = scratch("link");
        fs::create_dir(&dir).unwrap();
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&dir, fs::Permissions::from_mode(0o700)).unwrap();
        }
        let victim = scratch("link-victim");
        fs::write(&victim, b"keep").unwrap();
        std::os::unix::fs::symlink(&victim, dir.join("DG2.bin")).unwrap();
        for existing in [Existing::Refuse, Existing::Replace] {
            let err = dump(&dir, existing, b"{}").unwrap_err();
            assert_eq!(err.code, Code::Io);
            assert!(err.message.contains("DG2.bin"), "{err}");
            assert!(!dir.join("DG1.bin").exists(), "nothing was written");
        }
        assert_eq!(fs::read(&victim).unwrap(), b"keep");
        let _ = fs::remove_dir_all(&dir);
        let _ = fs::remove_file(&victim);
    }
}
