//! Trust material as a user gives it: `TrustStore::add_bytes` (PEM certificates and
//! CRLs, DER certificates, CRLs, master lists), the first byte choosing the file
//! extension hint.
#![no_main]

use cnie::TrustStore;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&hint, bytes)) = data.split_first() else {
        return;
    };
    let hint = ["", "pem", "der", "crl", "ml", "cer"][usize::from(hint) % 6];
    let mut store = TrustStore::new();
    store.allow_unverified_master_lists(hint == "ml");
    let _ = store.add_bytes(bytes, "fuzz", hint);
    let _ = store.add_pem(bytes, "fuzz");
    for anchor in store.anchors() {
        let _ = anchor.verifies_itself();
    }
});
