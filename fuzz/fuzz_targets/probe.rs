//! The probe of an unknown card (`probe::probe`: EF.CardAccess, EF.ATR/INFO, EF.DIR,
//! SELECT of the well-known applications) on a card whose answers come from the fuzzer
//! (`cnie_fuzz::FuzzCard`).
#![no_main]

use cnie::card::Card;
use cnie_fuzz::FuzzCard;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (_, transport) = FuzzCard::new(data);
    let mut card = Card::new(transport);
    let _ = cnie::probe::probe(&mut card);
});
