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

use std::fmt;

#[cfg(any(test, feature = "chip"))]
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::asn1::algorithm::AlgorithmIdentifier;
use crate::asn1::ber;
use crate::card::Card;
use crate::crypto::ec::Curve;
use crate::crypto::kdf::KdfAlgorithm;
pub use crate::error::CaError;
use crate::error::Result;
use crate::iso7816::{Command, MAX_SHORT_LE, Transport, ins};
use crate::lds::security_infos::{
    ChipAuthenticationInfo, ChipAuthenticationPublicKeyInfo, CipherSuite, KeyAgreement,
    SecurityInfo, StandardDomain,
};
#[cfg(any(test, feature = "chip"))]
use crate::pace::PaceError;
use crate::pace::{DhGroup, Group, PaceRng, SessionKeys};
use crate::tlv;

#[cfg(test)]
mod tests;

/// `bsi-de protocols smartcard` (0.4.0.127.0.7.2.2) and `id-CA` (3), DER content octets.
const ID_CA: [u8; 8] = [0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x03];
/// `id-ecPublicKey` (X9.62).
const ID_EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
/// `dhpublicnumber` (X9.42, RFC 3279): DH key with `DomainParameters { p, g, q, … }`.
const DH_PUBLIC_NUMBER: &str = "1.2.840.10046.2.1";
/// `dhKeyAgreement` (PKCS #3): DH key with `DHParameter { p, g, … }`.
const DH_KEY_AGREEMENT: &str = "1.2.840.113549.1.3.1";
/// `standardizedDomainParameters` (BSI TR-03110-3 A.2.1.1): an INTEGER parameter id.
const STANDARDIZED_DOMAIN_PARAMETERS: &str = "0.4.0.127.0.7.1.2";

/// DO'91': the ephemeral public key in MSE:Set KAT.
const TAG_KAT_PUBLIC_KEY: u32 = 0x91;
/// DO'80': the protocol OID in MSE:Set AT.
const TAG_PROTOCOL: u32 = 0x80;
/// DO'84': the key id (MSE:Set KAT and MSE:Set AT).
const TAG_KEY_ID: u32 = 0x84;
/// DO'7C': dynamic authentication data.
const TAG_DYNAMIC_AUTH_DATA: u32 = 0x7C;
/// DO'80' inside DO'7C': the ephemeral public key in GENERAL AUTHENTICATE.
const TAG_GA_PUBLIC_KEY: u32 = 0x80;

/// Which commands carry the ephemeral public key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaCommands {
    /// `MSE:Set KAT` (`22 41 A6`, DO'91' key, DO'84' key id): the 3DES form.
    SetKat,
    /// `MSE:Set AT` (`22 41 A4`, DO'80' protocol OID, DO'84' key id), then
    /// `GENERAL AUTHENTICATE` (`86 00 00`, `7C { 80 key }`): the AES form, which many 3DES
    /// chips accept too.
    SetAtGeneralAuthenticate,
}

/// One Chip Authentication configuration: protocol, key id and the chip's static key.
#[derive(Clone, PartialEq, Eq)]
pub struct CaParams {
    key_agreement: KeyAgreement,
    cipher: CipherSuite,
    key_id: Option<u32>,
    group: Group,
    chip_public_key: Vec<u8>,
    inferred: bool,
}

impl fmt::Debug for CaParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CaParams")
            .field("key_agreement", &self.key_agreement)
            .field("cipher", &self.cipher)
            .field("key_id", &self.key_id)
            .field("group", &self.group)
            .field("inferred", &self.inferred)
            .finish()
    }
}

impl CaParams {
    /// Parameters for `protocol` with the static key `key` (its `SubjectPublicKeyInfo` is
    /// decoded and checked here). `key_id` goes into DO'84'.
    ///
    /// # Errors
    ///
    /// [`CaError::UnsupportedKey`] for a key of another type than `key_agreement`, or on a
    /// domain that is not a standardized one; [`CaError::MalformedKey`];
    /// [`CaError::KeyAgreement`] for a point not on the curve or a DH value outside the group.
    pub fn new(
        key_agreement: KeyAgreement,
        cipher: CipherSuite,
        key_id: Option<u32>,
        key: &ChipAuthenticationPublicKeyInfo,
    ) -> Result<Self, CaError> {
        if key.key_agreement != key_agreement {
            return Err(CaError::UnsupportedKey(
                "the key's agreement (DH or ECDH) is not the protocol's".into(),
            ));
        }
        let (group, chip_public_key) = decode_public_key(&key.public_key, key_agreement)?;
        Ok(CaParams {
            key_agreement,
            cipher,
            key_id,
            group,
            chip_public_key,
            inferred: false,
        })
    }

