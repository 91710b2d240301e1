//! A token: the card in one reader, opened with PACE (the CAN) and the eID
//! application selected, its certificates read once. PIN and signatures go
//! through the library's `EidSession` (the same PIN-safety code as the CLI).

use std::time::Duration;

use cnie::card::Card;
use cnie::eid::{EidError, EidSession, Pin, PinError, PinStatus, Profile};
use cnie::keys::AccessKey;
use cnie::pcsc::PcscTransport;
use cnie::session::ReadOptions;
use cryptoki_sys::*;

use crate::config;
use crate::objects::{self, KeyRole, Object};

/// How long the card may take to answer one command.
const CARD_TIMEOUT: Duration = Duration::from_secs(10);

/// An open token.
pub struct Token {
    card: Card<PcscTransport>,
    profile: Profile,
    /// The six objects (two certificates, two private keys, two public keys).
    pub objects: Vec<Object>,
    /// The token label (from the signature certificate).
    pub label: String,
    /// The serial number shown (from the signature certificate's SHA-256).
    pub serial: String,
    /// Whether the user PIN was verified on this channel.
    pub logged_in: bool,
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("label", &self.label)
            .field("logged_in", &self.logged_in)
            .finish()
    }
}

/// A library error as a Cryptoki return value.
pub fn rv(e: &cnie::Error) -> CK_RV {
    use cnie::ErrorKind as K;
    if let cnie::Error::Eid(eid) = e {
        match eid {
            EidError::WrongPin { .. } => return CKR_PIN_INCORRECT,
            EidError::Blocked | EidError::LastTryRefused | EidError::CounterUnknown { .. } => {
                return CKR_PIN_LOCKED;
            }
            EidError::Pin(p) => return pin_rv(*p),
            _ => {}
        }
    }
    match e.kind() {
        K::NoReader | K::NoCard => CKR_TOKEN_NOT_PRESENT,
        K::CardLost => CKR_DEVICE_REMOVED,
        K::AccessDenied | K::InvalidInput => CKR_TOKEN_NOT_RECOGNIZED,
        K::WrongPin => CKR_PIN_INCORRECT,
        K::PinBlocked | K::LastTryRefused => CKR_PIN_LOCKED,
        K::Unsupported => CKR_FUNCTION_FAILED,
        _ => CKR_DEVICE_ERROR,
    }
}

fn pin_rv(e: PinError) -> CK_RV {
    match e {
        PinError::TooShort { .. } | PinError::TooLong { .. } => CKR_PIN_LEN_RANGE,
        _ => CKR_PIN_INVALID,
    }
}

fn debug(message: &str) {
    if config::debug() {
        eprintln!("cnie-pkcs11: {message}");
    }
}

impl Token {
    /// Connects to the card in `reader`, runs PACE with the CAN, selects the eID
    /// application and reads its certificates.
    pub fn open(reader: &str) -> Result<Token, CK_RV> {
        let profile = config::profile().map_err(|e| {
            debug(&e.to_string());
            CKR_GENERAL_ERROR
        })?;
        let mut transport =
            PcscTransport::connect(Some(reader), Duration::ZERO, |_| {}).map_err(|e| {
                debug(&format!("{reader}: {e}"));
                rv(&e.into())
            })?;
        transport.set_timeout(CARD_TIMEOUT);
        let mut card = Card::new(transport);
        if profile.requires_secure_messaging {
            let can = config::can().map_err(|e| {
                debug(&e.to_string());
                CKR_TOKEN_NOT_RECOGNIZED
            })?;
            let options = ReadOptions {
                require_pace: true,
                ..ReadOptions::default()
            };
            cnie::session::open_card(&mut card, &[AccessKey::Can(can)], &options, |_| {}).map_err(
                |e| {
                    debug(&format!("PACE with the CAN: {e}"));
                    rv(&e)
                },
            )?;
        }
        let mut session = EidSession::new(&mut card, &profile);
        let report = |e: cnie::Error| {
            debug(&format!("eID application: {e}"));
            rv(&e)
        };
        session.select().map_err(report)?;
        let certificates = session.certificates().map_err(report)?;
        let bad = |e: objects::ObjectError| {
            debug(&e.to_string());
            CKR_DEVICE_ERROR
        };
        let mut objects = objects::key_objects(
            1,
            KeyRole::Authentication,
            profile.authentication.key_reference,
            &certificates.authentication,
        )
        .map_err(bad)?;
        objects.extend(
            objects::key_objects(
                4,
                KeyRole::Signature,
                profile.signature.key_reference,
                &certificates.signature,
            )
            .map_err(bad)?,
        );
        use sha2::Digest;
        let serial = hex_upper(sha2::Sha256::digest(&certificates.signature).get(..8));
        Ok(Token {
            label: objects::label(&certificates.signature),
            serial,
            card,
            profile,
            objects,
            logged_in: false,
        })
    }

