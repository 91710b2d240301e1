//! Pure APDU builders and response interpreters for the eID application
//! (ISO/IEC 7816-4 and -8), plus certificate reads over a [`Card`].

use crate::card::Card;
use crate::iso7816::{Command, MAX_SHORT_LE, Response, Transport, ins};

use super::pin::Pin;
use super::profile::{KeyProfile, PinFormat, SignatureCommand};
use crate::error::{EidError, Result};

/// INS of CHANGE REFERENCE DATA.
pub const INS_CHANGE_REFERENCE_DATA: u8 = 0x24;
/// INS of RESET RETRY COUNTER.
pub const INS_RESET_RETRY_COUNTER: u8 = 0x2C;
/// INS of PERFORM SECURITY OPERATION.
pub const INS_PSO: u8 = 0x2A;

/// A certificate file larger than this is refused.
pub const MAX_CERTIFICATE_SIZE: usize = 64 * 1024;

/// SELECT the application by AID (`00 A4 04 0C`).
pub fn select(aid: &[u8]) -> Command {
    Command::new(0x00, ins::SELECT, 0x04, 0x0C).with_data(aid)
}

/// VERIFY with the PIN (`00 20 00 ref`). The command holds the PIN: zeroize
/// its data after use.
pub fn verify(format: &PinFormat, pin: &Pin) -> Command {
    Command::new(0x00, ins::VERIFY, 0x00, format.reference).with_data(pin.encoded())
}

/// VERIFY without data (`00 20 00 ref`): asks the retry counter, spends no try.
pub fn verify_status(format: &PinFormat) -> Command {
    Command::new(0x00, ins::VERIFY, 0x00, format.reference)
}

/// CHANGE REFERENCE DATA (`00 24 00 ref`, old PIN then new PIN). The command
/// holds both PINs: zeroize its data after use.
pub fn change_reference_data(format: &PinFormat, old: &Pin, new: &Pin) -> Command {
    let mut data = Vec::with_capacity(old.encoded().len() + new.encoded().len());
    data.extend_from_slice(old.encoded());
    data.extend_from_slice(new.encoded());
    Command::new(0x00, INS_CHANGE_REFERENCE_DATA, 0x00, format.reference).with_data(data)
}

/// RESET RETRY COUNTER of the PIN with the PUK: `00 2C 00 ref` (PUK then
/// new PIN) or `00 2C 01 ref` (PUK only). The command holds secrets:
/// zeroize its data after use.
pub fn reset_retry_counter(pin_format: &PinFormat, puk: &Pin, new_pin: Option<&Pin>) -> Command {
    let mut data =
        Vec::with_capacity(puk.encoded().len() + new_pin.map_or(0, |p| p.encoded().len()));
    data.extend_from_slice(puk.encoded());
    let p1 = match new_pin {
        Some(p) => {
            data.extend_from_slice(p.encoded());
            0x00
        }
        None => 0x01,
    };
    Command::new(0x00, INS_RESET_RETRY_COUNTER, p1, pin_format.reference).with_data(data)
}

/// MSE:SET for the key (`00 22 41 B6` for PSO:CDS, `00 22 41 A4` for
/// INTERNAL AUTHENTICATE) with DO'80' (algorithm reference, when set) and
/// DO'84' (key reference).
pub fn mse_set(key: &KeyProfile) -> Command {
    let mut data = Vec::with_capacity(6);
    if let Some(alg) = key.algorithm_reference {
        data.extend_from_slice(&[0x80, 0x01, alg]);
    }
    data.extend_from_slice(&[0x84, 0x01, key.key_reference]);
    Command::new(0x00, ins::MSE, 0x41, key.command.mse_template()).with_data(data)
}

/// The signature command for `input`: PSO:COMPUTE DIGITAL SIGNATURE
/// (`00 2A 9E 9A`) or INTERNAL AUTHENTICATE (`00 88 00 00`), Le 256.
pub fn sign_command(command: SignatureCommand, input: &[u8]) -> Command {
    match command {
        SignatureCommand::PsoCds => Command::new(0x00, INS_PSO, 0x9E, 0x9A),
        SignatureCommand::InternalAuthenticate => {
            Command::new(0x00, ins::INTERNAL_AUTHENTICATE, 0x00, 0x00)
        }
    }
    .with_data(input)
    .with_le(MAX_SHORT_LE)
}

