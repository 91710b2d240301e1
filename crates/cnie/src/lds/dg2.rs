//! DG2, the encoded face (ICAO Doc 9303 Part 10 §4.7.2): a biometric
//! information group template (ISO/IEC 7816-11) holding one template per face,
//! each with a biometric data block in ISO/IEC 19794-5:2005 (`5F2E`) or
//! ISO/IEC 39794-5 (`7F2E`).
//!
//! ```text
//! 75 { 7F61 { 02 number of templates
//!             7F60 { A1 biometric header template, 5F2E or 7F2E biometric data block }
//!             … } }
//! ```
//!
//! Images are located through the record headers. Only when a record header
//! cannot be parsed is the data block searched for a JPEG or JPEG 2000
//! signature; such an image says so in [`FaceImage::location`].

use crate::error::Error;
use crate::lds::face19794;
use crate::lds::face39794;
use crate::lds::image::{self, FaceImage, ImageFormat, ImageLocation};
use crate::tlv;

/// The file name used in errors.
const FILE: &str = "DG2";

/// Parses DG2 and returns every face image, in file order.
///
/// # Errors
///
/// [`Error::Malformed`] (file `"DG2"`) if the outer tag is not `75`, the TLV
/// structure is broken, the number of templates announced differs from the
/// number present, a template has no biometric data block (or is protected by
/// secure messaging templates, which are not supported), or a data block can
/// be parsed neither through its headers nor by a signature search.
pub fn parse(dg2: &[u8]) -> Result<Vec<FaceImage>, Error> {
    let malformed = |e| Error::malformed(FILE, e);
    let (value, _trailing) = tlv::expect(dg2, 0x75).map_err(malformed)?;
    let group = tlv::require(value, 0x7F61).map_err(malformed)?;
    let count = tlv::require(group, 0x02).map_err(malformed)?;
    let announced = template_count(count)?;
    let mut images = Vec::new();
    let mut present = 0usize;
    for object in tlv::iter(group) {
        let object = object.map_err(malformed)?;
        if object.tag == 0x7F60 {
            present += 1;
            images.extend(parse_template(object.value)?);
        }
    }
    if present != announced {
        return Err(Error::malformed(
            FILE,
            format!("{announced} biometric information templates announced, {present} present"),
        ));
    }
    Ok(images)
}

/// The number of templates (`02`), a small non-negative integer.
fn template_count(content: &[u8]) -> Result<usize, Error> {
    match content {
        [n] if *n < 0x80 => Ok(usize::from(*n)),
        [0, n] => Ok(usize::from(*n)),
        _ => Err(Error::malformed(
            FILE,
            "the number of templates (02) is not a small integer",
        )),
    }
}

/// Parses one biometric information template (`7F60`).
fn parse_template(template: &[u8]) -> Result<Vec<FaceImage>, Error> {
    let mut protected = false;
    for object in tlv::iter(template) {
        let object = object.map_err(|e| Error::malformed(FILE, e))?;
        match object.tag {
            0x5F2E => return with_fallback(object.value, face19794::parse(object.value)),
            0x7F2E => return with_fallback(object.value, face39794::parse(object.value)),
            0x7D => protected = true,
            _ => {}
        }
    }
    Err(Error::malformed(
        FILE,
        if protected {
            "the template is protected by secure messaging templates (7D), which are not supported"
        } else {
            "a template has no biometric data block (5F2E or 7F2E)"
        },
    ))
}

