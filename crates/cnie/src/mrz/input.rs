//! Reading MRZ text: normalization, format detection and character validation.

use super::Mrz;
use super::decode::{Lines, decode};
use super::error::MrzError;
use super::layout::MrzFormat;

/// Parses a machine readable zone (TD1, TD2 or TD3), see the [module documentation](crate::mrz).
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
pub(super) fn normalize(input: &str) -> impl Iterator<Item = char> + '_ {
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

/// Validates the characters of lines that already have the shape of `format`, then decodes.
pub(super) fn parse_shaped(format: MrzFormat, lines: &[&[char]]) -> Result<Mrz, MrzError> {
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
