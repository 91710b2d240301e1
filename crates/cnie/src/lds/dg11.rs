//! DG11, additional personal details (ICAO Doc 9303 Part 10 §4.7.11).
//!
//! ```text
//! 6B { 5C   tag list
//!      5F0E full name (primary<<secondary)
//!      A0 { 02 count, 5F0F other name, … }   other names
//!      5F10 personal number       5F2B full date of birth (YYYYMMDD)
//!      5F11 place of birth        5F42 address
//!      5F12 telephone             5F13 profession
//!      5F14 title                 5F15 personal summary
//!      5F16 proof of citizenship (image)
//!      5F17 other valid TD numbers
//!      5F18 custody information }
//! ```
//!
//! Every element is optional. Text is kept as stored (`<` separators included)
//! and decoded as UTF-8, so Arabic script comes through unchanged; cleaned
//! views are offered beside the raw values.

use serde::Serialize;

use crate::error::Error;
use crate::lds::text::{self, PersonName};
use crate::tlv;

/// The file name used in errors.
const FILE: &str = "DG11";

/// The contents of DG11.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Dg11 {
    /// Full name as stored (`5F0E`), e.g. `"EL<AMRANI<<FATIMA<ZAHRA"`.
    pub full_name: Option<String>,
    /// [`Dg11::full_name`] split into surname and given names.
    pub name: Option<PersonName>,
    /// Other names (`5F0F`), as stored (`<` separators included).
    pub other_names: Vec<String>,
    /// [`Dg11::other_names`], each split into surname and given names without the `<`
    /// separators (`"العمراني<<فاطمة<الزهراء"` → `العمراني` / `فاطمة الزهراء`).
    pub other_person_names: Vec<PersonName>,
    /// Personal number (`5F10`).
    pub personal_number: Option<String>,
    /// Full date of birth (`5F2B`), `YYYYMMDD`.
    pub full_date_of_birth: Option<String>,
    /// [`Dg11::full_date_of_birth`] as ISO 8601 `YYYY-MM-DD`, when it is a full date.
    pub full_date_of_birth_iso: Option<String>,
    /// Place of birth (`5F11`), `<`-separated parts.
    pub place_of_birth: Option<String>,
    /// Permanent address (`5F42`), `<`-separated parts.
    pub address: Option<String>,
    /// Telephone (`5F12`).
    pub telephone: Option<String>,
    /// Profession (`5F13`).
    pub profession: Option<String>,
    /// Title (`5F14`).
    pub title: Option<String>,
    /// Personal summary (`5F15`).
    pub personal_summary: Option<String>,
    /// Proof of citizenship (`5F16`): an image, bytes as stored (not serialized).
    #[serde(skip)]
    pub proof_of_citizenship: Option<Vec<u8>>,
    /// Other valid travel document numbers (`5F17`), `<`-separated.
    pub other_valid_td_numbers: Option<String>,
    /// Custody information (`5F18`).
    pub custody_information: Option<String>,
}

