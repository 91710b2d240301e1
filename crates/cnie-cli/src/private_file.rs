//! Files that may hold personal data: the one way the CLI writes to disk. Dump folders
//! (`read --out`), `certs --out`, `sign` and `authenticate` `--out` and `--cert-out`,
//! `probe --out`; any future writer (`--evidence`, `--photo`) goes through here too.
//!
//! - A folder is created with mode 0700 (missing parents too). An existing folder is
//!   used only when it is a real directory (not a symbolic link), owned by the user
//!   running `cnie` and not writable by others; its mode is left as it is.
//! - A file is created new (`O_CREAT | O_EXCL`) with mode 0600 and `O_NOFOLLOW`: a
//!   symbolic link planted at its name is never followed. An existing file is an error
//!   ([`PrivateFileError::Exists`]) unless the caller allows replacing it
//!   ([`Existing::Replace`], `--force-overwrite`): the bytes then go to a new temporary
//!   file (same rules) in the same folder, renamed over the old one. A symbolic link or
//!   anything but a regular file is never replaced.
//! - [`Plan`]: several files checked all before the first is written, so that a refusal
//!   writes nothing; a failure half-way removes the files this plan created.
//!
//! On systems other than Unix only the create-new rule applies (no modes, owners or
//! `O_NOFOLLOW`).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::exit::{Code, Failure};

/// What to do when a target file already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Refuse: nothing is written.
    Refuse,
    /// Replace a regular file (`--force-overwrite`).
    Replace,
}

impl Existing {
    /// From the `--force-overwrite` flag.
    pub fn from_flag(force_overwrite: bool) -> Self {
        if force_overwrite {
            Existing::Replace
        } else {
            Existing::Refuse
        }
    }
}

/// Why a private file or folder was not written.
#[derive(Debug)]
pub enum PrivateFileError {
    /// The file exists and replacing was not allowed.
    Exists {
        /// The file.
        path: PathBuf,
    },
    /// A symbolic link, a folder, a device …: never replaced.
    NotRegularFile {
        /// The path.
        path: PathBuf,
    },
    /// The folder is a symbolic link.
    FolderIsLink {
        /// The folder.
        path: PathBuf,
    },
    /// The folder's path names something else.
    NotAFolder {
        /// The path.
        path: PathBuf,
    },
    /// The folder belongs to another user.
    FolderNotOwned {
        /// The folder.
        path: PathBuf,
    },
    /// The folder is writable by every user.
    FolderWritableByOthers {
        /// The folder.
        path: PathBuf,
    },
    /// One path given for two files.
    NamedTwice {
        /// The path.
        path: PathBuf,
    },
    /// The system refused.
    Io {
        /// What was being done ("create", "write" …).
        action: &'static str,
        /// The path.
        path: PathBuf,
        /// The error.
        source: io::Error,
    },
}

/// In the language in use (see [`PrivateFileError::message`]).
impl std::fmt::Display for PrivateFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for PrivateFileError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PrivateFileError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<PrivateFileError> for Failure {
    fn from(e: PrivateFileError) -> Failure {
        let code = match e {
            PrivateFileError::NamedTwice { .. } => Code::Usage,
            PrivateFileError::Exists { .. }
            | PrivateFileError::NotRegularFile { .. }
            | PrivateFileError::FolderIsLink { .. }
            | PrivateFileError::NotAFolder { .. }
            | PrivateFileError::FolderNotOwned { .. }
            | PrivateFileError::FolderWritableByOthers { .. }
            | PrivateFileError::Io { .. } => Code::Io,
        };
        Failure::new(code, e.message())
    }
}

