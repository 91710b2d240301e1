//! The chip's side of PACE (ICAO Doc 9303 Part 11 §4.4, BSI TR-03110-3 B.1):
//! MSE:Set AT and the four chained GENERAL AUTHENTICATE steps, around the
//! library's [`cnie::pace::PaceChip`].
//!
//! - MSE:Set AT data `80 OID, 83 password reference, [84 parameter id]`: the
//!   OID and the parameter id must name one of the card's PACEInfos (`6A80`
//!   otherwise; without DO'84' the OID alone must name exactly one); the
//!   reference 1 (MRZ) or 2 (CAN) must name a password the card has (`6A88`
//!   for a missing one, and for PIN 3 and PUK 4, not offered yet); any other
//!   reference `6A80`.
//! - GENERAL AUTHENTICATE data `7C {…}`: step 1 `7C 00` → `7C {80 z}`, step 2
//!   `7C {81 PK_map_IFD}` → `7C {82 PK_map_IC}` (integrated mapping: `7C {81 t}`
//!   → `7C {82 (empty)}`), step 3 `7C {83 PK_IFD}` →
//!   `7C {84 PK_IC}`, step 4 `7C {85 T_IFD}` → `7C {86 T_IC}` and a new
//!   secure-messaging session with SSC 0; with the chip authentication mapping
//!   the last answer is `7C {86 T_IC, 8A A_IC}` (A_IC the encrypted
//!   `SK_IC⁻¹ · SK_map_IC`, with the static key of EF.CardSecurity). Steps 1-3 carry the chaining bit
//!   (CLA `10`), step 4 does not (CLA `00`): a wrong bit gets `6985`.
//!   Malformed data or a bad point `6A80`, a wrong token `6300`. Any error
//!   ends the run: the terminal starts again with MSE:Set AT.

use std::fmt;

use cnie::crypto::kdf::KdfAlgorithm;
use cnie::iso7816::StatusWord;
use cnie::keys::{AccessKey, Can, MrzKey, PasswordKind, pace_password};
use cnie::pace::data::{
    EMPTY_DYNAMIC_AUTH_DATA, TAG_ENCRYPTED_NONCE, TAG_MAPPING_IC, TAG_MAPPING_IFD, TAG_PK_IC,
    TAG_PK_IFD, TAG_TOKEN_IC, TAG_TOKEN_IFD,
};
use cnie::pace::{
    PaceChip, PaceError, PaceParams, PaceRng, SessionKeys, decode_dynamic_auth_data,
    encode_dynamic_auth_data, parse_mse_set_at_data,
};
use zeroize::Zeroizing;

use crate::access::{KeyError, Protocol, Session};
use crate::chip::Rng;
use crate::config::AccessData;
use crate::fault::PaceStep;
use crate::pace_options::{ImAnswer, PaceMapping, PaceOffer, PaceSettings};
use cnie::pace::cam::TAG_ENCRYPTED_CA_DATA;
use cnie::tlv;

/// What the chip needs to answer PACE: its options and its passwords.
pub struct PaceService {
    settings: PaceSettings,
    offers: Vec<PaceOffer>,
    mrz: Option<Zeroizing<Vec<u8>>>,
    can: Option<Zeroizing<Vec<u8>>>,
    /// The static Chip Authentication key, for the chip authentication mapping.
    static_key: Option<Zeroizing<Vec<u8>>>,
}

impl fmt::Debug for PaceService {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PaceService")
            .field("settings", &self.settings)
            .field("mrz", &self.mrz.is_some())
            .field("can", &self.can.is_some())
            .finish()
    }
}

