//! The verdict: one answer to "is this the genuine card of this person?", built from
//! passive authentication (data signed and intact, signer trusted), the data groups a
//! policy requires, the chip checks (PACE-CAM, Chip or Active Authentication), and what
//! access control did.
//!
//! ```no_run
//! # fn demo(doc: &cnie::Document) {
//! use cnie::{Policy, TrustStore, VerdictStatus};
//! let trust = TrustStore::with_builtin();
//! let verdict = doc.verify(&trust, &Policy::default(), std::time::SystemTime::now());
//! if verdict.status == VerdictStatus::Authentic {
//!     // act on it
//! }
//! # }
//! ```
//!
//! Precedence: any failure (an undecodable EF.COM included) makes the verdict `invalid`; else a required or listed file
//! not read makes it `incomplete`; else an untrusted signer makes it `not_trusted`;
//! else it is `authentic`. Warnings (expired document, downgrade, weak algorithms, no
//! chip check, no revocation check) never change the status: a bank decides on them.

mod chip;
mod country;
mod reason;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};
use std::time::SystemTime;

use serde::Serialize;

pub use chip::ChipStatus;
pub use reason::{ChipMethod, Reason};

use crate::lds::file::LdsFile;
use crate::lds::sod::Sod;
use crate::pa::{
    ChainCheck, HashCheck, PaOptions, PaReport, RevocationCheck, SignatureCheck, TrustStore,
    ValidityModel, WeakUsage,
};
use crate::session::Document;

/// What a verdict requires.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Policy {
    /// Files that must have been read (default: EF.COM, EF.SOD, DG1 and DG2).
    pub required: BTreeSet<LdsFile>,
    /// How certificate validity is checked (default: point in time, the chain model:
    /// each certificate valid when it was used; see [`ValidityModel`]).
    pub validity: ValidityModel,
}

impl Default for Policy {
    fn default() -> Self {
        let mut required = BTreeSet::from([LdsFile::Com, LdsFile::Sod]);
        required.extend(LdsFile::dg(1));
        required.extend(LdsFile::dg(2));
        Policy {
            required,
            validity: ValidityModel::default(),
        }
    }
}

impl Policy {
    /// The default policy with another set of required files.
    pub fn requiring(files: impl IntoIterator<Item = LdsFile>) -> Policy {
        Policy {
            required: files.into_iter().collect(),
            ..Policy::default()
        }
    }

    /// This policy with another validity model.
    pub fn with_validity(self, validity: ValidityModel) -> Policy {
        Policy { validity, ..self }
    }
}

/// The overall answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VerdictStatus {
    /// Every required check passed.
    Authentic,
    /// A check failed: data changed, a signature or chain is wrong, the chip is not
    /// the one the data was signed for, unsigned data is present.
    Invalid,
    /// Everything verifies, but no trusted CSCA is known for the signer.
    NotTrusted,
    /// A required or listed file was not read: nothing failed, but not everything
    /// could be checked.
    Incomplete,
}

/// The verdict on a document.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Verdict {
    /// The answer.
    pub status: VerdictStatus,
    /// Whether the chip is genuine.
    pub chip: ChipStatus,
    /// The check that decided [`Verdict::chip`].
    pub chip_method: Option<ChipMethod>,
    /// Whether DG1's date of expiry has passed at the verification time (`None`
    /// without an authenticated DG1).
    pub document_expired: Option<bool>,
    /// Why the status is not `authentic` (empty when it is).
    pub reasons: Vec<Reason>,
    /// Warnings and notes beside the status.
    pub warnings: Vec<Reason>,
    /// The files whose content is authenticated: listed in EF.SOD with a matching hash,
    /// under a valid signature. Only their content may be shown as the holder's data.
    pub authenticated: Vec<LdsFile>,
    /// Passive authentication's report.
    #[serde(skip)]
    pub passive_authentication: PaReport,
}

impl Verdict {
    /// Whether `file`'s content is authenticated (see [`Verdict::authenticated`]).
    pub fn is_authenticated(&self, file: LdsFile) -> bool {
        self.authenticated.contains(&file)
    }
}

impl Document {
    /// The verdict on this document against `trust` at time `at`, under `policy`.
    pub fn verify(&self, trust: &TrustStore, policy: &Policy, at: SystemTime) -> Verdict {
        verify(self, trust, policy, at)
    }
}

/// What the checks found, sorted by what each does to the status.
#[derive(Default)]
struct Findings {
    failures: Vec<Reason>,
    incomplete: Vec<Reason>,
    untrusted: Vec<Reason>,
    warnings: Vec<Reason>,
}

