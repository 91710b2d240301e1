//! DG14 (SecurityInfos): `SecurityInfos::parse_dg14`, then the Chip Authentication
//! parameters and session keys from its keys (`CaParams`, `CaTerminal`).
#![no_main]

use cnie::chip_auth::{CaParams, CaTerminal};
use cnie::lds::card_access::SecurityInfos;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(infos) = SecurityInfos::parse_dg14(data) else {
        return;
    };
    let _ = infos.chip_authentication_public_keys().count();
    if let Ok(params) = CaParams::from_security_infos(infos.infos())
        && let Ok(terminal) = CaTerminal::with_secret(params, &[0x35; 20])
    {
        let _ = terminal.session_keys();
    }
});
