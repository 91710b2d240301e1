//! Text fields of DG11 and DG12: decoding, `<`-separated parts, names and dates.

use serde::Serialize;

/// Decodes a text field: UTF-8 (Doc 9303 Part 10), or, when the bytes are not
/// valid UTF-8, ISO/IEC 8859-1 as written by older chips. Never fails; Arabic
/// and other scripts in UTF-8 come through unchanged.
pub(crate) fn decode(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

/// Decodes a date field: ASCII digits as stored (`"19850312"`), or, for the
/// older binary-coded-decimal form (4 bytes for a date, 7 for a date and
/// time), the digits of the BCD.
pub(crate) fn decode_date(bytes: &[u8]) -> String {
    let is_bcd = !bytes.is_empty()
        && !bytes.iter().all(u8::is_ascii_digit)
        && bytes.iter().all(|b| b >> 4 <= 9 && b & 0x0F <= 9);
    if is_bcd {
        hex::encode(bytes)
    } else {
        decode(bytes)
    }
}

/// A full date `YYYYMMDD` (as DG11 and DG12 hold them) as ISO 8601 `YYYY-MM-DD`;
/// `None` for anything else (a partial date keeps only its raw form).
pub(crate) fn iso_full_date(date: &str) -> Option<String> {
    let digits = |r: std::ops::Range<usize>| {
        date.get(r)
            .filter(|p| p.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|p| p.parse::<u32>().ok())
    };
    let (y, m, d) = (digits(0..4)?, digits(4..6)?, digits(6..8)?);
    (date.len() == 8 && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// The non-empty parts of a `<`-separated field, trimmed
/// (`"RABAT<<MAROC"` → `["RABAT", "MAROC"]`).
pub fn split_fields(raw: &str) -> Vec<String> {
    raw.split('<')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Turns the `<` fillers of a name component into single spaces, trimmed.
fn clean_component(raw: &str) -> String {
    raw.split(|c: char| c == '<' || c.is_whitespace())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A name split into its primary and secondary identifiers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonName {
    /// Primary identifier (surname), `<` replaced by spaces.
    pub surname: String,
    /// Secondary identifier (given names), `<` replaced by spaces; empty if
    /// the name has none.
    pub given_names: String,
}

impl PersonName {
    /// Splits a name written as in the MRZ: primary identifier, `<<`,
    /// secondary identifier, with `<` between words
    /// (`"EL<AMRANI<<FATIMA<ZAHRA"` → `EL AMRANI` / `FATIMA ZAHRA`). A name
    /// without `<<` is all surname.
    pub fn parse(raw: &str) -> PersonName {
        let (primary, secondary) = raw.split_once("<<").unwrap_or((raw, ""));
        PersonName {
            surname: clean_component(primary),
            given_names: clean_component(secondary),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_and_latin1() {
        assert_eq!(decode("فاطمة الزهراء".as_bytes()), "فاطمة الزهراء");
        assert_eq!(decode(b"M\xDCLLER"), "MÜLLER");
        assert_eq!(decode(b""), "");
    }

    #[test]
    fn decodes_dates() {
        assert_eq!(decode_date(b"19850312"), "19850312");
        assert_eq!(iso_full_date("19850312").as_deref(), Some("1985-03-12"));
        assert_eq!(iso_full_date("19851312"), None);
        assert_eq!(iso_full_date("1985031"), None);
        assert_eq!(iso_full_date("198503120"), None);
        assert_eq!(iso_full_date("1985+312"), None);
        assert_eq!(decode_date(&[0x19, 0x85, 0x03, 0x12]), "19850312");
        assert_eq!(
            decode_date(&[0x20, 0x21, 0x04, 0x30, 0x14, 0x05, 0x59]),
            "20210430140559"
        );
        assert_eq!(decode_date(b"1985"), "1985");
        assert_eq!(decode_date(&[0x1A, 0x85]), "\u{1A}\u{85}");
    }

    #[test]
    fn splits_names_and_fields() {
        let name = PersonName::parse("EL<AMRANI<<FATIMA<ZAHRA");
        assert_eq!(name.surname, "EL AMRANI");
        assert_eq!(name.given_names, "FATIMA ZAHRA");
        let arabic = PersonName::parse("العمراني<<فاطمة<الزهراء");
        assert_eq!(arabic.surname, "العمراني");
        assert_eq!(arabic.given_names, "فاطمة الزهراء");
        let only = PersonName::parse("MADONNA");
        assert_eq!(
            (only.surname.as_str(), only.given_names.as_str()),
            ("MADONNA", "")
        );
        assert_eq!(split_fields("RABAT<<MAROC<"), ["RABAT", "MAROC"]);
        assert_eq!(
            split_fields("12 RUE X<CASABLANCA"),
            ["12 RUE X", "CASABLANCA"]
        );
        assert!(split_fields("<<").is_empty());
    }
}
