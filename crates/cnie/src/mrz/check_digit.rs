//! The ICAO 9303 Part 3 check digit.

/// Weights of the ICAO 9303 Part 3 check digit (repeated 7, 3, 1).
const WEIGHTS: [u32; 3] = [7, 3, 1];

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
pub(super) fn char_value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'A'..=b'Z' => Some(u32::from(c - b'A') + 10),
        b'<' => Some(0),
        _ => None,
    }
}

/// Weight of the character at `position` (0-based) of a check-digit-protected field.
pub(super) fn weight(position: usize) -> u32 {
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
pub(super) fn check_digit_matches(value: &[u8], cd: u8) -> bool {
    cd.is_ascii_digit() && check_digit_bytes(value) == Some(cd - b'0')
}

/// The computed check digit of `value` as a character (`'?'` if it cannot be computed, which
/// does not happen on validated MRZ characters).
pub(super) fn computed_char(value: &[u8]) -> char {
    check_digit_bytes(value).map_or('?', |d| char::from(b'0' + d))
}
