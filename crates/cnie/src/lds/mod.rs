//! The logical data structure of an eMRTD (ICAO Doc 9303 Part 10): the files,
//! and parsers for EF.COM, EF.SOD and the data groups.
//!
//! - the files ([`LdsFile`]: EF.COM, EF.SOD, DG1–DG16, EF.CardAccess,
//!   EF.CardSecurity) with identifiers, names and tags, and [`EMRTD_AID`], in [`file`](mod@file);
//! - EF.COM ([`Com`]) in [`com`];
//! - EF.SOD in `sod`;
//! - the MRZ ([`Dg1`]) in [`dg1`];
//! - face images ([`FaceImage`]) from ISO/IEC 19794-5 or 39794-5 records in [`dg2`];
//! - with the `photo` feature, face images decoded (JPEG 2000, JPEG) and encoded as PNG,
//!   within size limits, in `photo`;
//! - additional personal and document details ([`Dg11`], [`Dg12`]) in [`dg11`] and [`dg12`].
//! - the security infos of EF.CardAccess, EF.CardSecurity and DG14 (`SecurityInfos`) in `card_access` and `security_infos`.
//!
//! Every parser takes the whole file as read from the chip (outer tag
//! included) and returns [`crate::Error::Malformed`] naming the file when the
//! bytes are not what they should be; none panics or allocates more than the
//! input's size on hostile input.

pub mod com;
pub mod dg1;
pub mod dg11;
pub mod dg12;
pub mod dg2;
mod face19794;
mod face39794;
pub mod file;
pub mod image;
#[cfg(feature = "photo")]
pub mod photo;
mod text;

internal! {
    card_access;
    security_infos;
    sod;
}

pub use com::Com;
pub use dg1::Dg1;
pub use dg11::Dg11;
pub use dg12::Dg12;
pub use file::{DataGroup, EMRTD_AID, LdsFile, UnknownFileName};
pub use image::ImageFormat;
pub use image::{FaceImage, ImageLocation};
pub use text::{PersonName, split_fields};

#[cfg(test)]
mod tests;