impl PaceService {
    /// The service for `settings` with the passwords in `access` (the MRZ
    /// information and the CAN, when present).
    ///
    /// # Errors
    ///
    /// [`KeyError`] for options not supported yet, bad MRZ data or a bad CAN,
    /// or when the card has neither password.
    pub fn new(settings: &PaceSettings, access: &AccessData) -> Result<PaceService, KeyError> {
        let offers = settings
            .offers()
            .map_err(|e| KeyError::new(e.to_string()))?;
        let static_key = if settings.mapping == PaceMapping::Cam {
            let curve = settings
                .cam_curve()
                .map_err(|e| KeyError::new(e.to_string()))?;
            Some(
                crate::card_security::static_key(curve)
                    .map_err(|e| KeyError::new(e.to_string()))?,
            )
        } else {
            None
        };
        let mrz = match access.mrz_fields() {
            Ok(fields) => {
                let key = MrzKey::new(
                    fields.document_number.expose(),
                    fields.date_of_birth.expose(),
                    fields.date_of_expiry.expose(),
                )
                .map_err(|e| KeyError::new(e.to_string()))?;
                Some(pace_password(&AccessKey::Mrz(key)))
            }
            Err(_) if access.mrz.is_empty() && access.document_number.is_none() => None,
            Err(e) => return Err(KeyError::new(e.to_string())),
        };
        let can = match &access.can {
            Some(can) => {
                let can = Can::new(can.expose()).map_err(|e| KeyError::new(e.to_string()))?;
                Some(pace_password(&AccessKey::Can(can)))
            }
            None => None,
        };
        if mrz.is_none() && can.is_none() {
            return Err(KeyError::new("PACE needs the MRZ or the CAN".into()));
        }
        Ok(PaceService {
            settings: *settings,
            offers,
            mrz,
            can,
            static_key,
        })
    }

    /// The options.
    pub fn settings(&self) -> &PaceSettings {
        &self.settings
    }

    /// The offer named by MSE:Set AT: the OID must be one of the card's; DO'84', when
    /// present, must be the parameter id of an offer with that OID; without it the OID must
    /// name exactly one offer. `6A80` otherwise.
    fn select(&self, oid: &[u8], parameter_id: Option<u8>) -> Result<&PaceParams, StatusWord> {
        let mut matching = self
            .offers
            .iter()
            .filter(|o| o.params.oid() == oid)
            .filter(|o| parameter_id.is_none_or(|id| id == o.parameter_id));
        match (matching.next(), matching.next()) {
            (Some(offer), None) => Ok(&offer.params),
            _ => Err(StatusWord::WRONG_DATA),
        }
    }

    /// Answers MSE:Set AT data: a new run, or the status word of the refusal.
    pub fn set_at(&self, data: &[u8]) -> Result<PaceRun, StatusWord> {
        let mse = parse_mse_set_at_data(data).map_err(|_| StatusWord::WRONG_DATA)?;
        let params = self.select(&mse.oid, mse.parameter_id)?;
        let (kind, password) = match mse.password_reference {
            1 => (PasswordKind::Mrz, self.mrz.as_ref()),
            2 => (PasswordKind::Can, self.can.as_ref()),
            3 | 4 => return Err(StatusWord::REFERENCED_DATA_NOT_FOUND),
            _ => return Err(StatusWord::WRONG_DATA),
        };
        let password = password.ok_or(StatusWord::REFERENCED_DATA_NOT_FOUND)?;
        let mut chip = PaceChip::new(password, params.clone());
        if let Some(key) = &self.static_key {
            chip = chip
                .with_chip_authentication_key(key)
                .map_err(|_| StatusWord::UNKNOWN)?;
        }
        Ok(PaceRun {
            chip,
            im_answer: self.settings.im_answer,
            cam: self.static_key.is_some(),
            kdf: self.settings.cipher.kdf(),
            kind,
            next: Step::Nonce,
        })
    }
}

/// The GENERAL AUTHENTICATE step the run waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Nonce,
    Mapping,
    KeyAgreement,
    Token,
}

/// One PACE run, from MSE:Set AT to the last GENERAL AUTHENTICATE.
pub struct PaceRun {
    chip: PaceChip,
    im_answer: ImAnswer,
    cam: bool,
    kdf: KdfAlgorithm,
    kind: PasswordKind,
    next: Step,
}

impl fmt::Debug for PaceRun {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PaceRun")
            .field("password", &self.kind)
            .field("next", &self.next)
            .finish_non_exhaustive()
    }
}

/// The chip's answer to one successful GENERAL AUTHENTICATE.
pub enum GaStep {
    /// A step of the run: the response data (`7C {…}`).
    Reply(Vec<u8>),
    /// The last step: the response data (`7C {86 T_IC}`) and the new session.
    Established(Vec<u8>, Session),
}

impl fmt::Debug for GaStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GaStep::Reply(d) => f.debug_tuple("Reply").field(&d.len()).finish(),
            GaStep::Established(d, s) => f
                .debug_tuple("Established")
                .field(&d.len())
                .field(s)
                .finish(),
        }
    }
}

/// The chip's random source as a PACE random source.
struct ChipRng<'a>(&'a mut Rng);