    /// Chooses the protocol and key from DG14's (or EF.CardSecurity's) security infos.
    ///
    /// Every version-1 `ChipAuthenticationInfo` is tried in order of preference (ECDH
    /// before DH, then the longer session key) with each public key of the same key agreement
    /// whose `keyId` matches (any key when the info has none); the first that decodes wins.
    /// Without a version-1 `ChipAuthenticationInfo`, the protocol is inferred from the first
    /// public key with 3DES ([`Self::inferred`]), whose key id, if any, is used.
    ///
    /// # Errors
    ///
    /// [`CaError::NoPublicKey`]; [`CaError::NoMatchingKey`]; otherwise the error of the last
    /// key tried.
    pub fn from_security_infos(infos: &[SecurityInfo]) -> Result<Self, CaError> {
        let keys: Vec<&ChipAuthenticationPublicKeyInfo> = infos
            .iter()
            .filter_map(|i| match i {
                SecurityInfo::ChipAuthenticationPublicKey(k) => Some(k),
                _ => None,
            })
            .collect();
        let mut protocols: Vec<&ChipAuthenticationInfo> = infos
            .iter()
            .filter_map(|i| match i {
                SecurityInfo::ChipAuthentication(c) if c.version == 1 => Some(c),
                _ => None,
            })
            .collect();
        let first_key = keys.first().ok_or(CaError::NoPublicKey)?;
        if protocols.is_empty() {
            let mut params = CaParams::new(
                first_key.key_agreement,
                CipherSuite::Des3CbcCbc,
                first_key.key_id,
                first_key,
            )?;
            params.inferred = true;
            return Ok(params);
        }
        protocols.sort_by_key(|c| {
            std::cmp::Reverse((
                c.key_agreement == KeyAgreement::Ecdh,
                c.cipher.kdf_algorithm().key_len(),
                c.cipher != CipherSuite::Des3CbcCbc,
            ))
        });
        let mut last = None;
        for protocol in &protocols {
            let matching = keys.iter().filter(|k| {
                k.key_agreement == protocol.key_agreement
                    && (protocol.key_id.is_none() || k.key_id == protocol.key_id)
            });
            for key in matching {
                match CaParams::new(
                    protocol.key_agreement,
                    protocol.cipher,
                    protocol.key_id,
                    key,
                ) {
                    Ok(params) => return Ok(params),
                    Err(e) => last = Some(e),
                }
            }
        }
        Err(last.unwrap_or_else(|| {
            let best = protocols.first();
            CaError::NoMatchingKey {
                key_agreement: best.map_or(KeyAgreement::Ecdh, |c| c.key_agreement),
                key_id: best.and_then(|c| c.key_id),
            }
        }))
    }

    #[cfg(any(test, feature = "chip"))]
    /// DH or ECDH.
    pub fn key_agreement(&self) -> KeyAgreement {
        self.key_agreement
    }

    #[cfg(any(test, feature = "chip"))]
    /// The secure-messaging cipher after Chip Authentication.
    pub fn cipher(&self) -> CipherSuite {
        self.cipher
    }

    /// The key derivation of the new session keys.
    pub fn kdf(&self) -> KdfAlgorithm {
        self.cipher.kdf_algorithm()
    }

    #[cfg(any(test, feature = "chip"))]
    /// The key id sent in DO'84', if any.
    pub fn key_id(&self) -> Option<u32> {
        self.key_id
    }

    #[cfg(any(test, feature = "chip"))]
    /// The domain: a standard curve or MODP group.
    pub fn group(&self) -> Group {
        self.group
    }

    #[cfg(any(test, feature = "chip"))]
    /// The chip's static public key: an uncompressed point, or the DH value at `p`'s length.
    pub fn chip_public_key(&self) -> &[u8] {
        &self.chip_public_key
    }

    #[cfg(any(test, feature = "chip"))]
    /// Whether the protocol was inferred (DG14 without `ChipAuthenticationInfo`).
    pub fn inferred(&self) -> bool {
        self.inferred
    }

    /// The DER content octets of the protocol OID, `id-CA-{DH,ECDH}-{cipher}`.
    pub fn protocol_oid(&self) -> Vec<u8> {
        let mut oid = ID_CA.to_vec();
        oid.push(self.key_agreement.arc());
        oid.push(self.cipher.arc());
        oid
    }

    /// The commands ICAO 9303-11 §6.2.4 gives for the cipher: `MSE:Set KAT` for 3DES,
    /// `MSE:Set AT` and `GENERAL AUTHENTICATE` for AES.
    pub fn default_commands(&self) -> CaCommands {
        if self.cipher == CipherSuite::Des3CbcCbc {
            CaCommands::SetKat
        } else {
            CaCommands::SetAtGeneralAuthenticate
        }
    }
}

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

