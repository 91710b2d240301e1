//! What the fuzz targets share: a reader of length-prefixed frames, the trust store and
//! the time the verifying targets use, a deterministic PACE random source, and
//! [`FuzzCard`], a card whose answers come from the fuzzer.
//!
//! Input formats are documented in `docs/fuzzing.md`; `fuzz/make_seeds.py` writes seeds
//! in them.

use std::collections::BTreeMap;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use cnie::TrustStore;
use cnie::bac::BacChip;
use cnie::iso7816::{Command, Response, Transport, TransportError};
use cnie::keys::{Can, MrzKey};
use cnie::pace::PaceRng;
use cnie::sm::{CardSecureMessaging, Des3Sm};
use cnie::tlv;

/// Reads an input as a sequence of frames: a big-endian `u16` length, then that many
/// bytes (fewer when the input ends first).
#[derive(Debug, Clone, Copy)]
pub struct Frames<'a> {
    data: &'a [u8],
}

impl<'a> Frames<'a> {
    /// Frames over `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Frames { data }
    }

    /// The next byte (0 once the input is over).
    pub fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&b, rest)) => {
                self.data = rest;
                b
            }
            None => 0,
        }
    }

    /// The next frame, or `None` once the input is over.
    pub fn frame(&mut self) -> Option<&'a [u8]> {
        if self.data.is_empty() {
            return None;
        }
        let hi = self.byte() as usize;
        let lo = self.byte() as usize;
        let len = ((hi << 8) | lo).min(self.data.len());
        let (frame, rest) = self.data.split_at(len);
        self.data = rest;
        Some(frame)
    }

    /// What is left.
    pub fn rest(&self) -> &'a [u8] {
        self.data
    }
}

impl<'a> Iterator for Frames<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        self.frame()
    }
}

/// Whether `CNIE_FUZZ_DEBUG` is set: the card-driven targets then print what the entry
/// point returned (to see how far a seed gets: `CNIE_FUZZ_DEBUG=1 <target> <file>`).
pub fn debug() -> bool {
    static DEBUG: OnceLock<bool> = OnceLock::new();
    *DEBUG.get_or_init(|| std::env::var_os("CNIE_FUZZ_DEBUG").is_some())
}

/// The time of every verification: 2026-11-29T00:00:00Z (the test PKI is valid then).
pub fn at() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_910_400)
}

/// The built-in anchors plus the test PKIs of `test-vectors/` (CSCAs, link certificate
/// and CRLs), built once.
pub fn trust_store() -> &'static TrustStore {
    static STORE: OnceLock<TrustStore> = OnceLock::new();
    STORE.get_or_init(|| {
        let mut store = TrustStore::with_builtin();
        let pems: [(&str, &[u8]); 6] = [
            ("csca", include_bytes!("../../test-vectors/pki/csca.pem")),
            ("crl", include_bytes!("../../test-vectors/pki/csca.crl.pem")),
            (
                "csca-2020",
                include_bytes!("../../test-vectors/trust/testpki/csca-2020.pem"),
            ),
            (
                "csca-2024",
                include_bytes!("../../test-vectors/trust/testpki/csca-2024.pem"),
            ),
            (
                "link-2024",
                include_bytes!("../../test-vectors/trust/testpki/link-2024.pem"),
            ),
            (
                "pit-csca",
                include_bytes!("../../test-vectors/trust/testpki/pit-csca.pem"),
            ),
        ];
        for (name, pem) in pems {
            let _ = store.add_pem(pem, name);
        }
        let crl: &[u8] = include_bytes!("../../test-vectors/trust/testpki/csca-2020.crl");
        let _ = store.add_crl_der(crl, "csca-2020.crl");
        store
    })
}

/// The MRZ key of the specimen card (the key the card-driven targets read with, and
/// their honest BAC chip answers to).
pub fn mrz_key() -> MrzKey {
    MrzKey::new("AB0123456", "900115", "310115").unwrap_or_else(|_| unreachable!())
}

/// A card access number.
pub fn can() -> Can {
    Can::new("123456").unwrap_or_else(|_| unreachable!())
}

/// A deterministic [`PaceRng`] (xorshift), so that a crash replays.
#[derive(Debug)]
pub struct TestRng(u64);

impl TestRng {
    /// A generator from a seed byte.
    pub fn new(seed: u8) -> Self {
        TestRng(0x9E37_79B9_7F4A_7C15 ^ u64::from(seed))
    }
}

impl PaceRng for TestRng {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), cnie::pace::PaceError> {
        for b in buf {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            *b = (self.0 >> 24) as u8;
        }
        Ok(())
    }
}

/// Flag of a card-driven input: a BAC chip with [`mrz_key`] answers GET CHALLENGE and
/// EXTERNAL AUTHENTICATE, then protects every answer with secure messaging.
pub const HONEST_BAC: u8 = 0x01;
/// Flag of a card-driven input: the first frame after the files is the ATR.
pub const WITH_ATR: u8 = 0x02;

/// The most commands a [`FuzzCard`] answers; then it is "removed".
pub const MAX_COMMANDS: usize = 600;

