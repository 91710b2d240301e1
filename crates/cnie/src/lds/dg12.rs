//! DG12, additional document details (ICAO Doc 9303 Part 10 §4.7.12).
//!
//! ```text
//! 6C { 5C   tag list
//!      5F19 issuing authority       5F26 date of issue (YYYYMMDD)
//!      A0 { 02 count, 5F1A name of other person, … }
//!      5F1B endorsements and observations
//!      5F1C tax / exit requirements
//!      5F1D image of the front      5F1E image of the rear
//!      5F55 personalization date and time (YYYYMMDDhhmmss)
//!      5F56 serial number of the personalization system }
//! ```
//!
//! Every element is optional; text is decoded as in DG11.

use serde::Serialize;

use crate::error::Error;
use crate::lds::text::{self, PersonName};
use crate::tlv;

/// The file name used in errors.
const FILE: &str = "DG12";

/// The contents of DG12.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Dg12 {
    /// Issuing authority (`5F19`).
    pub issuing_authority: Option<String>,
    /// Date of issue (`5F26`), `YYYYMMDD`.
    pub date_of_issue: Option<String>,
    /// [`Dg12::date_of_issue`] as ISO 8601 `YYYY-MM-DD`, when it is a full date.
    pub date_of_issue_iso: Option<String>,
    /// Names of other persons (`5F1A`), as stored (`primary<<secondary`).
    pub other_persons: Vec<String>,
    /// Endorsements and observations (`5F1B`).
    pub endorsements: Option<String>,
    /// Tax or exit requirements (`5F1C`).
    pub tax_exit_requirements: Option<String>,
    /// Image of the front of the document (`5F1D`), bytes as stored (not serialized).
    #[serde(skip)]
    pub front_image: Option<Vec<u8>>,
    /// Image of the rear of the document (`5F1E`), bytes as stored (not serialized).
    #[serde(skip)]
    pub rear_image: Option<Vec<u8>>,
    /// Personalization date and time (`5F55`), `YYYYMMDDhhmmss`.
    pub personalization_time: Option<String>,
    /// Serial number of the personalization system (`5F56`).
    pub personalization_device_serial: Option<String>,
}

impl Dg12 {
    /// The date of issue as Unix seconds (midnight UTC), when it is a valid
    /// `YYYYMMDD` date: the signing-time hint of [`crate::pa::PaOptions`].
    pub fn date_of_issue_unix(&self) -> Option<i64> {
        self.date_of_issue
            .as_deref()
            .and_then(crate::asn1::time::unix_from_yyyymmdd)
    }