fn derive_keys(
    group: Group,
    secret: &[u8],
    peer: &[u8],
    kdf: KdfAlgorithm,
) -> Result<SessionKeys, CaError> {
    let shared = group.shared_secret(secret, peer)?;
    Ok(SessionKeys::derive(&shared, kdf))
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

/// A key id as DO'84' carries it: unsigned big-endian, no leading zero bytes (one byte at
/// least).
fn key_id_bytes(id: u32) -> Vec<u8> {
    let bytes = id.to_be_bytes();
    let skip = bytes.iter().take_while(|b| **b == 0).count().min(3);
    bytes.get(skip..).unwrap_or(&bytes).to_vec()
}

/// Decodes a chip authentication `SubjectPublicKeyInfo` into its group and public key
/// (uncompressed point, or DH value at `p`'s length), checked to be in the group.
fn decode_public_key(spki: &[u8], agreement: KeyAgreement) -> Result<(Group, Vec<u8>), CaError> {
    let malformed = |e: ber::DecodeError| CaError::MalformedKey(e.to_string());
    let node = ber::read_exact(spki, "SubjectPublicKeyInfo")
        .and_then(|n| n.sequence("SubjectPublicKeyInfo"))
        .map_err(malformed)?;
    let mut fields = node.children();
    let algorithm = fields
        .expect_next("algorithm")
        .and_then(|n| AlgorithmIdentifier::from_node(&n, "algorithm"))
        .map_err(malformed)?;
    let key = fields
        .expect_next("subjectPublicKey")
        .and_then(|n| n.bit_string_bytes("subjectPublicKey"))
        .map_err(malformed)?;
    if !fields.is_empty() {
        return Err(CaError::MalformedKey(
            "SubjectPublicKeyInfo: extra fields".into(),
        ));
    }
    let params = algorithm.parameters.as_deref();
    let group = match algorithm.oid.as_str() {
        ID_EC_PUBLIC_KEY => Group::Ec(
            Curve::from_key_parameters(params)
                .map_err(|e| CaError::UnsupportedKey(e.to_string()))?,
        ),
        STANDARDIZED_DOMAIN_PARAMETERS => {
            let id = params
                .ok_or_else(|| CaError::MalformedKey("no standardized domain id".into()))
                .and_then(|p| {
                    ber::read_exact(p, "parameter id")
                        .and_then(|n| n.small_uint("parameter id"))
                        .map_err(malformed)
                })?;
            u32::try_from(id)
                .ok()
                .and_then(StandardDomain::from_id)
                .and_then(Group::from_standard_domain)
                .ok_or_else(|| {
                    CaError::UnsupportedKey(format!("standardized domain parameters {id}"))
                })?
        }
        DH_PUBLIC_NUMBER | DH_KEY_AGREEMENT => {
            let with_q = algorithm.oid == DH_PUBLIC_NUMBER;
            Group::Dh(dh_group(params, with_q)?)
        }
        other => {
            return Err(CaError::UnsupportedKey(format!(
                "public key algorithm {other}"
            )));
        }
    };
    let public = match group {
        Group::Ec(_) if agreement == KeyAgreement::Ecdh => key.to_vec(),
        Group::Dh(dh) if agreement == KeyAgreement::Dh => {
            let y = ber::read_exact(key, "DH public key")
                .and_then(|n| n.integer("DH public key"))
                .map_err(malformed)?;
            let y = ber::strip_leading_zeros(y);
            let len = dh.element_len();
            let pad = len
                .checked_sub(y.len())
                .ok_or_else(|| CaError::MalformedKey("DH public key longer than p".into()))?;
            let mut out = vec![0u8; pad];
            out.extend_from_slice(y);
            out
        }
        _ => {
            return Err(CaError::UnsupportedKey(
                "the key's domain does not fit its key agreement (DH or ECDH)".into(),
            ));
        }
    };
    group.validate_public(&public)?;
    Ok((group, public))
}

/// The standardized MODP group of explicit DH parameters (`p`, `g` and, for
/// `dhpublicnumber`, `q`).
fn dh_group(params: Option<&[u8]>, with_q: bool) -> Result<DhGroup, CaError> {
    let malformed = |e: ber::DecodeError| CaError::MalformedKey(e.to_string());
    let params = params.ok_or_else(|| CaError::MalformedKey("DH key without parameters".into()))?;
    let node = ber::read_exact(params, "DH parameters")
        .and_then(|n| n.sequence("DH parameters"))
        .map_err(malformed)?;
    let mut fields = node.children();
    let mut int = |what: &str| {
        fields
            .expect_next(what)
            .and_then(|n| n.integer(what))
            .map_err(malformed)
    };
    let p = int("p")?;
    let g = int("g")?;
    let q = if with_q { Some(int("q")?) } else { None };
    DhGroup::from_explicit(p, g, q).ok_or_else(|| {
        CaError::UnsupportedKey("DH parameters that are none of the RFC 5114 groups".into())
    })
}