impl Findings {
    /// `invalid`, then `incomplete`, then `not_trusted`, else `authentic`.
    fn status(&self) -> VerdictStatus {
        if !self.failures.is_empty() {
            VerdictStatus::Invalid
        } else if !self.incomplete.is_empty() {
            VerdictStatus::Incomplete
        } else if !self.untrusted.is_empty() {
            VerdictStatus::NotTrusted
        } else {
            VerdictStatus::Authentic
        }
    }
}

/// See [`Document::verify`].
pub fn verify(doc: &Document, trust: &TrustStore, policy: &Policy, at: SystemTime) -> Verdict {
    let mut found = Findings::default();
    for &file in &policy.required {
        if !doc.files.contains_key(&file) {
            found.incomplete.push(Reason::MissingRequired(file));
        }
    }
    found.failures.extend(com_malformed(doc));
    // EF.SOD is decoded once, for passive authentication and the data-group checks.
    let sod = doc.files.get(&LdsFile::Sod).map(|b| Sod::parse(b));
    let pa = passive_authentication(doc, sod.as_ref(), trust, policy, at);
    let mut authenticated = match &sod {
        Some(Ok(sod)) => data_groups(sod, &doc.files, &pa, policy, &mut found),
        Some(Err(e)) => {
            found.failures.push(Reason::SodSignature(format!(
                "EF.SOD cannot be decoded: {e}"
            )));
            Vec::new()
        }
        None => Vec::new(),
    };
    // DG1, when listed and intact, decoded once for the issuing state and the expiry.
    let mrz = LdsFile::dg(1)
        .filter(|f| pa.data_group_hashes.get(f) == Some(&HashCheck::Match))
        .and_then(|f| doc.files.get(&f))
        .and_then(|b| {
            crate::lds::dg1::Dg1::parse(b)
                .and_then(|d| d.into_mrz())
                .ok()
        });
    found
        .failures
        .extend(mrz.as_ref().and_then(|m| issuing_state_mismatch(m, &pa)));
    let chip = chip::evaluate(doc, trust, at, |f| authenticated.contains(&f));
    found.failures.extend(chip.failures);
    found.untrusted.extend(chip.untrusted);
    found.warnings.extend(chip.warnings);
    let dg1_authenticated = LdsFile::dg(1).is_some_and(|f| authenticated.contains(&f));
    let document_expired = mrz
        .as_ref()
        .filter(|_| dg1_authenticated)
        .map(|m| document_expired(m, at, &mut found.warnings));
    if doc.access.is_some_and(|a| a.downgraded) {
        found.warnings.push(Reason::Downgraded);
    }
    if pa.certificate_chain != ChainCheck::Valid {
        authenticated.clear();
    }
    let status = found.status();
    let mut reasons = found.failures;
    reasons.extend(found.incomplete);
    reasons.extend(found.untrusted);
    Verdict {
        status,
        chip: chip.status,
        chip_method: chip.method,
        document_expired,
        reasons,
        warnings: found.warnings,
        authenticated,
        passive_authentication: pa,
    }
}

/// EF.COM present but not decoded (a dump's [`Document::com`] is `None` then; a read
/// from a card stops on an undecodable EF.COM): why, decoded again only on that path.
fn com_malformed(doc: &Document) -> Option<Reason> {
    if doc.com.is_some() {
        return None;
    }
    let bytes = doc.files.get(&LdsFile::Com)?;
    crate::lds::com::Com::parse(bytes)
        .err()
        .map(|e| Reason::ComMalformed(e.to_string()))
}

/// Passive authentication under the policy's validity model; DG12's date of issue
/// bounds the signing time when EF.SOD has no signingTime (a changed DG12 fails its
/// hash).
fn passive_authentication(
    doc: &Document,
    sod: Option<&crate::Result<Sod>>,
    trust: &TrustStore,
    policy: &Policy,
    at: SystemTime,
) -> PaReport {
    let signing_time_hint = LdsFile::dg(12)
        .and_then(|f| doc.files.get(&f))
        .and_then(|b| crate::lds::Dg12::parse(b).ok())
        .and_then(|d| d.date_of_issue_unix());
    let options = PaOptions {
        at,
        validity: policy.validity,
        signing_time_hint,
    };
    match sod {
        Some(Ok(sod)) => crate::pa::verify_sod(sod, &doc.files, trust, options),
        // Missing or undecodable: the report says why.
        _ => {
            let bytes = doc.files.get(&LdsFile::Sod).map_or(&[][..], Vec::as_slice);
            crate::pa::verify(bytes, &doc.files, trust, options)
        }
    }
}

