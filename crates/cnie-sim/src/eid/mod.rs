//! The eID application: PIN and PUK, two certificates, an authentication
//! and a signature key, answering the ISO/IEC 7816-4/-8 commands of the
//! library's default profile (`cnie::eid::Profile::default_cnie`, see
//! `docs/eid.md`). That profile is a guess on the ISO pattern, UNCONFIRMED
//! on a real CNIE: this application implements the guess, nothing more.
//!
//! Layout: a DF selected by AID [`EID_AID`] holding the authentication
//! certificate (FID [`AUTH_CERT_FID`], SFI 01) and the signature certificate
//! (FID [`SIGN_CERT_FID`], SFI 02), DER X.509, readable under PACE secure
//! messaging. EF.DIR in the MF lists it ([`dir`]).
//!
//! Every command below needs the eID DF to be the current DF and a PACE
//! session (secure messaging): outside the DF the PIN commands get `6A88`
//! and the others `6985`; without PACE (no session, or a BAC session) they
//! get `6982`.
//!
//! | command | APDU | answers |
//! |---|---|---|
//! | VERIFY, counter | `00 20 00 81` / `82`, no data | `9000` verified in this session, `63Cx` tries left, `6983` blocked |
//! | VERIFY | `00 20 00 81` + 8-byte block | `9000` (counter back to max), `63Cx` (`63C0` on the try that blocks), `6983` blocked (nothing compared) |
//! | CHANGE REFERENCE DATA | `00 24 00 81` + old ‖ new | as VERIFY for the old PIN; right: the new PIN is set and verified |
//! | RESET RETRY COUNTER | `00 2C 00 81` + PUK ‖ new PIN, `00 2C 01 81` + PUK | the PUK's `9000`/`63Cx`/`6983`; right: the PIN's counter is back to max (and the new PIN set), not verified |
//! | MSE:SET DST / AT | `00 22 41 B6` / `41 A4` + `[80 01 alg] 84 01 key` | `9000`; key `02` (DST) / `01` (AT) only, else `6A88`; other DOs `6A80` |
//! | PSO:CDS | `00 2A 9E 9A` + 32-byte digest, Le | raw `r ‖ s`; `6985` no DST key, `6982` PIN not verified, `6700` not 32 bytes |
//! | INTERNAL AUTHENTICATE | `00 88 00 00` + 32-byte digest, Le | as PSO:CDS with the AT key |
//!
//! A PIN block (`FF`-padded ASCII digits, see [`credential`]) of another
//! length than 8 is `6700`, a malformed one `6A80`: neither spends a try. A
//! blocked PIN (or PUK) answers `6983` before its data is even looked at.
//! The counters live as long as the chip (a `serve` process), across power
//! cycles; the verified state and the security environment
//! ([`EidSecurity`]) are lost on power-off, reset, a new PACE session, the
//! end of the secure-messaging session and the SELECT of another DF.

pub mod credential;
pub mod dir;
pub mod keys;

use cnie::iso7816::{Command, Response, StatusWord, ins};
use cnie::tlv;

use crate::config::CardConfig;
use crate::fs::{Access, Df, Ef};
use credential::{Check, Credential, CredentialError};
use keys::{EidKey, EidKeys, EidMaterial, KeyError};

/// The eID application identifier (the PKCS#15 AID of the default profile).
pub const EID_AID: [u8; 12] = [
    0xA0, 0x00, 0x00, 0x00, 0x63, 0x50, 0x4B, 0x43, 0x53, 0x2D, 0x31, 0x35,
];

/// File identifier of the authentication certificate.
pub const AUTH_CERT_FID: u16 = 0xC001;
/// Short file identifier of the authentication certificate.
pub const AUTH_CERT_SFI: u8 = 0x01;
/// File identifier of the signature certificate.
pub const SIGN_CERT_FID: u16 = 0xC002;
/// Short file identifier of the signature certificate.
pub const SIGN_CERT_SFI: u8 = 0x02;

