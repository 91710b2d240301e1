//! (Declared `#[cfg(test)] mod tests;` by the parent module: test code only.)
//!
//! The eID state machine, command by command (no secure messaging here: the
//! context says whether PACE is open).

use p256::ecdsa::signature::hazmat::PrehashVerifier;
use p256::ecdsa::{Signature, VerifyingKey};
use sha2::{Digest, Sha256};
use x509_parser::prelude::{FromDer, X509Certificate};
use zeroize::Zeroizing;

use super::keys::KeyMaterial;
use super::*;

fn pem_to_der(pem: &[u8]) -> Vec<u8> {
    der::pem::decode_vec(pem).unwrap().1
}

fn material() -> EidMaterial {
    let key = |cert: &[u8], key: &[u8]| KeyMaterial {
        certificate: pem_to_der(cert),
        private_key: Zeroizing::new(key.to_vec()),
    };
    EidMaterial {
        authentication: key(
            include_bytes!("../../../../test-vectors/pki/eid-auth.pem"),
            include_bytes!("../../../../test-vectors/pki/eid-auth.key"),
        ),
        signature: key(
            include_bytes!("../../../../test-vectors/pki/eid-sign.pem"),
            include_bytes!("../../../../test-vectors/pki/eid-sign.key"),
        ),
    }
}

fn config() -> CardConfig {
    CardConfig::from_toml("[access]\ncan = \"246810\"\n[protocols]\nbac = false\n").unwrap()
}

fn app() -> EidApplication {
    EidApplication::new(&config(), &material()).unwrap()
}

const HERE: Context = Context {
    selected: true,
    pace: true,
    room: 231,
};

fn h(s: &str) -> Vec<u8> {
    hex::decode(s.replace(' ', "")).unwrap()
}

/// One command in hex: the status word.
fn run(app: &mut EidApplication, sec: &mut EidSecurity, ctx: Context, apdu: &str) -> Response {
    let command = Command::parse(&h(apdu)).unwrap();
    assert!(EidApplication::handles(&command), "{apdu}");
    app.process(sec, ctx, &command)
}

fn sw_of(app: &mut EidApplication, sec: &mut EidSecurity, apdu: &str) -> u16 {
    run(app, sec, HERE, apdu).sw.0
}

const VERIFY_STATUS: &str = "00200081";
const VERIFY_1234: &str = "002000810831323334FFFFFFFF";
const VERIFY_9999: &str = "002000810839393939FFFFFFFF";
const PUK_STATUS: &str = "00200082";

#[test]
fn verify_walks_the_counter() {
    let (mut a, mut s) = (app(), EidSecurity::default());
    assert_eq!(sw_of(&mut a, &mut s, VERIFY_STATUS), 0x63C3);
    assert_eq!(sw_of(&mut a, &mut s, PUK_STATUS), 0x63CA);
    assert_eq!(sw_of(&mut a, &mut s, VERIFY_9999), 0x63C2);
    assert_eq!(sw_of(&mut a, &mut s, VERIFY_STATUS), 0x63C2);
    assert_eq!(sw_of(&mut a, &mut s, VERIFY_1234), 0x9000);
    assert!(s.pin_verified());
    assert_eq!(a.pin_tries_left(), 3);
    // Verified in this session: the counter query says 9000.
    assert_eq!(sw_of(&mut a, &mut s, VERIFY_STATUS), 0x9000);
    // A wrong PIN clears the verified state.
    assert_eq!(sw_of(&mut a, &mut s, VERIFY_9999), 0x63C2);
    assert!(!s.pin_verified());
    assert_eq!(sw_of(&mut a, &mut s, VERIFY_9999), 0x63C1);
    assert_eq!(sw_of(&mut a, &mut s, VERIFY_9999), 0x63C0);
    assert_eq!(sw_of(&mut a, &mut s, VERIFY_STATUS), 0x6983);
    // Blocked: the right PIN is refused without a comparison.
    assert_eq!(sw_of(&mut a, &mut s, VERIFY_1234), 0x6983);
    assert_eq!(sw_of(&mut a, &mut s, "0020008104 31323334"), 0x6983);
    let change = "00240081 10 31323334FFFFFFFF 3536373839FFFFFF";
    assert_eq!(sw_of(&mut a, &mut s, change), 0x6983);
    assert_eq!(a.pin_tries_left(), 0);
    assert!(!s.pin_verified());
}

