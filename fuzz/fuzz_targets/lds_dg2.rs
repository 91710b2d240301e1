//! DG2 (face images, ISO/IEC 19794-5 and 39794-5): `lds::dg2::parse`.
#![no_main]

use cnie::lds::ImageFormat;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(faces) = cnie::lds::dg2::parse(data) {
        for face in faces {
            let _ = ImageFormat::sniff(&face.data);
        }
    }
});
