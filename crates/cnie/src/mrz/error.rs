//! The errors of MRZ parsing and the fields they name.

use std::fmt;

/// An MRZ field named in an [`MrzError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MrzField {
    /// The document number (with its long-number extension, if any).
    DocumentNumber,
    /// The date of birth (YYMMDD).
    DateOfBirth,
    /// The date of expiry (YYMMDD).
    DateOfExpiry,
    /// The personal number (TD3 optional data).
    PersonalNumber,
    /// The composite check digit over the upper and middle line fields.
    Composite,
    /// The sex (`M`, `F` or `<`).
    Sex,
}

impl fmt::Display for MrzField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MrzField::DocumentNumber => "document number",
            MrzField::DateOfBirth => "date of birth",
            MrzField::DateOfExpiry => "date of expiry",
            MrzField::PersonalNumber => "personal number",
            MrzField::Composite => "composite",
            MrzField::Sex => "sex",
        })
    }
}

/// Why an MRZ (or the parts of an MRZ access key) was rejected.
///
/// Every variant displays as one line meant for the person who typed or scanned the MRZ.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MrzError {
    /// The MRZ does not have the length of any format, once whitespace is removed.
    #[error(
        "the MRZ has {found} characters once blanks are removed; expected 90 (TD1, 3 lines of 30), \
         72 (TD2, 2 lines of 36) or 88 (TD3, 2 lines of 44)"
    )]
    Length {
        /// Number of characters found.
        found: usize,
    },
    /// The lines given to [`parse_lines`](super::parse_lines) do not have the shape of any format.
    #[error(
        "the MRZ lines have lengths {line_lengths:?}; expected 3 lines of 30 (TD1), \
         2 lines of 36 (TD2) or 2 lines of 44 (TD3)"
    )]
    Layout {
        /// Length of each non-empty line, once whitespace is removed.
        line_lengths: Vec<usize>,
    },
    /// A character other than `A`-`Z`, `0`-`9` or `<`.
    #[error(
        "invalid character {ch:?} in MRZ line {line}, column {column}: only A-Z, 0-9 and '<' are allowed"
    )]
    InvalidCharacter {
        /// Line number, starting at 1.
        line: usize,
        /// Column number, starting at 1 (in the line with whitespace removed).
        column: usize,
        /// The offending character.
        ch: char,
    },
    /// A check digit does not match its field.
    #[error(
        "check digit of the {field} is wrong (found {found}, computed {expected}){hint}",
        hint = did_you_mean(.suggestion.as_deref())
    )]
    CheckDigit {
        /// The field whose check digit is wrong.
        field: MrzField,
        /// The check digit computed from the field.
        expected: char,
        /// The check digit character found in the MRZ.
        found: char,
        /// The corrected field value, when exactly one plausible correction of OCR or typing
        /// confusions makes the check digit right.
        suggestion: Option<String>,
    },
    /// A date field is not a plausible YYMMDD date.
    #[error("the {field} is not a valid YYMMDD date: {reason}")]
    InvalidDate {
        /// [`MrzField::DateOfBirth`] or [`MrzField::DateOfExpiry`].
        field: MrzField,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Another field is malformed (empty or overlong document number, unknown sex code, ...).
    #[error("the {field} {reason}")]
    InvalidField {
        /// The malformed field.
        field: MrzField,
        /// What is wrong with it, phrased to follow "the" and the field name.
        reason: &'static str,
    },
}

/// Formats the optional suggestion of [`MrzError::CheckDigit`].
pub(super) fn did_you_mean(suggestion: Option<&str>) -> String {
    suggestion
        .map(|s| format!(": did you mean {s}?"))
        .unwrap_or_default()
}
