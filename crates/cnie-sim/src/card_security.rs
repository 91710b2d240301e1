//! EF.CardSecurity for PACE with chip authentication mapping (ICAO Doc 9303 Part 11 §9.2.2,
//! BSI TR-03110-3 A.1.2): a CMS SignedData (content type id-SecurityObject) over the
//! SecurityInfos {PACEInfo, ChipAuthenticationInfo, ChipAuthenticationPublicKeyInfo},
//! signed by the test document signer (`test-vectors/pki/ds.pem`, built into the
//! simulator), and the chip's static Chip Authentication key.
//!
//! The static key is deterministic for a curve (SHA-256 of a fixed label, the curve's
//! parameter id and a counter, until the value is a valid scalar): a software card needs no
//! secret, and every run of the simulator serves the same EF.CardSecurity.

use cnie::pace::{Curve, ecdh};
use cnie::tlv;
use der::asn1::ObjectIdentifier;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::card_access;
use crate::pace_options::PaceSettings;
use crate::perso::der::{oid, sequence, small_uint};
use crate::perso::signer::Signer;
use crate::perso::sod::{SodError, signed_content_info};

/// id-SecurityObject (BSI TR-03110-3): the content type of EF.CardSecurity.
pub const SECURITY_OBJECT: ObjectIdentifier = ObjectIdentifier::new_unwrap("0.4.0.127.0.7.3.2.1");
/// id-PK-ECDH.
pub const PK_ECDH: ObjectIdentifier = ObjectIdentifier::new_unwrap("0.4.0.127.0.7.2.2.1.2");
/// id-ecPublicKey of BSI TR-03111 (with a standardized domain parameter id).
pub const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("0.4.0.127.0.7.1.2");
/// The signing time of the simulator's EF.CardSecurity (inside the test DS's validity).
pub const SIGNING_TIME: &str = "2026-01-15T12:00:00Z";

/// The test document signer's certificate and key.
const DS_CERT: &[u8] = include_bytes!("../../../test-vectors/pki/ds.pem");
const DS_KEY: &[u8] = include_bytes!("../../../test-vectors/pki/ds.key");

