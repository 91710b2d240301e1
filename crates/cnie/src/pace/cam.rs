//! PACE with Chip Authentication Mapping (ICAO 9303-11 §4.4.3.5, BSI TR-03110-2 §3.4.2).
//!
//! CAM is the ECDH generic mapping plus, in the chip's last GENERAL AUTHENTICATE answer,
//! DO'8A' = `A_IC = E(KS_enc, CA_IC)`, where `CA_IC = SK_IC⁻¹ · SK_map_IC mod n` (`SK_IC` the
//! chip's static Chip Authentication key). `E` is AES-CBC with the IV `E(KS_enc, FF…FF)` and
//! ISO/IEC 9797-1 method-2 padding. The terminal decrypts `CA_IC` and checks
//! `PK_map_IC == CA_IC · PK_IC` with the static public key from EF.CardSecurity (which must
//! itself be verified by passive authentication first). CAM is only defined with AES.
//!
//! The scalar arithmetic is RustCrypto's (the curve crates' and `primeorder`'s scalar fields).

#[cfg(any(test, feature = "chip"))]
use elliptic_curve::ff::Field;
#[cfg(any(test, feature = "chip"))]
use elliptic_curve::{CurveArithmetic, PrimeField};
use subtle::ConstantTimeEq;
#[cfg(any(test, feature = "chip"))]
use zeroize::Zeroize;
use zeroize::Zeroizing;

#[cfg(any(test, feature = "chip"))]
use super::ecdh::dispatch;
use super::{Curve, PaceError, Secret, ecdh};
#[cfg(any(test, feature = "chip"))]
use crate::crypto::curves;
use crate::crypto::kdf::KdfAlgorithm;
use crate::sm::{AesCipher, SmCipher};
use crate::tlv;

/// The tag of the encrypted chip authentication data in the last GENERAL AUTHENTICATE
/// answer.
pub const TAG_ENCRYPTED_CA_DATA: u8 = 0x8A;

/// The AES block size.
const BLOCK: usize = 16;

/// The "send sequence counter" whose encryption is the IV: -1 as a 16-byte block.
const IV_INPUT: [u8; BLOCK] = [0xFF; BLOCK];

/// The longest encrypted chip authentication data accepted (a P-521 scalar padded).
pub const MAX_ENCRYPTED_LEN: usize = 80;

#[cfg(any(test, feature = "chip"))]
/// The chip's side: `CA_IC = SK_IC⁻¹ · SK_map_IC mod n` (big-endian, field length).
///
/// # Errors
///
/// [`PaceError::Degenerate`] when a scalar is zero, not below the order or too long.
pub fn chip_authentication_data(
    curve: Curve,
    sk_static: &[u8],
    sk_map: &[u8],
) -> Result<Secret, PaceError> {
    dispatch!(curve, ca_data(sk_static, sk_map))
}

#[cfg(any(test, feature = "chip"))]
/// `A_IC = E(KS_enc, CA_IC)`: AES-CBC, IV `E(KS_enc, FF…FF)`, method-2 padding.
///
/// # Errors
///
/// [`PaceError::Unsupported`] for 3DES (CAM is AES only); [`PaceError::Malformed`] for a
/// key of a bad length.
pub fn encrypt_ca_data(
    ks_enc: &[u8],
    kdf: KdfAlgorithm,
    ca_ic: &[u8],
) -> Result<Vec<u8>, PaceError> {
    let cipher = aes_cipher(ks_enc, kdf)?;
    let mut buf = Vec::with_capacity(ca_ic.len() + BLOCK);
    buf.extend_from_slice(ca_ic);
    buf.push(0x80);
    while !buf.len().is_multiple_of(BLOCK) {
        buf.push(0x00);
    }
    let encrypted = cipher.encrypt(&IV_INPUT, &mut buf);
    if encrypted.is_err() {
        buf.zeroize();
        return Err(PaceError::Malformed("chip authentication data length"));
    }
    Ok(buf)
}

