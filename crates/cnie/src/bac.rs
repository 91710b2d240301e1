//! Basic Access Control (ICAO 9303-11 §4.3, worked example in Appendix D).
//!
//! The terminal proves knowledge of the MRZ-derived keys `K_enc`/`K_mac`:
//!
//! 1. GET CHALLENGE: the chip sends `RND.IC` (8 bytes).
//! 2. The terminal picks `RND.IFD` (8) and `K.IFD` (16), sends
//!    `E.IFD = 3DES(K_enc, RND.IFD || RND.IC || K.IFD)` and
//!    `M.IFD = MAC(K_mac, E.IFD)` in EXTERNAL AUTHENTICATE.
//! 3. The chip checks them and answers `E.IC || M.IC` over
//!    `RND.IC || RND.IFD || K.IC`.
//! 4. Both derive `KS_enc`/`KS_mac` from `K.IFD xor K.IC` and start 3DES
//!    secure messaging with `SSC = RND.IC[4..8] || RND.IFD[4..8]`.
//!
//! Every step is a pure function with its randomness injected
//! ([`BacTerminal`], [`BacChip`]); [`authenticate`] runs them over a [`Card`].
//! MACs are checked in constant time before anything is decrypted.

use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::card::Card;
use crate::error::{Error, ProtocolViolation, Result};
use crate::iso7816::{Command, Transport, ins};
use crate::keys::{MrzKey, derive_bac_keys, kseed_from_mrz};
use crate::sm::{Des3Cipher, Des3Sm, SmError};

/// Length of `RND.IC` and `RND.IFD`.
pub const CHALLENGE_LEN: usize = 8;
/// Length of `K.IFD` and `K.IC`.
pub const KEY_MATERIAL_LEN: usize = 16;
/// Length of the EXTERNAL AUTHENTICATE data and of the chip's answer: a
/// 32-byte cryptogram and an 8-byte MAC.
pub const AUTH_DATA_LEN: usize = 40;

/// Length of the cryptogram part (`E.IFD`, `E.IC`).
const CRYPTOGRAM_LEN: usize = 32;
/// The 3DES block size (MAC padding unit).
const BLOCK: usize = 8;

/// Why a BAC step failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BacError {
    /// The authentication data is not [`AUTH_DATA_LEN`] bytes.
    #[error("BAC authentication data is not 40 bytes")]
    WrongLength,
    /// The MAC over the cryptogram did not verify (wrong key, or tampering).
    #[error("BAC cryptogram MAC check failed")]
    BadMac,
    /// The decrypted cryptogram does not echo the challenges.
    #[error("BAC cryptogram does not echo the challenges")]
    ChallengeMismatch,
    /// The 3DES primitives refused their input.
    #[error(transparent)]
    Crypto(#[from] SmError),
}

impl From<BacError> for Error {
    fn from(e: BacError) -> Self {
        match e {
            BacError::WrongLength => Error::Protocol(ProtocolViolation::BacAnswerLength),
            BacError::BadMac => Error::Protocol(ProtocolViolation::BacBadMac),
            BacError::ChallengeMismatch => Error::Protocol(ProtocolViolation::BacChallengeMismatch),
            BacError::Crypto(e) => Error::SecureMessaging(e),
        }
    }
}

/// Runs BAC on `card` with the MRZ key and starts 3DES secure messaging.
///
/// Any secure messaging already on the channel is dropped first (BAC runs in
/// plain). Random `RND.IFD` and `K.IFD` come from the operating system.
///
/// # Errors
///
/// [`Error::AccessDenied`] when the chip refuses EXTERNAL AUTHENTICATE (wrong
/// MRZ data); [`Error::Status`] when GET CHALLENGE fails; [`Error::Protocol`]
/// when the chip's answers have the wrong size or a wrong cryptogram, or the
/// system has no random numbers; transport errors as they come.
pub fn authenticate<T: Transport>(card: &mut Card<T>, key: &MrzKey) -> Result<()> {
    card.clear_secure_messaging();
    let challenge = card.transmit(&get_challenge())?;
    if !challenge.sw.is_success() {
        return Err(Error::Status {
            command: "GET CHALLENGE",
            sw: challenge.sw,
        });
    }
    let rnd_ic: [u8; CHALLENGE_LEN] = challenge
        .data
        .as_slice()
        .try_into()
        .map_err(|_| Error::Protocol(ProtocolViolation::BacChallengeLength))?;
    let terminal = BacTerminal::with_random(key).map_err(|_| Error::Random)?;
    let answer = card.transmit(&external_authenticate(terminal.command_data(&rnd_ic)?))?;
    if !answer.sw.is_success() {
        return Err(Error::AccessDenied);
    }
    let sm = terminal.finish(&rnd_ic, &answer.data)?;
    card.set_secure_messaging(Box::new(sm));
    Ok(())
}

