//! The document signer: its certificate and its RSA key (PKCS#1 v1.5 with
//! SHA-256, from the `rsa` crate).

use std::path::Path;

use rsa::pkcs1v15::SigningKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::signature::{SignatureEncoding, Signer as _};
use sha2::Sha256;
use x509_parser::prelude::{FromDer, X509Certificate};

/// Why the document signer could not be loaded or used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SignerError {
    /// A file could not be read.
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
    /// Not a PEM (or DER) certificate or PKCS#8 key.
    #[error("{0}: {1}")]
    Format(String, String),
    /// The key refused to sign.
    #[error("signing failed: {0}")]
    Sign(String),
}

/// A document signer: certificate, issuer and serial number, signing key.
pub struct Signer {
    cert: Vec<u8>,
    issuer: Vec<u8>,
    serial: Vec<u8>,
    key: SigningKey<Sha256>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("cert_len", &self.cert.len())
            .finish_non_exhaustive()
    }
}

/// PEM (any label) or DER bytes to DER.
fn pem_or_der(what: &str, bytes: &[u8]) -> Result<Vec<u8>, SignerError> {
    if bytes.starts_with(b"-----BEGIN") {
        der::pem::decode_vec(bytes)
            .map(|(_, der)| der)
            .map_err(|e| SignerError::Format(what.to_owned(), e.to_string()))
    } else {
        Ok(bytes.to_vec())
    }
}

impl Signer {
    /// A signer from a certificate and a PKCS#8 private key (PEM or DER).
    pub fn from_bytes(cert: &[u8], key: &[u8]) -> Result<Signer, SignerError> {
        let cert = pem_or_der("certificate", cert)?;
        let (issuer, serial) = {
            let (_, parsed) = X509Certificate::from_der(&cert)
                .map_err(|e| SignerError::Format("certificate".into(), e.to_string()))?;
            (
                parsed.tbs_certificate.issuer.as_raw().to_vec(),
                parsed.tbs_certificate.raw_serial().to_vec(),
            )
        };
        let key_der = zeroize::Zeroizing::new(pem_or_der("private key", key)?);
        let key = SigningKey::<Sha256>::from_pkcs8_der(&key_der)
            .map_err(|e| SignerError::Format("private key".into(), e.to_string()))?;
        Ok(Signer {
            cert,
            issuer,
            serial,
            key,
        })
    }

    /// The signer `NAME` of a PKI folder: `NAME.pem` and `NAME.key`.
    pub fn load(pki: &Path, name: &str) -> Result<Signer, SignerError> {
        let read = |file: String| {
            let path = pki.join(&file);
            std::fs::read(&path).map_err(|e| SignerError::Io(path.display().to_string(), e))
        };
        let cert = read(format!("{name}.pem"))?;
        let key = zeroize::Zeroizing::new(read(format!("{name}.key"))?);
        Signer::from_bytes(&cert, &key)
    }

    /// The certificate (DER).
    pub fn certificate(&self) -> &[u8] {
        &self.cert
    }

    /// The issuer name (DER).
    pub fn issuer(&self) -> &[u8] {
        &self.issuer
    }

    /// The serial number (the INTEGER's content bytes).
    pub fn serial(&self) -> &[u8] {
        &self.serial
    }

    /// An RSASSA-PKCS1-v1_5 signature with SHA-256 over `message`.
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SignerError> {
        self.key
            .try_sign(message)
            .map(|s| s.to_vec())
            .map_err(|e| SignerError::Sign(e.to_string()))
    }
}
