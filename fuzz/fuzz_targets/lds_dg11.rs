//! DG11 (additional personal details): `Dg11::parse` and its split fields.
#![no_main]

use cnie::lds::Dg11;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(dg11) = Dg11::parse(data) {
        let _ = dg11.place_of_birth_parts();
        let _ = dg11.address_parts();
        let _ = dg11.other_valid_td_number_list();
        let _ = dg11.other_person_names.len();
    }
});
