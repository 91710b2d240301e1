//! A high-level reading session: choose the length mode, run access control, read
//! EF.COM, EF.SOD and every data group EF.COM lists, each in as few APDUs as the card
//! allows and never twice.

mod access;
mod card_security;
mod chip_check;
mod options;
mod progress;
mod protocol;
mod read;

pub use access::{Opened, open_card};
pub use card_security::ChipAuthentication;
pub use chip_check::{ActiveAuthenticationExchange, ChipAuthenticationCheck};
pub use options::{DEFAULT_PACE_TIMEOUT, LengthPreference, ReadOptions};
pub use progress::Progress;
pub use protocol::{Access, Protocol};
pub use read::{
    Document, ReadState, Skipped, read_document, read_document_from, read_document_resuming,
    read_document_with,
};
