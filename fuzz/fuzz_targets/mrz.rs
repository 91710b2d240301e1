//! MRZ text (TD1, TD2, TD3): `mrz::parse`, `mrz::parse_lines`, the access key.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(mrz) = cnie::mrz::parse(&text) {
        let _ = mrz.access_key();
    }
    let lines: Vec<&str> = text.lines().collect();
    let _ = cnie::mrz::parse_lines(&lines);
    let _ = cnie::mrz::check_digit(&text);
});
