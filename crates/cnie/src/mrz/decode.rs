//! Decoding and validating the fields of validated MRZ lines.

use std::ops::Range;

use super::Mrz;
use super::check_digit::{check_digit_matches, computed_char};
use super::date::{DateKind, iso_date, validate_date};
use super::error::{MrzError, MrzField};
use super::hint;
use super::layout::{Layout, MrzFormat};
use super::text::{split_name, text, trim_fillers};

/// The MRZ as validated ASCII lines, with safe accessors.
pub(super) struct Lines(pub(super) Vec<Vec<u8>>);

impl Lines {
    /// Characters `range` of line `line` (0-based); empty if out of range.
    fn get(&self, line: usize, range: Range<usize>) -> &[u8] {
        self.0
            .get(line)
            .and_then(|l| l.get(range))
            .unwrap_or_default()
    }

    /// Character `index` of line `line` (0-based); `<` if out of range.
    fn at(&self, line: usize, index: usize) -> u8 {
        self.0
            .get(line)
            .and_then(|l| l.get(index))
            .copied()
            .unwrap_or(b'<')
    }
}

/// A document number as found in the MRZ: the value protected by the check digit, the check
/// digit, and the optional data that remains once a long-number extension is taken out of it.
pub(super) struct DocumentNumber<'a> {
    value: Vec<u8>,
    check: u8,
    optional_rest: &'a [u8],
}

/// Reads the document number, applying the TD1/TD2 long-number extension: when the check digit
/// position holds `<` and the optional data starts with at least two characters before a `<`,
/// those characters are the rest of the number followed by its check digit.
pub(super) fn document_number<'a>(
    field: &[u8],
    check: u8,
    optional: &'a [u8],
) -> DocumentNumber<'a> {
    let run = optional
        .iter()
        .position(|&b| b == b'<')
        .unwrap_or(optional.len());
    if check == b'<' && run >= 2 {
        let overflow = optional.get(..run - 1).unwrap_or_default();
        let mut value = Vec::with_capacity(field.len() + overflow.len());
        value.extend_from_slice(field);
        value.extend_from_slice(overflow);
        DocumentNumber {
            value,
            check: optional.get(run - 1).copied().unwrap_or(b'<'),
            // Skip the '<' that ends the extension.
            optional_rest: optional.get(run + 1..).unwrap_or_default(),
        }
    } else {
        DocumentNumber {
            value: field.to_vec(),
            check,
            optional_rest: optional,
        }
    }
}

/// Verifies the check digit `check` of `value`; on failure builds the error with a suggestion.
pub(super) fn verify(
    field: MrzField,
    value: &[u8],
    check: u8,
    accept: impl Fn(&[u8], u8) -> bool,
) -> Result<(), MrzError> {
    if accept(value, check) {
        return Ok(());
    }
    Err(MrzError::CheckDigit {
        field,
        expected: computed_char(value),
        found: char::from(check),
        suggestion: hint::suggest(field, value, check, &accept),
    })
}

/// Decodes and validates the fields of validated lines.
pub(super) fn decode(format: MrzFormat, lines: &Lines) -> Result<Mrz, MrzError> {
    let layout = Layout::of(format);
    let field = |(line, range): &(usize, Range<usize>)| lines.get(*line, range.clone());

    let number = checked_document_number(format, &layout, lines)?;
    let document_number = trim_fillers(&number.value);
    if document_number.is_empty() {
        return Err(MrzError::InvalidField {
            field: MrzField::DocumentNumber,
            reason: "is empty",
        });
    }
    check_dates(&layout, lines)?;
    check_personal_number(&layout, lines)?;
    check_composite(&layout, lines)?;
    let sex = sex(lines.at(layout.sex.0, layout.sex.1))?;

    let optional_data_1 = trim_fillers(number.optional_rest);
    let optional_data_2 = layout
        .optional_2
        .as_ref()
        .map(|range| trim_fillers(field(range)))
        .unwrap_or_default();
    let optional_data = match (optional_data_1.is_empty(), optional_data_2.is_empty()) {
        (_, true) => optional_data_1.clone(),
        (true, false) => optional_data_2.clone(),
        (false, false) => format!("{optional_data_1}<{optional_data_2}"),
    };
    let (surname, given_names) = split_name(field(&layout.name));
    let date_of_birth = text(field(&layout.date_of_birth));
    let date_of_expiry = text(field(&layout.date_of_expiry));
    let year = super::date::current_year();

    Ok(Mrz {
        format,
        document_code: trim_fillers(field(&layout.document_code)),
        issuing_state: trim_fillers(field(&layout.issuing_state)),
        document_number,
        optional_data,
        optional_data_1,
        optional_data_2,
        date_of_birth_iso: iso_date(&date_of_birth, DateKind::Birth, year),
        date_of_expiry_iso: iso_date(&date_of_expiry, DateKind::Expiry, year),
        date_of_birth,
        sex: sex.to_owned(),
        date_of_expiry,
        nationality: trim_fillers(field(&layout.nationality)),
        surname,
        given_names,
        lines: lines.0.iter().map(|line| text(line)).collect(),
    })
}

