//! Chip Authentication version 1, ECDH, the chip's side (ICAO Doc 9303 Part 11 §6.2,
//! BSI TR-03110-3 B.1/B.2), in the eMRTD application under secure messaging.
//!
//! - 3DES (`id-CA-ECDH-3DES-CBC-CBC`): MSE:Set KAT `22 41 A6 {91 PK_IFD, [84 key id]}`.
//! - Any cipher (AES: the only way): MSE:Set AT `22 41 A4 {80 CA OID, [84 key id]}`, then
//!   GENERAL AUTHENTICATE `00 86 00 00 {7C {80 PK_IFD}} 00` answered `7C 00`.
//!
//! The command that carries the terminal's key is answered under the old secure
//! messaging; the chip then computes `K = x(SK_IC · PK_IFD)`, `K_enc = KDF(K, 1)`,
//! `K_mac = KDF(K, 2)` and restarts secure messaging with SSC 0 (the access rights of
//! the session stay). A chip whose key does not match DG14 (a clone) derives other keys,
//! and the terminal's next protected command fails its MAC check (`6988`).
//!
//! Status words: a wrong OID, a missing or malformed DO, a point not on the curve →
//! `6A80`; P1-P2 → `6A86`; Le on MSE → `6700`; GENERAL AUTHENTICATE without MSE:Set AT →
//! `6985`; no session → `6982`.

use cnie::crypto::kdf::{KDF_ENC, KDF_MAC, kdf};
use cnie::iso7816::StatusWord;
use cnie::lds::security_infos::CipherSuite;
use cnie::pace::{Curve, ecdh};
use cnie::tlv;
use zeroize::Zeroizing;

use crate::access::{Protocol, Session};
use crate::config::CaSettings;
use crate::pace_options::PaceCipher;

/// The DER content of `id-CA-ECDH-<cipher>` (0.4.0.127.0.7.2.2.3.2.x).
pub fn ca_oid(cipher: PaceCipher) -> [u8; 10] {
    [
        0x04,
        0x00,
        0x7F,
        0x00,
        0x07,
        0x02,
        0x02,
        0x03,
        0x02,
        cipher_suite(cipher).arc(),
    ]
}

/// The library's name for the cipher.
pub fn cipher_suite(cipher: PaceCipher) -> CipherSuite {
    match cipher {
        PaceCipher::Des3 => CipherSuite::Des3CbcCbc,
        PaceCipher::Aes128 => CipherSuite::AesCbcCmac128,
        PaceCipher::Aes192 => CipherSuite::AesCbcCmac192,
        PaceCipher::Aes256 => CipherSuite::AesCbcCmac256,
    }
}

/// The DER content of the named-curve OID of `curve` (RFC 5480, RFC 5639).
pub fn named_curve_oid(curve: Curve) -> &'static [u8] {
    match curve {
        Curve::P224 => &[0x2B, 0x81, 0x04, 0x00, 0x21],
        Curve::P256 => &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07],
        Curve::P384 => &[0x2B, 0x81, 0x04, 0x00, 0x22],
        Curve::P521 => &[0x2B, 0x81, 0x04, 0x00, 0x23],
        Curve::BrainpoolP224r1 => &[0x2B, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x05],
        Curve::BrainpoolP256r1 => &[0x2B, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x07],
        Curve::BrainpoolP320r1 => &[0x2B, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x09],
        Curve::BrainpoolP384r1 => &[0x2B, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0B],
        Curve::BrainpoolP512r1 => &[0x2B, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0D],
    }
}

/// `SubjectPublicKeyInfo { id-ecPublicKey, namedCurve }` of an uncompressed point.
pub fn public_key_info(curve: Curve, point: &[u8]) -> Vec<u8> {
    let mut algorithm = tlv::encode(0x06, &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01]);
    algorithm.extend(tlv::encode(0x06, named_curve_oid(curve)));
    let mut bits = vec![0u8];
    bits.extend_from_slice(point);
    let mut spki = tlv::encode(0x30, &algorithm);
    spki.extend(tlv::encode(0x03, &bits));
    tlv::encode(0x30, &spki)
}

/// Why the Chip Authentication key is not usable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("chip authentication key: {0}")]
pub struct CaKeyError(pub String);

/// The chip's static Chip Authentication key and protocol.
pub struct CaKey {
    curve: Curve,
    cipher: PaceCipher,
    private: Zeroizing<Vec<u8>>,
}

impl std::fmt::Debug for CaKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CaKey")
            .field("curve", &self.curve)
            .field("cipher", &self.cipher)
            .finish_non_exhaustive()
    }
}

impl CaKey {
    /// The key `private` (big-endian scalar) for the protocol of `settings`.
    ///
    /// # Errors
    ///
    /// [`CaKeyError`] for a DH group or a scalar out of range.
    pub fn new(settings: &CaSettings, private: &[u8]) -> Result<CaKey, CaKeyError> {
        let curve = settings.ec_curve().map_err(|e| CaKeyError(e.to_string()))?;
        ecdh::validate_scalar(curve, private)
            .map_err(|_| CaKeyError(format!("not a private key on {}", settings.curve)))?;
        Ok(CaKey {
            curve,
            cipher: settings.cipher,
            private: Zeroizing::new(private.to_vec()),
        })
    }

    /// The curve.
    pub fn curve(&self) -> Curve {
        self.curve
    }