    /// Parses DG12.
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] (file `"DG12"`) if the outer tag is not `6C` or
    /// the TLV structure is broken. Unknown elements are ignored; text that is
    /// not UTF-8 is read as ISO/IEC 8859-1.
    pub fn parse(bytes: &[u8]) -> Result<Dg12, Error> {
        let malformed = |e| Error::malformed(FILE, e);
        let (value, _trailing) = tlv::expect(bytes, 0x6C).map_err(malformed)?;
        let mut dg12 = Dg12::default();
        for object in tlv::iter(value) {
            let object = object.map_err(malformed)?;
            let as_text = || Some(text::decode(object.value));
            let as_date = || Some(text::decode_date(object.value));
            let as_bytes = || Some(object.value.to_vec());
            match object.tag {
                0x5F19 => dg12.issuing_authority = dg12.issuing_authority.take().or_else(as_text),
                0x5F26 => dg12.date_of_issue = dg12.date_of_issue.take().or_else(as_date),
                0x5F1A => dg12.other_persons.push(text::decode(object.value)),
                0xA0 => {
                    for inner in tlv::iter(object.value) {
                        let inner = inner.map_err(malformed)?;
                        if inner.tag == 0x5F1A {
                            dg12.other_persons.push(text::decode(inner.value));
                        }
                    }
                }
                0x5F1B => dg12.endorsements = dg12.endorsements.take().or_else(as_text),
                0x5F1C => {
                    dg12.tax_exit_requirements = dg12.tax_exit_requirements.take().or_else(as_text);
                }
                0x5F1D => dg12.front_image = dg12.front_image.take().or_else(as_bytes),
                0x5F1E => dg12.rear_image = dg12.rear_image.take().or_else(as_bytes),
                0x5F55 => {
                    dg12.personalization_time = dg12.personalization_time.take().or_else(as_date);
                }
                0x5F56 => {
                    dg12.personalization_device_serial =
                        dg12.personalization_device_serial.take().or_else(as_text);
                }
                _ => {}
            }
        }
        dg12.date_of_issue_iso = dg12.date_of_issue.as_deref().and_then(text::iso_full_date);
        Ok(dg12)
    }

    /// The other persons' names, each split into surname and given names.
    pub fn other_person_names(&self) -> Vec<PersonName> {
        self.other_persons
            .iter()
            .map(|n| PersonName::parse(n))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dg12(elements: &[(u32, &[u8])]) -> Vec<u8> {
        let mut value = Vec::new();
        for (tag, bytes) in elements {
            value.extend(tlv::encode(*tag, bytes));
        }
        tlv::encode(0x6C, &value)
    }

    #[test]
    fn parses_every_field() {
        let mut others = tlv::encode(0x02, &[1]);
        others.extend(tlv::encode(0x5F1A, "بنعلي<<يوسف".as_bytes()));
        let bytes = dg12(&[
            (0x5C, &[0x5F, 0x19, 0x5F, 0x26, 0x5F, 0x55]),
            (0x5F19, "DGSN<المديرية العامة للأمن الوطني".as_bytes()),
            (0x5F26, b"20210415"),
            (0xA0, &others),
            (0x5F1B, b"NONE"),
            (0x5F1C, b"NO TAX"),
            (0x5F1D, &[0xFF, 0xD8, 0xFF, 0x01]),
            (0x5F1E, &[0xFF, 0xD8, 0xFF, 0x02]),
            (0x5F55, &[0x20, 0x21, 0x04, 0x15, 0x10, 0x30, 0x00]),
            (0x5F56, b"PERSO-0042"),
        ]);
        let dg = Dg12::parse(&bytes).unwrap();
        assert_eq!(
            dg.issuing_authority.as_deref(),
            Some("DGSN<المديرية العامة للأمن الوطني")
        );
        assert_eq!(dg.date_of_issue.as_deref(), Some("20210415"));
        assert_eq!(dg.other_persons, ["بنعلي<<يوسف"]);
        assert_eq!(dg.other_person_names()[0].given_names, "يوسف");
        assert_eq!(dg.endorsements.as_deref(), Some("NONE"));
        assert_eq!(dg.tax_exit_requirements.as_deref(), Some("NO TAX"));
        assert_eq!(
            dg.front_image.as_deref(),
            Some(&[0xFF, 0xD8, 0xFF, 0x01][..])
        );
        assert_eq!(
            dg.rear_image.as_deref(),
            Some(&[0xFF, 0xD8, 0xFF, 0x02][..])
        );
        assert_eq!(dg.personalization_time.as_deref(), Some("20210415103000"));
        assert_eq!(
            dg.personalization_device_serial.as_deref(),
            Some("PERSO-0042")
        );
        let json = serde_json::to_value(&dg).unwrap();
        assert_eq!(json["date_of_issue"], "20210415");
        assert_eq!(json["date_of_issue_iso"], "2021-04-15");
        assert!(json.get("front_image").is_none());
    }

    #[test]
    fn first_occurrence_wins_and_errors_name_the_file() {
        let dg = Dg12::parse(&dg12(&[(0x5F26, b"20200101"), (0x5F26, b"20300101")])).unwrap();
        assert_eq!(dg.date_of_issue.as_deref(), Some("20200101"));
        assert_eq!(Dg12::parse(&[0x6C, 0x00]).unwrap(), Dg12::default());
        for case in [&[0x6B, 0x00][..], &[0x6C, 0x03, 0x5F, 0x19, 0x05], &[]] {
            let err = Dg12::parse(case).unwrap_err();
            assert!(
                matches!(&err, Error::Malformed { file, .. } if file == "DG12"),
                "{err}"
            );
        }
    }
}
