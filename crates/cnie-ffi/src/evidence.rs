//! Evidence bundles (`docs/evidence.md`): one self-contained file per read, written by
//! `ReadResult.evidence()` and re-checked offline by [`verify_evidence`] on a backend.

use std::sync::Arc;
use std::time::SystemTime;

use cnie::evidence::{Evidence, EvidenceError};

use crate::error::{CnieError, guard};
use crate::read::ReadResult;
use crate::trust::TrustStore;
use crate::verdict::{Verdict, VerifyPolicy, store_or_builtin};

/// What wrote the bundles of the bindings.
const TOOL_VERSION: &str = concat!("cnie-ffi ", env!("CARGO_PKG_VERSION"));

/// The bundle of a read.
pub(crate) fn bundle(result: &ReadResult) -> Result<Vec<u8>, CnieError> {
    Ok(Evidence::from_document(&result.document, result.read_at)
        .with_tool_version(TOOL_VERSION)
        .to_bytes())
}

/// As `cnie verify FILE`: a bundle that is not one, or of an unknown version, cannot be
/// read (`Io`, exit 11); one that was changed is `InvalidEvidence` (exit 9).
impl From<EvidenceError> for CnieError {
    fn from(e: EvidenceError) -> Self {
        match e {
            EvidenceError::TooLarge { .. }
            | EvidenceError::NotEvidence(_)
            | EvidenceError::UnsupportedVersion(_) => CnieError::Io {
                detail: e.to_string(),
            },
            other => CnieError::InvalidEvidence {
                detail: format!(
                    "{other}: the bundle was changed after it was written, it is not authentic"
                ),
            },
        }
    }
}

/// Re-checks an evidence bundle offline: its form, each file's SHA-256 and the
/// integrity digest (a bundle changed in any byte is refused), then the verdict on the
/// document it holds (EF.SOD signature, chain at `at`, now when not given, and the
/// Active Authentication answer against DG15) against `trust` (the built-in Moroccan
/// CSCAs when not given).
#[uniffi::export(default(trust = None, policy = None, at = None))]
pub fn verify_evidence(
    data: Vec<u8>,
    trust: Option<Arc<TrustStore>>,
    policy: Option<VerifyPolicy>,
    at: Option<SystemTime>,
) -> Result<Verdict, CnieError> {
    guard(|| {
        let policy = policy.unwrap_or_default().to_policy()?;
        let trust = store_or_builtin(trust);
        let verdict = cnie::evidence::verify_evidence(
            &data,
            &trust.read(),
            &policy,
            at.unwrap_or_else(SystemTime::now),
        )?;
        Ok(Verdict::from(&verdict))
    })
}
