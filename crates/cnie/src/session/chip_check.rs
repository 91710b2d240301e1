//! What a read did to prove the chip genuine beyond PACE-CAM: Chip Authentication v1
//! with DG14's key, and Active Authentication with DG15's key.

use serde::Serialize;

/// Chip Authentication (version 1, DG14) as the read ran it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ChipAuthenticationCheck {
    /// The chip agreed keys with DG14's static key and answered under them: it holds
    /// the private key of the (passively authenticated) DG14.
    Passed {
        /// The key id DG14 named, when it names one.
        key_id: Option<u32>,
    },
    /// The chip refused the protocol its DG14 announces, or its answers under the new
    /// keys did not verify: it does not hold DG14's private key. The read stopped there.
    Failed {
        /// What happened.
        reason: String,
    },
}

/// Active Authentication (DG15) as the read ran it: the challenge sent and the chip's
/// answer, kept so that the verdict (and later an offline verification) checks the
/// signature against DG15's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveAuthenticationExchange {
    /// The 8-byte challenge (RND.IFD).
    pub challenge: [u8; 8],
    /// The chip's signature, or `None` when it refused INTERNAL AUTHENTICATE.
    pub response: Option<Vec<u8>>,
}
