//! The one exception type of the bindings: one variant a kind of failure, the same
//! kinds as [`cnie::ErrorKind`] and the command line's exit codes (README), plus
//! `Io` (exit 11) and `Cancelled`. Never built from message text: from typed errors.

use std::panic::{AssertUnwindSafe, catch_unwind};

use cnie::ErrorKind;
use cnie::eid::EidError;
use cnie::mrz::MrzError;
use cnie::pa::TrustError;

/// Why a call failed. Each variant carries `detail`, one line meant for a person (no key, PIN or
/// PUK in it); `exit_code` in the Python package gives the matching `cnie` exit code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum CnieError {
    /// The MRZ, document data, CAN, PIN format or another argument is unusable (exit 3).
    /// `suggestion`: for a wrong MRZ check digit, the corrected field when one plausible
    /// OCR/typing confusion explains it.
    #[error("{detail}")]
    InvalidInput {
        /// What is wrong and what to do.
        detail: String,
        /// The corrected field value, when one can be suggested.
        suggestion: Option<String>,
    },
    /// No reader, or the PC/SC service is not running (exit 4).
    #[error("{detail}")]
    NoReader {
        /// What is wrong and what to do.
        detail: String,
    },
    /// No card on the reader (exit 5).
    #[error("{detail}")]
    NoCard {
        /// What is wrong and what to do.
        detail: String,
    },
    /// The card refused the access key (exit 6).
    #[error("{detail}")]
    AccessDenied {
        /// What is wrong and what to do.
        detail: String,
    },
    /// The card was removed or stopped answering, or the transport failed (exit 7).
    #[error("{detail}")]
    CardLost {
        /// What is wrong and what to do.
        detail: String,
    },
    /// The card sent invalid data or broke a protocol: nothing it sent is trusted (exit 8).
    #[error("{detail}")]
    CardError {
        /// What is wrong.
        detail: String,
    },
    /// The chip failed Chip or Active Authentication during the read (exit 8).
    #[error("{detail}")]
    ChipNotGenuine {
        /// What is wrong.
        detail: String,
    },
    /// A file or folder could not be read, or trust material was refused (exit 11).
    #[error("{detail}")]
    Io {
        /// What is wrong.
        detail: String,
    },
    /// An evidence bundle was changed after it was written (a file's hash, the
    /// integrity digest, the canonical form): never authentic (exit 9).
    #[error("{detail}")]
    InvalidEvidence {
        /// What does not match.
        detail: String,
    },
    /// The card refused the PIN (or PUK); `tries_left` tries remain (exit 12).
    #[error("{detail}")]
    WrongPin {
        /// What happened.
        detail: String,
        /// Tries left.
        tries_left: u8,
    },
    /// The PIN (or PUK) is blocked or unusable: nothing was sent (exit 13).
    #[error("{detail}")]
    PinBlocked {
        /// What to do.
        detail: String,
    },
    /// Only one try is left (or the card does not tell): not spent without `force` (exit 14).
    #[error("{detail}")]
    LastTryRefused {
        /// What to do.
        detail: String,
    },
    /// Something this version or this card does not do (exit 1).
    #[error("{detail}")]
    Unsupported {
        /// What.
        detail: String,
    },
    /// The caller cancelled the operation (`CancelToken::cancel`): the card channel was
    /// closed and the keys wiped.
    #[error("{detail}")]
    Cancelled {
        /// What was cancelled.
        detail: String,
    },
    /// The system failed, or a bug in this library (a panic caught at the boundary) (exit 1).
    #[error("{detail}")]
    Internal {
        /// What happened.
        detail: String,
    },
}

impl CnieError {
    pub(crate) fn invalid(detail: impl Into<String>) -> Self {
        CnieError::InvalidInput {
            detail: detail.into(),
            suggestion: None,
        }
    }

    pub(crate) fn cancelled() -> Self {
        CnieError::Cancelled {
            detail: "cancelled by the caller: the card channel was closed".into(),
        }
    }
}