/// GET CHALLENGE for 8 bytes (`00 84 00 00 08`).
pub fn get_challenge() -> Command {
    Command::new(0x00, ins::GET_CHALLENGE, 0x00, 0x00).with_le(CHALLENGE_LEN)
}

/// EXTERNAL AUTHENTICATE with `E.IFD || M.IFD` (`00 82 00 00 28 … 28`).
pub fn external_authenticate(data: Vec<u8>) -> Command {
    Command::new(0x00, ins::EXTERNAL_AUTHENTICATE, 0x00, 0x00)
        .with_data(data)
        .with_le(AUTH_DATA_LEN)
}

/// The MAC of a 32-byte cryptogram (padded with ISO/IEC 9797-1 method 2).
fn cryptogram_mac(cipher: &Des3Cipher, cryptogram: &[u8]) -> [u8; 8] {
    let mut padded = Vec::with_capacity(CRYPTOGRAM_LEN + BLOCK);
    padded.extend_from_slice(cryptogram);
    padded.push(0x80);
    padded.resize(CRYPTOGRAM_LEN + BLOCK, 0x00);
    cipher.retail_mac(&padded)
}

/// `E || M` over a 32-byte plaintext: 3DES-CBC (zero IV) and its MAC.
fn seal(cipher: &Des3Cipher, plaintext: &[u8; CRYPTOGRAM_LEN]) -> Result<Vec<u8>, BacError> {
    let mut out = Vec::with_capacity(AUTH_DATA_LEN);
    out.extend_from_slice(plaintext);
    let encrypted = cipher.encrypt_cbc(&mut out);
    if let Err(e) = encrypted {
        out.zeroize();
        return Err(e.into());
    }
    let mac = cryptogram_mac(cipher, &out);
    out.extend_from_slice(&mac);
    Ok(out)
}

/// Checks the MAC of `E || M` in constant time, then decrypts `E`.
fn open(cipher: &Des3Cipher, data: &[u8]) -> Result<Zeroizing<[u8; CRYPTOGRAM_LEN]>, BacError> {
    if data.len() != AUTH_DATA_LEN {
        return Err(BacError::WrongLength);
    }
    let (cryptogram, mac) = data.split_at(CRYPTOGRAM_LEN); // ok: length checked above
    let expected = cryptogram_mac(cipher, cryptogram);
    if !bool::from(expected.as_slice().ct_eq(mac)) {
        return Err(BacError::BadMac);
    }
    let mut plain = Zeroizing::new([0u8; CRYPTOGRAM_LEN]);
    plain.copy_from_slice(cryptogram); // ok: both are 32 bytes
    cipher.decrypt_cbc(plain.as_mut_slice())?;
    Ok(plain)
}

/// The values both sides derive at the end of BAC.
pub(crate) struct SessionMaterial {
    /// `KS_enc`.
    pub ks_enc: Zeroizing<[u8; 16]>,
    /// `KS_mac`.
    pub ks_mac: Zeroizing<[u8; 16]>,
    /// The initial send sequence counter.
    pub ssc: [u8; 8],
}

/// The session key seed `K.IFD xor K.IC`.
pub(crate) fn session_seed(
    k_ifd: &[u8; KEY_MATERIAL_LEN],
    k_ic: &[u8; KEY_MATERIAL_LEN],
) -> Zeroizing<[u8; 16]> {
    let mut kseed = Zeroizing::new([0u8; 16]);
    for ((s, a), b) in kseed.iter_mut().zip(k_ifd).zip(k_ic) {
        *s = a ^ b;
    }
    kseed
}

/// Derives the session keys and the SSC from the exchanged material.
pub(crate) fn session_material(
    k_ifd: &[u8; KEY_MATERIAL_LEN],
    k_ic: &[u8; KEY_MATERIAL_LEN],
    rnd_ic: &[u8; CHALLENGE_LEN],
    rnd_ifd: &[u8; CHALLENGE_LEN],
) -> SessionMaterial {
    let (ks_enc, ks_mac) = derive_bac_keys(&session_seed(k_ifd, k_ic));
    let mut ssc = [0u8; 8];
    ssc[..4].copy_from_slice(&rnd_ic[4..]); // ok: fixed-size arrays
    ssc[4..].copy_from_slice(&rnd_ifd[4..]); // ok: fixed-size arrays
    SessionMaterial {
        ks_enc,
        ks_mac,
        ssc,
    }
}

