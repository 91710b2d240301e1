//! The protocol OIDs of the security infos: the BSI smartcard arc, its
//! sub-arcs and ICAO's `id-AA`, as DER content octets.

/// `bsi-de protocols smartcard` (0.4.0.127.0.7.2.2), DER content octets.
pub(super) const BSI_SMARTCARD: [u8; 7] = [0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02];
/// Arc of `id-PK` (Chip Authentication public keys) under [`BSI_SMARTCARD`].
pub(super) const ARC_PK: u8 = 1;
/// Arc of `id-TA` under [`BSI_SMARTCARD`].
pub(super) const ARC_TA: u8 = 2;
/// Arc of `id-CA` under [`BSI_SMARTCARD`].
pub(super) const ARC_CA: u8 = 3;
/// Arc of `id-PACE` under [`BSI_SMARTCARD`].
pub(super) const ARC_PACE: u8 = 4;
/// `id-AA` (2.23.136.1.1.5, ICAO 9303-11 §9.2.7), DER content octets.
pub(super) const ID_AA: [u8; 6] = [0x67, 0x81, 0x08, 0x01, 0x01, 0x05];

/// The DER content octets of the OID 0.4.0.127.0.7.2.2 followed by `arcs`
/// (each below 128, so one byte each).
pub(super) fn oid_under(arcs: &[u8]) -> Vec<u8> {
    let mut out = BSI_SMARTCARD.to_vec();
    out.extend_from_slice(arcs);
    out
}
