//! Personalization: a card folder from an identity, a face image and a
//! document signer.
//!
//! The card gets DG1 (the TD1 MRZ), DG2 (the face in an ISO/IEC 19794-5
//! record), DG11 (full name in Latin and Arabic script, personal number,
//! full date of birth, place of birth), EF.COM (LDS 1.7) and EF.SOD
//! (SHA-256 hashes of every data group, signed by the document signer), and
//! a `card.toml` with the access data, PIN and PUK. [`eid::load`] adds the
//! eID application's keys and certificates from the test PKI
//! ([`crate::folder::CardImage::with_eid`]).

pub mod der;
pub mod dg;
pub mod eid;
pub mod face;
pub mod identity;
pub mod mrz;
pub mod signer;
pub mod sod;

use crate::config::{AccessData, CardConfig, ConfigError, Secret};
use crate::folder::CardImage;
use crate::fs::FileName;
use identity::{Identity, IdentityError};
use signer::Signer;

/// JPEG quality of the synthetic face (about 15 KB).
pub const FACE_QUALITY: u8 = 80;

/// Why personalization failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PersoError {
    /// The identity is not usable.
    #[error(transparent)]
    Identity(#[from] IdentityError),
    /// The face image is not usable.
    #[error(transparent)]
    Image(#[from] dg::ImageError),
    /// EF.SOD could not be built.
    #[error(transparent)]
    Sod(#[from] sod::SodError),
    /// The card settings are not usable.
    #[error(transparent)]
    Config(#[from] ConfigError),
}

/// Builds the card: data groups, EF.COM, EF.SOD and settings.
pub fn personalize(
    id: &Identity,
    face_jpeg: &[u8],
    signer: &Signer,
) -> Result<CardImage, PersoError> {
    let lines = mrz::td1(id)?;
    if !id.mrz.is_empty() && id.mrz.as_slice() != lines.as_slice() {
        return Err(IdentityError(format!(
            "the MRZ built from the identity differs from the expected one:\n{}",
            lines.join("\n")
        ))
        .into());
    }
    let dg1 = dg::dg1(&lines);
    let dg2 = dg::dg2(face_jpeg, &id.sex)?;
    let dg11 = dg::dg11(&dg::Dg11 {
        full_name: &id.dg11.full_name,
        other_names: &id.dg11.other_names,
        personal_number: id.dg11.personal_number.as_deref(),
        full_date_of_birth: id.dg11.full_date_of_birth.as_deref(),
        place_of_birth: id.dg11.place_of_birth.as_deref(),
    });
    let groups: [(u8, &[u8]); 3] = [(1, &dg1), (2, &dg2), (11, &dg11)];
    let tags: Vec<u8> = groups
        .iter()
        .filter_map(|(n, _)| FileName::Dg(*n).tag())
        .collect();
    let com = dg::ef_com(&tags);
    let sod = sod::ef_sod(&groups, signer, &id.sod.signing_time)?;

    let card = &id.card;
    let config = CardConfig {
        access: AccessData {
            mrz: lines.iter().map(|l| Secret::new(l.as_str())).collect(),
            document_number: None,
            date_of_birth: None,
            date_of_expiry: None,
            can: Some(card.can.clone()),
        },
        pin: card.pin.clone(),
        puk: card.puk.clone(),
        protocols: card.protocols,
        pace: card.pace,
        transport: card.transport,
        eid: None,
    };
    config.validate()?;
    Ok(CardImage::new(config)
        .with_file(FileName::Com, com)
        .with_file(FileName::Sod, sod)
        .with_file(FileName::Dg(1), dg1)
        .with_file(FileName::Dg(2), dg2)
        .with_file(FileName::Dg(11), dg11))
}
