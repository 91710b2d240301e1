//! EF.SOD (CMS SignedData with the LDS security object): `Sod::parse` and its parts.
#![no_main]

use cnie::lds::sod::Sod;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(sod) = Sod::parse(data) {
        let _ = sod.data_group_numbers();
        let _ = sod.lds_version();
        let _ = sod.signer_info();
        for der in sod.certificates() {
            let _ = cnie::pa::Certificate::from_der(der);
        }
        let _ = cnie::pa::check_hashes(&sod, &Default::default());
    }
});
