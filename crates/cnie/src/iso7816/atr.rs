//! Answer-to-reset parsing (ISO/IEC 7816-3 §8.2, 7816-4 §12.1): just what a
//! reader needs, the historical bytes and the card capabilities they announce.

/// Splits an ATR and returns its historical bytes, or `None` when the ATR is
/// malformed (too short for the interface bytes it announces).
pub fn historical_bytes(atr: &[u8]) -> Option<&[u8]> {
    let t0 = *atr.get(1)?;
    let k = (t0 & 0x0F) as usize;
    let mut pos = 2;
    let mut y = t0 >> 4;
    loop {
        // TA, TB, TC present per bits 1..3 of Y; TD per bit 4.
        pos += (y & 0x07).count_ones() as usize;
        if y & 0x08 == 0 {
            break;
        }
        let td = *atr.get(pos)?;
        pos += 1;
        y = td >> 4;
    }
    atr.get(pos..pos.checked_add(k)?)
}

/// Whether the ATR's historical bytes announce extended Lc/Le support in a
/// card-capabilities object (compact-TLV tag 7, third byte bit 7). `None`
/// when the ATR does not say.
pub fn supports_extended_length(atr: &[u8]) -> Option<bool> {
    let hist = historical_bytes(atr)?;
    let (&category, mut rest) = hist.split_first()?;
    if category != 0x80 {
        return None;
    }
    while let Some((&tl, tail)) = rest.split_first() {
        let tag = tl >> 4;
        let len = (tl & 0x0F) as usize;
        let (value, after) = tail.split_at_checked(len)?;
        if tag == 7
            && let Some(&third) = value.get(2)
        {
            return Some(third & 0x40 != 0);
        }
        rest = after;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contactless_atr_with_capabilities() {
        // 3B 88 80 01 | 80 73 C8 21 40 ... (historical) | TCK
        let atr = hex::decode("3B888001807300C8400000009000").unwrap_or_default();
        let mut a = atr.clone();
        a.truncate(4 + 8);
        let tck = a[1..].iter().fold(0u8, |x, b| x ^ b);
        a.push(tck);
        let hist = historical_bytes(&a).unwrap();
        assert_eq!(hist, &hex::decode("807300C840000000").unwrap()[..]);
        assert_eq!(supports_extended_length(&a), Some(true));
    }

    #[test]
    fn capabilities_without_extended_length() {
        let a = hex::decode("3B8580017300C00000").unwrap();
        // T0 = 85: 5 historical bytes after TD1=80 TD2=01.
        assert_eq!(historical_bytes(&a), Some(&a[4..9]));
        assert_eq!(
            supports_extended_length(&[0x3B, 0x85, 0x80, 0x01, 0x80, 0x73, 0x00, 0x00, 0x00]),
            Some(false)
        );
    }

    #[test]
    fn malformed_atrs_do_not_panic() {
        assert_eq!(historical_bytes(&[]), None);
        assert_eq!(historical_bytes(&[0x3B]), None);
        assert_eq!(historical_bytes(&[0x3B, 0xFF]), None);
        assert_eq!(
            supports_extended_length(&[0x3B, 0x83, 0x80, 0x01, 0x80, 0x7F, 0x00]),
            None
        );
        assert_eq!(supports_extended_length(&[0x3B, 0x00]), None);
    }
}