/// The terminal's side: decrypts `A_IC` (DO'8A') into `CA_IC`, padding removed.
///
/// # Errors
///
/// [`PaceError::Unsupported`] for 3DES; [`PaceError::Malformed`] for an empty, overlong or
/// unaligned cryptogram or bad padding.
pub fn decrypt_ca_data(ks_enc: &[u8], kdf: KdfAlgorithm, a_ic: &[u8]) -> Result<Secret, PaceError> {
    if a_ic.is_empty() || a_ic.len() > MAX_ENCRYPTED_LEN || !a_ic.len().is_multiple_of(BLOCK) {
        return Err(PaceError::Malformed(
            "encrypted chip authentication data length",
        ));
    }
    let cipher = aes_cipher(ks_enc, kdf)?;
    let mut buf = Zeroizing::new(a_ic.to_vec());
    cipher
        .decrypt(&IV_INPUT, &mut buf)
        .map_err(|_| PaceError::Malformed("encrypted chip authentication data length"))?;
    let end = unpadded_len(&buf).ok_or(PaceError::Malformed("chip authentication data padding"))?;
    let data = buf
        .get(..end)
        .ok_or(PaceError::Malformed("chip authentication data padding"))?;
    if data.is_empty() {
        return Err(PaceError::Malformed("empty chip authentication data"));
    }
    Ok(Zeroizing::new(data.to_vec()))
}

/// The terminal's check: `PK_map_IC == CA_IC · PK_IC` with the chip's static public key
/// `pk_static` (uncompressed) and its mapping key `pk_map_ic` (DO'82').
///
/// # Errors
///
/// [`PaceError::ChipAuthentication`] when the equation does not hold, `CA_IC` is out of
/// range, or a point is invalid.
pub fn verify(
    curve: Curve,
    ca_ic: &[u8],
    pk_static: &[u8],
    pk_map_ic: &[u8],
) -> Result<(), PaceError> {
    let fail = |_| PaceError::ChipAuthentication;
    ecdh::validate_point(curve, pk_static).map_err(fail)?;
    let computed = ecdh::multiply(curve, ca_ic, Some(pk_static)).map_err(fail)?;
    if bool::from(computed.as_slice().ct_eq(pk_map_ic)) {
        Ok(())
    } else {
        Err(PaceError::ChipAuthentication)
    }
}

/// The public point inside a `ChipAuthenticationPublicKeyInfo`'s SubjectPublicKeyInfo
/// (`SEQUENCE { AlgorithmIdentifier, BIT STRING }`): the BIT STRING's bytes after the
/// unused-bits count, which must be 0. The point itself is checked by [`verify`].
///
/// # Errors
///
/// [`PaceError::Malformed`] for broken DER.
pub fn public_key_point(spki: &[u8]) -> Result<&[u8], PaceError> {
    let broken = |_| PaceError::Malformed("chip authentication public key");
    let (inner, rest) = tlv::expect(spki, 0x30).map_err(broken)?;
    if !rest.is_empty() {
        return Err(PaceError::Malformed("chip authentication public key"));
    }
    let (_algorithm, rest) = tlv::expect(inner, 0x30).map_err(broken)?;
    let (bits, rest) = tlv::expect(rest, 0x03).map_err(broken)?;
    if !rest.is_empty() {
        return Err(PaceError::Malformed("chip authentication public key"));
    }
    match bits.split_first() {
        Some((0, point)) if !point.is_empty() => Ok(point),
        _ => Err(PaceError::Malformed("chip authentication public key")),
    }
}

/// What the terminal keeps from a CAM run for the check against the static key, which it
/// can only do once it has read (and verified) EF.CardSecurity under the new secure
/// messaging.
#[derive(Clone, PartialEq, Eq)]
pub struct ChipAuthenticationData {
    curve: Curve,
    ca_ic: Secret,
    pk_map_ic: Vec<u8>,
}

impl ChipAuthenticationData {
    /// Bundles the decrypted `CA_IC` with the chip's mapping key `PK_map_IC` on `curve`.
    pub fn new(curve: Curve, ca_ic: Secret, pk_map_ic: Vec<u8>) -> Self {
        ChipAuthenticationData {
            curve,
            ca_ic,
            pk_map_ic,
        }
    }

