//! The names of the library's values that messages quote, in the language in use.

use cnie::keys::PasswordKind;

/// An access password's name (`PIN`, `CAN`…).
pub fn password_name(kind: PasswordKind) -> String {
    match kind {
        PasswordKind::Mrz => t!("password-mrz"),
        PasswordKind::Can => t!("password-can"),
        PasswordKind::Pin => t!("password-pin"),
        PasswordKind::Puk => t!("password-puk"),
    }
}
