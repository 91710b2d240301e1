//! EF.COM: `Com::parse`.
#![no_main]

use cnie::lds::{Com, LdsFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(com) = Com::parse(data) {
        let _ = com.lists(LdsFile::Sod);
    }
});
