//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use cnie_sim::chip::Rng;
use cnie_sim::{CardConfig, CardImage, FileName};

/// The repository's `test-vectors/` folder, found through `CARGO_MANIFEST_DIR`: the one
/// place the tests of this crate spell it.
pub fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../test-vectors")
}

/// The committed specimen card folder.
pub fn specimen_dir() -> PathBuf {
    vectors_dir().join("cards/specimen")
}

/// A test vector file.
pub fn vector(name: &str) -> serde_json::Value {
    let path = vectors_dir().join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Hex to bytes; white space is ignored.
pub fn h(s: &str) -> Vec<u8> {
    let digits: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    hex::decode(digits).unwrap()
}

/// A hex field of a JSON vector.
pub fn hv(v: &serde_json::Value) -> Vec<u8> {
    h(v.as_str().unwrap())
}

/// The specimen card.
pub fn specimen() -> CardImage {
    CardImage::load(&specimen_dir()).unwrap()
}

/// The specimen's access key.
pub fn specimen_key() -> cnie::keys::MrzKey {
    cnie::keys::MrzKey::new("AB0123456", "900115", "310115").unwrap()
}

/// A card with the ICAO 9303-11 Appendix D key (L898902C<, 690806, 940623),
/// the D.4 EF.COM, and a plain-readable EF.CardAccess of `card_access_len`
/// bytes (a counting pattern).
pub fn icao_card(card_access_len: usize) -> CardImage {
    let config = CardConfig::from_toml(
        "[access]\ndocument_number = \"L898902C<\"\ndate_of_birth = \"690806\"\ndate_of_expiry = \"940623\"\n",
    )
    .unwrap();
    CardImage::new(config)
        .with_file(
            FileName::Com,
            h("60145F0104303130365F36063034303030305C026175"),
        )
        .with_file(FileName::Dg(1), h("61055F1F024142"))
        .with_file(FileName::Dg(3), h("63035F1F00"))
        .with_file(FileName::CardAccess, pattern(card_access_len))
}

/// `len` bytes 00 01 02 … FF 00 ….
pub fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

/// A random source that hands out `chunks` in order (then zeros).
pub fn scripted_rng(chunks: Vec<Vec<u8>>) -> Rng {
    let mut queue: VecDeque<Vec<u8>> = chunks.into();
    Box::new(move |buf: &mut [u8]| {
        let next = queue.pop_front().unwrap_or_default();
        for (i, b) in buf.iter_mut().enumerate() {
            *b = next.get(i).copied().unwrap_or(0);
        }
        Ok(())
    })
}

/// A small deterministic pseudo-random generator for fuzzing (xorshift64*).
pub struct XorShift(pub u64);

impl XorShift {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn byte(&mut self) -> u8 {
        (self.next() >> 24) as u8
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}
