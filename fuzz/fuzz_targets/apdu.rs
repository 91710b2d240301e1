//! APDUs: `Response::parse` (what a card answers) and `Command::parse` (what a software
//! card receives), the status word's meaning, and the serialization round trip.
#![no_main]

use cnie::iso7816::{Command, Response};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(response) = Response::parse(data) {
        let _ = response.sw.description();
        let _ = response.sw.bytes_available();
        let _ = response.to_bytes();
    }
    if let Ok(command) = Command::parse(data) {
        let _ = command.to_bytes();
    }
});
