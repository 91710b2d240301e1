//! The data fields of the PACE commands (ICAO 9303-11 §4.4.4, BSI TR-03110-3 B.1, B.11):
//!
//! - MSE:Set AT (`00 22 C1 A4`): `80` protocol OID, `83` password reference, optional `84`
//!   domain parameter id;
//! - GENERAL AUTHENTICATE (`10/00 86 00 00`): dynamic authentication data
//!   `7C { 80 z | 81 PK_map_IFD | 82 PK_map_IC | 83 PK_IFD | 84 PK_IC | 85 T_IFD | 86 T_IC }`;
//!   the first command carries an empty `7C 00`.

use super::PaceError;
use crate::tlv;

/// The tag of dynamic authentication data.
pub const DYNAMIC_AUTH_DATA_TAG: u32 = 0x7C;
/// Encrypted nonce (chip → terminal).
pub const TAG_ENCRYPTED_NONCE: u8 = 0x80;
/// Terminal's mapping data (`PK_map_IFD`).
pub const TAG_MAPPING_IFD: u8 = 0x81;
/// Chip's mapping data (`PK_map_IC`).
pub const TAG_MAPPING_IC: u8 = 0x82;
/// Terminal's ephemeral public key (`PK_IFD`).
pub const TAG_PK_IFD: u8 = 0x83;
/// Chip's ephemeral public key (`PK_IC`).
pub const TAG_PK_IC: u8 = 0x84;
/// Terminal's authentication token (`T_IFD`).
pub const TAG_TOKEN_IFD: u8 = 0x85;
/// Chip's authentication token (`T_IC`).
pub const TAG_TOKEN_IC: u8 = 0x86;

/// The data of the first GENERAL AUTHENTICATE command: empty dynamic authentication data.
pub const EMPTY_DYNAMIC_AUTH_DATA: [u8; 2] = [0x7C, 0x00];

/// MSE:Set AT tag of the cryptographic mechanism reference (protocol OID).
const TAG_MECHANISM: u32 = 0x80;
/// MSE:Set AT tag of the password reference.
const TAG_PASSWORD: u32 = 0x83;
/// MSE:Set AT tag of the domain parameter id.
const TAG_PARAMETER_ID: u32 = 0x84;

/// Encodes `7C { tag value }`.
pub fn encode_dynamic_auth_data(tag: u8, value: &[u8]) -> Vec<u8> {
    tlv::encode(DYNAMIC_AUTH_DATA_TAG, &tlv::encode(u32::from(tag), value))
}

/// Decodes dynamic authentication data (the whole of `bytes` must be one `7C` object) and
/// returns the value of `expected_tag` inside it; other objects inside are ignored.
///
/// # Errors
///
/// [`PaceError::Malformed`] when the structure is broken, bytes follow it, or the tag is
/// missing.
pub fn decode_dynamic_auth_data(bytes: &[u8], expected_tag: u8) -> Result<&[u8], PaceError> {
    let (inner, rest) = tlv::expect(bytes, DYNAMIC_AUTH_DATA_TAG)
        .map_err(|_| PaceError::Malformed("not dynamic authentication data (7C)"))?;
    if !rest.is_empty() {
        return Err(PaceError::Malformed(
            "bytes after the dynamic authentication data",
        ));
    }
    tlv::find(inner, u32::from(expected_tag))
        .map_err(|_| PaceError::Malformed("broken dynamic authentication data"))?
        .ok_or(PaceError::Malformed(
            "dynamic authentication data lacks the expected tag",
        ))
}

