//! Active Authentication against test-vectors/aa.json (a real RSA-1792 session under 3DES
//! secure messaging, gmrtd's ISO/IEC 9796-2 recovery vectors), plus generated RSA (SHA-256
//! trailer) and ECDSA signatures, and malformed inputs.

use super::*;
use crate::lds::security_infos::ActiveAuthenticationInfo;
use crate::sm::Des3Sm;
use crate::test_support::{ScriptedTransport, hex, hex_field, json_vector};
use serde_json::Value;

fn vectors() -> Value {
    json_vector("aa.json")
}

/// A 1024-bit RSA key made for these tests (openssl genrsa 1024), PKCS #1 DER.
const TEST_RSA_KEY: &str = "3082025C02010002818100BD01AFF0A9249B784B1C679C40F5E4AFE7FF758449DFE0A389A121AF714D503DBA371F5699C2EBEE2D3C80973188FA7842CBFED3640D1FE3FA02766C157A6E3BF1A15E8F0659C3ED5FB87B24366C62114CEF34F3F69862CB352158581D8DFE6216198205FBFB6DA38E795BB37473720B2D846F5A9CF64DF2BE16258DAFF80FDB020301000102818053BC6AA1599E814E93205B7AEB80C53775B644EF3DF774C39F5706E07E76FD44CBBA5E24F4EC59B064D4383843D6E6F8DEC717F7B98CE30312A182ABB1FC52D7720D1E999114935197A2B9C9FDA3C86457C67567B02F05E64D346DE946DE6F7E4BD85F747B927D33056F748FF4CA698D9D49823A1A1E61A211116B9E48DC1059024100F248A2EB792152F9E77724A47232BF88319A45A7623BCB792E26AEB29B8C0A0E3F88C26575F4011F6D345090A69E41E0768FC0B52F38BE096F64EC6950F78667024100C7B4EACDB0CDEDD2EF84ECC28D13BF8ACE94FF41AAF407BBCDA09676A38F0375B136007C5B300DEC6701EDCEA265B1E1AAEDAB0FA6F54BD730F2CC2F538BBA6D02406651B0A41B22ACA5275054A4322A266300F7B2E4CE828C1AA017EBFD37DD7B3DAB2D395399EDB32FAF71C17865353E82E9EF29A61ACC2ECD5342DEE8572E418F02410097BBEC13305CA66FF83064BB44F956351ED4B244B0A10D27320AEB8764AA0A94E77A025079F03F03F917CC198DE5FA8B5D958ABD2FBB7C4E1A10BFF6CD6182D9024078E01E3653024A6F4BA8905C3C402F750F3318587D60573F660A5ABC75AB56961EE3D4704D414D737DC800FF1330E9EB6B04D53C4EA8583A89015AF13DA6FCF1";

fn test_rsa_key() -> rsa::PrivateKey {
    use rsa::pkcs1::DecodeRsaPrivateKey;
    rsa::PrivateKey::from_pkcs1_der(&hex(TEST_RSA_KEY)).unwrap()
}

/// DG15 around the SubjectPublicKeyInfo of an RSA key.
fn rsa_dg15(key: &rsa::PrivateKey) -> Vec<u8> {
    use rsa::pkcs1::EncodeRsaPublicKey;
    let pkcs1 = key.to_public_key().to_pkcs1_der().unwrap();
    let alg = hex("300D06092A864886F70D0101010500");
    let mut bits = vec![0u8];
    bits.extend_from_slice(pkcs1.as_bytes());
    let spki = tlv::encode(0x30, &[alg, tlv::encode(0x03, &bits)].concat());
    tlv::encode(0x6F, &spki)
}

/// The raw RSA private operation `m^d mod n` (test signer only).
fn rsa_private(key: &rsa::PrivateKey, m: &[u8]) -> Vec<u8> {
    use crypto_bigint::modular::{BoxedMontyForm, BoxedMontyParams};
    use rsa::traits::PrivateKeyParts;
    let n = key.n().as_ref().clone();
    let m = BoxedUint::from_be_slice(m, n.bits_precision()).unwrap();
    let params = BoxedMontyParams::new_vartime(crypto_bigint::Odd::new(n).unwrap());
    let s = BoxedMontyForm::new(m, &params).pow(key.d()).retrieve();
    let bytes = s.to_be_bytes();
    bytes[bytes.len() - key.size()..].to_vec()
}

