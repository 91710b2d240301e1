//! Face images to PNG (feature `photo`): JPEG 2000 (`hayro-jpeg2000`) and JPEG
//! (`zune-jpeg`) decoded in pure Rust, then encoded as an 8-bit PNG (`png`).
//!
//! The image bytes come from the chip (or a dump), so they are hostile: the size the
//! image's own header announces is checked against [`Limits`] before a pixel is
//! decoded, the decoded buffer is checked against that size before it is encoded,
//! and every failure is a [`PhotoError`].

use thiserror::Error;

use crate::lds::image::{FaceImage, ImageFormat};

/// The largest image decoded: each side and the decoded bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The widest image, in pixels.
    pub max_width: u32,
    /// The tallest image, in pixels.
    pub max_height: u32,
    /// The most decoded bytes (width × height × channels, 8 bits a channel).
    pub max_bytes: usize,
}

impl Default for Limits {
    /// 4096 × 4096 pixels and 64 MiB decoded: far above any face in an eMRTD (ICAO
    /// 9303-10 suggests about 15–20 KB of JPEG or JPEG 2000 for a few hundred pixels).
    fn default() -> Self {
        Limits {
            max_width: 4096,
            max_height: 4096,
            max_bytes: 64 << 20,
        }
    }
}

/// Why a face image could not be turned into a PNG.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PhotoError {
    /// Neither JPEG nor JPEG 2000.
    #[error("the face image is neither JPEG nor JPEG 2000")]
    UnknownFormat,
    /// The header announces an image over the limits (or with a side of 0).
    #[error(
        "the face image announces {width}x{height} pixels ({channels} channels): refused (at most {max_width}x{max_height}, {max_bytes} bytes decoded)"
    )]
    TooLarge {
        /// Announced width.
        width: u32,
        /// Announced height.
        height: u32,
        /// Channels (colour components, alpha included).
        channels: u8,
        /// [`Limits::max_width`].
        max_width: u32,
        /// [`Limits::max_height`].
        max_height: u32,
        /// [`Limits::max_bytes`].
        max_bytes: usize,
    },
    /// The image has a colour layout a PNG cannot carry (e.g. 5 channels).
    #[error("the face image has {channels} colour channels: not supported")]
    UnsupportedColour {
        /// Channels (alpha included).
        channels: u8,
    },
    /// The JPEG 2000 decoder refused the image.
    #[error("the JPEG 2000 face image does not decode: {0}")]
    Jpeg2000(String),
    /// The JPEG decoder refused the image.
    #[error("the JPEG face image does not decode: {0}")]
    Jpeg(String),
    /// The decoder gave fewer or more bytes than width × height × channels.
    #[error("the decoded face image has {got} bytes, {expected} expected")]
    SizeMismatch {
        /// width × height × channels.
        expected: usize,
        /// What the decoder gave.
        got: usize,
    },
    /// PNG encoding failed.
    #[error("cannot encode the face image as PNG: {0}")]
    Png(String),
}

/// A face image decoded and encoded as PNG.
#[derive(Clone, PartialEq, Eq)]
pub struct Photo {
    /// Width in pixels, from the image itself.
    pub width: u32,
    /// Height in pixels, from the image itself.
    pub height: u32,
    /// The encoding the image came in.
    pub source: ImageFormat,
    /// The PNG file.
    pub png: Vec<u8>,
}

impl std::fmt::Debug for Photo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Photo")
            .field("width", &self.width)
            .field("height", &self.height)
            .field("source", &self.source)
            .field("png_len", &self.png.len())
            .finish()
    }
}

impl Photo {
    /// Whether the size the biometric record declares (ISO/IEC 19794-5 image
    /// information) is the image's own; `None` when the record declares none.
    pub fn matches_declared(&self, face: &FaceImage) -> Option<bool> {
        self.matches_size(face.width, face.height)
    }

    /// Whether a declared width and height are the image's own (`None` when either
    /// is not declared).
    pub fn matches_size(&self, width: Option<u16>, height: Option<u16>) -> Option<bool> {
        match (width, height) {
            (Some(w), Some(h)) => Some(u32::from(w) == self.width && u32::from(h) == self.height),
            _ => None,
        }
    }
}

