//! Test only (`crate::test_support::eid_mock`): an ISO 7816-8 eID card in a few dozen lines,
//! playing the default profile, with an APDU log; and the test key and certificate from
//! `test-vectors/eid/` (test material). A state machine that models a card, not a script
//! (for scripts, see [`ScriptedTransport`](super::ScriptedTransport)).

use p256::ecdsa::signature::hazmat::PrehashSigner;
use p256::ecdsa::{Signature, SigningKey};

use super::{hex_field, json_vector, read_vector};
use crate::iso7816::{Command, Response, StatusWord, Transport, TransportError};

/// The test signing key (test-vectors/eid/test-signing-key.json).
pub fn test_signing_key() -> SigningKey {
    let json = json_vector("eid/test-signing-key.json");
    let scalar = hex_field(&json, "private_scalar");
    SigningKey::from_slice(&scalar).unwrap()
}

/// Its self-signed certificate (test-vectors/eid/test-signing-cert.der).
pub fn test_certificate() -> Vec<u8> {
    read_vector("eid/test-signing-cert.der")
}

pub const PIN: &[u8] = b"1234\xFF\xFF\xFF\xFF";
pub const PUK: &[u8] = b"12345678";

pub struct MockCard {
    pub aid: Vec<u8>,
    pub pin: Vec<u8>,
    pub tries: u8,
    pub puk_tries: u8,
    pub verified: bool,
    pub se: Option<(u8, u8)>,
    pub key: SigningKey,
    pub cert: Vec<u8>,
    pub file: Option<u8>,
    pub not_usable: bool,
    pub garbage_signature: bool,
    /// When set, every counter query (VERIFY without data) gets this status word.
    pub counter_answer: Option<u16>,
    pub log: Vec<Vec<u8>>,
}

impl MockCard {
    pub fn new(aid: &[u8]) -> Self {
        MockCard {
            aid: aid.to_vec(),
            pin: PIN.to_vec(),
            tries: 3,
            puk_tries: 10,
            verified: false,
            se: None,
            key: test_signing_key(),
            cert: test_certificate(),
            file: None,
            not_usable: false,
            garbage_signature: false,
            counter_answer: None,
            log: Vec::new(),
        }
    }

    /// The INS bytes of the logged commands.
    pub fn ins_log(&self) -> Vec<u8> {
        self.log.iter().map(|c| c[1]).collect()
    }

    fn counter(&self) -> u16 {
        if self.tries == 0 {
            0x6983
        } else {
            0x63C0 | u16::from(self.tries)
        }
    }

    fn answer(&mut self, c: &Command) -> (Vec<u8>, u16) {
        let d = &c.data;
        match (c.ins, c.p1, c.p2) {
            (0x20, 0, _) if d.is_empty() && self.counter_answer.is_some() => {
                (vec![], self.counter_answer.unwrap_or_default())
            }
            (0x20, 0, 0x81) if self.not_usable => (vec![], 0x6984),
            (0xA4, 0x04, _) if *d == self.aid => (vec![], 0x9000),
            (0x20, 0, 0x81) if d.is_empty() => (
                vec![],
                if self.verified {
                    0x9000
                } else {
                    self.counter()
                },
            ),
            (0x20, 0, 0x82) if d.is_empty() => (vec![], 0x63C0 | u16::from(self.puk_tries)),
            (0x20, 0, 0x81) | (0x24, 0, 0x81) if self.tries == 0 => (vec![], 0x6983),
            (0x20, 0, 0x81) | (0x24, 0, 0x81) => {
                if d.get(..8) == Some(&self.pin[..]) {
                    self.tries = 3;
                    self.verified = true;
                    if c.ins == 0x24 {
                        self.pin = d[8..].to_vec();
                    }
                    (vec![], 0x9000)
                } else {
                    self.tries -= 1;
                    self.verified = false;
                    (vec![], self.counter())
                }
            }
            (0x2C, p1, 0x81) => {
                if d.get(..8) != Some(PUK) {
                    self.puk_tries -= 1;
                    return (vec![], 0x63C0 | u16::from(self.puk_tries));
                }
                if p1 == 0 {
                    self.pin = d[8..].to_vec();
                }
                self.tries = 3;
                (vec![], 0x9000)
            }
            (0x22, 0x41, t) if d.len() >= 3 && d[d.len() - 3] == 0x84 => {
                self.se = Some((t, d[d.len() - 1]));
                (vec![], 0x9000)
            }
            (0x2A, 0x9E, 0x9A) | (0x88, 0, 0) => {
                let want = if c.ins == 0x2A { (0xB6, 2) } else { (0xA4, 1) };
                if !self.verified || self.se != Some(want) {
                    return (vec![], 0x6982);
                }
                if self.garbage_signature {
                    return (vec![0x30, 0x44, 0x02, 0x20, 0xFF], 0x9000);
                }
                let sig: Signature = self.key.sign_prehash(d).unwrap();
                (sig.to_bytes().to_vec(), 0x9000)
            }
            (0xB0, p1, p2) => {
                let offset = if p1 & 0x80 != 0 {
                    self.file = Some(p1 & 0x1F);
                    0
                } else {
                    usize::from(p1) << 8 | usize::from(p2)
                };
                if !matches!(self.file, Some(1 | 2)) {
                    return (vec![], 0x6A82);
                }
                let end = (offset + c.le.unwrap_or(256)).min(self.cert.len());
                (self.cert[offset.min(end)..end].to_vec(), 0x9000)
            }
            _ => (vec![], 0x6D00),
        }
    }
}

impl Transport for MockCard {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, TransportError> {
        self.log.push(apdu.to_vec());
        let c = Command::parse(apdu).unwrap();
        let (data, sw) = self.answer(&c);
        Ok(Response::new(data, StatusWord(sw)).to_bytes())
    }
}
