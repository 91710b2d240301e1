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

/// Which MRZ date a two-digit year belongs to: it decides the century.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateKind {
    /// A date of birth: the latest century that does not put it after `current_year`.
    Birth,
    /// A date of expiry: 20YY, unless that is more than 50 years after `current_year`
    /// (then 19YY).
    Expiry,
}

/// The ISO 8601 form (`YYYY-MM-DD`) of an MRZ date `YYMMDD`, the century decided by
/// `kind` relative to `current_year` (documented in docs/json.md). An unknown day or
/// month (`<<`, dates of birth only) gives the reduced precision `YYYY-MM` or `YYYY`.
/// `None` when `yymmdd` is not such a date.
///
/// ```
/// use cnie::mrz::{DateKind, iso_date};
/// assert_eq!(iso_date("900115", DateKind::Birth, 2026).as_deref(), Some("1990-01-15"));
/// assert_eq!(iso_date("240229", DateKind::Birth, 2026).as_deref(), Some("2024-02-29"));
/// assert_eq!(iso_date("310115", DateKind::Expiry, 2026).as_deref(), Some("2031-01-15"));
/// assert_eq!(iso_date("9001<<", DateKind::Birth, 2026).as_deref(), Some("1990-01"));
/// ```
pub fn iso_date(yymmdd: &str, kind: DateKind, current_year: u32) -> Option<String> {
    let field = match kind {
        DateKind::Birth => MrzField::DateOfBirth,
        DateKind::Expiry => MrzField::DateOfExpiry,
    };
    validate_date(field, yymmdd.as_bytes()).ok()?;
    let (yy, mm, dd) = (yymmdd.get(0..2)?, yymmdd.get(2..4)?, yymmdd.get(4..6)?);
    let y: u32 = yy.parse().ok()?;
    let century = match kind {
        DateKind::Birth if 2000 + y > current_year => 1900,
        DateKind::Expiry if 2000 + y > current_year.saturating_add(50) => 1900,
        DateKind::Birth | DateKind::Expiry => 2000,
    };
    let year = century + y;
    Some(match (mm, dd) {
        ("<<", _) => format!("{year:04}"),
        (_, "<<") => format!("{year:04}-{mm}"),
        _ => format!("{year:04}-{mm}-{dd}"),
    })
}

/// The current year (UTC) by the system clock: the reference [`iso_date`] takes when
/// a document is decoded.
pub(crate) fn current_year() -> u32 {
    let now =
        crate::asn1::time::iso8601(crate::asn1::time::unix_seconds(std::time::SystemTime::now()));
    now.get(0..4).and_then(|y| y.parse().ok()).unwrap_or(2000)
}

#[cfg(test)]
mod iso_tests {
    use super::*;

    #[test]
    fn century_rules() {
        // Births: never in the future.
        assert_eq!(
            iso_date("261129", DateKind::Birth, 2026).as_deref(),
            Some("2026-11-29")
        );
        assert_eq!(
            iso_date("270101", DateKind::Birth, 2026).as_deref(),
            Some("1927-01-01")
        );
        assert_eq!(
            iso_date("000101", DateKind::Birth, 2026).as_deref(),
            Some("2000-01-01")
        );
        // Expiries: up to 50 years ahead.
        assert_eq!(
            iso_date("760101", DateKind::Expiry, 2026).as_deref(),
            Some("2076-01-01")
        );
        assert_eq!(
            iso_date("770101", DateKind::Expiry, 2026).as_deref(),
            Some("1977-01-01")
        );
        assert_eq!(
            iso_date("95<<<<", DateKind::Birth, 2026).as_deref(),
            Some("1995")
        );
        // Not dates.
        assert_eq!(iso_date("901315", DateKind::Birth, 2026), None);
        assert_eq!(iso_date("90011", DateKind::Birth, 2026), None);
        assert_eq!(iso_date("9001<<", DateKind::Expiry, 2026), None);
        assert_eq!(iso_date("", DateKind::Expiry, 2026), None);
    }
}