    /// The profile's PIN lengths.
    pub fn pin_lengths(&self) -> (u8, u8) {
        (self.profile.pin.min_length, self.profile.pin.max_length)
    }

    /// The PIN's status (VERIFY without data: spends no try).
    pub fn pin_status(&mut self) -> Result<PinStatus, CK_RV> {
        EidSession::new(&mut self.card, &self.profile)
            .pin_status()
            .map_err(|e| rv(&e))
    }

    /// The token flags from the PIN counter: `CKF_USER_PIN_COUNT_LOW` (fewer than
    /// three tries, or unknown), `CKF_USER_PIN_FINAL_TRY` (one try, or unknown),
    /// `CKF_USER_PIN_LOCKED` (blocked or unusable).
    pub fn pin_flags(status: PinStatus) -> CK_FLAGS {
        match status {
            PinStatus::Verified | PinStatus::TriesLeft(3..) => 0,
            PinStatus::TriesLeft(1) | PinStatus::Unknown(_) => {
                CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY
            }
            PinStatus::TriesLeft(_) => CKF_USER_PIN_COUNT_LOW,
            PinStatus::Blocked | PinStatus::NotUsable => CKF_USER_PIN_LOCKED,
        }
    }

    /// `C_Login` for the user: the PIN's format is checked, the counter asked; a
    /// blocked PIN, the last try and an unknown counter are refused with
    /// `CKR_PIN_LOCKED` without sending the PIN (spend it with
    /// `cnie verify-pin --force`); else exactly one VERIFY.
    pub fn login(&mut self, pin: &str) -> Result<(), CK_RV> {
        let pin = Pin::new(pin, &self.profile.pin).map_err(pin_rv)?;
        let status = self.pin_status()?;
        if status.may_be_last_try() || matches!(status, PinStatus::Blocked | PinStatus::NotUsable) {
            debug(&format!(
                "PIN not sent ({status:?}): the last try is never spent through PKCS#11; use `cnie verify-pin --force`"
            ));
            return Err(CKR_PIN_LOCKED);
        }
        EidSession::new(&mut self.card, &self.profile)
            .verify_pin_with(status, &pin, false)
            .map_err(|e| {
                debug(&format!("VERIFY: {e}"));
                rv(&e)
            })?;
        self.logged_in = true;
        Ok(())
    }

    /// Signs a 32-byte digest with the key of `role`; the signature (raw r‖s) was
    /// verified against the key's certificate by the library.
    pub fn sign(&mut self, role: KeyRole, digest: &[u8; 32]) -> Result<[u8; 64], CK_RV> {
        let mut session = EidSession::new(&mut self.card, &self.profile);
        let signature = match role {
            KeyRole::Signature => session.sign_digest(digest),
            KeyRole::Authentication => session.authenticate_digest(digest),
        }
        .map_err(|e| {
            debug(&format!("signature: {e}"));
            rv(&e)
        })?;
        Ok(signature.to_raw())
    }
}

fn hex_upper(bytes: Option<&[u8]>) -> String {
    bytes
        .unwrap_or_default()
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect()
}
