//! Secure-messaging data objects (ICAO 9303-11 §9.8, ISO/IEC 7816-4 §10):
//! building DO'87'/'85', DO'97', DO'99' and DO'8E', the MAC inputs, and the
//! strict parsing of received objects. Generic over the [`SmCipher`].

use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::padding::{pad, pad_in_place, unpad};
use super::{SmCipher, SmError};
use crate::iso7816::{MAX_EXTENDED_LE, MAX_SHORT_LE};
use crate::tlv;

/// DO'85': cryptogram of BER-TLV data (odd INS), without padding indicator.
pub(crate) const TAG_CRYPTOGRAM_ODD: u32 = 0x85;
/// DO'87': padding-content indicator `01` followed by the cryptogram.
pub(crate) const TAG_CRYPTOGRAM: u32 = 0x87;
/// DO'97': Le of the unprotected command.
pub(crate) const TAG_LE: u32 = 0x97;
/// DO'99': status word of the unprotected response.
pub(crate) const TAG_STATUS: u32 = 0x99;
/// DO'8E': cryptographic checksum.
pub(crate) const TAG_MAC: u32 = 0x8E;

/// Padding-content indicator of DO'87': ISO/IEC 9797-1 method 2.
const PADDING_INDICATOR: u8 = 0x01;
/// The length of the MAC in DO'8E'.
pub(crate) const MAC_LEN: usize = 8;

#[cfg(any(test, feature = "chip"))]
/// The data objects a protected command may carry, in order.
pub(crate) const COMMAND_TAGS: &[u32] = &[TAG_CRYPTOGRAM_ODD, TAG_CRYPTOGRAM, TAG_LE, TAG_MAC];
/// The data objects a protected response may carry, in order.
pub(crate) const RESPONSE_TAGS: &[u32] = &[TAG_CRYPTOGRAM_ODD, TAG_CRYPTOGRAM, TAG_STATUS, TAG_MAC];

/// Increments a big-endian send sequence counter (wrapping to zero).
pub(crate) fn increment(ssc: &mut [u8]) {
    for byte in ssc.iter_mut().rev() {
        let (next, carry) = byte.overflowing_add(1);
        *byte = next;
        if !carry {
            break;
        }
    }
}

/// Pads and encrypts `data` into DO'87' (`01` || cryptogram), or DO'85'
/// (cryptogram only) when `odd` (odd INS: the data is BER-TLV).
pub(crate) fn encrypt_do<C: SmCipher>(
    cipher: &C,
    ssc: &[u8],
    data: &[u8],
    odd: bool,
) -> Result<Vec<u8>, SmError> {
    let mut buf = Zeroizing::new(pad(data, C::BLOCK_SIZE));
    cipher.encrypt(ssc, &mut buf)?;
    let mut value = Vec::with_capacity(buf.len() + 1);
    let tag = if odd {
        TAG_CRYPTOGRAM_ODD
    } else {
        value.push(PADDING_INDICATOR);
        TAG_CRYPTOGRAM
    };
    value.extend_from_slice(&buf);
    Ok(tlv::encode(tag, &value))
}

/// Decrypts the value of DO'87' or DO'85' and removes the padding. Call only
/// after the MAC has been verified.
pub(crate) fn decrypt_do<C: SmCipher>(
    cipher: &C,
    ssc: &[u8],
    tag: u32,
    value: &[u8],
) -> Result<Vec<u8>, SmError> {
    let cryptogram = if tag == TAG_CRYPTOGRAM {
        match value.split_first() {
            Some((&PADDING_INDICATOR, rest)) => rest,
            _ => return Err(SmError::Malformed("DO'87' padding indicator is not 01")),
        }
    } else {
        value
    };
    if cryptogram.is_empty() || cryptogram.len() % C::BLOCK_SIZE != 0 {
        return Err(SmError::Malformed(
            "cryptogram not a whole number of blocks",
        ));
    }
    let mut buf = Zeroizing::new(cryptogram.to_vec());
    cipher.decrypt(ssc, &mut buf)?;
    Ok(unpad(&buf, C::BLOCK_SIZE)?.to_vec())
}

/// DO'97' for `le`: one byte for a short command (256 as `00`), two for an
/// extended one (65536 as `0000`).
pub(crate) fn le_do(le: usize, extended: bool) -> Result<Vec<u8>, SmError> {
    let max = if extended {
        MAX_EXTENDED_LE
    } else {
        MAX_SHORT_LE
    };
    if le == 0 || le > max {
        return Err(SmError::TooLarge);
    }
    let value = if extended {
        u16::try_from(le % MAX_EXTENDED_LE)
            .map_err(|_| SmError::TooLarge)?
            .to_be_bytes()
            .to_vec()
    } else {
        vec![u8::try_from(le % MAX_SHORT_LE).map_err(|_| SmError::TooLarge)?]
    };
    Ok(tlv::encode(TAG_LE, &value))
}

