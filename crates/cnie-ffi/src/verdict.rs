//! The library's verdict as records, and offline verification of files read earlier.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::SystemTime;

use cnie::lds::file::LdsFile;
use cnie::pa::ValidityModel;
use cnie::session::ActiveAuthenticationExchange;

use crate::error::{CnieError, guard};
use crate::trust::TrustStore;

/// The overall answer (the JSON's `verdict.status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum VerdictStatus {
    /// Every required check passed.
    Authentic,
    /// A check failed: data changed, a signature or chain is wrong, a cloned chip.
    Invalid,
    /// Everything verifies, but no trusted CSCA is known for the signer.
    NotTrusted,
    /// A required or listed file was not read.
    Incomplete,
}

/// Whether the chip is the one the data was signed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ChipStatus {
    /// PACE-CAM, Chip or Active Authentication passed with a signed key.
    Genuine,
    /// No chip check was offered or could run.
    NotChecked,
    /// A chip check failed: a copy.
    Failed,
}

/// One reason or warning: a stable code and a sentence.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Reason {
    /// "hash_mismatch", "not_trusted", … (docs/json.md).
    pub code: String,
    /// For people.
    pub message: String,
}

/// The verdict on a document ([`cnie::Verdict`]).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Verdict {
    /// The answer.
    pub status: VerdictStatus,
    /// Whether the chip is genuine.
    pub chip: ChipStatus,
    /// "pace_cam", "chip_authentication" or "active_authentication".
    pub chip_method: Option<String>,
    /// Whether the document has expired at the verification time.
    pub document_expired: Option<bool>,
    /// Why the status is not authentic.
    pub reasons: Vec<Reason>,
    /// Warnings beside the status.
    pub warnings: Vec<Reason>,
    /// The files whose content is authenticated ("DG1", …).
    pub authenticated: Vec<String>,
    /// The verdict as the command line's JSON `verdict` object (docs/json.md).
    pub json: String,
}

/// The JSON name of a serializable library value ("not_trusted", "pace_cam", …).
fn json_name(value: &impl serde::Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn reasons(list: &[cnie::Reason]) -> Vec<Reason> {
    list.iter()
        .map(|r| Reason {
            code: r.code().to_string(),
            message: r.to_string(),
        })
        .collect()
}

impl From<&cnie::Verdict> for Verdict {
    fn from(v: &cnie::Verdict) -> Self {
        Verdict {
            status: match v.status {
                cnie::VerdictStatus::Authentic => VerdictStatus::Authentic,
                cnie::VerdictStatus::Invalid => VerdictStatus::Invalid,
                cnie::VerdictStatus::NotTrusted => VerdictStatus::NotTrusted,
                cnie::VerdictStatus::Incomplete => VerdictStatus::Incomplete,
            },
            chip: match v.chip {
                cnie::ChipStatus::Genuine => ChipStatus::Genuine,
                cnie::ChipStatus::NotChecked => ChipStatus::NotChecked,
                cnie::ChipStatus::Failed => ChipStatus::Failed,
            },
            chip_method: v.chip_method.as_ref().map(json_name),
            document_expired: v.document_expired,
            reasons: reasons(&v.reasons),
            warnings: reasons(&v.warnings),
            authenticated: v
                .authenticated
                .iter()
                .map(|f| f.name().to_string())
                .collect(),
            json: serde_json::to_string(v).unwrap_or_default(),
        }
    }
}

/// How certificates are checked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, uniffi::Enum)]
pub enum Validity {
    /// The chain model: each certificate valid when it was used (ICAO 9303-12).
    #[default]
    PointInTime,
    /// Every certificate valid at the verification time.
    Now,
}

/// What a verdict requires (the CLI's `--require` and `--validity`).
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct VerifyPolicy {
    /// Files that must have been read ("EF.COM", "DG1", …); none given: EF.COM,
    /// EF.SOD, DG1 and DG2.
    #[uniffi(default = [])]
    pub required: Vec<String>,
    /// How certificate validity is checked (`PointInTime` when not given).
    #[uniffi(default = None)]
    pub validity: Option<Validity>,
}

/// The name of a file: "EF.COM", "DG1", "dg2.bin", …
pub(crate) fn file_named(name: &str) -> Result<LdsFile, CnieError> {
    LdsFile::from_name(name.trim()).ok_or_else(|| {
        CnieError::invalid(format!(
            "unknown file \"{name}\" (use EF.COM, EF.SOD, DG1 … DG16, EF.CardAccess, EF.CardSecurity)"
        ))
    })
}

impl VerifyPolicy {
    /// The library's policy.
    pub(crate) fn to_policy(&self) -> Result<cnie::Policy, CnieError> {
        let validity = match self.validity.unwrap_or_default() {
            Validity::PointInTime => ValidityModel::PointInTime,
            Validity::Now => ValidityModel::Now,
        };
        if self.required.is_empty() {
            return Ok(cnie::Policy::default().with_validity(validity));
        }
        let files = self
            .required
            .iter()
            .map(|n| file_named(n))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(cnie::Policy::requiring(files).with_validity(validity))
    }
}

/// The trust store given, or the built-in one.
pub(crate) fn store_or_builtin(trust: Option<Arc<TrustStore>>) -> Arc<TrustStore> {
    trust.unwrap_or_else(|| TrustStore::new(true))
}

/// The verdict on files read earlier (a dump: "EF.COM" → bytes, "DG1.bin" → bytes, …),
/// offline, at `at` (now when not given); `aa_challenge`/`aa_response`: an Active
/// Authentication exchange kept from the read, checked against DG15.
#[uniffi::export(default(trust = None, policy = None, at = None, aa_challenge = None, aa_response = None))]
pub fn verify_files(
    files: HashMap<String, Vec<u8>>,
    trust: Option<Arc<TrustStore>>,
    policy: Option<VerifyPolicy>,
    at: Option<SystemTime>,
    aa_challenge: Option<Vec<u8>>,
    aa_response: Option<Vec<u8>>,
) -> Result<Verdict, CnieError> {
    guard(|| {
        let mut map = BTreeMap::new();
        for (name, bytes) in files {
            map.insert(file_named(&name)?, bytes);
        }
        let aa = match aa_challenge {
            None => None,
            Some(c) => Some(ActiveAuthenticationExchange {
                challenge: <[u8; 8]>::try_from(c.as_slice()).map_err(|_| {
                    CnieError::invalid("the Active Authentication challenge has 8 bytes")
                })?,
                response: aa_response,
            }),
        };
        let document = cnie::Document::from_files(map, aa);
        let policy = policy.unwrap_or_default().to_policy()?;
        let trust = store_or_builtin(trust);
        let verdict = document.verify(&trust.read(), &policy, at.unwrap_or_else(SystemTime::now));
        Ok(Verdict::from(&verdict))
    })
}
