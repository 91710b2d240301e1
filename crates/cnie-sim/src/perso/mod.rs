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

pub mod auth;
pub mod der;
pub mod dg;
pub mod eid;
pub mod face;
pub mod identity;
pub mod mrz;
pub mod signer;
pub mod sod;

pub use auth::{AaAlgorithm, AuthOptions};

use crate::config::{AaSettings, AccessData, CardConfig, ConfigError, Secret};
use crate::folder::{CardImage, ChipKeys};
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
    /// The Active or Chip Authentication material, or the extra data group.
    #[error(transparent)]
    Auth(#[from] auth::AuthError),
    /// The built-in test document signer.
    #[error(transparent)]
    Signer(#[from] signer::SignerError),
}

/// The specimen identity, face and document signer built into the simulator.
const SPECIMEN_IDENTITY: &str = include_str!("../../../../test-vectors/cards/specimen.toml");
const SPECIMEN_FACE: &[u8] = include_bytes!("../../../../test-vectors/cards/specimen-face.jpg");
const DS_CERT: &[u8] = include_bytes!("../../../../test-vectors/pki/ds.pem");
const DS_KEY: &[u8] = include_bytes!("../../../../test-vectors/pki/ds.key");

/// The specimen card (`test-vectors/cards/specimen.toml`, its face, signed by the test
/// document signer `ds`) with `options`, in memory, without the eID application (add it
/// with [`CardImage::with_eid`], e.g. from `CardImage::load` of the committed specimen).
/// With default options its files are the committed specimen's.
pub fn specimen(options: &AuthOptions) -> Result<CardImage, PersoError> {
    let id = Identity::from_toml(SPECIMEN_IDENTITY)?;
    let signer = Signer::from_bytes(DS_CERT, DS_KEY)?;
    personalize_with(&id, SPECIMEN_FACE, &signer, options)
}

/// Builds the card: data groups, EF.COM, EF.SOD and settings.
pub fn personalize(
    id: &Identity,
    face_jpeg: &[u8],
    signer: &Signer,
) -> Result<CardImage, PersoError> {
    personalize_with(id, face_jpeg, signer, &AuthOptions::default())
}

/// Builds the card with Active Authentication, Chip Authentication, a clone's keys or an
/// unlisted data group as `options` say (see [`auth`]): DG15 and DG14 are listed in
/// EF.COM and hashed in EF.SOD; the extra data group is in EF.COM only.
pub fn personalize_with(
    id: &Identity,
    face_jpeg: &[u8],
    signer: &Signer,
    options: &AuthOptions,
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
    let card = &id.card;
    let mut groups: Vec<(u8, Vec<u8>)> = vec![(1, dg1), (2, dg2), (11, dg11)];
    let mut keys = ChipKeys::default();
    let mut dg14_infos = Vec::new();
    let mut aa_settings = None;
    if let Some(alg) = options.aa {
        let genuine = auth::aa_private_key(alg, false)?;
        groups.push((15, auth::dg15(&genuine)?));
        if alg == AaAlgorithm::Ecdsa {
            dg14_infos.push(auth::aa_security_info());
        } else {
            aa_settings = Some(AaSettings {
                hash: options.aa_hash,
            });
        }
        keys.aa = Some(if options.clone {
            auth::aa_private_key(alg, true)?
        } else {
            genuine
        });
    }
    if let Some(settings) = &options.ca {
        let genuine = auth::ca_private_key(settings, false)?;
        dg14_infos.extend(auth::ca_security_infos(settings, &genuine)?);
        keys.ca = Some(if options.clone {
            auth::ca_private_key(settings, true)?
        } else {
            genuine
        });
    }
    if !dg14_infos.is_empty() {
        // The card's PACEInfos belong in DG14 too (ICAO 9303-11 §9.2).
        let mut pace_infos = Vec::new();
        if card.protocols.pace {
            let access = crate::card_access::encode(&card.pace);
            if let Ok((set, _)) = cnie::tlv::expect(&access, 0x31) {
                for item in cnie::tlv::iter(set).flatten() {
                    pace_infos.push(cnie::tlv::encode(item.tag, item.value));
                }
            }
        }
        groups.push((14, auth::dg14(&dg14_infos, &pace_infos)));
    }
    let mut unlisted = None;
    if let Some(n) = options.extra_dg {
        if !(3..=16).contains(&n) || groups.iter().any(|(m, _)| *m == n && n != 11) {
            return Err(auth::AuthError(format!(
                "--extra-dg {n}: a data group from 3 to 16 the card has not got otherwise (DG11 is replaced)"
            ))
            .into());
        }
        groups.retain(|(m, _)| *m != n);
        let data = auth::extra_dg(n, &id.dg11.full_name)
            .ok_or_else(|| auth::AuthError(format!("--extra-dg {n}: no such data group")))?;
        unlisted = Some((n, data));
    }
    groups.sort_by_key(|(n, _)| *n);
    let hashed: Vec<(u8, &[u8])> = groups.iter().map(|(n, d)| (*n, d.as_slice())).collect();
    let sod = sod::ef_sod(&hashed, signer, &id.sod.signing_time)?;
    if let Some(extra) = unlisted {
        groups.push(extra);
        groups.sort_by_key(|(n, _)| *n);
    }
    let tags: Vec<u8> = groups
        .iter()
        .filter_map(|(n, _)| FileName::Dg(*n).tag())
        .collect();
    let com = dg::ef_com(&tags);

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
        active_authentication: aa_settings,
        chip_authentication: options.ca,
        timing: None,
    };
    config.validate()?;
    let mut image = CardImage::new(config)
        .with_file(FileName::Com, com)
        .with_file(FileName::Sod, sod);
    for (n, data) in groups {
        image = image.with_file(FileName::Dg(n), data);
    }
    image.keys = keys;
    Ok(image)
}
