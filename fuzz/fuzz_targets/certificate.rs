//! X.509 certificates: `pa::Certificate::from_der`, its fields, its key, and a check of
//! its signature by itself and by the test CSCA.
#![no_main]

use cnie::pa::Certificate;
use cnie_fuzz::trust_store;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(cert) = Certificate::from_der(data) else {
        return;
    };
    let _ = cert.summary();
    let _ = (
        cert.country(),
        cert.key_usage(),
        cert.is_ca(),
        cert.signature_hash(),
    );
    if let Ok(key) = cert.public_key() {
        let _ = key.description();
        let _ = cert.verify_signed_by(&key);
    }
    for anchor in trust_store().anchors().iter().take(4) {
        if cert.may_be_issued_by(anchor.certificate())
            && let Ok(key) = anchor.certificate().public_key()
        {
            let _ = cert.verify_signed_by(&key);
        }
    }
});
