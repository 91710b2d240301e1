//! A card folder: the raw files of a document, named like a dump
//! (`EF.COM.bin`, `EF.SOD.bin`, `DG1.bin` … `DG16.bin`, `EF.CardAccess.bin`,
//! `EF.DIR.bin`), its `card.toml`, and the eID application's certificates and
//! test keys ([`EID_FILES`]). [`CardImage`] is the same thing in memory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::config::{CardConfig, ConfigError};
use crate::eid::keys::{EidMaterial, KeyMaterial};
use crate::fs::FileName;

/// The largest file a card folder may hold (a real chip holds far less).
pub const MAX_FILE_SIZE: u64 = 1024 * 1024;

/// The name of the settings file inside a card folder.
pub const CONFIG_FILE: &str = "card.toml";

/// The eID application's files in a card folder: the authentication
/// certificate (DER) and private key (PKCS#8 PEM), then the signature
/// certificate and private key. All four or none: without them the card has
/// no eID application.
pub const EID_FILES: [&str; 4] = [
    "eid-auth.der",
    "eid-auth.key.pem",
    "eid-sign.der",
    "eid-sign.key.pem",
];

/// The private key of Active Authentication in a card folder: PKCS#8 PEM (RSA or
/// ECDSA P-256), test material. Its public key is DG15's; the chip never serves the file.
pub const AA_KEY_FILE: &str = "aa.key.pem";

/// The private key of Chip Authentication in a card folder: the big-endian scalar in
/// hexadecimal (one line), on the curve of `[chip_authentication]`, test material.
pub const CA_KEY_FILE: &str = "ca.key.hex";

/// The chip's own private keys for Active and Chip Authentication (not files of the
/// chip). A clone holds keys that do not match DG15 and DG14.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct ChipKeys {
    /// The Active Authentication key: PKCS#8 PEM (RSA or EC P-256).
    pub aa: Option<Zeroizing<Vec<u8>>>,
    /// The Chip Authentication key: the big-endian scalar.
    pub ca: Option<Zeroizing<Vec<u8>>>,
}

impl std::fmt::Debug for ChipKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChipKeys")
            .field("aa", &self.aa.as_ref().map(|_| "<redacted>"))
            .field("ca", &self.ca.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

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
    /// `ca.key.hex` is not hexadecimal.
    #[error("{0}: not a hexadecimal scalar")]
    BadCaKey(PathBuf),
    /// Some of the eID files are there, not all.
    #[error(
        "{0}: the eID application needs all of eid-auth.der, eid-auth.key.pem, eid-sign.der, eid-sign.key.pem (or none)"
    )]
    IncompleteEid(PathBuf),
}

/// A whole card in memory: its settings and its files by name.
#[derive(Debug, Clone, PartialEq)]
pub struct CardImage {
    /// The settings (`card.toml`).
    pub config: CardConfig,
    /// File contents by name (EF.COM, DG1, …).
    pub files: BTreeMap<FileName, Vec<u8>>,
    /// The eID application's keys and certificates; `None`: no eID application.
    pub eid: Option<EidMaterial>,
    /// The private keys of Active and Chip Authentication.
    pub keys: ChipKeys,
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
            eid: None,
            keys: ChipKeys::default(),
        }
    }

    /// Adds (or replaces) a file.
    pub fn with_file(mut self, name: FileName, data: impl Into<Vec<u8>>) -> Self {
        self.files.insert(name, data.into());
        self
    }

    /// Gives the card an eID application (or takes it away).
    pub fn with_eid(mut self, eid: Option<EidMaterial>) -> Self {
        self.eid = eid;
        self
    }

    /// Reads a card folder: `card.toml`, every file whose name is a known
    /// file name (`EF.COM.bin`, `DG1.bin`, …) and the eID files
    /// ([`EID_FILES`]). Other files are ignored.
    pub fn load(dir: &Path) -> Result<CardImage, FolderError> {
        let config_path = dir.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&config_path).map_err(io(&config_path))?;
        let config = CardConfig::from_toml(&text)?;
        let mut files = BTreeMap::new();
        for name in FileName::all() {
            let path = dir.join(name.file_name());
            if let Some(data) = read_optional(&path)? {
                files.insert(name, data);
            }
        }
        let eid = load_eid(dir)?;
        let aa = read_optional(&dir.join(AA_KEY_FILE))?.map(Zeroizing::new);
        let ca_path = dir.join(CA_KEY_FILE);
        let ca = match read_optional(&ca_path)? {
            Some(text) => {
                let text = Zeroizing::new(text);
                let hex_text = std::str::from_utf8(&text)
                    .map_err(|_| FolderError::BadCaKey(ca_path.clone()))?;
                let scalar = hex::decode(hex_text.trim())
                    .map_err(|_| FolderError::BadCaKey(ca_path.clone()))?;
                Some(Zeroizing::new(scalar))
            }
            None => None,
        };
        Ok(CardImage {
            config,
            files,
            eid,
            keys: ChipKeys { aa, ca },
        })
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
        if let Some(aa) = &self.keys.aa {
            let path = dir.join(AA_KEY_FILE);
            std::fs::write(&path, aa.as_slice()).map_err(io(&path))?;
        }
        if let Some(ca) = &self.keys.ca {
            let path = dir.join(CA_KEY_FILE);
            let text = Zeroizing::new(format!("{}\n", hex::encode(ca.as_slice())));
            std::fs::write(&path, text.as_bytes()).map_err(io(&path))?;
        }
        if let Some(eid) = &self.eid {
            let contents: [&[u8]; 4] = [
                &eid.authentication.certificate,
                &eid.authentication.private_key,
                &eid.signature.certificate,
                &eid.signature.private_key,
            ];
            for (name, data) in EID_FILES.iter().zip(contents) {
                let path = dir.join(name);
                std::fs::write(&path, data).map_err(io(&path))?;
            }
        }
        Ok(())
    }
}

/// A file's contents, `None` when it does not exist; at most [`MAX_FILE_SIZE`].
fn read_optional(path: &Path) -> Result<Option<Vec<u8>>, FolderError> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(path)(e)),
    };
    if meta.len() > MAX_FILE_SIZE {
        return Err(FolderError::TooLarge(path.to_owned()));
    }
    std::fs::read(path).map(Some).map_err(io(path))
}

/// The eID files of a folder: all four, or none.
fn load_eid(dir: &Path) -> Result<Option<EidMaterial>, FolderError> {
    let mut found = Vec::with_capacity(EID_FILES.len());
    for name in EID_FILES {
        found.push(read_optional(&dir.join(name))?.map(Zeroizing::new));
    }
    match <[_; 4]>::try_from(found) {
        Ok(
            [
                Some(auth_cert),
                Some(auth_key),
                Some(sign_cert),
                Some(sign_key),
            ],
        ) => Ok(Some(EidMaterial {
            authentication: KeyMaterial {
                certificate: auth_cert.to_vec(),
                private_key: auth_key,
            },
            signature: KeyMaterial {
                certificate: sign_cert.to_vec(),
                private_key: sign_key,
            },
        })),
        Ok([None, None, None, None]) => Ok(None),
        _ => Err(FolderError::IncompleteEid(dir.to_owned())),
    }
}
