//! A PIN or PUK of the eID application: its reference data (the digits as
//! the card stores them, in the default profile's 8-byte block), its retry
//! counter, and the ISO/IEC 7816-4 status words of a check.
//!
//! The block is 4 to 8 (PIN) or 8 (PUK) ASCII digits padded with `FF` to 8
//! bytes. A block of another length is `6700` and a block that is not digits
//! then `FF` padding is `6A80`; neither spends a try, because the card can
//! tell it is not a PIN at all before comparing anything.

use cnie::iso7816::StatusWord;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// The length of an encoded PIN or PUK block.
pub const BLOCK_LEN: usize = 8;

/// The padding byte after the digits.
pub const PADDING: u8 = 0xFF;

/// The largest retry counter a status word `63Cx` can report.
pub const MAX_TRIES: u8 = 15;

/// An encoded PIN or PUK block (zeroized on drop).
pub type Block = Zeroizing<[u8; BLOCK_LEN]>;

/// Why a configured PIN or PUK cannot be the reference data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CredentialError(pub String);

/// The result of comparing a presented block with the reference data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Right: the counter is back to its maximum.
    Right,
    /// Wrong: the counter went down to this (0: now blocked).
    Wrong(u8),
    /// Already blocked: nothing was compared.
    Blocked,
}

impl Check {
    /// The status word a PIN command answers with this result: `9000`,
    /// `63Cx` (x tries left; `63C0` on the try that blocks), `6983`.
    pub fn status(self) -> StatusWord {
        match self {
            Check::Right => StatusWord::SUCCESS,
            Check::Wrong(left) => retries(left),
            Check::Blocked => StatusWord::AUTH_METHOD_BLOCKED,
        }
    }
}

/// `63Cx`: x tries left.
pub fn retries(left: u8) -> StatusWord {
    StatusWord::new(0x63, 0xC0 | left.min(MAX_TRIES))
}

/// A PIN or PUK: reference data and retry counter.
pub struct Credential {
    min_digits: usize,
    max_digits: usize,
    value: Block,
    tries_left: u8,
    max_tries: u8,
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credential")
            .field("value", &"<redacted>")
            .field("tries_left", &self.tries_left)
            .field("max_tries", &self.max_tries)
            .finish()
    }
}

impl Credential {
    /// A credential of `min_digits..=max_digits` digits holding `digits`,
    /// with its counter (`tries_left` at most `max_tries`, at most 15).
    pub fn new(
        what: &str,
        digits: &str,
        (min_digits, max_digits): (usize, usize),
        tries_left: u8,
        max_tries: u8,
    ) -> Result<Credential, CredentialError> {
        if max_tries == 0 || max_tries > MAX_TRIES || tries_left > max_tries {
            return Err(CredentialError(format!(
                "{what}: 0 < max_tries <= {MAX_TRIES} and tries_left <= max_tries"
            )));
        }
        let mut credential = Credential {
            min_digits,
            max_digits,
            value: Zeroizing::new([PADDING; BLOCK_LEN]),
            tries_left,
            max_tries,
        };
        let block = credential.encode(digits).ok_or_else(|| {
            CredentialError(format!(
                "{what}: the eID application needs {min_digits} to {max_digits} digits"
            ))
        })?;
        credential.value = block;
        Ok(credential)
    }

    /// Encodes `digits` as a block, if they fit the format.
    fn encode(&self, digits: &str) -> Option<Block> {
        let n = digits.len();
        if !(self.min_digits..=self.max_digits).contains(&n)
            || n > BLOCK_LEN
            || !digits.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let mut block = Zeroizing::new([PADDING; BLOCK_LEN]);
        block.get_mut(..n)?.copy_from_slice(digits.as_bytes());
        Some(block)
    }

    /// Checks the form of a presented block: `6700` for another length,
    /// `6A80` for anything but digits (as many as the format allows) then
    /// `FF` padding. Spends nothing.
    pub fn parse(&self, data: &[u8]) -> Result<Block, StatusWord> {
        let block: [u8; BLOCK_LEN] = data.try_into().map_err(|_| StatusWord::WRONG_LENGTH)?;
        let block = Zeroizing::new(block);
        let digits = block.iter().take_while(|b| b.is_ascii_digit()).count();
        let padded = block.iter().skip(digits).all(|b| *b == PADDING);
        if !padded || !(self.min_digits..=self.max_digits).contains(&digits) {
            return Err(StatusWord::WRONG_DATA);
        }
        Ok(block)
    }

    /// Tries left.
    pub fn tries_left(&self) -> u8 {
        self.tries_left
    }

    /// Whether the counter is at zero.
    pub fn is_blocked(&self) -> bool {
        self.tries_left == 0
    }

