//! Machine readable zone (MRZ) parsing and check digits (ICAO Doc 9303 Parts 3 to 6).
//!
//! [`parse`] accepts the MRZ of an ID card (TD1, 3 lines of 30 characters, the format of the
//! Moroccan CNIE), of a TD2 document (2 lines of 36) or of a passport (TD3, 2 lines of 44).
//!
//! The parser is forgiving in form and strict in content:
//!
//! - all whitespace is removed (newlines, CR, tabs, blanks between or inside the lines), as are
//!   literal two-character `\n` / `\r` sequences; lower case is upper-cased; the format is then
//!   decided by the total length (90, 72 or 88 characters), so the lines may also be given as a
//!   single run of characters;
//! - every character must then be `A`-`Z`, `0`-`9` or `<`, and every check digit must be right
//!   (document number, date of birth, date of expiry, personal number for TD3, and the composite
//!   check digit). When a check digit is wrong, [`MrzError::CheckDigit`] carries, when one can be
//!   found, a suggested correction of the usual OCR or typing confusions (`O`/`0`, `I`/`1`,
//!   `B`/`8`, `S`/`5`, `Z`/`2`, `G`/`6`).
//!
//! Document numbers longer than nine characters (ICAO 9303 Part 5 and 6, "long document numbers",
//! see the Part 11 Appendix D.2 example) are reassembled: for TD1 and TD2, when the check digit
//! position of the document number holds `<`, the remaining characters of the number and their
//! check digit open the optional data field.
//!
//! ```
//! let mrz = cnie::mrz::parse(
//!     "I<UTOD231458907<<<<<<<<<<<<<<<\n\
//!      7408122F1204159UTO<<<<<<<<<<<6\n\
//!      ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
//! )?;
//! assert_eq!(mrz.document_number, "D23145890");
//! assert_eq!(mrz.given_names, "ANNA MARIA");
//! # Ok::<(), cnie::mrz::MrzError>(())
//! ```

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use serde::Serialize;

mod hint;
#[cfg(test)]
mod tests;

/// Weights of the ICAO 9303 Part 3 check digit (repeated 7, 3, 1).
const WEIGHTS: [u32; 3] = [7, 3, 1];

/// The layout of a machine readable zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum MrzFormat {
    /// ID-1 size card (e.g. the CNIE): 3 lines of 30 characters (ICAO 9303 Part 5).
    #[serde(rename = "TD1")]
    Td1,
    /// ID-2 size document: 2 lines of 36 characters (ICAO 9303 Part 6).
    #[serde(rename = "TD2")]
    Td2,
    /// ID-3 size document (passport book): 2 lines of 44 characters (ICAO 9303 Part 4).
    #[serde(rename = "TD3")]
    Td3,
}

impl MrzFormat {
    /// All formats, in the order TD1, TD2, TD3.
    pub const ALL: [MrzFormat; 3] = [MrzFormat::Td1, MrzFormat::Td2, MrzFormat::Td3];

    /// Number of lines of the MRZ (3 for TD1, 2 otherwise).
    pub const fn line_count(self) -> usize {
        match self {
            MrzFormat::Td1 => 3,
            MrzFormat::Td2 | MrzFormat::Td3 => 2,
        }
    }

    /// Number of characters of each line (30, 36 or 44).
    pub const fn line_length(self) -> usize {
        match self {
            MrzFormat::Td1 => 30,
            MrzFormat::Td2 => 36,
            MrzFormat::Td3 => 44,
        }
    }

    /// Total number of characters of the MRZ (90, 72 or 88).
    pub const fn total_length(self) -> usize {
        self.line_count() * self.line_length()
    }

    /// The format whose MRZ has `total` characters, if any.
    pub fn from_total_length(total: usize) -> Option<MrzFormat> {
        MrzFormat::ALL
            .into_iter()
            .find(|format| format.total_length() == total)
    }

    /// The format whose MRZ has `lines` lines of `length` characters, if any.
    pub fn from_shape(lines: usize, length: usize) -> Option<MrzFormat> {
        MrzFormat::ALL
            .into_iter()
            .find(|format| format.line_count() == lines && format.line_length() == length)
    }
}

impl fmt::Display for MrzFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MrzFormat::Td1 => "TD1",
            MrzFormat::Td2 => "TD2",
            MrzFormat::Td3 => "TD3",
        })
    }
}

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
    /// The lines given to [`parse_lines`] do not have the shape of any format.
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
fn did_you_mean(suggestion: Option<&str>) -> String {
    suggestion
        .map(|s| format!(": did you mean {s}?"))
        .unwrap_or_default()
}

