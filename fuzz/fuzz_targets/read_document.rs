//! A whole read from a card whose answers come from the fuzzer (`cnie_fuzz::FuzzCard`):
//! `session::read_document_from` (access control, files, Chip and Active
//! Authentication, APDU tracing). The verdict on what was read is the `verdict` target's:
//! verifying here would spend most of each run in RSA.
//!
//! Flags (besides the card's): bits 2-3 the length preference (1 short, 2 extended,
//! else auto), bit 4 PACE required, bits 5-6 the keys (1: the CAN, 2: the CAN and the
//! MRZ key, else the MRZ key), bit 7 a fixed Active Authentication challenge.
#![no_main]

use cnie::card::Card;
use cnie::keys::AccessKey;
use cnie::session::{LengthPreference, ReadOptions, read_document_from};
use cnie::{Policy, trace};
use cnie_fuzz::{FuzzCard, at, can, debug, mrz_key, trust_store};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (flags, transport) = FuzzCard::new(data);
    let keys = match (flags >> 5) & 3 {
        1 => vec![AccessKey::Can(can())],
        2 => vec![AccessKey::Can(can()), AccessKey::Mrz(mrz_key())],
        _ => vec![AccessKey::Mrz(mrz_key())],
    };
    let options = ReadOptions {
        length: match (flags >> 2) & 3 {
            1 => LengthPreference::Short,
            2 => LengthPreference::Extended,
            _ => LengthPreference::Auto,
        },
        require_pace: flags & 0x10 != 0,
        challenge: (flags & 0x80 != 0).then_some([0x11; 8]),
        ..ReadOptions::default()
    };
    let mut card = Card::new(transport);
    card.set_tracer(trace::tracer(trace::TraceFormatter::new(), |_| {}));
    let result = read_document_from(card, &keys, &options, |_| {});
    if debug() {
        let verdict = result
            .as_ref()
            .map(|d| d.verify(trust_store(), &Policy::default(), at()));
        eprintln!("{result:?}\n{verdict:?}");
    }
});
