//! A synthetic face for specimen cards: a cartoon drawn from ellipses (no
//! real person), encoded as JPEG by the `jpeg-encoder` crate. The drawing is
//! deterministic, so the same parameters give the same file.

use jpeg_encoder::{ColorType, Encoder};

/// Image width (ICAO portrait proportions, 3:4).
pub const WIDTH: u16 = 240;
/// Image height.
pub const HEIGHT: u16 = 320;

/// Why the image could not be made.
#[derive(Debug, thiserror::Error)]
#[error("JPEG encoding failed: {0}")]
pub struct FaceError(String);

type Rgb = [u8; 3];

/// One shape of the drawing: an ellipse (filled, or a ring band) in a colour.
struct Ellipse {
    cx: f32,
    cy: f32,
    rx: f32,
    ry: f32,
    color: Rgb,
    /// Only the lower half (for the smile).
    lower_half: bool,
    /// Ring thickness as a fraction of the radius (0 = filled).
    ring: f32,
}

const fn filled(cx: f32, cy: f32, rx: f32, ry: f32, color: Rgb) -> Ellipse {
    Ellipse {
        cx,
        cy,
        rx,
        ry,
        color,
        lower_half: false,
        ring: 0.0,
    }
}

impl Ellipse {
    fn covers(&self, x: f32, y: f32) -> bool {
        let dx = (x - self.cx) / self.rx;
        let dy = (y - self.cy) / self.ry;
        let d = dx * dx + dy * dy;
        if d > 1.0 || (self.lower_half && y < self.cy) {
            return false;
        }
        self.ring == 0.0 || d >= (1.0 - self.ring) * (1.0 - self.ring)
    }
}

const SKIN: Rgb = [224, 178, 140];
const HAIR: Rgb = [58, 38, 30];
const CLOTH: Rgb = [40, 92, 150];
const WHITE: Rgb = [246, 246, 242];
const IRIS: Rgb = [92, 60, 36];
const PUPIL: Rgb = [20, 16, 14];
const LIPS: Rgb = [176, 70, 78];

/// The shapes, back to front.
fn shapes() -> Vec<Ellipse> {
    vec![
        // Hair behind the head, shoulders and neck.
        filled(120.0, 150.0, 92.0, 112.0, HAIR),
        filled(120.0, 352.0, 128.0, 84.0, CLOTH),
        filled(120.0, 262.0, 30.0, 40.0, SKIN),
        // Ears, face.
        filled(50.0, 165.0, 12.0, 20.0, SKIN),
        filled(190.0, 165.0, 12.0, 20.0, SKIN),
        filled(120.0, 168.0, 70.0, 90.0, SKIN),
        // Fringe.
        filled(120.0, 92.0, 74.0, 34.0, HAIR),
        // Eyebrows.
        Ellipse {
            ring: 0.35,
            ..filled(94.0, 146.0, 20.0, 12.0, HAIR)
        },
        Ellipse {
            ring: 0.35,
            ..filled(146.0, 146.0, 20.0, 12.0, HAIR)
        },
        filled(94.0, 152.0, 22.0, 14.0, SKIN),
        filled(146.0, 152.0, 22.0, 14.0, SKIN),
        // Eyes.
        filled(94.0, 156.0, 14.0, 8.0, WHITE),
        filled(146.0, 156.0, 14.0, 8.0, WHITE),
        filled(94.0, 156.0, 6.0, 6.5, IRIS),
        filled(146.0, 156.0, 6.0, 6.5, IRIS),
        filled(94.0, 156.0, 2.5, 2.5, PUPIL),
        filled(146.0, 156.0, 2.5, 2.5, PUPIL),
        // Nose (a shaded tip) and smile.
        filled(120.0, 196.0, 8.0, 5.0, [206, 156, 120]),
        Ellipse {
            lower_half: true,
            ring: 0.3,
            ..filled(120.0, 214.0, 24.0, 14.0, LIPS)
        },
    ]
}

/// Deterministic per-pixel grain (a small integer hash; not cryptographic).
fn grain(x: u32, y: u32) -> i16 {
    let mut h = x.wrapping_mul(0x9E37_79B1) ^ y.wrapping_mul(0x85EB_CA77);
    h ^= h >> 15;
    h = h.wrapping_mul(0x2C1B_3C6D);
    h ^= h >> 12;
    // ok: masked to 4 bits.
    i16::from((h & 0x0F) as u8) - 8
}

/// The RGB pixels of the drawing.
pub fn pixels() -> Vec<u8> {
    let shapes = shapes();
    let mut out = Vec::with_capacity(usize::from(WIDTH) * usize::from(HEIGHT) * 3);
    for y in 0..u32::from(HEIGHT) {
        for x in 0..u32::from(WIDTH) {
            let (fx, fy) = (x as f32 + 0.5, y as f32 + 0.5);
            // A light blue-grey background, slightly darker towards the bottom.
            // ok: y < HEIGHT, so the shade is below 24.
            let shade = (y * 24 / u32::from(HEIGHT)) as u8;
            let mut color: Rgb = [222 - shade, 228 - shade, 236 - shade];
            for s in &shapes {
                if s.covers(fx, fy) {
                    color = s.color;
                }
            }
            let g = grain(x, y);
            for c in color {
                // ok: clamped to 0..=255.
                out.push((i16::from(c) + g).clamp(0, 255) as u8);
            }
        }
    }
    out
}

/// The synthetic face as a JPEG at `quality` (1-100).
pub fn jpeg(quality: u8) -> Result<Vec<u8>, FaceError> {
    let mut out = Vec::new();
    let encoder = Encoder::new(&mut out, quality.clamp(1, 100));
    encoder
        .encode(&pixels(), WIDTH, HEIGHT, ColorType::Rgb)
        .map_err(|e| FaceError(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn face_is_a_small_deterministic_jpeg() {
        let a = jpeg(super::super::FACE_QUALITY).unwrap();
        assert_eq!(&a[..2], &[0xFF, 0xD8]);
        assert!((10_000..=20_000).contains(&a.len()), "{} bytes", a.len());
        assert_eq!(a, jpeg(super::super::FACE_QUALITY).unwrap());
        assert_eq!(super::super::dg::jpeg_size(&a).unwrap(), (WIDTH, HEIGHT));
    }
}
