//! The MRZ formats (TD1, TD2, TD3) and the field positions of each.

use std::fmt;
use std::ops::Range;

use serde::Serialize;

/// The layout of a machine readable zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum MrzFormat {
    /// ID-1 size card (e.g. the CNIE): 3 lines of 30 characters (ICAO 9303 Part 5).
    #[serde(rename = "TD1")]
    Td1,
    /// ID-2 size document: 2 lines of 36 characters (ICAO 9303 Part 6).
    #[serde(rename = "TD2")]
    Td2,
    /// ID-3 size document (passport book): 2 lines of 44 characters (ICAO 9303 Part 4).
    #[serde(rename = "TD3")]
    Td3,
}

impl MrzFormat {
    /// All formats, in the order TD1, TD2, TD3.
    pub const ALL: [MrzFormat; 3] = [MrzFormat::Td1, MrzFormat::Td2, MrzFormat::Td3];

    /// Number of lines of the MRZ (3 for TD1, 2 otherwise).
    pub const fn line_count(self) -> usize {
        match self {
            MrzFormat::Td1 => 3,
            MrzFormat::Td2 | MrzFormat::Td3 => 2,
        }
    }

    /// Number of characters of each line (30, 36 or 44).
    pub const fn line_length(self) -> usize {
        match self {
            MrzFormat::Td1 => 30,
            MrzFormat::Td2 => 36,
            MrzFormat::Td3 => 44,
        }
    }

    /// Total number of characters of the MRZ (90, 72 or 88).
    pub const fn total_length(self) -> usize {
        self.line_count() * self.line_length()
    }

    /// The format whose MRZ has `total` characters, if any.
    pub fn from_total_length(total: usize) -> Option<MrzFormat> {
        MrzFormat::ALL
            .into_iter()
            .find(|format| format.total_length() == total)
    }

    /// The format whose MRZ has `lines` lines of `length` characters, if any.
    pub fn from_shape(lines: usize, length: usize) -> Option<MrzFormat> {
        MrzFormat::ALL
            .into_iter()
            .find(|format| format.line_count() == lines && format.line_length() == length)
    }
}

impl fmt::Display for MrzFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MrzFormat::Td1 => "TD1",
            MrzFormat::Td2 => "TD2",
            MrzFormat::Td3 => "TD3",
        })
    }
}

/// Field positions of one format, as (line, range) pairs and check digit positions.
pub(super) struct Layout {
    pub(super) document_code: (usize, Range<usize>),
    pub(super) issuing_state: (usize, Range<usize>),
    pub(super) document_number: (usize, Range<usize>),
    pub(super) document_number_check: (usize, usize),
    /// Optional data that may hold a long-number extension (TD1 line 1, TD2 line 2).
    pub(super) optional_1: (usize, Range<usize>),
    pub(super) optional_2: Option<(usize, Range<usize>)>,
    pub(super) date_of_birth: (usize, Range<usize>),
    pub(super) date_of_birth_check: (usize, usize),
    pub(super) sex: (usize, usize),
    pub(super) date_of_expiry: (usize, Range<usize>),
    pub(super) date_of_expiry_check: (usize, usize),
    pub(super) nationality: (usize, Range<usize>),
    /// TD3 personal number check digit position (the field is `optional_1`).
    pub(super) personal_number_check: Option<(usize, usize)>,
    /// Composite check digit input, as a list of (line, range) in order.
    pub(super) composite: Vec<(usize, Range<usize>)>,
    pub(super) composite_check: (usize, usize),
    pub(super) name: (usize, Range<usize>),
}

impl Layout {
    pub(super) fn of(format: MrzFormat) -> Layout {
        match format {
            MrzFormat::Td1 => Layout {
                document_code: (0, 0..2),
                issuing_state: (0, 2..5),
                document_number: (0, 5..14),
                document_number_check: (0, 14),
                optional_1: (0, 15..30),
                optional_2: Some((1, 18..29)),
                date_of_birth: (1, 0..6),
                date_of_birth_check: (1, 6),
                sex: (1, 7),
                date_of_expiry: (1, 8..14),
                date_of_expiry_check: (1, 14),
                nationality: (1, 15..18),
                personal_number_check: None,
                composite: vec![(0, 5..30), (1, 0..7), (1, 8..15), (1, 18..29)],
                composite_check: (1, 29),
                name: (2, 0..30),
            },
            MrzFormat::Td2 | MrzFormat::Td3 => {
                let len = format.line_length();
                let is_td3 = format == MrzFormat::Td3;
                let optional_end = if is_td3 { len - 2 } else { len - 1 };
                Layout {
                    document_code: (0, 0..2),
                    issuing_state: (0, 2..5),
                    document_number: (1, 0..9),
                    document_number_check: (1, 9),
                    optional_1: (1, 28..optional_end),
                    optional_2: None,
                    date_of_birth: (1, 13..19),
                    date_of_birth_check: (1, 19),
                    sex: (1, 20),
                    date_of_expiry: (1, 21..27),
                    date_of_expiry_check: (1, 27),
                    nationality: (1, 10..13),
                    personal_number_check: is_td3.then_some((1, len - 2)),
                    composite: vec![(1, 0..10), (1, 13..20), (1, 21..len - 1)],
                    composite_check: (1, len - 1),
                    name: (0, 5..len),
                }
            }
        }
    }
}