    /// The secure-messaging cipher after Chip Authentication.
    pub fn cipher(&self) -> PaceCipher {
        self.cipher
    }

    /// MSE:Set KAT data `{91 PK_IFD, [84 key id]}` (3DES only): the terminal's key.
    ///
    /// # Errors
    ///
    /// `6A80` for anything else, and for an AES card (which uses MSE:Set AT).
    pub fn set_kat<'a>(&self, data: &'a [u8]) -> Result<&'a [u8], StatusWord> {
        if self.cipher != PaceCipher::Des3 {
            return Err(StatusWord::WRONG_DATA);
        }
        let (key, _) = data_objects(data, 0x91)?;
        key.ok_or(StatusWord::WRONG_DATA)
    }

    /// MSE:Set AT data `{80 OID, [84 key id]}`: the OID must be the card's CA protocol.
    ///
    /// # Errors
    ///
    /// `6A80` otherwise.
    pub fn set_at(&self, data: &[u8]) -> Result<(), StatusWord> {
        match data_objects(data, 0x80)? {
            (Some(oid), _) if oid == ca_oid(self.cipher) => Ok(()),
            _ => Err(StatusWord::WRONG_DATA),
        }
    }

    /// GENERAL AUTHENTICATE data `7C {80 PK_IFD}`: the terminal's key.
    ///
    /// # Errors
    ///
    /// `6A80` for anything else.
    pub fn general_authenticate<'a>(&self, data: &'a [u8]) -> Result<&'a [u8], StatusWord> {
        cnie::pace::decode_dynamic_auth_data(data, 0x80).map_err(|_| StatusWord::WRONG_DATA)
    }

    /// The new session from the terminal's ephemeral public key (uncompressed point),
    /// keeping the access rights of `protocol`.
    ///
    /// # Errors
    ///
    /// `6A80` for a point not on the curve (or the wrong size), `6F00` if the keys cannot
    /// be set up.
    pub fn agree(&self, pk_ifd: &[u8], protocol: Protocol) -> Result<Session, StatusWord> {
        let shared = ecdh::shared_secret(self.curve, &self.private, pk_ifd)
            .map_err(|_| StatusWord::WRONG_DATA)?;
        let alg = self.cipher.kdf();
        let k_enc = kdf(&shared, KDF_ENC, alg);
        let k_mac = kdf(&shared, KDF_MAC, alg);
        Session::from_keys(&k_enc, &k_mac, alg, protocol).map_err(|_| StatusWord::UNKNOWN)
    }
}

/// The data objects of an MSE:Set: the value of `wanted` (at most once) and of DO'84'
/// (at most once, 1 byte, accepted and ignored: the card has one key). `6A80` for any
/// other DO, a repeated one or broken TLV.
fn data_objects(data: &[u8], wanted: u32) -> Result<(Option<&[u8]>, Option<u8>), StatusWord> {
    let mut value = None;
    let mut key_id = None;
    let mut rest = data;
    while !rest.is_empty() {
        let (object, tail) = tlv::parse(rest).map_err(|_| StatusWord::WRONG_DATA)?;
        rest = tail;
        match object.tag {
            t if t == wanted && value.is_none() && !object.value.is_empty() => {
                value = Some(object.value);
            }
            0x84 if key_id.is_none() => match object.value {
                [id] => key_id = Some(*id),
                _ => return Err(StatusWord::WRONG_DATA),
            },
            _ => return Err(StatusWord::WRONG_DATA),
        }
    }
    Ok((value, key_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(cipher: PaceCipher) -> CaKey {
        let settings = CaSettings {
            cipher,
            ..CaSettings::default()
        };
        let mut scalar = vec![0u8; 32];
        scalar[31] = 7;
        CaKey::new(&settings, &scalar).unwrap()
    }

    #[test]
    fn mse_data_objects() {
        let des = key(PaceCipher::Des3);
        let pk = [0x04u8; 65];
        let mut kat = tlv::encode(0x91, &pk);
        assert_eq!(des.set_kat(&kat).unwrap(), &pk[..]);
        kat.extend(tlv::encode(0x84, &[1]));
        assert_eq!(des.set_kat(&kat).unwrap(), &pk[..]);
        assert_eq!(des.set_kat(&[]).unwrap_err().0, 0x6A80);
        assert_eq!(des.set_kat(&tlv::encode(0x80, &pk)).unwrap_err().0, 0x6A80);
        let aes = key(PaceCipher::Aes128);
        assert_eq!(aes.set_kat(&tlv::encode(0x91, &pk)).unwrap_err().0, 0x6A80);
        let at = tlv::encode(0x80, &ca_oid(PaceCipher::Aes128));
        assert!(aes.set_at(&at).is_ok());
        assert_eq!(
            aes.set_at(&tlv::encode(0x80, &ca_oid(PaceCipher::Aes256)))
                .unwrap_err()
                .0,
            0x6A80
        );
        assert!(
            des.set_at(&tlv::encode(0x80, &ca_oid(PaceCipher::Des3)))
                .is_ok()
        );
        let ga = tlv::encode(0x7C, &tlv::encode(0x80, &pk));
        assert_eq!(aes.general_authenticate(&ga).unwrap(), &pk[..]);
        assert_eq!(
            aes.agree(&pk, Protocol::Bac).map(drop).unwrap_err().0,
            0x6A80
        );
    }
}
