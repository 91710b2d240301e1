//! EF.CardAccess: `SecurityInfos::parse_card_access`, the PACE parameters of each
//! PACEInfo (`PaceParams::from_info`), and the probe's summary of it.
#![no_main]

use cnie::lds::card_access::SecurityInfos;
use cnie::pace::PaceParams;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = cnie::probe::card_access(data);
    let Ok(infos) = SecurityInfos::parse_card_access(data) else {
        return;
    };
    for info in infos.pace() {
        let _ = PaceParams::from_info(info);
        let _ = infos.pace_domain_parameters(info.parameter_id);
    }
    let _ = infos.chip_authentication().count();
    let _ = SecurityInfos::parse_card_access(&infos.to_der());
});
