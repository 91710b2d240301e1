//! # cnie
//!
//! Read, verify and use the Moroccan electronic national identity card (CNIE)
//! and other ICAO Doc 9303 electronic machine readable travel documents.
//!
//! ## Quick start
//!
//! Read a card with the CAN printed on its front and act on one answer, the
//! [`Verdict`]: `authentic` only when the data is signed by a trusted issuer of the
//! document's own state, intact and complete, and no chip check failed.
//!
//! ```no_run
//! use std::time::{Duration, SystemTime};
//!
//! use cnie::keys::{AccessKey, Can};
//! use cnie::pcsc::PcscTransport;
//! use cnie::session::{ReadOptions, read_document};
//! use cnie::{Policy, TrustStore, VerdictStatus};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let key = AccessKey::Can(Can::new("246810")?);
//! let transport = PcscTransport::connect(None, Duration::from_secs(15), |_| {})?;
//! let document = read_document(transport, &key, &ReadOptions::default(), |_| {})?;
//! let verdict = document.verify(&TrustStore::with_builtin(), &Policy::default(), SystemTime::now());
//! match verdict.status {
//!     VerdictStatus::Authentic => println!("genuine; chip: {:?}", verdict.chip),
//!     other => println!("{other:?}: {:?}", verdict.reasons),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Any card reader plugs in through the [`iso7816::Transport`] trait (PC/SC is built
//! in with the default `pcsc` feature); a dump read earlier is verified with
//! [`Document::from_files`]. Errors are one [`Error`] type whose [`Error::kind`] is
//! the stable classification ([`ErrorKind`]).
//!
//! ## Modules
//!
//! - [`mrz`]: machine readable zone parsing and check digits;
//! - [`keys`]: access keys (MRZ information, CAN) and the password kinds;
//! - [`iso7816`]: command/response APDUs, status words and the [`iso7816::Transport`] trait;
//! - [`card`]: the APDU channel to a card (secure messaging, GET RESPONSE, file reads);
//! - [`lds`]: the logical data structure (EF.COM, data groups, face images);
//! - [`pa`]: passive authentication: data group hashes, the EF.SOD signature,
//!   document signer to CSCA chains (point-in-time validity), trust stores, master
//!   lists and CRLs;
//! - [`session`]: open a card (PACE, BAC) and read a whole document, with Chip and
//!   Active Authentication;
//! - [`verdict`]: the answer, from passive authentication, the policy and the chip checks;
//! - [`evidence`]: one self-contained file of a read, re-verified offline by a backend;
//! - [`eid`]: the eID application (PIN, certificates, signatures) described by a card profile;
//! - [`probe`]: what an unknown card answers, for a shareable report;
//! - [`trace`]: APDU traces with PIN, PUK and BAC cryptograms redacted;
//! - `pcsc` (feature `pcsc`): a PC/SC transport.
//!
//! The protocols themselves (secure messaging, BAC, PACE, Chip and Active
//! Authentication, BER, the curves) are internal; the `chip` feature, for software
//! cards, makes them public with their chip-side halves.
//!
//! The library never prints and never panics on bytes that come from a card or a file.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(
    test,
    allow(
        clippy::cast_possible_truncation,
        reason = "tests are exempt from the no-panic rule (clippy.toml exempts them from the other lints)"
    )
)]

/// Declares protocol modules that are internal to the crate, and public with the
/// `chip` feature, which only the software card (`cnie-sim`) enables: it plays the
/// chip's side of these protocols with the same code.
macro_rules! internal {
    ($($(#[$attr:meta])* $name:ident;)*) => {
        $(
            $(#[$attr])*
            #[cfg(feature = "chip")]
            pub mod $name;
            $(#[$attr])*
            #[cfg(not(feature = "chip"))]
            pub(crate) mod $name;
        )*
    };
}

internal! {
    active_auth;
    asn1;
    bac;
    chip_auth;
    crypto;
    pace;
    sm;
    tlv;
}

pub mod card;
pub mod eid;
pub mod error;
pub mod evidence;
pub mod iso7816;
pub mod keys;
pub mod lds;
pub mod mrz;
pub mod pa;
#[cfg(feature = "pcsc")]
pub mod pcsc;
pub mod probe;
pub mod session;
#[cfg(test)]
pub(crate) mod test_support;
pub mod trace;
pub mod verdict;

pub use error::{Error, ErrorKind, Result};
pub use evidence::{Evidence, EvidenceError, verify_evidence};
pub use pa::TrustStore;
pub use session::Document;
pub use verdict::{ChipMethod, ChipStatus, Policy, Reason, Verdict, VerdictStatus};
