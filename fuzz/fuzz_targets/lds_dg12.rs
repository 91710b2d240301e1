//! DG12 (additional document details): `Dg12::parse`, the date of issue.
#![no_main]

use cnie::lds::Dg12;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(dg12) = Dg12::parse(data) {
        let _ = dg12.date_of_issue_unix();
        let _ = dg12.other_person_names();
    }
});
