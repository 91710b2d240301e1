//! Options of a reading session.

use std::time::Duration;

/// Which APDU length fields to use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LengthPreference {
    /// Extended length when the card announces it (ATR or EF.ATR/INFO).
    #[default]
    Auto,
    /// Short APDUs only.
    Short,
    /// Extended length, whatever the card announces.
    Extended,
}

/// Options of a reading session.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// APDU length fields.
    pub length: LengthPreference,
    /// How long to wait for each answer during PACE, when the transport can
    /// time out (`Transport::set_answer_timeout`) and this is shorter than its
    /// own timeout: some cards stall under PACE with the MRZ, and the reader
    /// then resets the card and goes on with the next password or BAC.
    pub pace_timeout: Duration,
    /// Refuse BAC when the card offers PACE: a PACE failure then ends the read
    /// ([`crate::Error::PaceRequired`]) instead of falling back to the weaker protocol.
    pub require_pace: bool,
    /// The Active Authentication challenge (8 bytes) to send when the card has DG15:
    /// a backend supplies its own so that the chip's signed answer is bound to its
    /// session. `None`: a random challenge, and no Active Authentication when the chip
    /// already proved itself with PACE-CAM or Chip Authentication.
    pub challenge: Option<[u8; 8]>,
}

/// The default [`ReadOptions::pace_timeout`]: PACE steps take well under a
/// second on a card, even on 512-bit curves.
pub const DEFAULT_PACE_TIMEOUT: Duration = Duration::from_secs(4);

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            length: LengthPreference::Auto,
            pace_timeout: DEFAULT_PACE_TIMEOUT,
            require_pace: false,
            challenge: None,
        }
    }
}
