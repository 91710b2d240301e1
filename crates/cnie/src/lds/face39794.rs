//! ISO/IEC 39794-5 face image data (the DG2 biometric data block `7F2E`,
//! ICAO Doc 9303 Part 10 8th edition and the "ISO/IEC 39794-5 Application
//! Profile for eMRTDs"), DER with context-specific tags. Only the path to the
//! image and its size is read:
//!
//! ```text
//! 7F2E { A1 { 65 FaceImageDataBlock ::= [APPLICATION 5] SEQUENCE {
//!   A0 versionBlock
//!   A1 representationBlocks ::= SEQUENCE OF
//!     30 RepresentationBlock {
//!       80 representationId
//!       A1 imageRepresentation (CHOICE, explicit)
//!         A0 base (CHOICE, explicit)
//!           A0 imageRepresentation2DBlock {
//!             80 representationData2D  OCTET STRING: the image
//!             A1 imageInformation2DBlock {
//!               A0 imageDataFormat (CHOICE, explicit) { 80 code: 2 JPEG, 3/4 JPEG 2000 }
//!               A7 imageSizeBlock { 80 width, 81 height } (optional) } } … } } } }
//! ```
//!
//! The `A1` wrapper of the application profile is optional here, and so is the
//! `65` tag (some encoders give its contents directly).

use crate::lds::image::ImageFormat;
use crate::lds::image::{FaceImage, ImageLocation};
use crate::tlv::{self, TlvError};

/// Tag of `[APPLICATION 5]` (constructed): the FaceImageDataBlock.
const FACE_IMAGE_DATA_BLOCK: u32 = 0x65;

/// Formats a TLV error with where it happened.
fn at(place: &'static str) -> impl Fn(TlvError) -> String {
    move |e| format!("{place}: {e}")
}

/// Parses a 39794-5 biometric data block and returns its 2D images.
pub(crate) fn parse(bdb: &[u8]) -> Result<Vec<FaceImage>, String> {
    let block = face_image_data_block(bdb)?;
    let blocks = tlv::require(block, 0xA1).map_err(at("representationBlocks"))?;
    let mut images = Vec::new();
    for representation in tlv::iter(blocks) {
        let representation = representation.map_err(at("representationBlock"))?;
        if representation.tag != 0x30 {
            return Err(format!(
                "representationBlock has tag {:X}, not SEQUENCE",
                representation.tag
            ));
        }
        if let Some(image) = parse_representation(representation.value)? {
            images.push(image);
        }
    }
    if images.is_empty() {
        return Err("no 2D image representation".into());
    }
    Ok(images)
}

/// Finds the contents of the FaceImageDataBlock inside the data block.
fn face_image_data_block(bdb: &[u8]) -> Result<&[u8], String> {
    let (outer, _) = tlv::parse(bdb).map_err(at("biometric data block"))?;
    let inner = match outer.tag {
        FACE_IMAGE_DATA_BLOCK => return Ok(outer.value),
        0xA1 => outer.value,
        tag => {
            return Err(format!(
                "unexpected tag {tag:X} in the biometric data block"
            ));
        }
    };
    let (first, _) = tlv::parse(inner).map_err(at("FaceImageDataBlock"))?;
    match first.tag {
        FACE_IMAGE_DATA_BLOCK => Ok(first.value),
        // The contents of the FaceImageDataBlock without its own tag.
        0xA0 => Ok(inner),
        tag => Err(format!(
            "unexpected tag {tag:X} where FaceImageDataBlock (65) was expected"
        )),
    }
}

