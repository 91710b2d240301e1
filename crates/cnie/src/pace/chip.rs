//! The chip's side of PACE as a state machine without I/O (used by software cards).
//!
//! ```text
//! new(password) ─ step1() → z ─ step2(mapping data) → mapping data ─ step3(PK_IFD) → PK_IC
//!               ─ finish(T_IFD) → (T_IC, SessionKeys)
//! ```
//!
//! The mapping data is `PK_map_IFD` → `PK_map_IC` for the generic and chip authentication
//! mappings, and the terminal's nonce `t` → nothing (an empty DO'82') for the integrated
//! mapping.
//!
//! The terminal's token is checked (constant time) before the chip reveals its own. Any
//! error ends the run: later steps answer [`PaceError::OutOfOrder`].

use std::fmt;

use zeroize::Zeroizing;

use super::{
    Mapping, PaceError, PaceParams, PaceRng, Secret, SessionKeys, cam, ecdh, im, nonce, token,
};
use crate::crypto::kdf::{KDF_PI, kdf};

/// Where the run stands; secrets are zeroized when a state is dropped.
enum State {
    /// Waiting to send the encrypted nonce.
    Nonce { k_pi: Secret },
    /// Sent `z`, waiting for `PK_map_IFD`.
    Mapping { s: Secret },
    /// Sent `PK_map_IC`, waiting for `PK_IFD`.
    /// (`sk_map` is `None` for the integrated mapping.)
    KeyAgreement {
        generator: Vec<u8>,
        sk_map: Option<Secret>,
    },
    /// Sent `PK_IC`, waiting for `T_IFD`.
    Token {
        keys: SessionKeys,
        pk: Vec<u8>,
        pk_ifd: Vec<u8>,
        sk_map: Option<Secret>,
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
    /// The static Chip Authentication private key, for chip authentication mapping.
    static_key: Option<Secret>,
}

impl fmt::Debug for PaceChip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PaceChip")
            .field("params", &self.params)
            .field("state", &self.state.name())
            .field(
                "static_key",
                &self.static_key.as_ref().map(|_| "<redacted>"),
            )
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
            static_key: None,
        }
    }

    #[cfg(feature = "chip")]
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
            static_key: None,
        })
    }

    /// Gives the chip its static Chip Authentication private key `SK_IC` (big-endian, on
    /// the PACE curve), needed for chip authentication mapping.
    ///
    /// # Errors
    ///
    /// [`PaceError::Degenerate`] when it is not a scalar in `[1, n - 1]`;
    /// [`PaceError::Unsupported`] on a DH group.
    pub fn with_chip_authentication_key(mut self, sk_static: &[u8]) -> Result<Self, PaceError> {
        let curve = self.params.curve().ok_or(PaceError::Unsupported(
            "chip authentication mapping on a DH group",
        ))?;
        ecdh::validate_scalar(curve, sk_static)?;
        self.static_key = Some(Zeroizing::new(sk_static.to_vec()));
        Ok(self)
    }

    #[cfg(feature = "chip")]
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
        let s = if self.params.mapping() == Mapping::Integrated {
            nonce::random_nonce_of_len(im::chip_nonce_len(self.params.kdf()), rng)?
        } else {
            nonce::random_nonce(rng)?
        };
        let z = nonce::encrypt_nonce(&k_pi, self.params.kdf(), &s)?;
        self.state = State::Mapping { s };
        Ok(z)
    }

    /// Step 2: maps the generator with the terminal's mapping data (DO'81'): for the generic
    /// and chip authentication mappings, draws the mapping key, maps with `PK_map_IFD` and
    /// returns `PK_map_IC` for DO'82'; for the integrated mapping, maps with the nonce `t`
    /// and returns empty mapping data (an empty DO'82').
    ///
    /// # Errors
    ///
    /// [`PaceError::InvalidPoint`], [`PaceError::ReflectedKey`], [`PaceError::Degenerate`],
    /// [`PaceError::Random`], [`PaceError::OutOfOrder`], [`PaceError::NonceLength`] (a `t`
    /// of the wrong length).
    pub fn step2(
        &mut self,
        mapping_data_ifd: &[u8],
        rng: &mut dyn PaceRng,
    ) -> Result<Vec<u8>, PaceError> {
        let State::Mapping { s } = std::mem::replace(&mut self.state, State::Over) else {
            return Err(PaceError::OutOfOrder("step2 must follow step1"));
        };
        let group = self.params.group();
        if self.params.mapping() == Mapping::Integrated {
            let generator = im::map(group, &s, mapping_data_ifd, self.params.kdf())?;
            self.state = State::KeyAgreement {
                generator,
                sk_map: None,
            };
            return Ok(Vec::new());
        }
        let pk_map_ifd = mapping_data_ifd;
        group.validate_public(pk_map_ifd)?;
        if self.params.mapping() == Mapping::ChipAuthentication
            && self.params.kdf() == crate::crypto::kdf::KdfAlgorithm::Des3
        {
            return Err(PaceError::Unsupported(
                "chip authentication mapping with 3DES",
            ));
        }
        let sk_map = group.random_secret(rng)?;
        let pk_map = group.public_key(&sk_map, None)?;
        if pk_map == pk_map_ifd {
            return Err(PaceError::ReflectedKey);
        }
        let mapped = group.generic_map(&s, &sk_map, pk_map_ifd)?;
        self.state = State::KeyAgreement {
            generator: mapped.generator.clone(),
            sk_map: Some(sk_map),
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
        let State::KeyAgreement { generator, sk_map } =
            std::mem::replace(&mut self.state, State::Over)
        else {
            return Err(PaceError::OutOfOrder("step3 must follow step2"));
        };
        let group = self.params.group();
        group.validate_public(pk_ifd)?;
        let sk = group.random_secret(rng)?;
        let pk = group.public_key(&sk, Some(&generator))?;
        if pk == pk_ifd {
            return Err(PaceError::ReflectedKey);
        }
        let shared = group.shared_secret(&sk, pk_ifd)?;
        let keys = SessionKeys::derive(&shared, self.params.kdf());
        self.state = State::Token {
            keys,
            pk: pk.clone(),
            pk_ifd: pk_ifd.to_vec(),
            sk_map,
        };
        Ok(pk)
    }

    /// Finishes: checks the terminal's token `T_IFD` (DO'85') in constant time, then returns
    /// the chip's token `T_IC` for DO'86' and the session keys. A chip authentication
    /// mapping run finishes with [`Self::finish_cam`] instead (this gives no `A_IC`).
    ///
    /// # Errors
    ///
    /// [`PaceError::TokenMismatch`] (wrong password), [`PaceError::OutOfOrder`].
    pub fn finish(
        &mut self,
        t_ifd: &[u8],
    ) -> Result<([u8; token::TOKEN_LEN], SessionKeys), PaceError> {
        let State::Token {
            keys, pk, pk_ifd, ..
        } = std::mem::replace(&mut self.state, State::Over)
        else {
            return Err(PaceError::OutOfOrder("finish must follow step3"));
        };
        let (oid, group) = (self.params.oid(), self.params.group());
        token::verify_token(keys.ks_mac(), keys.kdf(), oid, group, &pk, t_ifd)?;
        let t_ic = token::compute_token(keys.ks_mac(), keys.kdf(), oid, group, &pk_ifd)?;
        Ok((t_ic, keys))
    }

    /// Finishes a chip authentication mapping run: checks `T_IFD` (DO'85') in constant
    /// time, then returns `T_IC` for DO'86', `A_IC = E(KS_enc, SK_IC⁻¹ · SK_map_IC)` for
    /// DO'8A' and the session keys.
    ///
    /// # Errors
    ///
    /// [`PaceError::TokenMismatch`], [`PaceError::OutOfOrder`] (also for a run with another
    /// mapping or a chip without a static key: [`Self::with_chip_authentication_key`]).
    pub fn finish_cam(
        &mut self,
        t_ifd: &[u8],
    ) -> Result<([u8; token::TOKEN_LEN], Vec<u8>, SessionKeys), PaceError> {
        let state = std::mem::replace(&mut self.state, State::Over);
        if self.params.mapping() != Mapping::ChipAuthentication {
            return Err(PaceError::OutOfOrder(
                "finish_cam needs a chip authentication mapping run",
            ));
        }
        let Some(static_key) = self.static_key.as_ref() else {
            return Err(PaceError::OutOfOrder(
                "chip authentication mapping needs the static key",
            ));
        };
        let State::Token {
            keys,
            pk,
            pk_ifd,
            sk_map,
        } = state
        else {
            return Err(PaceError::OutOfOrder("finish must follow step3"));
        };
        let (oid, group) = (self.params.oid(), self.params.group());
        let (Some(curve), Some(sk_map)) = (group.curve(), sk_map) else {
            return Err(PaceError::OutOfOrder(
                "chip authentication mapping needs an ECDH generic-mapping key",
            ));
        };
        token::verify_token(keys.ks_mac(), keys.kdf(), oid, group, &pk, t_ifd)?;
        let t_ic = token::compute_token(keys.ks_mac(), keys.kdf(), oid, group, &pk_ifd)?;
        let ca_ic = cam::chip_authentication_data(curve, static_key, &sk_map)?;
        let a_ic = cam::encrypt_ca_data(keys.ks_enc(), keys.kdf(), &ca_ic)?;
        Ok((t_ic, a_ic, keys))
    }
}