/// Reference of the PIN (VERIFY P2).
pub const PIN_REFERENCE: u8 = 0x81;
/// Reference of the PUK.
pub const PUK_REFERENCE: u8 = 0x82;
/// Key reference of the authentication key (DO'84' of MSE:SET AT).
pub const AUTH_KEY_REFERENCE: u8 = 0x01;
/// Key reference of the signature key (DO'84' of MSE:SET DST).
pub const SIGN_KEY_REFERENCE: u8 = 0x02;

/// The PIN's digits: 4 to 8.
pub const PIN_DIGITS: (usize, usize) = (4, 8);
/// The PUK's digits: 8.
pub const PUK_DIGITS: (usize, usize) = (8, 8);

/// INS of CHANGE REFERENCE DATA.
pub const INS_CHANGE_REFERENCE_DATA: u8 = 0x24;
/// INS of RESET RETRY COUNTER.
pub const INS_RESET_RETRY_COUNTER: u8 = 0x2C;
/// INS of PERFORM SECURITY OPERATION.
pub const INS_PSO: u8 = 0x2A;

/// The length of the digest the keys sign (SHA-256).
pub const DIGEST_LEN: usize = 32;

/// The length of a raw P-256 signature.
pub const SIGNATURE_LEN: usize = 64;

/// MSE P1 `41`: SET (b4-b1 `0001`) for computation, decipherment, internal
/// authentication and key agreement (b7), ISO/IEC 7816-4 Table 79.
const MSE_SET_COMPUTE: u8 = 0x41;
/// MSE control reference template: digital signature (DST).
const TEMPLATE_DST: u8 = 0xB6;
/// MSE control reference template: authentication (AT).
const TEMPLATE_AT: u8 = 0xA4;

/// Why the eID application could not be built from a card.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EidError {
    /// The PIN or PUK of `card.toml` does not fit the application.
    #[error(transparent)]
    Credential(#[from] CredentialError),
    /// A key or certificate is not usable.
    #[error(transparent)]
    Key(#[from] KeyError),
}

/// The security state of the eID application within one secure-messaging
/// session: what has been verified and which keys MSE:SET chose.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EidSecurity {
    pin_verified: bool,
    puk_verified: bool,
    dst_key: Option<u8>,
    at_key: Option<u8>,
}

impl EidSecurity {
    /// Whether the PIN has been verified in this session.
    pub fn pin_verified(&self) -> bool {
        self.pin_verified
    }
}

/// Where a command reaches the eID application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Context {
    /// Whether the eID DF is the current DF.
    pub selected: bool,
    /// Whether a PACE secure-messaging session is open.
    pub pace: bool,
    /// The most response data that fits the (protected) response.
    pub room: usize,
}

/// The eID application: PIN, PUK and keys. Its counters persist for the
/// life of the chip.
#[derive(Debug)]
pub struct EidApplication {
    pin: Credential,
    puk: Credential,
    keys: EidKeys,
}

/// A response that is only a status word.
fn sw(status: StatusWord) -> Response {
    Response::status(status)
}

/// Which of the two PIN-like references a P2 names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reference {
    Pin,
    Puk,
}

impl EidApplication {
    /// The application of a card: PIN and PUK (value and counters) from
    /// `card.toml`, keys and certificates from the folder's material.
    pub fn new(config: &CardConfig, material: &EidMaterial) -> Result<EidApplication, EidError> {
        let pin = &config.pin;
        let puk = &config.puk;
        Ok(EidApplication {
            pin: Credential::new(
                "pin",
                pin.value.expose(),
                PIN_DIGITS,
                pin.tries_left,
                pin.max_tries,
            )?,
            puk: Credential::new(
                "puk",
                puk.value.expose(),
                PUK_DIGITS,
                puk.tries_left,
                puk.max_tries,
            )?,
            keys: EidKeys::load(material)?,
        })
    }

