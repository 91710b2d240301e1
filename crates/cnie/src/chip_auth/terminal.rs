//! The terminal's ephemeral key, its commands and the session key derivation.

use std::fmt;

#[cfg(any(test, feature = "chip"))]
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::crypto::kdf::KdfAlgorithm;
use crate::error::CaError;
use crate::iso7816::{Command, MAX_SHORT_LE, ins};
#[cfg(any(test, feature = "chip"))]
use crate::lds::security_infos::CipherSuite;
#[cfg(any(test, feature = "chip"))]
use crate::pace::PaceError;
use crate::pace::{Group, PaceRng, SessionKeys};
use crate::tlv;

use super::params::{CaCommands, CaParams};

/// DO'91': the ephemeral public key in MSE:Set KAT.
pub(super) const TAG_KAT_PUBLIC_KEY: u32 = 0x91;
/// DO'80': the protocol OID in MSE:Set AT.
pub(super) const TAG_PROTOCOL: u32 = 0x80;
/// DO'84': the key id (MSE:Set KAT and MSE:Set AT).
pub(super) const TAG_KEY_ID: u32 = 0x84;
/// DO'7C': dynamic authentication data.
pub(super) const TAG_DYNAMIC_AUTH_DATA: u32 = 0x7C;
/// DO'80' inside DO'7C': the ephemeral public key in GENERAL AUTHENTICATE.
pub(super) const TAG_GA_PUBLIC_KEY: u32 = 0x80;

/// The terminal's side of one run: the parameters and an ephemeral key pair on the chip's
/// domain. The secret is zeroized on drop; `Debug` hides it.
pub struct CaTerminal {
    params: CaParams,
    secret: Zeroizing<Vec<u8>>,
    public: Vec<u8>,
}

impl fmt::Debug for CaTerminal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CaTerminal")
            .field("params", &self.params)
            .field("secret", &"<redacted>")
            .finish()
    }
}

impl CaTerminal {
    /// Draws an ephemeral key pair on the chip's domain.
    ///
    /// # Errors
    ///
    /// [`CaError::Random`].
    pub fn new(params: CaParams, rng: &mut dyn PaceRng) -> Result<Self, CaError> {
        let secret = params.group.random_secret(rng)?;
        Self::with_secret(params, &secret)
    }

    /// With a given ephemeral secret (big-endian scalar or exponent): for replaying
    /// recorded sessions.
    ///
    /// # Errors
    ///
    /// [`CaError::KeyAgreement`] for a secret out of range.
    pub fn with_secret(params: CaParams, secret: &[u8]) -> Result<Self, CaError> {
        let public = params.group.public_key(secret, None)?;
        Ok(CaTerminal {
            params,
            secret: Zeroizing::new(secret.to_vec()),
            public,
        })
    }

    /// The parameters.
    pub fn params(&self) -> &CaParams {
        &self.params
    }

    #[cfg(any(test, feature = "chip"))]
    /// The ephemeral public key: an uncompressed point, or the DH value at `p`'s length.
    pub fn public_key(&self) -> &[u8] {
        &self.public
    }

    /// The plain commands (secure messaging protects them on the way).
    pub fn commands(&self, commands: CaCommands) -> Vec<Command> {
        let key_id = self
            .params
            .key_id
            .map(|id| tlv::encode(TAG_KEY_ID, &key_id_bytes(id)))
            .unwrap_or_default();
        match commands {
            CaCommands::SetKat => {
                let mut data = tlv::encode(TAG_KAT_PUBLIC_KEY, &self.public);
                data.extend_from_slice(&key_id);
                vec![Command::new(0x00, ins::MSE, 0x41, 0xA6).with_data(data)]
            }
            CaCommands::SetAtGeneralAuthenticate => {
                let mut data = tlv::encode(TAG_PROTOCOL, &self.params.protocol_oid());
                data.extend_from_slice(&key_id);
                let dynamic = tlv::encode(
                    TAG_DYNAMIC_AUTH_DATA,
                    &tlv::encode(TAG_GA_PUBLIC_KEY, &self.public),
                );
                vec![
                    Command::new(0x00, ins::MSE, 0x41, 0xA4).with_data(data),
                    Command::new(0x00, ins::GENERAL_AUTHENTICATE, 0, 0)
                        .with_data(dynamic)
                        .with_le(MAX_SHORT_LE),
                ]
            }
        }
    }

    /// The new session keys: `KDF(K, 1)` and `KDF(K, 2)` for the protocol's cipher, with `K`
    /// the shared secret with the chip's static key (ECDH x coordinate at the field's
    /// length, or the DH value at `p`'s length).
    ///
    /// # Errors
    ///
    /// [`CaError::KeyAgreement`].
    pub fn session_keys(&self) -> Result<SessionKeys, CaError> {
        derive_keys(
            self.params.group,
            &self.secret,
            &self.params.chip_public_key,
            self.params.kdf(),
        )
    }
}

#[cfg(any(test, feature = "chip"))]
/// The chip's side of the key derivation (for software cards and tests): the session keys
/// from the chip's static secret and the terminal's ephemeral public key, which is
/// validated first and must differ from the chip's own public key.
///
/// # Errors
///
/// [`CaError::KeyAgreement`].
pub fn chip_session_keys(
    group: Group,
    chip_secret: &[u8],
    terminal_public: &[u8],
    cipher: CipherSuite,
) -> Result<SessionKeys, CaError> {
    group.validate_public(terminal_public)?;
    let own = group.public_key(chip_secret, None)?;
    if bool::from(own.as_slice().ct_eq(terminal_public)) {
        return Err(CaError::KeyAgreement(PaceError::ReflectedKey));
    }
    derive_keys(group, chip_secret, terminal_public, cipher.kdf_algorithm())
}

pub(super) fn derive_keys(
    group: Group,
    secret: &[u8],
    peer: &[u8],
    kdf: KdfAlgorithm,
) -> Result<SessionKeys, CaError> {
    let shared = group.shared_secret(secret, peer)?;
    Ok(SessionKeys::derive(&shared, kdf))
}

/// A key id as DO'84' carries it: unsigned big-endian, no leading zero bytes (one byte at
/// least).
pub(super) fn key_id_bytes(id: u32) -> Vec<u8> {
    let bytes = id.to_be_bytes();
    let skip = bytes.iter().take_while(|b| **b == 0).count().min(3);
    bytes.get(skip..).unwrap_or(&bytes).to_vec()
}