impl FaceImage {
    /// The image as PNG, decoded within `limits`.
    pub fn to_png(&self, limits: &Limits) -> Result<Photo, PhotoError> {
        to_png(&self.data, self.format, limits)
    }
}

/// Decodes `data` (JPEG or JPEG 2000, as `format` says) within `limits` and encodes it
/// as PNG.
pub fn to_png(data: &[u8], format: ImageFormat, limits: &Limits) -> Result<Photo, PhotoError> {
    let pixels = match format {
        ImageFormat::Jpeg2000 => decode_jpeg2000(data, limits)?,
        ImageFormat::Jpeg => decode_jpeg(data, limits)?,
        ImageFormat::Unknown => return Err(PhotoError::UnknownFormat),
    };
    let png = encode_png(&pixels)?;
    Ok(Photo {
        width: pixels.width,
        height: pixels.height,
        source: format,
        png,
    })
}

/// Decoded 8-bit samples, interleaved.
struct Pixels {
    width: u32,
    height: u32,
    colour: Colour,
    data: Vec<u8>,
}

/// The channel layouts a PNG carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Colour {
    Grey,
    GreyAlpha,
    Rgb,
    Rgba,
}

impl Colour {
    fn channels(self) -> u8 {
        match self {
            Colour::Grey => 1,
            Colour::GreyAlpha => 2,
            Colour::Rgb => 3,
            Colour::Rgba => 4,
        }
    }
}

/// Refuses an announced size over `limits`; returns the decoded size in bytes.
fn check_size(width: u32, height: u32, channels: u8, limits: &Limits) -> Result<usize, PhotoError> {
    let bytes = usize::try_from(u64::from(width) * u64::from(height) * u64::from(channels)).ok();
    match bytes {
        Some(bytes)
            if width > 0
                && height > 0
                && width <= limits.max_width
                && height <= limits.max_height
                && bytes <= limits.max_bytes =>
        {
            Ok(bytes)
        }
        _ => Err(PhotoError::TooLarge {
            width,
            height,
            channels,
            max_width: limits.max_width,
            max_height: limits.max_height,
            max_bytes: limits.max_bytes,
        }),
    }
}

fn decode_jpeg2000(data: &[u8], limits: &Limits) -> Result<Pixels, PhotoError> {
    use hayro_jpeg2000::{ColorSpace, DecodeSettings, DecoderContext, Image};
    let jp2 = |e: hayro_jpeg2000::DecodeError| PhotoError::Jpeg2000(e.to_string());
    // Parses the headers only (JP2 boxes, SIZ): nothing is decoded yet.
    let image = Image::new(data, &DecodeSettings::default()).map_err(jp2)?;
    let alpha = image.has_alpha();
    let colour_channels = image.color_space().num_channels();
    let channels = colour_channels.saturating_add(u8::from(alpha));
    let (width, height) = (image.width(), image.height());
    check_size(width, height, channels.max(1), limits)?;
    let cmyk = matches!(image.color_space(), ColorSpace::CMYK);
    let colour = match (colour_channels, alpha, cmyk) {
        (1, false, _) => Colour::Grey,
        (1, true, _) => Colour::GreyAlpha,
        (3, false, _) | (4, false, true) => Colour::Rgb,
        (3, true, _) => Colour::Rgba,
        _ => return Err(PhotoError::UnsupportedColour { channels }),
    };
    let mut context = DecoderContext::default();
    let decoded = image.decode(&mut context).map_err(jp2)?;
    let expected = check_size(width, height, channels, limits)?;
    // `data_u8` sizes its buffer from the first component: check every component
    // holds width × height samples first (a subsampled one would not).
    let samples = usize::try_from(u64::from(width) * u64::from(height)).unwrap_or(usize::MAX);
    let components = decoded.components();
    if components.len() != usize::from(channels)
        || components.iter().any(|c| c.samples().len() != samples)
    {
        return Err(PhotoError::SizeMismatch {
            expected,
            got: components.iter().map(|c| c.samples().len()).sum(),
        });
    }
    let mut data = decoded.data_u8();
    if data.len() != expected {
        return Err(PhotoError::SizeMismatch {
            expected,
            got: data.len(),
        });
    }
    if cmyk {
        data = cmyk_to_rgb(&data);
    }
    Ok(Pixels {
        width,
        height,
        colour,
        data,
    })
}

