//! YYMMDD date fields.

use super::error::{MrzError, MrzField};

/// Whether `value` passes the date checks of `field` (used to filter suggestions).
pub(super) fn date_is_valid(field: MrzField, value: &[u8]) -> bool {
    validate_date(field, value).is_ok()
}

/// Validates a YYMMDD date: the year must be two digits, the month 01-12 and the day 01-31;
/// for the date of birth, the month and the day may each be `<<` (unknown).
pub(crate) fn validate_date(field: MrzField, value: &[u8]) -> Result<(), MrzError> {
    let invalid = |reason| MrzError::InvalidDate { field, reason };
    let [y1, y2, m1, m2, d1, d2] =
        <[u8; 6]>::try_from(value).map_err(|_| invalid("it must have exactly 6 characters"))?;
    let unknown_allowed = field == MrzField::DateOfBirth;
    let number = |a: u8, b: u8| {
        (a.is_ascii_digit() && b.is_ascii_digit()).then(|| (a - b'0') * 10 + (b - b'0'))
    };
    if number(y1, y2).is_none() {
        return Err(invalid("the year must be two digits"));
    }
    let unknown = |a: u8, b: u8| unknown_allowed && a == b'<' && b == b'<';
    if !unknown(m1, m2) && !matches!(number(m1, m2), Some(1..=12)) {
        return Err(invalid("the month must be 01 to 12"));
    }
    if !unknown(d1, d2) && !matches!(number(d1, d2), Some(1..=31)) {
        return Err(invalid("the day must be 01 to 31"));
    }
    Ok(())
}