/// A parsed and validated machine readable zone.
///
/// Text fields are cleaned: trailing `<` fillers are removed and, in names, `<` separators
/// become single spaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mrz {
    /// TD1, TD2 or TD3.
    pub format: MrzFormat,
    /// Document code, e.g. `"I"`, `"ID"`, `"P"`.
    pub document_code: String,
    /// Issuing state or organisation (ICAO 9303 Part 3 three-letter code, fillers removed).
    pub issuing_state: String,
    /// Full document number, including the long-number extension (TD1/TD2) when present.
    pub document_number: String,
    /// All optional data: for TD1 the non-empty parts of [`Mrz::optional_data_1`] and
    /// [`Mrz::optional_data_2`] joined by one `<`; for TD2 the optional data; for TD3 the
    /// personal number.
    pub optional_data: String,
    /// TD1: optional data of line 1 (where the CNIE keeps the CIN, e.g. `"X123456"`), without the
    /// long document number extension. TD2: the optional data. TD3: the personal number.
    pub optional_data_1: String,
    /// TD1: optional data of line 2. Empty for TD2 and TD3.
    pub optional_data_2: String,
    /// Date of birth, YYMMDD (`<` may stand for an unknown month or day).
    pub date_of_birth: String,
    /// `"M"`, `"F"` or `"X"` (unspecified: `<` in the MRZ, or `X`).
    pub sex: String,
    /// Date of expiry, YYMMDD.
    pub date_of_expiry: String,
    /// Nationality (three-letter code, fillers removed).
    pub nationality: String,
    /// Primary identifier (surname), e.g. `"EL AMRANI"`.
    pub surname: String,
    /// Secondary identifier (given names), e.g. `"FATIMA ZAHRA"`.
    pub given_names: String,
    /// The MRZ lines as parsed: upper case, without whitespace.
    pub lines: Vec<String>,
}

impl FromStr for Mrz {
    type Err = MrzError;

    fn from_str(s: &str) -> Result<Mrz, MrzError> {
        parse(s)
    }
}

/// Computes the ICAO 9303 Part 3 check digit of `s` (weights 7, 3, 1; `<` = 0, `0`-`9` = 0-9,
/// `A`-`Z` = 10-35).
///
/// Returns `None` if `s` contains a character other than `A`-`Z`, `0`-`9` or `<` (lower case is
/// not accepted). The check digit of the empty string is 0.
///
/// ```
/// assert_eq!(cnie::mrz::check_digit("520727"), Some(3));
/// assert_eq!(cnie::mrz::check_digit("AB2134<<<"), Some(5));
/// assert_eq!(cnie::mrz::check_digit("ab2134"), None);
/// ```
pub fn check_digit(s: &str) -> Option<u8> {
    check_digit_bytes(s.as_bytes())
}

/// Value of an MRZ character for the check digit.
fn char_value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'A'..=b'Z' => Some(u32::from(c - b'A') + 10),
        b'<' => Some(0),
        _ => None,
    }
}

/// Weight of the character at `position` (0-based) of a check-digit-protected field.
fn weight(position: usize) -> u32 {
    WEIGHTS.get(position % WEIGHTS.len()).copied().unwrap_or(1)
}

/// [`check_digit`] over bytes.
pub(crate) fn check_digit_bytes(bytes: &[u8]) -> Option<u8> {
    let mut sum = 0u32;
    for (position, &c) in bytes.iter().enumerate() {
        sum = (sum + char_value(c)? * weight(position)) % 10;
    }
    u8::try_from(sum).ok()
}

/// Whether `cd` (an MRZ character) is the check digit of `value`.
fn check_digit_matches(value: &[u8], cd: u8) -> bool {
    cd.is_ascii_digit() && check_digit_bytes(value) == Some(cd - b'0')
}

/// The computed check digit of `value` as a character (`'?'` if it cannot be computed, which
/// does not happen on validated MRZ characters).
fn computed_char(value: &[u8]) -> char {
    check_digit_bytes(value).map_or('?', |d| char::from(b'0' + d))
}