/// Naive CMYK to RGB (no colour management): R = (255 − C)(255 − K)/255, ….
fn cmyk_to_rgb(cmyk: &[u8]) -> Vec<u8> {
    let mut rgb = Vec::with_capacity(cmyk.len() / 4 * 3);
    for px in cmyk.chunks_exact(4) {
        if let [c, m, y, k] = *px {
            let scale = |v: u8| {
                let value = (255 - u16::from(v)) * (255 - u16::from(k)) / 255;
                u8::try_from(value).unwrap_or(u8::MAX)
            };
            rgb.extend([scale(c), scale(m), scale(y)]);
        }
    }
    rgb
}

fn decode_jpeg(data: &[u8], limits: &Limits) -> Result<Pixels, PhotoError> {
    use zune_jpeg::JpegDecoder;
    use zune_jpeg::zune_core::bytestream::ZCursor;
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;
    let jpeg = |e: zune_jpeg::errors::DecodeErrors| PhotoError::Jpeg(e.to_string());
    // The decoder's own limits at JPEG's largest (65535): `check_size` below decides,
    // with a typed error, after the headers and before the frame is decoded.
    let options = DecoderOptions::default()
        .set_max_width(usize::from(u16::MAX))
        .set_max_height(usize::from(u16::MAX))
        .jpeg_set_out_colorspace(ColorSpace::RGB);
    let mut decoder = JpegDecoder::new_with_options(ZCursor::new(data), options);
    decoder.decode_headers().map_err(jpeg)?;
    let (width, height) = decoder
        .dimensions()
        .ok_or_else(|| PhotoError::Jpeg("no frame header".into()))?;
    let side = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
    let (width, height) = (side(width), side(height));
    let expected = check_size(width, height, Colour::Rgb.channels(), limits)?;
    let data = decoder.decode().map_err(jpeg)?;
    if data.len() != expected {
        return Err(PhotoError::SizeMismatch {
            expected,
            got: data.len(),
        });
    }
    Ok(Pixels {
        width,
        height,
        colour: Colour::Rgb,
        data,
    })
}

