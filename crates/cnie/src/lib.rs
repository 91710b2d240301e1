//! # cnie
//!
//! Read, verify and use the Moroccan electronic national identity card (CNIE)
//! and other ICAO Doc 9303 electronic machine readable travel documents.
//!
//! The crate is organised by protocol:
//!
//! - [`mrz`]: machine readable zone parsing and check digits;
//! - [`keys`]: access keys (MRZ information, CAN) and the ICAO key derivation function;
//! - [`iso7816`]: command/response APDUs, status words and the [`iso7816::Transport`] trait;
//! - [`tlv`]: bounded BER-TLV parsing and encoding;
//! - [`card`]: the APDU channel to a card (secure messaging, GET RESPONSE, file reads);
//! - [`sm`]: secure messaging (3DES and AES);
//! - [`bac`]: Basic Access Control;
//! - [`pace`]: PACE (ECDH and DH; generic, integrated and chip authentication mapping);
//! - [`chip_auth`]: Chip Authentication version 1 (DG14), terminal side;
//! - [`active_auth`]: Active Authentication (DG15): INTERNAL AUTHENTICATE and the signature check;
//! - [`lds`]: the logical data structure (EF.COM, EF.SOD, data groups);
//! - [`pa`]: passive authentication: data group hashes, the EF.SOD signature,
//!   document signer to CSCA chains, trust stores, master lists and CRLs;
//! - [`session`]: a high-level session that opens a card and reads a whole document;
//! - [`eid`]: the eID application (PIN, certificates, signatures) described by a card profile;
//! - [`probe`]: what an unknown card answers, for a shareable report;
//! - [`trace`]: APDU traces with PIN, PUK and BAC cryptograms redacted;
//! - `pcsc` (feature `pcsc`): a PC/SC transport.
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
pub use pa::TrustStore;
pub use session::Document;
pub use verdict::{ChipMethod, ChipStatus, Policy, Reason, Verdict, VerdictStatus};
