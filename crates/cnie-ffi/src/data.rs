//! The holder's data from DG2, DG11 and DG12, as records.

use cnie::lds::{Dg11, Dg12};

/// The face image from DG2.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FaceImage {
    /// The image bytes as stored (JPEG or JPEG 2000).
    pub data: Vec<u8>,
    /// "jpeg", "jpeg2000" or "unknown" (as in the JSON).
    pub format: String,
    /// "image/jpeg", "image/jp2" or "application/octet-stream".
    pub mime_type: String,
    /// Width in pixels, when DG2 tells.
    pub width: Option<u16>,
    /// Height in pixels, when DG2 tells.
    pub height: Option<u16>,
}

impl From<cnie::lds::FaceImage> for FaceImage {
    fn from(img: cnie::lds::FaceImage) -> Self {
        FaceImage {
            format: img.format.to_string(),
            mime_type: img.format.mime_type().to_string(),
            width: img.width,
            height: img.height,
            data: img.data,
        }
    }
}

/// DG11: additional personal details (fields the document does not hold are empty).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AdditionalDetails {
    /// Full name as stored, e.g. "EL<AMRANI<<FATIMA<ZAHRA".
    pub full_name: Option<String>,
    /// Surname from the full name.
    pub surname: Option<String>,
    /// Given names from the full name.
    pub given_names: Option<String>,
    /// Other names as stored.
    pub other_names: Vec<String>,
    /// Personal number.
    pub personal_number: Option<String>,
    /// Full date of birth, YYYYMMDD.
    pub full_date_of_birth: Option<String>,
    /// Place of birth, its parts.
    pub place_of_birth: Vec<String>,
    /// Permanent address, its parts.
    pub address: Vec<String>,
    /// Telephone.
    pub telephone: Option<String>,
    /// Profession.
    pub profession: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Personal summary.
    pub personal_summary: Option<String>,
    /// Proof of citizenship (an image), bytes as stored.
    pub proof_of_citizenship: Option<Vec<u8>>,
    /// Other valid travel document numbers.
    pub other_valid_td_numbers: Vec<String>,
    /// Custody information.
    pub custody_information: Option<String>,
}

impl From<Dg11> for AdditionalDetails {
    fn from(d: Dg11) -> Self {
        AdditionalDetails {
            surname: d.name.as_ref().map(|n| n.surname.clone()),
            given_names: d.name.as_ref().map(|n| n.given_names.clone()),
            place_of_birth: d.place_of_birth_parts(),
            address: d.address_parts(),
            other_valid_td_numbers: d.other_valid_td_number_list(),
            full_name: d.full_name,
            other_names: d.other_names,
            personal_number: d.personal_number,
            full_date_of_birth: d.full_date_of_birth,
            telephone: d.telephone,
            profession: d.profession,
            title: d.title,
            personal_summary: d.personal_summary,
            proof_of_citizenship: d.proof_of_citizenship,
            custody_information: d.custody_information,
        }
    }
}

/// DG12: additional document details.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DocumentDetails {
    /// Issuing authority.
    pub issuing_authority: Option<String>,
    /// Date of issue, YYYYMMDD.
    pub date_of_issue: Option<String>,
    /// Names of other persons, as stored.
    pub other_persons: Vec<String>,
    /// Endorsements and observations.
    pub endorsements: Option<String>,
    /// Tax or exit requirements.
    pub tax_exit_requirements: Option<String>,
    /// Image of the front of the document, bytes as stored.
    pub front_image: Option<Vec<u8>>,
    /// Image of the rear of the document, bytes as stored.
    pub rear_image: Option<Vec<u8>>,
    /// Personalization date and time, YYYYMMDDhhmmss.
    pub personalization_time: Option<String>,
    /// Serial number of the personalization system.
    pub personalization_device_serial: Option<String>,
}

impl From<Dg12> for DocumentDetails {
    fn from(d: Dg12) -> Self {
        DocumentDetails {
            issuing_authority: d.issuing_authority,
            date_of_issue: d.date_of_issue,
            other_persons: d.other_persons,
            endorsements: d.endorsements,
            tax_exit_requirements: d.tax_exit_requirements,
            front_image: d.front_image,
            rear_image: d.rear_image,
            personalization_time: d.personalization_time,
            personalization_device_serial: d.personalization_device_serial,
        }
    }
}
