//! PACE over a card channel: MSE:Set AT, then the four GENERAL AUTHENTICATE
//! steps, then secure messaging with the session keys. Every mapping (generic,
//! integrated, chip authentication) on every group (ECDH curves, RFC 5114 DH groups).

use crate::card::Card;
use crate::crypto::kdf::KdfAlgorithm;
use crate::error::{CaError, Error, ProtocolViolation, Result};
use crate::iso7816::{Command, StatusWord, Transport, ins};
use crate::sm::{AesSm, Des3Sm};

use super::cam::{self, ChipAuthenticationData};
use super::data::{
    self, TAG_ENCRYPTED_NONCE, TAG_MAPPING_IC, TAG_MAPPING_IFD, TAG_PK_IC, TAG_PK_IFD,
    TAG_TOKEN_IC, TAG_TOKEN_IFD,
};
use super::{Mapping, OsRandom, PaceError, PaceParams, PaceTerminal};

/// Runs PACE with `password` (the MRZ information's SHA-1, or the CAN's
/// ASCII digits) under `password_reference` (1 MRZ, 2 CAN), and on success
/// installs secure messaging on `card`. `parameter_id` goes into MSE:Set AT
/// (DO'84') when EF.CardAccess lists several domains.
///
/// A password the card refuses is [`Error::AccessDenied`]. Chip authentication mapping
/// parameters are [`Error::WrongMapping`] here: run them with [`establish_cam`], whose
/// result the caller must check against the chip's static key.
pub fn establish<T: Transport>(
    card: &mut Card<T>,
    password: &[u8],
    password_reference: u8,
    params: PaceParams,
    parameter_id: Option<u8>,
) -> Result<()> {
    if params.mapping() == Mapping::ChipAuthentication {
        return Err(Error::WrongMapping);
    }
    establish_inner(card, password, password_reference, params, parameter_id).map(|_| ())
}

/// As [`establish`] for PACE with chip authentication mapping: the last GENERAL
/// AUTHENTICATE answer carries `T_IC` (DO'86') and `A_IC` (DO'8A'). Returns the decrypted
/// `CA_IC` with `PK_map_IC`; the caller reads EF.CardSecurity under the new secure
/// messaging, verifies it, and checks the static key with
/// [`ChipAuthenticationData::verify`]. Until then the chip is not authenticated.
///
/// # Errors
///
/// As [`establish`]; [`Error::WrongMapping`] for parameters of another mapping;
/// [`Error::Protocol`] when the chip's token or `A_IC` does not verify.
pub fn establish_cam<T: Transport>(
    card: &mut Card<T>,
    password: &[u8],
    password_reference: u8,
    params: PaceParams,
    parameter_id: Option<u8>,
) -> Result<ChipAuthenticationData> {
    if params.mapping() != Mapping::ChipAuthentication {
        return Err(Error::WrongMapping);
    }
    establish_inner(card, password, password_reference, params, parameter_id)?
        .ok_or(Error::ChipAuthentication(CaError::CamMismatch))
}

fn establish_inner<T: Transport>(
    card: &mut Card<T>,
    password: &[u8],
    password_reference: u8,
    params: PaceParams,
    parameter_id: Option<u8>,
) -> Result<Option<ChipAuthenticationData>> {
    card.clear_secure_messaging();
    let mse = Command::new(0x00, ins::MSE, 0xC1, 0xA4).with_data(data::mse_set_at_data(
        params.oid(),
        password_reference,
        parameter_id,
    ));
    let r = card.transmit(&mse)?;
    match r.sw {
        // Success; `63Cx` (x > 0) is a warning that tells the tries left (BSI TR-03110-3
        // B.11.1): the password is not refused yet. Data in the answer is ignored.
        StatusWord::SUCCESS => {}
        sw if sw.retries_left().is_some_and(|n| n > 0) => {}
        // A blocked password (`63C0`, `6983`): the documented counter answer.
        sw if sw.retries_left() == Some(0) || sw == StatusWord::AUTH_METHOD_BLOCKED => {
            return Err(Error::AccessDenied);
        }
        // Anything else (a bare `6300` included) is the chip unable to run what was
        // asked: a protocol failure, which lets the next password or BAC go on.
        sw => {
            return Err(Error::Status {
                command: "MSE:Set AT (PACE)",
                sw,
            });
        }
    }
    let cam = params.mapping() == Mapping::ChipAuthentication;
    let integrated = params.mapping() == Mapping::Integrated;
    let mut terminal = PaceTerminal::new(password, params);
    let mut rng = OsRandom;

    let z = general_authenticate(
        card,
        &data::EMPTY_DYNAMIC_AUTH_DATA,
        Step::Nonce,
        TAG_ENCRYPTED_NONCE,
    )?;
    let mapping_ifd = terminal.step1(&z, &mut rng)?;
    let mapping_payload = data::encode_dynamic_auth_data(TAG_MAPPING_IFD, &mapping_ifd);
    let mapping_ic = if integrated {
        // The chip's mapping data is absent: no data, `7C 00` or `7C 02 82 00`.
        let answer = general_authenticate_raw(card, &mapping_payload, Step::Mapping)?;
        data::decode_absent(&answer, TAG_MAPPING_IC)?;
        Vec::new()
    } else {
        general_authenticate(card, &mapping_payload, Step::Mapping, TAG_MAPPING_IC)?
    };
    let pk_ifd = terminal.step2(&mapping_ic, &mut rng)?;
    let pk_ic = general_authenticate(
        card,
        &data::encode_dynamic_auth_data(TAG_PK_IFD, &pk_ifd),
        Step::KeyAgreement,
        TAG_PK_IC,
    )?;
    let t_ifd = terminal.step3(&pk_ic)?;
    let last = general_authenticate_raw(
        card,
        &data::encode_dynamic_auth_data(TAG_TOKEN_IFD, &t_ifd),
        Step::Token,
    )?;
    let t_ic = data::decode_dynamic_auth_data(&last, TAG_TOKEN_IC)?;
    let (keys, ca_data) = if cam {
        let a_ic = data::decode_dynamic_auth_data(&last, cam::TAG_ENCRYPTED_CA_DATA)
            .map_err(|_| Error::ChipAuthentication(CaError::CamMismatch))?;
        let (keys, ca) = terminal.finish_cam(t_ic, a_ic).map_err(|e| match e {
            PaceError::TokenMismatch => Error::Protocol(ProtocolViolation::PaceTokenMismatch),
            _ => Error::ChipAuthentication(CaError::CamMismatch),
        })?;
        (keys, Some(ca))
    } else {
        let keys = terminal
            .finish(t_ic)
            .map_err(|_| Error::Protocol(ProtocolViolation::PaceTokenMismatch))?;
        (keys, None)
    };
    install_secure_messaging(card, &keys)?;
    Ok(ca_data)
}