fn session(
    k_ifd: &[u8; KEY_MATERIAL_LEN],
    k_ic: &[u8; KEY_MATERIAL_LEN],
    rnd_ic: &[u8; CHALLENGE_LEN],
    rnd_ifd: &[u8; CHALLENGE_LEN],
) -> Des3Sm {
    let m = session_material(k_ifd, k_ic, rnd_ic, rnd_ifd);
    Des3Sm::new(&m.ks_enc, &m.ks_mac, m.ssc)
}

/// The terminal's side of BAC, with its random values fixed at creation.
///
/// Zeroized on drop; `Debug` shows nothing secret.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct BacTerminal {
    #[zeroize(skip)]
    cipher: Des3Cipher,
    rnd_ifd: [u8; CHALLENGE_LEN],
    k_ifd: [u8; KEY_MATERIAL_LEN],
}

impl std::fmt::Debug for BacTerminal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BacTerminal { .. }")
    }
}

impl BacTerminal {
    /// A terminal with the document's MRZ key and the given `RND.IFD` and
    /// `K.IFD` (use [`BacTerminal::with_random`] outside tests).
    pub fn new(key: &MrzKey, rnd_ifd: [u8; CHALLENGE_LEN], k_ifd: [u8; KEY_MATERIAL_LEN]) -> Self {
        let (k_enc, k_mac) = derive_bac_keys(&kseed_from_mrz(key));
        Self::from_keys(&k_enc, &k_mac, rnd_ifd, k_ifd)
    }

    /// A terminal with `RND.IFD` and `K.IFD` from the operating system's
    /// random number generator.
    ///
    /// # Errors
    ///
    /// When the system has no random numbers.
    pub fn with_random(key: &MrzKey) -> Result<Self, getrandom::Error> {
        let mut terminal = Self::new(key, [0; CHALLENGE_LEN], [0; KEY_MATERIAL_LEN]);
        getrandom::fill(&mut terminal.rnd_ifd)?;
        getrandom::fill(&mut terminal.k_ifd)?;
        Ok(terminal)
    }

    /// A terminal with the basic access keys `K_enc`, `K_mac` given directly.
    pub fn from_keys(
        k_enc: &[u8; 16],
        k_mac: &[u8; 16],
        rnd_ifd: [u8; CHALLENGE_LEN],
        k_ifd: [u8; KEY_MATERIAL_LEN],
    ) -> Self {
        BacTerminal {
            cipher: Des3Cipher::new(k_enc, k_mac),
            rnd_ifd,
            k_ifd,
        }
    }

    /// `S = RND.IFD || RND.IC || K.IFD`.
    pub(crate) fn s(&self, rnd_ic: &[u8; CHALLENGE_LEN]) -> Zeroizing<[u8; CRYPTOGRAM_LEN]> {
        let mut s = Zeroizing::new([0u8; CRYPTOGRAM_LEN]);
        // Through the array type, the constant ranges are checked at compile time.
        let buf: &mut [u8; CRYPTOGRAM_LEN] = &mut s;
        buf[..8].copy_from_slice(&self.rnd_ifd);
        buf[8..16].copy_from_slice(rnd_ic);
        buf[16..].copy_from_slice(&self.k_ifd);
        s
    }

    /// The EXTERNAL AUTHENTICATE data `E.IFD || M.IFD` (40 bytes) answering
    /// the chip's challenge.
    ///
    /// # Errors
    ///
    /// Only if the 3DES primitives fail (they do not for these sizes).
    pub fn command_data(&self, rnd_ic: &[u8; CHALLENGE_LEN]) -> Result<Vec<u8>, BacError> {
        seal(&self.cipher, &self.s(rnd_ic))
    }

    /// Checks the chip's answer `E.IC || M.IC` (MAC first, in constant
    /// time), checks that it echoes both challenges, and returns the secure
    /// messaging session.
    ///
    /// # Errors
    ///
    /// [`BacError::WrongLength`], [`BacError::BadMac`],
    /// [`BacError::ChallengeMismatch`].
    pub fn finish(
        &self,
        rnd_ic: &[u8; CHALLENGE_LEN],
        response: &[u8],
    ) -> Result<Des3Sm, BacError> {
        let r = self.open_response(response)?;
        let (echo_ic, rest) = r.split_at(CHALLENGE_LEN); // ok: R is 32 bytes
        let (echo_ifd, k_ic) = rest.split_at(CHALLENGE_LEN); // ok: rest is 24 bytes
        let echoed = echo_ic.ct_eq(rnd_ic) & echo_ifd.ct_eq(&self.rnd_ifd);
        if !bool::from(echoed) {
            return Err(BacError::ChallengeMismatch);
        }
        let k_ic: Zeroizing<[u8; KEY_MATERIAL_LEN]> =
            Zeroizing::new(k_ic.try_into().map_err(|_| BacError::WrongLength)?);
        Ok(session(&self.k_ifd, &k_ic, rnd_ic, &self.rnd_ifd))
    }

