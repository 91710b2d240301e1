//! Passive authentication: `pa::verify` of an EF.SOD and data groups against the test
//! trust store. Input: a frame with EF.SOD, then (data group number, frame) pairs.
#![no_main]

use std::collections::BTreeMap;

use cnie::lds::LdsFile;
use cnie::pa::{PaOptions, ValidityModel};
use cnie_fuzz::{Frames, at, trust_store};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut input = Frames::new(data);
    let model = input.byte();
    let sod = input.frame().unwrap_or_default();
    let mut files = BTreeMap::new();
    while !input.rest().is_empty() {
        let dg = input.byte();
        let bytes = input.frame().unwrap_or_default();
        if let Some(file) = LdsFile::dg(dg) {
            files.insert(file, bytes.to_vec());
        }
    }
    let options = PaOptions {
        validity: if model & 1 == 0 {
            ValidityModel::PointInTime
        } else {
            ValidityModel::Now
        },
        signing_time_hint: (model & 2 != 0).then_some(1_700_000_000),
        ..PaOptions::at(at())
    };
    let _ = cnie::pa::verify(sod, &files, trust_store(), options);
});
