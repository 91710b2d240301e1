//! The eID application (PIN, certificates, signatures) on a card opened with PACE,
//! with the command line's rules: the counter is read first, a blocked PIN is never
//! sent, the last try (or a counter the card does not tell) is refused without
//! `force`, nothing is ever retried, and every signature is verified against the
//! card's certificate before it is returned.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use cnie::card::Card;
use cnie::eid::{EidSession, Pin, PinStatus, Profile, VerifiedSignature};
use cnie::pa::Certificate;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::cancel::CancelToken;
use crate::error::{CnieError, guard};
use crate::read::AccessKeys;
use crate::transport::{Adapter, CardTransport};

/// What the PIN's retry counter says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum PinStatusKind {
    /// Already verified in this session.
    Verified,
    /// Not verified; `tries_left` tries left.
    TriesLeft,
    /// Blocked: unblock it with the PUK.
    Blocked,
    /// Deactivated or not yet set.
    NotUsable,
    /// The card does not tell: counts as the last try.
    Unknown,
}

/// The PIN's status.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PinState {
    /// What the counter says.
    pub status: PinStatusKind,
    /// Tries left, when the card tells.
    pub tries_left: Option<u8>,
    /// Whether the next try may be the last (then `verify_pin` needs `force`).
    pub last_try: bool,
}

impl From<PinStatus> for PinState {
    fn from(s: PinStatus) -> Self {
        let (status, tries_left) = match s {
            PinStatus::Verified => (PinStatusKind::Verified, None),
            PinStatus::TriesLeft(n) => (PinStatusKind::TriesLeft, Some(n)),
            PinStatus::Blocked => (PinStatusKind::Blocked, Some(0)),
            PinStatus::NotUsable => (PinStatusKind::NotUsable, None),
            PinStatus::Unknown(_) => (PinStatusKind::Unknown, None),
        };
        PinState {
            status,
            tries_left,
            last_try: s.may_be_last_try(),
        }
    }
}

/// A signature from the card, verified against its certificate.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Signature {
    /// DER `ECDSA-Sig-Value` (what `openssl dgst -verify` and most libraries take).
    pub der: Vec<u8>,
    /// Raw `r || s` (64 bytes).
    pub raw: Vec<u8>,
    /// The DER X.509 certificate whose key verified it.
    pub certificate: Vec<u8>,
}

impl From<VerifiedSignature> for Signature {
    fn from(s: VerifiedSignature) -> Self {
        Signature {
            der: s.to_der(),
            raw: s.to_raw().to_vec(),
            certificate: s.certificate().to_vec(),
        }
    }
}

/// One certificate of the eID application.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CertificateInfo {
    /// "authentication" or "signature".
    pub role: String,
    /// The DER encoding.
    pub der: Vec<u8>,
    /// Subject distinguished name.
    pub subject: String,
    /// Issuer distinguished name.
    pub issuer: String,
    /// Serial number, hex.
    pub serial: String,
    /// Start of validity, ISO 8601.
    pub not_before: String,
    /// End of validity, ISO 8601.
    pub not_after: String,
    /// The public key ("EC P-256", …).
    pub public_key: String,
    /// SHA-256 of the DER, hex.
    pub sha256: String,
}

fn describe(role: &str, der: Vec<u8>) -> Result<CertificateInfo, CnieError> {
    let summary = Certificate::from_der(&der)
        .map_err(|e| CnieError::CardError {
            detail: format!("the card's {role} certificate is malformed: {e}"),
        })?
        .summary();
    Ok(CertificateInfo {
        role: role.into(),
        sha256: hex_lower(&Sha256::digest(&der)),
        der,
        subject: summary.subject,
        issuer: summary.issuer,
        serial: summary.serial,
        not_before: summary.not_before,
        not_after: summary.not_after,
        public_key: summary.public_key,
    })
}

fn hex_lower(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The longest challenge `authenticate` takes (as `cnie authenticate`).
const MAX_CHALLENGE: usize = 1024;

/// A card's eID application, opened with PACE (the CAN, or the MRZ). Its methods are
/// blocking; one at a time (they queue). `close` (or dropping it) ends the session:
/// the card is reset and a verified PIN forgotten.
#[derive(uniffi::Object)]
pub struct EidCard {
    card: Mutex<Option<Card<Adapter>>>,
    profile: Profile,
}

impl std::fmt::Debug for EidCard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EidCard")
            .field("profile", &self.profile.name)
            .finish_non_exhaustive()
    }
}

