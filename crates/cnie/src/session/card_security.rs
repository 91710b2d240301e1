//! After PACE with chip authentication mapping: EF.CardSecurity, its signature and the
//! chip's static key.

use std::collections::HashSet;

use crate::card::Card;
use crate::error::{CaError, Error, Result};
use crate::iso7816::Transport;
use crate::lds::card_access::CardSecurity;
use crate::lds::file::LdsFile;
use crate::lds::security_infos::PaceInfo;
use crate::pace::cam::ChipAuthenticationData;

/// The outcome of PACE with chip authentication mapping: the chip proved that it holds
/// the private key of the static public key in EF.CardSecurity (a failed check aborts the
/// read with [`Error::Protocol`], so a recorded outcome always passed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChipAuthentication {
    /// EF.CardSecurity as read (a CMS SignedData; its chain can be checked against a
    /// trust store with [`crate::pa`]).
    pub card_security: Vec<u8>,
    /// The subject of the certificate that signed EF.CardSecurity (its signature was
    /// verified with that certificate; its chain to a CSCA is checked by
    /// [`ChipAuthentication::check_chain`]).
    pub signer: String,
    /// That certificate (DER).
    pub signer_certificate: Vec<u8>,
    /// The keyId of the static key used, when EF.CardSecurity names one.
    pub key_id: Option<u32>,
}

impl ChipAuthentication {
    /// Checks the chain of EF.CardSecurity's signer to a trusted CSCA at `now`. Only
    /// with a valid chain does chip authentication show the chip is genuine: a cloned
    /// chip can carry an EF.CardSecurity with its own key, signed by anyone.
    pub fn check_chain(
        &self,
        trust: &crate::pa::TrustStore,
        now: std::time::SystemTime,
    ) -> crate::pa::chain::ChainOutcome {
        let now = crate::asn1::time::unix_seconds(now);
        match crate::pa::Certificate::from_der(&self.signer_certificate) {
            Ok(cert) => crate::pa::chain::validate(&cert, trust, &crate::pa::ChainOptions::at(now)),
            Err(e) => crate::pa::chain::ChainOutcome::failed(
                crate::pa::ChainCheck::Invalid,
                vec![format!("EF.CardSecurity's signer certificate: {e}")],
            ),
        }
    }
}

/// After PACE-CAM: reads EF.CardSecurity (SFI 1D, master file) under the new secure
/// messaging, verifies its CMS signature with the certificate inside, and checks the chip
/// authentication data against its static key(s). Any failure is
/// [`Error::ChipAuthentication`] ([`CaError::CardSecurity`] or [`CaError::CamMismatch`]).
pub(super) fn authenticate_chip<T: Transport>(
    card: &mut Card<T>,
    cam: &ChipAuthenticationData,
    card_access: &[PaceInfo],
) -> Result<ChipAuthentication> {
    const FAILED: Error = Error::ChipAuthentication(CaError::CardSecurity);
    let bytes = card
        .read_file(LdsFile::CardSecurity.sfi(), |_, _| {})
        .map_err(|_| FAILED)?;
    let parsed = CardSecurity::parse(&bytes).map_err(|_| FAILED)?;
    // The PACE variants EF.CardAccess offered (in plain, unauthenticated) must be those
    // the chip signed: otherwise someone on the way may have removed the stronger ones.
    let signed: HashSet<&PaceInfo> = parsed.infos().pace().collect();
    let offered: HashSet<&PaceInfo> = card_access.iter().collect();
    if signed != offered {
        return Err(CaError::PaceInfoMismatch.into());
    }
    let signed_data = parsed.signed_data();
    let mut signer = None;
    for info in &signed_data.signer_infos {
        let cert =
            crate::pa::signer::find_signer_certificate(signed_data, info).map_err(|_| FAILED)?;
        crate::pa::signer::verify_signer_info(signed_data, info, &cert).map_err(|_| FAILED)?;
        signer.get_or_insert(cert);
    }
    let signer_certificate = signer.ok_or(FAILED)?;
    let signer = signer_certificate.subject().to_string();
    let signer_certificate = signer_certificate.der().to_vec();
    for key in parsed.infos().chip_authentication_public_keys() {
        let Ok(point) = crate::pace::cam::public_key_point(&key.public_key) else {
            continue;
        };
        if cam.verify(point).is_ok() {
            return Ok(ChipAuthentication {
                card_security: bytes,
                signer,
                signer_certificate,
                key_id: key.key_id,
            });
        }
    }
    Err(FAILED)
}
