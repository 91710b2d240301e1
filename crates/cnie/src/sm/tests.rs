//! (Declared `#[cfg(test)] mod tests;` by the parent module: test code only.)
//!
//! Secure messaging against ICAO 9303-11 Appendix D.4 (test-vectors/sm_3des.json),
//! both sides, plus negative and extended-length cases.

use super::codec::{self, RESPONSE_TAGS};
use super::padding::pad;
use super::*;
use crate::iso7816::{Command, Response, StatusWord};
use crate::test_support::{hex_value, json_vector};

fn vectors() -> serde_json::Value {
    json_vector("sm_3des.json")
}

fn key16(v: &serde_json::Value) -> [u8; 16] {
    hex_value(v).try_into().unwrap()
}

fn key8(v: &serde_json::Value) -> [u8; 8] {
    hex_value(v).try_into().unwrap()
}

fn session(v: &serde_json::Value) -> Des3Sm {
    Des3Sm::new(
        &key16(&v["ks_enc"]),
        &key16(&v["ks_mac"]),
        key8(&v["ssc_initial"]),
    )
}

fn steps(v: &serde_json::Value) -> &Vec<serde_json::Value> {
    v["steps"].as_array().unwrap()
}

#[test]
fn terminal_protects_every_d4_command() {
    let v = vectors();
    let mut sm = session(&v);
    assert_eq!(steps(&v).len(), 3);
    for step in steps(&v) {
        let c = &step["command"];
        let plain = Command::parse(&hex_value(&step["plain_apdu"])).unwrap();
        let protected = sm.protect(&plain).unwrap();
        assert_eq!(
            sm.ssc(),
            hex_value(&step["ssc_for_command"]),
            "{}",
            step["name"]
        );
        assert_eq!(
            protected.to_bytes().unwrap(),
            hex_value(&c["protected_apdu"]),
            "{}",
            step["name"]
        );

        // The intermediate values, step by step, with the same SSC.
        let ssc = hex_value(&step["ssc_for_command"]);
        let cipher = sm.cipher();
        let header: [u8; 4] = hex_value(&c["masked_header"]).try_into().unwrap();
        assert_eq!(protected.header(), header);
        let do87 = if plain.data.is_empty() {
            Vec::new()
        } else {
            codec::encrypt_do(cipher, &ssc, &plain.data, false).unwrap()
        };
        assert_eq!(do87, hex_value(&c["do87"]));
        let do97 = match plain.le {
            Some(le) => codec::le_do(le, false).unwrap(),
            None => Vec::new(),
        };
        assert_eq!(do97, hex_value(&c["do97"]));
        let mut m = codec::padded_header(header, 8);
        m.extend_from_slice(&do87);
        m.extend_from_slice(&do97);
        assert_eq!(m, hex_value(&c["M"]));
        let n = codec::mac_input(&ssc, &m, 8);
        assert_eq!(n, hex_value(&c["N"]));
        let cc = cipher.mac(&n);
        assert_eq!(cc.to_vec(), hex_value(&c["CC"]));
        assert_eq!(codec::mac_do(&cc), hex_value(&c["do8e"]));

        // Keep the session in step: the response comes next.
        let response = Response::parse(&hex_value(&step["response"]["protected_rapdu"])).unwrap();
        sm.unprotect(&response).unwrap();
    }
}

