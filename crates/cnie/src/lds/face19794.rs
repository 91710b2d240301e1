//! ISO/IEC 19794-5:2005 facial records (the DG2 biometric data block `5F2E`).
//!
//! ```text
//! Facial record header (14 bytes)
//!   "FAC\0" | "010\0" | record length (4) | number of facial images (2)
//! Then, per facial image:
//!   Facial information (20 bytes)
//!     facial record data length (4) | feature points (2) | gender (1) | eye colour (1)
//!     hair colour (1) | feature mask (3) | expression (2) | pose angle (3) | uncertainty (3)
//!   Feature points (8 bytes each)
//!   Image information (12 bytes)
//!     face image type (1) | image data type (1: 0 JPEG, 1 JPEG 2000) | width (2)
//!     height (2) | colour space (1) | source type (1) | device type (2) | quality (2)
//!   Image data (the rest of the facial record data length)
//! ```
//!
//! Every length is checked against the bytes present before it is used.

use crate::lds::image::ImageFormat;
use crate::lds::image::{FaceImage, ImageLocation};

/// Format identifier of a facial record.
const FORMAT_ID: &[u8; 4] = b"FAC\0";
/// Version of ISO/IEC 19794-5:2005.
const VERSION_2005: &[u8; 4] = b"010\0";
/// Size of the facial record header.
const HEADER_LEN: usize = 14;
/// Size of the facial information block.
const FACIAL_INFO_LEN: usize = 20;
/// Size of one feature point.
const FEATURE_POINT_LEN: usize = 8;
/// Size of the image information block.
const IMAGE_INFO_LEN: usize = 12;

/// A cursor over bytes whose reads fail instead of running past the end.
struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], String> {
        let Some((head, tail)) = self.rest.split_at_checked(n) else {
            return Err(format!(
                "{what}: {n} bytes needed, {} present",
                self.rest.len()
            ));
        };
        self.rest = tail;
        Ok(head)
    }

    fn array<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N], String> {
        let bytes = self.take(N, what)?;
        <[u8; N]>::try_from(bytes).map_err(|_| format!("{what}: short read"))
    }

    fn u8(&mut self, what: &'static str) -> Result<u8, String> {
        Ok(u8::from_be_bytes(self.array(what)?))
    }

    fn u16(&mut self, what: &'static str) -> Result<u16, String> {
        Ok(u16::from_be_bytes(self.array(what)?))
    }

    fn len32(&mut self, what: &'static str) -> Result<usize, String> {
        let n = u32::from_be_bytes(self.array(what)?);
        usize::try_from(n).map_err(|_| format!("{what} {n} does not fit in memory"))
    }
}

/// Parses a facial record and returns its images, in record order.
///
/// The error is a reason to show the user (the caller may then fall back to a
/// signature search).
pub(crate) fn parse(record: &[u8]) -> Result<Vec<FaceImage>, String> {
    let mut header = Reader { rest: record };
    if header.take(4, "format identifier")? != FORMAT_ID {
        return Err("the facial record does not start with \"FAC\\0\"".into());
    }
    let version = header.take(4, "version")?;
    if version != VERSION_2005 {
        return Err(format!(
            "facial record version {:?} is not ISO/IEC 19794-5:2005 (\"010\")",
            String::from_utf8_lossy(version.get(..3).unwrap_or(version))
        ));
    }
    let record_len = header.len32("record length")?;
    let count = header.u16("number of facial images")?;
    if record_len < HEADER_LEN || record_len > record.len() {
        return Err(format!(
            "record length {record_len} does not fit the {} bytes of the data block",
            record.len()
        ));
    }
    let mut body = Reader {
        // ok: HEADER_LEN <= record_len <= record.len() was just checked.
        rest: record.get(HEADER_LEN..record_len).unwrap_or_default(),
    };
    let mut images = Vec::with_capacity(usize::from(count).min(4));
    for index in 0..count {
        images.push(parse_face(&mut body).map_err(|e| format!("facial image {}: {e}", index + 1))?);
    }
    if images.is_empty() {
        return Err("the facial record holds no image".into());
    }
    Ok(images)
}

/// Parses one facial record data block at the reader's position.
fn parse_face(body: &mut Reader<'_>) -> Result<FaceImage, String> {
    let face_len = {
        let mut peek = Reader { rest: body.rest };
        peek.len32("facial record data length")?
    };
    let mut face = Reader {
        rest: body.take(face_len, "facial record data")?,
    };
    let _length = face.take(4, "facial record data length")?;
    let feature_points = face.u16("number of feature points")?;
    let _rest_of_info = face.take(FACIAL_INFO_LEN - 6, "facial information")?;
    let points_len = usize::from(feature_points) * FEATURE_POINT_LEN;
    face.take(points_len, "feature points")?;
    let _face_image_type = face.u8("face image type")?;
    let image_data_type = face.u8("image data type")?;
    let width = face.u16("image width")?;
    let height = face.u16("image height")?;
    face.take(IMAGE_INFO_LEN - 6, "image information")?;
    let data = face.rest;
    if data.is_empty() {
        return Err("no image data".into());
    }
    let declared = match image_data_type {
        0 => ImageFormat::Jpeg,
        1 => ImageFormat::Jpeg2000,
        _ => ImageFormat::Unknown,
    };
    Ok(FaceImage {
        format: FaceImage::format_of(data, declared),
        data: data.to_vec(),
        width: (width != 0).then_some(width),
        height: (height != 0).then_some(height),
        location: ImageLocation::Iso19794Record,
    })
}

