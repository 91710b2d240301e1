//! The 3DES cipher suite (ICAO 9303-11 §9.8.6.1): two-key 3DES in CBC mode
//! with a zero IV, and ISO/IEC 9797-1 MAC algorithm 3 (retail MAC) with DES.

use cbc::cipher::{Block, BlockModeDecrypt, BlockModeEncrypt, KeyInit, KeyIvInit};
use des::{Des, TdesEde2};
use retail_mac::{Mac, RetailMac};
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::{SmCipher, SmError, SmSession};

/// The 3DES block size.
const BLOCK: usize = 8;

/// 3DES session keys: encryption with two-key 3DES-CBC, MAC with the
/// ISO/IEC 9797-1 retail MAC. Zeroized on drop; `Debug` shows no key.
///
/// BAC also uses it directly with the document's basic access keys.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct Des3Cipher {
    k_enc: [u8; 16],
    k_mac: [u8; 16],
}

impl std::fmt::Debug for Des3Cipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Des3Cipher { keys: <redacted> }")
    }
}

impl Des3Cipher {
    /// A suite from an encryption key and a MAC key (16 bytes each: K1 || K2).
    pub fn new(k_enc: &[u8; 16], k_mac: &[u8; 16]) -> Self {
        Des3Cipher {
            k_enc: *k_enc,
            k_mac: *k_mac,
        }
    }

    /// 3DES-CBC encryption in place with a zero IV; `buf` must be a whole
    /// number of blocks.
    pub(crate) fn encrypt_cbc(&self, buf: &mut [u8]) -> Result<(), SmError> {
        let (blocks, tail) = Block::<TdesEde2>::slice_as_chunks_mut(buf);
        if !tail.is_empty() {
            return Err(SmError::Malformed("data not a multiple of the block size"));
        }
        let mut enc = cbc::Encryptor::<TdesEde2>::new(&self.k_enc.into(), &[0u8; BLOCK].into());
        enc.encrypt_blocks(blocks);
        Ok(())
    }

    /// 3DES-CBC decryption in place with a zero IV; `buf` must be a whole
    /// number of blocks.
    pub(crate) fn decrypt_cbc(&self, buf: &mut [u8]) -> Result<(), SmError> {
        let (blocks, tail) = Block::<TdesEde2>::slice_as_chunks_mut(buf);
        if !tail.is_empty() {
            return Err(SmError::Malformed(
                "cryptogram not a multiple of the block size",
            ));
        }
        let mut dec = cbc::Decryptor::<TdesEde2>::new(&self.k_enc.into(), &[0u8; BLOCK].into());
        dec.decrypt_blocks(blocks);
        Ok(())
    }

    /// The retail MAC (ISO/IEC 9797-1 MAC algorithm 3, DES) of `padded`.
    pub(crate) fn retail_mac(&self, padded: &[u8]) -> [u8; 8] {
        let mut mac = <RetailMac<Des> as KeyInit>::new(&self.k_mac.into());
        mac.update(padded);
        mac.finalize().into_bytes().into()
    }
}

impl SmCipher for Des3Cipher {
    const NAME: &'static str = "3DES";
    const BLOCK_SIZE: usize = BLOCK;
    type Ssc = [u8; BLOCK];

    fn encrypt(&self, _ssc: &[u8], buf: &mut [u8]) -> Result<(), SmError> {
        self.encrypt_cbc(buf)
    }

    fn decrypt(&self, _ssc: &[u8], buf: &mut [u8]) -> Result<(), SmError> {
        self.decrypt_cbc(buf)
    }

    fn mac(&self, padded: &[u8]) -> [u8; 8] {
        self.retail_mac(padded)
    }
}

/// A 3DES secure-messaging session (after BAC, or PACE with 3DES).
pub type Des3Sm = SmSession<Des3Cipher>;

impl SmSession<Des3Cipher> {
    /// A 3DES session from the session keys `KS_enc`, `KS_mac` and the
    /// initial send sequence counter.
    pub fn new(ks_enc: &[u8; 16], ks_mac: &[u8; 16], ssc: [u8; 8]) -> Self {
        SmSession::with_cipher(Des3Cipher::new(ks_enc, ks_mac), ssc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::hex;

    #[test]
    fn retail_mac_matches_iso9797_example() {
        // ISO/IEC 9797-1:2011 B.4 (as in the retail-mac crate's documentation).
        let key: [u8; 16] = hex("0123456789ABCDEFFEDCBA9876543210").try_into().unwrap();
        let c = Des3Cipher::new(&[0; 16], &key);
        let mut msg = b"Now is the time for all ".to_vec();
        assert_eq!(c.retail_mac(&msg).to_vec(), hex("A1C72E74EA3FA9B6"));
        msg.push(0);
        assert_ne!(c.retail_mac(&msg).to_vec(), hex("A1C72E74EA3FA9B6"));
    }

    #[test]
    fn cbc_round_trip_and_block_check() {
        let c = Des3Cipher::new(&[0x11; 16], &[0x22; 16]);
        let mut buf = *b"sixteen bytes!!!";
        c.encrypt_cbc(&mut buf).unwrap();
        assert_ne!(&buf, b"sixteen bytes!!!");
        c.decrypt_cbc(&mut buf).unwrap();
        assert_eq!(&buf, b"sixteen bytes!!!");
        assert!(c.encrypt_cbc(&mut [0; 7]).is_err());
        assert!(c.decrypt_cbc(&mut [0; 9]).is_err());
    }

    #[test]
    fn debug_redacts_keys() {
        let c = Des3Cipher::new(&[0xAB; 16], &[0xCD; 16]);
        let s = format!("{c:?}");
        assert!(!s.contains("AB") && !s.contains("171") && !s.contains("ab"));
        let sm = Des3Sm::new(&[0xAB; 16], &[0xCD; 16], [0; 8]);
        let s = format!("{sm:?}");
        assert!(!s.contains("171") && !s.contains("205"), "{s}");
    }
}
