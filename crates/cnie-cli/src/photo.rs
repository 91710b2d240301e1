//! The face as PNG (`--photo`, `--embed-photo`, the HTML report): the library's
//! bounded decoder (`cnie::lds::photo`) over the face the report holds.

use cnie::lds::photo::{Limits, Photo, PhotoError};

use crate::report::Face;

/// The face of the report decoded and encoded as PNG, within the default limits
/// (4096 × 4096 pixels, 64 MiB decoded).
pub fn png(face: &Face) -> Result<Photo, PhotoError> {
    cnie::lds::photo::to_png(&face.data, face.image_format, &Limits::default())
}

/// Whether the decoded size is the one the biometric record declares (`None`: it
/// declares none).
pub fn matches_declared(face: &Face, photo: &Photo) -> Option<bool> {
    photo.matches_size(face.declared.0, face.declared.1)
}

/// Base64 (RFC 4648, padded), for JSON and `data:` URIs.
pub fn base64(bytes: &[u8]) -> String {
    use base64ct::Encoding;
    base64ct::Base64::encode_string(bytes)
}