impl PaceRng for ChipRng<'_> {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), PaceError> {
        (self.0)(buf).map_err(|()| PaceError::Random)
    }
}

/// The status word for a PACE failure.
fn status(e: &PaceError) -> StatusWord {
    match e {
        PaceError::TokenMismatch => StatusWord::VERIFICATION_FAILED,
        PaceError::OutOfOrder(_) => StatusWord::CONDITIONS_NOT_SATISFIED,
        PaceError::Random => StatusWord::UNKNOWN,
        _ => StatusWord::WRONG_DATA,
    }
}

impl PaceRun {
    /// The step the run waits for (for the `pace-6300` fault).
    pub fn step(&self) -> PaceStep {
        match self.next {
            Step::Nonce => PaceStep::Nonce,
            Step::Mapping => PaceStep::Mapping,
            Step::KeyAgreement => PaceStep::KeyAgreement,
            Step::Token => PaceStep::Token,
        }
    }

    /// The password the run uses.
    pub fn password(&self) -> PasswordKind {
        self.kind
    }

    /// Answers one GENERAL AUTHENTICATE with dynamic authentication data
    /// `data`; `chained` is the CLA's chaining bit. On an error the caller
    /// drops the run.
    pub fn authenticate(
        &mut self,
        chained: bool,
        data: &[u8],
        rng: &mut Rng,
    ) -> Result<GaStep, StatusWord> {
        let last = self.next == Step::Token;
        if chained == last {
            return Err(StatusWord::CONDITIONS_NOT_SATISFIED);
        }
        let mut rng = ChipRng(rng);
        let fail = |e: PaceError| status(&e);
        match self.next {
            Step::Nonce => {
                if data != EMPTY_DYNAMIC_AUTH_DATA {
                    return Err(StatusWord::WRONG_DATA);
                }
                let z = self.chip.step1(&mut rng).map_err(fail)?;
                self.next = Step::Mapping;
                Ok(GaStep::Reply(encode_dynamic_auth_data(
                    TAG_ENCRYPTED_NONCE,
                    &z,
                )))
            }
            Step::Mapping => {
                let pk_map_ifd = decode_dynamic_auth_data(data, TAG_MAPPING_IFD).map_err(fail)?;
                let pk_map_ic = self.chip.step2(pk_map_ifd, &mut rng).map_err(fail)?;
                self.next = Step::KeyAgreement;
                if pk_map_ic.is_empty() {
                    // Integrated mapping: no mapping data, encoded as configured.
                    return Ok(GaStep::Reply(self.im_answer.data()));
                }
                Ok(GaStep::Reply(encode_dynamic_auth_data(
                    TAG_MAPPING_IC,
                    &pk_map_ic,
                )))
            }
            Step::KeyAgreement => {
                let pk_ifd = decode_dynamic_auth_data(data, TAG_PK_IFD).map_err(fail)?;
                let pk_ic = self.chip.step3(pk_ifd, &mut rng).map_err(fail)?;
                self.next = Step::Token;
                Ok(GaStep::Reply(encode_dynamic_auth_data(TAG_PK_IC, &pk_ic)))
            }
            Step::Token => {
                let t_ifd = decode_dynamic_auth_data(data, TAG_TOKEN_IFD).map_err(fail)?;
                if self.cam {
                    let (t_ic, a_ic, keys) = self.chip.finish_cam(t_ifd).map_err(fail)?;
                    let session = session(&keys, self.kdf)?;
                    let mut inner = tlv::encode(u32::from(TAG_TOKEN_IC), &t_ic);
                    inner.extend(tlv::encode(u32::from(TAG_ENCRYPTED_CA_DATA), &a_ic));
                    return Ok(GaStep::Established(tlv::encode(0x7C, &inner), session));
                }
                let (t_ic, keys) = self.chip.finish(t_ifd).map_err(fail)?;
                let session = session(&keys, self.kdf)?;
                Ok(GaStep::Established(
                    encode_dynamic_auth_data(TAG_TOKEN_IC, &t_ic),
                    session,
                ))
            }
        }
    }
}