/// Parses a machine readable zone (TD1, TD2 or TD3), see the [module documentation](self).
///
/// # Errors
///
/// [`MrzError::Length`] if the input, without whitespace, is not 90, 72 or 88 characters long;
/// [`MrzError::InvalidCharacter`]; [`MrzError::CheckDigit`] for the first wrong check digit (in
/// the order document number, date of birth, date of expiry, personal number, composite);
/// [`MrzError::InvalidDate`]; [`MrzError::InvalidField`].
pub fn parse(input: &str) -> Result<Mrz, MrzError> {
    // Count first, so that a huge input is rejected without being copied.
    let found = normalize(input).count();
    let format = MrzFormat::from_total_length(found).ok_or(MrzError::Length { found })?;
    let chars: Vec<char> = normalize(input).collect();
    let lines: Vec<&[char]> = chars.chunks(format.line_length()).collect();
    parse_shaped(format, &lines)
}

/// Parses a machine readable zone given line by line.
///
/// Each line is normalized as in [`parse`] (whitespace removed, upper-cased); lines that are
/// empty once normalized are ignored. The remaining lines must have the shape of a format:
/// 3 lines of 30, 2 of 36 or 2 of 44 characters.
///
/// # Errors
///
/// [`MrzError::Layout`] if the lines do not have the shape of a format, otherwise as [`parse`].
pub fn parse_lines(lines: &[&str]) -> Result<Mrz, MrzError> {
    let normalized: Vec<Vec<char>> = lines
        .iter()
        .map(|line| normalize(line).collect::<Vec<char>>())
        .filter(|line| !line.is_empty())
        .collect();
    let line_lengths: Vec<usize> = normalized.iter().map(Vec::len).collect();
    let first = line_lengths.first().copied().unwrap_or(0);
    let format = if line_lengths.iter().all(|&len| len == first) {
        MrzFormat::from_shape(line_lengths.len(), first)
    } else {
        None
    };
    let format = format.ok_or(MrzError::Layout { line_lengths })?;
    let lines: Vec<&[char]> = normalized.iter().map(Vec::as_slice).collect();
    parse_shaped(format, &lines)
}

/// Removes whitespace and literal `\n` / `\r` sequences, and upper-cases ASCII letters.
fn normalize(input: &str) -> impl Iterator<Item = char> + '_ {
    let mut chars = input.chars().peekable();
    std::iter::from_fn(move || {
        loop {
            let c = chars.next()?;
            if c.is_whitespace() {
                continue;
            }
            if c == '\\' && matches!(chars.peek(), Some('n' | 'r' | 'N' | 'R')) {
                chars.next();
                continue;
            }
            return Some(c.to_ascii_uppercase());
        }
    })
}

/// The MRZ as validated ASCII lines, with safe accessors.
struct Lines(Vec<Vec<u8>>);

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

/// Validates the characters of lines that already have the shape of `format`, then decodes.
fn parse_shaped(format: MrzFormat, lines: &[&[char]]) -> Result<Mrz, MrzError> {
    let mut validated = Vec::with_capacity(lines.len());
    for (line_index, line) in lines.iter().enumerate() {
        let mut bytes = Vec::with_capacity(line.len());
        for (column, &ch) in line.iter().enumerate() {
            match u8::try_from(ch) {
                Ok(b) if b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'<' => bytes.push(b),
                _ => {
                    return Err(MrzError::InvalidCharacter {
                        line: line_index + 1,
                        column: column + 1,
                        ch,
                    });
                }
            }
        }
        validated.push(bytes);
    }
    decode(format, &Lines(validated))
}

