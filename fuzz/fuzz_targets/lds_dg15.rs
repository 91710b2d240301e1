//! DG15 (the Active Authentication key) and the chip's answer: `active_auth::verify`.
//! Input: three frames: DG15, the challenge, the chip's answer.
#![no_main]

use cnie::active_auth;
use cnie::lds::card_access::SecurityInfos;
use cnie_fuzz::Frames;
use libfuzzer_sys::fuzz_target;

/// DG14 of the BSI 2008 sample: its ActiveAuthenticationInfo names ECDSA's hash.
const DG14: &[u8] = include_bytes!("../../test-vectors/samples/bsi2008/DG14.bin");

fuzz_target!(|data: &[u8]| {
    let mut input = Frames::new(data);
    let dg15 = input.frame().unwrap_or_default();
    let challenge = input.frame().unwrap_or_default();
    let response = input.frame().unwrap_or_default();
    if active_auth::dg15_public_key_info(dg15).is_err() {
        return;
    }
    let dg14 = SecurityInfos::parse_dg14(DG14).ok();
    let info = dg14.as_ref().and_then(|i| {
        i.infos().iter().find_map(|i| match i {
            cnie::lds::security_infos::SecurityInfo::ActiveAuthentication(a) => Some(a),
            _ => None,
        })
    });
    let _ = active_auth::verify(dg15, info, challenge, response);
    let _ = active_auth::recover(response);
});