/// An ISO/IEC 9796-2 scheme 1 signature of `M1 || challenge` with a two-byte trailer.
fn sign_9796(key: &rsa::PrivateKey, challenge: &[u8], hash: HashAlgorithm, id: u8) -> Vec<u8> {
    let k = key.size();
    let h = hash.output_len();
    let m1: Vec<u8> = (0..k - h - 3).map(|i| (i * 7 + 1) as u8).collect();
    let digest = hash.digest(&[m1.as_slice(), challenge].concat());
    let f = [&[0x6A][..], &m1, &digest, &[id, 0xCC]].concat();
    assert_eq!(f.len(), k);
    rsa_private(key, &f)
}

#[test]
fn real_rsa_session_replays_and_verifies() {
    let v = vectors();
    let s = &v["rsa_session"];
    let sm = &s["sm_before"];
    let apdu = &s["apdus"][0];
    let mut card = Card::new(
        ScriptedTransport::new().expect(hex_field(apdu, "command"), hex_field(apdu, "response")),
    );
    card.set_secure_messaging(Box::new(Des3Sm::new(
        &hex_field(sm, "ks_enc").try_into().unwrap(),
        &hex_field(sm, "ks_mac").try_into().unwrap(),
        hex_field(sm, "ssc").try_into().unwrap(),
    )));
    let rnd: [u8; 8] = hex_field(s, "rnd_ifd").try_into().unwrap();
    let signature = internal_authenticate(&mut card, &rnd).unwrap();
    assert_eq!(signature, hex_field(s, "signature"));
    let dg15 = hex_field(s, "dg15");
    assert_eq!(
        verify(&dg15, None, &rnd, &signature),
        Ok(AaAlgorithm::RsaIso9796_2 {
            hash: HashAlgorithm::Sha256,
            bits: 1792
        })
    );
    // Another challenge, a flipped bit, a truncated signature.
    let mut other = rnd;
    other[7] ^= 1;
    assert_eq!(
        verify(&dg15, None, &other, &signature),
        Err(AaError::HashMismatch)
    );
    let mut bad = signature.clone();
    bad[100] ^= 0x10;
    assert!(verify(&dg15, None, &rnd, &bad).is_err());
    assert!(verify(&dg15, None, &rnd, &signature[1..]).is_err());
    assert_eq!(
        verify(&dg15, None, &rnd, &[]),
        Err(AaError::SignatureLength)
    );
    assert_eq!(
        verify(&dg15, None, &rnd, &[0xFF; 225]),
        Err(AaError::SignatureLength)
    );
}

#[test]
fn gmrtd_recovery_vectors() {
    let v = vectors();
    let cases = v["iso9796_2_decode_vectors"].as_array().unwrap();
    assert_eq!(cases.len(), 5);
    for c in cases {
        let r = recover(&hex_field(c, "F_recovered")).unwrap();
        assert_eq!(r.hash.name(), c["hash"].as_str().unwrap());
        assert_eq!(r.m1, hex_field(c, "M1"));
        assert_eq!(r.digest, hex_field(c, "D"));
        assert_eq!(check_digest(&r, &hex_field(c, "rnd_ifd")), Ok(r.hash));
        // Leading zero bytes are ignored; a broken header or trailer is refused.
        let mut f = vec![0, 0];
        f.extend(hex_field(c, "F_recovered"));
        assert_eq!(recover(&f).unwrap(), r);
        f[2] = 0x4A;
        assert_eq!(recover(&f), Err(AaError::BadHeader));
        let mut f = hex_field(c, "F_recovered");
        let last = f.len() - 1;
        f[last] = 0xBD;
        assert_eq!(recover(&f), Err(AaError::BadTrailer));
    }
    assert_eq!(recover(&[0x6A, 0x37, 0xCC]), Err(AaError::BadTrailer));
    assert_eq!(recover(&[0x6A, 0xCC]), Err(AaError::BadTrailer));
    assert_eq!(recover(&[0x6A, 1, 2, 0xBC]), Err(AaError::TooShort));
    assert_eq!(recover(&[]), Err(AaError::BadHeader));
}

