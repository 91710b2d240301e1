//! PINs and PUKs from the user: a prompt without echo on the terminal, or one
//! line of standard input each (`--pin-stdin`). Never from the command line;
//! the typed text is zeroized once encoded.

use std::io::BufRead;

use cnie::eid::{Pin, PinFormat};
use zeroize::Zeroizing;

use crate::exit::{Code, Failure};
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
        let text = self.text(label)?;
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

    fn text(&self, label: &str) -> Result<Zeroizing<String>, Failure> {
        if self.stdin {
            let mut line = Zeroizing::new(String::new());
            let n = std::io::stdin().lock().read_line(&mut line).map_err(|e| {
                Failure::new(Code::Io, format!("cannot read the {label} from stdin: {e}"))
            })?;
            if n == 0 {
                return Err(Failure::new(
                    Code::BadInput,
                    format!("no {label} on standard input (one a line)"),
                ));
            }
            Ok(line)
        } else {
            rpassword::prompt_password(format!("{label}: "))
                .map(Zeroizing::new)
                .map_err(|e| {
                    Failure::new(
                        Code::BadInput,
                        format!("cannot ask for the {label} on a terminal ({e}): use --pin-stdin"),
                    )
                })
        }
    }
}