impl PrivateFileError {
    /// The error in the language in use.
    pub fn message(&self) -> String {
        let shown = |p: &Path| p.display().to_string();
        match self {
            PrivateFileError::Exists { path } => t!("file-exists", path = shown(path)),
            PrivateFileError::NotRegularFile { path } => {
                t!("file-not-regular", path = shown(path))
            }
            PrivateFileError::FolderIsLink { path } => t!("folder-is-link", path = shown(path)),
            PrivateFileError::NotAFolder { path } => t!("error-not-a-folder", path = shown(path)),
            PrivateFileError::FolderNotOwned { path } => {
                t!("folder-not-owned", path = shown(path))
            }
            PrivateFileError::FolderWritableByOthers { path } => {
                t!("folder-writable-by-others", path = shown(path))
            }
            PrivateFileError::NamedTwice { path } => t!("file-named-twice", path = shown(path)),
            PrivateFileError::Io {
                action,
                path,
                source,
            } => {
                let detail = source.to_string();
                let path = shown(path);
                match *action {
                    "create folder" => t!("file-io-create-folder", path = path, detail = detail),
                    "inspect" => t!("file-io-inspect", path = path, detail = detail),
                    "write" => t!("file-io-write", path = path, detail = detail),
                    "replace" => t!("file-io-replace", path = path, detail = detail),
                    _ => t!("file-io-create", path = path, detail = detail),
                }
            }
        }
    }
}

fn io_error(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> PrivateFileError {
    let path = path.to_path_buf();
    move |source| PrivateFileError::Io {
        action,
        path,
        source,
    }
}

/// Whether a folder is there to be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Folder {
    Absent,
    Usable,
}

/// Checks an existing folder: a real directory, ours, not writable by others.
fn check_folder(dir: &Path) -> Result<Folder, PrivateFileError> {
    let meta = match fs::symlink_metadata(dir) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Folder::Absent),
        Err(e) => return Err(io_error("inspect", dir)(e)),
    };
    let path = || dir.to_path_buf();
    if meta.file_type().is_symlink() {
        return Err(PrivateFileError::FolderIsLink { path: path() });
    }
    if !meta.is_dir() {
        return Err(PrivateFileError::NotAFolder { path: path() });
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.uid() != rustix::process::geteuid().as_raw() {
            return Err(PrivateFileError::FolderNotOwned { path: path() });
        }
        if meta.mode() & 0o002 != 0 {
            return Err(PrivateFileError::FolderWritableByOthers { path: path() });
        }
    }
    Ok(Folder::Usable)
}

/// Creates `dir` (and its missing parents) with mode 0700, or accepts an existing folder
/// under the rules of the module.
pub fn create_folder(dir: &Path) -> Result<(), PrivateFileError> {
    if check_folder(dir)? == Folder::Usable {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .map_err(io_error("create folder", dir))?;
    // Checked again: something else may have taken the name meanwhile.
    match check_folder(dir)? {
        Folder::Usable => Ok(()),
        Folder::Absent => Err(PrivateFileError::Io {
            action: "create folder",
            path: dir.to_path_buf(),
            source: io::ErrorKind::NotFound.into(),
        }),
    }
}

/// Checks that `path` may be written: absent, or a regular file with
/// [`Existing::Replace`].
pub fn check_target(path: &Path, existing: Existing) -> Result<(), PrivateFileError> {
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io_error("inspect", path)(e)),
        Ok(meta) if !meta.file_type().is_file() => Err(PrivateFileError::NotRegularFile {
            path: path.to_path_buf(),
        }),
        Ok(_) => match existing {
            Existing::Replace => Ok(()),
            Existing::Refuse => Err(PrivateFileError::Exists {
                path: path.to_path_buf(),
            }),
        },
    }
}

/// Checks a folder (when the files go into one) and every target, before anything is
/// written: the folder usable or absent, each file writable under `existing`, no path
/// named twice.
pub fn check_all(
    folder: Option<&Path>,
    paths: &[&Path],
    existing: Existing,
) -> Result<(), PrivateFileError> {
    if let Some(dir) = folder {
        check_folder(dir)?;
    }
    no_path_twice(paths)?;
    paths
        .iter()
        .try_for_each(|path| check_target(path, existing))
}

fn no_path_twice(paths: &[&Path]) -> Result<(), PrivateFileError> {
    for (i, path) in paths.iter().enumerate() {
        if paths.iter().skip(i + 1).any(|other| other == path) {
            return Err(PrivateFileError::NamedTwice {
                path: path.to_path_buf(),
            });
        }
    }
    Ok(())
}

