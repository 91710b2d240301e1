//! The answer to reset (`iso7816::atr`: historical bytes, extended length) and
//! EF.ATR/INFO (`probe::atr_info`).
#![no_main]

use cnie::iso7816::atr;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = atr::historical_bytes(data);
    let _ = atr::supports_extended_length(data);
    let _ = cnie::probe::AtrSummary::new(data);
    let _ = cnie::probe::atr_info(data);
});