/// Reads one RepresentationBlock; `None` if it is not a 2D image (e.g. a
/// 3D shape or an extension).
fn parse_representation(representation: &[u8]) -> Result<Option<FaceImage>, String> {
    let image_representation =
        tlv::require(representation, 0xA1).map_err(at("imageRepresentation"))?;
    let Some(base) = tlv::find(image_representation, 0xA0).map_err(at("imageRepresentation"))?
    else {
        return Ok(None);
    };
    let Some(block_2d) = tlv::find(base, 0xA0).map_err(at("imageRepresentationBase"))? else {
        return Ok(None);
    };
    let data = tlv::require(block_2d, 0x80).map_err(at("representationData2D"))?;
    if data.is_empty() {
        return Err("representationData2D is empty".into());
    }
    let info = tlv::require(block_2d, 0xA1).map_err(at("imageInformation2DBlock"))?;
    let format_block = tlv::require(info, 0xA0).map_err(at("imageDataFormat"))?;
    let declared = match tlv::find(format_block, 0x80).map_err(at("imageDataFormat"))? {
        Some(code) => match integer(code, "imageDataFormat code")? {
            2 => ImageFormat::Jpeg,
            3 | 4 => ImageFormat::Jpeg2000,
            _ => ImageFormat::Unknown,
        },
        None => ImageFormat::Unknown,
    };
    let (width, height) = match tlv::find(info, 0xA7).map_err(at("imageSizeBlock"))? {
        Some(size) => (
            dimension(tlv::require(size, 0x80).map_err(at("width"))?, "width")?,
            dimension(tlv::require(size, 0x81).map_err(at("height"))?, "height")?,
        ),
        None => (None, None),
    };
    Ok(Some(FaceImage {
        format: FaceImage::format_of(data, declared),
        data: data.to_vec(),
        width,
        height,
        location: ImageLocation::Iso39794Record,
    }))
}

/// A non-negative DER INTEGER of at most three content bytes.
fn integer(content: &[u8], what: &str) -> Result<u32, String> {
    let negative = content.first().is_some_and(|b| b & 0x80 != 0);
    if content.is_empty() || content.len() > 3 || negative {
        return Err(format!("{what} is not a small non-negative INTEGER"));
    }
    Ok(content
        .iter()
        .fold(0u32, |acc, b| (acc << 8) | u32::from(*b)))
}

/// An image dimension (INTEGER 0..65535); 0 means unknown.
fn dimension(content: &[u8], what: &str) -> Result<Option<u16>, String> {
    let value = integer(content, what)?;
    let value = u16::try_from(value).map_err(|_| format!("{what} {value} is above 65535"))?;
    Ok((value != 0).then_some(value))
}

/// Test helpers: a DER encoder for the structure above.
#[cfg(test)]
pub(crate) mod build {
    use crate::tlv;

    /// Concatenates encoded objects.
    pub fn cat(parts: &[Vec<u8>]) -> Vec<u8> {
        parts.concat()
    }

    /// A RepresentationBlock holding a 2D image.
    pub fn representation_2d(id: u8, data: &[u8], code: u8, size: Option<(u16, u16)>) -> Vec<u8> {
        let mut info = vec![tlv::encode(0xA0, &tlv::encode(0x80, &[code]))];
        if let Some((w, h)) = size {
            info.push(tlv::encode(0xA7, &cat(&[uint(0x80, w), uint(0x81, h)])));
        }
        let block_2d = cat(&[tlv::encode(0x80, data), tlv::encode(0xA1, &cat(&info))]);
        let image_representation = tlv::encode(0xA0, &tlv::encode(0xA0, &block_2d));
        tlv::encode(
            0x30,
            &cat(&[
                tlv::encode(0x80, &[id]),
                tlv::encode(0xA1, &image_representation),
            ]),
        )
    }

    /// A DER INTEGER with a context tag (minimal, non-negative).
    pub fn uint(tag: u32, value: u16) -> Vec<u8> {
        let bytes = value.to_be_bytes();
        let mut content: Vec<u8> = bytes.iter().copied().skip_while(|b| *b == 0).collect();
        if content.first().is_none_or(|b| b & 0x80 != 0) {
            content.insert(0, 0);
        }
        tlv::encode(tag, &content)
    }

    /// The FaceImageDataBlock (tag 65) with version 1 (2019) and the given blocks.
    pub fn tagged_block(representations: &[Vec<u8>]) -> Vec<u8> {
        let version = tlv::encode(0xA0, &cat(&[tlv::encode(0x80, &[1]), uint(0x81, 2019)]));
        tlv::encode(
            0x65,
            &cat(&[version, tlv::encode(0xA1, &cat(representations))]),
        )
    }

    /// The value of DO 7F2E as the application profile writes it: `A1 { 65 … }`.
    pub fn bdb(representations: &[Vec<u8>]) -> Vec<u8> {
        tlv::encode(0xA1, &tagged_block(representations))
    }
}

