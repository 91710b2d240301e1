//! The chip's side of PACE as a state machine without I/O (used by software cards).
//!
//! ```text
//! new(password) ─ step1() → z ─ step2(PK_map_IFD) → PK_map_IC ─ step3(PK_IFD) → PK_IC
//!               ─ finish(T_IFD) → (T_IC, SessionKeys)
//! ```
//!
//! The terminal's token is checked (constant time) before the chip reveals its own. Any
//! error ends the run: later steps answer [`PaceError::OutOfOrder`].

use std::fmt;

use zeroize::Zeroizing;

use super::{Mapping, PaceError, PaceParams, PaceRng, Secret, SessionKeys, ecdh, gm, nonce, token};
use crate::keys::{KDF_PI, kdf};

/// Where the run stands; secrets are zeroized when a state is dropped.
enum State {
    /// Waiting to send the encrypted nonce.
    Nonce { k_pi: Secret },
    /// Sent `z`, waiting for `PK_map_IFD`.
    Mapping { s: Secret },
    /// Sent `PK_map_IC`, waiting for `PK_IFD`.
    KeyAgreement { generator: Vec<u8> },
    /// Sent `PK_IC`, waiting for `T_IFD`.
    Token {
        keys: SessionKeys,
        pk: Vec<u8>,
        pk_ifd: Vec<u8>,
    },
    /// Finished or failed.
    Over,
}

impl State {
    fn name(&self) -> &'static str {
        match self {
            State::Nonce { .. } => "nonce",
            State::Mapping { .. } => "mapping",
            State::KeyAgreement { .. } => "key agreement",
            State::Token { .. } => "mutual authentication",
            State::Over => "over",
        }
    }
}

/// The chip (PICC/IC) side of one PACE run.
pub struct PaceChip {
    params: PaceParams,
    state: State,
}

impl fmt::Debug for PaceChip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PaceChip")
            .field("params", &self.params)
            .field("state", &self.state.name())
            .finish()
    }
}

impl PaceChip {
    /// Starts a run with the PACE password `π` stored on the chip; `K_π = KDF(π, 3)`.
    pub fn new(password: &[u8], params: PaceParams) -> Self {
        let k_pi = kdf(password, KDF_PI, params.kdf());
        PaceChip {
            params,
            state: State::Nonce { k_pi },
        }
    }

    /// Starts a run with `K_π` already derived.
    ///
    /// # Errors
    ///
    /// [`PaceError::Malformed`] when its length does not fit the cipher.
    pub fn with_k_pi(k_pi: &[u8], params: PaceParams) -> Result<Self, PaceError> {
        if k_pi.len() != params.kdf().key_len() {
            return Err(PaceError::Malformed(
                "K_pi length does not match the cipher",
            ));
        }
        Ok(PaceChip {
            params,
            state: State::Nonce {
                k_pi: Zeroizing::new(k_pi.to_vec()),
            },
        })
    }

    /// The run's parameters.
    pub fn params(&self) -> &PaceParams {
        &self.params
    }

    /// Step 1: draws the nonce `s`; returns `z = E(K_π, s)` for DO'80'.
    ///
    /// # Errors
    ///
    /// [`PaceError::Random`], [`PaceError::OutOfOrder`].
    pub fn step1(&mut self, rng: &mut dyn PaceRng) -> Result<Vec<u8>, PaceError> {
        let State::Nonce { k_pi } = std::mem::replace(&mut self.state, State::Over) else {
            return Err(PaceError::OutOfOrder("step1 must come first"));
        };
        let s = nonce::random_nonce(rng)?;
        let z = nonce::encrypt_nonce(&k_pi, self.params.kdf(), &s)?;
        self.state = State::Mapping { s };
        Ok(z)
    }

    /// Step 2: draws the mapping key and maps the generator with the terminal's
    /// `PK_map_IFD` (DO'81'); returns `PK_map_IC` for DO'82'.
    ///
    /// # Errors
    ///
    /// [`PaceError::InvalidPoint`], [`PaceError::ReflectedKey`], [`PaceError::Degenerate`],
    /// [`PaceError::Random`], [`PaceError::OutOfOrder`].
    pub fn step2(
        &mut self,
        pk_map_ifd: &[u8],
        rng: &mut dyn PaceRng,
    ) -> Result<Vec<u8>, PaceError> {
        let State::Mapping { s } = std::mem::replace(&mut self.state, State::Over) else {
            return Err(PaceError::OutOfOrder("step2 must follow step1"));
        };
        let curve = self.params.curve();
        ecdh::validate_point(curve, pk_map_ifd)?;
        let Mapping::Generic = self.params.mapping();
        let sk_map = ecdh::random_scalar(curve, rng)?;
        let pk_map = ecdh::multiply(curve, &sk_map, None)?;
        if pk_map == pk_map_ifd {
            return Err(PaceError::ReflectedKey);
        }
        let mapped = gm::map(curve, &s, &sk_map, pk_map_ifd)?;
        self.state = State::KeyAgreement {
            generator: mapped.generator.clone(),
        };
        Ok(pk_map)
    }

    /// Step 3: draws the key-agreement key on the mapped generator, agrees on `K` with the
    /// terminal's `PK_IFD` (DO'83') and derives the session keys; returns `PK_IC` for DO'84'.
    ///
    /// # Errors
    ///
    /// [`PaceError::InvalidPoint`], [`PaceError::ReflectedKey`], [`PaceError::Degenerate`],
    /// [`PaceError::Random`], [`PaceError::OutOfOrder`].
    pub fn step3(&mut self, pk_ifd: &[u8], rng: &mut dyn PaceRng) -> Result<Vec<u8>, PaceError> {
        let State::KeyAgreement { generator } = std::mem::replace(&mut self.state, State::Over)
        else {
            return Err(PaceError::OutOfOrder("step3 must follow step2"));
        };
        let curve = self.params.curve();
        ecdh::validate_point(curve, pk_ifd)?;
        let sk = ecdh::random_scalar(curve, rng)?;
        let pk = ecdh::multiply(curve, &sk, Some(&generator))?;
        if pk == pk_ifd {
            return Err(PaceError::ReflectedKey);
        }
        let shared = ecdh::shared_secret(curve, &sk, pk_ifd)?;
        let keys = SessionKeys::derive(&shared, self.params.kdf());
        self.state = State::Token {
            keys,
            pk: pk.clone(),
            pk_ifd: pk_ifd.to_vec(),
        };
        Ok(pk)
    }

    /// Finishes: checks the terminal's token `T_IFD` (DO'85') in constant time, then returns
    /// the chip's token `T_IC` for DO'86' and the session keys.
    ///
    /// # Errors
    ///
    /// [`PaceError::TokenMismatch`] (wrong password), [`PaceError::OutOfOrder`].
    pub fn finish(
        &mut self,
        t_ifd: &[u8],
    ) -> Result<([u8; token::TOKEN_LEN], SessionKeys), PaceError> {
        let State::Token { keys, pk, pk_ifd } = std::mem::replace(&mut self.state, State::Over)
        else {
            return Err(PaceError::OutOfOrder("finish must follow step3"));
        };
        token::verify_token(keys.ks_mac(), keys.kdf(), self.params.oid(), &pk, t_ifd)?;
        let t_ic = token::compute_token(keys.ks_mac(), keys.kdf(), self.params.oid(), &pk_ifd)?;
        Ok((t_ic, keys))
    }
}