/// Why EF.CardSecurity could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CardSecurityError {
    /// The signer or the signature failed.
    #[error(transparent)]
    Sign(#[from] SodError),
    /// The built-in document signer is unusable.
    #[error(transparent)]
    Signer(#[from] crate::perso::signer::SignerError),
    /// No usable static key (or a bad one).
    #[error("chip authentication key: {0}")]
    Key(String),
}

/// The chip's static Chip Authentication private key on `curve` (big-endian).
///
/// # Errors
///
/// [`CardSecurityError::Key`] (practically never: a valid scalar comes within a few tries).
pub fn static_key(curve: Curve) -> Result<Zeroizing<Vec<u8>>, CardSecurityError> {
    derived_scalar(curve, b"cnie-sim chip authentication key")
}

/// A deterministic private key on `curve` for `label` (big-endian): SHA-256 of the label,
/// the curve size, a counter and a block number, until the value is a valid scalar. Test
/// keys only: anyone can compute them.
///
/// # Errors
///
/// [`CardSecurityError::Key`] (practically never).
pub fn derived_scalar(curve: Curve, label: &[u8]) -> Result<Zeroizing<Vec<u8>>, CardSecurityError> {
    let len = ecdh::field_len(curve);
    let top_bits = curve.bits() % 8;
    for counter in 0u32..64 {
        let mut bytes = Zeroizing::new(Vec::with_capacity(len + 32));
        let mut block = 0u32;
        while bytes.len() < len {
            let mut h = Sha256::new();
            h.update(label);
            h.update(curve.bits().to_be_bytes());
            h.update(counter.to_be_bytes());
            h.update(block.to_be_bytes());
            bytes.extend_from_slice(&h.finalize());
            block += 1;
        }
        bytes.truncate(len);
        if top_bits != 0
            && let Some(first) = bytes.first_mut()
        {
            *first &= (1u8 << top_bits) - 1;
        }
        if ecdh::validate_scalar(curve, &bytes).is_ok() {
            return Ok(bytes);
        }
    }
    Err(CardSecurityError::Key("no valid scalar".into()))
}

/// The SecurityInfos of EF.CardSecurity: the card's PACEInfo, a ChipAuthenticationInfo
/// (version 1) and the ChipAuthenticationPublicKeyInfo of `public_point` (uncompressed)
/// on the PACE domain.
pub fn security_infos(settings: &PaceSettings, public_point: &[u8]) -> Vec<u8> {
    // EF.CardAccess is `SET { PACEInfo }`: take the PACEInfo out of it.
    let card_access = card_access::encode(settings);
    let pace_info = tlv::expect(&card_access, 0x31)
        .map(|(inner, _)| inner.to_vec())
        .unwrap_or_default();
    let ca_oid = crate::ca::ca_oid(settings.cipher);
    let ca_info = sequence(&[&tlv::encode(0x06, &ca_oid), &small_uint(1)]);
    let mut bits = vec![0u8];
    bits.extend_from_slice(public_point);
    let spki = sequence(&[
        &sequence(&[
            &oid(&EC_PUBLIC_KEY),
            &small_uint(u32::from(settings.parameter_id())),
        ]),
        &tlv::encode(0x03, &bits),
    ]);
    let pk_info = sequence(&[&oid(&PK_ECDH), &spki]);
    // A DER SET OF is sorted by encoding.
    let mut items = [pace_info, ca_info, pk_info];
    items.sort();
    tlv::encode(0x31, &items.concat())
}

/// EF.CardSecurity for `settings` with the static key `sk_static`, signed by `signer`.
///
/// # Errors
///
/// [`CardSecurityError`].
pub fn ef_card_security_with(
    settings: &PaceSettings,
    sk_static: &[u8],
    signer: &Signer,
) -> Result<Vec<u8>, CardSecurityError> {
    let curve = settings
        .cam_curve()
        .map_err(|e| CardSecurityError::Key(e.to_string()))?;
    let point = ecdh::multiply(curve, sk_static, None)
        .map_err(|e| CardSecurityError::Key(e.to_string()))?;
    let infos = security_infos(settings, &point);
    Ok(signed_content_info(
        &SECURITY_OBJECT,
        &infos,
        signer,
        SIGNING_TIME,
    )?)
}

/// The built-in test document signer.
///
/// # Errors
///
/// [`CardSecurityError::Signer`].
pub fn test_signer() -> Result<Signer, CardSecurityError> {
    Ok(Signer::from_bytes(DS_CERT, DS_KEY)?)
}

/// EF.CardSecurity for `settings` with the deterministic static key, signed by the test
/// document signer.
///
/// # Errors
///
/// [`CardSecurityError`].
pub fn ef_card_security(settings: &PaceSettings) -> Result<Vec<u8>, CardSecurityError> {
    let curve = settings
        .cam_curve()
        .map_err(|e| CardSecurityError::Key(e.to_string()))?;
    ef_card_security_with(settings, &static_key(curve)?, &test_signer()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pace_options::PaceMapping;
    use cnie::lds::card_access::CardSecurity;

    #[test]
    fn parses_and_verifies_with_the_library() {
        let settings = PaceSettings {
            mapping: PaceMapping::Cam,
            ..PaceSettings::default()
        };
        let bytes = ef_card_security(&settings).unwrap();
        let parsed = CardSecurity::parse(&bytes).unwrap();
        assert_eq!(parsed.infos().pace().count(), 1);
        assert_eq!(parsed.infos().chip_authentication().count(), 1);
        let key = parsed
            .infos()
            .chip_authentication_public_keys()
            .next()
            .unwrap();
        let point = cnie::pace::cam::public_key_point(&key.public_key).unwrap();
        let sk = static_key(Curve::BrainpoolP256r1).unwrap();
        assert_eq!(
            point,
            ecdh::multiply(Curve::BrainpoolP256r1, &sk, None).unwrap()
        );
        let sd = parsed.signed_data();
        let info = &sd.signer_infos[0];
        let cert = cnie::pa::signer::find_signer_certificate(sd, info).unwrap();
        cnie::pa::signer::verify_signer_info(sd, info, &cert).unwrap();
        assert!(cert.subject().contains("Document Signer TEST 1"));
    }
}
