//! Face images to PNG (`lds::photo::to_png`, feature `photo`): JPEG 2000 and JPEG
//! decoded within the size limits. The first byte picks the format, the rest is the
//! image; small limits keep every run fast (a huge announced size must be refused
//! before decoding, not decoded).
#![no_main]

use cnie::lds::ImageFormat;
use cnie::lds::photo::{Limits, to_png};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, image)) = data.split_first() else {
        return;
    };
    let format = match selector % 3 {
        0 => ImageFormat::sniff(image),
        1 => ImageFormat::Jpeg2000,
        _ => ImageFormat::Jpeg,
    };
    let limits = Limits {
        max_width: 1024,
        max_height: 1024,
        max_bytes: 4 << 20,
    };
    if let Ok(photo) = to_png(image, format, &limits) {
        assert!(photo.width <= limits.max_width && photo.height <= limits.max_height);
        assert!(photo.png.starts_with(b"\x89PNG"));
    }
});