/// Opens a new file for writing: create-new, mode 0600, no symbolic link followed.
fn create_new(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options
            .mode(0o600)
            .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits().cast_signed());
    }
    options.open(path)
}

/// Writes `bytes` to a file just created at `path`; on failure the file is removed.
fn fill(mut file: File, path: &Path, bytes: &[u8]) -> Result<(), PrivateFileError> {
    let written = (|| {
        #[cfg(unix)]
        {
            // The mode asked at creation is reduced by the umask; make it exactly 0600.
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(fs::Permissions::from_mode(0o600))?;
        }
        file.write_all(bytes)?;
        file.sync_all()
    })();
    written.map_err(|e| {
        let _ = fs::remove_file(path);
        io_error("write", path)(e)
    })
}

/// What [`write`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// A new file.
    Created,
    /// A regular file replaced (`--force-overwrite`).
    Replaced,
}

/// Writes `bytes` to `path` as a private file (see the module).
pub fn write(path: &Path, bytes: &[u8], existing: Existing) -> Result<Written, PrivateFileError> {
    match create_new(path) {
        Ok(file) => fill(file, path, bytes).map(|()| Written::Created),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists || is_link_refusal(&e) => {
            check_target(path, existing)?;
            match existing {
                Existing::Replace => replace(path, bytes).map(|()| Written::Replaced),
                // check_target refuses an existing file without the flag; a file
                // removed meanwhile is still not written over.
                Existing::Refuse => Err(PrivateFileError::Exists {
                    path: path.to_path_buf(),
                }),
            }
        }
        Err(e) => Err(io_error("create", path)(e)),
    }
}