impl Dg11 {
    /// Parses DG11.
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] (file `"DG11"`) if the outer tag is not `6B` or
    /// the TLV structure is broken. Unknown elements are ignored; text that is
    /// not UTF-8 is read as ISO/IEC 8859-1.
    pub fn parse(bytes: &[u8]) -> Result<Dg11, Error> {
        let malformed = |e| Error::malformed(FILE, e);
        let (value, _trailing) = tlv::expect(bytes, 0x6B).map_err(malformed)?;
        let mut dg11 = Dg11::default();
        for object in tlv::iter(value) {
            let object = object.map_err(malformed)?;
            let as_text = || Some(text::decode(object.value));
            match object.tag {
                0x5F0E => dg11.full_name = dg11.full_name.take().or_else(as_text),
                0x5F0F => dg11.other_names.push(text::decode(object.value)),
                0xA0 => {
                    for inner in tlv::iter(object.value) {
                        let inner = inner.map_err(malformed)?;
                        if inner.tag == 0x5F0F {
                            dg11.other_names.push(text::decode(inner.value));
                        }
                    }
                }
                0x5F10 => dg11.personal_number = dg11.personal_number.take().or_else(as_text),
                0x5F2B => {
                    let date = || Some(text::decode_date(object.value));
                    dg11.full_date_of_birth = dg11.full_date_of_birth.take().or_else(date);
                }
                0x5F11 => dg11.place_of_birth = dg11.place_of_birth.take().or_else(as_text),
                0x5F42 => dg11.address = dg11.address.take().or_else(as_text),
                0x5F12 => dg11.telephone = dg11.telephone.take().or_else(as_text),
                0x5F13 => dg11.profession = dg11.profession.take().or_else(as_text),
                0x5F14 => dg11.title = dg11.title.take().or_else(as_text),
                0x5F15 => dg11.personal_summary = dg11.personal_summary.take().or_else(as_text),
                0x5F16 => {
                    let image = || Some(object.value.to_vec());
                    dg11.proof_of_citizenship = dg11.proof_of_citizenship.take().or_else(image);
                }
                0x5F17 => {
                    dg11.other_valid_td_numbers =
                        dg11.other_valid_td_numbers.take().or_else(as_text);
                }
                0x5F18 => {
                    dg11.custody_information = dg11.custody_information.take().or_else(as_text);
                }
                _ => {}
            }
        }
        dg11.name = dg11.full_name.as_deref().map(PersonName::parse);
        dg11.other_person_names = dg11
            .other_names
            .iter()
            .map(|n| PersonName::parse(n))
            .collect();
        dg11.full_date_of_birth_iso = dg11
            .full_date_of_birth
            .as_deref()
            .and_then(text::iso_full_date);
        Ok(dg11)
    }

    /// The parts of the place of birth (`"RABAT<MAROC"` → `["RABAT", "MAROC"]`).
    pub fn place_of_birth_parts(&self) -> Vec<String> {
        self.place_of_birth
            .as_deref()
            .map(text::split_fields)
            .unwrap_or_default()
    }

    /// The parts of the address.
    pub fn address_parts(&self) -> Vec<String> {
        self.address
            .as_deref()
            .map(text::split_fields)
            .unwrap_or_default()
    }

    /// The other valid travel document numbers, one per entry.
    pub fn other_valid_td_number_list(&self) -> Vec<String> {
        self.other_valid_td_numbers
            .as_deref()
            .map(text::split_fields)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a DG11 from (tag, value) pairs.
    fn dg11(elements: &[(u32, &[u8])]) -> Vec<u8> {
        let mut value = Vec::new();
        for (tag, bytes) in elements {
            value.extend(tlv::encode(*tag, bytes));
        }
        tlv::encode(0x6B, &value)
    }

    #[test]
    fn parses_every_field_with_arabic_text() {
        let mut other = tlv::encode(0x02, &[2]);
        other.extend(tlv::encode(0x5F0F, "EL<AMRANI<<FATIMA".as_bytes()));
        other.extend(tlv::encode(0x5F0F, "العمراني<<فاطمة<الزهراء".as_bytes()));
        let tag_list = [0x5F, 0x0E, 0xA0, 0x5F, 0x10];
        let bytes = dg11(&[
            (0x5C, &tag_list),
            (0x5F0E, "EL<AMRANI<<FATIMA<ZAHRA".as_bytes()),
            (0xA0, &other),
            (0x5F10, b"AB123456"),
            (0x5F2B, b"19850312"),
            (0x5F11, "الرباط<المغرب".as_bytes()),
            (0x5F42, "12 RUE IBN SINA<AGDAL<RABAT<10090<MAROC".as_bytes()),
            (0x5F12, b"+212600000000"),
            (0x5F13, "مهندسة".as_bytes()),
            (0x5F14, b"DR"),
            (0x5F15, b"SUMMARY"),
            (0x5F16, &[0xFF, 0xD8, 0xFF, 0xE0]),
            (0x5F17, b"X1234567<Y7654321"),
            (0x5F18, b"NONE"),
            (0x5F77, b"ignored"),
        ]);
        let dg = Dg11::parse(&bytes).unwrap();
        assert_eq!(dg.full_name.as_deref(), Some("EL<AMRANI<<FATIMA<ZAHRA"));
        let name = dg.name.as_ref().unwrap();
        assert_eq!(name.surname, "EL AMRANI");
        assert_eq!(name.given_names, "FATIMA ZAHRA");
        assert_eq!(
            dg.other_names,
            ["EL<AMRANI<<FATIMA", "العمراني<<فاطمة<الزهراء"]
        );
        let others = &dg.other_person_names;
        assert_eq!(others[1].surname, "العمراني");
        assert_eq!(others[1].given_names, "فاطمة الزهراء");
        assert_eq!(dg.personal_number.as_deref(), Some("AB123456"));
        assert_eq!(dg.full_date_of_birth.as_deref(), Some("19850312"));
        assert_eq!(dg.full_date_of_birth_iso.as_deref(), Some("1985-03-12"));
        assert_eq!(dg.place_of_birth.as_deref(), Some("الرباط<المغرب"));
        assert_eq!(dg.place_of_birth_parts(), ["الرباط", "المغرب"]);
        assert_eq!(
            dg.address_parts(),
            ["12 RUE IBN SINA", "AGDAL", "RABAT", "10090", "MAROC"]
        );
        assert_eq!(dg.telephone.as_deref(), Some("+212600000000"));
        assert_eq!(dg.profession.as_deref(), Some("مهندسة"));
        assert_eq!(dg.title.as_deref(), Some("DR"));
        assert_eq!(dg.personal_summary.as_deref(), Some("SUMMARY"));
        assert_eq!(
            dg.proof_of_citizenship.as_deref(),
            Some(&[0xFF, 0xD8, 0xFF, 0xE0][..])
        );
        assert_eq!(dg.other_valid_td_number_list(), ["X1234567", "Y7654321"]);
        assert_eq!(dg.custody_information.as_deref(), Some("NONE"));

        let json: serde_json::Value = serde_json::to_value(&dg).unwrap();
        assert_eq!(json["name"]["given_names"], "FATIMA ZAHRA");
        assert_eq!(json["profession"], "مهندسة");
        assert!(json.get("proof_of_citizenship").is_none());
    }

    #[test]
    fn absent_fields_are_none_and_bcd_dates_are_read() {
        let dg = Dg11::parse(&dg11(&[
            (0x5F2B, &[0x19, 0x85, 0x03, 0x12]),
            (0x5F0F, b"ALIAS"),
        ]))
        .unwrap();
        assert_eq!(dg.full_date_of_birth.as_deref(), Some("19850312"));
        assert_eq!(dg.other_names, ["ALIAS"]);
        assert_eq!(dg.full_name, None);
        assert_eq!(dg.name, None);
        assert!(dg.address_parts().is_empty());
        let empty = Dg11::parse(&[0x6B, 0x00]).unwrap();
        assert_eq!(empty, Dg11::default());
    }

    #[test]
    fn malformed_files_are_errors() {
        let good = dg11(&[(0x5F0E, b"A<<B")]);
        let cases: Vec<Vec<u8>> = vec![
            vec![],
            tlv::encode(0x6C, &tlv::encode(0x5F0E, b"A<<B")),
            good[..good.len() - 1].to_vec(),
            tlv::encode(0x6B, &[0x5F, 0x0E, 0x05, b'A']),
            tlv::encode(0x6B, &tlv::encode(0xA0, &[0x5F, 0x0F, 0x09])),
        ];
        for case in cases {
            let err = Dg11::parse(&case).unwrap_err();
            assert!(
                matches!(&err, Error::Malformed { file, .. } if file == "DG11"),
                "{err}"
            );
        }
    }
}
