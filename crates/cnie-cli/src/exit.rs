//! Exit codes and the one-line messages that go with failures.

use std::fmt;

use cnie::iso7816::TransportError;
use cnie::keys::PasswordKind;

/// The documented exit codes of `cnie` (see README.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Code {
    /// Everything asked was done (for `read`/`verify`: the data is authentic).
    Ok = 0,
    /// An unexpected failure.
    Failure = 1,
    /// Wrong command-line usage (clap).
    #[allow(dead_code)]
    Usage = 2,
    /// The MRZ, document data or CAN typed by the user is invalid.
    BadInput = 3,
    /// No reader, or the PC/SC service is not running.
    NoReader = 4,
    /// No card on the reader.
    NoCard = 5,
    /// The card refused the access key.
    AccessDenied = 6,
    /// The card was removed or stopped answering.
    CardLost = 7,
    /// The card answered with invalid data (bad MAC, bad TLV, lying lengths).
    CardError = 8,
    /// Passive authentication failed: data or signature invalid.
    Invalid = 9,
    /// All checks passed, but no trusted anchor is known for the signer.
    NotTrusted = 10,
    /// A file or folder could not be read or written.
    Io = 11,
    /// The card refused the PIN (or PUK); tries are left.
    WrongPin = 12,
    /// The PIN (or PUK) is blocked.
    Blocked = 13,
    /// Refused to spend the last PIN (or PUK) try without `--force`.
    LastTry = 14,
}

/// A failure: exit code and one line for stderr.
#[derive(Debug)]
pub struct Failure {
    /// The exit code.
    pub code: Code,
    /// What happened and what to do.
    pub message: String,
}

impl Failure {
    /// A failure with a code and a message.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Failure {
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Maps a transport error to a failure with advice.
pub fn transport(e: &TransportError) -> Failure {
    match e {
        TransportError::ServiceUnavailable => Failure::new(
            Code::NoReader,
            "the smart-card service (pcscd) is not running: start it (e.g. `sudo systemctl start pcscd`), or try `scripts/demo.sh` for the built-in software card",
        ),
        TransportError::NoReader => Failure::new(
            Code::NoReader,
            "no smart-card reader found: plug in a contactless (NFC) reader, or try `scripts/demo.sh` for the built-in software card",
        ),
        TransportError::ReaderNotFound(name) => Failure::new(
            Code::NoReader,
            format!("no reader matching \"{name}\": see `cnie readers` for the names"),
        ),
        TransportError::NoCard => Failure::new(
            Code::NoCard,
            "no card found on the reader: place the card flat on the reader and try again",
        ),
        TransportError::CardRemoved | TransportError::Unresponsive | TransportError::Timeout => {
            Failure::new(
                Code::CardLost,
                format!(
                    "{e}: the exchange was cut short and nothing was verified; keep the card still on the reader and try again"
                ),
            )
        }
        other => Failure::new(
            Code::CardLost,
            format!("{other}: nothing was verified; try again"),
        ),
    }
}

/// Maps a library error to a failure with advice.
pub fn library(e: &cnie::Error, key: PasswordKind) -> Failure {
    use cnie::Error as E;
    match e {
        E::Transport(t) => transport(t),
        E::AccessDenied => Failure::new(
            Code::AccessDenied,
            match key {
                PasswordKind::Mrz => {
                    "access denied: the card refused the key; check the document number, date of birth and date of expiry (from the MRZ on the back of the card)"
                }
                PasswordKind::Can => {
                    "access denied: the card refused the CAN; check the 6-digit card access number printed on the front of the card"
                }
                PasswordKind::Pin | PasswordKind::Puk => {
                    "access denied: the card refused the password"
                }
            },
        ),
        E::Unsupported(what) => Failure::new(Code::Failure, what.to_string()),
        E::FileTooLarge(_)
        | E::SecureMessaging(_)
        | E::Protocol(_)
        | E::Malformed { .. }
        | E::Tlv(_)
        | E::Apdu(_)
        | E::Status { .. } => Failure::new(
            Code::CardError,
            format!(
                "the card sent invalid data ({e}): the read was aborted and nothing was verified; try again, and if it persists the card may be damaged or not genuine"
            ),
        ),
        other => Failure::new(Code::Failure, other.to_string()),
    }
}

/// Maps an eID application error to a failure with advice. `secret` is the
/// one the failing command checked.
pub fn eid(e: &cnie::eid::EidError, key: PasswordKind, secret: PasswordKind) -> Failure {
    use cnie::eid::EidError as E;
    let name = secret.name();
    match e {
        E::Pin(p) => Failure::new(Code::BadInput, format!("invalid {name}: {p}")),
        E::SecureMessagingRequired => Failure::new(
            Code::BadInput,
            "the eID application needs a secure channel first: give the CAN (--can NNNNNN, printed on the front of the card) or the MRZ data",
        ),
        E::WrongPin { tries_left: 0 } | E::Blocked if secret == PasswordKind::Puk => Failure::new(
            Code::Blocked,
            "the PUK is blocked: the PIN can no longer be unblocked; contact the card issuer",
        ),
        E::WrongPin { tries_left: 0 } | E::Blocked => Failure::new(
            Code::Blocked,
            "the PIN is blocked: unblock it with `cnie unblock-pin` and the PUK",
        ),
        E::WrongPin { tries_left } => Failure::new(
            Code::WrongPin,
            format!(
                "wrong {name}: {tries_left} {} left; nothing was retried",
                if *tries_left == 1 { "try" } else { "tries" }
            ),
        ),
        E::LastTryRefused => Failure::new(
            Code::LastTry,
            format!(
                "only one {name} try is left: not spent; if you are sure of the {name}, run again with --force (a wrong {name} then blocks it)"
            ),
        ),
        E::Card(cnie::Error::Status {
            command: "SELECT eID application",
            sw,
        }) => Failure::new(
            Code::CardError,
            format!(
                "the card has no eID application at the profile's AID (it answered {sw}): run `cnie probe` and see docs/eid.md"
            ),
        ),
        E::Card(inner) => library(inner, key),
        E::Status { .. } | E::Certificate(_) | E::MalformedSignature | E::InvalidSignature => {
            Failure::new(
                Code::CardError,
                format!("{e}: nothing was returned; the card may not follow this profile"),
            )
        }
        other => Failure::new(Code::Failure, other.to_string()),
    }
}
