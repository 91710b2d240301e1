//! The chip's security state: access control (BAC, PACE) and the secure-messaging
//! session that carries the access rights.
//!
//! Access rights live exactly as long as the session: any secure-messaging
//! error, any plain command during the session, a reset or a power cycle
//! drops both.

use cnie::bac::BacChip;
use cnie::crypto::kdf::KdfAlgorithm;
use cnie::iso7816::{Command, Response};
use cnie::keys::MrzKey;
use cnie::sm::{AesSm, CardSecureMessaging, Des3Sm, SmError};
use zeroize::Zeroizing;

use crate::config::MrzFields;

/// Which protocol opened the current session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// Basic Access Control (3DES secure messaging).
    Bac,
    /// PACE (AES or 3DES secure messaging).
    Pace,
}

/// An established session: the card side of secure messaging and the
/// protocol that granted the access rights.
pub struct Session {
    sm: Box<dyn CardSecureMessaging>,
    block_size: usize,
    /// The protocol that opened the session.
    pub protocol: Protocol,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("protocol", &self.protocol)
            .finish_non_exhaustive()
    }
}

impl Session {
    /// A session over `sm`, whose cipher has `block_size`-byte blocks.
    pub fn new(sm: Box<dyn CardSecureMessaging>, block_size: usize, protocol: Protocol) -> Self {
        Session {
            sm,
            block_size,
            protocol,
        }
    }

    /// A session on fresh keys with SSC 0 (after PACE or Chip Authentication): 3DES
    /// (retail MAC, 8-byte SSC) or AES (CMAC, 16-byte SSC) as `kdf` says.
    ///
    /// # Errors
    ///
    /// [`SmError`] for keys of the wrong length.
    pub fn from_keys(
        ks_enc: &[u8],
        ks_mac: &[u8],
        kdf: KdfAlgorithm,
        protocol: Protocol,
    ) -> Result<Session, SmError> {
        match kdf {
            KdfAlgorithm::Des3 => {
                let key16 = |key: &[u8]| -> Result<Zeroizing<[u8; 16]>, SmError> {
                    <[u8; 16]>::try_from(key)
                        .map(Zeroizing::new)
                        .map_err(|_| SmError::Malformed("3DES key length"))
                };
                let (enc, mac) = (key16(ks_enc)?, key16(ks_mac)?);
                let sm = Des3Sm::new(&enc, &mac, [0; 8]);
                Ok(Session::new(Box::new(sm), 8, protocol))
            }
            KdfAlgorithm::Aes128 | KdfAlgorithm::Aes192 | KdfAlgorithm::Aes256 => {
                let sm = AesSm::new(ks_enc, ks_mac)?;
                Ok(Session::new(Box::new(sm), 16, protocol))
            }
        }
    }

    /// Checks and decrypts a protected command.
    pub fn unprotect(&mut self, command: &Command) -> Result<Command, SmError> {
        self.sm.unprotect_command(command)
    }

    /// Wraps a response.
    pub fn protect(&mut self, response: &Response) -> Result<Response, SmError> {
        self.sm.protect_response(response)
    }

    /// The largest plaintext whose protected response fits `ne` bytes of
    /// response data (DO'87' with padding indicator, DO'99', DO'8E').
    pub fn max_plaintext(&self, ne: usize) -> usize {
        const STATUS_AND_MAC: usize = 4 + 10;
        let protected_len = |n: usize| -> usize {
            if n == 0 {
                return STATUS_AND_MAC;
            }
            let value = 1 + (n / self.block_size + 1) * self.block_size;
            let len_of_len = match value {
                0..=0x7F => 1,
                0x80..=0xFF => 2,
                0x100..=0xFFFF => 3,
                _ => 4,
            };
            1 + len_of_len + value + STATUS_AND_MAC
        };
        // Start near the answer and step down: at most a few blocks.
        let mut n = ne.saturating_sub(STATUS_AND_MAC + 5);
        while n > 0 && protected_len(n) > ne {
            n -= 1;
        }
        n
    }
}

/// The document's basic access key, as the chip knows it.
pub struct BacKey {
    key: MrzKey,
}

impl std::fmt::Debug for BacKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BacKey { .. }")
    }
}

/// Why the chip's access keys could not be set up.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the card's access data cannot make a key: {0}")]
pub struct KeyError(String);

impl KeyError {
    /// An error with this explanation (never a secret).
    pub(crate) fn new(why: String) -> Self {
        KeyError(why)
    }
}

impl BacKey {
    /// The key from the card's MRZ fields.
    pub fn new(fields: &MrzFields) -> Result<BacKey, KeyError> {
        let key = MrzKey::new(
            fields.document_number.expose(),
            fields.date_of_birth.expose(),
            fields.date_of_expiry.expose(),
        )
        .map_err(|e| KeyError(e.to_string()))?;
        Ok(BacKey { key })
    }

    /// Answers EXTERNAL AUTHENTICATE for the challenge `rnd_ic` with fresh
    /// key material `k_ic`: the answer and the new session, or `None` when
    /// the terminal does not know the key.
    pub fn respond(
        &self,
        rnd_ic: [u8; 8],
        k_ic: &Zeroizing<[u8; 16]>,
        data: &[u8],
    ) -> Option<(Vec<u8>, Session)> {
        let chip = BacChip::from_mrz_key(&self.key, rnd_ic, **k_ic);
        let (answer, sm) = chip.respond(data).ok()?;
        Some((answer, Session::new(Box::new(sm), 8, Protocol::Bac)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plaintext_budget_fits_the_response() {
        let s = Session::new(
            Box::new(Des3Sm::new(&[1; 16], &[2; 16], [0; 8])),
            8,
            Protocol::Bac,
        );
        // Short APDUs: 231 bytes pad to 232; 87 81 E9 01 + 232 + 14 = 250.
        assert_eq!(s.max_plaintext(256), 231);
        // Extended: 65536 bytes of response data.
        let n = s.max_plaintext(65536);
        assert_eq!(n, 65511);
        assert_eq!(s.max_plaintext(14), 0);
        assert_eq!(s.max_plaintext(0), 0);
    }
}
