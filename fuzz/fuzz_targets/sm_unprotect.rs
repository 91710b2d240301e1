//! Secure messaging: the terminal's `SecureMessaging::unprotect` of responses and the
//! card's `CardSecureMessaging::unprotect_command`, with 3DES and AES sessions.
//!
//! Input: a flags byte (bit 0: AES, bit 1: the harness appends the correct MAC, so the
//! data objects get past the MAC check and are decrypted, bit 2: card side, bits 3-4:
//! the AES key length), then one message a frame, unprotected in turn with one session.
//! A response frame is SW1 SW2 and the data objects; a command frame is the header and
//! the data objects.
#![no_main]

use cnie::iso7816::{Command, Response, StatusWord};
use cnie::sm::{AesCipher, CardSecureMessaging, Des3Cipher, SecureMessaging, SmCipher, SmSession};
use cnie_fuzz::Frames;
use libfuzzer_sys::fuzz_target;

const ENC: [u8; 32] = [0x3D; 32];
const MAC: [u8; 32] = [0x5A; 32];

/// ISO/IEC 9797-1 padding method 2.
fn pad(mut data: Vec<u8>, block: usize) -> Vec<u8> {
    data.push(0x80);
    while data.len() % block != 0 {
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
            let sw = StatusWord::new(sw.first().copied().unwrap_or(0x90), sw.get(1).copied().unwrap_or(0));
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
        let key = |k: &[u8; 32]| -> [u8; 16] { k[..16].try_into().unwrap_or_default() };
        let (enc, mac) = (key(&ENC), key(&MAC));
        run(
            Des3Cipher::new(&enc, &mac),
            Des3Cipher::new(&enc, &mac),
            [0x88, 0x70, 0x22, 0x12, 0x0C, 0x06, 0xC2, 0x26],
            flags,
            frames,
        );
    } else {
        let len = [16, 24, 32, 16][usize::from(flags >> 3) & 3];
        let (Ok(a), Ok(b)) = (AesCipher::new(&ENC[..len], &MAC[..len]), AesCipher::new(&ENC[..len], &MAC[..len])) else {
            return;
        };
        run(a, b, [0; 16], flags, frames);
    }
});
