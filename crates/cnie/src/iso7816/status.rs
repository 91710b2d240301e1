use std::fmt;

/// A status word (SW1-SW2) ending a response APDU.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct StatusWord(pub u16);

impl StatusWord {
    /// `9000`: normal processing.
    pub const SUCCESS: StatusWord = StatusWord(0x9000);
    /// `6282`: end of file reached before reading Le bytes (the data returned is valid).
    pub const END_OF_FILE: StatusWord = StatusWord(0x6282);
    /// `6300`: verification failed (BAC/PACE: wrong key).
    pub const VERIFICATION_FAILED: StatusWord = StatusWord(0x6300);
    /// `6581`: memory failure.
    pub const MEMORY_FAILURE: StatusWord = StatusWord(0x6581);
    /// `6700`: wrong length.
    pub const WRONG_LENGTH: StatusWord = StatusWord(0x6700);
    /// `6882`: secure messaging not supported.
    pub const SM_NOT_SUPPORTED: StatusWord = StatusWord(0x6882);
    /// `6982`: security status not satisfied.
    pub const SECURITY_STATUS_NOT_SATISFIED: StatusWord = StatusWord(0x6982);
    /// `6983`: authentication method blocked.
    pub const AUTH_METHOD_BLOCKED: StatusWord = StatusWord(0x6983);
    /// `6984`: reference data not usable.
    pub const REFERENCE_DATA_NOT_USABLE: StatusWord = StatusWord(0x6984);
    /// `6985`: conditions of use not satisfied.
    pub const CONDITIONS_NOT_SATISFIED: StatusWord = StatusWord(0x6985);
    /// `6986`: command not allowed (no current EF).
    pub const COMMAND_NOT_ALLOWED: StatusWord = StatusWord(0x6986);
    /// `6987`: expected secure messaging data objects missing.
    pub const SM_DATA_MISSING: StatusWord = StatusWord(0x6987);
    /// `6988`: incorrect secure messaging data objects.
    pub const SM_DATA_INCORRECT: StatusWord = StatusWord(0x6988);
    /// `6A80`: incorrect parameters in the command data field.
    pub const WRONG_DATA: StatusWord = StatusWord(0x6A80);
    /// `6A82`: file or application not found.
    pub const FILE_NOT_FOUND: StatusWord = StatusWord(0x6A82);
    /// `6A86`: incorrect parameters P1-P2.
    pub const INCORRECT_P1P2: StatusWord = StatusWord(0x6A86);
    /// `6A88`: referenced data not found.
    pub const REFERENCED_DATA_NOT_FOUND: StatusWord = StatusWord(0x6A88);
    /// `6B00`: wrong parameters P1-P2 (offset outside the EF).
    pub const WRONG_P1P2: StatusWord = StatusWord(0x6B00);
    /// `6D00`: instruction not supported.
    pub const INS_NOT_SUPPORTED: StatusWord = StatusWord(0x6D00);
    /// `6E00`: class not supported.
    pub const CLA_NOT_SUPPORTED: StatusWord = StatusWord(0x6E00);
    /// `6F00`: no precise diagnosis.
    pub const UNKNOWN: StatusWord = StatusWord(0x6F00);

    /// Builds a status word from SW1 and SW2.
    pub const fn new(sw1: u8, sw2: u8) -> Self {
        StatusWord(((sw1 as u16) << 8) | sw2 as u16)
    }

    /// SW1.
    pub const fn sw1(self) -> u8 {
        (self.0 >> 8) as u8
    }

    /// SW2.
    pub const fn sw2(self) -> u8 {
        let [_, sw2] = self.0.to_be_bytes();
        sw2
    }

    /// The two bytes, SW1 first.
    pub const fn to_bytes(self) -> [u8; 2] {
        self.0.to_be_bytes()
    }

    /// `9000`.
    pub const fn is_success(self) -> bool {
        self.0 == 0x9000
    }

    /// `9000` or `6282` (end of file reached: the data returned is valid).
    pub const fn is_data_valid(self) -> bool {
        self.0 == 0x9000 || self.0 == 0x6282
    }

    /// `61xx`: that many more bytes (0 means 256 or more) wait for GET RESPONSE.
    pub const fn bytes_available(self) -> Option<usize> {
        if self.sw1() == 0x61 {
            Some(if self.sw2() == 0 {
                256
            } else {
                self.sw2() as usize
            })
        } else {
            None
        }
    }

    /// `6Cxx`: wrong Le; re-issue the command with Le = xx (0 means 256).
    pub const fn exact_length(self) -> Option<usize> {
        if self.sw1() == 0x6C {
            Some(if self.sw2() == 0 {
                256
            } else {
                self.sw2() as usize
            })
        } else {
            None
        }
    }

    /// `63Cx`: verification failed, x tries left.
    pub const fn retries_left(self) -> Option<u8> {
        if self.sw1() == 0x63 && self.sw2() & 0xF0 == 0xC0 {
            Some(self.sw2() & 0x0F)
        } else {
            None
        }
    }

    /// A short English description of the status word.
    pub fn description(self) -> &'static str {
        match self.0 {
            0x9000 => "success",
            0x6282 => "end of file reached",
            0x6300 => "verification failed",
            0x6581 => "memory failure",
            0x6700 => "wrong length",
            0x6882 => "secure messaging not supported",
            0x6982 => "security status not satisfied",
            0x6983 => "authentication method blocked",
            0x6984 => "reference data not usable",
            0x6985 => "conditions of use not satisfied",
            0x6986 => "command not allowed",
            0x6987 => "secure messaging data objects missing",
            0x6988 => "secure messaging data objects incorrect",
            0x6A80 => "incorrect data",
            0x6A82 => "file not found",
            0x6A86 => "incorrect P1-P2",
            0x6A88 => "referenced data not found",
            0x6B00 => "wrong parameters (offset outside the file)",
            0x6D00 => "instruction not supported",
            0x6E00 => "class not supported",
            0x6F00 => "no precise diagnosis",
            _ if self.sw1() == 0x61 => "more data available",
            _ if self.sw1() == 0x6C => "wrong Le",
            _ if self.retries_left().is_some() => "verification failed, tries left",
            _ => "unknown status",
        }
    }
}

impl fmt::Display for StatusWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04X} ({})", self.0, self.description())
    }
}

impl fmt::Debug for StatusWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StatusWord({:04X})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_and_helpers() {
        let sw = StatusWord::new(0x61, 0x10);
        assert_eq!(sw.sw1(), 0x61);
        assert_eq!(sw.sw2(), 0x10);
        assert_eq!(sw.bytes_available(), Some(16));
        assert_eq!(StatusWord::new(0x61, 0).bytes_available(), Some(256));
        assert_eq!(StatusWord::new(0x6C, 0x20).exact_length(), Some(32));
        assert_eq!(StatusWord::new(0x63, 0xC2).retries_left(), Some(2));
        assert_eq!(StatusWord::VERIFICATION_FAILED.retries_left(), None);
        assert!(StatusWord::END_OF_FILE.is_data_valid());
        assert!(!StatusWord::END_OF_FILE.is_success());
        assert_eq!(
            StatusWord::SECURITY_STATUS_NOT_SATISFIED.to_string(),
            "6982 (security status not satisfied)"
        );
    }
}
