//! PINs and PUKs from the user: a prompt without echo on the terminal, or one
//! line of standard input each (`--pin-stdin`, read unbuffered by [`secret_line`]).
//! Never from the command line; the typed text is zeroized once encoded.

use cnie::eid::{Pin, PinFormat};
use zeroize::Zeroizing;

use crate::exit::{Code, Failure};
use crate::secret_line::{self, LineError};
use cnie::keys::PasswordKind;

/// Where secrets come from.
#[derive(Debug, Clone, Copy)]
pub struct SecretInput {
    /// One line of standard input each, instead of a terminal prompt.
    pub stdin: bool,
}

impl SecretInput {
    /// Asks for one secret (`label`, the prompt's words, e.g. "PIN" or "new PIN") and encodes it
    /// for `format`.
    pub fn read(
        &self,
        secret: PasswordKind,
        label: &str,
        format: &PinFormat,
    ) -> Result<Pin, Failure> {
        let bytes = self.text(label)?;
        let name = crate::names::password_name(secret);
        let text = std::str::from_utf8(&bytes).map_err(|_| {
            Failure::new(
                Code::BadInput,
                t!("secret-not-text", label = label, name = &name),
            )
        })?;
        Pin::new(text.trim_end_matches(['\r', '\n']), format).map_err(|e| {
            Failure::new(
                Code::BadInput,
                t!(
                    "secret-invalid",
                    label = label,
                    detail = e.to_string(),
                    name = &name
                ),
            )
        })
    }

    /// Asks for a new secret; on a terminal twice, and both must agree.
    pub fn read_new(
        &self,
        secret: PasswordKind,
        label: &str,
        format: &PinFormat,
    ) -> Result<Pin, Failure> {
        let pin = self.read(secret, label, format)?;
        if !self.stdin {
            let again = self.read(secret, &t!("prompt-again", label = label), format)?;
            if again.encoded() != pin.encoded() {
                return Err(Failure::new(
                    Code::BadInput,
                    t!("secret-differ", label = label),
                ));
            }
        }
        Ok(pin)
    }

    /// The typed bytes, in a buffer wiped when dropped.
    fn text(&self, label: &str) -> Result<Zeroizing<Vec<u8>>, Failure> {
        if self.stdin {
            line_from_stdin(label)
        } else {
            prompt(label, "--pin-stdin")
        }
    }
}

/// One line of standard input (unbuffered, wiped when dropped); `label` names it in
/// errors.
pub fn line_from_stdin(label: &str) -> Result<Zeroizing<Vec<u8>>, Failure> {
    let read = secret_line::stdin()
        .map_err(LineError::Io)
        .and_then(|mut input| secret_line::read_line(&mut input));
    read.map_err(|e| match e {
        LineError::Empty => Failure::new(Code::BadInput, t!("secret-stdin-empty", label = label)),
        LineError::TooLong => Failure::new(
            Code::BadInput,
            t!(
                "secret-stdin-too-long",
                label = label,
                max = secret_line::MAX_LINE
            ),
        ),
        LineError::Io(e) => Failure::new(
            Code::Io,
            t!("secret-stdin-error", label = label, detail = e.to_string()),
        ),
    })
}

/// Asks for `label` on the terminal without echo; `alternative` is the option that
/// reads it from standard input instead.
pub fn prompt(label: &str, alternative: &str) -> Result<Zeroizing<Vec<u8>>, Failure> {
    let question = crate::i18n::directional(&format!("{label}: "));
    rpassword::prompt_password(question)
        .map(|text| Zeroizing::new(text.into_bytes()))
        .map_err(|e| {
            Failure::new(
                Code::BadInput,
                t!(
                    "secret-no-terminal",
                    label = label,
                    detail = e.to_string(),
                    option = alternative
                ),
            )
        })
}
