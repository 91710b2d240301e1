//! The answer to reset and EF.ATR/INFO.
//!
//! The ATR is what a PC/SC reader builds for an ISO/IEC 14443-4 card
//! (PC/SC Part 3 §3.1.3.2.3): `3B 8n 80 01`, the historical bytes and TCK.
//! The historical bytes are compact-TLV (category `80`) with a card
//! capabilities object `73` whose third byte announces extended Lc/Le
//! (bit 7, `40`) when extended length is on (ISO/IEC 7816-4 §12.1.1.9).
//! The details (largest APDUs) are in EF.ATR/INFO, DO'7F66'.

use cnie::tlv;

/// The largest command APDU the chip accepts (announced in EF.ATR/INFO).
pub const MAX_COMMAND_APDU: usize = 4096;

/// Card capabilities, first byte: DF selection by full name, by file
/// identifier, short EF identifiers supported.
const SELECTION_METHODS: u8 = 0x94;
/// Card capabilities, second byte: data unit of one byte.
const DATA_CODING: u8 = 0x01;
/// Card capabilities, third byte: extended Lc and Le fields.
const EXTENDED_LC_LE: u8 = 0x40;

/// The card capabilities bytes (value of compact-TLV `73`, or of BER-TLV `47`).
fn capabilities(extended: bool) -> [u8; 3] {
    let third = if extended { EXTENDED_LC_LE } else { 0 };
    [SELECTION_METHODS, DATA_CODING, third]
}

/// The ATR of the simulated card; without `announce`, the historical bytes carry no
/// card capabilities (nothing said about extended length).
pub fn atr(extended: bool, announce: bool) -> Vec<u8> {
    let caps = capabilities(extended);
    let [selection, coding, third] = caps;
    let historical: &[u8] = if announce {
        &[0x80, 0x73, selection, coding, third]
    } else {
        &[0x80]
    };
    // ok: five historical bytes fit the low nibble of T0.
    let t0 = 0x80 | historical.len() as u8;
    let mut atr = vec![0x3B, t0, 0x80, 0x01];
    atr.extend_from_slice(historical);
    let tck = atr.iter().skip(1).fold(0u8, |acc, b| acc ^ b);
    atr.push(tck);
    atr
}

/// The contents of EF.ATR/INFO: the card capabilities (DO'47') and, when
/// extended length is on, the extended length information (DO'7F66': the
/// largest command and response APDUs, ISO/IEC 7816-4 §12.7.1) first.
pub fn atr_info(extended: bool, max_response_apdu: usize) -> Vec<u8> {
    let mut out = Vec::new();
    if extended {
        let mut info = integer(MAX_COMMAND_APDU);
        info.extend(integer(max_response_apdu));
        out.extend(tlv::encode(0x7F66, &info));
    }
    out.extend(tlv::encode(0x47, &capabilities(extended)));
    out
}

/// A DER INTEGER (positive, minimal).
fn integer(n: usize) -> Vec<u8> {
    let bytes = (n as u64).to_be_bytes();
    let skip = bytes.iter().take_while(|b| **b == 0).count().min(7);
    let mut value = Vec::new();
    if bytes.get(skip).is_some_and(|b| b & 0x80 != 0) {
        value.push(0);
    }
    value.extend_from_slice(bytes.get(skip..).unwrap_or_default());
    tlv::encode(0x02, &value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atr_is_well_formed() {
        let ext = atr(true, true);
        assert_eq!(hex::encode_upper(&ext), "3B858001807394014022");
        // TCK: the XOR of T0..TCK is zero.
        assert_eq!(ext.iter().skip(1).fold(0, |a, b| a ^ b), 0);
        assert_eq!(
            cnie::iso7816::atr::supports_extended_length(&ext),
            Some(true)
        );
        let short = atr(false, true);
        assert_eq!(short[8], 0);
        assert_eq!(
            cnie::iso7816::atr::supports_extended_length(&short),
            Some(false)
        );
    }

    #[test]
    fn atr_info_announces_extended_length() {
        let info = atr_info(true, 65538);
        assert_eq!(
            hex::encode_upper(&info),
            "7F660902021000020301000247039401 40".replace(' ', "")
        );
        assert_eq!(hex::encode_upper(atr_info(false, 258)), "4703940100");
        assert_eq!(integer(128), vec![2, 2, 0, 128]);
    }
}
