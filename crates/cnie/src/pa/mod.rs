//! Passive authentication (ICAO Doc 9303 part 11 §5.1, part 12): proves that
//! the data groups read are those the issuing state signed.
//!
//! - `hashes`: each data group's hash against EF.SOD ([`check_hashes`]);
//! - `signer`: the SOD's CMS signature (signed attributes, then the
//!   signature with the Document Signer certificate's key);
//! - `chain`: Document Signer → CSCA through link certificates, by key
//!   identifiers, with validity, key usage and CRLs;
//! - `trust`: the [`TrustStore`] (built-in Moroccan CSCAs, PEM/DER files,
//!   master lists, CRLs); `masterlist`, `crl`; [`ldif`] (ICAO PKD LDIF files);
//! - `signature`, `ec`, `curves`, `algorithm`: RSA PKCS#1 v1.5,
//!   RSA-PSS and ECDSA on NIST and brainpool curves, named or explicit;
//! - `cms`: BER `SignedData`; `cert`: X.509 certificates;
//! - `report`: the [`PaReport`] that [`verify`] returns.
//!
//! Every primitive comes from a RustCrypto crate; every input is bounded and
//! decoding failures are reported, never panicked on.

pub(crate) mod cert;
mod crl;
mod error;
pub(crate) mod hashes;
pub mod ldif;
mod report;
mod trust;
mod verify;

internal! {
    chain;
    masterlist;
    signer;
}

#[cfg(test)]
mod tests;

pub use cert::{CertSummary, Certificate};
pub use chain::{ChainOptions, ChainOutcome};
pub use error::PkiError;
pub use hashes::{HashCheck, check_hashes};
pub use report::{
    ChainCheck, ExpiredCertificate, PaOptions, PaReport, PaStatus, RevocationCheck, SignatureCheck,
    SigningTime, SigningTimeSource, ValidityModel, WeakAlgorithm, WeakUsage, Weakness,
};
pub use trust::{Anchor, AnchorOrigin, TrustError, TrustStore};
pub use verify::{verify, verify_sod};
