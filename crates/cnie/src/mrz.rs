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

use std::str::FromStr;

use serde::Serialize;

mod check_digit;
mod date;
mod decode;
mod error;
mod hint;
mod input;
mod layout;
#[cfg(test)]
mod tests;
mod text;

pub use check_digit::check_digit;
pub(crate) use check_digit::check_digit_bytes;
pub(crate) use date::validate_date;
pub use date::{DateKind, iso_date};
pub use error::{MrzError, MrzField};
pub use input::{parse, parse_lines};
pub use layout::MrzFormat;
#[cfg(test)]
use text::split_name;

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
    /// The date of birth as ISO 8601 (`YYYY-MM-DD`, or `YYYY-MM`/`YYYY` when the day or
    /// month is unknown), the century decided by [`iso_date`] when the MRZ was decoded;
    /// `None` when the field is not a date.
    pub date_of_birth_iso: Option<String>,
    /// The date of expiry as ISO 8601, the century decided by [`iso_date`].
    pub date_of_expiry_iso: Option<String>,
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
