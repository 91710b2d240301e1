//! The chip's part of the verdict: PACE-CAM (with EF.CardSecurity's chain), Chip
//! Authentication v1 and Active Authentication, each trusted only with a passively
//! authenticated key.

use std::time::SystemTime;

use serde::Serialize;

use crate::lds::card_access::SecurityInfos;
use crate::lds::file::LdsFile;
use crate::lds::security_infos::SecurityInfo;
use crate::pa::{ChainCheck, TrustStore};
use crate::session::{ChipAuthenticationCheck, Document};

use super::reason::{ChipMethod, Reason};

/// Whether the chip is the one the signed data was issued for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChipStatus {
    /// PACE-CAM, Chip Authentication or Active Authentication passed with a key the
    /// issuer signed.
    Genuine,
    /// The card offers none of them (or they could not be run, e.g. offline).
    NotChecked,
    /// One ran and failed: the chip does not hold the signed key (a copy).
    Failed,
}

/// The chip's verdict and its reasons.
pub(super) struct ChipVerdict {
    pub status: ChipStatus,
    pub method: Option<ChipMethod>,
    /// Failures (`invalid`) and trust problems (`not_trusted`), then warnings.
    pub failures: Vec<Reason>,
    pub untrusted: Vec<Reason>,
    pub warnings: Vec<Reason>,
}

/// Evaluates the chip checks of `doc`. `authenticated(file)` says whether a data
/// group's content is signed and intact (its hash matches a valid EF.SOD).
pub(super) fn evaluate(
    doc: &Document,
    trust: &TrustStore,
    at: SystemTime,
    authenticated: impl Fn(LdsFile) -> bool,
) -> ChipVerdict {
    let mut v = ChipVerdict {
        status: ChipStatus::NotChecked,
        method: None,
        failures: Vec::new(),
        untrusted: Vec::new(),
        warnings: Vec::new(),
    };
    let mut passed = Vec::new();
    let fail = |method: ChipMethod, detail: String, v: &mut ChipVerdict| {
        v.failures.push(Reason::ChipFailed { method, detail });
        v.status = ChipStatus::Failed;
        v.method = Some(method);
    };
    if let Some(cam) = &doc.chip_authentication {
        let chain = cam.check_chain(trust, at);
        match chain.status {
            ChainCheck::Valid => passed.push(ChipMethod::PaceCam),
            ChainCheck::NotTrusted => v
                .untrusted
                .push(Reason::CardSecurityChain("no trusted CSCA".into())),
            other => fail(
                ChipMethod::PaceCam,
                format!("EF.CardSecurity's signer chain is {}", chain_word(other)),
                &mut v,
            ),
        }
    }
    let dg14 = LdsFile::dg(14);
    match &doc.ca {
        Some(ChipAuthenticationCheck::Passed { .. }) if dg14.is_some_and(&authenticated) => {
            passed.push(ChipMethod::ChipAuthentication);
        }
        Some(ChipAuthenticationCheck::Failed { reason }) => {
            fail(ChipMethod::ChipAuthentication, reason.clone(), &mut v);
        }
        Some(ChipAuthenticationCheck::Passed { .. }) | None => {}
    }
    match active_authentication(doc, &authenticated) {
        Some(Ok(())) => passed.push(ChipMethod::ActiveAuthentication),
        Some(Err(detail)) => fail(ChipMethod::ActiveAuthentication, detail, &mut v),
        None => {}
    }
    if v.status != ChipStatus::Failed {
        if let Some(first) = passed.first() {
            v.status = ChipStatus::Genuine;
            v.method = Some(*first);
        } else if v.untrusted.is_empty() {
            v.warnings.push(Reason::ChipNotChecked);
        }
    }
    v
}

/// Active Authentication's answer against DG15's key: `None` when it did not run or
/// DG15 is not authenticated (its key proves nothing; the data groups' failures say
/// why), else whether the chip's signature verifies (or why not).
fn active_authentication(
    doc: &Document,
    authenticated: impl Fn(LdsFile) -> bool,
) -> Option<Result<(), String>> {
    let aa = doc.active_authentication.as_ref()?;
    let dg15 = LdsFile::dg(15)?;
    let Some(response) = &aa.response else {
        return Some(Err("the chip refused INTERNAL AUTHENTICATE".into()));
    };
    let Some(dg15_bytes) = doc.files.get(&dg15) else {
        return Some(Err("DG15 is missing".into()));
    };
    if !authenticated(dg15) {
        return None;
    }
    let info = aa_info(doc);
    Some(
        crate::active_auth::verify(dg15_bytes, info.as_ref(), &aa.challenge, response)
            .map(drop)
            .map_err(|e| format!("the chip's signature does not verify with DG15's key ({e})")),
    )
}

/// DG14's `ActiveAuthenticationInfo`, when DG14 was read and decodes.
fn aa_info(doc: &Document) -> Option<crate::lds::security_infos::ActiveAuthenticationInfo> {
    let dg14 = doc.files.get(&LdsFile::dg(14)?)?;
    let infos = SecurityInfos::parse_dg14(dg14).ok()?;
    infos.infos().iter().find_map(|i| match i {
        SecurityInfo::ActiveAuthentication(a) => Some(a.clone()),
        _ => None,
    })
}

fn chain_word(status: ChainCheck) -> &'static str {
    match status {
        ChainCheck::Valid => "valid",
        ChainCheck::NotTrusted => "not trusted",
        ChainCheck::Expired => "expired",
        ChainCheck::Revoked => "revoked",
        ChainCheck::Invalid => "invalid",
    }
}