    /// Compares a well-formed block with the reference data (in constant
    /// time): right resets the counter, wrong decrements it, a blocked
    /// credential is not compared.
    pub fn check(&mut self, block: &[u8; BLOCK_LEN]) -> Check {
        if self.is_blocked() {
            return Check::Blocked;
        }
        if bool::from(self.value.ct_eq(block)) {
            self.tries_left = self.max_tries;
            Check::Right
        } else {
            self.tries_left -= 1;
            Check::Wrong(self.tries_left)
        }
    }

    /// Replaces the reference data (a block from [`Self::parse`]) and resets the counter.
    pub fn set(&mut self, block: &[u8; BLOCK_LEN]) {
        self.value.copy_from_slice(block);
        self.tries_left = self.max_tries;
    }

    /// Puts the counter back to its maximum.
    pub fn reset_counter(&mut self) {
        self.tries_left = self.max_tries;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pin() -> Credential {
        Credential::new("pin", "1234", (4, 8), 3, 3).unwrap()
    }

    #[test]
    fn block_form() {
        let c = pin();
        assert_eq!(
            *c.parse(b"1234\xFF\xFF\xFF\xFF").unwrap(),
            *b"1234\xFF\xFF\xFF\xFF"
        );
        assert_eq!(*c.parse(b"12345678").unwrap(), *b"12345678");
        assert_eq!(c.parse(b"1234").unwrap_err(), StatusWord::WRONG_LENGTH);
        assert_eq!(c.parse(&[0x31; 9]).unwrap_err(), StatusWord::WRONG_LENGTH);
        assert_eq!(c.parse(&[]).unwrap_err(), StatusWord::WRONG_LENGTH);
        for bad in [
            &b"123\xFF\xFF\xFF\xFF\xFF"[..], // 3 digits
            b"12a4\xFF\xFF\xFF\xFF",
            b"1234\xFF\xFF\xFF\x00",
            b"1234\xFF5\xFF\xFF",
            b"\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF",
        ] {
            assert_eq!(
                c.parse(bad).unwrap_err(),
                StatusWord::WRONG_DATA,
                "{bad:02X?}"
            );
        }
        let puk = Credential::new("puk", "12345678", (8, 8), 10, 10).unwrap();
        assert_eq!(
            puk.parse(b"1234\xFF\xFF\xFF\xFF").unwrap_err(),
            StatusWord::WRONG_DATA
        );
    }

    #[test]
    fn counter_walk() {
        let mut c = pin();
        let wrong = c.parse(b"9999\xFF\xFF\xFF\xFF").unwrap();
        let right = c.parse(b"1234\xFF\xFF\xFF\xFF").unwrap();
        assert_eq!(c.check(&wrong), Check::Wrong(2));
        assert_eq!(Check::Wrong(2).status(), StatusWord(0x63C2));
        assert_eq!(c.check(&right), Check::Right);
        assert_eq!(c.tries_left(), 3);
        assert_eq!(c.check(&wrong), Check::Wrong(2));
        assert_eq!(c.check(&wrong), Check::Wrong(1));
        assert_eq!(c.check(&wrong), Check::Wrong(0));
        assert_eq!(Check::Wrong(0).status(), StatusWord(0x63C0));
        assert!(c.is_blocked());
        // Blocked: the right PIN is not even compared.
        assert_eq!(c.check(&right), Check::Blocked);
        assert_eq!(Check::Blocked.status(), StatusWord(0x6983));
        assert_eq!(c.tries_left(), 0);
        c.reset_counter();
        assert_eq!(c.check(&right), Check::Right);
        let new = c.parse(b"246810\xFF\xFF").unwrap();
        c.set(&new);
        assert_eq!(c.check(&right), Check::Wrong(2));
        assert_eq!(c.check(&new), Check::Right);
    }

    #[test]
    fn configuration_is_checked() {
        assert!(Credential::new("pin", "123", (4, 8), 3, 3).is_err());
        assert!(Credential::new("pin", "123456789", (4, 8), 3, 3).is_err());
        assert!(Credential::new("pin", "12a4", (4, 8), 3, 3).is_err());
        assert!(Credential::new("pin", "1234", (4, 8), 4, 3).is_err());
        assert!(Credential::new("pin", "1234", (4, 8), 0, 0).is_err());
        assert!(Credential::new("pin", "1234", (4, 8), 3, 16).is_err());
        let blocked = Credential::new("pin", "1234", (4, 8), 0, 3).unwrap();
        assert!(blocked.is_blocked());
        let e = Credential::new("pin", "12a4", (4, 8), 3, 3).unwrap_err();
        assert!(!e.to_string().contains("12a4"));
        assert!(!format!("{:?}", pin()).contains("1234"));
        assert_eq!(retries(15), StatusWord(0x63CF));
    }
}