#[test]
fn rsa_with_sha256_and_other_trailers() {
    let key = test_rsa_key();
    let dg15 = rsa_dg15(&key);
    let challenge = [1, 2, 3, 4, 5, 6, 7, 8];
    for (hash, id) in [
        (HashAlgorithm::Sha256, 0x34),
        (HashAlgorithm::Sha1, 0x33),
        (HashAlgorithm::Sha224, 0x38),
        (HashAlgorithm::Sha384, 0x36),
        (HashAlgorithm::Sha512, 0x35),
    ] {
        let signature = sign_9796(&key, &challenge, hash, id);
        assert_eq!(
            verify(&dg15, None, &challenge, &signature),
            Ok(AaAlgorithm::RsaIso9796_2 { hash, bits: 1024 }),
            "{hash}"
        );
        assert_eq!(
            verify(&dg15, None, &[8, 7, 6, 5, 4, 3, 2, 1], &signature),
            Err(AaError::HashMismatch)
        );
    }
    // The alternative representative n - F verifies too.
    let signature = sign_9796(&key, &challenge, HashAlgorithm::Sha256, 0x34);
    let n = key.n().as_ref().clone();
    let s = BoxedUint::from_be_slice(&signature, n.bits_precision()).unwrap();
    let negated = n.wrapping_sub(&s).to_be_bytes();
    let negated = &negated[negated.len() - key.size()..];
    // (n - s)^e = -(s^e) = n - F for an odd e.
    assert!(verify(&dg15, None, &challenge, negated).is_ok());
    // An unknown hash id in the trailer.
    let signature = sign_9796(&key, &challenge, HashAlgorithm::Sha256, 0x31);
    assert_eq!(
        verify(&dg15, None, &challenge, &signature),
        Err(AaError::BadTrailer)
    );
    // A signature not below n.
    let too_big = n.to_be_bytes();
    let too_big = &too_big[too_big.len() - key.size()..];
    assert_eq!(
        verify(&dg15, None, &challenge, too_big),
        Err(AaError::SignatureLength)
    );
}

fn p256_dg15(signing: &p256::ecdsa::SigningKey) -> Vec<u8> {
    let point = signing.verifying_key().to_sec1_point(false);
    let alg = hex("301306072A8648CE3D020106082A8648CE3D030107");
    let mut bits = vec![0u8];
    bits.extend_from_slice(point.as_bytes());
    let spki = tlv::encode(0x30, &[alg, tlv::encode(0x03, &bits)].concat());
    tlv::encode(0x6F, &spki)
}

#[test]
fn ecdsa_p256() {
    use ecdsa::signature::hazmat::PrehashSigner;
    let signing = p256::ecdsa::SigningKey::from_slice(&[0x5A; 32]).unwrap();
    let dg15 = p256_dg15(&signing);
    let challenge = [9, 8, 7, 6, 5, 4, 3, 2];
    let info = |oid: &str| ActiveAuthenticationInfo {
        version: 1,
        signature_algorithm: oid.into(),
    };
    let digest = HashAlgorithm::Sha256.digest(&challenge);
    let signature: p256::ecdsa::Signature = signing.sign_prehash(&digest).unwrap();
    let plain = signature.to_bytes().to_vec();
    let expected = Ok(AaAlgorithm::Ecdsa {
        hash: HashAlgorithm::Sha256,
        curve: Curve::P256,
    });
    for oid in ["1.2.840.10045.4.3.2", "0.4.0.127.0.7.1.1.4.1.3"] {
        assert_eq!(
            verify(&dg15, Some(&info(oid)), &challenge, &plain),
            expected
        );
    }
    // DER, as some cards send it.
    let der = signature.to_der().as_bytes().to_vec();
    assert_eq!(
        verify(&dg15, Some(&info("1.2.840.10045.4.3.2")), &challenge, &der),
        expected
    );
    let sha256 = info("1.2.840.10045.4.3.2");
    // Wrong challenge, wrong hash, tampered, truncated, no algorithm, not ECDSA.
    let mut wrong = challenge;
    wrong[0] ^= 1;
    assert_eq!(
        verify(&dg15, Some(&sha256), &wrong, &plain),
        Err(AaError::BadSignature)
    );
    assert_eq!(
        verify(
            &dg15,
            Some(&info("1.2.840.10045.4.3.3")),
            &challenge,
            &plain
        ),
        Err(AaError::BadSignature)
    );
    let mut tampered = plain.clone();
    tampered[40] ^= 1;
    assert_eq!(
        verify(&dg15, Some(&sha256), &challenge, &tampered),
        Err(AaError::BadSignature)
    );
    assert_eq!(
        verify(&dg15, Some(&sha256), &challenge, &plain[..63]),
        Err(AaError::BadSignature)
    );
    assert_eq!(
        verify(&dg15, None, &challenge, &plain),
        Err(AaError::NoAlgorithm)
    );
    assert!(matches!(
        verify(
            &dg15,
            Some(&info("1.2.840.113549.1.1.11")),
            &challenge,
            &plain
        ),
        Err(AaError::UnsupportedAlgorithm(_))
    ));
}