/// Converts validated MRZ bytes to a string.
fn text(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// Removes the trailing `<` fillers (leading ones are kept: they are part of the field).
fn trim_fillers(bytes: &[u8]) -> String {
    let end = bytes.iter().rposition(|&b| b != b'<').map_or(0, |i| i + 1);
    text(bytes.get(..end).unwrap_or_default())
}

/// Turns `<` into single spaces, trimmed.
fn clean_name(bytes: &[u8]) -> String {
    text(bytes)
        .replace('<', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Splits a name field into (primary identifier, secondary identifier).
fn split_name(bytes: &[u8]) -> (String, String) {
    match bytes.windows(2).position(|w| w == b"<<") {
        Some(i) => (
            clean_name(bytes.get(..i).unwrap_or_default()),
            clean_name(bytes.get(i + 2..).unwrap_or_default()),
        ),
        None => (clean_name(bytes), String::new()),
    }
}

/// A document number as found in the MRZ: the value protected by the check digit, the check
/// digit, and the optional data that remains once a long-number extension is taken out of it.
struct DocumentNumber<'a> {
    value: Vec<u8>,
    check: u8,
    optional_rest: &'a [u8],
}

/// Reads the document number, applying the TD1/TD2 long-number extension: when the check digit
/// position holds `<` and the optional data starts with at least two characters before a `<`,
/// those characters are the rest of the number followed by its check digit.
fn document_number<'a>(field: &[u8], check: u8, optional: &'a [u8]) -> DocumentNumber<'a> {
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

/// Field positions of one format, as (line, range) pairs and check digit positions.
struct Layout {
    document_code: (usize, Range<usize>),
    issuing_state: (usize, Range<usize>),
    document_number: (usize, Range<usize>),
    document_number_check: (usize, usize),
    /// Optional data that may hold a long-number extension (TD1 line 1, TD2 line 2).
    optional_1: (usize, Range<usize>),
    optional_2: Option<(usize, Range<usize>)>,
    date_of_birth: (usize, Range<usize>),
    date_of_birth_check: (usize, usize),
    sex: (usize, usize),
    date_of_expiry: (usize, Range<usize>),
    date_of_expiry_check: (usize, usize),
    nationality: (usize, Range<usize>),
    /// TD3 personal number check digit position (the field is `optional_1`).
    personal_number_check: Option<(usize, usize)>,
    /// Composite check digit input, as a list of (line, range) in order.
    composite: Vec<(usize, Range<usize>)>,
    composite_check: (usize, usize),
    name: (usize, Range<usize>),
}

impl Layout {
    fn of(format: MrzFormat) -> Layout {
        match format {
            MrzFormat::Td1 => Layout {
                document_code: (0, 0..2),
                issuing_state: (0, 2..5),
                document_number: (0, 5..14),
                document_number_check: (0, 14),
                optional_1: (0, 15..30),
                optional_2: Some((1, 18..29)),
                date_of_birth: (1, 0..6),
                date_of_birth_check: (1, 6),
                sex: (1, 7),
                date_of_expiry: (1, 8..14),
                date_of_expiry_check: (1, 14),
                nationality: (1, 15..18),
                personal_number_check: None,
                composite: vec![(0, 5..30), (1, 0..7), (1, 8..15), (1, 18..29)],
                composite_check: (1, 29),
                name: (2, 0..30),
            },
            MrzFormat::Td2 | MrzFormat::Td3 => {
                let len = format.line_length();
                let is_td3 = format == MrzFormat::Td3;
                let optional_end = if is_td3 { len - 2 } else { len - 1 };
                Layout {
                    document_code: (0, 0..2),
                    issuing_state: (0, 2..5),
                    document_number: (1, 0..9),
                    document_number_check: (1, 9),
                    optional_1: (1, 28..optional_end),
                    optional_2: None,
                    date_of_birth: (1, 13..19),
                    date_of_birth_check: (1, 19),
                    sex: (1, 20),
                    date_of_expiry: (1, 21..27),
                    date_of_expiry_check: (1, 27),
                    nationality: (1, 10..13),
                    personal_number_check: is_td3.then_some((1, len - 2)),
                    composite: vec![(1, 0..10), (1, 13..20), (1, 21..len - 1)],
                    composite_check: (1, len - 1),
                    name: (0, 5..len),
                }
            }
        }
    }
}

/// Verifies the check digit `check` of `value`; on failure builds the error with a suggestion.
fn verify(
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

/// Whether `value` passes the date checks of `field` (used to filter suggestions).
fn date_is_valid(field: MrzField, value: &[u8]) -> bool {
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

/// Decodes and validates the fields of validated lines.
fn decode(format: MrzFormat, lines: &Lines) -> Result<Mrz, MrzError> {
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

    Ok(Mrz {
        format,
        document_code: trim_fillers(field(&layout.document_code)),
        issuing_state: trim_fillers(field(&layout.issuing_state)),
        document_number,
        optional_data,
        optional_data_1,
        optional_data_2,
        date_of_birth: text(field(&layout.date_of_birth)),
        sex: sex.to_owned(),
        date_of_expiry: text(field(&layout.date_of_expiry)),
        nationality: trim_fillers(field(&layout.nationality)),
        surname,
        given_names,
        lines: lines.0.iter().map(|line| text(line)).collect(),
    })
}

/// The document number, with the long-number extension for TD1 and TD2, its check digit
/// verified.
fn checked_document_number<'a>(
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
fn check_dates(layout: &Layout, lines: &Lines) -> Result<(), MrzError> {
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
fn check_personal_number(layout: &Layout, lines: &Lines) -> Result<(), MrzError> {
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
fn check_composite(layout: &Layout, lines: &Lines) -> Result<(), MrzError> {
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
fn sex(c: u8) -> Result<&'static str, MrzError> {
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
