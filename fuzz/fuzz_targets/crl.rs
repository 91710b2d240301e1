//! Certificate revocation lists (DER): `TrustStore::add_crl_der`, then the CRL's
//! issuer, signature and lookups.
#![no_main]

use cnie::TrustStore;
use cnie_fuzz::trust_store;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut store = TrustStore::new();
    if store.add_crl_der(data, "fuzz").is_err() {
        return;
    }
    for crl in store.crls() {
        let _ = (
            crl.issuer(),
            crl.this_update(),
            crl.next_update(),
            crl.revoked_count(),
        );
        for anchor in trust_store().anchors().iter().take(4) {
            let cert = anchor.certificate();
            let _ = crl.lists(cert);
            if crl.may_be_issued_by(cert)
                && let Ok(key) = cert.public_key()
            {
                let _ = crl.verify_signed_by(&key);
            }
        }
    }
});