#[cfg(any(test, feature = "chip"))]
/// Reads the value of DO'97': the Le, and whether it was extended.
pub(crate) fn decode_le(value: &[u8]) -> Result<(usize, bool), SmError> {
    match *value {
        [0] => Ok((MAX_SHORT_LE, false)),
        [n] => Ok((n as usize, false)),
        [0, 0] => Ok((MAX_EXTENDED_LE, true)),
        [a, b] => Ok((u16::from_be_bytes([a, b]) as usize, true)),
        _ => Err(SmError::Malformed("DO'97' is not one or two bytes")),
    }
}

#[cfg(any(test, feature = "chip"))]
/// DO'99' for a status word.
pub(crate) fn status_do(sw: [u8; 2]) -> Vec<u8> {
    tlv::encode(TAG_STATUS, &sw)
}

/// DO'8E' for a MAC.
pub(crate) fn mac_do(mac: &[u8; MAC_LEN]) -> Vec<u8> {
    tlv::encode(TAG_MAC, mac)
}

/// The command header padded to one block (the start of `M`).
pub(crate) fn padded_header(header: [u8; 4], block_size: usize) -> Vec<u8> {
    pad(&header, block_size)
}

/// The MAC input `pad(SSC || body)`: `N` for a command (body `M` = padded
/// header || DOs), `K` for a response (body = its DOs before DO'8E').
pub(crate) fn mac_input(ssc: &[u8], body: &[u8], block_size: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(ssc.len() + body.len() + block_size);
    out.extend_from_slice(ssc);
    out.extend_from_slice(body);
    pad_in_place(&mut out, block_size);
    out
}

/// Checks `received` against the MAC of `mac_input` in constant time.
pub(crate) fn verify_mac<C: SmCipher>(
    cipher: &C,
    mac_input: &[u8],
    received: &[u8],
) -> Result<(), SmError> {
    let expected = cipher.mac(mac_input);
    if bool::from(expected.as_slice().ct_eq(received)) {
        Ok(())
    } else {
        Err(SmError::BadMac)
    }
}

/// The data objects of a protected command or response, borrowed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SmDos<'a> {
    /// DO'87' or DO'85': the tag and its value.
    pub cryptogram: Option<(u32, &'a [u8])>,
    /// DO'97' value.
    pub le: Option<&'a [u8]>,
    /// DO'99' value (exactly two bytes).
    pub status: Option<[u8; 2]>,
    /// DO'8E' value (exactly [`MAC_LEN`] bytes).
    pub mac: Option<&'a [u8]>,
    /// The encoded objects before DO'8E': what the MAC covers.
    pub covered: &'a [u8],
}

/// The position of a tag in the fixed order 87/85, 97, 99, 8E.
fn rank(tag: u32) -> u8 {
    match tag {
        TAG_CRYPTOGRAM | TAG_CRYPTOGRAM_ODD => 0,
        TAG_LE => 1,
        TAG_STATUS => 2,
        _ => 3,
    }
}

