//! The eID application's keys and certificates from a PKI folder
//! (`test-vectors/pki/`): `eid-auth.pem` + `eid-auth.key` (authentication)
//! and `eid-sign.pem` + `eid-sign.key` (signature), as `make.sh` writes them.
//! The certificates go to the card folder in DER, the PKCS#8 PEM keys as
//! they are (test keys, published on purpose).

use std::path::Path;

use zeroize::Zeroizing;

use crate::eid::keys::{EidKeys, EidMaterial, KeyMaterial};
use crate::folder::MAX_FILE_SIZE;

/// The PKI folder's names of the eID keys: authentication, then signature.
pub const PKI_NAMES: [&str; 2] = ["eid-auth", "eid-sign"];

/// Why the eID material of a PKI folder is not usable.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct EidPersoError(pub String);

/// PEM (any label) or DER to DER.
fn pem_or_der(bytes: &[u8]) -> Result<Vec<u8>, String> {
    if bytes.starts_with(b"-----BEGIN") {
        der::pem::decode_vec(bytes)
            .map(|(_, der)| der)
            .map_err(|e| e.to_string())
    } else {
        Ok(bytes.to_vec())
    }
}

fn read(path: &Path) -> Result<Option<Vec<u8>>, EidPersoError> {
    let fail = |e: std::io::Error| EidPersoError(format!("{}: {e}", path.display()));
    match std::fs::metadata(path) {
        Ok(m) if m.len() > MAX_FILE_SIZE => Err(EidPersoError(format!(
            "{}: larger than 1 MiB",
            path.display()
        ))),
        Ok(_) => std::fs::read(path).map(Some).map_err(fail),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(fail(e)),
    }
}

/// The eID keys and certificates of a PKI folder, checked (each key is its
/// certificate's); `None` when the folder has none of the four files.
pub fn load(pki: &Path) -> Result<Option<EidMaterial>, EidPersoError> {
    let mut keys = Vec::with_capacity(PKI_NAMES.len());
    let mut missing = Vec::new();
    for name in PKI_NAMES {
        let cert_path = pki.join(format!("{name}.pem"));
        let key_path = pki.join(format!("{name}.key"));
        let cert = read(&cert_path)?;
        let key = read(&key_path)?.map(Zeroizing::new);
        match (cert, key) {
            (Some(cert), Some(key)) => {
                let certificate = pem_or_der(&cert)
                    .map_err(|e| EidPersoError(format!("{}: {e}", cert_path.display())))?;
                keys.push(KeyMaterial {
                    certificate,
                    private_key: key,
                });
            }
            (cert, key) => {
                if cert.is_none() {
                    missing.push(cert_path);
                }
                if key.is_none() {
                    missing.push(key_path);
                }
            }
        }
    }
    let [authentication, signature] = match <[KeyMaterial; 2]>::try_from(keys) {
        Ok(both) => both,
        Err(_) if missing.len() == 2 * PKI_NAMES.len() => return Ok(None),
        Err(_) => {
            let names: Vec<String> = missing.iter().map(|p| p.display().to_string()).collect();
            return Err(EidPersoError(format!(
                "incomplete eID keys, missing: {}",
                names.join(", ")
            )));
        }
    };
    let material = EidMaterial {
        authentication,
        signature,
    };
    EidKeys::load(&material).map_err(|e| EidPersoError(e.to_string()))?;
    Ok(Some(material))
}
