//! Chip Authentication version 1, the terminal's side (ICAO 9303-11 §6.2, BSI TR-03110-2
//! §3.4 version 1; the protocol announced in DG14).
//!
//! The chip holds a static key pair whose public key DG14 carries
//! (`ChipAuthenticationPublicKeyInfo`, signed through EF.SOD). The terminal draws an
//! ephemeral key pair on the same domain (an elliptic curve or a MODP group), sends its
//! public key under the current secure messaging, and both sides derive new session keys
//! from the Diffie-Hellman shared secret `K` (`KS_enc = KDF(K, 1)`, `KS_mac = KDF(K, 2)`);
//! secure messaging restarts with them and the send sequence counter at zero.
//!
//! - [`CaParams::from_security_infos`] chooses the protocol: the `ChipAuthenticationInfo`
//!   (version 1) with its matching public key (same key agreement, same `keyId` when given),
//!   ECDH before DH and longer keys first. Without any `ChipAuthenticationInfo` it infers
//!   3DES from the first public key (ICAO 9303-11 allows it, as gmrtd and JMRTD do).
//! - [`CaTerminal`] is the pure part: ephemeral key, command data, session keys.
//! - [`authenticate`] and [`run`] send the commands through a [`Card`] ([`CaCommands`]):
//!   `MSE:Set KAT` (DO'91' ephemeral key, DO'84' key id) for 3DES, or `MSE:Set AT` (DO'80'
//!   protocol OID, DO'84' key id) then `GENERAL AUTHENTICATE` (`7C { 80 key }`) for AES.
//!
//! # What success means
//!
//! Chip Authentication version 1 proves the chip genuine only implicitly: a chip without
//! the private key computes other session keys, and its next secure-messaging answer fails
//! the MAC check. [`authenticate`] returning `Ok` only means that the chip accepted the
//! commands; the caller **must** exchange at least one command under the new secure
//! messaging (e.g. read a file, or select one) and see it succeed before it reports the chip
//! as authenticated. The chip's public key must come from a DG14 whose hash passive
//! authentication checked.
//!
//! Session keys never leave this module except into the card's secure messaging; the
//! [`ChipAuthOutcome`] holds no secret, and every secret is zeroized when dropped.

use crate::card::Card;
pub use crate::error::CaError;
use crate::error::Result;
use crate::iso7816::{Transport, ins};
use crate::lds::security_infos::{CipherSuite, KeyAgreement, SecurityInfo};
use crate::pace::{Group, PaceRng};
use crate::tlv;

mod params;
mod terminal;
#[cfg(test)]
mod tests;

pub use params::{CaCommands, CaParams};
#[cfg(any(test, feature = "chip"))]
pub use terminal::chip_session_keys;
pub use terminal::CaTerminal;
use terminal::TAG_DYNAMIC_AUTH_DATA;
#[cfg(test)]
use crate::crypto::{ec::Curve, kdf::KdfAlgorithm};
#[cfg(test)]
use crate::iso7816::Command;
#[cfg(test)]
use crate::lds::security_infos::{ChipAuthenticationInfo, ChipAuthenticationPublicKeyInfo};
#[cfg(test)]
use crate::pace::{DhGroup, PaceError, SessionKeys};
#[cfg(test)]
use terminal::key_id_bytes;

/// What a Chip Authentication run did. Holds no secret: the session keys went into the
/// card's secure messaging. The chip is authenticated only once a later exchange under the
/// new keys has succeeded (see the [module documentation](self)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChipAuthOutcome {
    /// DH or ECDH.
    pub key_agreement: KeyAgreement,
    /// The secure-messaging cipher now in use.
    pub cipher: CipherSuite,
    /// The domain of the static key.
    pub group: Group,
    /// The key id sent, if any.
    pub key_id: Option<u32>,
    /// Whether the protocol was inferred (no `ChipAuthenticationInfo` in DG14).
    pub inferred: bool,
    /// The commands used.
    pub commands: CaCommands,
}

/// Runs Chip Authentication version 1 on `card` (under the secure messaging of BAC or PACE):
/// chooses the protocol from `infos` (DG14's security infos, see
/// [`CaParams::from_security_infos`]), draws the ephemeral key with `rng`, sends the
/// commands [`CaParams::default_commands`] names, and restarts secure messaging with the new
/// keys.
///
/// The chip is not yet authenticated on success: see the [module documentation](self).
///
/// # Errors
///
/// [`crate::Error::ChipAuthentication`] when the protocol cannot be run or the chip refuses it
/// (the card keeps the old secure messaging); [`crate::Error::Transport`] and
/// [`crate::Error::SecureMessaging`] as for any exchange.
pub fn authenticate<T: Transport>(
    card: &mut Card<T>,
    infos: &[SecurityInfo],
    rng: &mut dyn PaceRng,
) -> Result<ChipAuthOutcome> {
    let params = CaParams::from_security_infos(infos)?;
    let commands = params.default_commands();
    let terminal = CaTerminal::new(params, rng)?;
    run(card, &terminal, commands)
}

/// Sends `terminal`'s `commands` through `card`'s current secure messaging and, when the chip
/// accepts them, restarts secure messaging with the new session keys (send sequence counter
/// zero).
///
/// # Errors
///
/// As [`authenticate`].
pub fn run<T: Transport>(
    card: &mut Card<T>,
    terminal: &CaTerminal,
    commands: CaCommands,
) -> Result<ChipAuthOutcome> {
    if !card.is_secure() {
        return Err(CaError::NoSecureMessaging.into());
    }
    let keys = terminal.session_keys()?;
    for command in terminal.commands(commands) {
        let name = match (command.ins, command.p2) {
            (ins::MSE, 0xA6) => "MSE:Set KAT (CA)",
            (ins::MSE, _) => "MSE:Set AT (CA)",
            _ => "GENERAL AUTHENTICATE (CA)",
        };
        let r = card.transmit(&command)?;
        if !r.sw.is_success() {
            return Err(CaError::Refused {
                command: name,
                sw: r.sw,
            }
            .into());
        }
        if command.ins == ins::GENERAL_AUTHENTICATE && !r.data.is_empty() {
            // Version 1 answers empty dynamic authentication data (`7C 00`).
            match tlv::expect(&r.data, TAG_DYNAMIC_AUTH_DATA) {
                Ok((_, [])) => {}
                _ => return Err(CaError::MalformedAnswer.into()),
            }
        }
    }
    crate::pace::run::install_secure_messaging(card, &keys)?;
    let params = terminal.params();
    Ok(ChipAuthOutcome {
        key_agreement: params.key_agreement,
        cipher: params.cipher,
        group: params.group,
        key_id: params.key_id,
        inferred: params.inferred,
        commands,
    })
}
