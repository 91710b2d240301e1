//! The access key from the command line: `--can`, `--mrz` (each may be `-`: read from
//! standard input, or asked without echo on a terminal, so that it appears neither in
//! `ps` nor in the shell's history) or `--doc/--dob/--doe`.

use std::io::IsTerminal;

use cnie::keys::{AccessKey, Can, MrzKey};
use zeroize::Zeroizing;

use crate::args::KeyArgs;
use crate::exit::{Code, Failure};
use crate::secret;
use cnie::keys::PasswordKind;

/// The argument that means "standard input".
const STDIN: &str = "-";

/// Builds the access keys (MRZ data and/or CAN); typing mistakes are
/// reported with hints before any card is touched. `--can -` is read before `--mrz -`.
pub fn access_keys(args: &KeyArgs) -> Result<(Vec<AccessKey>, PasswordKind), Failure> {
    let bad = |e: &dyn std::fmt::Display| {
        Failure::new(
            Code::BadInput,
            t!("error-access-key", detail = e.to_string()),
        )
    };
    let mut keys = Vec::new();
    if let Some(can) = &args.can {
        let key = if can == STDIN {
            let text = secret_text(&t!("prompt-can"), "--can")?;
            Can::new(&text)
        } else {
            Can::new(can)
        };
        keys.push(AccessKey::Can(key.map_err(|e| bad(&e))?));
    }
    if let Some(text) = &args.mrz {
        let from_stdin;
        let text = if text == STDIN {
            from_stdin = mrz_text()?;
            from_stdin.as_str()
        } else {
            text.as_str()
        };
        let mrz = cnie::mrz::parse(text)
            .map_err(|e| Failure::new(Code::BadInput, t!("error-mrz", detail = e.to_string())))?;
        keys.push(AccessKey::Mrz(mrz.access_key()));
    } else if let (Some(doc), Some(dob), Some(doe)) = (&args.doc, &args.dob, &args.doe) {
        keys.push(AccessKey::Mrz(
            MrzKey::new(doc, dob, doe).map_err(|e| bad(&e))?,
        ));
    }
    match keys.first() {
        None => Err(Failure::new(Code::BadInput, t!("error-no-access-key"))),
        Some(AccessKey::Can(_)) => Ok((keys, PasswordKind::Can)),
        Some(AccessKey::Mrz(_)) => Ok((keys, PasswordKind::Mrz)),
    }
}

/// One secret line: asked without echo when standard input is a terminal, else read
/// from it (unbuffered, so that a PIN on the next line stays for `--pin-stdin`).
fn secret_line(label: &str, option: &str) -> Result<Zeroizing<Vec<u8>>, Failure> {
    if std::io::stdin().is_terminal() {
        secret::prompt(label, &format!("{option} - < FILE"))
    } else {
        secret::line_from_stdin(label)
    }
}

/// [`secret_line`] as text.
fn secret_text(label: &str, option: &str) -> Result<Zeroizing<String>, Failure> {
    let bytes = secret_line(label, option)?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| Failure::new(Code::BadInput, t!("error-stdin-not-text", label = label)))?;
    Ok(Zeroizing::new(text.trim().to_string()))
}

/// The MRZ for `--mrz -`: on a terminal one line (the MRZ lines separated by spaces);
/// from a pipe, its lines one by one (3 for a 30-character TD1 line, else 2), or all of
/// them on the first line, and nothing more is read.
fn mrz_text() -> Result<Zeroizing<String>, Failure> {
    let label = t!("prompt-mrz");
    let first = secret_text(&label, "--mrz")?;
    let mut text = Zeroizing::new(first.to_string());
    if std::io::stdin().is_terminal() || first.contains(char::is_whitespace) {
        return Ok(text);
    }
    let lines = if first.chars().count() == 30 { 3 } else { 2 };
    for _ in 1..lines {
        let next = secret_text(&label, "--mrz")?;
        text.push('\n');
        text.push_str(&next);
    }
    Ok(text)
}