#[test]
fn terminal_unprotects_every_d4_response() {
    let v = vectors();
    let mut sm = session(&v);
    for step in steps(&v) {
        let r = &step["response"];
        let plain = Command::parse(&hex_value(&step["plain_apdu"])).unwrap();
        sm.protect(&plain).unwrap();
        let protected = Response::parse(&hex_value(&r["protected_rapdu"])).unwrap();
        let unprotected = sm.unprotect(&protected).unwrap();
        assert_eq!(
            sm.ssc(),
            hex_value(&step["ssc_for_response"]),
            "{}",
            step["name"]
        );
        assert_eq!(
            unprotected.to_bytes(),
            hex_value(&r["unprotected_rapdu"]),
            "{}",
            step["name"]
        );
        assert_eq!(unprotected.data, hex_value(&r["decrypted_data"]));
        assert_eq!(unprotected.sw, StatusWord::SUCCESS);

        // Step by step: the objects, K, the MAC, the decryption.
        let ssc = hex_value(&step["ssc_for_response"]);
        let cipher = sm.cipher();
        let dos = codec::parse_dos(&protected.data, RESPONSE_TAGS).unwrap();
        let do87 = hex_value(&r["do87"]);
        match dos.cryptogram {
            Some((tag, value)) => {
                assert_eq!(crate::tlv::encode(tag, value), do87);
                let data = codec::decrypt_do(cipher, &ssc, tag, value).unwrap();
                assert_eq!(data, hex_value(&r["decrypted_data"]));
            }
            None => assert!(do87.is_empty()),
        }
        assert_eq!(codec::status_do(dos.status.unwrap()), hex_value(&r["do99"]));
        assert_eq!(
            codec::mac_do(&dos.mac.unwrap().try_into().unwrap()),
            hex_value(&r["do8e"])
        );
        let k = codec::mac_input(&ssc, dos.covered, 8);
        assert_eq!(k, hex_value(&r["K"]));
        assert_eq!(cipher.mac(&k).to_vec(), hex_value(&r["CC"]));
    }
}

#[test]
fn card_side_reproduces_every_d4_exchange() {
    let v = vectors();
    let mut card = session(&v);
    let mut read = Vec::new();
    for step in steps(&v) {
        let protected = Command::parse(&hex_value(&step["command"]["protected_apdu"])).unwrap();
        let plain = card.unprotect_command(&protected).unwrap();
        assert_eq!(card.ssc(), hex_value(&step["ssc_for_command"]));
        assert_eq!(
            plain.to_bytes().unwrap(),
            hex_value(&step["plain_apdu"]),
            "{}",
            step["name"]
        );

        let answer = Response::parse(&hex_value(&step["response"]["unprotected_rapdu"])).unwrap();
        read.extend_from_slice(&answer.data);
        let wrapped = card.protect_response(&answer).unwrap();
        assert_eq!(card.ssc(), hex_value(&step["ssc_for_response"]));
        assert_eq!(
            wrapped.to_bytes(),
            hex_value(&step["response"]["protected_rapdu"]),
            "{}",
            step["name"]
        );
    }
    assert_eq!(read, hex_value(&v["ef_com_content"]));
}

#[test]
fn gmrtd_apdu_pairs_match() {
    let v = vectors();
    let mut terminal = session(&v);
    for (pair, step) in v["apdu_pairs_gmrtd"]
        .as_array()
        .unwrap()
        .iter()
        .zip(steps(&v))
    {
        let plain = Command::parse(&hex_value(&step["plain_apdu"])).unwrap();
        assert_eq!(
            terminal.protect(&plain).unwrap().to_bytes().unwrap(),
            hex_value(&pair["command"])
        );
        let r = terminal
            .unprotect(&Response::parse(&hex_value(&pair["response"])).unwrap())
            .unwrap();
        assert_eq!(
            r.to_bytes(),
            hex_value(&step["response"]["unprotected_rapdu"])
        );
    }
}

#[test]
fn decodes_the_extra_do87_vector() {
    let v = vectors();
    let x = &v["extra_vectors"][0];
    let cipher = Des3Cipher::new(&key16(&x["ks_enc"]), &key16(&x["ks_mac"]));
    let data = codec::decrypt_do(
        &cipher,
        &hex_value(&x["ssc"]),
        0x87,
        &hex_value(&x["do87_value"]),
    )
    .unwrap();
    assert_eq!(data, hex_value(&x["plaintext"]));
}

/// A terminal session that has protected D.4's first READ BINARY and now
/// expects its response (which carries DO'87'), and that response.
fn awaiting_read_response() -> (Des3Sm, Vec<u8>) {
    let v = vectors();
    let mut sm = session(&v);
    let step = &steps(&v)[1];
    // Bring the SSC to the READ BINARY step (the one with data in DO'87').
    sm.protect(&Command::parse(&hex_value(&steps(&v)[0]["plain_apdu"])).unwrap())
        .unwrap();
    sm.unprotect(
        &Response::parse(&hex_value(&steps(&v)[0]["response"]["protected_rapdu"])).unwrap(),
    )
    .unwrap();
    sm.protect(&Command::parse(&hex_value(&step["plain_apdu"])).unwrap())
        .unwrap();
    (sm, hex_value(&step["response"]["protected_rapdu"]))
}

