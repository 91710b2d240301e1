//! A small high-level API over a [`Card`]: select the eID application,
//! query and verify the PIN without ever spending the last try by surprise,
//! change and unblock it, read certificates, sign and authenticate with a
//! signature verified before it is returned. Nothing is ever retried.

use zeroize::Zeroize;

use crate::card::Card;
use crate::iso7816::{Command, Transport};

use super::commands;
use super::pin::{Pin, PinStatus};
use super::profile::{KeyProfile, PinFormat, Profile};
use super::signature::{self, VerifiedSignature};
use crate::error::{EidError, Result};

/// The certificates of the eID application (DER X.509).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificates {
    /// The authentication key's certificate.
    pub authentication: Vec<u8>,
    /// The signature key's certificate.
    pub signature: Vec<u8>,
}

/// The eID application of a card, driven by a [`Profile`].
pub struct EidSession<'a, T: Transport> {
    card: &'a mut Card<T>,
    profile: &'a Profile,
}

impl<T: Transport> std::fmt::Debug for EidSession<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EidSession")
            .field("card", &self.card)
            .field("profile", &self.profile.name)
            .finish()
    }
}

impl<'a, T: Transport> EidSession<'a, T> {
    /// A session over `card` (with PACE already run when the profile needs it).
    pub fn new(card: &'a mut Card<T>, profile: &'a Profile) -> Self {
        EidSession { card, profile }
    }

    /// SELECTs the eID application by AID; refuses when the profile needs
    /// secure messaging and the channel has none.
    pub fn select(&mut self) -> Result<()> {
        self.ensure_secure()?;
        let answer = self.card.transmit(&commands::select(&self.profile.aid))?;
        if answer.sw.is_success() {
            Ok(())
        } else {
            Err(EidError::NoEidApplication { sw: answer.sw }.into())
        }
    }

    /// The PIN's status from VERIFY without data: spends no try.
    pub fn pin_status(&mut self) -> Result<PinStatus> {
        self.status_of(&self.profile.pin)
    }

    /// The PUK's status from VERIFY without data (spends no try). A card that does
    /// not answer this query for its PUK gives [`PinStatus::Unknown`], which counts
    /// as the last try.
    pub fn puk_status(&mut self) -> Result<PinStatus> {
        self.status_of(&self.profile.puk)
    }

    fn status_of(&mut self, format: &PinFormat) -> Result<PinStatus> {
        self.ensure_secure()?;
        let r = self.card.transmit(&commands::verify_status(format))?;
        Ok(PinStatus::from_counter_sw(r.sw))
    }

    /// Refuses to go on when the profile asks for secure messaging and the channel
    /// has none (never established, or closed by a failure): no PIN, PUK or counter
    /// query ever travels in plain on such a card.
    fn ensure_secure(&self) -> Result<()> {
        if self.profile.requires_secure_messaging && !self.card.is_secure() {
            return Err(EidError::SecureMessagingRequired.into());
        }
        Ok(())
    }

    /// Refuses a blocked or unusable reference, and the last try (or a counter that
    /// could not be read) unless `force`.
    fn check_tries(status: PinStatus, force: bool) -> Result<()> {
        match status {
            PinStatus::Blocked => Err(EidError::Blocked.into()),
            PinStatus::Unknown(sw) if !force => Err(EidError::CounterUnknown { sw }.into()),
            PinStatus::TriesLeft(1) if !force => Err(EidError::LastTryRefused.into()),
            PinStatus::NotUsable => Err(EidError::Status {
                command: "VERIFY (retry counter)",
                sw: crate::iso7816::StatusWord::REFERENCE_DATA_NOT_USABLE,
            }
            .into()),
            PinStatus::Verified | PinStatus::TriesLeft(_) | PinStatus::Unknown(_) => Ok(()),
        }
    }

    /// Sends a PIN-bearing command once (only on a secure channel when the profile
    /// asks for one), wipes its data, and reads the answer.
    fn send_secret(&mut self, mut cmd: Command, what: &'static str) -> Result<()> {
        if let Err(e) = self.ensure_secure() {
            cmd.data.zeroize();
            return Err(e);
        }
        let r = self.card.transmit(&cmd);
        cmd.data.zeroize();
        match PinStatus::from_counter_sw(r?.sw) {
            PinStatus::Verified => Ok(()),
            PinStatus::TriesLeft(tries_left) => Err(EidError::WrongPin { tries_left }.into()),
            PinStatus::Blocked => Err(EidError::Blocked.into()),
            PinStatus::NotUsable => Err(EidError::Status {
                command: what,
                sw: crate::iso7816::StatusWord::REFERENCE_DATA_NOT_USABLE,
            }
            .into()),
            PinStatus::Unknown(sw) => Err(EidError::Status { command: what, sw }.into()),
        }
    }