/// A card whose answers come from the fuzzer.
///
/// Input: a flags byte ([`HONEST_BAC`], [`WITH_ATR`] and bits the target reads), a count
/// of files, each file as a location byte (bit 7: in an application, else the master
/// file; bits 0-4: the short file identifier) and a frame, then the ATR frame (with
/// [`WITH_ATR`]), then the raw answers, one frame each (data and status word).
///
/// READ BINARY of a file present is served from it (offsets and Le honoured, also the
/// odd INS B1); with [`HONEST_BAC`] the BAC commands are answered by a real chip side;
/// every other command takes the next raw answer, or a default once they are used up
/// (`9000` for SELECT, `6A82` for READ BINARY, `6D00` otherwise). Under secure messaging
/// the commands are unprotected and the answers protected with the session BAC set up:
/// the fuzzer's plaintext reaches the parsers behind the channel. After
/// [`MAX_COMMANDS`] every command fails with [`TransportError::CardRemoved`].
pub struct FuzzCard<'a> {
    atr: Option<Vec<u8>>,
    files: BTreeMap<(bool, u8), &'a [u8]>,
    answers: Frames<'a>,
    in_application: bool,
    current: Option<(bool, u8)>,
    bac: Option<BacChip>,
    sm: Option<Des3Sm>,
    sent: usize,
}

impl<'a> FuzzCard<'a> {
    /// The flags byte and the card described by `data`.
    pub fn new(data: &'a [u8]) -> (u8, FuzzCard<'a>) {
        let mut input = Frames::new(data);
        let flags = input.byte();
        let count = input.byte() & 0x1F;
        let mut files = BTreeMap::new();
        for _ in 0..count {
            let location = input.byte();
            let Some(bytes) = input.frame() else { break };
            files.insert((location & 0x80 != 0, location & 0x1F), bytes);
        }
        let atr = if flags & WITH_ATR != 0 {
            input.frame().map(<[u8]>::to_vec)
        } else {
            None
        };
        let bac = (flags & HONEST_BAC != 0)
            .then(|| BacChip::from_mrz_key(&mrz_key(), [0x4F; 8], [0x0B; 16]));
        let card = FuzzCard {
            atr,
            files,
            answers: input,
            in_application: false,
            current: None,
            bac,
            sm: None,
            sent: 0,
        };
        (flags, card)
    }

    fn raw_or(&mut self, default: &[u8]) -> Vec<u8> {
        self.answers.frame().unwrap_or(default).to_vec()
    }

    /// The answer to a plain (or unprotected) command.
    fn answer(&mut self, c: &Command) -> Vec<u8> {
        match c.ins {
            0x84 if self.bac.is_some() => {
                let mut out = self
                    .bac
                    .as_ref()
                    .map(BacChip::challenge)
                    .unwrap_or_default()
                    .to_vec();
                out.extend_from_slice(&[0x90, 0x00]);
                out
            }
            0x82 if self.bac.is_some() => match self.bac.as_ref().map(|b| b.respond(&c.data)) {
                Some(Ok((mut out, sm))) => {
                    self.sm = Some(sm);
                    out.extend_from_slice(&[0x90, 0x00]);
                    out
                }
                _ => vec![0x63, 0x00],
            },
            0xA4 => {
                match c.p1 {
                    0x04 => self.in_application = true,
                    0x00 if c.data.is_empty() || c.data == [0x3F, 0x00] => {
                        self.in_application = false
                    }
                    _ => {}
                }
                self.raw_or(&[0x90, 0x00])
            }
            0xB0 | 0xB1 => self.read_binary(c),
            _ => self.raw_or(&[0x6D, 0x00]),
        }
    }

    fn read_binary(&mut self, c: &Command) -> Vec<u8> {
        let offset = if c.ins == 0xB0 && c.p1 & 0x80 != 0 {
            self.current = Some((self.in_application, c.p1 & 0x1F));
            usize::from(c.p2)
        } else if c.ins == 0xB0 {
            (usize::from(c.p1 & 0x7F) << 8) | usize::from(c.p2)
        } else {
            match tlv::expect(&c.data, 0x54) {
                Ok((v, _)) if v.len() <= 4 => v.iter().fold(0, |n, b| (n << 8) | usize::from(*b)),
                _ => return vec![0x6A, 0x80],
            }
        };
        let Some(file) = self.current.and_then(|k| self.files.get(&k)).copied() else {
            return self.raw_or(&[0x6A, 0x82]);
        };
        let Some(rest) = file.get(offset..) else {
            return vec![0x6B, 0x00];
        };
        let le = c.le.unwrap_or(256);
        let mut out = if c.ins == 0xB0 {
            rest.get(..le).unwrap_or(rest).to_vec()
        } else {
            let n = le.saturating_sub(4).max(1);
            tlv::encode(0x53, rest.get(..n).unwrap_or(rest))
        };
        out.extend_from_slice(&[0x90, 0x00]);
        out
    }
}

impl Transport for FuzzCard<'_> {
    fn transmit(&mut self, bytes: &[u8]) -> Result<Vec<u8>, TransportError> {
        self.sent += 1;
        if self.sent > MAX_COMMANDS {
            return Err(TransportError::CardRemoved);
        }
        let Ok(command) = Command::parse(bytes) else {
            return Ok(vec![0x67, 0x00]);
        };
        if let Some(mut sm) = self.sm.take() {
            if command.cla & 0x0C != 0x0C {
                // A plain command ends the session, as on a chip.
                return Ok(self.answer(&command));
            }
            let Ok(plain) = sm.unprotect_command(&command) else {
                return Ok(vec![0x69, 0x88]);
            };
            let answer = self.answer(&plain);
            let Ok(response) = Response::parse(&answer) else {
                return Ok(answer);
            };
            return match sm.protect_response(&response) {
                Ok(protected) => {
                    // BAC run again under the session replaces it; else it goes on.
                    self.sm.get_or_insert(sm);
                    Ok(protected.to_bytes())
                }
                Err(_) => Ok(vec![0x69, 0x88]),
            };
        }
        Ok(self.answer(&command))
    }

    fn atr(&self) -> Option<Vec<u8>> {
        self.atr.clone()
    }

    fn reset(&mut self) -> Result<(), TransportError> {
        self.sm = None;
        self.in_application = false;
        self.current = None;
        Ok(())
    }
}