fn encode_png(pixels: &Pixels) -> Result<Vec<u8>, PhotoError> {
    let encoding = |e: png::EncodingError| PhotoError::Png(e.to_string());
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixels.width, pixels.height);
    encoder.set_color(match pixels.colour {
        Colour::Grey => png::ColorType::Grayscale,
        Colour::GreyAlpha => png::ColorType::GrayscaleAlpha,
        Colour::Rgb => png::ColorType::Rgb,
        Colour::Rgba => png::ColorType::Rgba,
    });
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(encoding)?;
    writer.write_image_data(&pixels.data).map_err(encoding)?;
    writer.finish().map_err(encoding)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::read_vector as vector;

    fn face(path: &str) -> FaceImage {
        let dg2 = vector(path);
        crate::lds::dg2::parse(&dg2).unwrap().remove(0)
    }

    /// The PNG's own header (IHDR): width and height.
    fn png_size(png: &[u8]) -> (u32, u32) {
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let reader = decoder.read_info().unwrap();
        let info = reader.info();
        (info.width, info.height)
    }

    /// The width and height in a JPEG 2000 codestream's SIZ marker (Xsiz − XOsiz).
    fn siz(data: &[u8]) -> (u32, u32) {
        let at = data
            .windows(4)
            .position(|w| w == [0xFF, 0x4F, 0xFF, 0x51])
            .unwrap()
            + 4;
        let u32_at = |o: usize| u32::from_be_bytes(data[at + o..at + o + 4].try_into().unwrap());
        // Lsiz (2), Rsiz (2), Xsiz, Ysiz, XOsiz, YOsiz.
        (u32_at(4) - u32_at(12), u32_at(8) - u32_at(16))
    }

    #[test]
    fn the_german_2008_jpeg2000_face_decodes_to_png() {
        let face = face("samples/bsi2008/DG2.bin");
        assert_eq!(face.format, ImageFormat::Jpeg2000);
        let photo = face.to_png(&Limits::default()).unwrap();
        assert!(photo.png.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert_eq!(png_size(&photo.png), (photo.width, photo.height));
        // The PNG has the codestream's size...
        assert_eq!((photo.width, photo.height), siz(&face.data));
        // ...which is not what the sample's ISO/IEC 19794-5 header declares: the record
        // says 337x449, the JPEG 2000 image is 413x531. The check tells.
        assert_eq!((face.width, face.height), (Some(337), Some(449)));
        assert_eq!((photo.width, photo.height), (413, 531));
        assert_eq!(photo.matches_declared(&face), Some(false));
    }

    #[test]
    fn the_dutch_2006_jpeg2000_face_decodes_to_its_declared_size() {
        let face = face("samples/loes2006/DG2.bin");
        let photo = face.to_png(&Limits::default()).unwrap();
        assert_eq!(png_size(&photo.png), (photo.width, photo.height));
        assert_eq!((photo.width, photo.height), siz(&face.data));
    }

    #[test]
    fn the_specimen_jpeg_face_decodes_to_its_declared_size() {
        let face = face("cards/specimen/DG2.bin");
        assert_eq!(face.format, ImageFormat::Jpeg);
        let photo = face.to_png(&Limits::default()).unwrap();
        assert_eq!(png_size(&photo.png), (240, 320));
        assert_eq!(photo.matches_declared(&face), Some(true));
    }

    #[test]
    fn an_image_over_the_limits_is_refused_before_decoding() {
        let small = Limits {
            max_width: 100,
            max_height: 100,
            max_bytes: 1 << 20,
        };
        for path in ["samples/bsi2008/DG2.bin", "cards/specimen/DG2.bin"] {
            let err = face(path).to_png(&small).unwrap_err();
            assert!(matches!(err, PhotoError::TooLarge { .. }), "{path}: {err}");
        }
        let few_bytes = Limits {
            max_bytes: 1000,
            ..Limits::default()
        };
        let err = face("samples/bsi2008/DG2.bin")
            .to_png(&few_bytes)
            .unwrap_err();
        assert!(matches!(
            err,
            PhotoError::TooLarge {
                width: 413,
                height: 531,
                channels: 3,
                ..
            }
        ));
    }

    #[test]
    fn a_huge_announced_size_is_refused() {
        // A JPEG 2000 codestream announcing 60000 x 60000 pixels, then nothing.
        let mut j2k = vec![0xFF, 0x4F, 0xFF, 0x51, 0x00, 0x29, 0x00, 0x00];
        j2k.extend(60_000u32.to_be_bytes());
        j2k.extend(60_000u32.to_be_bytes());
        j2k.extend([0u8; 8]); // offsets
        j2k.extend(60_000u32.to_be_bytes());
        j2k.extend(60_000u32.to_be_bytes());
        j2k.extend([0u8; 8]); // tile offsets
        j2k.extend([0x00, 0x01, 0x07, 0x01, 0x01]); // one 8-bit component
        let err = to_png(&j2k, ImageFormat::Jpeg2000, &Limits::default()).unwrap_err();
        assert!(
            matches!(err, PhotoError::TooLarge { .. } | PhotoError::Jpeg2000(_)),
            "{err}"
        );
    }

    #[test]
    fn truncated_and_garbage_images_are_errors() {
        let jp2 = face("samples/bsi2008/DG2.bin").data;
        let jpeg = face("cards/specimen/DG2.bin").data;
        for cut in [0, 10, 100] {
            assert!(to_png(&jp2[..cut], ImageFormat::Jpeg2000, &Limits::default()).is_err());
        }
        // A codestream cut in its packets may still decode (to a blurred image): no panic.
        let _ = to_png(
            &jp2[..jp2.len() / 2],
            ImageFormat::Jpeg2000,
            &Limits::default(),
        );
        for cut in [0, 3, 100] {
            assert!(to_png(&jpeg[..cut], ImageFormat::Jpeg, &Limits::default()).is_err());
        }
        assert_eq!(
            to_png(&jpeg, ImageFormat::Unknown, &Limits::default()),
            Err(PhotoError::UnknownFormat)
        );
        assert!(to_png(&jpeg, ImageFormat::Jpeg2000, &Limits::default()).is_err());
        assert!(to_png(&jp2, ImageFormat::Jpeg, &Limits::default()).is_err());
    }
}
