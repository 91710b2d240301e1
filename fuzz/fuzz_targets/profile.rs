//! eID card profiles: `Profile::from_toml` and `Profile::from_json`, then PINs in the
//! profile's formats.
#![no_main]

use cnie::eid::{Pin, Profile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for profile in [Profile::from_toml(&text), Profile::from_json(&text)]
        .into_iter()
        .flatten()
    {
        let _ = Pin::new("123456", &profile.pin);
        let _ = Pin::new("12345678", &profile.puk);
    }
});
