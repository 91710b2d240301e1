//! The passive-authentication report.

use std::collections::BTreeMap;

use serde::Serialize;

use super::cert::CertSummary;
use super::chain::ChainCheck;
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
    pub data_group_hashes: BTreeMap<String, HashCheck>,
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
}
