//! Where the module finds the CAN and the eID profile.
//!
//! - the CAN: `CNIE_CAN` (always honoured), else the first line of the file named by
//!   `CNIE_CAN_FILE`, else of `$XDG_CONFIG_HOME/cnie/can` (`~/.config/cnie/can`);
//! - the profile: the TOML (or `.json`) file named by `CNIE_PROFILE`, else
//!   `cnie::eid::Profile::default_cnie()`.

use std::path::PathBuf;

use cnie::eid::Profile;
use cnie::keys::Can;
use zeroize::Zeroizing;

/// Why the configuration is unusable.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// No CAN anywhere.
    #[error("no CAN: set CNIE_CAN or write it to ~/.config/cnie/can")]
    NoCan,
    /// The CAN is not 6 digits (its value is never shown).
    #[error("the CAN is invalid")]
    BadCan,
    /// The profile file cannot be read or parsed.
    #[error("profile {0}")]
    Profile(String),
}

fn can_file() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CNIE_CAN_FILE") {
        return Some(PathBuf::from(p));
    }
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(config.join("cnie").join("can"))
}

/// The CAN, from the environment or the CAN file.
pub fn can() -> Result<Can, ConfigError> {
    let text: Zeroizing<String> = match std::env::var("CNIE_CAN") {
        Ok(v) => Zeroizing::new(v),
        Err(_) => {
            let path = can_file().ok_or(ConfigError::NoCan)?;
            Zeroizing::new(std::fs::read_to_string(path).map_err(|_| ConfigError::NoCan)?)
        }
    };
    let line = text.lines().next().unwrap_or("").trim();
    if line.is_empty() {
        return Err(ConfigError::NoCan);
    }
    Can::new(line).map_err(|_| ConfigError::BadCan)
}

/// The eID profile.
pub fn profile() -> Result<Profile, ConfigError> {
    let Some(path) = std::env::var_os("CNIE_PROFILE").map(PathBuf::from) else {
        return Ok(Profile::default_cnie());
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| ConfigError::Profile(format!("{}: {e}", path.display())))?;
    let parsed = if path.extension().is_some_and(|x| x == "json") {
        Profile::from_json(&text)
    } else {
        Profile::from_toml(&text)
    };
    parsed.map_err(|e| ConfigError::Profile(format!("{}: {e}", path.display())))
}

/// Whether `CNIE_PKCS11_DEBUG` asks for messages on stderr (off by default: a
/// library does not print).
pub fn debug() -> bool {
    std::env::var_os("CNIE_PKCS11_DEBUG").is_some_and(|v| v != "0")
}
