//! Evidence bundles: `Evidence::from_bytes` (bounded JSON, every field, file hashes,
//! integrity digest, canonical form); when one is accepted, it writes back the same
//! bytes and its document gets a verdict. Input: the bundle's bytes.
#![no_main]

use cnie::Policy;
use cnie::evidence::Evidence;
use cnie_fuzz::{at, trust_store};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(evidence) = Evidence::from_bytes(data) else {
        return;
    };
    assert_eq!(evidence.to_bytes(), data, "an accepted bundle is canonical");
    let _ = evidence
        .document()
        .verify(trust_store(), &Policy::default(), at());
});
