//! Why a verdict is what it is: typed reasons, each with a stable code for programs
//! and a sentence for people.

use serde::{Serialize, Serializer};

use crate::lds::file::LdsFile;

/// How the chip was proven genuine (or failed to be).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChipMethod {
    /// PACE with chip authentication mapping, with EF.CardSecurity's chain checked.
    PaceCam,
    /// Chip Authentication version 1 with DG14's key.
    ChipAuthentication,
    /// Active Authentication with DG15's key.
    ActiveAuthentication,
}

impl ChipMethod {
    /// "PACE-CAM", "Chip Authentication" or "Active Authentication".
    pub const fn name(self) -> &'static str {
        match self {
            ChipMethod::PaceCam => "PACE-CAM",
            ChipMethod::ChipAuthentication => "Chip Authentication",
            ChipMethod::ActiveAuthentication => "Active Authentication",
        }
    }
}

/// One reason of a [`crate::Verdict`]. Failures make the verdict other than
/// `authentic`; warnings are reported beside an `authentic` verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    /// A file the policy requires was not read (verdict `incomplete`).
    MissingRequired(LdsFile),
    /// A data group EF.SOD lists was not read, for another reason than Terminal
    /// Authentication (verdict `incomplete`).
    NotRead(LdsFile),
    /// A data group present on the chip (or in the dump) that EF.SOD does not list:
    /// unsigned data, never shown (verdict `invalid`).
    NotInSod(LdsFile),
    /// A data group whose hash does not match EF.SOD (verdict `invalid`).
    HashMismatch(LdsFile),
    /// EF.SOD could not be decoded, or its signature does not verify (verdict `invalid`).
    SodSignature(String),
    /// EF.COM is present but cannot be decoded: a damaged or altered file (verdict
    /// `invalid`). EF.COM is not signed, but a document whose files are corrupt is not
    /// authentic.
    ComMalformed(String),
    /// The Document Signer's chain is broken, expired or revoked (verdict `invalid`).
    CertificateChain(String),
    /// No trusted CSCA is known for the Document Signer (verdict `not_trusted`).
    NotTrusted,
    /// The issuing state in DG1 is not the country of the CSCA the chain ends at
    /// (verdict `invalid`).
    IssuingStateMismatch {
        /// DG1's issuing state (three letters).
        document: String,
        /// The CSCA's country (`C=`, two letters).
        csca: String,
    },
    /// A chip check ran and failed: the chip is not the one the data was signed for
    /// (verdict `invalid`).
    ChipFailed {
        /// The check.
        method: ChipMethod,
        /// What failed.
        detail: String,
    },
    /// PACE-CAM ran, but EF.CardSecurity's signer does not chain to a trusted CSCA
    /// (verdict `not_trusted`) or its chain is broken (verdict `invalid`).
    CardSecurityChain(String),
    /// Warning: the document's date of expiry has passed at the verification time.
    DocumentExpired(String),
    /// Warning: the card offers PACE but was read with BAC.
    Downgraded,
    /// Warning: the card offers no chip check (no PACE-CAM, DG14 or DG15): a copy of its
    /// data on another chip would read the same.
    ChipNotChecked,
    /// Warning: a weak algorithm (SHA-1, short RSA) in EF.SOD or the chain.
    WeakAlgorithm(String),
    /// Warning: a certificate of the chain has expired since it was used.
    ExpiredSince(String),
    /// Warning: no CRL of the CSCA was available: revocation was not checked.
    RevocationNotChecked,
    /// Note: a data group protected by Terminal Authentication was not read.
    TerminalAuthenticationRequired(LdsFile),
}

impl Reason {
    /// A stable, machine-readable code (`"missing_required"`, `"hash_mismatch"`, …).
    pub const fn code(&self) -> &'static str {
        match self {
            Reason::MissingRequired(_) => "missing_required",
            Reason::NotRead(_) => "not_read",
            Reason::NotInSod(_) => "not_in_sod",
            Reason::HashMismatch(_) => "hash_mismatch",
            Reason::SodSignature(_) => "sod_signature",
            Reason::ComMalformed(_) => "com_malformed",
            Reason::CertificateChain(_) => "certificate_chain",
            Reason::NotTrusted => "not_trusted",
            Reason::IssuingStateMismatch { .. } => "issuing_state_mismatch",
            Reason::ChipFailed { .. } => "chip_failed",
            Reason::CardSecurityChain(_) => "card_security_chain",
            Reason::DocumentExpired(_) => "document_expired",
            Reason::Downgraded => "downgraded",
            Reason::ChipNotChecked => "chip_not_checked",
            Reason::WeakAlgorithm(_) => "weak_algorithm",
            Reason::ExpiredSince(_) => "expired_since",
            Reason::RevocationNotChecked => "revocation_not_checked",
            Reason::TerminalAuthenticationRequired(_) => "terminal_authentication_required",
        }
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reason::MissingRequired(file) => write!(f, "{} was not read", file.name()),
            Reason::NotRead(file) => write!(
                f,
                "{} is listed in EF.SOD but could not be read",
                file.name()
            ),
            Reason::NotInSod(file) => write!(
                f,
                "{} is present but EF.SOD lists no hash for it: its content is not authenticated and is not shown",
                file.name()
            ),
            Reason::HashMismatch(file) => write!(
                f,
                "{} does not match its hash in EF.SOD: it was changed",
                file.name()
            ),
            Reason::SodSignature(why) => write!(f, "EF.SOD signature: {why}"),
            Reason::ComMalformed(why) => write!(f, "EF.COM cannot be decoded: {why}"),
            Reason::CertificateChain(why) => write!(f, "certificate chain: {why}"),
            Reason::NotTrusted => f.write_str(
                "the Document Signer does not chain to a trusted CSCA (add its country's CSCA or master list)",
            ),
            Reason::IssuingStateMismatch { document, csca } => write!(
                f,
                "DG1 names issuing state {document}, but the chain ends at a CSCA of {csca}"
            ),
            Reason::ChipFailed { method, detail } => {
                write!(f, "{} failed: {detail}", method.name())
            }
            Reason::CardSecurityChain(why) => write!(f, "EF.CardSecurity's signer: {why}"),
            Reason::DocumentExpired(date) => write!(f, "the document expired on {date}"),
            Reason::Downgraded => {
                f.write_str("the card offers PACE but was read with BAC (downgraded)")
            }
            Reason::ChipNotChecked => f.write_str(
                "the chip offers no Chip or Active Authentication: a copy of its data on another chip would read the same",
            ),
            Reason::WeakAlgorithm(what) => write!(f, "weak algorithm: {what}"),
            Reason::ExpiredSince(what) => {
                write!(f, "expired since it was used (not an error): {what}")
            }
            Reason::RevocationNotChecked => {
                f.write_str("revocation not checked: no CRL of the CSCA was given")
            }
            Reason::TerminalAuthenticationRequired(file) => write!(
                f,
                "{} is protected by Terminal Authentication and was not read",
                file.name()
            ),
        }
    }
}

impl Serialize for Reason {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Out<'a> {
            code: &'a str,
            message: String,
        }
        Out {
            code: self.code(),
            message: self.to_string(),
        }
        .serialize(serializer)
    }
}