/// Interprets the answer to a signature command: the signature bytes (raw
/// or DER, see [`super::signature::parse_card_signature`]).
pub fn signature_response(response: Response, command: &'static str) -> Result<Vec<u8>> {
    if !response.sw.is_success() {
        return Err(EidError::Status {
            command,
            sw: response.sw,
        }
        .into());
    }
    if response.data.is_empty() {
        return Err(EidError::MalformedSignature.into());
    }
    Ok(response.data)
}

/// Reads a certificate file (DER X.509) by its short file identifier.
pub fn read_certificate<T: Transport>(card: &mut Card<T>, sfi: u8) -> Result<Vec<u8>> {
    let der = card.read_file(sfi, |_, _| {})?;
    if der.len() > MAX_CERTIFICATE_SIZE {
        return Err(EidError::Certificate("larger than 64 KiB".into()).into());
    }
    Ok(der)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eid::{PinStatus, Profile};
    use crate::error::Error;
    use crate::iso7816::StatusWord;

    fn bytes(c: &Command) -> String {
        hex::encode_upper(c.to_bytes().unwrap())
    }

    #[test]
    fn pin_commands() {
        let p = Profile::default_cnie();
        let pin = Pin::new("1234", &p.pin).unwrap();
        let new = Pin::new("987654", &p.pin).unwrap();
        let puk = Pin::new("12345678", &p.puk).unwrap();
        assert_eq!(bytes(&verify_status(&p.pin)), "00200081");
        assert_eq!(bytes(&verify(&p.pin, &pin)), "002000810831323334FFFFFFFF");
        assert_eq!(
            bytes(&change_reference_data(&p.pin, &pin, &new)),
            "002400811031323334FFFFFFFF393837363534FFFF"
        );
        assert_eq!(
            bytes(&reset_retry_counter(&p.pin, &puk, None)),
            "002C0181083132333435363738"
        );
        assert_eq!(
            bytes(&reset_retry_counter(&p.pin, &puk, Some(&new))),
            "002C008110313233343536373839383736353 4FFFF".replace(' ', "")
        );
    }

    #[test]
    fn security_commands() {
        let p = Profile::default_cnie();
        assert_eq!(bytes(&select(&p.aid)), "00A4040C0CA000000063504B43532D3135");
        assert_eq!(
            bytes(&mse_set(&p.signature)),
            "002241B6038401 02".replace(' ', "")
        );
        let with_alg = KeyProfile {
            algorithm_reference: Some(0x54),
            ..p.authentication
        };
        assert_eq!(
            bytes(&mse_set(&with_alg)),
            "002241A40680015484 0101".replace(' ', "")
        );
        assert_eq!(
            bytes(&sign_command(SignatureCommand::PsoCds, &[0xAB; 2])),
            "002A9E9A02ABAB00"
        );
        assert_eq!(
            bytes(&sign_command(SignatureCommand::InternalAuthenticate, &[1])),
            "008800000101 00".replace(' ', "")
        );
    }

    #[test]
    fn responses() {
        assert_eq!(
            PinStatus::from_counter_sw(StatusWord(0x63C1)),
            PinStatus::TriesLeft(1)
        );
        // An answer that says nothing documented about the tries is unknown, and
        // counts as the last try.
        for sw in [0x6A88, 0x6300, 0x9001, 0x6F00] {
            let status = PinStatus::from_counter_sw(StatusWord(sw));
            assert_eq!(status, PinStatus::Unknown(StatusWord(sw)));
            assert!(status.may_be_last_try());
        }
        assert!(!PinStatus::TriesLeft(2).may_be_last_try());
        assert!(matches!(
            signature_response(Response::status(StatusWord(0x6982)), "PSO"),
            Err(Error::Eid(EidError::Status { .. }))
        ));
        assert!(matches!(
            signature_response(Response::status(StatusWord::SUCCESS), "PSO"),
            Err(Error::Eid(EidError::MalformedSignature))
        ));
    }
}
