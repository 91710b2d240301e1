//! The terminal's side of PACE as a state machine without I/O.
//!
//! ```text
//! new(password) ─ step1(z) → mapping data ─ step2(chip's mapping data) → PK_IFD
//!               ─ step3(PK_IC) → T_IFD ─ finish(T_IC) → SessionKeys
//!                                      ─ finish_cam(T_IC, A_IC) → (SessionKeys, CA data)
//! ```
//!
//! The mapping data is `PK_map_IFD` / `PK_map_IC` for the generic and chip authentication
//! mappings; for the integrated mapping the terminal sends its nonce `t` and the chip's
//! DO'82' is empty. Each step's input is what the chip answered to the previous GENERAL
//! AUTHENTICATE; each output goes into the next one. Any error ends the run: later steps
//! answer [`PaceError::OutOfOrder`].

use std::fmt;

#[cfg(any(test, feature = "chip"))]
use zeroize::Zeroizing;

use super::cam::{self, ChipAuthenticationData};
use super::{Mapping, PaceError, PaceParams, PaceRng, Secret, SessionKeys, im, nonce, token};
use crate::crypto::kdf::{KDF_PI, kdf};

/// Where the run stands; secrets are zeroized when a state is dropped.
enum State {
    /// Waiting for the encrypted nonce.
    Nonce { k_pi: Secret },
    /// Sent `PK_map_IFD`, waiting for `PK_map_IC`.
    Mapping {
        s: Secret,
        sk_map: Secret,
        pk_map: Vec<u8>,
    },
    /// Integrated mapping: sent `t`, mapped already, waiting for the chip's (empty) answer.
    Mapped { generator: Vec<u8> },
    /// Sent `PK_IFD`, waiting for `PK_IC`.
    KeyAgreement {
        sk: Secret,
        pk: Vec<u8>,
        pk_map_ic: Vec<u8>,
    },
    /// Sent `T_IFD`, waiting for `T_IC`.
    Token {
        keys: SessionKeys,
        pk: Vec<u8>,
        pk_map_ic: Vec<u8>,
    },
    /// Finished or failed.
    Over,
}

impl State {
    fn name(&self) -> &'static str {
        match self {
            State::Nonce { .. } => "waiting for the nonce",
            State::Mapping { .. } | State::Mapped { .. } => "mapping",
            State::KeyAgreement { .. } => "key agreement",
            State::Token { .. } => "mutual authentication",
            State::Over => "over",
        }
    }
}

/// The terminal (PCD/IFD) side of one PACE run.
pub struct PaceTerminal {
    params: PaceParams,
    state: State,
}

impl fmt::Debug for PaceTerminal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PaceTerminal")
            .field("params", &self.params)
            .field("state", &self.state.name())
            .finish()
    }
}

impl PaceTerminal {
    /// Starts a run with the PACE password `π` (SHA-1 of the MRZ information, or the CAN's
    /// ASCII digits: [`crate::keys::pace_password`]); `K_π = KDF(π, 3)` is derived here.
    pub fn new(password: &[u8], params: PaceParams) -> Self {
        let k_pi = kdf(password, KDF_PI, params.kdf());
        PaceTerminal {
            params,
            state: State::Nonce { k_pi },
        }
    }