    /// The elementary files of the eID DF: the two certificates.
    pub fn files(&self) -> [Ef; 2] {
        let cert = |fid, sfi, label: &str, key: &EidKey| Ef {
            df: Df::Eid,
            fid,
            sfi: Some(sfi),
            access: Access::Pace,
            label: label.into(),
            data: key.certificate().to_vec(),
        };
        [
            cert(
                AUTH_CERT_FID,
                AUTH_CERT_SFI,
                "eID authentication certificate",
                &self.keys.authentication,
            ),
            cert(
                SIGN_CERT_FID,
                SIGN_CERT_SFI,
                "eID signature certificate",
                &self.keys.signature,
            ),
        ]
    }

    /// The PIN's tries left.
    pub fn pin_tries_left(&self) -> u8 {
        self.pin.tries_left()
    }

    /// The PUK's tries left.
    pub fn puk_tries_left(&self) -> u8 {
        self.puk.tries_left()
    }

    /// Whether the instruction (with its P1) belongs to the eID application.
    pub fn handles(command: &Command) -> bool {
        matches!(
            command.ins,
            ins::VERIFY
                | INS_CHANGE_REFERENCE_DATA
                | INS_RESET_RETRY_COUNTER
                | INS_PSO
                | ins::INTERNAL_AUTHENTICATE
        ) || (command.ins == ins::MSE && command.p1 == MSE_SET_COMPUTE)
    }

    /// Answers one (unwrapped) command.
    pub fn process(&mut self, sec: &mut EidSecurity, ctx: Context, command: &Command) -> Response {
        let result = match command.ins {
            ins::VERIFY => self.verify(sec, ctx, command),
            INS_CHANGE_REFERENCE_DATA => self.change_reference_data(sec, ctx, command),
            INS_RESET_RETRY_COUNTER => self.reset_retry_counter(sec, ctx, command),
            ins::MSE => Self::mse(sec, ctx, command),
            INS_PSO => self.pso(sec, ctx, command),
            ins::INTERNAL_AUTHENTICATE => self.internal_authenticate(sec, ctx, command),
            _ => Err(StatusWord::INS_NOT_SUPPORTED),
        };
        result.unwrap_or_else(sw)
    }

    /// The eID DF must be current (`not_here` otherwise) and PACE open (`6982`).
    fn guard(ctx: Context, not_here: StatusWord) -> Result<(), StatusWord> {
        if !ctx.selected {
            return Err(not_here);
        }
        if !ctx.pace {
            return Err(StatusWord::SECURITY_STATUS_NOT_SATISFIED);
        }
        Ok(())
    }

    /// The reference a PIN command names in P2 (`6A88` for another).
    fn reference(p2: u8) -> Result<Reference, StatusWord> {
        match p2 {
            PIN_REFERENCE => Ok(Reference::Pin),
            PUK_REFERENCE => Ok(Reference::Puk),
            _ => Err(StatusWord::REFERENCED_DATA_NOT_FOUND),
        }
    }

    fn credential(&mut self, reference: Reference) -> &mut Credential {
        match reference {
            Reference::Pin => &mut self.pin,
            Reference::Puk => &mut self.puk,
        }
    }

    fn set_verified(sec: &mut EidSecurity, reference: Reference, verified: bool) {
        match reference {
            Reference::Pin => sec.pin_verified = verified,
            Reference::Puk => sec.puk_verified = verified,
        }
    }

    /// The checks common to the PIN commands: DF, PACE, reference, no Le.
    fn pin_command(ctx: Context, command: &Command) -> Result<Reference, StatusWord> {
        Self::guard(ctx, StatusWord::REFERENCED_DATA_NOT_FOUND)?;
        let reference = Self::reference(command.p2)?;
        if command.le.is_some() {
            return Err(StatusWord::WRONG_LENGTH);
        }
        Ok(reference)
    }