#[test]
fn malformed_blocks_spend_nothing() {
    let (mut a, mut s) = (app(), EidSecurity::default());
    for (apdu, expected) in [
        ("002000810431323334", 0x6700),           // unpadded
        ("00200081093132333435363738FF", 0x6700), // 9 bytes
        ("002000810831323300FFFFFFFF", 0x6A80),   // 00 in the digits
        ("0020008108313233FFFFFFFFFF", 0x6A80),   // 3 digits
        ("002000810831FF3233FFFFFFFF", 0x6A80),   // digits after padding
        ("002000810831323334FFFFFFFF00", 0x6700), // Le
        ("002001810831323334FFFFFFFF", 0x6A86),   // P1
        ("002000010831323334FFFFFFFF", 0x6A88),   // reference 01
        ("00200083", 0x6A88),                     // reference 83
        ("00200082083132333435363738", 0x9000),   // the PUK verifies too
    ] {
        assert_eq!(sw_of(&mut a, &mut s, apdu), expected, "{apdu}");
    }
    assert_eq!(a.pin_tries_left(), 3);
    assert_eq!(a.puk_tries_left(), 10);
    assert_eq!(sw_of(&mut a, &mut s, PUK_STATUS), 0x9000);
}

#[test]
fn needs_the_df_and_pace() {
    let (mut a, mut s) = (app(), EidSecurity::default());
    let elsewhere = Context {
        selected: false,
        ..HERE
    };
    let plain = Context {
        pace: false,
        ..HERE
    };
    let cases: [(String, u16); 6] = [
        (VERIFY_STATUS.into(), 0x6A88),
        (VERIFY_1234.into(), 0x6A88),
        (
            "00240081 10 31323334FFFFFFFF 35363738FFFFFFFF".into(),
            0x6A88,
        ),
        ("002C0181083132333435363738".into(), 0x6A88),
        ("002241B6038401 02".into(), 0x6985),
        (format!("002A9E9A20{}00", "00".repeat(32)), 0x6985),
    ];
    for (apdu, outside) in &cases {
        assert_eq!(
            run(&mut a, &mut s, elsewhere, apdu).sw.0,
            *outside,
            "{apdu}"
        );
        assert_eq!(run(&mut a, &mut s, plain, apdu).sw.0, 0x6982, "{apdu}");
    }
    let ia = format!("0088000020{}00", "00".repeat(32));
    assert_eq!(run(&mut a, &mut s, elsewhere, &ia).sw.0, 0x6985);
    assert_eq!(run(&mut a, &mut s, plain, &ia).sw.0, 0x6982);
    // Nothing was spent or changed.
    assert_eq!((a.pin_tries_left(), a.puk_tries_left()), (3, 10));
    assert_eq!(s, EidSecurity::default());
}