#[cfg(test)]
mod tests {
    use super::build::*;
    use super::*;

    const JPEG: &[u8] = &[
        0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F', 0xFF, 0xD9,
    ];
    const J2K: &[u8] = &[0xFF, 0x4F, 0xFF, 0x51, 0, 0x2F];

    #[test]
    fn reads_a_synthetic_application_profile_block() {
        let big = vec![0xAB; 300];
        let mut jpeg_big = JPEG.to_vec();
        jpeg_big.extend_from_slice(&big);
        let extension = tlv::encode(
            0x30,
            &cat(&[
                tlv::encode(0x80, &[9]),
                tlv::encode(0xA1, &tlv::encode(0xA1, &[])),
            ]),
        );
        let bdb = bdb(&[
            representation_2d(1, &jpeg_big, 2, Some((413, 531))),
            extension,
            representation_2d(2, J2K, 4, None),
        ]);
        let images = parse(&bdb).unwrap();
        assert_eq!(images.len(), 2);
        assert_eq!(images[0].format, ImageFormat::Jpeg);
        assert_eq!(images[0].data, jpeg_big);
        assert_eq!((images[0].width, images[0].height), (Some(413), Some(531)));
        assert_eq!(images[0].location, ImageLocation::Iso39794Record);
        assert_eq!(images[1].format, ImageFormat::Jpeg2000);
        assert_eq!(images[1].data, J2K);
        assert_eq!(images[1].width, None);
    }

    #[test]
    fn accepts_the_block_with_or_without_wrappers() {
        let reps = [representation_2d(1, JPEG, 2, Some((128, 65535)))];
        let tagged = tagged_block(&reps);
        let images = parse(&tagged).unwrap();
        assert_eq!(images[0].data, JPEG);
        assert_eq!(images[0].height, Some(65535));
        let (contents, _) = tlv::expect(&tagged, 0x65).unwrap();
        let untagged = tlv::encode(0xA1, contents);
        assert_eq!(parse(&untagged).unwrap()[0].data, JPEG);
    }

    #[test]
    fn declared_format_is_used_only_when_the_bytes_say_nothing() {
        let images = parse(&bdb(&[representation_2d(1, &[1, 2, 3], 3, None)])).unwrap();
        assert_eq!(images[0].format, ImageFormat::Jpeg2000);
        let images = parse(&bdb(&[representation_2d(1, JPEG, 4, None)])).unwrap();
        assert_eq!(images[0].format, ImageFormat::Jpeg);
        let images = parse(&bdb(&[representation_2d(1, &[1], 5, None)])).unwrap();
        assert_eq!(images[0].format, ImageFormat::Unknown);
    }

    #[test]
    fn malformed_blocks_are_reasons() {
        let no_2d = bdb(&[tlv::encode(
            0x30,
            &cat(&[
                tlv::encode(0x80, &[1]),
                tlv::encode(0xA1, &tlv::encode(0xA1, &[])),
            ]),
        )]);
        let empty_image = bdb(&[representation_2d(1, &[], 2, None)]);
        let negative_width = {
            let rep = representation_2d(7, JPEG, 2, Some((1, 1)));
            let pos = rep
                .windows(3)
                .position(|w| w == [0x80, 0x01, 0x01])
                .unwrap();
            let mut rep = rep;
            rep[pos + 2] = 0x81;
            bdb(&[rep])
        };
        let not_sequence = bdb(&[tlv::encode(0x31, &[])]);
        for (name, case) in [
            ("no 2D", no_2d),
            ("empty image", empty_image),
            ("negative width", negative_width),
            ("not a sequence", not_sequence),
            ("wrong outer tag", tlv::encode(0xA2, &[])),
            (
                "wrong inner tag",
                tlv::encode(0xA1, &tlv::encode(0x66, &[])),
            ),
            ("empty", Vec::new()),
        ] {
            assert!(parse(&case).is_err(), "{name}");
        }
        assert_eq!(integer(&[0x01, 0x00, 0x00], "x"), Ok(65536));
        assert!(integer(&[0, 0, 0, 1], "x").is_err());
        assert!(dimension(&[0x01, 0x00, 0x00], "w").is_err());
    }
}
