//! The verdict on a dump: `Document::from_files` and `Document::verify`. Input: a
//! flags byte (bit 0: an Active Authentication exchange follows, challenge then answer),
//! then (file tag byte as in EF.COM's list, e.g. 0x60 EF.COM, 0x77 EF.SOD, 0x61 DG1,
//! frame) pairs.
#![no_main]

use std::collections::BTreeMap;

use cnie::Policy;
use cnie::lds::LdsFile;
use cnie::session::{ActiveAuthenticationExchange, Document};
use cnie_fuzz::{Frames, at, trust_store};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut input = Frames::new(data);
    let flags = input.byte();
    let aa = if flags & 1 != 0 {
        let challenge = input.frame().unwrap_or_default();
        let response = input.frame().map(<[u8]>::to_vec);
        let mut c = [0u8; 8];
        for (d, s) in c.iter_mut().zip(challenge) {
            *d = *s;
        }
        Some(ActiveAuthenticationExchange {
            challenge: c,
            response,
        })
    } else {
        None
    };
    let mut files = BTreeMap::new();
    while !input.rest().is_empty() {
        let tag = input.byte();
        let bytes = input.frame().unwrap_or_default();
        if let Some(file) = LdsFile::from_tag(tag) {
            files.insert(file, bytes.to_vec());
        }
    }
    let document = Document::from_files(files, aa);
    let _ = document.verify(trust_store(), &Policy::default(), at());
});