#[test]
fn change_reference_data() {
    let (mut a, mut s) = (app(), EidSecurity::default());
    // Wrong old PIN: a try is spent, nothing changes.
    let wrong = "00240081 10 39393939FFFFFFFF 3536373839FFFFFF";
    assert_eq!(sw_of(&mut a, &mut s, wrong), 0x63C2);
    // A malformed new PIN: 6A80 before any comparison.
    let bad_new = "00240081 10 31323334FFFFFFFF 353637FFFFFFFFFF";
    assert_eq!(sw_of(&mut a, &mut s, bad_new), 0x6A80);
    assert_eq!(
        sw_of(&mut a, &mut s, "00240081 08 31323334FFFFFFFF"),
        0x6700
    );
    assert_eq!(a.pin_tries_left(), 2);
    let change = "00240081 10 31323334FFFFFFFF 3536373839FFFFFF";
    assert_eq!(sw_of(&mut a, &mut s, change), 0x9000);
    assert!(s.pin_verified());
    assert_eq!(a.pin_tries_left(), 3);
    let mut fresh = EidSecurity::default();
    assert_eq!(sw_of(&mut a, &mut fresh, VERIFY_1234), 0x63C2);
    assert_eq!(
        sw_of(&mut a, &mut fresh, "00200081 08 3536373839FFFFFF"),
        0x9000
    );
    // P1 01 (new value only) is not offered.
    assert_eq!(
        sw_of(&mut a, &mut s, "00240181 08 31323334FFFFFFFF"),
        0x6A86
    );
}

#[test]
fn reset_retry_counter_with_the_puk() {
    let (mut a, mut s) = (app(), EidSecurity::default());
    for _ in 0..3 {
        sw_of(&mut a, &mut s, VERIFY_9999);
    }
    assert_eq!(sw_of(&mut a, &mut s, VERIFY_STATUS), 0x6983);
    // A wrong PUK spends a PUK try; the PIN stays blocked.
    assert_eq!(
        sw_of(&mut a, &mut s, "002C0181 08 3131313131313131"),
        0x63C9
    );
    assert_eq!(sw_of(&mut a, &mut s, PUK_STATUS), 0x63C9);
    assert_eq!(sw_of(&mut a, &mut s, VERIFY_STATUS), 0x6983);
    // Malformed or wrong-length data: nothing spent.
    assert_eq!(sw_of(&mut a, &mut s, "002C0181 04 31323334"), 0x6700);
    assert_eq!(
        sw_of(&mut a, &mut s, "002C0181 08 31323334FFFFFFFF"),
        0x6A80
    );
    assert_eq!(
        sw_of(&mut a, &mut s, "002C0081 08 3132333435363738"),
        0x6700
    );
    assert_eq!(
        sw_of(&mut a, &mut s, "002C0082 08 3132333435363738"),
        0x6A88
    );
    assert_eq!(
        sw_of(&mut a, &mut s, "002C0281 08 3132333435363738"),
        0x6A86
    );
    assert_eq!(a.puk_tries_left(), 9);
    // The right PUK: the PIN counter is back, the PIN not verified.
    assert_eq!(
        sw_of(&mut a, &mut s, "002C0181 08 3132333435363738"),
        0x9000
    );
    assert_eq!((a.pin_tries_left(), a.puk_tries_left()), (3, 10));
    assert_eq!(sw_of(&mut a, &mut s, VERIFY_STATUS), 0x63C3);
    // With a new PIN.
    let with_new = "002C0081 10 3132333435363738 3937FFFFFFFFFFFF";
    assert_eq!(sw_of(&mut a, &mut s, with_new), 0x6A80); // 2 digits
    let with_new = "002C0081 10 3132333435363738 39383736FFFFFFFF";
    assert_eq!(sw_of(&mut a, &mut s, with_new), 0x9000);
    assert_eq!(sw_of(&mut a, &mut s, VERIFY_1234), 0x63C2);
    assert_eq!(
        sw_of(&mut a, &mut s, "00200081 08 39383736FFFFFFFF"),
        0x9000
    );
}

#[test]
fn a_blocked_puk_is_not_compared() {
    let mut config = config();
    config.puk.tries_left = 1;
    let mut a = EidApplication::new(&config, &material()).unwrap();
    let mut s = EidSecurity::default();
    assert_eq!(sw_of(&mut a, &mut s, PUK_STATUS), 0x63C1);
    assert_eq!(
        sw_of(&mut a, &mut s, "002C0181 08 3030303030303030"),
        0x63C0
    );
    assert_eq!(
        sw_of(&mut a, &mut s, "002C0181 08 3132333435363738"),
        0x6983
    );
    assert_eq!(sw_of(&mut a, &mut s, PUK_STATUS), 0x6983);
    // Blocked comes first: malformed data gets 6983 too.
    assert_eq!(sw_of(&mut a, &mut s, "002C0181 04 31323334"), 0x6983);
    assert_eq!(
        sw_of(
            &mut a,
            &mut s,
            "002C0081 10 3132333435363738 31323334FFFFFFFF"
        ),
        0x6983
    );
    assert_eq!(a.pin_tries_left(), 3);
}