/// Builds a facial record with one image per `(image data type, width,
/// height, feature points, data)` entry (for tests here and in `dg2`).
#[cfg(test)]
pub(crate) fn build(faces: &[(u8, u16, u16, u16, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (kind, width, height, points, data) in faces {
        let len = FACIAL_INFO_LEN
            + usize::from(*points) * FEATURE_POINT_LEN
            + IMAGE_INFO_LEN
            + data.len();
        body.extend_from_slice(&u32::try_from(len).unwrap().to_be_bytes());
        body.extend_from_slice(&points.to_be_bytes());
        body.extend_from_slice(&[0u8; FACIAL_INFO_LEN - 6]);
        body.extend(std::iter::repeat_n(
            0x11u8,
            usize::from(*points) * FEATURE_POINT_LEN,
        ));
        body.extend_from_slice(&[1, *kind]);
        body.extend_from_slice(&width.to_be_bytes());
        body.extend_from_slice(&height.to_be_bytes());
        body.extend_from_slice(&[0u8; IMAGE_INFO_LEN - 6]);
        body.extend_from_slice(data);
    }
    let mut record = Vec::new();
    record.extend_from_slice(FORMAT_ID);
    record.extend_from_slice(VERSION_2005);
    record.extend_from_slice(
        &u32::try_from(HEADER_LEN + body.len())
            .unwrap()
            .to_be_bytes(),
    );
    record.extend_from_slice(&u16::try_from(faces.len()).unwrap().to_be_bytes());
    record.extend(body);
    record
}

#[cfg(test)]
mod tests {
    use super::*;

    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 0xFF, 0xD9];
    const JP2: &[u8] = &[
        0, 0, 0, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A,
    ];

    #[test]
    fn reads_images_through_feature_points() {
        let record = build(&[(0, 480, 640, 3, JPEG), (1, 0, 0, 0, JP2)]);
        let images = parse(&record).unwrap();
        assert_eq!(images.len(), 2);
        assert_eq!(images[0].format, ImageFormat::Jpeg);
        assert_eq!(images[0].data, JPEG);
        assert_eq!((images[0].width, images[0].height), (Some(480), Some(640)));
        assert_eq!(images[0].location, ImageLocation::Iso19794Record);
        assert_eq!(images[1].format, ImageFormat::Jpeg2000);
        assert_eq!(images[1].data, JP2);
        assert_eq!((images[1].width, images[1].height), (None, None));
    }

    #[test]
    fn the_bytes_decide_the_format_over_the_header() {
        let images = parse(&build(&[(1, 1, 1, 0, JPEG), (0, 1, 1, 0, &[1, 2, 3])])).unwrap();
        assert_eq!(images[0].format, ImageFormat::Jpeg);
        assert_eq!(images[1].format, ImageFormat::Jpeg);
        let images = parse(&build(&[(7, 1, 1, 0, &[1, 2, 3])])).unwrap();
        assert_eq!(images[0].format, ImageFormat::Unknown);
    }

    #[test]
    fn lying_headers_are_reasons() {
        let good = build(&[(0, 1, 1, 2, JPEG)]);
        let mut bad_magic = good.clone();
        bad_magic[0] = b'X';
        let mut bad_version = good.clone();
        bad_version[5] = b'3';
        let mut long_record = good.clone();
        long_record[11] = long_record[11].wrapping_add(1);
        let mut short_record = good.clone();
        short_record[8..12].copy_from_slice(&10u32.to_be_bytes());
        let mut two_faces = good.clone();
        two_faces[13] = 2;
        let mut no_faces = good.clone();
        no_faces[13] = 0;
        let mut many_points = good.clone();
        many_points[18..20].copy_from_slice(&0xFFFFu16.to_be_bytes());
        let mut huge_face = good.clone();
        huge_face[14..18].copy_from_slice(&u32::MAX.to_be_bytes());
        let no_data = build(&[(0, 1, 1, 0, &[])]);
        for (name, case) in [
            ("magic", bad_magic),
            ("version", bad_version),
            ("long record", long_record),
            ("short record", short_record),
            ("two faces", two_faces),
            ("no faces", no_faces),
            ("feature points", many_points),
            ("huge face", huge_face),
            ("no data", no_data),
            ("truncated", good[..good.len() - 1].to_vec()),
            ("empty", Vec::new()),
        ] {
            assert!(parse(&case).is_err(), "{name}");
        }
    }
}
