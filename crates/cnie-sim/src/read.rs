//! READ BINARY semantics (ISO/IEC 7816-4 §11.3.3): how many bytes a read
//! returns and with which status word.
//!
//! - an offset at or beyond the end of the file: `6B00`;
//! - fewer bytes left than Le: what is left and `6282` (end of file reached
//!   before Le bytes were read);
//! - otherwise Le bytes (Le exactly to the end included) and `9000`;
//! - the chip never returns more than its configured maximum (`cap`), nor
//!   more than fits the protected response (`room`); a response cut by those
//!   limits ends with `9000` and the reader asks for the rest.

use std::ops::Range;

use cnie::iso7816::StatusWord;
use cnie::tlv;

/// The bytes a READ BINARY (`B0`) returns: a range of the file and the status word.
///
/// `le` is Ne (1 to 65536), `limit` the most the chip may send (its maximum
/// response size, or what fits the secure-messaging response).
pub fn read_even(
    file_len: usize,
    offset: usize,
    le: usize,
    limit: usize,
) -> Result<(Range<usize>, StatusWord), StatusWord> {
    if offset >= file_len {
        return Err(StatusWord::WRONG_P1P2);
    }
    let available = file_len - offset;
    let give = le.min(limit).min(available);
    if give == 0 {
        return Err(StatusWord::WRONG_LENGTH);
    }
    let sw = if give == available && available < le {
        StatusWord::END_OF_FILE
    } else {
        StatusWord::SUCCESS
    };
    Ok((offset..offset + give, sw))
}

/// Size of DO'53' wrapping `n` bytes.
fn do53_len(n: usize) -> usize {
    let mut header = Vec::with_capacity(4);
    tlv::encode_len(n, &mut header);
    1 + header.len() + n
}

/// The bytes a READ BINARY with odd INS (`B1`) returns inside DO'53': Le and
/// `limit` bound the whole DO'53', header included.
pub fn read_odd(
    file_len: usize,
    offset: usize,
    le: usize,
    limit: usize,
) -> Result<(Range<usize>, StatusWord), StatusWord> {
    if offset >= file_len {
        return Err(StatusWord::WRONG_P1P2);
    }
    let available = file_len - offset;
    let budget = le.min(limit);
    // The largest n whose DO'53' fits the budget (at most 4 header bytes).
    let mut give = available.min(budget.saturating_sub(2));
    while give > 0 && do53_len(give) > budget {
        give -= 1;
    }
    if give == 0 {
        return Err(StatusWord::WRONG_LENGTH);
    }
    let sw = if give == available && do53_len(give) < le {
        StatusWord::END_OF_FILE
    } else {
        StatusWord::SUCCESS
    };
    Ok((offset..offset + give, sw))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn even_reads() {
        // Within the file.
        assert_eq!(
            read_even(100, 0, 10, 1000),
            Ok((0..10, StatusWord::SUCCESS))
        );
        // Le exactly to the end.
        assert_eq!(
            read_even(100, 90, 10, 1000),
            Ok((90..100, StatusWord::SUCCESS))
        );
        // Fewer bytes left than Le.
        assert_eq!(
            read_even(100, 95, 10, 1000),
            Ok((95..100, StatusWord::END_OF_FILE))
        );
        assert_eq!(
            read_even(100, 0, 65536, 65536),
            Ok((0..100, StatusWord::END_OF_FILE))
        );
        // Offset at or beyond the end.
        assert_eq!(read_even(100, 100, 1, 1000), Err(StatusWord::WRONG_P1P2));
        assert_eq!(read_even(100, 5000, 1, 1000), Err(StatusWord::WRONG_P1P2));
        // Capped by the chip: 9000, the reader goes on.
        assert_eq!(
            read_even(1000, 0, 256, 100),
            Ok((0..100, StatusWord::SUCCESS))
        );
        // Capped, but the rest fits: end of file.
        assert_eq!(
            read_even(1000, 950, 256, 100),
            Ok((950..1000, StatusWord::END_OF_FILE))
        );
    }

    #[test]
    fn odd_reads() {
        // 10 bytes in 53 0A: 12 bytes.
        assert_eq!(read_odd(100, 0, 12, 1000), Ok((0..10, StatusWord::SUCCESS)));
        assert_eq!(
            read_odd(100, 90, 12, 1000),
            Ok((90..100, StatusWord::SUCCESS))
        );
        assert_eq!(
            read_odd(100, 95, 12, 1000),
            Ok((95..100, StatusWord::END_OF_FILE))
        );
        // 200 bytes need 53 81 C8: Le 256 gives 200 + 3 < 256: end of file.
        assert_eq!(
            read_odd(40000, 39800, 256, 65536),
            Ok((39800..40000, StatusWord::END_OF_FILE))
        );
        // 300 bytes wanted with Le 256: 253 bytes (53 81 FD).
        assert_eq!(
            read_odd(40000, 33000, 256, 65536),
            Ok((33000..33253, StatusWord::SUCCESS))
        );
        // Header sizes switch at 128 and 256.
        assert_eq!(
            read_odd(1000, 0, 130, 65536),
            Ok((0..127, StatusWord::SUCCESS))
        );
        assert_eq!(
            read_odd(1000, 0, 259, 65536),
            Ok((0..255, StatusWord::SUCCESS))
        );
        assert_eq!(read_odd(100, 100, 10, 1000), Err(StatusWord::WRONG_P1P2));
        assert_eq!(read_odd(100, 0, 2, 1000), Err(StatusWord::WRONG_LENGTH));
    }
}