    /// Verifies the PIN: queries the retry counter first, refuses a blocked
    /// PIN, and refuses to spend the last try unless `force`; then one
    /// VERIFY, never retried.
    pub fn verify_pin(&mut self, pin: &Pin, force: bool) -> Result<()> {
        let status = self.pin_status()?;
        self.verify_pin_with(status, pin, force)
    }

    /// As [`Self::verify_pin`] with the counter the caller just read with
    /// [`Self::pin_status`] (e.g. to show it before asking the PIN): no second query.
    pub fn verify_pin_with(&mut self, status: PinStatus, pin: &Pin, force: bool) -> Result<()> {
        Self::check_tries(status, force)?;
        let cmd = commands::verify(&self.profile.pin, pin);
        self.send_secret(cmd, "VERIFY")
    }

    /// Changes the PIN (CHANGE REFERENCE DATA) with the same care as
    /// [`Self::verify_pin`].
    pub fn change_pin(&mut self, old: &Pin, new: &Pin, force: bool) -> Result<()> {
        let status = self.pin_status()?;
        self.change_pin_with(status, old, new, force)
    }

    /// As [`Self::change_pin`] with the counter the caller just read.
    pub fn change_pin_with(
        &mut self,
        status: PinStatus,
        old: &Pin,
        new: &Pin,
        force: bool,
    ) -> Result<()> {
        Self::check_tries(status, force)?;
        let cmd = commands::change_reference_data(&self.profile.pin, old, new);
        self.send_secret(cmd, "CHANGE REFERENCE DATA")
    }

    /// Unblocks the PIN with the PUK (RESET RETRY COUNTER), setting `new_pin`
    /// when given. The PUK's counter is asked first: a blocked PUK is refused, and
    /// its last try, or a counter the card does not tell, needs `force` (spending
    /// the last PUK try wrongly kills the eID application for good).
    /// A wrong PUK is reported as [`EidError::WrongPin`] with the PUK's tries.
    pub fn unblock_pin(&mut self, puk: &Pin, new_pin: Option<&Pin>, force: bool) -> Result<()> {
        let status = self.puk_status()?;
        self.unblock_pin_with(status, puk, new_pin, force)
    }

    /// As [`Self::unblock_pin`] with the PUK's counter the caller just read with
    /// [`Self::puk_status`].
    pub fn unblock_pin_with(
        &mut self,
        puk_status: PinStatus,
        puk: &Pin,
        new_pin: Option<&Pin>,
        force: bool,
    ) -> Result<()> {
        Self::check_tries(puk_status, force)?;
        let cmd = commands::reset_retry_counter(&self.profile.pin, puk, new_pin);
        self.send_secret(cmd, "RESET RETRY COUNTER")
    }

    /// Reads both certificates.
    pub fn certificates(&mut self) -> Result<Certificates> {
        Ok(Certificates {
            authentication: commands::read_certificate(
                self.card,
                self.profile.authentication.certificate_sfi,
            )?,
            signature: commands::read_certificate(
                self.card,
                self.profile.signature.certificate_sfi,
            )?,
        })
    }

    /// Signs `data` with the signature key (PIN verified first): SHA-256 on
    /// the host, MSE:SET, PSO:CDS (or the profile's command), and the
    /// signature verified against the key's certificate before it is returned.
    pub fn sign(&mut self, data: &[u8]) -> Result<VerifiedSignature> {
        self.sign_digest(&signature::digest(data))
    }

    /// As [`Self::sign`] for a SHA-256 digest the caller computed (e.g. of a
    /// large file, hashed as it is read).
    pub fn sign_digest(&mut self, digest: &[u8; 32]) -> Result<VerifiedSignature> {
        let key = self.profile.signature;
        self.sign_with(&key, digest, "signature")
    }

