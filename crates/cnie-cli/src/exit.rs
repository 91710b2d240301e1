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
    /// Every code, in order.
    pub const ALL: [Code; 16] = [
        Code::Ok,
        Code::Failure,
        Code::Usage,
        Code::BadInput,
        Code::NoReader,
        Code::NoCard,
        Code::AccessDenied,
        Code::CardLost,
        Code::CardError,
        Code::Invalid,
        Code::NotTrusted,
        Code::Io,
        Code::WrongPin,
        Code::Blocked,
        Code::LastTry,
        Code::Incomplete,
    ];

    /// What the code means: the one text of the exit-code table in `cnie --help`, the
    /// man page's EXIT STATUS and README.md (a test keeps README.md's table equal).
    pub fn meaning(self) -> &'static str {
        match self {
            Code::Ok => {
                "done; for `read` and `verify`: the verdict is authentic (required files read, hashes, signature and chain valid, no chip check failed)"
            }
            Code::Failure => "unexpected failure",
            Code::Usage => "wrong command-line usage",
            Code::BadInput => {
                "the MRZ, document data or CAN given is invalid (message names the field, with a suggestion; for `mrz -`, also more than 64 KiB or text that is not UTF-8)"
            }
            Code::NoReader => "no reader, or the PC/SC service (pcscd) is not running",
            Code::NoCard => "no card on the reader",
            Code::AccessDenied => "access denied: the card refused the key",
            Code::CardLost => "the card was removed or stopped answering",
            Code::CardError => {
                "the card sent invalid data (bad MAC, bad TLV, lying lengths): read aborted, nothing verified"
            }
            Code::Invalid => {
                "invalid: data changed, unsigned data present, EF.COM undecodable, signature or chain invalid, or the chip failed Chip/Active Authentication (a copy)"
            }
            Code::NotTrusted => {
                "data intact and signed, but the signer is not trusted (no known CSCA)"
            }
            Code::Io => {
                "a file or folder could not be read or written, or an output exists (`--force-overwrite` replaces it)"
            }
            Code::WrongPin => "wrong PIN (or PUK): the message says how many tries are left",
            Code::Blocked => "the PIN (or PUK) is blocked: nothing was sent",
            Code::LastTry => "refused: only one try left and no `--force` (nothing was sent)",
            Code::Incomplete => {
                "incomplete: nothing failed, but a required file (EF.COM, EF.SOD, DG1, DG2 by default) or a data group EF.SOD lists was not read"
            }
        }
    }

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

/// The exit-code table as plain text, for `cnie --help` (after the commands).
pub fn table_text() -> String {
    let mut out = String::from("Exit status:\n");
    for code in Code::ALL {
        out.push_str(&format!("  {:>2}  {}\n", code as u8, code.meaning()));
    }
    out
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

/// Maps a transport error to a failure with advice. Every piece of advice applies to an
/// installed `cnie` (no script or file of the source tree).
pub fn transport(e: &TransportError) -> Failure {
    match e {
        TransportError::ServiceUnavailable => {
            Failure::new(Code::NoReader, t!("error-pcscd-not-running"))
        }
        TransportError::NoReader => Failure::new(Code::NoReader, t!("error-no-reader")),
        TransportError::ReaderNotFound(name) => {
            Failure::new(Code::NoReader, t!("error-reader-not-found", name = name))
        }
        TransportError::NoCard => Failure::new(Code::NoCard, t!("error-no-card")),
        TransportError::CardRemoved | TransportError::Unresponsive | TransportError::Timeout => {
            Failure::new(
                Code::CardLost,
                t!("error-card-lost", detail = transport_words(e)),
            )
        }
        other => Failure::new(
            Code::CardLost,
            t!("error-transport-other", detail = other.to_string()),
        ),
    }
}

/// A file that could not be read (exit 11).
pub fn read_failure(path: &std::path::Path, e: std::io::Error) -> Failure {
    Failure::new(
        Code::Io,
        t!(
            "error-file-read",
            path = path.display().to_string(),
            detail = e.to_string()
        ),
    )
}

/// What happened to the card, in words.
fn transport_words(e: &TransportError) -> String {
    match e {
        TransportError::CardRemoved => t!("transport-card-removed"),
        TransportError::Unresponsive => t!("transport-card-unresponsive"),
        TransportError::Timeout => t!("transport-card-timeout"),
        other => other.to_string(),
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
    let name = crate::names::password_name(secret);
    let detail = e.to_string();
    let message = match (kind, e) {
        (_, cnie::Error::Transport(t)) => return transport(t),
        (ErrorKind::AccessDenied, _) => match key {
            PasswordKind::Mrz => t!("error-access-denied-mrz"),
            PasswordKind::Can => t!("error-access-denied-can"),
            PasswordKind::Pin | PasswordKind::Puk => t!("error-access-denied"),
        },
        (_, cnie::Error::Eid(Eid::Pin(p))) => {
            t!("error-pin-invalid", name = &name, detail = p.to_string())
        }
        (_, cnie::Error::Eid(Eid::SecureMessagingRequired)) => t!("error-secure-channel-needed"),
        (ErrorKind::PinBlocked, _) if secret == PasswordKind::Puk => t!("error-puk-blocked"),
        (ErrorKind::PinBlocked, _) => t!("error-pin-blocked"),
        (_, cnie::Error::Eid(Eid::WrongPin { tries_left })) => {
            t!("error-wrong-pin", name = &name, n = *tries_left)
        }
        (_, cnie::Error::Eid(Eid::CounterUnknown { sw })) => {
            t!("error-counter-unknown", name = &name, sw = sw.to_string())
        }
        (ErrorKind::LastTryRefused, _) => t!("error-last-try", name = &name),
        (_, cnie::Error::Eid(Eid::NoEidApplication { sw })) => {
            t!("error-no-eid-application", sw = sw.to_string())
        }
        (_, cnie::Error::Eid(_)) => t!("error-eid-other", detail = &detail),
        (ErrorKind::CardError, _) => t!("error-card-data", detail = &detail),
        (ErrorKind::ChipNotGenuine, _) => t!("error-chip-not-genuine", detail = &detail),
        _ => detail,
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
