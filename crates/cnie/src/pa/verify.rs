//! Passive authentication of a document: hashes, SOD signature, chain.

use std::collections::BTreeMap;
use std::time::SystemTime;

use super::chain::{self, ChainCheck};
use super::hashes::{HashCheck, check_hashes, unlisted};
use super::report::{PaReport, PaStatus, SignatureCheck};
use super::signer;
use super::trust::TrustStore;
use crate::asn1::time::unix_seconds;
use crate::lds::sod::Sod;

/// Verifies EF.SOD (`sod`, as read) and the data groups read (`files`, by
/// number) against `trust` at time `now`. Never fails: a SOD that cannot be
/// decoded gives an invalid report with the reason.
pub fn verify(
    sod: &[u8],
    files: &BTreeMap<u8, Vec<u8>>,
    trust: &TrustStore,
    now: SystemTime,
) -> PaReport {
    match Sod::parse(sod) {
        Ok(sod) => verify_sod(&sod, files, trust, now),
        Err(e) => PaReport {
            status: PaStatus::Invalid,
            data_group_hashes: BTreeMap::new(),
            sod_signature: SignatureCheck::Invalid,
            certificate_chain: ChainCheck::Invalid,
            reasons: vec![e.to_string()],
            signer: None,
            anchor: None,
        },
    }
}

/// [`verify`] with an already decoded SOD.
pub fn verify_sod(
    sod: &Sod,
    files: &BTreeMap<u8, Vec<u8>>,
    trust: &TrustStore,
    now: SystemTime,
) -> PaReport {
    let mut reasons = Vec::new();

    let hashes = check_hashes(sod, files);
    for (dg, verdict) in &hashes {
        if *verdict == HashCheck::Mismatch {
            reasons.push(format!(
                "DG{dg} does not match its {} hash in EF.SOD",
                sod.hash_algorithm()
            ));
        }
    }
    for dg in unlisted(sod, files) {
        reasons.push(format!(
            "DG{dg} was read but EF.SOD lists no hash for it: its content is not authenticated"
        ));
    }
    let hashes_ok = hashes.values().all(|v| *v != HashCheck::Mismatch);

    let signed_data = sod.signed_data();
    let info = sod.signer_info();
    let (sod_signature, certificate_chain, signer, anchor) =
        match signer::find_signer_certificate(signed_data, info) {
            Err(e) => {
                reasons.push(format!("EF.SOD signature not checked: {e}"));
                (SignatureCheck::Invalid, ChainCheck::Invalid, None, None)
            }
            Ok(ds) => {
                let sig = match signer::verify_signer_info(signed_data, info, &ds) {
                    Ok(()) => SignatureCheck::Valid,
                    Err(e) => {
                        reasons.push(format!("EF.SOD signature: {e}"));
                        SignatureCheck::Invalid
                    }
                };
                let chain = chain::validate(&ds, trust, unix_seconds(now));
                reasons.extend(chain.reasons);
                (sig, chain.status, Some(ds.summary()), chain.anchor)
            }
        };

    let checks_ok = hashes_ok && sod_signature == SignatureCheck::Valid;
    let status = match (checks_ok, certificate_chain) {
        (true, ChainCheck::Valid) => PaStatus::Valid,
        (true, ChainCheck::NotTrusted) => PaStatus::NotTrusted,
        _ => PaStatus::Invalid,
    };
    PaReport {
        status,
        data_group_hashes: hashes
            .into_iter()
            .map(|(dg, v)| (format!("DG{dg}"), v))
            .collect(),
        sod_signature,
        certificate_chain,
        reasons,
        signer,
        anchor,
    }
}