/// The images found through the record, or else the image found by a
/// signature search in `bdb`.
fn with_fallback(
    bdb: &[u8],
    parsed: Result<Vec<FaceImage>, String>,
) -> Result<Vec<FaceImage>, Error> {
    let reason = match parsed {
        Ok(images) => return Ok(images),
        Err(reason) => reason,
    };
    let found = image::find_image_start(bdb).and_then(|start| bdb.get(start..));
    match found {
        Some(data) => Ok(vec![FaceImage {
            format: ImageFormat::sniff(data),
            data: data.to_vec(),
            width: None,
            height: None,
            location: ImageLocation::SignatureSearch { reason },
        }]),
        None => Err(Error::malformed(
            FILE,
            format!("{reason}; no JPEG or JPEG 2000 signature in the data block either"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lds::face39794::build;

    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xDB, 9, 9, 9, 0xFF, 0xD9];
    const JP2: &[u8] = &[
        0, 0, 0, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A, 7,
    ];

    /// A biometric header template as written by the samples.
    fn header() -> Vec<u8> {
        hex::decode("A10E8101028201008702010188020008").unwrap()
    }

    /// A DG2 with one template per (tag, data block), announcing `count`.
    fn dg2(count: u8, blocks: &[(u32, Vec<u8>)]) -> Vec<u8> {
        let mut group = tlv::encode(0x02, &[count]);
        for (tag, bdb) in blocks {
            let mut template = header();
            template.extend(tlv::encode(*tag, bdb));
            group.extend(tlv::encode(0x7F60, &template));
        }
        tlv::encode(0x75, &tlv::encode(0x7F61, &group))
    }

    #[test]
    fn reads_19794_and_39794_templates() {
        let record = face19794::build(&[(0, 640, 480, 2, JPEG)]);
        let ap = build::bdb(&[build::representation_2d(1, JP2, 3, Some((300, 400)))]);
        let images = parse(&dg2(2, &[(0x5F2E, record), (0x7F2E, ap)])).unwrap();
        assert_eq!(images.len(), 2);
        assert_eq!(images[0].format, ImageFormat::Jpeg);
        assert_eq!(images[0].data, JPEG);
        assert_eq!(images[0].width, Some(640));
        assert_eq!(images[0].location, ImageLocation::Iso19794Record);
        assert_eq!(images[1].format, ImageFormat::Jpeg2000);
        assert_eq!(images[1].data, JP2);
        assert_eq!(images[1].height, Some(400));
        assert_eq!(images[1].location, ImageLocation::Iso39794Record);
        let debug = format!("{:?}", images[0]);
        assert!(debug.contains("data_len: 9"), "{debug}");
    }

    #[test]
    fn falls_back_to_a_signature_search_and_says_so() {
        let mut record = face19794::build(&[(0, 1, 1, 0, JPEG)]);
        record[4..8].copy_from_slice(b"030\0");
        let images = parse(&dg2(1, &[(0x5F2E, record)])).unwrap();
        assert_eq!(images.len(), 1);
        assert_eq!(images[0].data, JPEG);
        assert_eq!(images[0].format, ImageFormat::Jpeg);
        assert_eq!(images[0].width, None);
        match &images[0].location {
            ImageLocation::SignatureSearch { reason } => {
                assert!(reason.contains("version"), "{reason}")
            }
            other => panic!("{other:?}"),
        }
        let mut garbage = vec![0x12, 0x34];
        garbage.extend_from_slice(JP2);
        let images = parse(&dg2(1, &[(0x7F2E, garbage)])).unwrap();
        assert_eq!(images[0].data, JP2);
        assert!(matches!(
            images[0].location,
            ImageLocation::SignatureSearch { .. }
        ));
    }

    #[test]
    fn malformed_groups_are_errors() {
        let record = face19794::build(&[(0, 1, 1, 0, JPEG)]);
        let no_block = {
            let group = [tlv::encode(0x02, &[1]), tlv::encode(0x7F60, &header())].concat();
            tlv::encode(0x75, &tlv::encode(0x7F61, &group))
        };
        let protected = {
            let template = [header(), tlv::encode(0x7D, &[1, 2, 3])].concat();
            let group = [tlv::encode(0x02, &[1]), tlv::encode(0x7F60, &template)].concat();
            tlv::encode(0x75, &tlv::encode(0x7F61, &group))
        };
        let cases: Vec<(&str, Vec<u8>)> = vec![
            ("empty", vec![]),
            ("wrong tag", tlv::encode(0x63, &[])),
            ("no group", tlv::encode(0x75, &tlv::encode(0x02, &[1]))),
            ("no count", tlv::encode(0x75, &tlv::encode(0x7F61, &[]))),
            ("count too high", dg2(2, &[(0x5F2E, record.clone())])),
            ("count too low", dg2(0, &[(0x5F2E, record.clone())])),
            ("bad count", dg2(0x80, &[(0x5F2E, record.clone())])),
            ("no block", no_block),
            ("protected", protected),
            ("no signature", dg2(1, &[(0x5F2E, vec![1, 2, 3, 4])])),
        ];
        for (name, case) in cases {
            let err = parse(&case).unwrap_err();
            assert!(
                matches!(&err, Error::Malformed { file, .. } if file == "DG2"),
                "{name}: {err}"
            );
        }
        assert!(parse(&dg2(1, &[(0x5F2E, record)])).is_ok());
        assert_eq!(parse(&dg2(0, &[])).unwrap(), Vec::new());
    }
}