    /// VERIFY (`20`): without data the counter, with data a check.
    fn verify(
        &mut self,
        sec: &mut EidSecurity,
        ctx: Context,
        command: &Command,
    ) -> Result<Response, StatusWord> {
        let reference = Self::pin_command(ctx, command)?;
        if command.p1 != 0x00 {
            return Err(StatusWord::INCORRECT_P1P2);
        }
        let verified = match reference {
            Reference::Pin => sec.pin_verified,
            Reference::Puk => sec.puk_verified,
        };
        let credential = self.credential(reference);
        if command.data.is_empty() {
            return Ok(sw(if verified {
                StatusWord::SUCCESS
            } else if credential.is_blocked() {
                StatusWord::AUTH_METHOD_BLOCKED
            } else {
                credential::retries(credential.tries_left())
            }));
        }
        if credential.is_blocked() {
            return Err(StatusWord::AUTH_METHOD_BLOCKED);
        }
        let block = credential.parse(&command.data)?;
        let check = credential.check(&block);
        if check != Check::Blocked {
            Self::set_verified(sec, reference, check == Check::Right);
        }
        Ok(sw(check.status()))
    }

    /// CHANGE REFERENCE DATA (`24`, P1 `00`): old ‖ new.
    fn change_reference_data(
        &mut self,
        sec: &mut EidSecurity,
        ctx: Context,
        command: &Command,
    ) -> Result<Response, StatusWord> {
        let reference = Self::pin_command(ctx, command)?;
        if command.p1 != 0x00 {
            return Err(StatusWord::INCORRECT_P1P2);
        }
        let credential = self.credential(reference);
        if credential.is_blocked() {
            return Err(StatusWord::AUTH_METHOD_BLOCKED);
        }
        if command.data.len() != 2 * credential::BLOCK_LEN {
            return Err(StatusWord::WRONG_LENGTH);
        }
        let (old, new) = command.data.split_at(credential::BLOCK_LEN);
        let old = credential.parse(old)?;
        let new = credential.parse(new)?;
        let check = credential.check(&old);
        if check == Check::Right {
            credential.set(&new);
        }
        if check != Check::Blocked {
            Self::set_verified(sec, reference, check == Check::Right);
        }
        Ok(sw(check.status()))
    }

    /// RESET RETRY COUNTER (`2C`) of the PIN with the PUK: P1 `00` PUK ‖
    /// new PIN, P1 `01` PUK only.
    fn reset_retry_counter(
        &mut self,
        sec: &mut EidSecurity,
        ctx: Context,
        command: &Command,
    ) -> Result<Response, StatusWord> {
        Self::guard(ctx, StatusWord::REFERENCED_DATA_NOT_FOUND)?;
        if command.p2 != PIN_REFERENCE {
            return Err(StatusWord::REFERENCED_DATA_NOT_FOUND);
        }
        let with_new_pin = match command.p1 {
            0x00 => true,
            0x01 => false,
            _ => return Err(StatusWord::INCORRECT_P1P2),
        };
        if command.le.is_some() {
            return Err(StatusWord::WRONG_LENGTH);
        }
        if self.puk.is_blocked() {
            return Err(StatusWord::AUTH_METHOD_BLOCKED);
        }
        let expected = credential::BLOCK_LEN * if with_new_pin { 2 } else { 1 };
        if command.data.len() != expected {
            return Err(StatusWord::WRONG_LENGTH);
        }
        let (puk, new_pin) = command.data.split_at(credential::BLOCK_LEN);
        let puk = self.puk.parse(puk)?;
        let new_pin = if with_new_pin {
            Some(self.pin.parse(new_pin)?)
        } else {
            None
        };
        let check = self.puk.check(&puk);
        if check == Check::Right {
            match &new_pin {
                Some(block) => self.pin.set(block),
                None => self.pin.reset_counter(),
            }
            sec.pin_verified = false;
        }
        Ok(sw(check.status()))
    }

