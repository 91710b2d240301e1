//! ISO/IEC 9797-1 padding method 2: a `80` byte, then `00` bytes up to the
//! next block boundary (always at least one byte is added).

use super::SmError;

/// Appends method-2 padding to `buf` in place.
pub(crate) fn pad_in_place(buf: &mut Vec<u8>, block_size: usize) {
    buf.push(0x80);
    while !buf.len().is_multiple_of(block_size) {
        buf.push(0x00);
    }
}

/// `data` followed by method-2 padding, in a new buffer.
pub(crate) fn pad(data: &[u8], block_size: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + block_size);
    out.extend_from_slice(data);
    pad_in_place(&mut out, block_size);
    out
}

/// Removes method-2 padding: the `80` byte must be the last non-zero byte and
/// lie in the last block.
pub(crate) fn unpad(data: &[u8], block_size: usize) -> Result<&[u8], SmError> {
    let last_block = data.len().saturating_sub(block_size);
    let mut i = data.len();
    while i > last_block {
        i -= 1;
        match data.get(i) {
            Some(0x00) => continue,
            Some(0x80) => return data.get(..i).ok_or(SmError::BadPadding),
            _ => return Err(SmError::BadPadding),
        }
    }
    Err(SmError::BadPadding)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_to_the_next_block() {
        assert_eq!(pad(&[], 8), [0x80, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(pad(&[1, 2, 3, 4], 8), [1, 2, 3, 4, 0x80, 0, 0, 0]);
        assert_eq!(pad(&[7; 8], 8).len(), 16);
        assert_eq!(pad(&[7; 15], 16), [&[7u8; 15][..], &[0x80]].concat());
    }

    #[test]
    fn unpads_strictly() {
        assert_eq!(unpad(&[1, 2, 0x80, 0, 0, 0, 0, 0], 8), Ok(&[1u8, 2][..]));
        assert_eq!(unpad(&[0x80, 0, 0, 0, 0, 0, 0, 0], 8), Ok(&[][..]));
        assert_eq!(
            unpad(&[1, 2, 3, 4, 5, 6, 7, 0x80], 8),
            Ok(&[1u8, 2, 3, 4, 5, 6, 7][..])
        );
        // No 80 marker.
        assert_eq!(
            unpad(&[1, 2, 0, 0, 0, 0, 0, 0], 8),
            Err(SmError::BadPadding)
        );
        assert_eq!(unpad(&[0; 8], 8), Err(SmError::BadPadding));
        // Marker followed by a non-zero byte.
        assert_eq!(
            unpad(&[1, 0x80, 0, 0, 0, 0, 0, 1], 8),
            Err(SmError::BadPadding)
        );
        // Padding longer than one block.
        let mut long = vec![0x80];
        long.extend_from_slice(&[0; 15]);
        assert_eq!(unpad(&long, 8), Err(SmError::BadPadding));
        assert_eq!(unpad(&[], 8), Err(SmError::BadPadding));
    }
}