    /// `R = RND.IC || RND.IFD || K.IC` from the chip's answer, after its MAC
    /// has been checked.
    pub(crate) fn open_response(
        &self,
        response: &[u8],
    ) -> Result<Zeroizing<[u8; CRYPTOGRAM_LEN]>, BacError> {
        open(&self.cipher, response)
    }
}

#[cfg(any(test, feature = "chip"))]
/// The chip's side of BAC (for software cards), with its random values
/// fixed at creation.
///
/// Zeroized on drop; `Debug` shows nothing secret.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct BacChip {
    #[zeroize(skip)]
    cipher: Des3Cipher,
    rnd_ic: [u8; CHALLENGE_LEN],
    k_ic: [u8; KEY_MATERIAL_LEN],
}

#[cfg(any(test, feature = "chip"))]
impl std::fmt::Debug for BacChip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BacChip { .. }")
    }
}

#[cfg(any(test, feature = "chip"))]
impl BacChip {
    /// A chip with the basic access keys, the challenge `RND.IC` it answers
    /// GET CHALLENGE with, and its key material `K.IC`.
    pub fn new(
        k_enc: &[u8; 16],
        k_mac: &[u8; 16],
        rnd_ic: [u8; CHALLENGE_LEN],
        k_ic: [u8; KEY_MATERIAL_LEN],
    ) -> Self {
        BacChip {
            cipher: Des3Cipher::new(k_enc, k_mac),
            rnd_ic,
            k_ic,
        }
    }

    /// A chip whose keys are derived from the document's MRZ key.
    pub fn from_mrz_key(
        key: &MrzKey,
        rnd_ic: [u8; CHALLENGE_LEN],
        k_ic: [u8; KEY_MATERIAL_LEN],
    ) -> Self {
        let (k_enc, k_mac) = derive_bac_keys(&kseed_from_mrz(key));
        Self::new(&k_enc, &k_mac, rnd_ic, k_ic)
    }

    /// The challenge `RND.IC` (the answer to GET CHALLENGE).
    pub fn challenge(&self) -> [u8; CHALLENGE_LEN] {
        self.rnd_ic
    }