/// Checks that the data object `tag` is absent from a GENERAL AUTHENTICATE answer, in
/// any of the encodings chips use for "no data": no answer data at all, the empty
/// template `7C 00`, or `7C` holding the empty object (`7C 02 82 00`). Other objects
/// inside the template are ignored, as [`decode_dynamic_auth_data`] does.
///
/// # Errors
///
/// [`PaceError::Malformed`] when the structure is broken, bytes follow it, or `tag` holds
/// data.
pub fn decode_absent(bytes: &[u8], tag: u8) -> Result<(), PaceError> {
    if bytes.is_empty() {
        return Ok(());
    }
    let (inner, rest) = tlv::expect(bytes, DYNAMIC_AUTH_DATA_TAG)
        .map_err(|_| PaceError::Malformed("not dynamic authentication data (7C)"))?;
    if !rest.is_empty() {
        return Err(PaceError::Malformed(
            "bytes after the dynamic authentication data",
        ));
    }
    match tlv::find(inner, u32::from(tag))
        .map_err(|_| PaceError::Malformed("broken dynamic authentication data"))?
    {
        None | Some([]) => Ok(()),
        Some(_) => Err(PaceError::Malformed(
            "a data object that must be empty holds data",
        )),
    }
}

/// The MSE:Set AT data field: `80 oid`, `83 password_reference`, and `84 parameter_id` when
/// given. `oid` is the protocol OID's DER value.
pub fn mse_set_at_data(oid: &[u8], password_reference: u8, parameter_id: Option<u8>) -> Vec<u8> {
    let mut out = tlv::encode(TAG_MECHANISM, oid);
    out.extend_from_slice(&tlv::encode(TAG_PASSWORD, &[password_reference]));
    if let Some(id) = parameter_id {
        out.extend_from_slice(&tlv::encode(TAG_PARAMETER_ID, &[id]));
    }
    out
}

#[cfg(any(test, feature = "chip"))]
/// A parsed MSE:Set AT data field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MseSetAt {
    /// The protocol OID's DER value (DO'80').
    pub oid: Vec<u8>,
    /// The password reference (DO'83'): 1 MRZ, 2 CAN, 3 PIN, 4 PUK.
    pub password_reference: u8,
    /// The domain parameter id (DO'84'), when present.
    pub parameter_id: Option<u8>,
}

#[cfg(any(test, feature = "chip"))]
/// Parses an MSE:Set AT data field (the chip's side of [`mse_set_at_data`]); other objects
/// (e.g. a CHAT) are ignored.
///
/// # Errors
///
/// [`PaceError::Malformed`] for broken TLV, a missing OID or password reference, or a
/// reference or parameter id that is not one byte.
pub fn parse_mse_set_at_data(bytes: &[u8]) -> Result<MseSetAt, PaceError> {
    let broken = |_| PaceError::Malformed("broken MSE:Set AT data");
    let oid = tlv::find(bytes, TAG_MECHANISM)
        .map_err(broken)?
        .filter(|oid| !oid.is_empty() && oid.len() <= super::MAX_OID_LEN)
        .ok_or(PaceError::Malformed("MSE:Set AT without a protocol OID"))?;
    let password_reference = match tlv::find(bytes, TAG_PASSWORD).map_err(broken)? {
        Some([reference]) => *reference,
        _ => return Err(PaceError::Malformed("MSE:Set AT password reference")),
    };
    let parameter_id = match tlv::find(bytes, TAG_PARAMETER_ID).map_err(broken)? {
        None => None,
        Some([id]) => Some(*id),
        Some(_) => return Err(PaceError::Malformed("MSE:Set AT parameter id")),
    };
    Ok(MseSetAt {
        oid: oid.to_vec(),
        password_reference,
        parameter_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every encoding of "no mapping data" is accepted (ICAO 9303-11's worked example:
    /// no data; other chips: `7C 00` or `7C 02 82 00`); data where none may be is not.
    #[test]
    fn every_encoding_of_absent_is_accepted() {
        for absent in [&[][..], &[0x7C, 0x00], &[0x7C, 0x02, 0x82, 0x00]] {
            assert_eq!(decode_absent(absent, TAG_MAPPING_IC), Ok(()), "{absent:02X?}");
        }
        for bad in [
            &[0x7C, 0x03, 0x82, 0x01, 0xAA][..],
            &[0x7C, 0x00, 0x00],
            &[0x7D, 0x00],
            &[0x7C, 0x05, 0x82],
            &[0x82, 0x00],
        ] {
            assert!(decode_absent(bad, TAG_MAPPING_IC).is_err(), "{bad:02X?}");
        }
    }
}
