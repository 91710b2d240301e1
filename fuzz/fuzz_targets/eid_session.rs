//! The eID application (`eid::EidSession`, default profile) on a card whose answers
//! come from the fuzzer (`cnie_fuzz::FuzzCard`), after BAC when the card's flags ask
//! for an honest BAC chip (the profile requires secure messaging).
//!
//! Input: two bytes choosing the operations (bit 0 select, 1 PIN status, 2 PUK status,
//! 3 verify, 4 change, 5 unblock, 6 certificates, 7 sign, 8 authenticate; bit 15:
//! `force`), then the card.
#![no_main]

use cnie::card::Card;
use cnie::eid::{EidSession, Pin, Profile};
use cnie_fuzz::{FuzzCard, HONEST_BAC, debug, mrz_key};
use libfuzzer_sys::fuzz_target;

fn show<T: std::fmt::Debug>(result: cnie::Result<T>) {
    if debug() {
        eprintln!("{result:?}");
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((ops, data)) = data.split_first_chunk::<2>() else {
        return;
    };
    let ops = u16::from_be_bytes(*ops);
    let (flags, transport) = FuzzCard::new(data);
    let mut card = Card::new(transport);
    if flags & HONEST_BAC != 0 {
        let bac = cnie::bac::authenticate(&mut card, &mrz_key());
        let failed = bac.is_err();
        show(bac);
        if failed {
            return;
        }
    }
    let profile = Profile::default_cnie();
    let (Ok(pin), Ok(new_pin), Ok(puk)) = (
        Pin::new("1234", &profile.pin),
        Pin::new("987654", &profile.pin),
        Pin::new("12345678", &profile.puk),
    ) else {
        return;
    };
    let force = ops & 0x8000 != 0;
    let mut session = EidSession::new(&mut card, &profile);
    let on = |bit: u16| ops & (1 << bit) != 0;
    if on(0) {
        show(session.select());
    }
    if on(1) {
        show(session.pin_status());
    }
    if on(2) {
        show(session.puk_status());
    }
    if on(3) {
        show(session.verify_pin(&pin, force));
    }
    if on(4) {
        show(session.change_pin(&pin, &new_pin, force));
    }
    if on(5) {
        show(session.unblock_pin(&puk, Some(&new_pin), force));
    }
    if on(6) {
        show(session.certificates());
    }
    if on(7) {
        show(session.sign(b"fuzz"));
    }
    if on(8) {
        show(session.authenticate(&[0x42; 32]));
    }
});