/// Starts secure messaging on `card` with `keys` and the send sequence counter at zero, as
/// after PACE and Chip Authentication: 3DES for [`KdfAlgorithm::Des3`], AES otherwise.
///
/// # Errors
///
/// [`Error::Protocol`] for keys of the wrong size; [`Error::SecureMessaging`] for an AES key
/// of an unsupported size.
pub(crate) fn install_secure_messaging<T: Transport>(
    card: &mut Card<T>,
    keys: &super::SessionKeys,
) -> Result<()> {
    match keys.kdf() {
        KdfAlgorithm::Des3 => {
            let key = |k: &[u8]| -> Result<zeroize::Zeroizing<[u8; 16]>> {
                Ok(zeroize::Zeroizing::new(k.try_into().map_err(|_| {
                    Error::Protocol(ProtocolViolation::SessionKeyLength)
                })?))
            };
            let (enc, mac) = (key(keys.ks_enc())?, key(keys.ks_mac())?);
            card.set_secure_messaging(Box::new(Des3Sm::new(&enc, &mac, [0; 8])));
        }
        _ => card.set_secure_messaging(Box::new(AesSm::new(keys.ks_enc(), keys.ks_mac())?)),
    }
    Ok(())
}

/// The four GENERAL AUTHENTICATE steps of PACE.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Nonce,
    Mapping,
    KeyAgreement,
    Token,
}

impl Step {
    /// The command's name in errors.
    fn command(self) -> &'static str {
        match self {
            Step::Nonce => "GENERAL AUTHENTICATE (PACE: encrypted nonce)",
            Step::Mapping => "GENERAL AUTHENTICATE (PACE: mapping)",
            Step::KeyAgreement => "GENERAL AUTHENTICATE (PACE: key agreement)",
            Step::Token => "GENERAL AUTHENTICATE (PACE: authentication tokens)",
        }
    }
}

/// One GENERAL AUTHENTICATE step: the value of `expected`.
fn general_authenticate<T: Transport>(
    card: &mut Card<T>,
    payload: &[u8],
    step: Step,
    expected: u8,
) -> Result<Vec<u8>> {
    let answer = general_authenticate_raw(card, payload, step)?;
    Ok(data::decode_dynamic_auth_data(&answer, expected)?.to_vec())
}

/// One GENERAL AUTHENTICATE step (chained unless it is the token step): the whole
/// answer (dynamic authentication data). The password is proven only at the token
/// step: a `63xx` there is a refused password ([`Error::AccessDenied`]); at any
/// earlier step it is the chip failing the protocol, an [`Error::Status`] like any
/// other refusal, after which the next password or BAC may go on.
fn general_authenticate_raw<T: Transport>(
    card: &mut Card<T>,
    payload: &[u8],
    step: Step,
) -> Result<Vec<u8>> {
    let cla = if step == Step::Token { 0x00 } else { 0x10 };
    let cmd = Command::new(cla, ins::GENERAL_AUTHENTICATE, 0, 0)
        .with_data(payload)
        .with_le(256);
    let r = card.transmit(&cmd)?;
    let refused = r.sw == StatusWord::VERIFICATION_FAILED || r.sw.retries_left().is_some();
    if refused && step == Step::Token {
        return Err(Error::AccessDenied);
    }
    if !r.sw.is_success() {
        return Err(Error::Status {
            command: step.command(),
            sw: r.sw,
        });
    }
    Ok(r.data.to_vec())
}