    /// Challenge-response login with the authentication key: the card signs
    /// SHA-256(`challenge`) (MSE:SET AT, INTERNAL AUTHENTICATE by default);
    /// the signature is verified against the certificate before it is returned.
    pub fn authenticate(&mut self, challenge: &[u8]) -> Result<VerifiedSignature> {
        let key = self.profile.authentication;
        self.sign_with(&key, &signature::digest(challenge), "authentication")
    }

    /// As [`Self::authenticate`] for a SHA-256 digest the caller computed (e.g. a
    /// PKCS#11 application's prehashed `CKM_ECDSA` input).
    pub fn authenticate_digest(&mut self, digest: &[u8; 32]) -> Result<VerifiedSignature> {
        let key = self.profile.authentication;
        self.sign_with(&key, digest, "authentication")
    }

    fn sign_with(
        &mut self,
        key: &KeyProfile,
        digest: &[u8; 32],
        what: &'static str,
    ) -> Result<VerifiedSignature> {
        let certificate = commands::read_certificate(self.card, key.certificate_sfi)?;
        // Fail on an unusable certificate before the card signs anything.
        signature::certificate_key(&certificate)?;
        if key.manage_security_environment {
            self.card.transmit_ok(&commands::mse_set(key), "MSE:SET")?;
        }
        let r = self
            .card
            .transmit(&commands::sign_command(key.command, digest))?;
        let raw = commands::signature_response(r, what)?;
        Ok(signature::verify(&certificate, digest, &raw)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::test_support::eid_mock::MockCard;
    use p256::ecdsa::signature::hazmat::PrehashVerifier;
    use p256::ecdsa::{Signature, SigningKey};

    fn profile() -> Profile {
        Profile {
            requires_secure_messaging: false,
            ..Profile::default_cnie()
        }
    }

    fn card(p: &Profile) -> Card<MockCard> {
        Card::new(MockCard::new(&p.aid))
    }

    fn pin(s: &str) -> Pin {
        Pin::new(s, &Profile::default_cnie().pin).unwrap()
    }

    #[test]
    fn select_needs_secure_messaging_when_asked() {
        let p = Profile::default_cnie();
        let mut c = card(&p);
        let mut s = EidSession::new(&mut c, &p);
        assert!(matches!(
            s.select(),
            Err(Error::Eid(EidError::SecureMessagingRequired))
        ));
        assert!(c.transport().log.is_empty());
        let p = profile();
        let mut s = EidSession::new(&mut c, &p);
        s.select().unwrap();
    }

    #[test]
    fn retry_counter_walk() {
        let p = profile();
        let mut c = card(&p);
        let mut s = EidSession::new(&mut c, &p);
        s.select().unwrap();
        assert_eq!(s.pin_status().unwrap(), PinStatus::TriesLeft(3));
        assert!(matches!(
            s.verify_pin(&pin("9999"), false),
            Err(Error::Eid(EidError::WrongPin { tries_left: 2 }))
        ));
        assert!(matches!(
            s.verify_pin(&pin("9999"), false),
            Err(Error::Eid(EidError::WrongPin { tries_left: 1 }))
        ));
        // The last try is refused: only the counter query goes out.
        let before = c.transport().log.len();
        let mut s = EidSession::new(&mut c, &p);
        assert!(matches!(
            s.verify_pin(&pin("9999"), false),
            Err(Error::Eid(EidError::LastTryRefused))
        ));
        let log = &c.transport().log;
        assert_eq!(log.len(), before + 1);
        assert_eq!(hex::encode_upper(&log[before]), "00200081");
        // Forced, it is spent and the PIN is blocked.
        let mut s = EidSession::new(&mut c, &p);
        assert!(matches!(
            s.verify_pin(&pin("9999"), true),
            Err(Error::Eid(EidError::Blocked))
        ));
        assert_eq!(s.pin_status().unwrap(), PinStatus::Blocked);
        // Blocked: even the right PIN is refused before any VERIFY with data.
        let before = c.transport().log.len();
        let mut s = EidSession::new(&mut c, &p);
        assert!(matches!(
            s.verify_pin(&pin("1234"), true),
            Err(Error::Eid(EidError::Blocked))
        ));
        assert_eq!(c.transport().log.len(), before + 1);
        // Unblock with the PUK resets the counter.
        let puk = Pin::new("12345678", &p.puk).unwrap();
        let mut s = EidSession::new(&mut c, &p);
        s.unblock_pin(&puk, None, false).unwrap();
        assert_eq!(s.pin_status().unwrap(), PinStatus::TriesLeft(3));
        s.verify_pin(&pin("1234"), false).unwrap();
        assert_eq!(s.pin_status().unwrap(), PinStatus::Verified);
        assert_eq!(c.transport().tries, 3);
    }

    #[test]
    fn unusable_reference_is_refused_before_verify() {
        let p = profile();
        let mut c = card(&p);
        c.transport_mut().not_usable = true;
        let mut s = EidSession::new(&mut c, &p);
        assert!(matches!(
            s.verify_pin(&pin("1234"), true),
            Err(Error::Eid(EidError::Status { .. }))
        ));
        assert_eq!(c.transport().ins_log(), [0x20]);
        assert_eq!(c.transport().log[0].len(), 4);
    }

    #[test]
    fn right_pin_resets_the_counter() {
        let p = profile();
        let mut c = card(&p);
        let mut s = EidSession::new(&mut c, &p);
        assert!(s.verify_pin(&pin("0000"), false).is_err());
        assert_eq!(s.pin_status().unwrap(), PinStatus::TriesLeft(2));
        s.verify_pin(&pin("1234"), false).unwrap();
        assert_eq!(c.transport().tries, 3);
    }

    #[test]
    fn wrong_puk_and_change_pin() {
        let p = profile();
        let mut c = card(&p);
        let mut s = EidSession::new(&mut c, &p);
        let bad_puk = Pin::new("00000000", &p.puk).unwrap();
        assert!(matches!(
            s.unblock_pin(&bad_puk, None, false),
            Err(Error::Eid(EidError::WrongPin { tries_left: 9 }))
        ));
        s.change_pin(&pin("1234"), &pin("5678"), false).unwrap();
        assert!(matches!(
            s.verify_pin(&pin("1234"), false),
            Err(Error::Eid(EidError::WrongPin { tries_left: 2 }))
        ));
        s.verify_pin(&pin("5678"), false).unwrap();
        let puk = Pin::new("12345678", &p.puk).unwrap();
        s.unblock_pin(&puk, Some(&pin("2468")), false).unwrap();
        s.verify_pin(&pin("2468"), false).unwrap();
    }

    /// A counter the card does not tell (an undocumented answer to the query) counts
    /// as the last try: the PIN and the PUK are refused without `force`, and with it
    /// sent exactly once.
    #[test]
    fn an_unknown_counter_is_the_last_try() {
        let p = profile();
        let puk = Pin::new("12345678", &p.puk).unwrap();
        for sw in [0x6300, 0x6A88, 0x9001] {
            let mut c = card(&p);
            c.transport_mut().counter_answer = Some(sw);
            let mut s = EidSession::new(&mut c, &p);
            assert_eq!(
                s.puk_status().unwrap(),
                PinStatus::Unknown(crate::iso7816::StatusWord(sw))
            );
            assert!(matches!(
                s.verify_pin(&pin("1234"), false),
                Err(Error::Eid(EidError::CounterUnknown { .. }))
            ));
            assert!(matches!(
                s.change_pin(&pin("1234"), &pin("5678"), false),
                Err(Error::Eid(EidError::CounterUnknown { .. }))
            ));
            let e = s.unblock_pin(&puk, Some(&pin("2468")), false).unwrap_err();
            assert!(
                matches!(e, Error::Eid(EidError::CounterUnknown { .. })),
                "{e:?}"
            );
            assert_eq!(e.kind(), crate::ErrorKind::LastTryRefused);
            // Nothing but the counter queries went out.
            assert!(c.transport().log.iter().all(|a| a.len() == 4), "{sw:04X}");
            // Forced: each secret goes out once.
            let mut s = EidSession::new(&mut c, &p);
            s.unblock_pin(&puk, None, true).unwrap();
            s.verify_pin(&pin("1234"), true).unwrap();
            let secrets = c.transport().log.iter().filter(|a| a.len() > 4).count();
            assert_eq!(secrets, 2);
        }
    }

    /// When the profile asks for secure messaging, no PIN, PUK or counter query goes
    /// out on a channel without it (never opened, or closed by a failure).
    #[test]
    fn secrets_need_the_secure_channel_the_profile_asks_for() {
        let p = Profile::default_cnie();
        assert!(p.requires_secure_messaging);
        let mut c = card(&p);
        let puk = Pin::new("12345678", &p.puk).unwrap();
        let mut s = EidSession::new(&mut c, &p);
        for e in [
            s.verify_pin(&pin("1234"), true).unwrap_err(),
            s.change_pin(&pin("1234"), &pin("5678"), true).unwrap_err(),
            s.unblock_pin(&puk, Some(&pin("2468")), true).unwrap_err(),
            s.pin_status().unwrap_err(),
        ] {
            assert!(
                matches!(e, Error::Eid(EidError::SecureMessagingRequired)),
                "{e:?}"
            );
        }
        assert!(c.transport().log.is_empty());
    }

    /// With the counter already read, the PIN goes out without a second query, and the
    /// last-try rule still holds on the status given.
    #[test]
    fn a_known_counter_is_not_asked_again() {
        let p = profile();
        let mut c = card(&p);
        let mut s = EidSession::new(&mut c, &p);
        let status = s.pin_status().unwrap();
        s.verify_pin_with(status, &pin("1234"), false).unwrap();
        assert_eq!(c.transport().ins_log(), [0x20, 0x20]);
        let mut s = EidSession::new(&mut c, &p);
        assert!(matches!(
            s.verify_pin_with(PinStatus::TriesLeft(1), &pin("1234"), false),
            Err(Error::Eid(EidError::LastTryRefused))
        ));
        assert_eq!(c.transport().log.len(), 2);
    }

    #[test]
    fn pin_bytes_never_shown() {
        let p = profile();
        let mut c = card(&p);
        let secret = pin("4815");
        let mut s = EidSession::new(&mut c, &p);
        let e = s.verify_pin(&secret, false).unwrap_err();
        for shown in [
            e.to_string(),
            format!("{e:?}"),
            format!("{secret:?}"),
            format!("{s:?}"),
        ] {
            assert!(!shown.contains("4815"), "{shown}");
            assert!(!shown.contains("34383135"), "{shown}");
        }
    }

    #[test]
    fn sign_returns_a_verified_der_signature() {
        let p = profile();
        let mut c = card(&p);
        let mut s = EidSession::new(&mut c, &p);
        s.select().unwrap();
        // Without the PIN the card refuses.
        assert!(matches!(
            s.sign(b"contract"),
            Err(Error::Eid(EidError::Status { .. }))
        ));
        s.verify_pin(&pin("1234"), false).unwrap();
        let sig = s.sign(b"contract").unwrap();
        let certs = s.certificates().unwrap();
        assert_eq!(sig.certificate(), &certs.signature[..]);
        let key = signature::certificate_key(&certs.signature).unwrap();
        let der = Signature::from_der(&sig.to_der()).unwrap();
        key.verify_prehash(&signature::digest(b"contract"), &der)
            .unwrap();
        let auth = s.authenticate(b"challenge-123").unwrap();
        key.verify_prehash(
            &signature::digest(b"challenge-123"),
            &Signature::from_slice(&auth.to_raw()).unwrap(),
        )
        .unwrap();
        // The APDUs of the signature: cert reads, MSE:SET DST, PSO:CDS.
        let ins = c.transport().ins_log();
        assert!(ins.windows(2).any(|w| w == [0x22, 0x2A]));
        assert!(ins.windows(2).any(|w| w == [0x22, 0x88]));
        assert!(
            c.transport()
                .log
                .iter()
                .any(|a| a.starts_with(&[0, 0x22, 0x41, 0xB6, 3, 0x84, 1, 2]))
        );
    }

    #[test]
    fn a_malformed_signature_is_an_error() {
        let p = profile();
        let mut c = card(&p);
        c.transport_mut().garbage_signature = true;
        let mut s = EidSession::new(&mut c, &p);
        s.verify_pin(&pin("1234"), false).unwrap();
        assert!(matches!(
            s.sign(b"x"),
            Err(Error::Eid(EidError::MalformedSignature))
        ));
    }

    #[test]
    fn a_signature_that_does_not_verify_is_an_error() {
        let p = profile();
        let mut c = card(&p);
        c.transport_mut().key = SigningKey::from_slice(&[7; 32]).unwrap();
        let mut s = EidSession::new(&mut c, &p);
        s.verify_pin(&pin("1234"), false).unwrap();
        assert!(matches!(
            s.sign(b"x"),
            Err(Error::Eid(EidError::InvalidSignature))
        ));
        assert!(matches!(
            s.authenticate(b"x"),
            Err(Error::Eid(EidError::InvalidSignature))
        ));
    }
}
