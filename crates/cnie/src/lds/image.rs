//! Image formats found in biometric data blocks, told apart by their first bytes.

use std::fmt;

use serde::Serialize;

/// JPEG (ISO/IEC 10918-1): SOI marker followed by another marker.
const JPEG_MAGIC: &[u8] = &[0xFF, 0xD8, 0xFF];
/// JPEG 2000 file format (ISO/IEC 15444-1 Annex I): the signature box.
const JP2_MAGIC: &[u8] = &[0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20];
/// JPEG 2000 codestream (ISO/IEC 15444-1 Annex A): SOC then SIZ markers.
const J2K_MAGIC: &[u8] = &[0xFF, 0x4F, 0xFF, 0x51];

/// The encoding of a face (or other) image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImageFormat {
    /// JPEG (ISO/IEC 10918-1).
    Jpeg,
    /// JPEG 2000 (ISO/IEC 15444-1), as a JP2 file or a bare codestream.
    Jpeg2000,
    /// Anything else.
    Unknown,
}

impl ImageFormat {
    /// The usual file extension: `"jpg"`, `"jp2"`, or `"bin"` when unknown.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Jpeg2000 => "jp2",
            ImageFormat::Unknown => "bin",
        }
    }

    /// The media type: `"image/jpeg"`, `"image/jp2"`, or
    /// `"application/octet-stream"` when unknown.
    pub fn mime_type(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Jpeg2000 => "image/jp2",
            ImageFormat::Unknown => "application/octet-stream",
        }
    }

    /// The format whose signature `data` starts with ([`ImageFormat::Unknown`]
    /// if none).
    pub fn sniff(data: &[u8]) -> ImageFormat {
        if data.starts_with(JPEG_MAGIC) {
            ImageFormat::Jpeg
        } else if data.starts_with(JP2_MAGIC) || data.starts_with(J2K_MAGIC) {
            ImageFormat::Jpeg2000
        } else {
            ImageFormat::Unknown
        }
    }
}

impl std::fmt::Display for ImageFormat {
    /// The serialized name: `jpeg`, `jpeg2000` or `unknown`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ImageFormat::Jpeg => "jpeg",
            ImageFormat::Jpeg2000 => "jpeg2000",
            ImageFormat::Unknown => "unknown",
        })
    }
}

/// The offset of the first JPEG or JPEG 2000 signature in `data`, if any.
pub(crate) fn find_image_start(data: &[u8]) -> Option<usize> {
    (0..data.len()).find(|&i| {
        data.get(i..)
            .is_some_and(|rest| ImageFormat::sniff(rest) != ImageFormat::Unknown)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_signatures() {
        assert_eq!(
            ImageFormat::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0]),
            ImageFormat::Jpeg
        );
        assert_eq!(ImageFormat::sniff(&[0xFF, 0xD8]), ImageFormat::Unknown);
        assert_eq!(ImageFormat::sniff(JP2_MAGIC), ImageFormat::Jpeg2000);
        assert_eq!(
            ImageFormat::sniff(&[0xFF, 0x4F, 0xFF, 0x51, 0]),
            ImageFormat::Jpeg2000
        );
        assert_eq!(
            ImageFormat::sniff(&[0x89, b'P', b'N', b'G']),
            ImageFormat::Unknown
        );
        assert_eq!(ImageFormat::sniff(&[]), ImageFormat::Unknown);
        assert_eq!(ImageFormat::Jpeg.extension(), "jpg");
        assert_eq!(ImageFormat::Jpeg2000.extension(), "jp2");
        assert_eq!(ImageFormat::Jpeg2000.mime_type(), "image/jp2");
        assert_eq!(
            serde_json::to_string(&ImageFormat::Jpeg2000).unwrap(),
            "\"jpeg2000\""
        );
    }

    #[test]
    fn finds_the_first_signature() {
        assert_eq!(find_image_start(&[1, 2, 0xFF, 0xD8, 0xFF, 0xE0]), Some(2));
        assert_eq!(find_image_start(&[0xFF, 0xD8, 0xFF]), Some(0));
        assert_eq!(find_image_start(&[1, 0xFF, 0x4F, 0xFF, 0x51]), Some(1));
        assert_eq!(find_image_start(&[1, 2, 0xFF, 0xD8]), None);
        assert_eq!(find_image_start(&[]), None);
    }
}

/// How an image was found in its biometric data block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageLocation {
    /// Through the headers of an ISO/IEC 19794-5:2005 facial record (`5F2E`).
    Iso19794Record,
    /// Through the structure of an ISO/IEC 39794-5 face image data block (`7F2E`).
    Iso39794Record,
    /// The record could not be parsed; the image starts at the first JPEG or
    /// JPEG 2000 signature and runs to the end of the data block, so it may
    /// carry trailing bytes.
    SignatureSearch {
        /// Why the record could not be parsed.
        reason: String,
    },
}

/// One face image from DG2.
#[derive(Clone, PartialEq, Eq)]
pub struct FaceImage {
    /// The encoding, from the image's own signature when it has one, else as
    /// declared by the record.
    pub format: ImageFormat,
    /// The encoded image.
    pub data: Vec<u8>,
    /// Width in pixels, as declared by the record (`None` if not given or 0).
    pub width: Option<u16>,
    /// Height in pixels, as declared by the record (`None` if not given or 0).
    pub height: Option<u16>,
    /// How the image was found.
    pub location: ImageLocation,
}

impl FaceImage {
    /// The format of `data`: its signature when recognised, else `declared`.
    pub(crate) fn format_of(data: &[u8], declared: ImageFormat) -> ImageFormat {
        match ImageFormat::sniff(data) {
            ImageFormat::Unknown => declared,
            sniffed => sniffed,
        }
    }
}

impl fmt::Debug for FaceImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FaceImage")
            .field("format", &self.format)
            .field("data_len", &self.data.len())
            .field("width", &self.width)
            .field("height", &self.height)
            .field("location", &self.location)
            .finish()
    }
}
