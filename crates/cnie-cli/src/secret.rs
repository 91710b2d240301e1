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
    /// Asks for one secret (`label`, e.g. "PIN" or "new PIN") and encodes it
    /// for `format`.
    pub fn read(
        &self,
        secret: PasswordKind,
        label: &str,
        format: &PinFormat,
    ) -> Result<Pin, Failure> {
        let bytes = self.text(label)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| {
            Failure::new(
                Code::BadInput,
                format!(
                    "invalid {label}: not text; the {} was not sent",
                    secret.name()
                ),
            )
        })?;
        Pin::new(text.trim_end_matches(['\r', '\n']), format).map_err(|e| {
            Failure::new(
                Code::BadInput,
                format!("invalid {label}: {e}; the {} was not sent", secret.name()),
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
            let again = self.read(secret, &format!("{label} again"), format)?;
            if again.encoded() != pin.encoded() {
                return Err(Failure::new(
                    Code::BadInput,
                    format!("the two {label}s differ: nothing was changed"),
                ));
            }
        }
        Ok(pin)
    }

    /// The typed bytes, in a buffer wiped when dropped.
    fn text(&self, label: &str) -> Result<Zeroizing<Vec<u8>>, Failure> {
        if self.stdin {
            let read = secret_line::stdin()
                .map_err(LineError::Io)
                .and_then(|mut input| secret_line::read_line(&mut input));
            read.map_err(|e| match e {
                LineError::Empty => Failure::new(
                    Code::BadInput,
                    format!("no {label} on standard input (one a line)"),
                ),
                LineError::TooLong => Failure::new(
                    Code::BadInput,
                    format!("invalid {label} on standard input: {e}"),
                ),
                LineError::Io(e) => {
                    Failure::new(Code::Io, format!("cannot read the {label} from stdin: {e}"))
                }
            })
        } else {
            rpassword::prompt_password(format!("{label}: "))
                .map(|text| Zeroizing::new(text.into_bytes()))
                .map_err(|e| {
                    Failure::new(
                        Code::BadInput,
                        format!("cannot ask for the {label} on a terminal ({e}): use --pin-stdin"),
                    )
                })
        }
    }
}
