//! The evidence bundle (issue #14 item 4): not in the library yet.

use std::sync::Arc;
use std::time::SystemTime;

use crate::error::CnieError;
use crate::read::ReadResult;
use crate::trust::TrustStore;
use crate::verdict::{Verdict, VerifyPolicy};

/// STUB until the library's `cnie::evidence` lands: refuses with `Unsupported`.
pub(crate) fn bundle(_result: &ReadResult) -> Result<Vec<u8>, CnieError> {
    Err(CnieError::unsupported(
        "evidence bundles are not available in this build",
    ))
}

/// Re-checks an evidence bundle offline: the hashes, the EF.SOD signature, the chain
/// at `at` (now when not given), the Active Authentication answer against DG15. STUB
/// until the library's `cnie::evidence` lands: refuses with `Unsupported`.
#[uniffi::export(default(trust = None, policy = None, at = None))]
pub fn verify_evidence(
    data: Vec<u8>,
    trust: Option<Arc<TrustStore>>,
    policy: Option<VerifyPolicy>,
    at: Option<SystemTime>,
) -> Result<Verdict, CnieError> {
    let _ = (data, trust, policy, at);
    Err(CnieError::unsupported(
        "evidence bundles are not available in this build",
    ))
}