    #[cfg(feature = "chip")]
    /// The curve of the run.
    pub fn curve(&self) -> Curve {
        self.curve
    }

    #[cfg(any(test, feature = "chip"))]
    /// The decrypted chip authentication data `CA_IC`.
    pub fn ca_ic(&self) -> &[u8] {
        &self.ca_ic
    }

    #[cfg(any(test, feature = "chip"))]
    /// The chip's mapping public key `PK_map_IC` (DO'82').
    pub fn pk_map_ic(&self) -> &[u8] {
        &self.pk_map_ic
    }

    /// Checks `PK_map_IC == CA_IC · PK_IC` with the chip's static public key (uncompressed
    /// point, from a verified EF.CardSecurity).
    ///
    /// # Errors
    ///
    /// [`PaceError::ChipAuthentication`].
    pub fn verify(&self, pk_static: &[u8]) -> Result<(), PaceError> {
        verify(self.curve, &self.ca_ic, pk_static, &self.pk_map_ic)
    }
}

impl std::fmt::Debug for ChipAuthenticationData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChipAuthenticationData")
            .field("curve", &self.curve)
            .field("ca_ic", &"<redacted>")
            .finish()
    }
}

/// The AES suite for `KS_enc` (the MAC key is unused: `KS_enc` again).
fn aes_cipher(ks_enc: &[u8], kdf: KdfAlgorithm) -> Result<AesCipher, PaceError> {
    if kdf == KdfAlgorithm::Des3 {
        return Err(PaceError::Unsupported(
            "chip authentication mapping with 3DES",
        ));
    }
    if ks_enc.len() != kdf.key_len() {
        return Err(PaceError::Malformed(
            "KS_enc length does not match the cipher",
        ));
    }
    AesCipher::new(ks_enc, ks_enc).map_err(|_| PaceError::Malformed("KS_enc length"))
}

/// The length of `buf` without its method-2 padding (the `80` byte must be in the last
/// block), or `None`.
fn unpadded_len(buf: &[u8]) -> Option<usize> {
    let last_block = buf.len().saturating_sub(BLOCK);
    let mut i = buf.len();
    while i > last_block {
        i -= 1;
        match buf.get(i) {
            Some(0x00) => continue,
            Some(0x80) => return Some(i),
            _ => return None,
        }
    }
    None
}

#[cfg(any(test, feature = "chip"))]
fn ca_data<C: CurveArithmetic>(sk_static: &[u8], sk_map: &[u8]) -> Result<Secret, PaceError> {
    let sk = super::ecdh::decode_scalar::<C>(sk_static, true)?;
    let sk_map = super::ecdh::decode_scalar::<C>(sk_map, true)?;
    let inverse = Zeroizing::new(
        Option::<C::Scalar>::from(sk.invert())
            .ok_or(PaceError::Degenerate("static key not invertible"))?,
    );
    let ca = Zeroizing::new(*inverse * *sk_map);
    let mut repr = ca.to_repr();
    let out = Zeroizing::new(repr.to_vec());
    repr.as_mut_slice().zeroize();
    Ok(out)
}

#[cfg(test)]
mod tests {
    //! On ICAO 9303-11 Appendix I (test-vectors/pace_cam.json).

    use super::*;
    use crate::test_support::{hex_field, json_vector};
    use serde_json::Value;

    pub(crate) fn vectors() -> Value {
        json_vector("pace_cam.json")
    }

    /// The static public key inside the ChipAuthenticationPublicKeyInfo of the example.
    pub(crate) fn static_public_key(v: &Value) -> Vec<u8> {
        let der = hex_field(v, "static_chip_public_key_info_DER");
        match crate::lds::security_infos::SecurityInfo::parse(&der).expect("parse") {
            crate::lds::security_infos::SecurityInfo::ChipAuthenticationPublicKey(info) => {
                let point = public_key_point(&info.public_key).expect("point").to_vec();
                assert_eq!(point.len(), 65);
                assert_eq!(&point[..3], [0x04, 0x18, 0x72]);
                point
            }
            other => panic!("not a CA public key: {other:?}"),
        }
    }

