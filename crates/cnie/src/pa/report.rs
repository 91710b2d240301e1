//! The passive-authentication report.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::lds::file::LdsFile;

use super::cert::CertSummary;
use super::hashes::HashCheck;

/// The overall verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PaStatus {
    /// Every data group read matches, the SOD signature verifies and the
    /// Document Signer chains to a trusted, unexpired, unrevoked CSCA.
    Valid,
    /// Any check failed.
    Invalid,
    /// All checks passed but no trusted CSCA is known for the Document Signer.
    NotTrusted,
}

/// The verdict on the SOD signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SignatureCheck {
    /// The signed attributes and the signature verify with the Document
    /// Signer certificate.
    Valid,
    /// They do not (or could not be checked).
    Invalid,
}

/// The result of [`super::verify`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaReport {
    /// Overall verdict.
    pub status: PaStatus,
    /// Verdict per data group ("DG1", "DG2", …).
    pub data_group_hashes: BTreeMap<LdsFile, HashCheck>,
    /// Verdict on the SOD signature.
    pub sod_signature: SignatureCheck,
    /// Verdict on the certificate chain.
    pub certificate_chain: ChainCheck,
    /// Why the status is not valid, and notes.
    pub reasons: Vec<String>,
    /// The Document Signer certificate.
    pub signer: Option<CertSummary>,
    /// The trust anchor reached.
    pub anchor: Option<CertSummary>,
    /// The country (`C=`) of the trust anchor reached, to compare with DG1's
    /// issuing state.
    pub anchor_country: Option<String>,
    /// The validity model applied.
    pub validity_model: ValidityModel,
    /// The signing time the Document Signer was checked at.
    pub signing_time: SigningTime,
    /// Certificates on the path valid when used but expired at the verification
    /// time (point-in-time model): warnings.
    pub expired_since: Vec<ExpiredCertificate>,
    /// Whether a CRL of the issuing CSCA was consulted.
    pub revocation: RevocationCheck,
    /// SHA-1 or RSA keys under 2048 bits in the SOD or on the path: warnings.
    pub weak_algorithms: Vec<WeakAlgorithm>,
}

/// How certificate validity periods are checked (ICAO Doc 9303 part 12 §5.5).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValidityModel {
    /// The chain (point-in-time) model: the Document Signer must have been valid
    /// when it signed the SOD (the SOD's `signingTime`, else the caller's hint,
    /// else the verification time), and each CA certificate when it issued the
    /// certificate below it (that certificate's `notBefore`). A certificate
    /// valid when used but expired since is reported in
    /// [`PaReport::expired_since`], not as a failure.
    #[default]
    PointInTime,
    /// The shell model: every certificate must be valid at the verification time.
    Now,
}

/// Where the signing time used for the Document Signer came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SigningTimeSource {
    /// The SOD's CMS `signingTime` signed attribute.
    SodSigningTime,
    /// The caller's hint, DG12's date of issue.
    Dg12DateOfIssue,
    /// None: the Document Signer is checked at the verification time.
    None,
}

/// The signing time used for the Document Signer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SigningTime {
    /// Where it came from.
    pub source: SigningTimeSource,
    /// The time (ISO 8601, UTC); `None` with [`SigningTimeSource::None`].
    pub time: Option<String>,
}

/// Whether revocation was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RevocationCheck {
    /// A CRL issued (and verified) by the CSCA key that issued the Document
    /// Signer (the anchor, for a direct path) was consulted.
    Checked,
    /// No such CRL was available.
    NotChecked,
}

/// A certificate on the path that was valid when used but has expired since
/// (point-in-time model): a warning, not a failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExpiredCertificate {
    /// Subject distinguished name.
    pub subject: String,
    /// Subject key identifier (hex), if present.
    pub subject_key_identifier: Option<String>,
    /// End of validity (ISO 8601, UTC).
    pub not_after: String,
}

/// Where a weak algorithm is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WeakUsage {
    /// The data group hashes of EF.SOD.
    SodDataGroupHashes,
    /// The SOD's CMS signature (its digest or the Document Signer's key).
    SodSignature,
    /// The signature of a certificate on the path (its hash or the issuer's key).
    CertificateSignature,
}

/// What is weak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Weakness {
    /// SHA-1.
    Sha1,
    /// An RSA key shorter than 2048 bits.
    ShortRsaKey,
}

/// A weak algorithm found: a warning, not a failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WeakAlgorithm {
    /// Where.
    pub usage: WeakUsage,
    /// What.
    pub weakness: Weakness,
    /// The algorithm ("SHA-1", "RSA-1024").
    pub algorithm: String,
    /// The signed certificate's subject, for [`WeakUsage::CertificateSignature`].
    pub subject: Option<String>,
}

/// Options of [`super::verify`]: the verification time and the validity model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaOptions {
    /// The verification time.
    pub at: std::time::SystemTime,
    /// How validity periods are checked.
    pub validity: ValidityModel,
    /// A signing time (Unix seconds) to use when the SOD has no `signingTime`:
    /// DG12's date of issue, from the caller.
    pub signing_time_hint: Option<i64>,
}

impl PaOptions {
    /// Verification at `at`, point-in-time model, no hint.
    pub fn at(at: std::time::SystemTime) -> Self {
        PaOptions {
            at,
            validity: ValidityModel::default(),
            signing_time_hint: None,
        }
    }
}

impl From<std::time::SystemTime> for PaOptions {
    fn from(at: std::time::SystemTime) -> Self {
        PaOptions::at(at)
    }
}

/// Outcome of the certificate chain check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChainCheck {
    /// The Document Signer chains to a trusted, unexpired, unrevoked CSCA.
    Valid,
    /// No trusted CSCA is known for the Document Signer.
    NotTrusted,
    /// The path is sound but a certificate on it is outside its validity.
    Expired,
    /// A CRL signed by the CSCA lists the Document Signer (or a link).
    Revoked,
    /// A signature, key usage or structure on the path is wrong.
    Invalid,
}