#[test]
fn mse_set() {
    let (mut a, mut s) = (app(), EidSecurity::default());
    for (apdu, expected) in [
        ("002241B6 03 840102", 0x9000),
        ("002241A4 03 840101", 0x9000),
        ("002241B6 06 800154 840102", 0x9000),
        ("002241B6 03 840101", 0x6A88), // the authentication key for DST
        ("002241A4 03 840102", 0x6A88),
        ("002241B6 03 840103", 0x6A88),
        ("002241B6 03 830102", 0x6A80),
        ("002241B6 04 84020102", 0x6A80),
        ("002241B6 06 840102 840102", 0x6A80),
        ("002241B6 03 800154", 0x6A80),
        ("002241B6 02 8403", 0x6A80),
        ("002241B6", 0x6A80),    // no data
        ("002241B6 00", 0x6700), // Le, no data
        ("002241B8 03 840102", 0x6A86),
        ("002241B6 03 840102 00", 0x6700),
    ] {
        assert_eq!(sw_of(&mut a, &mut s, apdu), expected, "{apdu}");
    }
}

fn certificate_key(der: &[u8]) -> VerifyingKey {
    let (_, cert) = X509Certificate::from_der(der).unwrap();
    VerifyingKey::from_sec1_bytes(&cert.public_key().subject_public_key.data).unwrap()
}

#[test]
fn signatures() {
    let (mut a, mut s) = (app(), EidSecurity::default());
    let digest: [u8; 32] = Sha256::digest(b"contract").into();
    let pso = format!("002A9E9A20{}00", hex::encode(digest));
    let ia = format!("0088000020{}00", hex::encode(digest));
    // No key chosen: 6985; chosen but no PIN: 6982.
    assert_eq!(sw_of(&mut a, &mut s, &pso), 0x6985);
    assert_eq!(sw_of(&mut a, &mut s, &ia), 0x6985);
    assert_eq!(sw_of(&mut a, &mut s, "002241B6 03 840102"), 0x9000);
    assert_eq!(sw_of(&mut a, &mut s, &pso), 0x6982);
    assert_eq!(sw_of(&mut a, &mut s, VERIFY_1234), 0x9000);
    assert_eq!(sw_of(&mut a, &mut s, &ia), 0x6985); // no AT key yet
    for bad in [
        format!("002A9E9A1F{}00", hex::encode(&digest[1..])),
        format!("002A9E9A21{}0000", hex::encode(digest)),
        format!("002A9E9A20{}", hex::encode(digest)), // no Le
        format!("002A9E9A20{}20", hex::encode(digest)), // Le 32
    ] {
        assert_eq!(sw_of(&mut a, &mut s, &bad), 0x6700, "{bad}");
    }
    assert_eq!(
        sw_of(
            &mut a,
            &mut s,
            &format!("002A8086 20{}00", hex::encode(digest))
        ),
        0x6A86
    );
    let r = run(&mut a, &mut s, HERE, &pso);
    assert_eq!(r.sw.0, 0x9000);
    assert_eq!(r.data.len(), 64);
    let [auth_cert, sign_cert] = a.files().map(|ef| ef.data);
    let sig = Signature::from_slice(&r.data).unwrap();
    certificate_key(&sign_cert)
        .verify_prehash(&digest, &sig)
        .unwrap();
    assert!(
        certificate_key(&auth_cert)
            .verify_prehash(&digest, &sig)
            .is_err()
    );
    // The authentication key, after MSE:SET AT.
    assert_eq!(sw_of(&mut a, &mut s, "002241A4 03 840101"), 0x9000);
    let r = run(&mut a, &mut s, HERE, &ia);
    assert_eq!(r.sw.0, 0x9000);
    let sig = Signature::from_slice(&r.data).unwrap();
    certificate_key(&auth_cert)
        .verify_prehash(&digest, &sig)
        .unwrap();
    // A failed MSE:SET drops the chosen key.
    assert_eq!(sw_of(&mut a, &mut s, "002241B6 03 840109"), 0x6A88);
    assert_eq!(sw_of(&mut a, &mut s, &pso), 0x6985);
    // A new session (fresh security state) needs the PIN again.
    let mut fresh = EidSecurity::default();
    assert_eq!(sw_of(&mut a, &mut fresh, "002241A4 03 840101"), 0x9000);
    assert_eq!(sw_of(&mut a, &mut fresh, &ia), 0x6982);
    // No room for the signature in the protected response.
    let tight = Context { room: 63, ..HERE };
    assert_eq!(run(&mut a, &mut s, tight, &ia).sw.0, 0x6700);
}

