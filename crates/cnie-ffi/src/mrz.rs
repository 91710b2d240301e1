//! MRZ parsing, with the command line's errors and suggestions.

use crate::error::{CnieError, guard};

/// A parsed MRZ whose check digits are all right (see [`cnie::mrz::Mrz`]).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Mrz {
    /// "TD1", "TD2" or "TD3".
    pub format: String,
    /// Document code, e.g. "ID", "P".
    pub document_code: String,
    /// Issuing state (three letters).
    pub issuing_state: String,
    /// The document number (the access key's, not the CIN).
    pub document_number: String,
    /// All optional data.
    pub optional_data: String,
    /// TD1: optional data of line 1 (the CNIE's CIN).
    pub optional_data_1: String,
    /// TD1: optional data of line 2.
    pub optional_data_2: String,
    /// Date of birth, YYMMDD.
    pub date_of_birth: String,
    /// "M", "F" or "X".
    pub sex: String,
    /// Date of expiry, YYMMDD.
    pub date_of_expiry: String,
    /// The date of birth as ISO 8601, the century decided as in the CLI's JSON
    /// (`cnie::mrz::iso_date`); `None` when the field is not a date.
    pub date_of_birth_iso: Option<String>,
    /// The date of expiry as ISO 8601 (same rule).
    pub date_of_expiry_iso: Option<String>,
    /// Nationality (three letters).
    pub nationality: String,
    /// Surname.
    pub surname: String,
    /// Given names.
    pub given_names: String,
    /// The lines as parsed.
    pub lines: Vec<String>,
}

impl From<cnie::mrz::Mrz> for Mrz {
    fn from(m: cnie::mrz::Mrz) -> Self {
        Mrz {
            format: m.format.to_string(),
            document_code: m.document_code,
            issuing_state: m.issuing_state,
            document_number: m.document_number,
            optional_data: m.optional_data,
            optional_data_1: m.optional_data_1,
            optional_data_2: m.optional_data_2,
            date_of_birth: m.date_of_birth,
            sex: m.sex,
            date_of_expiry: m.date_of_expiry,
            date_of_birth_iso: m.date_of_birth_iso,
            date_of_expiry_iso: m.date_of_expiry_iso,
            nationality: m.nationality,
            surname: m.surname,
            given_names: m.given_names,
            lines: m.lines,
        }
    }
}

/// The most text [`parse_mrz`] takes (as `cnie mrz -`): an MRZ is at most 90 characters.
const MAX_TEXT: usize = 64 * 1024;

/// Parses and checks an MRZ (TD1, TD2 or TD3; blanks and newlines ignored). A wrong
/// check digit is `InvalidInput` with the field named and, when one plausible OCR or
/// typing confusion explains it, a `suggestion`.
#[uniffi::export]
pub fn parse_mrz(text: String) -> Result<Mrz, CnieError> {
    guard(|| {
        if text.len() > MAX_TEXT {
            return Err(CnieError::invalid(format!(
                "invalid MRZ: the text is longer than {} KiB (an MRZ is 2 or 3 lines of at most 44 characters)",
                MAX_TEXT / 1024
            )));
        }
        Ok(cnie::mrz::parse(&text)?.into())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_specimen_parses_and_a_typo_is_explained() {
        let mrz = parse_mrz(
            "IDMARAB01234568X123456<<<<<<<< 9001158F3101159MAR<<<<<<<<<<<6 EL<AMRANI<<FATIMA<ZAHRA<<<<<<<".into(),
        );
        let mrz = mrz.ok();
        assert_eq!(
            mrz.as_ref().map(|m| m.document_number.as_str()),
            Some("AB0123456")
        );
        assert_eq!(mrz.as_ref().map(|m| m.format.as_str()), Some("TD1"));
        let bad = parse_mrz("IDMARAB0123456".into());
        assert!(matches!(
            bad,
            Err(CnieError::InvalidInput {
                suggestion: None,
                ..
            })
        ));
        assert!(parse_mrz("<".repeat(MAX_TEXT + 1)).is_err());
    }
}