    /// MSE:SET (`22 41`) with the DST (`B6`) or AT (`A4`) template.
    fn mse(sec: &mut EidSecurity, ctx: Context, command: &Command) -> Result<Response, StatusWord> {
        Self::guard(ctx, StatusWord::CONDITIONS_NOT_SATISFIED)?;
        if command.p1 != MSE_SET_COMPUTE {
            return Err(StatusWord::INCORRECT_P1P2);
        }
        let (slot, wanted) = match command.p2 {
            TEMPLATE_DST => (&mut sec.dst_key, SIGN_KEY_REFERENCE),
            TEMPLATE_AT => (&mut sec.at_key, AUTH_KEY_REFERENCE),
            _ => return Err(StatusWord::INCORRECT_P1P2),
        };
        if command.le.is_some() {
            return Err(StatusWord::WRONG_LENGTH);
        }
        // A failed MSE:SET leaves no key chosen in this template.
        *slot = None;
        let key = mse_key_reference(&command.data)?;
        if key != wanted {
            return Err(StatusWord::REFERENCED_DATA_NOT_FOUND);
        }
        *slot = Some(key);
        Ok(sw(StatusWord::SUCCESS))
    }

    /// The checks and the signature common to PSO:CDS and INTERNAL AUTHENTICATE.
    fn sign(
        sec: &EidSecurity,
        ctx: Context,
        chosen: Option<u8>,
        key: &EidKey,
        command: &Command,
    ) -> Result<Response, StatusWord> {
        if chosen.is_none() {
            return Err(StatusWord::CONDITIONS_NOT_SATISFIED);
        }
        if !sec.pin_verified {
            return Err(StatusWord::SECURITY_STATUS_NOT_SATISFIED);
        }
        let digest: &[u8; DIGEST_LEN] = command
            .data
            .as_slice()
            .try_into()
            .map_err(|_| StatusWord::WRONG_LENGTH)?;
        match command.le {
            Some(le) if le >= SIGNATURE_LEN && ctx.room >= SIGNATURE_LEN => {}
            _ => return Err(StatusWord::WRONG_LENGTH),
        }
        let signature = key.sign_digest(digest).ok_or(StatusWord::UNKNOWN)?;
        Ok(Response::new(signature, StatusWord::SUCCESS))
    }

    /// PSO: COMPUTE DIGITAL SIGNATURE (`2A 9E 9A`) with the DST key.
    fn pso(
        &mut self,
        sec: &mut EidSecurity,
        ctx: Context,
        command: &Command,
    ) -> Result<Response, StatusWord> {
        Self::guard(ctx, StatusWord::CONDITIONS_NOT_SATISFIED)?;
        if (command.p1, command.p2) != (0x9E, 0x9A) {
            return Err(StatusWord::INCORRECT_P1P2);
        }
        Self::sign(sec, ctx, sec.dst_key, &self.keys.signature, command)
    }

    /// INTERNAL AUTHENTICATE (`88 00 00`) with the AT key.
    fn internal_authenticate(
        &mut self,
        sec: &mut EidSecurity,
        ctx: Context,
        command: &Command,
    ) -> Result<Response, StatusWord> {
        Self::guard(ctx, StatusWord::CONDITIONS_NOT_SATISFIED)?;
        if (command.p1, command.p2) != (0x00, 0x00) {
            return Err(StatusWord::INCORRECT_P1P2);
        }
        Self::sign(sec, ctx, sec.at_key, &self.keys.authentication, command)
    }
}

/// The key reference (DO'84', one byte) of MSE:SET data; DO'80' (algorithm
/// reference, one byte) is accepted and ignored, each key having one
/// algorithm. Anything else, a repeated DO or no DO'84' is `6A80`.
fn mse_key_reference(data: &[u8]) -> Result<u8, StatusWord> {
    let mut key = None;
    let mut algorithm = false;
    for object in tlv::iter(data) {
        let object = object.map_err(|_| StatusWord::WRONG_DATA)?;
        match (object.tag, object.value) {
            (0x84, [k]) if key.is_none() => key = Some(*k),
            (0x80, [_]) if !algorithm => algorithm = true,
            _ => return Err(StatusWord::WRONG_DATA),
        }
    }
    key.ok_or(StatusWord::WRONG_DATA)
}

#[cfg(test)]
mod tests;
