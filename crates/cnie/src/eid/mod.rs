//! The eID application: PIN, certificates and signatures behind a PIN,
//! described by a data-driven card `profile`.
//!
//! The CNIE's eID application layout is not published: the default profile
//! ([`Profile::default_cnie`]) follows the ISO/IEC 7816-4/-8 pattern and is
//! UNCONFIRMED on a real card. See `docs/eid.md`.
//!
//! - `profile`: the card profile (AID, PIN/PUK formats, keys, commands);
//! - `pin`: the zeroized, redacted [`Pin`] and [`PinStatus`];
//! - `commands`: pure APDU builders and response interpreters;
//! - `signature`: ECDSA P-256 raw/DER conversion and verification against
//!   a certificate;
//! - `session`: the high-level API over a [`crate::card::Card`];
//! - `cms`: detached CMS/CAdES-BES `SignedData` around a card signature.

pub mod cms;
mod pin;
mod profile;
mod session;
mod signature;

internal! {
    commands;
}

pub use crate::error::{EidError, PinError};
pub use pin::{Pin, PinStatus};
pub use profile::{
    Algorithm, DEFAULT_CNIE_TOML, KeyProfile, PinEncoding, PinFormat, Profile, ProfileError,
    SignatureCommand,
};
pub use session::{Certificates, EidSession};
pub use signature::VerifiedSignature;