    #[test]
    fn decrypts_a_ic_to_ca_ic() {
        let v = vectors();
        let ca = decrypt_ca_data(
            &hex_field(&v, "ks_enc"),
            KdfAlgorithm::Aes128,
            &hex_field(&v, "encrypted_chip_authentication_data"),
        )
        .expect("decrypt");
        assert_eq!(
            ca.as_slice(),
            hex_field(&v, "chip_authentication_data_CA_IC")
        );
    }

    #[test]
    fn encrypts_ca_ic_to_a_ic() {
        let v = vectors();
        let a = encrypt_ca_data(
            &hex_field(&v, "ks_enc"),
            KdfAlgorithm::Aes128,
            &hex_field(&v, "chip_authentication_data_CA_IC"),
        )
        .expect("encrypt");
        assert_eq!(a, hex_field(&v, "encrypted_chip_authentication_data"));
    }

    #[test]
    fn checks_ca_ic_against_the_static_key() {
        let v = vectors();
        let pk = static_public_key(&v);
        let ca = hex_field(&v, "chip_authentication_data_CA_IC");
        verify(
            Curve::BrainpoolP256r1,
            &ca,
            &pk,
            &hex_field(&v, "pk_map_ic"),
        )
        .expect("CA holds");
        // Another mapping key (the terminal's) does not match.
        assert_eq!(
            verify(
                Curve::BrainpoolP256r1,
                &ca,
                &pk,
                &hex_field(&v, "pk_map_ifd")
            ),
            Err(PaceError::ChipAuthentication)
        );
        // A tampered CA_IC does not match.
        let mut bad = ca.clone();
        bad[31] ^= 1;
        assert_eq!(
            verify(
                Curve::BrainpoolP256r1,
                &bad,
                &pk,
                &hex_field(&v, "pk_map_ic")
            ),
            Err(PaceError::ChipAuthentication)
        );
    }

    #[test]
    fn chip_side_ca_ic_satisfies_the_check() {
        for curve in [
            Curve::P256,
            Curve::BrainpoolP256r1,
            Curve::BrainpoolP384r1,
            Curve::P521,
        ] {
            let len = ecdh::field_len(curve);
            let mut sk = vec![0u8; len];
            let mut sk_map = vec![0u8; len];
            sk[len - 1] = 7;
            sk[len - 2] = 0x42;
            sk_map[len - 1] = 0x35;
            sk_map[len - 3] = 0x11;
            let pk = ecdh::multiply(curve, &sk, None).expect("pk");
            let pk_map = ecdh::multiply(curve, &sk_map, None).expect("pk_map");
            let ca = chip_authentication_data(curve, &sk, &sk_map).expect("CA_IC");
            assert_eq!(ca.len(), len);
            verify(curve, &ca, &pk, &pk_map).expect("check");
        }
    }

    #[test]
    fn refuses_bad_cryptograms() {
        let v = vectors();
        let ks = hex_field(&v, "ks_enc");
        let a = hex_field(&v, "encrypted_chip_authentication_data");
        assert!(decrypt_ca_data(&ks, KdfAlgorithm::Aes128, &a[..47]).is_err());
        assert!(decrypt_ca_data(&ks, KdfAlgorithm::Aes128, &[]).is_err());
        assert!(decrypt_ca_data(&ks, KdfAlgorithm::Aes128, &[0; 96]).is_err());
        assert_eq!(
            decrypt_ca_data(&ks, KdfAlgorithm::Des3, &a),
            Err(PaceError::Unsupported(
                "chip authentication mapping with 3DES"
            ))
        );
        // Wrong key: the padding does not come out.
        let mut other = ks.clone();
        other[0] ^= 1;
        assert!(decrypt_ca_data(&other, KdfAlgorithm::Aes128, &a).is_err());
    }

    /// Replays given values as randomness (left-padded with zeros).
    struct Replay(std::collections::VecDeque<Vec<u8>>);

    impl super::super::PaceRng for Replay {
        fn fill(&mut self, buf: &mut [u8]) -> Result<(), PaceError> {
            let value = self.0.pop_front().ok_or(PaceError::Random)?;
            let offset = buf.len() - value.len();
            buf.fill(0);
            buf[offset..].copy_from_slice(&value);
            Ok(())
        }
    }

