//! # cnie-sim
//!
//! A software CNIE: the chip side of the eMRTD protocols, built from a card
//! folder (raw files named like a dump plus `card.toml`, see the crate's
//! `README.md`), served to pcscd through the vpcd driver ([`vpcd`]) or
//! in-process as a [`cnie::iso7816::Transport`] ([`SimTransport`]).
//!
//! The chip is its own state machine ([`chip`]), written from ISO/IEC 7816-4
//! and ICAO Doc 9303, not a mirror of the reader: a reader bug must show up
//! against it. It uses the library only for the cryptographic steps of BAC
//! and secure messaging, which are checked against the ICAO worked examples.
//!
//! [`perso`] personalizes a card folder (DG1, DG2, DG11, EF.COM, EF.SOD
//! signed by a document signer) from an identity file and a face image.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod access;
pub mod atr;
pub mod chip;
pub mod config;
pub mod fault;
pub mod folder;
pub mod fs;
pub mod perso;
pub mod read;
pub mod transport;
pub mod vpcd;

pub use chip::Chip;
pub use config::CardConfig;
pub use fault::Fault;
pub use folder::CardImage;
pub use fs::FileName;
pub use transport::SimTransport;
