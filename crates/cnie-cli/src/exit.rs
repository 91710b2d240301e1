//! Exit codes and the one-line messages that go with failures.

use std::fmt;

use cnie::ErrorKind;
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
    /// Read and intact so far, but a required or listed file was not read.
    Incomplete = 15,
}

impl Code {
    /// The code's stable name: the `kind` of a JSON error object (docs/json.md).
    pub fn kind(self) -> &'static str {
        match self {
            Code::Ok => "ok",
            Code::Failure => "failure",
            Code::Usage => "usage",
            Code::BadInput => "bad_input",
            Code::NoReader => "no_reader",
            Code::NoCard => "no_card",
            Code::AccessDenied => "access_denied",
            Code::CardLost => "card_lost",
            Code::CardError => "card_error",
            Code::Invalid => "invalid",
            Code::NotTrusted => "not_trusted",
            Code::Io => "io",
            Code::WrongPin => "wrong_pin",
            Code::Blocked => "blocked",
            Code::LastTry => "last_try",
            Code::Incomplete => "incomplete",
        }
    }
}

/// A failure: exit code and one line for stderr.
#[derive(Debug)]
pub struct Failure {
    /// The exit code.
    pub code: Code,
    /// What happened and what to do.
    pub message: String,
    /// For a PIN or PUK failure: the tries the card says are left, when known.
    pub tries_left: Option<u8>,
}

impl Failure {
    /// A failure with a code and a message.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Failure {
            code,
            message: message.into(),
            tries_left: None,
        }
    }

    /// The one JSON object printed on stdout for a failure under `--json`:
    /// `{"error": {"code": N, "kind": "...", "message": "...", "tries_left": N?}}`.
    pub fn to_json(&self) -> serde_json::Value {
        let mut error = serde_json::json!({
            "code": self.code as u8,
            "kind": self.code.kind(),
            "message": self.message,
        });
        if let (Some(n), Some(object)) = (self.tries_left, error.as_object_mut()) {
            object.insert("tries_left".into(), n.into());
        }
        serde_json::json!({ "error": error })
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

/// The exit code of a kind of library failure: one arm a kind, no fallback, so a new
/// kind cannot go unmapped.
pub fn code(kind: ErrorKind) -> Code {
    match kind {
        ErrorKind::InvalidInput => Code::BadInput,
        ErrorKind::NoReader => Code::NoReader,
        ErrorKind::NoCard => Code::NoCard,
        ErrorKind::AccessDenied => Code::AccessDenied,
        ErrorKind::CardLost => Code::CardLost,
        ErrorKind::CardError | ErrorKind::ChipNotGenuine => Code::CardError,
        ErrorKind::WrongPin => Code::WrongPin,
        ErrorKind::PinBlocked => Code::Blocked,
        ErrorKind::LastTryRefused => Code::LastTry,
        ErrorKind::Unsupported | ErrorKind::Internal => Code::Failure,
    }
}

/// Maps a library error to a failure with advice. `key` is the access password in use;
/// `secret` the one an eID command checked (PIN or PUK), for the eID messages.
pub fn library(e: &cnie::Error, key: PasswordKind) -> Failure {
    eid(e, key, PasswordKind::Pin)
}

/// As [`library`], for an eID command that checked `secret` (the PIN or the PUK).
pub fn eid(e: &cnie::Error, key: PasswordKind, secret: PasswordKind) -> Failure {
    use cnie::eid::EidError as Eid;
    let kind = e.kind();
    let name = secret.name();
    let message = match (kind, e) {
        (_, cnie::Error::Transport(t)) => return transport(t),
        (ErrorKind::AccessDenied, _) => match key {
            PasswordKind::Mrz => {
                "access denied: the card refused the key; check the document number, date of birth and date of expiry (from the MRZ on the back of the card)".to_string()
            }
            PasswordKind::Can => {
                "access denied: the card refused the CAN; check the 6-digit card access number printed on the front of the card".to_string()
            }
            PasswordKind::Pin | PasswordKind::Puk => {
                "access denied: the card refused the password".to_string()
            }
        },
        (_, cnie::Error::Eid(Eid::Pin(p))) => format!("invalid {name}: {p}"),
        (_, cnie::Error::Eid(Eid::SecureMessagingRequired)) => {
            "the eID application needs a secure channel first: give the CAN (--can NNNNNN, printed on the front of the card) or the MRZ data".to_string()
        }
        (ErrorKind::PinBlocked, _) if secret == PasswordKind::Puk => {
            "the PUK is blocked: the PIN can no longer be unblocked; contact the card issuer"
                .to_string()
        }
        (ErrorKind::PinBlocked, _) => {
            "the PIN is blocked: unblock it with `cnie unblock-pin` and the PUK".to_string()
        }
        (_, cnie::Error::Eid(Eid::WrongPin { tries_left })) => format!(
            "wrong {name}: {tries_left} {} left; nothing was retried",
            if *tries_left == 1 { "try" } else { "tries" }
        ),
        (_, cnie::Error::Eid(Eid::CounterUnknown { sw })) => format!(
            "the card does not tell how many {name} tries are left (it answered {sw}): that counts as the last try and it was not spent; if you are sure of the {name}, run again with --force (a wrong {name} may then block it)"
        ),
        (ErrorKind::LastTryRefused, _) => format!(
            "only one {name} try is left: not spent; if you are sure of the {name}, run again with --force (a wrong {name} then blocks it)"
        ),
        (_, cnie::Error::Eid(Eid::NoEidApplication { sw })) => format!(
            "the card has no eID application at the profile's AID (it answered {sw}): run `cnie probe` and see docs/eid.md"
        ),
        (_, cnie::Error::Eid(_)) => {
            format!("{e}: nothing was returned; the card may not follow this profile")
        }
        (ErrorKind::CardError, _) => format!(
            "the card sent invalid data ({e}): the read was aborted and nothing was verified; try again, and if it persists the card may be damaged or not genuine"
        ),
        (ErrorKind::ChipNotGenuine, _) => format!(
            "{e}: the chip does not hold the key its signed data names (a copied or faulty chip); nothing was verified"
        ),
        _ => e.to_string(),
    };
    let tries_left = match (kind, e) {
        (_, cnie::Error::Eid(Eid::WrongPin { tries_left })) => Some(*tries_left),
        (ErrorKind::LastTryRefused, cnie::Error::Eid(Eid::LastTryRefused)) => Some(1),
        (ErrorKind::PinBlocked, _) => Some(0),
        _ => None,
    };
    Failure {
        tries_left,
        ..Failure::new(code(kind), message)
    }
}