    /// Answers EXTERNAL AUTHENTICATE: checks `M.IFD` in constant time before
    /// decrypting, checks that `RND.IC` is echoed, and returns the answer
    /// `E.IC || M.IC` with the chip's secure-messaging session. The caller
    /// answers `6300` on any error.
    ///
    /// # Errors
    ///
    /// [`BacError::WrongLength`], [`BacError::BadMac`] (wrong key),
    /// [`BacError::ChallengeMismatch`].
    pub fn respond(&self, command_data: &[u8]) -> Result<(Vec<u8>, Des3Sm), BacError> {
        let s = open(&self.cipher, command_data)?;
        let (rnd_ifd, rest) = s.split_at(CHALLENGE_LEN); // ok: S is 32 bytes
        let (echo_ic, k_ifd) = rest.split_at(CHALLENGE_LEN); // ok: rest is 24 bytes
        if !bool::from(echo_ic.ct_eq(&self.rnd_ic)) {
            return Err(BacError::ChallengeMismatch);
        }
        let rnd_ifd: [u8; CHALLENGE_LEN] = rnd_ifd.try_into().map_err(|_| BacError::WrongLength)?;
        let k_ifd: Zeroizing<[u8; KEY_MATERIAL_LEN]> =
            Zeroizing::new(k_ifd.try_into().map_err(|_| BacError::WrongLength)?);
        let mut r = Zeroizing::new([0u8; CRYPTOGRAM_LEN]);
        // Through the array type, the constant ranges are checked at compile time.
        let buf: &mut [u8; CRYPTOGRAM_LEN] = &mut r;
        buf[..8].copy_from_slice(&self.rnd_ic);
        buf[8..16].copy_from_slice(&rnd_ifd);
        buf[16..].copy_from_slice(&self.k_ic);
        let answer = seal(&self.cipher, &r)?;
        Ok((answer, session(&k_ifd, &self.k_ic, &self.rnd_ic, &rnd_ifd)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::kdf::{KDF_ENC, KDF_MAC, KdfAlgorithm, kdf};
    use crate::iso7816::{Response, StatusWord, TransportError};
    use crate::sm::CardSecureMessaging;

    use crate::test_support::{ScriptedTransport, hex_value, json_vector};

    fn v() -> serde_json::Value {
        json_vector("bac.json")
    }

    fn a<const N: usize>(v: &serde_json::Value) -> [u8; N] {
        hex_value(v).try_into().unwrap()
    }

    /// The ICAO specimen's key: document L898902C<, born 690806, expires 940623.
    fn specimen_key() -> MrzKey {
        MrzKey::new("L898902C<", "690806", "940623").unwrap()
    }

    fn terminal(v: &serde_json::Value) -> BacTerminal {
        BacTerminal::new(&specimen_key(), a(&v["rnd_ifd"]), a(&v["k_ifd"]))
    }

    fn chip(v: &serde_json::Value) -> BacChip {
        BacChip::new(
            &a(&v["k_enc"]),
            &a(&v["k_mac"]),
            a(&v["rnd_ic"]),
            a(&v["k_ic"]),
        )
    }

    #[test]
    fn document_keys_match_d1_d2() {
        let v = v();
        let key = specimen_key();
        assert_eq!(
            key.mrz_information().as_str(),
            v["mrz_information"].as_str().unwrap()
        );
        let kseed = kseed_from_mrz(&key);
        assert_eq!(kseed.to_vec(), hex_value(&v["kseed"]));
        // The KDF before parity adjustment is SHA-1 truncated (the AES-128 variant).
        assert_eq!(
            kdf(kseed.as_slice(), KDF_ENC, KdfAlgorithm::Aes128).to_vec(),
            hex_value(&v["kdf_enc_before_parity"])
        );
        assert_eq!(
            kdf(kseed.as_slice(), KDF_MAC, KdfAlgorithm::Aes128).to_vec(),
            hex_value(&v["kdf_mac_before_parity"])
        );
        let (k_enc, k_mac) = derive_bac_keys(&kseed);
        assert_eq!(k_enc.to_vec(), hex_value(&v["k_enc"]));
        assert_eq!(k_mac.to_vec(), hex_value(&v["k_mac"]));
    }

    #[test]
    fn terminal_steps_match_d3() {
        let v = v();
        let t = terminal(&v);
        let rnd_ic: [u8; 8] = a(&v["rnd_ic"]);
        assert_eq!(
            get_challenge().to_bytes().unwrap(),
            hex_value(&v["get_challenge_apdu"])
        );
        assert_eq!(
            get_challenge().to_bytes().unwrap(),
            hex_value(&v["apdus"][0]["command"])
        );
        assert_eq!(t.s(&rnd_ic).to_vec(), hex_value(&v["s"]));
        let data = t.command_data(&rnd_ic).unwrap();
        assert_eq!(data[..32], hex_value(&v["e_ifd"]));
        assert_eq!(data[32..], hex_value(&v["m_ifd"]));
        assert_eq!(data, hex_value(&v["external_authenticate_cmd_data"]));
        assert_eq!(
            external_authenticate(data).to_bytes().unwrap(),
            hex_value(&v["apdus"][1]["command"])
        );

        // The chip's answer: M.IC verifies, R decrypts, K.IC is its tail.
        let response = hex_value(&v["response_data"]);
        assert_eq!(
            hex_value(&v["apdus"][1]["response"]),
            [&response[..], &[0x90, 0x00]].concat()
        );
        assert_eq!(response[..32], hex_value(&v["e_ic"]));
        assert_eq!(response[32..], hex_value(&v["m_ic"]));
        let r = t.open_response(&response).unwrap();
        assert_eq!(r.to_vec(), hex_value(&v["r"]));
        assert_eq!(r[16..], hex_value(&v["k_ic"]));
        t.finish(&rnd_ic, &response).unwrap();
    }

    #[test]
    fn session_material_matches_d3() {
        let v = v();
        let m = session_material(
            &a(&v["k_ifd"]),
            &a(&v["k_ic"]),
            &a(&v["rnd_ic"]),
            &a(&v["rnd_ifd"]),
        );
        let seed = session_seed(&a(&v["k_ifd"]), &a(&v["k_ic"]));
        assert_eq!(seed.to_vec(), hex_value(&v["kseed_session_xor"]));
        assert_eq!(m.ks_enc.to_vec(), hex_value(&v["ks_enc"]));
        assert_eq!(m.ks_mac.to_vec(), hex_value(&v["ks_mac"]));
        assert_eq!(m.ssc.to_vec(), hex_value(&v["ssc"]));
    }

    /// The session BAC establishes is the one Appendix D.4 continues with:
    /// its first protected command is D.4's.
    #[test]
    fn both_sessions_continue_into_d4() {
        let v = v();
        let sm = json_vector("sm_3des.json");
        let step = &sm["steps"][0];
        let plain = Command::parse(&hex_value(&step["plain_apdu"])).unwrap();
        let protected = hex_value(&step["command"]["protected_apdu"]);

        let mut terminal_sm = terminal(&v)
            .finish(&a(&v["rnd_ic"]), &hex_value(&v["response_data"]))
            .unwrap();
        use crate::sm::SecureMessaging;
        assert_eq!(
            terminal_sm.protect(&plain).unwrap().to_bytes().unwrap(),
            protected
        );

        let (answer, mut chip_sm) = chip(&v)
            .respond(&hex_value(&v["external_authenticate_cmd_data"]))
            .unwrap();
        assert_eq!(answer, hex_value(&v["response_data"]));
        let unwrapped = chip_sm
            .unprotect_command(&Command::parse(&protected).unwrap())
            .unwrap();
        assert_eq!(
            unwrapped.to_bytes().unwrap(),
            hex_value(&step["plain_apdu"])
        );
    }

    #[test]
    fn chip_steps_match_d3() {
        let v = v();
        let c = chip(&v);
        assert_eq!(c.challenge().to_vec(), hex_value(&v["rnd_ic"]));
        assert_eq!(
            hex_value(&v["apdus"][0]["response"]),
            [&hex_value(&v["rnd_ic"])[..], &[0x90, 0x00]].concat()
        );
        let (answer, _) = c
            .respond(&hex_value(&v["external_authenticate_cmd_data"]))
            .unwrap();
        assert_eq!(answer, hex_value(&v["response_data"]));
        // From the MRZ key too.
        let c = BacChip::from_mrz_key(&specimen_key(), a(&v["rnd_ic"]), a(&v["k_ic"]));
        let (answer, _) = c
            .respond(&hex_value(&v["external_authenticate_cmd_data"]))
            .unwrap();
        assert_eq!(answer, hex_value(&v["response_data"]));
    }

    #[test]
    fn refusals() {
        let v = v();
        let rnd_ic: [u8; 8] = a(&v["rnd_ic"]);
        let cmd = hex_value(&v["external_authenticate_cmd_data"]);
        let response = hex_value(&v["response_data"]);

        // Chip: wrong size, flipped M.IFD or E.IFD bit, wrong key, stale challenge.
        assert_eq!(
            chip(&v).respond(&cmd[..39]).unwrap_err(),
            BacError::WrongLength
        );
        assert_eq!(chip(&v).respond(&[]).unwrap_err(), BacError::WrongLength);
        for byte in [0, 31, 32, 39] {
            let mut bad = cmd.clone();
            bad[byte] ^= 0x10;
            assert_eq!(
                chip(&v).respond(&bad).unwrap_err(),
                BacError::BadMac,
                "byte {byte}"
            );
        }
        let other = MrzKey::new("L898902C<", "690806", "940624").unwrap();
        let wrong = BacTerminal::new(&other, a(&v["rnd_ifd"]), a(&v["k_ifd"]));
        assert_eq!(
            chip(&v)
                .respond(&wrong.command_data(&rnd_ic).unwrap())
                .unwrap_err(),
            BacError::BadMac
        );
        let stale = BacChip::new(&a(&v["k_enc"]), &a(&v["k_mac"]), [0x11; 8], a(&v["k_ic"]));
        assert_eq!(
            stale.respond(&cmd).unwrap_err(),
            BacError::ChallengeMismatch
        );

        // Terminal: tampered M.IC or E.IC, wrong size, wrong echoes.
        let t = terminal(&v);
        let mut bad = response.clone();
        bad[39] ^= 0x01;
        assert_eq!(t.finish(&rnd_ic, &bad).unwrap_err(), BacError::BadMac);
        let mut bad = response.clone();
        bad[0] ^= 0x80;
        assert_eq!(t.finish(&rnd_ic, &bad).unwrap_err(), BacError::BadMac);
        assert_eq!(
            t.finish(&rnd_ic, &response[..32]).unwrap_err(),
            BacError::WrongLength
        );
        assert_eq!(
            t.finish(&rnd_ic, &[response.clone(), vec![0]].concat())
                .unwrap_err(),
            BacError::WrongLength
        );
        assert_eq!(
            t.finish(&[0; 8], &response).unwrap_err(),
            BacError::ChallengeMismatch
        );
        let other_ifd = BacTerminal::new(&specimen_key(), [0x22; 8], a(&v["k_ifd"]));
        assert_eq!(
            other_ifd.finish(&rnd_ic, &response).unwrap_err(),
            BacError::ChallengeMismatch
        );
        assert!(matches!(Error::from(BacError::BadMac), Error::Protocol(_)));
    }

    #[test]
    fn debug_hides_secrets() {
        let v = v();
        assert_eq!(format!("{:?}", terminal(&v)), "BacTerminal { .. }");
        assert_eq!(format!("{:?}", chip(&v)), "BacChip { .. }");
    }

    /// A software chip for the handshake (a state machine, not a script: kept here, see
    /// `test_support`): BAC, then a single transparent file (EF.COM, FID 011E, SFI 1E) under secure messaging.
    struct MockChip {
        bac: BacChip,
        sm: Option<Des3Sm>,
        pending: Option<Des3Sm>,
        file: Vec<u8>,
        selected: bool,
        tamper_m_ic: bool,
        plain_commands: Vec<Vec<u8>>,
    }

    impl MockChip {
        fn new(key: &MrzKey, file: Vec<u8>) -> Self {
            let v = v();
            MockChip {
                bac: BacChip::from_mrz_key(key, a(&v["rnd_ic"]), a(&v["k_ic"])),
                sm: None,
                pending: None,
                file,
                selected: false,
                tamper_m_ic: false,
                plain_commands: Vec::new(),
            }
        }

        fn process(&mut self, cmd: &Command) -> Response {
            self.plain_commands.push(cmd.to_bytes().unwrap());
            match cmd.ins {
                ins::GET_CHALLENGE => Response::new(self.bac.challenge(), StatusWord::SUCCESS),
                ins::EXTERNAL_AUTHENTICATE => match self.bac.respond(&cmd.data) {
                    Ok((mut answer, sm)) => {
                        if self.tamper_m_ic {
                            answer[39] ^= 0x01;
                        }
                        self.pending = Some(sm);
                        Response::new(answer, StatusWord::SUCCESS)
                    }
                    Err(_) => Response::status(StatusWord::VERIFICATION_FAILED),
                },
                ins::SELECT if cmd.data == [0x01, 0x1E] => {
                    self.selected = true;
                    Response::status(StatusWord::SUCCESS)
                }
                ins::SELECT => Response::status(StatusWord::FILE_NOT_FOUND),
                ins::READ_BINARY => {
                    let offset = if cmd.p1 & 0x80 != 0 {
                        if cmd.p1 & 0x1F != 0x1E {
                            return Response::status(StatusWord::FILE_NOT_FOUND);
                        }
                        self.selected = true;
                        cmd.p2 as usize
                    } else {
                        (cmd.p1 as usize) << 8 | cmd.p2 as usize
                    };
                    if !self.selected || offset > self.file.len() {
                        return Response::status(StatusWord::WRONG_P1P2);
                    }
                    let end = (offset + cmd.le.unwrap_or(0)).min(self.file.len());
                    Response::new(self.file[offset..end].to_vec(), StatusWord::SUCCESS)
                }
                _ => Response::status(StatusWord::INS_NOT_SUPPORTED),
            }
        }
    }

    impl Transport for MockChip {
        fn transmit(&mut self, bytes: &[u8]) -> Result<Vec<u8>, TransportError> {
            let cmd =
                Command::parse(bytes).map_err(|e| TransportError::Malformed(e.to_string()))?;
            let response = match self.sm.take() {
                None => self.process(&cmd),
                Some(mut sm) => match sm.unprotect_command(&cmd) {
                    Ok(plain) => {
                        let r = self.process(&plain);
                        let r = sm.protect_response(&r).unwrap();
                        self.sm = Some(sm);
                        r
                    }
                    Err(_) => Response::status(StatusWord::SM_DATA_INCORRECT),
                },
            };
            if let Some(sm) = self.pending.take() {
                self.sm = Some(sm);
            }
            Ok(response.to_bytes())
        }
    }

    #[test]
    fn full_handshake_then_protected_reads() {
        let sm = json_vector("sm_3des.json");
        let ef_com = hex_value(&sm["ef_com_content"]);
        let key = specimen_key();
        let mut card = Card::new(MockChip::new(&key, ef_com.clone()));
        authenticate(&mut card, &key).unwrap();
        assert!(card.is_secure());
        assert!(card.transport().sm.is_some());

        card.select_file(0x011E).unwrap();
        let r = card
            .transmit(&Command::new(0, ins::READ_BINARY, 0, 0).with_le(4))
            .unwrap();
        assert_eq!(r, Response::new(ef_com[..4].to_vec(), StatusWord::SUCCESS));
        let whole = card.read_file(0x1E, |_, _| {}).unwrap();
        assert_eq!(whole, ef_com);
        // A protected error status comes through.
        let err = card.select_file(0x0101).unwrap_err();
        assert!(
            matches!(
                err,
                Error::Status {
                    sw: StatusWord::FILE_NOT_FOUND,
                    ..
                }
            ),
            "{err:?}"
        );

        // The chip saw the plain commands, the wire carried protected ones.
        let chip = card.transport();
        assert_eq!(chip.plain_commands[0], [0x00, 0x84, 0x00, 0x00, 0x08]);
        assert_eq!(
            chip.plain_commands[2],
            [0x00, 0xA4, 0x02, 0x0C, 0x02, 0x01, 0x1E]
        );
        assert_eq!(chip.plain_commands[3], [0x00, 0xB0, 0x00, 0x00, 0x04]);
    }

    #[test]
    fn wire_is_protected_after_bac() {
        let key = specimen_key();
        let mut card = Card::new(MockChip::new(&key, vec![0x60, 0x01, 0xAA]));
        let wire = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = wire.clone();
        card.set_tracer(Box::new(move |e| {
            if let crate::card::TraceEvent::WireCommand(b) = e {
                log.lock().unwrap().push(b.to_vec());
            }
        }));
        authenticate(&mut card, &key).unwrap();
        card.select_file(0x011E).unwrap();
        let wire = wire.lock().unwrap();
        assert_eq!(wire.len(), 3);
        assert_eq!(wire[2][..4], [0x0C, 0xA4, 0x02, 0x0C]);
        assert_eq!(wire[2][5], 0x87);
    }

    #[test]
    fn wrong_key_is_access_denied() {
        let key = specimen_key();
        let mut card = Card::new(MockChip::new(&key, Vec::new()));
        let other = MrzKey::new("L898902C<", "690807", "940623").unwrap();
        let err = authenticate(&mut card, &other).unwrap_err();
        assert!(matches!(err, Error::AccessDenied), "{err:?}");
        assert!(!card.is_secure());
    }

    #[test]
    fn tampered_m_ic_is_refused() {
        let key = specimen_key();
        let mut chip = MockChip::new(&key, Vec::new());
        chip.tamper_m_ic = true;
        let mut card = Card::new(chip);
        let err = authenticate(&mut card, &key).unwrap_err();
        assert!(matches!(err, Error::Protocol(_)), "{err:?}");
        assert!(!card.is_secure());
    }

    /// A transport that replays fixed answers, whatever the command.
    fn replay(answers: Vec<Vec<u8>>) -> ScriptedTransport {
        answers
            .into_iter()
            .fold(ScriptedTransport::new(), ScriptedTransport::reply)
    }

    #[test]
    fn wrong_sized_answers_are_protocol_errors() {
        let key = specimen_key();
        let short_challenge = replay(vec![vec![1, 2, 3, 4, 0x90, 0x00]]);
        let err = authenticate(&mut Card::new(short_challenge), &key).unwrap_err();
        assert!(matches!(err, Error::Protocol(_)), "{err:?}");

        let mut short_answer = vec![vec![1, 2, 3, 4, 5, 6, 7, 8, 0x90, 0x00], vec![0xAA; 12]];
        short_answer[1].extend_from_slice(&[0x90, 0x00]);
        let short_answer = replay(short_answer);
        let err = authenticate(&mut Card::new(short_answer), &key).unwrap_err();
        assert!(matches!(err, Error::Protocol(_)), "{err:?}");

        let refused = replay(vec![
            vec![1, 2, 3, 4, 5, 6, 7, 8, 0x90, 0x00],
            vec![0x69, 0x82],
        ]);
        let err = authenticate(&mut Card::new(refused), &key).unwrap_err();
        assert!(matches!(err, Error::AccessDenied), "{err:?}");

        let no_challenge = replay(vec![vec![0x6D, 0x00]]);
        let err = authenticate(&mut Card::new(no_challenge), &key).unwrap_err();
        assert!(
            matches!(
                err,
                Error::Status {
                    command: "GET CHALLENGE",
                    ..
                }
            ),
            "{err:?}"
        );
    }
}
