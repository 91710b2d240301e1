//! Suggested corrections when a check digit is wrong.
//!
//! OCR engines and people typing an MRZ confuse a few letters and digits: `O`/`0`, `I`/`1`,
//! `B`/`8`, `S`/`5`, `Z`/`2`, `G`/`6`. When a field's check digit fails, the variants of the
//! field (and of its check digit character) obtained by undoing such confusions are tried.
//!
//! - Document and personal numbers may hold letters and digits, so each confusable position is
//!   toggled both ways. A position is skipped when its swap cannot change the check digit (the
//!   `G`/`6` swap: their values 16 and 6 differ by 10), because the check digit gives no evidence
//!   about it. At most [`MAX_POSITIONS`] positions are combined (`2^12` variants); beyond that no
//!   suggestion is made.
//! - Dates hold only digits, so confusable letters in a date are mapped to their digit.
//! - A check digit character that is a confusable letter (`O` for `0`, ...) is mapped to its digit.
//!
//! Among the variants that pass, those with the fewest changed characters are kept; the
//! suggestion is made only if they all spell the same field value. Preferring the fewest changes
//! is needed in practice: with the 7-3-1 weights, several confusions together often cancel out
//! (in `AB0123456`, `B`→`8` plus `1`→`I` leaves the check digit unchanged), so "exactly one
//! variant passes" alone would almost never hold.

use super::check_digit::{char_value, weight};
use super::date::date_is_valid;
use super::error::MrzField;
use super::text::trim_fillers;

/// The confusable pairs (letter, digit).
const PAIRS: [(u8, u8); 6] = [
    (b'O', b'0'),
    (b'I', b'1'),
    (b'B', b'8'),
    (b'S', b'5'),
    (b'Z', b'2'),
    (b'G', b'6'),
];

/// Maximum number of confusable positions combined in a number field.
pub(super) const MAX_POSITIONS: usize = 12;

/// The character `c` may have been confused with.
fn counterpart(c: u8) -> Option<u8> {
    PAIRS.iter().find_map(|&(letter, digit)| match c {
        _ if c == letter => Some(digit),
        _ if c == digit => Some(letter),
        _ => None,
    })
}

/// The digit a confusable letter stands for.
fn letter_digit(c: u8) -> Option<u8> {
    PAIRS
        .iter()
        .find_map(|&(letter, digit)| (c == letter).then_some(digit))
}

/// Whether swapping `c` for `other` at `position` changes the check digit.
fn swap_matters(c: u8, other: u8, position: usize) -> bool {
    match (char_value(c), char_value(other)) {
        (Some(a), Some(b)) => !(a.abs_diff(b) * weight(position)).is_multiple_of(10),
        _ => false,
    }
}

/// A suggested corrected value of `field` (fillers trimmed), when the fewest-change variants
/// that pass `accept` all agree; `None` otherwise.
pub(super) fn suggest(
    field: MrzField,
    value: &[u8],
    check: u8,
    accept: &impl Fn(&[u8], u8) -> bool,
) -> Option<String> {
    let mut checks = vec![(check, 0usize)];
    if let Some(digit) = letter_digit(check) {
        checks.push((digit, 1));
    }
    let mut best = Fewest {
        checks,
        accept,
        best: None,
        ambiguous: false,
    };

    match field {
        MrzField::DateOfBirth | MrzField::DateOfExpiry => {
            let (changes, mapped) = date_digits(value)?;
            if date_is_valid(field, &mapped) {
                best.consider(changes, &mapped);
            }
        }
        MrzField::DocumentNumber | MrzField::PersonalNumber => {
            number_variants(value, &mut best)?;
        }
        MrzField::Composite | MrzField::Sex => {}
    }

    best.suggestion()
}

/// The variants that pass, with the fewest changed characters seen so far.
struct Fewest<'a, F> {
    /// The check digit characters to try, with the changes each costs.
    checks: Vec<(u8, usize)>,
    accept: &'a F,
    /// The fewest changes seen and the first variant with them.
    best: Option<(usize, Vec<u8>)>,
    /// Whether another variant with as few changes spells a different value.
    ambiguous: bool,
}

impl<F: Fn(&[u8], u8) -> bool> Fewest<'_, F> {
    /// Tries `candidate` (`changes` characters changed) with each check digit character.
    fn consider(&mut self, changes: usize, candidate: &[u8]) {
        for &(check, check_changes) in &self.checks {
            let total = changes + check_changes;
            if total == 0 || !(self.accept)(candidate, check) {
                continue;
            }
            match &self.best {
                Some((fewest, _)) if total > *fewest => {}
                Some((fewest, seen)) if total == *fewest => {
                    self.ambiguous |= seen.as_slice() != candidate;
                }
                _ => {
                    self.best = Some((total, candidate.to_vec()));
                    self.ambiguous = false;
                }
            }
        }
    }

    /// The suggestion: the fewest-change value, when unambiguous.
    fn suggestion(self) -> Option<String> {
        match self.best {
            Some((_, value)) if !self.ambiguous => Some(trim_fillers(&value)),
            _ => None,
        }
    }
}

/// A date with its confusable letters mapped to digits, and how many were; `None` if it holds
/// another non-digit (other than `<`).
fn date_digits(value: &[u8]) -> Option<(usize, Vec<u8>)> {
    let mut changes = 0;
    let mut mapped = Vec::with_capacity(value.len());
    for &c in value {
        if c.is_ascii_digit() || c == b'<' {
            mapped.push(c);
        } else {
            mapped.push(letter_digit(c)?);
            changes += 1;
        }
    }
    Some((changes, mapped))
}

/// Considers every combination of swaps at the confusable positions of a number; `None` when
/// there are more than [`MAX_POSITIONS`] of them.
fn number_variants<F: Fn(&[u8], u8) -> bool>(value: &[u8], best: &mut Fewest<'_, F>) -> Option<()> {
    let positions: Vec<(usize, u8)> = value
        .iter()
        .enumerate()
        .filter_map(|(i, &c)| {
            let other = counterpart(c)?;
            swap_matters(c, other, i).then_some((i, other))
        })
        .collect();
    if positions.len() > MAX_POSITIONS {
        return None;
    }
    let mut candidate = value.to_vec();
    for mask in 0u32..(1u32 << positions.len()) {
        candidate.copy_from_slice(value);
        for (bit, &(i, other)) in positions.iter().enumerate() {
            if mask & (1 << bit) != 0
                && let Some(slot) = candidate.get_mut(i)
            {
                *slot = other;
            }
        }
        best.consider(mask.count_ones() as usize, &candidate);
    }
    Some(())
}