#[test]
fn malformed_dg15_and_answers_never_panic() {
    let v = vectors();
    let dg15 = hex_field(&v["rsa_session"], "dg15");
    let rnd = hex_field(&v["rsa_session"], "rnd_ifd");
    let signature = hex_field(&v["rsa_session"], "signature");
    assert!(matches!(
        verify(&dg15[..dg15.len() - 1], None, &rnd, &signature),
        Err(AaError::MalformedKey(_))
    ));
    assert!(matches!(
        verify(&[0x6E, 0x00], None, &rnd, &signature),
        Err(AaError::MalformedKey(_))
    ));
    assert!(matches!(
        verify(&[dg15.as_slice(), &[0]].concat(), None, &rnd, &signature),
        Err(AaError::MalformedKey(_))
    ));
    // Pseudo-random answers of every length, and DG15s with a byte changed.
    let mut x: u32 = 0x1234_5678;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        x
    };
    for len in 0..300 {
        let answer: Vec<u8> = (0..len).map(|_| next() as u8).collect();
        assert!(verify(&dg15, None, &rnd, &answer).is_err());
    }
    for i in 0..dg15.len() {
        let mut d = dg15.clone();
        d[i] ^= (next() as u8) | 1;
        let _ = verify(&d, None, &rnd, &signature);
        let _ = verify(&dg15[..i], None, &rnd, &signature);
    }
    let p256 = p256_dg15(&p256::ecdsa::SigningKey::from_slice(&[0x11; 32]).unwrap());
    let info = ActiveAuthenticationInfo {
        version: 1,
        signature_algorithm: "1.2.840.10045.4.3.2".into(),
    };
    for len in 0..140 {
        let answer: Vec<u8> = (0..len).map(|_| next() as u8).collect();
        assert!(verify(&p256, Some(&info), &rnd, &answer).is_err());
    }
}

#[test]
fn challenge_and_refusals() {
    struct Fixed;
    impl PaceRng for Fixed {
        fn fill(&mut self, buf: &mut [u8]) -> Result<(), crate::pace::PaceError> {
            buf.fill(0x42);
            Ok(())
        }
    }
    struct Broken;
    impl PaceRng for Broken {
        fn fill(&mut self, _: &mut [u8]) -> Result<(), crate::pace::PaceError> {
            Err(crate::pace::PaceError::Random)
        }
    }
    assert_eq!(challenge(&mut Fixed).unwrap(), [0x42; 8]);
    assert!(matches!(challenge(&mut Broken), Err(Error::Random)));
    // Plain exchange: the command, then a refusal and an empty answer.
    let cmd = hex("00880000084242424242424242");
    let with_le = [cmd.as_slice(), &[0x00]].concat();
    let mut card = Card::new(
        ScriptedTransport::new()
            .expect(with_le.clone(), vec![0x6D, 0x00])
            .expect(with_le.clone(), vec![0x90, 0x00])
            .expect(with_le, vec![0xAB, 0xCD, 0x90, 0x00]),
    );
    let err = internal_authenticate(&mut card, &[0x42; 8]).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Status {
                command: "INTERNAL AUTHENTICATE",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(matches!(
        internal_authenticate(&mut card, &[0x42; 8]),
        Err(Error::ActiveAuthentication(AaError::SignatureLength))
    ));
    assert_eq!(
        internal_authenticate(&mut card, &[0x42; 8]).unwrap(),
        [0xAB, 0xCD]
    );
}