    /// A counter-based source for the round trips.
    struct Counter(u8);

    impl super::super::PaceRng for Counter {
        fn fill(&mut self, buf: &mut [u8]) -> Result<(), PaceError> {
            for b in buf.iter_mut() {
                self.0 = self.0.wrapping_mul(31).wrapping_add(17);
                *b = self.0;
            }
            if let Some(first) = buf.first_mut() {
                *first &= 0x3F;
            }
            Ok(())
        }
    }

    fn cam_params(curve: Curve, kdf: KdfAlgorithm) -> super::super::PaceParams {
        let oid = vectors()["oid_der_value"]
            .as_str()
            .map(|h| hex::decode(h).unwrap())
            .unwrap();
        super::super::PaceParams::new(&oid, kdf, super::super::Mapping::ChipAuthentication, curve)
            .expect("params")
    }

    fn password(v: &Value) -> Vec<u8> {
        use sha1::Digest;
        let mrz = v["password"]["mrz_information"].as_str().expect("mrz");
        sha1::Sha1::digest(mrz.as_bytes()).to_vec()
    }

    /// The ICAO Appendix I transcript: the terminal, fed the chip's answers, produces the
    /// example's commands and recovers `CA_IC`, which passes the check.
    #[test]
    fn terminal_replays_the_apdu_transcript() {
        use super::super::data::*;
        let v = vectors();
        let apdus: Vec<(Vec<u8>, Vec<u8>)> = v["apdus"]
            .as_array()
            .expect("apdus")
            .iter()
            .map(|a| (hex_field(a, "command"), hex_field(a, "response")))
            .collect();
        let params = cam_params(Curve::BrainpoolP256r1, KdfAlgorithm::Aes128);
        // MSE:Set AT with the MRZ password.
        let mse = &apdus[0].0;
        assert_eq!(&mse[5..], mse_set_at_data(params.oid(), 1, None).as_slice());
        assert_eq!(&apdus[1].0[5..7], EMPTY_DYNAMIC_AUTH_DATA.as_slice());
        let body = |r: &Vec<u8>| r[..r.len() - 2].to_vec();
        let cmd_data = |c: &Vec<u8>| c[5..c.len() - 1].to_vec();
        let mut rng = Replay(
            [hex_field(&v, "sk_map_ifd"), hex_field(&v, "sk_ifd")]
                .into_iter()
                .collect(),
        );
        let mut t = super::super::PaceTerminal::new(&password(&v), params);
        let z = body(&apdus[1].1);
        let z = decode_dynamic_auth_data(&z, TAG_ENCRYPTED_NONCE).expect("z");
        assert_eq!(z, hex_field(&v, "encrypted_nonce_z"));
        let pk_map_ifd = t.step1(z, &mut rng).expect("step1");
        assert_eq!(pk_map_ifd, hex_field(&v, "pk_map_ifd"));
        assert_eq!(
            cmd_data(&apdus[2].0),
            encode_dynamic_auth_data(TAG_MAPPING_IFD, &pk_map_ifd)
        );
        let r = body(&apdus[2].1);
        let pk_map_ic = decode_dynamic_auth_data(&r, TAG_MAPPING_IC).expect("82");
        assert_eq!(pk_map_ic, hex_field(&v, "pk_map_ic"));
        let pk_ifd = t.step2(pk_map_ic, &mut rng).expect("step2");
        assert_eq!(pk_ifd, hex_field(&v, "pk_ifd"));
        assert_eq!(
            cmd_data(&apdus[3].0),
            encode_dynamic_auth_data(TAG_PK_IFD, &pk_ifd)
        );
        let r = body(&apdus[3].1);
        let pk_ic = decode_dynamic_auth_data(&r, TAG_PK_IC).expect("84");
        assert_eq!(pk_ic, hex_field(&v, "pk_ic"));
        let t_ifd = t.step3(pk_ic).expect("step3");
        assert_eq!(t_ifd.to_vec(), hex_field(&v, "t_ifd"));
        assert_eq!(
            cmd_data(&apdus[4].0),
            encode_dynamic_auth_data(TAG_TOKEN_IFD, &t_ifd)
        );
        let r = body(&apdus[4].1);
        let t_ic = decode_dynamic_auth_data(&r, TAG_TOKEN_IC).expect("86");
        assert_eq!(t_ic, hex_field(&v, "t_ic"));
        let a_ic = decode_dynamic_auth_data(&r, TAG_ENCRYPTED_CA_DATA).expect("8A");
        assert_eq!(a_ic, hex_field(&v, "encrypted_chip_authentication_data"));
        let (keys, ca) = t.finish_cam(t_ic, a_ic).expect("finish");
        assert_eq!(keys.ks_enc(), hex_field(&v, "ks_enc"));
        assert_eq!(keys.ks_mac(), hex_field(&v, "ks_mac"));
        assert_eq!(ca.ca_ic(), hex_field(&v, "chip_authentication_data_CA_IC"));
        assert_eq!(ca.pk_map_ic(), hex_field(&v, "pk_map_ic"));
        ca.verify(&static_public_key(&v)).expect("CA check");
        // The plain finish refuses a CAM run.
        assert!(matches!(
            super::super::PaceTerminal::new(
                &password(&v),
                cam_params(Curve::P256, KdfAlgorithm::Aes128)
            )
            .finish(&[0; 8]),
            Err(PaceError::OutOfOrder(_))
        ));
    }

