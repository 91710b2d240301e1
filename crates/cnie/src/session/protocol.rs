//! How the chip was opened.

use crate::keys::PasswordKind;

/// The access-control protocol that opened the chip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Protocol {
    /// Basic Access Control.
    Bac,
    /// Password Authenticated Connection Establishment.
    Pace,
}

/// How the chip was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Access {
    /// The protocol.
    pub protocol: Protocol,
    /// The password.
    pub password: PasswordKind,
    /// The card offers PACE (EF.CardAccess) but the chip was opened with BAC: PACE
    /// failed, or offered no variant this version runs. Never silent: the verdict says so.
    pub downgraded: bool,
}