/// The secure-messaging session on the PACE session keys, SSC 0.
fn session(keys: &SessionKeys, kdf: KdfAlgorithm) -> Result<Session, StatusWord> {
    Session::from_keys(keys.ks_enc(), keys.ks_mac(), kdf, Protocol::Pace)
        .map_err(|_| StatusWord::UNKNOWN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Secret;

    fn access() -> AccessData {
        AccessData {
            document_number: Some(Secret::new("T22000129")),
            date_of_birth: Some(Secret::new("640812")),
            date_of_expiry: Some(Secret::new("101031")),
            can: Some(Secret::new("123456")),
            ..AccessData::default()
        }
    }

    #[test]
    fn set_at_checks_oid_parameter_and_reference() {
        let service = PaceService::new(&PaceSettings::default(), &access()).unwrap();
        let oid = PaceSettings::default().oid_value();
        let ok = cnie::pace::mse_set_at_data(&oid, 1, Some(13));
        assert_eq!(service.set_at(&ok).unwrap().password(), PasswordKind::Mrz);
        let can = cnie::pace::mse_set_at_data(&oid, 2, None);
        assert_eq!(service.set_at(&can).unwrap().password(), PasswordKind::Can);
        let wrong_param = cnie::pace::mse_set_at_data(&oid, 1, Some(12));
        assert_eq!(service.set_at(&wrong_param).unwrap_err().0, 0x6A80);
        let mut other = oid;
        other[9] = 4;
        let wrong_oid = cnie::pace::mse_set_at_data(&other, 1, None);
        assert_eq!(service.set_at(&wrong_oid).unwrap_err().0, 0x6A80);
        for (reference, sw) in [(3, 0x6A88), (4, 0x6A88), (0, 0x6A80), (5, 0x6A80)] {
            let data = cnie::pace::mse_set_at_data(&oid, reference, None);
            assert_eq!(service.set_at(&data).unwrap_err().0, sw, "{reference}");
        }
        assert_eq!(service.set_at(&[0x80, 0x05, 1]).unwrap_err().0, 0x6A80);
        // A card without a CAN: 6A88 for the CAN.
        let no_can = AccessData {
            can: None,
            ..access()
        };
        let service = PaceService::new(&PaceSettings::default(), &no_can).unwrap();
        assert_eq!(service.set_at(&can).unwrap_err().0, 0x6A88);
        assert!(!format!("{service:?}").contains("T22000129"));
    }

    #[test]
    fn needs_a_password_and_a_defined_combination() {
        assert!(PaceService::new(&PaceSettings::default(), &AccessData::default()).is_err());
        let cam_dh = PaceSettings {
            curve: "dh1024".parse().unwrap(),
            mapping: PaceMapping::Cam,
            ..PaceSettings::default()
        };
        let e = PaceService::new(&cam_dh, &access())
            .unwrap_err()
            .to_string();
        assert!(e.contains("ECDH only"), "{e}");
    }

    #[test]
    fn set_at_picks_one_of_several_pace_infos() {
        let two = PaceSettings {
            curve: "dh1024".parse().unwrap(),
            also: Some("brainpoolP256r1".parse().unwrap()),
            ..PaceSettings::default()
        };
        let service = PaceService::new(&two, &access()).unwrap();
        let dh_oid = two.oid_value_for(two.curve);
        let ec_oid = two.oid_value_for(two.also.unwrap());
        for (oid, id) in [(dh_oid, 0), (ec_oid, 13)] {
            let data = cnie::pace::mse_set_at_data(&oid, 2, Some(id));
            assert!(service.set_at(&data).is_ok(), "{id}");
            // Without DO'84' the OID alone names the PACEInfo here.
            let data = cnie::pace::mse_set_at_data(&oid, 2, None);
            assert!(service.set_at(&data).is_ok(), "{id}");
        }
        // DO'84' must name a PACEInfo of that OID.
        for (oid, id) in [(dh_oid, 13), (ec_oid, 0), (dh_oid, 2), (ec_oid, 12)] {
            let data = cnie::pace::mse_set_at_data(&oid, 2, Some(id));
            assert_eq!(service.set_at(&data).unwrap_err().0, 0x6A80, "{id}");
        }
        // Two PACEInfos with the same OID: DO'84' is needed.
        let same_oid = PaceSettings {
            curve: "p256".parse().unwrap(),
            also: Some("brainpoolP256r1".parse().unwrap()),
            ..PaceSettings::default()
        };
        let service = PaceService::new(&same_oid, &access()).unwrap();
        let oid = same_oid.oid_value();
        let data = cnie::pace::mse_set_at_data(&oid, 2, None);
        assert_eq!(service.set_at(&data).unwrap_err().0, 0x6A80);
        let data = cnie::pace::mse_set_at_data(&oid, 2, Some(12));
        assert!(service.set_at(&data).is_ok());
    }
}
