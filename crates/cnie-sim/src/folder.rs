//! A card folder: the raw files of a document, named like a dump
//! (`EF.COM.bin`, `EF.SOD.bin`, `DG1.bin` … `DG16.bin`, `EF.CardAccess.bin`),
//! and its `card.toml`. [`CardImage`] is the same thing in memory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::{CardConfig, ConfigError};
use crate::fs::FileName;

/// The largest file a card folder may hold (a real chip holds far less).
pub const MAX_FILE_SIZE: u64 = 1024 * 1024;

/// The name of the settings file inside a card folder.
pub const CONFIG_FILE: &str = "card.toml";

/// Why a card folder could not be read or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FolderError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The system error.
        source: std::io::Error,
    },
    /// `card.toml` is not usable.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A file is larger than [`MAX_FILE_SIZE`].
    #[error("{0}: larger than 1 MiB")]
    TooLarge(PathBuf),
}

/// A whole card in memory: its settings and its files by name.
#[derive(Debug, Clone, PartialEq)]
pub struct CardImage {
    /// The settings (`card.toml`).
    pub config: CardConfig,
    /// File contents by name (EF.COM, DG1, …).
    pub files: BTreeMap<FileName, Vec<u8>>,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> FolderError + '_ {
    move |source| FolderError::Io {
        path: path.to_owned(),
        source,
    }
}

impl CardImage {
    /// A card with these settings and no files.
    pub fn new(config: CardConfig) -> Self {
        CardImage {
            config,
            files: BTreeMap::new(),
        }
    }

    /// Adds (or replaces) a file.
    pub fn with_file(mut self, name: FileName, data: impl Into<Vec<u8>>) -> Self {
        self.files.insert(name, data.into());
        self
    }

    /// Reads a card folder: `card.toml` and every file whose name is a known
    /// file name (`EF.COM.bin`, `DG1.bin`, …). Other files are ignored.
    pub fn load(dir: &Path) -> Result<CardImage, FolderError> {
        let config_path = dir.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&config_path).map_err(io(&config_path))?;
        let config = CardConfig::from_toml(&text)?;
        let mut files = BTreeMap::new();
        for name in FileName::all() {
            let path = dir.join(name.file_name());
            let meta = match std::fs::metadata(&path) {
                Ok(m) => m,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(io(&path)(e)),
            };
            if meta.len() > MAX_FILE_SIZE {
                return Err(FolderError::TooLarge(path));
            }
            let data = std::fs::read(&path).map_err(io(&path))?;
            files.insert(name, data);
        }
        Ok(CardImage { config, files })
    }

    /// Writes the folder (creating it): `card.toml` and one `.bin` per file.
    pub fn save(&self, dir: &Path) -> Result<(), FolderError> {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let config_path = dir.join(CONFIG_FILE);
        let mut text = String::from(
            "# cnie-sim card settings (see crates/cnie-sim/README.md).\n\
             # Test material: every secret in this file is public on purpose.\n\n",
        );
        text.push_str(&self.config.to_toml()?);
        std::fs::write(&config_path, text).map_err(io(&config_path))?;
        for (name, data) in &self.files {
            let path = dir.join(name.file_name());
            std::fs::write(&path, data).map_err(io(&path))?;
        }
        Ok(())
    }
}
