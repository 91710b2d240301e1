//! DG1 (the MRZ): `Dg1::parse`, its MRZ.
#![no_main]

use cnie::lds::Dg1;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(dg1) = Dg1::parse(data) {
        let _ = dg1.valid_mrz().map(|m| m.access_key());
        let _ = dg1.into_mrz();
    }
});