    /// One terminal ↔ chip run; returns the terminal's CA data and the chip's static key.
    fn round_trip(
        curve: Curve,
        kdf: KdfAlgorithm,
        sk_static: &[u8],
    ) -> Result<ChipAuthenticationData, PaceError> {
        let params = cam_params(curve, kdf);
        let pw = b"123456";
        let mut chip = super::super::PaceChip::new(pw, params.clone())
            .with_chip_authentication_key(sk_static)?;
        let mut terminal = super::super::PaceTerminal::new(pw, params);
        let mut rc = Counter(3);
        let mut rt = Counter(99);
        let z = chip.step1(&mut rc)?;
        let pk_map_ifd = terminal.step1(&z, &mut rt)?;
        let pk_map_ic = chip.step2(&pk_map_ifd, &mut rc)?;
        let pk_ifd = terminal.step2(&pk_map_ic, &mut rt)?;
        let pk_ic = chip.step3(&pk_ifd, &mut rc)?;
        let t_ifd = terminal.step3(&pk_ic)?;
        let (t_ic, a_ic, chip_keys) = chip.finish_cam(&t_ifd)?;
        let (keys, ca) = terminal.finish_cam(&t_ic, &a_ic)?;
        assert_eq!(keys, chip_keys);
        Ok(ca)
    }

    #[test]
    fn terminal_chip_round_trips() {
        for (curve, kdf) in [
            (Curve::P256, KdfAlgorithm::Aes128),
            (Curve::BrainpoolP256r1, KdfAlgorithm::Aes128),
            (Curve::BrainpoolP384r1, KdfAlgorithm::Aes256),
        ] {
            let len = ecdh::field_len(curve);
            let mut sk = vec![0x21u8; len];
            sk[0] = 0x01;
            let pk = ecdh::multiply(curve, &sk, None).expect("pk");
            let ca = round_trip(curve, kdf, &sk).expect("run");
            ca.verify(&pk).expect("CA check");
            // A chip whose CA data does not match the static key it publishes.
            let mut other = sk.clone();
            other[len - 1] ^= 0x55;
            let ca = round_trip(curve, kdf, &other).expect("run");
            assert_eq!(ca.verify(&pk), Err(PaceError::ChipAuthentication));
        }
    }

    #[test]
    fn cam_with_3des_is_unsupported() {
        let params = cam_params(Curve::P256, KdfAlgorithm::Des3);
        let mut t = super::super::PaceTerminal::new(b"123456", params);
        assert!(matches!(
            t.step1(&[0u8; 16], &mut Counter(1)),
            Err(PaceError::Unsupported(_))
        ));
    }
}