/// Parses the secure-messaging objects of `input` strictly: only tags in
/// `allowed`, each at most once, in the order 87/85, 97, 99, 8E, with DO'8E'
/// last. Every length is checked against the bytes present.
pub(crate) fn parse_dos<'a>(input: &'a [u8], allowed: &[u32]) -> Result<SmDos<'a>, SmError> {
    let mut dos = SmDos::default();
    let mut rest = input;
    let mut last_rank: Option<u8> = None;
    while !rest.is_empty() {
        if dos.mac.is_some() {
            return Err(SmError::Malformed("data after DO'8E'"));
        }
        let offset = input.len() - rest.len();
        let (obj, next) = tlv::parse(rest)
            .map_err(|_| SmError::Malformed("truncated or malformed data object"))?;
        if !allowed.contains(&obj.tag) {
            return Err(SmError::Malformed("unexpected data object"));
        }
        let r = rank(obj.tag);
        if last_rank.is_some_and(|last| r <= last) {
            return Err(SmError::Malformed("data objects repeated or out of order"));
        }
        last_rank = Some(r);
        match obj.tag {
            TAG_CRYPTOGRAM | TAG_CRYPTOGRAM_ODD => dos.cryptogram = Some((obj.tag, obj.value)),
            TAG_LE => dos.le = Some(obj.value),
            TAG_STATUS => {
                let sw: [u8; 2] = obj
                    .value
                    .try_into()
                    .map_err(|_| SmError::Malformed("DO'99' is not two bytes"))?;
                dos.status = Some(sw);
            }
            _ => {
                if obj.value.len() != MAC_LEN {
                    return Err(SmError::Malformed("DO'8E' is not eight bytes"));
                }
                dos.mac = Some(obj.value);
                dos.covered = input
                    .get(..offset)
                    .ok_or(SmError::Malformed("data object offset"))?;
            }
        }
        rest = next;
    }
    Ok(dos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ssc_increments_big_endian_and_wraps() {
        let mut ssc = [0x88, 0x70, 0x22, 0x12, 0x0C, 0x06, 0xC2, 0x26];
        increment(&mut ssc);
        assert_eq!(ssc, [0x88, 0x70, 0x22, 0x12, 0x0C, 0x06, 0xC2, 0x27]);
        let mut ssc = [0, 0, 0, 0, 0, 0, 0x01, 0xFF];
        increment(&mut ssc);
        assert_eq!(ssc, [0, 0, 0, 0, 0, 0, 0x02, 0x00]);
        let mut ssc = [0xFF; 8];
        increment(&mut ssc);
        assert_eq!(ssc, [0; 8]);
    }

    #[test]
    fn le_objects() {
        assert_eq!(le_do(4, false).unwrap(), [0x97, 1, 4]);
        assert_eq!(le_do(256, false).unwrap(), [0x97, 1, 0]);
        assert_eq!(le_do(1000, true).unwrap(), [0x97, 2, 0x03, 0xE8]);
        assert_eq!(le_do(65536, true).unwrap(), [0x97, 2, 0, 0]);
        assert_eq!(le_do(0, false), Err(SmError::TooLarge));
        assert_eq!(le_do(257, false), Err(SmError::TooLarge));
        assert_eq!(le_do(65537, true), Err(SmError::TooLarge));
        assert_eq!(decode_le(&[0]), Ok((256, false)));
        assert_eq!(decode_le(&[0x12]), Ok((0x12, false)));
        assert_eq!(decode_le(&[0, 0]), Ok((65536, true)));
        assert_eq!(decode_le(&[0x03, 0xE8]), Ok((1000, true)));
        assert!(decode_le(&[]).is_err());
        assert!(decode_le(&[1, 2, 3]).is_err());
    }

    #[test]
    fn parses_in_order_only() {
        let mac = [0x8E, 8, 1, 2, 3, 4, 5, 6, 7, 8];
        let input = [&[0x99, 2, 0x90, 0][..], &mac].concat();
        let dos = parse_dos(&input, RESPONSE_TAGS).unwrap();
        assert_eq!(dos.status, Some([0x90, 0]));
        assert_eq!(dos.mac, Some(&mac[2..]));
        assert_eq!(dos.covered, &[0x99, 2, 0x90, 0]);
        assert_eq!(dos.cryptogram, None);

        let swapped = [&mac[..], &[0x99, 2, 0x90, 0]].concat();
        assert_eq!(
            parse_dos(&swapped, RESPONSE_TAGS),
            Err(SmError::Malformed("data after DO'8E'"))
        );
        let twice = [&[0x99, 2, 0x90, 0, 0x99, 2, 0x90, 0][..], &mac].concat();
        assert!(parse_dos(&twice, RESPONSE_TAGS).is_err());
        let out_of_order = [&[0x99, 2, 0x90, 0, 0x87, 2, 1, 0][..], &mac].concat();
        assert!(parse_dos(&out_of_order, RESPONSE_TAGS).is_err());
        // DO'97' is not allowed in a response, DO'99' not in a command.
        let le = [&[0x97, 1, 0][..], &mac].concat();
        assert!(parse_dos(&le, RESPONSE_TAGS).is_err());
        assert!(parse_dos(&input, COMMAND_TAGS).is_err());
        // Padding bytes between objects are refused.
        let padded = [&[0x00][..], &input].concat();
        assert!(parse_dos(&padded, RESPONSE_TAGS).is_err());
        // Short MAC, long status.
        assert!(parse_dos(&[0x99, 2, 0x90, 0, 0x8E, 4, 1, 2, 3, 4], RESPONSE_TAGS).is_err());
        assert!(parse_dos(&[0x99, 3, 0x90, 0, 0], RESPONSE_TAGS).is_err());
        assert_eq!(parse_dos(&[], RESPONSE_TAGS), Ok(SmDos::default()));
    }
}