/// A 3DES cipher that counts decryptions, to prove nothing is decrypted
/// before the MAC has been checked.
struct Counting {
    inner: Des3Cipher,
    decryptions: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl SmCipher for Counting {
    const NAME: &'static str = "counting 3DES";
    const BLOCK_SIZE: usize = 8;
    type Ssc = [u8; 8];
    fn encrypt(&self, ssc: &[u8], buf: &mut [u8]) -> Result<(), SmError> {
        self.inner.encrypt(ssc, buf)
    }
    fn decrypt(&self, ssc: &[u8], buf: &mut [u8]) -> Result<(), SmError> {
        self.decryptions
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.inner.decrypt(ssc, buf)
    }
    fn mac(&self, padded: &[u8]) -> [u8; 8] {
        self.inner.mac(padded)
    }
}

#[test]
fn flipped_mac_bit_is_refused_before_decryption() {
    let v = vectors();
    let counter = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let cipher = Counting {
        inner: Des3Cipher::new(&key16(&v["ks_enc"]), &key16(&v["ks_mac"])),
        decryptions: counter.clone(),
    };
    // SSC just before the READ BINARY response (D.4 step 2).
    let mut ssc = hex_value(&steps(&v)[1]["ssc_for_response"]);
    let last = ssc.len() - 1;
    ssc[last] -= 1;
    let rapdu = hex_value(&steps(&v)[1]["response"]["protected_rapdu"]);
    // rapdu: 87 09 01 <8 bytes> | 99 02 90 00 | 8E 08 <8 bytes> | 90 00.
    // Flip bits in the indicator, the cryptogram, DO'99' and DO'8E'.
    for (byte, bit) in [
        (2usize, 0u8),
        (3, 0),
        (10, 7),
        (13, 4),
        (14, 0),
        (17, 0),
        (24, 7),
    ] {
        let mut sm = SmSession::with_cipher(
            Counting {
                inner: Des3Cipher::new(&key16(&v["ks_enc"]), &key16(&v["ks_mac"])),
                decryptions: counter.clone(),
            },
            <[u8; 8]>::try_from(ssc.as_slice()).unwrap(),
        );
        let mut bad = rapdu.clone();
        bad[byte] ^= 1 << bit;
        let r = sm.unprotect(&Response::parse(&bad).unwrap());
        assert_eq!(r, Err(SmError::BadMac), "byte {byte} bit {bit}");
    }
    assert_eq!(counter.load(std::sync::atomic::Ordering::SeqCst), 0);
    // The untouched response decrypts once.
    let mut sm = SmSession::with_cipher(cipher, <[u8; 8]>::try_from(ssc.as_slice()).unwrap());
    let r = sm.unprotect(&Response::parse(&rapdu).unwrap()).unwrap();
    assert_eq!(r.data, hex::decode("60145F01").unwrap());
    assert_eq!(counter.load(std::sync::atomic::Ordering::SeqCst), 1);
}

#[test]
fn wrong_ssc_is_a_bad_mac() {
    let (mut sm, rapdu) = awaiting_read_response();
    sm.protect(&Command::new(0, 0xB0, 0, 0).with_le(4)).unwrap();
    assert_eq!(
        sm.unprotect(&Response::parse(&rapdu).unwrap()),
        Err(SmError::BadMac)
    );
}

#[test]
fn truncated_and_lying_objects_are_malformed() {
    let (sm0, rapdu) = awaiting_read_response();
    let ssc: [u8; 8] = sm0.ssc().try_into().unwrap();
    let v = vectors();
    let fresh = || Des3Sm::new(&key16(&v["ks_enc"]), &key16(&v["ks_mac"]), ssc);
    let body = &rapdu[..rapdu.len() - 2];
    // Every truncation of the objects fails without panicking.
    for cut in 1..body.len() {
        let r = fresh().unprotect(&Response::new(body[..cut].to_vec(), StatusWord::SUCCESS));
        assert!(matches!(r, Err(SmError::Malformed(_))), "cut {cut}: {r:?}");
    }
    // DO'87' claiming more bytes than present.
    let mut lying = body.to_vec();
    lying[1] = 0x7F;
    assert!(matches!(
        fresh().unprotect(&Response::new(lying, StatusWord::SUCCESS)),
        Err(SmError::Malformed(_))
    ));
    let mut lying = body.to_vec();
    lying[1] = 0x84; // four length bytes: 0x0901_9FF0
    assert!(matches!(
        fresh().unprotect(&Response::new(lying, StatusWord::SUCCESS)),
        Err(SmError::Malformed(_))
    ));
    // Missing DO'99' (a correct MAC over DO'87' alone is still refused).
    let do87 = &body[..11];
    let mut sm = fresh();
    let mut next = ssc;
    codec::increment(&mut next);
    let mac = sm.cipher().mac(&codec::mac_input(&next, do87, 8));
    let no99 = [do87, &codec::mac_do(&mac)].concat();
    assert_eq!(
        sm.unprotect(&Response::new(no99, StatusWord::SUCCESS)),
        Err(SmError::Malformed("DO'99' missing"))
    );
    // Missing DO'8E'.
    assert_eq!(
        fresh().unprotect(&Response::new(
            [do87, &[0x99, 2, 0x90, 0]].concat(),
            StatusWord::SUCCESS
        )),
        Err(SmError::Malformed("DO'8E' missing"))
    );
}

/// A response protected by the card side of a session at `ssc` from raw
/// objects (for crafting bad cryptograms that carry a good MAC).
fn with_good_mac(ssc: [u8; 8], objects: &[u8]) -> Response {
    let v = vectors();
    let sm = Des3Sm::new(&key16(&v["ks_enc"]), &key16(&v["ks_mac"]), ssc);
    let mut next = ssc;
    codec::increment(&mut next);
    let mac = sm.cipher().mac(&codec::mac_input(&next, objects, 8));
    Response::new(
        [objects, &codec::mac_do(&mac)].concat(),
        StatusWord::SUCCESS,
    )
}

#[test]
fn bad_padding_and_indicator_after_a_good_mac() {
    let v = vectors();
    let ssc = [7u8; 8];
    let mut next = ssc;
    codec::increment(&mut next);
    let fresh = || Des3Sm::new(&key16(&v["ks_enc"]), &key16(&v["ks_mac"]), ssc);
    let cipher = Des3Cipher::new(&key16(&v["ks_enc"]), &key16(&v["ks_mac"]));

    // Plaintext without the 80 marker.
    let mut block = *b"ABCDEFGH";
    cipher.encrypt_cbc(&mut block).unwrap();
    let objects = [&[0x87, 9, 1][..], &block, &[0x99, 2, 0x90, 0]].concat();
    assert_eq!(
        fresh().unprotect(&with_good_mac(ssc, &objects)),
        Err(SmError::BadPadding)
    );

    // Wrong padding indicator.
    let mut block = pad(b"ABC", 8);
    cipher.encrypt_cbc(&mut block).unwrap();
    let objects = [&[0x87, 9, 2][..], &block, &[0x99, 2, 0x90, 0]].concat();
    assert!(matches!(
        fresh().unprotect(&with_good_mac(ssc, &objects)),
        Err(SmError::Malformed(_))
    ));

    // Cryptogram that is not a whole number of blocks.
    let objects = [&[0x87, 6, 1][..], &block[..5], &[0x99, 2, 0x90, 0]].concat();
    assert!(matches!(
        fresh().unprotect(&with_good_mac(ssc, &objects)),
        Err(SmError::Malformed(_))
    ));

    // Empty DO'87'.
    let objects = [0x87, 0, 0x99, 2, 0x90, 0];
    assert!(matches!(
        fresh().unprotect(&with_good_mac(ssc, &objects)),
        Err(SmError::Malformed(_))
    ));

    // And the same construction with good padding is accepted (the test can fail).
    let objects = [&[0x87, 9, 1][..], &block, &[0x99, 2, 0x62, 0x82]].concat();
    let r = fresh().unprotect(&with_good_mac(ssc, &objects)).unwrap();
    assert_eq!(r.data, b"ABC");
    assert_eq!(r.sw, StatusWord::END_OF_FILE);
}

#[test]
fn plain_answers() {
    let v = vectors();
    let mut sm = session(&v);
    // A plain success is refused.
    assert_eq!(
        sm.unprotect(&Response::status(StatusWord::SUCCESS)),
        Err(SmError::Unprotected)
    );
    assert_eq!(
        sm.unprotect(&Response::status(StatusWord::END_OF_FILE)),
        Err(SmError::Unprotected)
    );
    // The card's own word that secure messaging failed ends the session.
    for sw in [StatusWord::SM_DATA_INCORRECT, StatusWord::SM_DATA_MISSING] {
        assert_eq!(
            sm.unprotect(&Response::status(sw)),
            Err(SmError::CardEnded(sw))
        );
    }
    // Any other plain status is a forgery, never a status to act on: a plain 6A82
    // would skip a file, a plain 63C3 fake a PIN counter.
    for sw in [
        StatusWord::SECURITY_STATUS_NOT_SATISFIED,
        StatusWord::FILE_NOT_FOUND,
        StatusWord::new(0x63, 0xC3),
        StatusWord::AUTH_METHOD_BLOCKED,
    ] {
        assert_eq!(
            sm.unprotect(&Response::status(sw)),
            Err(SmError::PlainAnswer(sw))
        );
    }
    // Plain data with an error status is not let through.
    let r = sm.unprotect(&Response::new(
        vec![0x60, 0x14],
        StatusWord::SECURITY_STATUS_NOT_SATISFIED,
    ));
    assert!(r.is_err());
    // The SSC moved on each time.
    let mut expected = key8(&v["ssc_initial"]);
    for _ in 0..9 {
        codec::increment(&mut expected);
    }
    assert_eq!(sm.ssc(), expected);
}

#[test]
fn card_side_refusals() {
    let v = vectors();
    let step = &steps(&v)[0];
    let protected = Command::parse(&hex_value(&step["command"]["protected_apdu"])).unwrap();

    // Flipped MAC bit.
    let mut bad = protected.clone();
    let last = bad.data.len() - 1;
    bad.data[last] ^= 0x01;
    assert_eq!(session(&v).unprotect_command(&bad), Err(SmError::BadMac));
    // Tampered header (covered by the MAC).
    let mut bad = protected.clone();
    bad.p2 = 0x00;
    assert_eq!(session(&v).unprotect_command(&bad), Err(SmError::BadMac));
    // Plain command.
    let plain = Command::parse(&hex_value(&step["plain_apdu"])).unwrap();
    assert_eq!(
        session(&v).unprotect_command(&plain),
        Err(SmError::Unprotected)
    );
    // No DO'8E'.
    let mut bad = protected.clone();
    bad.data.truncate(11);
    assert_eq!(
        session(&v).unprotect_command(&bad),
        Err(SmError::Malformed("DO'8E' missing"))
    );
    // Empty data.
    let empty = Command::new(0x0C, 0xB0, 0, 0).with_le(256);
    assert_eq!(
        session(&v).unprotect_command(&empty),
        Err(SmError::Malformed("DO'8E' missing"))
    );
    // Lying DO'87' length.
    let mut bad = protected.clone();
    bad.data[1] = 0x20;
    assert!(matches!(
        session(&v).unprotect_command(&bad),
        Err(SmError::Malformed(_))
    ));
    // DO'99' is not a command object.
    let mut bad = protected;
    bad.data[0] = 0x99;
    assert!(matches!(
        session(&v).unprotect_command(&bad),
        Err(SmError::Malformed(_))
    ));
}

#[test]
fn extended_length_round_trip() {
    let keys = ([0x13; 16], [0x57; 16]);
    let mut terminal = Des3Sm::new(
        &keys.0,
        &keys.1,
        [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE],
    );
    let mut card = Des3Sm::new(
        &keys.0,
        &keys.1,
        [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE],
    );
    let data: Vec<u8> = (0..1000u32).map(|i| (i * 7) as u8).collect();
    let plain = Command::new(0x00, 0xDA, 0x01, 0x02)
        .with_data(data.clone())
        .with_le(65536);

    let protected = terminal.protect(&plain).unwrap();
    assert!(protected.force_extended);
    assert_eq!(protected.cla, 0x0C);
    let bytes = protected.to_bytes().unwrap();
    // Extended Lc, extended Le 0000.
    assert_eq!(bytes[4], 0);
    assert_eq!(&bytes[bytes.len() - 2..], [0, 0]);
    // DO'87' with a two-byte length, DO'97' 0000 before DO'8E'.
    assert_eq!(&bytes[7..10], [0x87, 0x82, 0x03]);
    let dos = &protected.data;
    assert_eq!(&dos[dos.len() - 14..dos.len() - 10], [0x97, 2, 0, 0]);

    let received = Command::parse(&bytes).unwrap();
    let unwrapped = card.unprotect_command(&received).unwrap();
    assert_eq!(unwrapped.header(), plain.header());
    assert_eq!(unwrapped.data, data);
    assert_eq!(unwrapped.le, Some(65536));
    assert!(unwrapped.is_extended());
    // The SSC wrapped to zero on both sides.
    assert_eq!(card.ssc(), [0xFF; 8]);

    let answer = Response::new(
        data.iter().rev().copied().collect::<Vec<u8>>(),
        StatusWord::SUCCESS,
    );
    let wrapped = card.protect_response(&answer).unwrap();
    assert_eq!(card.ssc(), [0; 8]);
    let back = terminal
        .unprotect(&Response::parse(&wrapped.to_bytes()).unwrap())
        .unwrap();
    assert_eq!(terminal.ssc(), [0; 8]);
    assert_eq!(back, answer);
}

#[test]
fn short_command_with_large_protected_data_goes_extended() {
    let mut terminal = Des3Sm::new(&[1; 16], &[2; 16], [0; 8]);
    let mut card = Des3Sm::new(&[1; 16], &[2; 16], [0; 8]);
    let plain = Command::new(0x00, 0xD6, 0, 0)
        .with_data(vec![0xAB; 250])
        .with_le(256);
    assert!(!plain.is_extended());
    let protected = terminal.protect(&plain).unwrap();
    assert!(protected.data.len() > 255 && protected.force_extended);
    assert_eq!(protected.le, Some(65536));
    let back = card
        .unprotect_command(&Command::parse(&protected.to_bytes().unwrap()).unwrap())
        .unwrap();
    // DO'97' stayed one byte: the plain command is short again.
    assert_eq!(back.le, Some(256));
    assert!(!back.force_extended);
    assert_eq!(back.data, plain.data);
}

#[test]
fn odd_ins_uses_do85_both_ways() {
    let mut terminal = Des3Sm::new(&[1; 16], &[2; 16], [0; 8]);
    let mut card = Des3Sm::new(&[1; 16], &[2; 16], [0; 8]);
    let plain = Command::new(0x00, 0xB1, 0, 0)
        .with_data([0x54, 0x02, 0x80, 0x00])
        .with_le(0x20);
    let protected = terminal.protect(&plain).unwrap();
    assert_eq!(protected.data[0], 0x85);
    assert_eq!(protected.data[1], 8);
    let back = card.unprotect_command(&protected).unwrap();
    assert_eq!(back.data, plain.data);
    assert_eq!(back.le, Some(0x20));
    let answer = Response::new(vec![0x53, 0x02, 0x01, 0x02], StatusWord::SUCCESS);
    let wrapped = card.protect_response(&answer).unwrap();
    assert_eq!(wrapped.data[0], 0x85);
    assert_eq!(terminal.unprotect(&wrapped).unwrap(), answer);
}

#[test]
fn refuses_what_cannot_be_protected() {
    let mut sm = Des3Sm::new(&[1; 16], &[2; 16], [0; 8]);
    let too_big = Command::new(0, 0xD6, 0, 0).with_data(vec![0; 65535]);
    assert_eq!(sm.protect(&too_big), Err(SmError::TooLarge));
    let bad_le = Command::new(0, 0xB0, 0, 0).with_le(0);
    assert_eq!(sm.protect(&bad_le), Err(SmError::TooLarge));
}

#[test]
fn protected_error_status_comes_through() {
    let mut terminal = Des3Sm::new(&[1; 16], &[2; 16], [0; 8]);
    let mut card = Des3Sm::new(&[1; 16], &[2; 16], [0; 8]);
    let cmd = Command::new(0, 0xA4, 2, 0x0C).with_data([0x01, 0x1E]);
    card.unprotect_command(&terminal.protect(&cmd).unwrap())
        .unwrap();
    let wrapped = card
        .protect_response(&Response::status(StatusWord::FILE_NOT_FOUND))
        .unwrap();
    assert_eq!(wrapped.sw, StatusWord::FILE_NOT_FOUND);
    let r = terminal.unprotect(&wrapped).unwrap();
    assert_eq!(r, Response::status(StatusWord::FILE_NOT_FOUND));
}