impl EidCard {
    fn lock(&self) -> MutexGuard<'_, Option<Card<Adapter>>> {
        self.card.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `f` on an eID session over the open card; a cancelled token ends the
    /// session (channel closed).
    fn with<T>(
        &self,
        f: impl FnOnce(&mut EidSession<'_, Adapter>) -> Result<T, CnieError>,
    ) -> Result<T, CnieError> {
        guard(|| {
            let mut slot = self.lock();
            let card = slot
                .as_mut()
                .ok_or_else(|| CnieError::invalid("the eID card is closed: open it again"))?;
            let outcome = f(&mut EidSession::new(card, &self.profile));
            if card.transport().cancelled() {
                if let Some(card) = slot.take() {
                    card.transport().transport().close();
                }
                return Err(CnieError::cancelled());
            }
            outcome
        })
    }

    fn pin(&self, digits: String) -> Result<Pin, CnieError> {
        let digits = Zeroizing::new(digits);
        Pin::new(&digits, &self.profile.pin)
            .map_err(|e| CnieError::invalid(format!("invalid PIN: {e}")))
    }
}

#[uniffi::export]
impl EidCard {
    /// Opens the eID application: PACE with the keys (BAC refused), then SELECT.
    /// `profile_toml`: another card profile (docs/eid.md); the built-in
    /// `cnie-default` when not given.
    #[uniffi::constructor(default(profile_toml = None, cancel = None))]
    pub fn open(
        transport: Arc<dyn CardTransport>,
        keys: AccessKeys,
        profile_toml: Option<String>,
        cancel: Option<Arc<CancelToken>>,
    ) -> Result<Arc<Self>, CnieError> {
        let closer = Arc::clone(&transport);
        let opened = guard(|| {
            let profile = match profile_toml {
                None => Profile::default_cnie(),
                Some(text) => Profile::from_toml(&text)
                    .map_err(|e| CnieError::invalid(format!("the profile: {e}")))?,
            };
            let keys = keys.into_keys()?;
            let mut card = Card::new(Adapter::new(transport, cancel.clone()));
            let options = cnie::session::ReadOptions {
                require_pace: true,
                ..cnie::session::ReadOptions::default()
            };
            let opened = cnie::session::open_card(&mut card, &keys, &options, |_| {})
                .and_then(|_| EidSession::new(&mut card, &profile).select());
            drop(keys);
            match opened {
                Err(_) if cancel.as_ref().is_some_and(|c| c.is_cancelled()) => {
                    Err(CnieError::cancelled())
                }
                Err(e) => Err(e.into()),
                Ok(()) => Ok(Arc::new(EidCard {
                    card: Mutex::new(Some(card)),
                    profile,
                })),
            }
        });
        if opened.is_err() {
            closer.close();
        }
        opened
    }

    /// The PIN's retry counter (spends no try).
    pub fn pin_status(&self) -> Result<PinState, CnieError> {
        self.with(|s| Ok(s.pin_status()?.into()))
    }

    /// Verifies the PIN once: the counter is read first; a blocked or unusable PIN is
    /// not sent (`PinBlocked`), the last try (or an unknown counter) is not spent
    /// without `force` (`LastTryRefused`); a wrong PIN is `WrongPin` with the tries left.
    #[uniffi::method(default(force = false))]
    pub fn verify_pin(&self, pin: String, force: bool) -> Result<(), CnieError> {
        let pin = self.pin(pin)?;
        self.with(|s| {
            let status = s.pin_status()?;
            if status == PinStatus::NotUsable {
                return Err(CnieError::PinBlocked {
                    detail:
                        "the card says the PIN cannot be used (6984: deactivated or not yet set)"
                            .into(),
                });
            }
            s.verify_pin_with(status, &pin, force)?;
            Ok(())
        })
    }

    /// Signs a SHA-256 digest (32 bytes) with the signature key (verify the PIN first).
    pub fn sign_digest(&self, digest: Vec<u8>) -> Result<Signature, CnieError> {
        let digest = <[u8; 32]>::try_from(digest.as_slice())
            .map_err(|_| CnieError::invalid("the digest is a SHA-256 digest: 32 bytes"))?;
        self.with(|s| Ok(s.sign_digest(&digest)?.into()))
    }

    /// Signs `data` (hashed with SHA-256 here) with the signature key.
    pub fn sign(&self, data: Vec<u8>) -> Result<Signature, CnieError> {
        self.sign_digest(Sha256::digest(&data).to_vec())
    }

    /// Signs a challenge (1 to 1024 bytes, hashed with SHA-256) with the
    /// authentication key (verify the PIN first).
    pub fn authenticate(&self, challenge: Vec<u8>) -> Result<Signature, CnieError> {
        if challenge.is_empty() || challenge.len() > MAX_CHALLENGE {
            return Err(CnieError::invalid(format!(
                "the challenge must have 1 to {MAX_CHALLENGE} bytes"
            )));
        }
        self.with(|s| Ok(s.authenticate(&challenge)?.into()))
    }

    /// The authentication and signature certificates.
    pub fn certificates(&self) -> Result<Vec<CertificateInfo>, CnieError> {
        self.with(|s| {
            let certs = s.certificates()?;
            Ok(vec![
                describe("authentication", certs.authentication)?,
                describe("signature", certs.signature)?,
            ])
        })
    }

    /// Ends the session: the card channel is closed (the built-in PC/SC transport
    /// resets the card, so a verified PIN does not outlive it). Idempotent.
    pub fn close(&self) {
        if let Some(card) = self.lock().take() {
            card.transport().transport().close();
        }
    }
}

impl Drop for EidCard {
    fn drop(&mut self) {
        self.close();
    }
}
