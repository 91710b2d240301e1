//! DG1 (ICAO Doc 9303 Part 10 §4.7.1): the machine readable zone as stored in
//! the chip, `61 { 5F1F <MRZ characters, lines concatenated> }`.
//!
//! The chip's copy is authoritative, but a wrong check digit in it means the
//! data is damaged (or was personalised wrongly). [`Dg1::parse`] therefore
//! fails only when the file is not a DG1 holding MRZ text; the result of
//! validating that text is kept beside it in [`Dg1::mrz`].

use crate::error::Error;
use crate::mrz::{self, Mrz, MrzError};
use crate::tlv;

/// The file name used in errors.
const FILE: &str = "DG1";

/// The contents of DG1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dg1 {
    /// The MRZ characters as stored (upper case, `<` fillers, no line breaks:
    /// 90, 72 or 88 characters on a well-formed chip).
    pub mrz_text: String,
    /// The MRZ parsed with every check digit verified, or why it failed.
    pub mrz: Result<Mrz, MrzError>,
}

impl Dg1 {
    /// Parses DG1.
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] (file `"DG1"`) if the outer tag is not `61`, the
    /// TLV structure is broken, `5F1F` is missing, or the MRZ holds bytes that
    /// are not printable ASCII. A wrong check digit is not an error here: see
    /// [`Dg1::mrz`].
    pub fn parse(bytes: &[u8]) -> Result<Dg1, Error> {
        let (value, _trailing) = tlv::expect(bytes, 0x61).map_err(|e| Error::malformed(FILE, e))?;
        let raw = tlv::require(value, 0x5F1F).map_err(|e| Error::malformed(FILE, e))?;
        if !raw.iter().all(|b| b.is_ascii_graphic() || *b == b' ') {
            return Err(Error::malformed(
                FILE,
                "the MRZ (5F1F) holds non-ASCII or control bytes",
            ));
        }
        let mrz_text: String = raw.iter().map(|&b| char::from(b)).collect();
        let mrz = mrz::parse(&mrz_text);
        Ok(Dg1 { mrz_text, mrz })
    }

    /// The validated MRZ, if every check digit is right.
    pub fn valid_mrz(&self) -> Option<&Mrz> {
        self.mrz.as_ref().ok()
    }

    /// The validated MRZ, or an [`Error::Malformed`] naming DG1 and the first
    /// problem found.
    pub fn into_mrz(self) -> Result<Mrz, Error> {
        self.mrz.map_err(|e| Error::malformed(FILE, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ICAO Doc 9303 Part 11 Appendix D.2 TD1 specimen.
    const TD1: &str = "I<UTOD23145890<7349<<<<<<<<<<<3407127M9507122UTO<<<<<<<<<<<2STEVENSON<<PETER<JOHN<<<<<<<<<";

    fn dg1(mrz: &str) -> Vec<u8> {
        tlv::encode(0x61, &tlv::encode(0x5F1F, mrz.as_bytes()))
    }

    #[test]
    fn parses_a_td1_mrz() {
        let dg1 = Dg1::parse(&dg1(TD1)).unwrap();
        assert_eq!(dg1.mrz_text, TD1);
        let mrz = dg1.valid_mrz().unwrap();
        assert_eq!(mrz.document_number, "D23145890734");
        assert_eq!(mrz.surname, "STEVENSON");
        assert_eq!(mrz.given_names, "PETER JOHN");
        assert_eq!(mrz.date_of_birth, "340712");
        assert_eq!(dg1.into_mrz().unwrap().date_of_expiry, "950712");
    }

    #[test]
    fn a_wrong_check_digit_keeps_the_text() {
        let damaged = TD1.replacen("3407127", "3407128", 1);
        let dg1 = Dg1::parse(&dg1(&damaged)).unwrap();
        assert_eq!(dg1.mrz_text, damaged);
        assert!(matches!(dg1.mrz, Err(MrzError::CheckDigit { .. })));
        assert!(dg1.valid_mrz().is_none());
        assert!(matches!(dg1.into_mrz(), Err(Error::Malformed { file, .. }) if file == "DG1"));
    }

    #[test]
    fn malformed_files_are_errors() {
        let mut not_ascii = dg1(TD1);
        if let Some(last) = not_ascii.last_mut() {
            *last = 0xC3;
        }
        let cases: Vec<Vec<u8>> = vec![
            vec![],
            tlv::encode(0x75, &tlv::encode(0x5F1F, TD1.as_bytes())),
            tlv::encode(0x61, &tlv::encode(0x5F1E, TD1.as_bytes())),
            not_ascii,
            dg1(TD1)[..40].to_vec(),
        ];
        for case in cases {
            let err = Dg1::parse(&case).unwrap_err();
            assert!(
                matches!(&err, Error::Malformed { file, .. } if file == "DG1"),
                "{err}"
            );
        }
    }
}
