//! Secure messaging: the terminal's `SecureMessaging::unprotect` of responses and the
//! card's `CardSecureMessaging::unprotect_command`, with 3DES and AES sessions.
//!
//! Input: a flags byte (bit 0: AES, bit 1: the harness appends the correct MAC, so the
//! data objects get past the MAC check and are decrypted, bit 2: card side), then one
//! message a frame, unprotected in turn with one session. A response frame is SW1 SW2
//! and the data objects; a command frame is the header and the data objects. The keys
//! and counters are those of `test-vectors/sm_3des.json` (BAC, ICAO 9303-11 D.4) and
//! `sm_aes.json` (a READ BINARY answer), so that their protected answers verify.
#![no_main]

use cnie::iso7816::{Command, Response, StatusWord};
use cnie::sm::{AesCipher, CardSecureMessaging, Des3Cipher, SecureMessaging, SmCipher, SmSession};
use cnie_fuzz::Frames;
use libfuzzer_sys::fuzz_target;

const DES_ENC: [u8; 16] = [
    0x97, 0x9E, 0xC1, 0x3B, 0x1C, 0xBF, 0xE9, 0xDC, 0xD0, 0x1A, 0xB0, 0xFE, 0xD3, 0x07, 0xEA, 0xE5,
];
const DES_MAC: [u8; 16] = [
    0xF1, 0xCB, 0x1F, 0x1F, 0xB5, 0xAD, 0xF2, 0x08, 0x80, 0x6B, 0x89, 0xDC, 0x57, 0x9D, 0xC1, 0xF8,
];
/// The counter before the first answer of the vector (which is unprotected at `..C228`).
const DES_SSC: [u8; 8] = [0x88, 0x70, 0x22, 0x12, 0x0C, 0x06, 0xC2, 0x27];
const AES_ENC: [u8; 16] = [
    0xA8, 0xE8, 0x5E, 0x93, 0x85, 0x14, 0xEC, 0x67, 0xAE, 0x33, 0xCD, 0xA3, 0xD4, 0x3D, 0x3C, 0x48,
];
const AES_MAC: [u8; 16] = [
    0x27, 0xF1, 0xAD, 0xEB, 0x70, 0x5A, 0x04, 0x9A, 0x30, 0x5B, 0x0C, 0x61, 0x9B, 0x14, 0xB9, 0xB3,
];
const AES_SSC: [u8; 16] = [
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0B,
];

/// ISO/IEC 9797-1 padding method 2.
fn pad(mut data: Vec<u8>, block: usize) -> Vec<u8> {
    data.push(0x80);
    while !data.len().is_multiple_of(block) {
        data.push(0);
    }
    data
}

fn increment(ssc: &mut [u8]) {
    for b in ssc.iter_mut().rev() {
        *b = b.wrapping_add(1);
        if *b != 0 {
            break;
        }
    }
}

fn run<C: SmCipher>(mac_cipher: C, session: C, ssc: C::Ssc, flags: u8, frames: Frames<'_>) {
    let mut expected_ssc = ssc.as_ref().to_vec();
    let mut sm = SmSession::with_cipher(session, ssc);
    let fix_mac = flags & 2 != 0;
    let card_side = flags & 4 != 0;
    for frame in frames.take(8) {
        increment(&mut expected_ssc);
        let mac = |covered: &[u8]| {
            let mut input = expected_ssc.clone();
            input.extend_from_slice(covered);
            let mut out = vec![0x8E, 0x08];
            out.extend_from_slice(&mac_cipher.mac(&pad(input, C::BLOCK_SIZE)));
            out
        };
        if card_side {
            let (header, body) = frame.split_at(frame.len().min(4));
            let mut h = [0u8; 4];
            h[..header.len()].copy_from_slice(header);
            let command = if fix_mac {
                let mut covered = pad(vec![h[0] | 0x0C, h[1], h[2], h[3]], C::BLOCK_SIZE);
                covered.extend_from_slice(body);
                let mut data = body.to_vec();
                data.extend(mac(&covered));
                Command::new(h[0] | 0x0C, h[1], h[2], h[3]).with_data(data)
            } else {
                Command::new(h[0], h[1], h[2], h[3]).with_data(body)
            };
            let _ = sm.unprotect_command(&command);
        } else {
            let (sw, body) = frame.split_at(frame.len().min(2));
            let sw = StatusWord::new(
                sw.first().copied().unwrap_or(0x90),
                sw.get(1).copied().unwrap_or(0),
            );
            let mut data = body.to_vec();
            if fix_mac {
                data.extend(mac(body));
            }
            let _ = sm.unprotect(&Response::new(data, sw));
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut frames = Frames::new(data);
    let flags = frames.byte();
    if flags & 1 == 0 {
        let cipher = || Des3Cipher::new(&DES_ENC, &DES_MAC);
        run(cipher(), cipher(), DES_SSC, flags, frames);
    } else if let (Ok(a), Ok(b)) = (
        AesCipher::new(&AES_ENC, &AES_MAC),
        AesCipher::new(&AES_ENC, &AES_MAC),
    ) {
        run(a, b, AES_SSC, flags, frames);
    }
});
