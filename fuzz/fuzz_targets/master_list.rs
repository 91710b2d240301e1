//! CSCA master lists: `MasterList::parse`, its signature and signer chain
//! (`MasterList::verify`), and `TrustStore::add_masterlist`.
#![no_main]

use cnie::TrustStore;
use cnie::pa::masterlist::MasterList;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(list) = MasterList::parse(data) else {
        return;
    };
    let _ = list.verify();
    let mut store = TrustStore::new();
    store.allow_unverified_master_lists(true);
    let _ = store.add_masterlist(data, "fuzz");
});