impl From<cnie::Error> for CnieError {
    fn from(e: cnie::Error) -> Self {
        let detail = e.to_string();
        match (e.kind(), &e) {
            (_, cnie::Error::Eid(EidError::WrongPin { tries_left })) if *tries_left > 0 => {
                CnieError::WrongPin {
                    detail: format!("{detail}; nothing was retried"),
                    tries_left: *tries_left,
                }
            }
            (ErrorKind::InvalidInput, _) => CnieError::invalid(detail),
            (ErrorKind::NoReader, _) => CnieError::NoReader { detail },
            (ErrorKind::NoCard, _) => CnieError::NoCard {
                detail: format!("{detail}: place the card on the reader and try again"),
            },
            (ErrorKind::AccessDenied, _) => CnieError::AccessDenied {
                detail: format!(
                    "{detail}: check the CAN (front of the card) or the MRZ data (back)"
                ),
            },
            (ErrorKind::CardLost, _) => CnieError::CardLost {
                detail: format!(
                    "{detail}: nothing was verified; keep the card still and try again"
                ),
            },
            (ErrorKind::CardError, _) => CnieError::CardError {
                detail: format!("the card sent invalid data ({detail}): nothing was verified"),
            },
            (ErrorKind::ChipNotGenuine, _) => CnieError::ChipNotGenuine { detail },
            (ErrorKind::WrongPin, _) => CnieError::WrongPin {
                detail,
                tries_left: 0,
            },
            (ErrorKind::PinBlocked, _) => CnieError::PinBlocked { detail },
            (ErrorKind::LastTryRefused, _) => CnieError::LastTryRefused {
                detail: format!(
                    "{detail}; pass force=true if you are sure (a wrong one then blocks it)"
                ),
            },
            (ErrorKind::Unsupported, _) => CnieError::Unsupported { detail },
            (ErrorKind::Internal, _) => CnieError::Internal { detail },
        }
    }
}

impl From<MrzError> for CnieError {
    fn from(e: MrzError) -> Self {
        let suggestion = match &e {
            MrzError::CheckDigit { suggestion, .. } => suggestion.clone(),
            _ => None,
        };
        CnieError::InvalidInput {
            detail: format!("invalid MRZ: {e}"),
            suggestion,
        }
    }
}

impl From<TrustError> for CnieError {
    fn from(e: TrustError) -> Self {
        let detail = match &e {
            TrustError::UnverifiedMasterList { .. } => {
                format!("{e}: refused; allow_unverified_master_lists(true) loads it anyway")
            }
            _ => format!("cannot load trust anchors: {e}"),
        };
        CnieError::Io { detail }
    }
}

/// Runs `f`, turning a panic into [`CnieError::Internal`]: no panic crosses the
/// boundary, whatever the foreign language does with one.
pub fn guard<T>(f: impl FnOnce() -> Result<T, CnieError>) -> Result<T, CnieError> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(CnieError::Internal {
            detail: format!("internal error (a bug in cnie, please report it): {what}"),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::panic, reason = "the test makes the panic that guard catches")]
    fn a_panic_becomes_an_internal_error() {
        let out: Result<(), CnieError> = guard(|| panic!("boom"));
        assert!(
            matches!(&out, Err(CnieError::Internal { detail }) if detail.contains("boom")),
            "{out:?}"
        );
        assert_eq!(guard(|| Ok(7)), Ok(7));
    }

    #[test]
    fn kinds_follow_the_library() {
        let wrong: CnieError = cnie::Error::from(EidError::WrongPin { tries_left: 2 }).into();
        assert!(matches!(wrong, CnieError::WrongPin { tries_left: 2, .. }));
        let blocked: CnieError = cnie::Error::from(EidError::WrongPin { tries_left: 0 }).into();
        assert!(matches!(blocked, CnieError::PinBlocked { .. }));
        let last: CnieError = cnie::Error::from(EidError::LastTryRefused).into();
        assert!(matches!(last, CnieError::LastTryRefused { .. }));
        let denied: CnieError = cnie::Error::AccessDenied.into();
        assert!(matches!(denied, CnieError::AccessDenied { .. }));
    }

    #[test]
    fn a_wrong_check_digit_carries_the_suggestion() {
        let e = cnie::mrz::parse(
            "IDMARABO1234568X123456<<<<<<<<\n9001158F3101159MAR<<<<<<<<<<<6\nEL<AMRANI<<FATIMA<ZAHRA<<<<<<<",
        )
        .err()
        .map(CnieError::from);
        assert!(
            matches!(&e, Some(CnieError::InvalidInput { suggestion: Some(s), .. }) if s == "AB0123456"),
            "{e:?}"
        );
    }
}
