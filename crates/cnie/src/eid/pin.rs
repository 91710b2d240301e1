//! PINs and PUKs: validated against the profile's format, encoded for
//! VERIFY, zeroized on drop and never shown; and the PIN status a card
//! reports in its status words.

use zeroize::Zeroizing;

use super::profile::{PinEncoding, PinFormat};
use crate::error::PinError;
use crate::iso7816::StatusWord;

/// The most bytes an encoded PIN may take (a short APDU's data field).
const MAX_ENCODED: usize = 64;

/// A PIN or PUK, encoded for its profile format. The bytes are zeroized on
/// drop and never appear in `Debug`.
#[derive(Clone)]
pub struct Pin {
    encoded: Zeroizing<Vec<u8>>,
}

impl std::fmt::Debug for Pin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pin(<redacted>)")
    }
}

impl Pin {
    /// Checks `digits` against `format` and encodes it (ASCII or BCD, then
    /// padding). The caller should zeroize its own copy of `digits`.
    pub fn new(digits: &str, format: &PinFormat) -> Result<Pin, PinError> {
        if format.min_length > format.max_length || usize::from(format.max_length) > MAX_ENCODED {
            return Err(PinError::BadFormat);
        }
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PinError::NotDigits);
        }
        let n = digits.len();
        if n < usize::from(format.min_length) {
            return Err(PinError::TooShort {
                min: format.min_length,
            });
        }
        if n > usize::from(format.max_length) {
            return Err(PinError::TooLong {
                max: format.max_length,
            });
        }
        let mut encoded = Zeroizing::new(Vec::with_capacity(MAX_ENCODED));
        match format.encoding {
            PinEncoding::Ascii => encoded.extend_from_slice(digits.as_bytes()),
            PinEncoding::Bcd => {
                for pair in digits.as_bytes().chunks(2) {
                    let high = pair.first().map_or(0x0F, |d| d - b'0'); // ok: digits checked above
                    let low = pair.get(1).map_or(format.padding & 0x0F, |d| d - b'0'); // ok: digits checked above
                    encoded.push(high << 4 | low);
                }
            }
        }
        let padded = usize::from(format.padded_length);
        if padded > 0 {
            if encoded.len() > padded || padded > MAX_ENCODED {
                return Err(PinError::BadFormat);
            }
            encoded.resize(padded, format.padding);
        }
        Ok(Pin { encoded })
    }

    /// The bytes VERIFY sends (zeroized on drop).
    pub fn encoded(&self) -> &[u8] {
        &self.encoded
    }
}

/// What a card's status word says about a PIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinStatus {
    /// `9000`: verified (or, for the counter query, already verified).
    Verified,
    /// `63Cx` with x > 0: not verified, x tries left.
    TriesLeft(u8),
    /// `6983` or `63C0`: blocked.
    Blocked,
    /// `6984`: the reference data is not usable (e.g. a transport PIN not
    /// yet changed, or deactivated).
    NotUsable,
    /// The counter query got an answer that says nothing documented about the tries
    /// left (e.g. `6300` without a count, `6A88`): it counts as the last try.
    Unknown(StatusWord),
}

impl PinStatus {
    /// Reads the answer to a retry-counter query (VERIFY without data): a status
    /// word that says nothing documented about the PIN is [`PinStatus::Unknown`].
    pub fn from_counter_sw(sw: StatusWord) -> PinStatus {
        PinStatus::from_sw(sw).unwrap_or(PinStatus::Unknown(sw))
    }

    /// Whether spending a try may be the last one: one try left, or a counter that
    /// could not be read (an unknown counter counts as the last try).
    pub fn may_be_last_try(self) -> bool {
        matches!(self, PinStatus::TriesLeft(1) | PinStatus::Unknown(_))
    }

    /// Reads a PIN status from a VERIFY (or CHANGE/RESET) status word;
    /// `None` for a status word that says nothing about the PIN.
    pub fn from_sw(sw: StatusWord) -> Option<PinStatus> {
        if sw.is_success() {
            return Some(PinStatus::Verified);
        }
        if let Some(n) = sw.retries_left() {
            return Some(if n == 0 {
                PinStatus::Blocked
            } else {
                PinStatus::TriesLeft(n)
            });
        }
        match sw {
            StatusWord::AUTH_METHOD_BLOCKED => Some(PinStatus::Blocked),
            StatusWord::REFERENCE_DATA_NOT_USABLE => Some(PinStatus::NotUsable),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eid::Profile;

    #[test]
    fn ascii_padded() {
        let p = Pin::new("1234", &Profile::default_cnie().pin).unwrap();
        assert_eq!(p.encoded(), b"1234\xFF\xFF\xFF\xFF");
    }

    #[test]
    fn bcd_packed() {
        let f = PinFormat {
            reference: 0x81,
            min_length: 4,
            max_length: 12,
            encoding: PinEncoding::Bcd,
            padding: 0xFF,
            padded_length: 8,
        };
        let p = Pin::new("12345", &f).unwrap();
        assert_eq!(
            p.encoded(),
            [0x12, 0x34, 0x5F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        );
        let unpadded = PinFormat {
            padded_length: 0,
            ..f
        };
        assert_eq!(Pin::new("1234", &unpadded).unwrap().encoded(), [0x12, 0x34]);
    }

    #[test]
    fn format_rejections() {
        let f = Profile::default_cnie().pin;
        assert_eq!(
            Pin::new("123", &f).unwrap_err(),
            PinError::TooShort { min: 4 }
        );
        assert_eq!(
            Pin::new("123456789", &f).unwrap_err(),
            PinError::TooLong { max: 8 }
        );
        assert_eq!(Pin::new("12a4", &f).unwrap_err(), PinError::NotDigits);
        assert_eq!(Pin::new("１２３４", &f).unwrap_err(), PinError::NotDigits);
        let tight = PinFormat {
            padded_length: 2,
            ..f
        };
        assert_eq!(Pin::new("1234", &tight).unwrap_err(), PinError::BadFormat);
    }

    #[test]
    fn debug_and_errors_hide_the_pin() {
        let p = Pin::new("48151623", &Profile::default_cnie().pin).unwrap();
        let shown = format!("{p:?}");
        assert!(!shown.contains("4815"), "{shown}");
        assert!(!shown.contains("34 38"));
        let e = Pin::new("4815x", &Profile::default_cnie().pin).unwrap_err();
        assert!(!e.to_string().contains("4815"));
        assert!(!format!("{e:?}").contains("4815"));
    }

    #[test]
    fn status_words() {
        assert_eq!(
            PinStatus::from_sw(StatusWord(0x9000)),
            Some(PinStatus::Verified)
        );
        assert_eq!(
            PinStatus::from_sw(StatusWord(0x63C3)),
            Some(PinStatus::TriesLeft(3))
        );
        assert_eq!(
            PinStatus::from_sw(StatusWord(0x63C0)),
            Some(PinStatus::Blocked)
        );
        assert_eq!(
            PinStatus::from_sw(StatusWord(0x6983)),
            Some(PinStatus::Blocked)
        );
        assert_eq!(
            PinStatus::from_sw(StatusWord(0x6984)),
            Some(PinStatus::NotUsable)
        );
        assert_eq!(PinStatus::from_sw(StatusWord(0x6A88)), None);
    }
}
