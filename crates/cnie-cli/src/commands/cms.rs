//! `cnie sign --format cms`: a detached CMS/CAdES-BES signature. The card signs
//! SHA-256 of the DER signed attributes (`cnie::eid::cms`), after the PIN.

use std::time::SystemTime;

use cnie::eid::cms::SignedAttributes;
use cnie::keys::PasswordKind;

use super::eid::Eid;
use crate::exit::{self, Code, Failure};

/// Signs the content whose SHA-256 is `content_digest` with the signature key of
/// the open, PIN-verified card: the DER `ContentInfo` and the signer's certificate.
pub fn sign(eid: &mut Eid, content_digest: &[u8; 32]) -> Result<(Vec<u8>, Vec<u8>), Failure> {
    let kind = eid.kind;
    let on_card = |e: cnie::Error| exit::eid(&e, kind, PasswordKind::Pin);
    let certificates = eid.session().certificates().map_err(on_card)?;
    let attributes =
        SignedAttributes::new(content_digest, &certificates.signature, SystemTime::now())
            .map_err(|e| Failure::new(Code::CardError, e.to_string()))?;
    let signature = eid
        .session()
        .sign_digest(&attributes.digest())
        .map_err(on_card)?;
    // The profile names no chain file: the card's certificates are the signer's only.
    let bytes = attributes
        .into_signed_data(&signature, &[])
        .map_err(|e| Failure::new(Code::CardError, e.to_string()))?;
    Ok((bytes, certificates.signature))
}