/// The document number, with the long-number extension for TD1 and TD2, its check digit
/// verified.
pub(super) fn checked_document_number<'a>(
    format: MrzFormat,
    layout: &Layout,
    lines: &'a Lines,
) -> Result<DocumentNumber<'a>, MrzError> {
    let field = |(line, range): &(usize, Range<usize>)| lines.get(*line, range.clone());
    let at = |(line, index): (usize, usize)| lines.at(line, index);
    let optional_1 = field(&layout.optional_1);
    let number = if format == MrzFormat::Td3 {
        DocumentNumber {
            value: field(&layout.document_number).to_vec(),
            check: at(layout.document_number_check),
            optional_rest: optional_1,
        }
    } else {
        document_number(
            field(&layout.document_number),
            at(layout.document_number_check),
            optional_1,
        )
    };
    verify(
        MrzField::DocumentNumber,
        &number.value,
        number.check,
        check_digit_matches,
    )?;
    Ok(number)
}

/// Verifies the check digits and the values of the date of birth and the date of expiry.
pub(super) fn check_dates(layout: &Layout, lines: &Lines) -> Result<(), MrzError> {
    for (date_field, (line, range), (check_line, check_index)) in [
        (
            MrzField::DateOfBirth,
            &layout.date_of_birth,
            layout.date_of_birth_check,
        ),
        (
            MrzField::DateOfExpiry,
            &layout.date_of_expiry,
            layout.date_of_expiry_check,
        ),
    ] {
        let value = lines.get(*line, range.clone());
        verify(
            date_field,
            value,
            lines.at(check_line, check_index),
            check_digit_matches,
        )?;
        validate_date(date_field, value)?;
    }
    Ok(())
}

/// Verifies the personal number's check digit (TD3 only): an empty personal number may have
/// '<' as its check digit.
pub(super) fn check_personal_number(layout: &Layout, lines: &Lines) -> Result<(), MrzError> {
    let Some((check_line, check_index)) = layout.personal_number_check else {
        return Ok(());
    };
    let (line, range) = &layout.optional_1;
    verify(
        MrzField::PersonalNumber,
        lines.get(*line, range.clone()),
        lines.at(check_line, check_index),
        |value: &[u8], check: u8| {
            (check == b'<' && value.iter().all(|&b| b == b'<')) || check_digit_matches(value, check)
        },
    )
}

/// Verifies the composite check digit.
pub(super) fn check_composite(layout: &Layout, lines: &Lines) -> Result<(), MrzError> {
    let composite: Vec<u8> = layout
        .composite
        .iter()
        .flat_map(|(line, range)| lines.get(*line, range.clone()).iter().copied())
        .collect();
    let composite_check = lines.at(layout.composite_check.0, layout.composite_check.1);
    if !check_digit_matches(&composite, composite_check) {
        return Err(MrzError::CheckDigit {
            field: MrzField::Composite,
            expected: computed_char(&composite),
            found: char::from(composite_check),
            suggestion: None,
        });
    }
    Ok(())
}

/// The sex field: `M`, `F`, or `X` for `<` and `X` (unspecified).
pub(super) fn sex(c: u8) -> Result<&'static str, MrzError> {
    match c {
        b'M' => Ok("M"),
        b'F' => Ok("F"),
        b'<' | b'X' => Ok("X"),
        _ => Err(MrzError::InvalidField {
            field: MrzField::Sex,
            reason: "must be M, F, or < or X (unspecified)",
        }),
    }
}
