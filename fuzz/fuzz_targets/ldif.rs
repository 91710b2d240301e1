//! ICAO PKD LDIF files: `pa::ldif::parse` (folding, comments, base64 values), then each
//! item into a trust store as the CLI's `trust import` does. Input: the LDIF bytes.
#![no_main]

use cnie::TrustStore;
use cnie::pa::ldif::{self, LdifKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(items) = ldif::parse(data) else {
        return;
    };
    let mut store = TrustStore::new();
    for item in items {
        let _ = match item.kind {
            LdifKind::MasterList => store.add_masterlist(&item.bytes, "fuzz"),
            LdifKind::Certificate => store.add_der(&item.bytes, "fuzz"),
            LdifKind::Crl => store.add_crl_der(&item.bytes, "fuzz"),
        };
    }
});