#[test]
fn files_and_keys() {
    let a = app();
    let files = a.files();
    assert_eq!(
        files
            .iter()
            .map(|f| (f.df, f.fid, f.sfi, f.access))
            .collect::<Vec<_>>(),
        [
            (Df::Eid, 0xC001, Some(1), Access::Pace),
            (Df::Eid, 0xC002, Some(2), Access::Pace),
        ]
    );
    let m = material();
    assert_eq!(files[0].data, m.authentication.certificate);
    assert_eq!(files[1].data, m.signature.certificate);
    // A key that is not the certificate's is refused.
    let swapped = EidMaterial {
        authentication: KeyMaterial {
            private_key: m.signature.private_key.clone(),
            ..m.authentication.clone()
        },
        ..m.clone()
    };
    assert!(matches!(
        EidApplication::new(&config(), &swapped),
        Err(EidError::Key(_))
    ));
    let truncated = EidMaterial {
        signature: KeyMaterial {
            certificate: m.signature.certificate[..100].to_vec(),
            ..m.signature.clone()
        },
        ..m.clone()
    };
    assert!(EidApplication::new(&config(), &truncated).is_err());
    let garbage = EidMaterial {
        signature: KeyMaterial {
            private_key: Zeroizing::new(b"-----BEGIN PRIVATE KEY-----\nAAAA\n".to_vec()),
            ..m.signature.clone()
        },
        ..m.clone()
    };
    assert!(EidApplication::new(&config(), &garbage).is_err());
    // A PIN the profile cannot carry is refused with the reason, not the value.
    let mut c = config();
    c.pin.value = crate::config::Secret::new("123");
    let e = EidApplication::new(&c, &m).unwrap_err();
    assert!(e.to_string().contains("4 to 8 digits"), "{e}");
    // Debug never shows keys or PINs.
    let shown = format!("{a:?} {m:?}");
    assert!(
        !shown.contains("1234") && !shown.contains("PRIVATE"),
        "{shown}"
    );
}

#[test]
fn no_panic_on_any_short_command() {
    let (mut a, mut s) = (app(), EidSecurity::default());
    let mut x: u32 = 0x1234_5678;
    for _ in 0..5000 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        let [b0, b1, b2, b3] = x.to_be_bytes();
        let ins = [0x20, 0x24, 0x2C, 0x22, 0x2A, 0x88][usize::from(b0) % 6];
        let len = usize::from(b3 % 40);
        let data: Vec<u8> = (0..len).map(|i| b1.wrapping_mul(i as u8) ^ b2).collect();
        let mut command =
            Command::new(0x00, ins, if ins == 0x22 { 0x41 } else { b1 & 3 }, b2).with_data(data);
        if b3 & 1 == 1 {
            command = command.with_le(256);
        }
        let r = a.process(&mut s, HERE, &command);
        assert!(r.data.is_empty() || r.data.len() == 64);
    }
}
