//! The well-known application identifiers a probe tries to SELECT.
//!
//! Sources: ICAO Doc 9303-10 §3.6.2 (eMRTD), ISO/IEC 7816-15 and PKCS #15
//! (RID `A000000063`), the IAS-ECC specification (RID `A000000077`), BSI
//! TR-03110-4 and TR-03117 (German eID, eSign and its CIA), the Belgian
//! BELPIC, Estonian EstEID and Gemalto IAS cards (as their public middleware
//! selects them), OpenPGP card 3.4 §4.2.1 and NIST SP 800-73-4 (PIV).

/// An application identifier worth trying on an unknown card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownAid {
    /// A short name for the report.
    pub name: &'static str,
    /// The AID (5 to 16 bytes).
    pub aid: &'static [u8],
}

/// The applications tried on every card, in this order.
pub const KNOWN_AIDS: &[KnownAid] = &[
    KnownAid {
        name: "ICAO eMRTD (LDS1)",
        aid: &[0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01],
    },
    KnownAid {
        name: "ICAO LDS2 travel records",
        aid: &[0xA0, 0x00, 0x00, 0x02, 0x47, 0x20, 0x01],
    },
    KnownAid {
        name: "PKCS#15 / ISO 7816-15",
        // A0 00 00 00 63 "PKCS-15"
        aid: &[
            0xA0, 0x00, 0x00, 0x00, 0x63, 0x50, 0x4B, 0x43, 0x53, 0x2D, 0x31, 0x35,
        ],
    },
    KnownAid {
        name: "IAS-ECC",
        aid: &[
            0xA0, 0x00, 0x00, 0x00, 0x77, 0x01, 0x08, 0x00, 0x07, 0x00, 0x00, 0xFE, 0x00, 0x00,
            0x01, 0x00,
        ],
    },
    KnownAid {
        name: "Gemalto IAS",
        aid: &[
            0xA0, 0x00, 0x00, 0x00, 0x18, 0x40, 0x00, 0x00, 0x01, 0x63, 0x42, 0x00,
        ],
    },
    KnownAid {
        name: "German eID (TR-03110)",
        aid: &[0xE8, 0x07, 0x04, 0x00, 0x7F, 0x00, 0x07, 0x03, 0x02],
    },
    KnownAid {
        name: "eSign (TR-03117)",
        // A0 00 00 01 67 "ESIGN"
        aid: &[0xA0, 0x00, 0x00, 0x01, 0x67, 0x45, 0x53, 0x49, 0x47, 0x4E],
    },
    KnownAid {
        name: "CIA for eSign (ISO 7816-15)",
        aid: &[
            0xE8, 0x28, 0xBD, 0x08, 0x0F, 0xA0, 0x00, 0x00, 0x01, 0x67, 0x45, 0x53, 0x49, 0x47,
            0x4E,
        ],
    },
    KnownAid {
        name: "QSCD application (IDEMIA IAS-ECC)",
        // "QSCD Application"
        aid: &[
            0x51, 0x53, 0x43, 0x44, 0x20, 0x41, 0x70, 0x70, 0x6C, 0x69, 0x63, 0x61, 0x74, 0x69,
            0x6F, 0x6E,
        ],
    },
    KnownAid {
        name: "EstEID 3.5",
        // D2 33 00 00 00 "EstEID v35"
        aid: &[
            0xD2, 0x33, 0x00, 0x00, 0x00, 0x45, 0x73, 0x74, 0x45, 0x49, 0x44, 0x20, 0x76, 0x33,
            0x35,
        ],
    },
    KnownAid {
        name: "Belgian eID (BELPIC)",
        // A0 00 00 01 77 "PKCS-15"
        aid: &[
            0xA0, 0x00, 0x00, 0x01, 0x77, 0x50, 0x4B, 0x43, 0x53, 0x2D, 0x31, 0x35,
        ],
    },
    KnownAid {
        name: "OpenPGP card",
        aid: &[0xD2, 0x76, 0x00, 0x01, 0x24, 0x01],
    },
    KnownAid {
        name: "PIV",
        aid: &[
            0xA0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00,
        ],
    },
];

/// The name of a well-known AID, if it is one.
pub fn name_of(aid: &[u8]) -> Option<&'static str> {
    KNOWN_AIDS.iter().find(|k| k.aid == aid).map(|k| k.name)
}

/// Whether `aid` has the length ISO/IEC 7816-4 §12.2.3 allows (5 to 16 bytes).
pub fn is_valid_aid(aid: &[u8]) -> bool {
    (5..=16).contains(&aid.len())
}
