//! EF.CardSecurity (signed SecurityInfos): `CardSecurity::parse`.
#![no_main]

use cnie::lds::card_access::CardSecurity;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(cs) = CardSecurity::parse(data) {
        let _ = cs.infos().chip_authentication_public_keys().count();
        let _ = cs.signed_data().certificates.len();
    }
});