/// `O_NOFOLLOW` met a symbolic link (`ELOOP`).
fn is_link_refusal(e: &io::Error) -> bool {
    #[cfg(unix)]
    {
        e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error())
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

/// Replaces the regular file `path`: a new temporary file in the same folder, renamed
/// over it (the old file's inode, and any other link to it, is left untouched).
fn replace(path: &Path, bytes: &[u8]) -> Result<(), PrivateFileError> {
    let name = path
        .file_name()
        .ok_or_else(|| PrivateFileError::NotRegularFile {
            path: path.to_path_buf(),
        })?;
    let mut attempt = 0u32;
    let (file, temporary) = loop {
        let mut temp_name = std::ffi::OsString::from(".");
        temp_name.push(name);
        temp_name.push(format!(".cnie-{}-{attempt}.tmp", std::process::id()));
        let temporary = path.with_file_name(temp_name);
        match create_new(&temporary) {
            Ok(file) => break (file, temporary),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(io_error("create", &temporary)(e)),
        }
    };
    fill(file, &temporary, bytes)?;
    // Still a regular file (not swapped for a link) right before the rename.
    let renamed = check_target(path, Existing::Replace)
        .and_then(|()| fs::rename(&temporary, path).map_err(io_error("replace", path)));
    if renamed.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    renamed
}

/// Files written together: every target is checked before the first is written.
#[derive(Debug)]
pub struct Plan {
    folder: Option<PathBuf>,
    files: Vec<(PathBuf, Vec<u8>)>,
    existing: Existing,
}

impl Plan {
    /// Files anywhere (each in a folder that exists).
    pub fn new(existing: Existing) -> Self {
        Plan {
            folder: None,
            files: Vec::new(),
            existing,
        }
    }

    /// Files in `dir`, created (mode 0700) if needed.
    pub fn in_folder(dir: &Path, existing: Existing) -> Self {
        Plan {
            folder: Some(dir.to_path_buf()),
            ..Plan::new(existing)
        }
    }

    /// Adds a file: `name` inside the plan's folder (or a path of its own without one).
    /// Returns its path.
    pub fn add(&mut self, name: impl AsRef<Path>, bytes: Vec<u8>) -> PathBuf {
        let path = match &self.folder {
            Some(dir) => dir.join(name),
            None => name.as_ref().to_path_buf(),
        };
        self.files.push((path.clone(), bytes));
        path
    }

    /// Checks every target ([`check_all`]) without writing.
    pub fn check(&self) -> Result<(), PrivateFileError> {
        let paths: Vec<&Path> = self.files.iter().map(|(p, _)| p.as_path()).collect();
        check_all(self.folder.as_deref(), &paths, self.existing)
    }

    /// Checks every target, creates the folder, writes every file. On a failure the
    /// files this plan created are removed, and the folder if it created it (replaced
    /// files cannot be restored).
    pub fn write(self) -> Result<(), PrivateFileError> {
        self.check()?;
        let new_folder = match &self.folder {
            Some(dir) => {
                let absent = check_folder(dir)? == Folder::Absent;
                create_folder(dir)?;
                absent.then_some(dir)
            }
            None => None,
        };
        let mut created = Vec::new();
        for (path, bytes) in &self.files {
            match write(path, bytes, self.existing) {
                Ok(Written::Created) => created.push(path),
                Ok(Written::Replaced) => {}
                Err(e) => {
                    for path in created {
                        let _ = fs::remove_file(path);
                    }
                    if let Some(dir) = new_folder {
                        // Only when empty: never anything this plan did not write.
                        let _ = fs::remove_dir(dir);
                    }
                    return Err(e);
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh folder under the system's temporary folder, removed on drop.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str) -> Scratch {
            let dir = std::env::temp_dir()
                .join(format!("cnie-private-file-{}-{name}", std::process::id()));
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir(&dir).unwrap();
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                fs::set_permissions(&dir, fs::Permissions::from_mode(0o700)).unwrap();
            }
            Scratch(dir)
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        fs::symlink_metadata(path).unwrap().permissions().mode() & 0o7777
    }

    #[test]
    #[cfg(unix)]
    fn folders_are_0700_and_files_0600() {
        let scratch = Scratch::new("modes");
        let dir = scratch.0.join("a/b/dump");
        let mut plan = Plan::in_folder(&dir, Existing::Refuse);
        let file = plan.add("DG1.bin", b"personal".to_vec());
        plan.write().unwrap();
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&scratch.0.join("a")), 0o700, "created parents too");
        assert_eq!(mode(&file), 0o600);
        assert_eq!(fs::read(&file).unwrap(), b"personal");
        // A single file, and a replaced one, are 0600 as well.
        let single = scratch.0.join("report.json");
        assert_eq!(
            write(&single, b"{}", Existing::Refuse).unwrap(),
            Written::Created
        );
        assert_eq!(mode(&single), 0o600);
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&single, fs::Permissions::from_mode(0o644)).unwrap();
        }
        assert_eq!(
            write(&single, b"{\"a\":1}", Existing::Replace).unwrap(),
            Written::Replaced
        );
        assert_eq!(mode(&single), 0o600);
        assert_eq!(fs::read(&single).unwrap(), b"{\"a\":1}");
    }

    #[test]
    fn an_existing_file_is_refused_without_the_flag_and_replaced_with_it() {
        let scratch = Scratch::new("existing");
        let path = scratch.0.join("signature.der");
        fs::write(&path, b"old").unwrap();
        let err = write(&path, b"new", Existing::Refuse).unwrap_err();
        assert!(matches!(err, PrivateFileError::Exists { .. }), "{err}");
        let failure = Failure::from(err);
        assert_eq!(failure.code, Code::Io);
        assert!(failure.message.contains("--force-overwrite"), "{failure}");
        assert!(failure.message.contains("signature.der"), "{failure}");
        assert_eq!(fs::read(&path).unwrap(), b"old");
        assert_eq!(
            write(&path, b"new", Existing::Replace).unwrap(),
            Written::Replaced
        );
        assert_eq!(fs::read(&path).unwrap(), b"new");
        // No temporary file left behind.
        let names: Vec<_> = fs::read_dir(&scratch.0)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["signature.der"]);
    }

    #[test]
    #[cfg(unix)]
    fn a_symbolic_link_is_never_followed_nor_replaced() {
        let scratch = Scratch::new("links");
        let victim = scratch.0.join("victim");
        fs::write(&victim, b"keep").unwrap();
        let link = scratch.0.join("out.sig");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        for existing in [Existing::Refuse, Existing::Replace] {
            let err = write(&link, b"evil", existing).unwrap_err();
            assert!(
                matches!(err, PrivateFileError::NotRegularFile { .. }),
                "{existing:?}: {err}"
            );
            assert!(check_target(&link, existing).is_err());
        }
        // A dangling link (its target absent) is not created through either.
        let dangling = scratch.0.join("dangling");
        std::os::unix::fs::symlink(scratch.0.join("nowhere"), &dangling).unwrap();
        for existing in [Existing::Refuse, Existing::Replace] {
            assert!(write(&dangling, b"evil", existing).is_err());
        }
        assert!(!scratch.0.join("nowhere").exists());
        assert_eq!(fs::read(&victim).unwrap(), b"keep");
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        // A folder is not replaced by a file either.
        let folder = scratch.0.join("folder");
        fs::create_dir(&folder).unwrap();
        assert!(matches!(
            write(&folder, b"x", Existing::Replace),
            Err(PrivateFileError::NotRegularFile { .. })
        ));
    }

    #[test]
    #[cfg(unix)]
    fn a_folder_must_be_a_real_folder_of_ours() {
        let scratch = Scratch::new("folders");
        let real = scratch.0.join("real");
        fs::create_dir(&real).unwrap();
        let link = scratch.0.join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let mut plan = Plan::in_folder(&link, Existing::Replace);
        plan.add("DG1.bin", b"x".to_vec());
        assert!(matches!(
            plan.write(),
            Err(PrivateFileError::FolderIsLink { .. })
        ));
        assert_eq!(fs::read_dir(&real).unwrap().count(), 0);
        let file = scratch.0.join("file");
        fs::write(&file, b"").unwrap();
        assert!(matches!(
            create_folder(&file),
            Err(PrivateFileError::NotAFolder { .. })
        ));
        // Writable by everyone: refused.
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&real, fs::Permissions::from_mode(0o777)).unwrap();
        }
        assert!(matches!(
            create_folder(&real),
            Err(PrivateFileError::FolderWritableByOthers { .. })
        ));
        // The system's temporary folder is writable by everyone (or not ours).
        assert!(create_folder(Path::new("/tmp")).is_err());
        // An existing folder of ours keeps its mode.
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&real, fs::Permissions::from_mode(0o750)).unwrap();
        }
        create_folder(&real).unwrap();
        assert_eq!(mode(&real), 0o750);
    }

    #[test]
    fn a_plan_checks_every_target_before_writing_the_first() {
        let scratch = Scratch::new("plan");
        let dir = scratch.0.join("dump");
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join("document.json"), b"old").unwrap();
        let mut plan = Plan::in_folder(&dir, Existing::Refuse);
        for name in ["EF.COM.bin", "EF.SOD.bin", "DG1.bin", "document.json"] {
            plan.add(name, name.as_bytes().to_vec());
        }
        let err = plan.write().unwrap_err();
        assert!(
            matches!(&err, PrivateFileError::Exists { path } if path.ends_with("document.json"))
        );
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["document.json"], "nothing else was written");
        assert_eq!(fs::read(dir.join("document.json")).unwrap(), b"old");

        // A failure half-way (here a file in a subfolder that does not exist: absent,
        // so the checks pass, and then not creatable): the files written before it and
        // the new folder are removed.
        let fresh = scratch.0.join("fresh");
        let mut plan = Plan::in_folder(&fresh, Existing::Refuse);
        plan.add("EF.COM.bin", b"1".to_vec());
        plan.add("no-such-folder/DG1.bin", b"2".to_vec());
        let err = plan.write().unwrap_err();
        assert!(matches!(err, PrivateFileError::Io { .. }), "{err}");
        assert!(!fresh.exists(), "the new folder and its file are gone");

        // One path for two files: refused before anything is written.
        let mut plan = Plan::new(Existing::Replace);
        plan.add(scratch.0.join("same"), b"1".to_vec());
        plan.add(scratch.0.join("same"), b"2".to_vec());
        let err = plan.write().unwrap_err();
        assert!(matches!(err, PrivateFileError::NamedTwice { .. }));
        assert_eq!(Failure::from(err).code, Code::Usage);
        assert!(!scratch.0.join("same").exists());
    }
}