    #[cfg(any(test, feature = "chip"))]
    /// Starts a run with `K_π` already derived ([`crate::keys::k_pi`]).
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
        Ok(PaceTerminal {
            params,
            state: State::Nonce {
                k_pi: Zeroizing::new(k_pi.to_vec()),
            },
        })
    }

    #[cfg(feature = "chip")]
    /// The run's parameters.
    pub fn params(&self) -> &PaceParams {
        &self.params
    }

    /// Step 1: decrypts the nonce `s` from `z` (the chip's DO'80'); returns the mapping data
    /// for DO'81': `PK_map_IFD` (a fresh mapping key) for the generic and chip authentication
    /// mappings, the nonce `t` for the integrated mapping (which maps right away).
    ///
    /// # Errors
    ///
    /// [`PaceError::NonceLength`], [`PaceError::Random`], [`PaceError::OutOfOrder`],
    /// [`PaceError::Unsupported`], [`PaceError::Degenerate`].
    pub fn step1(
        &mut self,
        encrypted_nonce: &[u8],
        rng: &mut dyn PaceRng,
    ) -> Result<Vec<u8>, PaceError> {
        let State::Nonce { k_pi } = std::mem::replace(&mut self.state, State::Over) else {
            return Err(PaceError::OutOfOrder("step1 must come first"));
        };
        let group = self.params.group();
        let s = nonce::decrypt_nonce(&k_pi, self.params.kdf(), encrypted_nonce)?;
        match self.params.mapping() {
            Mapping::ChipAuthentication
                if self.params.kdf() == crate::crypto::kdf::KdfAlgorithm::Des3 =>
            {
                Err(PaceError::Unsupported(
                    "chip authentication mapping with 3DES",
                ))
            }
            Mapping::Integrated => {
                let t = im::random_terminal_nonce(self.params.kdf(), rng)?;
                let generator = im::map(group, &s, &t, self.params.kdf())?;
                self.state = State::Mapped { generator };
                Ok(t.to_vec())
            }
            Mapping::Generic | Mapping::ChipAuthentication => {
                let sk_map = group.random_secret(rng)?;
                let pk_map = group.public_key(&sk_map, None)?;
                self.state = State::Mapping {
                    s,
                    sk_map,
                    pk_map: pk_map.clone(),
                };
                Ok(pk_map)
            }
        }
    }

    /// Step 2: maps the generator with the chip's mapping data (DO'82': `PK_map_IC`; empty
    /// for the integrated mapping) and draws the key-agreement key; returns `PK_IFD` for
    /// DO'83'.
    ///
    /// # Errors
    ///
    /// [`PaceError::InvalidPoint`], [`PaceError::ReflectedKey`], [`PaceError::Degenerate`],
    /// [`PaceError::Random`], [`PaceError::OutOfOrder`]; [`PaceError::Malformed`] for
    /// integrated-mapping data that is not empty.
    pub fn step2(
        &mut self,
        mapping_data_ic: &[u8],
        rng: &mut dyn PaceRng,
    ) -> Result<Vec<u8>, PaceError> {
        let group = self.params.group();
        let (generator, pk_map_ic) = match std::mem::replace(&mut self.state, State::Over) {
            State::Mapping { s, sk_map, pk_map } => {
                group.validate_public(mapping_data_ic)?;
                if mapping_data_ic == pk_map.as_slice() {
                    return Err(PaceError::ReflectedKey);
                }
                let mapped = group.generic_map(&s, &sk_map, mapping_data_ic)?;
                (mapped.generator.clone(), mapping_data_ic.to_vec())
            }
            State::Mapped { generator } => {
                if !mapping_data_ic.is_empty() {
                    return Err(PaceError::Malformed(
                        "integrated mapping: the chip's mapping data must be empty",
                    ));
                }
                (generator, Vec::new())
            }
            _ => return Err(PaceError::OutOfOrder("step2 must follow step1")),
        };
        let sk = group.random_secret(rng)?;
        let pk = group.public_key(&sk, Some(&generator))?;
        self.state = State::KeyAgreement {
            sk,
            pk: pk.clone(),
            pk_map_ic,
        };
        Ok(pk)
    }

    /// Step 3: agrees on `K` with the chip's `PK_IC` (DO'84'), derives the session keys and
    /// returns the token `T_IFD` for DO'85'.
    ///
    /// # Errors
    ///
    /// [`PaceError::InvalidPoint`], [`PaceError::ReflectedKey`], [`PaceError::Degenerate`],
    /// [`PaceError::OutOfOrder`].
    pub fn step3(&mut self, pk_ic: &[u8]) -> Result<[u8; token::TOKEN_LEN], PaceError> {
        let State::KeyAgreement { sk, pk, pk_map_ic } =
            std::mem::replace(&mut self.state, State::Over)
        else {
            return Err(PaceError::OutOfOrder("step3 must follow step2"));
        };
        let group = self.params.group();
        group.validate_public(pk_ic)?;
        if pk_ic == pk.as_slice() {
            return Err(PaceError::ReflectedKey);
        }
        let shared = group.shared_secret(&sk, pk_ic)?;
        let keys = SessionKeys::derive(&shared, self.params.kdf());
        let t_ifd =
            token::compute_token(keys.ks_mac(), keys.kdf(), self.params.oid(), group, pk_ic)?;
        self.state = State::Token {
            keys,
            pk,
            pk_map_ic,
        };
        Ok(t_ifd)
    }

    /// Finishes: checks the chip's token `T_IC` (DO'86') in constant time and returns the
    /// session keys. A chip authentication mapping run finishes with [`Self::finish_cam`].
    ///
    /// # Errors
    ///
    /// [`PaceError::TokenMismatch`] (wrong password or a faulty chip),
    /// [`PaceError::OutOfOrder`] (also for a chip authentication mapping run).
    pub fn finish(&mut self, t_ic: &[u8]) -> Result<SessionKeys, PaceError> {
        if self.params.mapping() == Mapping::ChipAuthentication {
            self.state = State::Over;
            return Err(PaceError::OutOfOrder(
                "a chip authentication mapping run finishes with finish_cam",
            ));
        }
        let State::Token { keys, pk, .. } = std::mem::replace(&mut self.state, State::Over) else {
            return Err(PaceError::OutOfOrder("finish must follow step3"));
        };
        self.check_chip_token(&keys, &pk, t_ic)?;
        Ok(keys)
    }

    /// Checks the chip's token `T_IC` over our public key `pk`, in constant time.
    fn check_chip_token(
        &self,
        keys: &SessionKeys,
        pk: &[u8],
        t_ic: &[u8],
    ) -> Result<(), PaceError> {
        token::verify_token(
            keys.ks_mac(),
            keys.kdf(),
            self.params.oid(),
            self.params.group(),
            pk,
            t_ic,
        )
    }

    /// Finishes a chip authentication mapping run: checks `T_IC` (DO'86') in constant time,
    /// then decrypts `A_IC` (DO'8A') into `CA_IC`. Returns the session keys and the data for
    /// the later check against the chip's static key from EF.CardSecurity
    /// ([`ChipAuthenticationData::verify`]).
    ///
    /// # Errors
    ///
    /// [`PaceError::TokenMismatch`], [`PaceError::Malformed`] for unusable `A_IC`,
    /// [`PaceError::OutOfOrder`] (also for a run with another mapping).
    pub fn finish_cam(
        &mut self,
        t_ic: &[u8],
        a_ic: &[u8],
    ) -> Result<(SessionKeys, ChipAuthenticationData), PaceError> {
        let state = std::mem::replace(&mut self.state, State::Over);
        if self.params.mapping() != Mapping::ChipAuthentication {
            return Err(PaceError::OutOfOrder(
                "finish_cam needs a chip authentication mapping run",
            ));
        }
        let State::Token {
            keys,
            pk,
            pk_map_ic,
        } = state
        else {
            return Err(PaceError::OutOfOrder("finish must follow step3"));
        };
        let curve = self.params.curve().ok_or(PaceError::Unsupported(
            "chip authentication mapping on a DH group",
        ))?;
        self.check_chip_token(&keys, &pk, t_ic)?;
        let ca_ic = cam::decrypt_ca_data(keys.ks_enc(), keys.kdf(), a_ic)?;
        let data = ChipAuthenticationData::new(curve, ca_ic, pk_map_ic);
        Ok((keys, data))
    }
}
