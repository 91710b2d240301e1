//! PACE, the terminal's steps (`PaceTerminal::step1` .. `finish`/`finish_cam`) on the
//! chip's GENERAL AUTHENTICATE answers (`decode_dynamic_auth_data`).
//!
//! Input: the mapping arc (1-6), the cipher arc (1-4), the standardized domain id
//! (0-18), a seed for the terminal's random numbers, then the chip's four answers, one
//! frame each: `7C { 80 z }`, `7C { 82 PK_map }` (empty for the integrated mapping),
//! `7C { 84 PK_IC }`, `7C { 86 T_IC [8A A_IC] }`.
#![no_main]

use cnie::keys::{AccessKey, pace_password};
use cnie::lds::security_infos::{CipherSuite, PaceInfo, PaceMapping, PaceProtocol};
use cnie::pace::{Mapping, PaceParams, PaceTerminal, decode_dynamic_auth_data};
use cnie_fuzz::{Frames, TestRng, can};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut input = Frames::new(data);
    let (Some(mapping), Some(cipher)) = (
        PaceMapping::from_arc(input.byte()),
        CipherSuite::from_arc(input.byte()),
    ) else {
        return;
    };
    let info = PaceInfo {
        protocol: PaceProtocol::new(mapping, cipher),
        version: 2,
        parameter_id: Some(u32::from(input.byte())),
    };
    let Some(params) = PaceParams::from_info(&info) else {
        return;
    };
    let mut rng = TestRng::new(input.byte());
    let cam = params.mapping() == Mapping::ChipAuthentication;
    let mut terminal = PaceTerminal::new(&pace_password(&AccessKey::Can(can())), params);
    let mut answer = |tag: u8| {
        input
            .frame()
            .and_then(|f| decode_dynamic_auth_data(f, tag).ok())
    };

    let Some(z) = answer(0x80) else { return };
    if terminal.step1(z, &mut rng).is_err() {
        return;
    }
    let Some(pk_map) = answer(0x82) else { return };
    if terminal.step2(pk_map, &mut rng).is_err() {
        return;
    }
    let Some(pk_ic) = answer(0x84) else { return };
    if terminal.step3(pk_ic).is_err() {
        return;
    }
    let Some(last) = input.frame() else { return };
    let Ok(t_ic) = decode_dynamic_auth_data(last, 0x86) else {
        return;
    };
    if cam {
        let a_ic = decode_dynamic_auth_data(last, 0x8A).unwrap_or_default();
        let _ = terminal.finish_cam(t_ic, a_ic);
    } else {
        let _ = terminal.finish(t_ic);
    }
});
