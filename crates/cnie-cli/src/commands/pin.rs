//! `cnie verify-pin`, `cnie change-pin`, `cnie unblock-pin`: the retry counter
//! is read and shown first, the last try is refused without `--force`, and
//! nothing is ever retried.

use crate::args::Trace;
use cnie::eid::PinStatus;

use super::eid::Eid;
use crate::args::{EidArgs, PinArgs, SecretArgs, UnblockArgs};
use crate::exit::{self, Code, Failure};
use crate::secret::SecretInput;
use cnie::keys::PasswordKind;

/// Reads and shows the counter of the PIN (or the PUK), and stops before
/// asking for it when it is blocked, or on its last try (or its counter is unknown:
/// that counts as the last try) without `--force`.
///
/// Returns the counter read, for the command that follows (no second query).
pub fn check_counter(
    eid: &mut Eid,
    secret: PasswordKind,
    args: &SecretArgs,
) -> Result<PinStatus, Failure> {
    let name = crate::names::password_name(secret);
    let status = match secret {
        PasswordKind::Mrz | PasswordKind::Can | PasswordKind::Pin => eid.session().pin_status(),
        PasswordKind::Puk => eid.session().puk_status(),
    };
    let status = status.map_err(|e| exit::eid(&e, eid.kind, secret))?;
    match status {
        PinStatus::Verified => super::note(&t!("pin-already-verified", name = &name)),
        PinStatus::TriesLeft(n) => super::note(&t!("pin-tries-left", name = &name, n = n)),
        PinStatus::Unknown(sw) => super::note(&t!(
            "pin-counter-unknown",
            name = &name,
            sw = sw.to_string()
        )),
        PinStatus::Blocked => {
            return Err(exit::eid(
                &cnie::eid::EidError::Blocked.into(),
                eid.kind,
                secret,
            ));
        }
        PinStatus::NotUsable => {
            return Err(Failure::new(
                Code::Blocked,
                t!("pin-not-usable", name = &name),
            ));
        }
    }
    if status.may_be_last_try() && !args.force {
        let refusal = match status {
            PinStatus::Unknown(sw) => cnie::eid::EidError::CounterUnknown { sw },
            _ => cnie::eid::EidError::LastTryRefused,
        };
        return Err(exit::eid(&refusal.into(), eid.kind, secret));
    }
    Ok(status)
}

/// Opens the eID application and verifies the PIN (counter shown first, last
/// try refused without `--force`, never retried).
pub fn open_verified(
    eid_args: &EidArgs,
    secret: &SecretArgs,
    trace: Trace,
) -> Result<Eid, Failure> {
    let mut eid = Eid::open(eid_args, trace)?;
    let status = check_counter(&mut eid, PasswordKind::Pin, secret)?;
    let pin = SecretInput {
        stdin: secret.pin_stdin,
    }
    .read(PasswordKind::Pin, &t!("prompt-pin"), &eid.profile.pin)?;
    let kind = eid.kind;
    eid.session()
        .verify_pin_with(status, &pin, secret.force)
        .map_err(|e| exit::eid(&e, kind, PasswordKind::Pin))?;
    Ok(eid)
}

/// `cnie verify-pin`.
pub fn verify(args: &PinArgs, trace: Trace, json: bool) -> Result<Code, Failure> {
    open_verified(&args.eid, &args.secret, trace)?;
    done(json, "verify-pin", "verified", &t!("pin-correct"))
}

/// The one line (or JSON object) a PIN command prints when it succeeded.
fn done(json: bool, command: &str, result: &str, text: &str) -> Result<Code, Failure> {
    if json {
        super::print_json(&serde_json::json!({ "command": command, "result": result }))?;
    } else {
        super::emit(&format!("{text}\n"))?;
    }
    Ok(Code::Ok)
}

/// `cnie change-pin`.
pub fn change(args: &PinArgs, trace: Trace, json: bool) -> Result<Code, Failure> {
    let mut eid = Eid::open(&args.eid, trace)?;
    let status = check_counter(&mut eid, PasswordKind::Pin, &args.secret)?;
    let input = SecretInput {
        stdin: args.secret.pin_stdin,
    };
    let old = input.read(
        PasswordKind::Pin,
        &t!("prompt-current-pin"),
        &eid.profile.pin,
    )?;
    let new = input.read_new(PasswordKind::Pin, &t!("prompt-new-pin"), &eid.profile.pin)?;
    let kind = eid.kind;
    eid.session()
        .change_pin_with(status, &old, &new, args.secret.force)
        .map_err(|e| exit::eid(&e, kind, PasswordKind::Pin))?;
    done(json, "change-pin", "changed", &t!("pin-changed"))
}

/// `cnie unblock-pin`.
pub fn unblock(args: &UnblockArgs, trace: Trace, json: bool) -> Result<Code, Failure> {
    let mut eid = Eid::open(&args.eid, trace)?;
    let puk_status = check_counter(&mut eid, PasswordKind::Puk, &args.secret)?;
    let input = SecretInput {
        stdin: args.secret.pin_stdin,
    };
    let puk = input.read(PasswordKind::Puk, &t!("prompt-puk"), &eid.profile.puk)?;
    let new = if args.keep_pin {
        None
    } else {
        Some(input.read_new(PasswordKind::Pin, &t!("prompt-new-pin"), &eid.profile.pin)?)
    };
    let kind = eid.kind;
    eid.session()
        .unblock_pin_with(puk_status, &puk, new.as_ref(), args.secret.force)
        .map_err(|e| exit::eid(&e, kind, PasswordKind::Puk))?;
    if new.is_some() {
        done(
            json,
            "unblock-pin",
            "unblocked_and_set",
            &t!("pin-unblocked-and-set"),
        )
    } else {
        done(json, "unblock-pin", "unblocked", &t!("pin-unblocked"))
    }
}