/// Each data group against EF.SOD, the signature and the chain; returns the data
/// groups listed with a matching hash under a valid signature.
fn data_groups(
    sod: &Sod,
    files: &BTreeMap<LdsFile, Vec<u8>>,
    pa: &PaReport,
    policy: &Policy,
    found: &mut Findings,
) -> Vec<LdsFile> {
    let mut authenticated = Vec::new();
    let signed = pa.sod_signature == SignatureCheck::Valid;
    for (&file, check) in &crate::pa::check_hashes(sod, files) {
        match check {
            HashCheck::Match if signed => authenticated.push(file),
            HashCheck::Match => {}
            HashCheck::Mismatch => found.failures.push(Reason::HashMismatch(file)),
            HashCheck::NotRead if matches!(file.data_group(), Some(3 | 4)) => {
                found
                    .warnings
                    .push(Reason::TerminalAuthenticationRequired(file));
            }
            HashCheck::NotRead if policy.required.contains(&file) => {}
            HashCheck::NotRead => found.incomplete.push(Reason::NotRead(file)),
        }
    }
    for file in crate::pa::hashes::unlisted(sod, files) {
        found.failures.push(Reason::NotInSod(file));
    }
    if !signed {
        found.failures.push(Reason::SodSignature(
            "the signature does not verify with the Document Signer certificate".into(),
        ));
    }
    match pa.certificate_chain {
        ChainCheck::Valid => {}
        ChainCheck::NotTrusted => found.untrusted.push(Reason::NotTrusted),
        ChainCheck::Expired => found
            .failures
            .push(Reason::CertificateChain("expired".into())),
        ChainCheck::Revoked => found
            .failures
            .push(Reason::CertificateChain("revoked".into())),
        ChainCheck::Invalid => found
            .failures
            .push(Reason::CertificateChain("invalid".into())),
    }
    found.warnings.extend(pa_warnings(pa));
    authenticated
}

/// Whether the authenticated DG1's date of expiry has passed at `at` (a warning when it
/// has).
fn document_expired(mrz: &crate::mrz::Mrz, at: SystemTime, warnings: &mut Vec<Reason>) -> bool {
    let expired = expired(&mrz.date_of_expiry, at);
    if expired {
        warnings.push(Reason::DocumentExpired(expiry_iso(&mrz.date_of_expiry)));
    }
    expired
}

/// DG1's issuing state against the country of the CSCA the chain ends at: a document
/// of one state is never authentic under another state's CSCA.
fn issuing_state_mismatch(mrz: &crate::mrz::Mrz, pa: &PaReport) -> Option<Reason> {
    if pa.certificate_chain != ChainCheck::Valid {
        return None;
    }
    let document = country::alpha2(&mrz.issuing_state)?;
    let csca = pa.anchor_country.as_deref()?;
    (!document.eq_ignore_ascii_case(csca)).then(|| Reason::IssuingStateMismatch {
        document: mrz.issuing_state.clone(),
        csca: csca.to_string(),
    })
}

/// Passive authentication's warnings: certificates expired since they were used,
/// weak algorithms, revocation not checked.
fn pa_warnings(pa: &PaReport) -> Vec<Reason> {
    let mut out: Vec<Reason> = pa
        .expired_since
        .iter()
        .map(|e| Reason::ExpiredSince(format!("{} (until {})", e.subject, e.not_after)))
        .collect();
    out.extend(pa.weak_algorithms.iter().map(|w| {
        // Each use says where: SHA-1 for the data-group hashes and SHA-1 in the SOD's
        // signature are two findings, not one said twice.
        Reason::WeakAlgorithm(match (&w.subject, w.usage) {
            (Some(subject), _) => format!("{} in the signature of {subject}", w.algorithm),
            (None, WeakUsage::SodDataGroupHashes) => {
                format!("{} for the data-group hashes of EF.SOD", w.algorithm)
            }
            (None, WeakUsage::SodSignature | WeakUsage::CertificateSignature) => {
                format!("{} in the signature of EF.SOD", w.algorithm)
            }
        })
    }));
    if pa.revocation == RevocationCheck::NotChecked {
        out.push(Reason::RevocationNotChecked);
    }
    out
}

/// `YYMMDD` of a date of expiry as ISO 8601 (`20YY-MM-DD`: eMRTDs expire after 2000).
fn expiry_iso(yymmdd: &str) -> String {
    match (yymmdd.get(0..2), yymmdd.get(2..4), yymmdd.get(4..6)) {
        (Some(y), Some(m), Some(d)) => format!("20{y}-{m}-{d}"),
        _ => yymmdd.to_string(),
    }
}

/// Whether a document valid through `yymmdd` has expired at `at`.
fn expired(yymmdd: &str, at: SystemTime) -> bool {
    let today = crate::asn1::time::iso8601(crate::asn1::time::unix_seconds(at));
    let today = today.get(0..10).unwrap_or("");
    expiry_iso(yymmdd).as_str() < today
}
