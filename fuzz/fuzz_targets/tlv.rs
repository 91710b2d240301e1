//! BER-TLV: `tlv::parse_header`, `tlv::iter` down every constructed object, `tlv::find`.
#![no_main]

use cnie::tlv;
use libfuzzer_sys::fuzz_target;

fn walk(bytes: &[u8], depth: usize) {
    for object in tlv::iter(bytes).take(1000) {
        let Ok(object) = object else { return };
        if object.is_constructed() && depth < 16 {
            walk(object.value, depth + 1);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let _ = tlv::parse_header(data);
    let _ = tlv::find(data, 0x5F1F);
    if let Ok((object, _)) = tlv::parse(data) {
        let _ = tlv::require(object.value, 0x80);
    }
    walk(data, 0);
});
