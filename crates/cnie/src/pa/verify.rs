//! Passive authentication of a document: hashes, SOD signature, chain.

use std::collections::BTreeMap;

use super::cert::CertSummary;
use super::chain::{self, ChainOptions};
use super::hashes::{HashCheck, check_hashes, unlisted};
use super::report::ChainCheck;
use super::report::{
    PaOptions, PaReport, PaStatus, RevocationCheck, SignatureCheck, SigningTime, SigningTimeSource,
    WeakAlgorithm, WeakUsage, Weakness,
};
use super::signer;
use super::trust::TrustStore;
use crate::asn1::algorithm::{HashAlgorithm, SignatureScheme};
use crate::asn1::cms::{SignedData, SignerInfo};
use crate::asn1::time::{iso8601, unix_seconds};
use crate::lds::file::LdsFile;
use crate::lds::sod::Sod;

/// Verifies EF.SOD (`sod`, as read) and the data groups read (`files`; other files
/// in the map are ignored) against `trust` at the time and with the validity model of
/// `options` (a [`std::time::SystemTime`] is the point-in-time model at that
/// time). Never fails: a SOD that cannot be decoded gives an invalid report
/// with the reason.
pub fn verify(
    sod: &[u8],
    files: &BTreeMap<LdsFile, Vec<u8>>,
    trust: &TrustStore,
    options: impl Into<PaOptions>,
) -> PaReport {
    let options = options.into();
    match Sod::parse(sod) {
        Ok(sod) => verify_sod(&sod, files, trust, options),
        Err(e) => PaReport {
            status: PaStatus::Invalid,
            data_group_hashes: BTreeMap::new(),
            sod_signature: SignatureCheck::Invalid,
            certificate_chain: ChainCheck::Invalid,
            reasons: vec![e.to_string()],
            signer: None,
            anchor: None,
            anchor_country: None,
            validity_model: options.validity,
            signing_time: SigningTime {
                source: SigningTimeSource::None,
                time: None,
            },
            expired_since: Vec::new(),
            revocation: RevocationCheck::NotChecked,
            weak_algorithms: Vec::new(),
        },
    }
}

/// [`verify`] with an already decoded SOD.
pub fn verify_sod(
    sod: &Sod,
    files: &BTreeMap<LdsFile, Vec<u8>>,
    trust: &TrustStore,
    options: impl Into<PaOptions>,
) -> PaReport {
    let options = options.into();
    let mut reasons = Vec::new();
    let mut weak_algorithms = Vec::new();

    let hashes = check_hashes(sod, files);
    reasons.extend(hash_reasons(sod, files, &hashes));
    let hashes_ok = hashes.values().all(|v| *v != HashCheck::Mismatch);
    if sod.hash_algorithm() == HashAlgorithm::Sha1 {
        weak_algorithms.push(weak(WeakUsage::SodDataGroupHashes, Weakness::Sha1, "SHA-1"));
    }

    let signed_data = sod.signed_data();
    let info = sod.signer_info();

    let (source, time) = signing_time(info, options.signing_time_hint, &mut reasons);
    let chain_options = ChainOptions {
        at: unix_seconds(options.at),
        validity: options.validity,
        signing_time: time,
    };

    weak_algorithms.extend(sod_signature_weakness(info));

    let (sod_signature, chain, signer) = check_signer(
        signed_data,
        info,
        trust,
        &chain_options,
        &mut reasons,
        &mut weak_algorithms,
    );
    let chain =
        chain.unwrap_or_else(|| chain::ChainOutcome::failed(ChainCheck::Invalid, Vec::new()));
    reasons.extend(chain.reasons);
    weak_algorithms.extend(chain.weak_algorithms);

    let checks_ok = hashes_ok && sod_signature == SignatureCheck::Valid;
    let status = match (checks_ok, chain.status) {
        (true, ChainCheck::Valid) => PaStatus::Valid,
        (true, ChainCheck::NotTrusted) => PaStatus::NotTrusted,
        _ => PaStatus::Invalid,
    };
    PaReport {
        status,
        data_group_hashes: hashes,
        sod_signature,
        certificate_chain: chain.status,
        reasons,
        signer,
        anchor: chain.anchor,
        anchor_country: chain.anchor_country,
        validity_model: options.validity,
        signing_time: SigningTime {
            source,
            time: time.map(iso8601),
        },
        expired_since: chain.expired_since,
        revocation: chain.revocation,
        weak_algorithms,
    }
}

/// Why data groups are not authenticated: a hash mismatch, or no hash at all.
fn hash_reasons(
    sod: &Sod,
    files: &BTreeMap<LdsFile, Vec<u8>>,
    hashes: &BTreeMap<LdsFile, HashCheck>,
) -> Vec<String> {
    let mut reasons: Vec<String> = hashes
        .iter()
        .filter(|(_, verdict)| **verdict == HashCheck::Mismatch)
        .map(|(dg, _)| {
            format!(
                "{dg} does not match its {} hash in EF.SOD",
                sod.hash_algorithm()
            )
        })
        .collect();
    for dg in unlisted(sod, files) {
        reasons.push(format!(
            "{dg} was read but EF.SOD lists no hash for it: its content is not authenticated"
        ));
    }
    reasons
}

/// The signing time: the SOD's signingTime, else the caller's hint (DG12's date of
/// issue), else none.
fn signing_time(
    info: &SignerInfo,
    hint: Option<i64>,
    reasons: &mut Vec<String>,
) -> (SigningTimeSource, Option<i64>) {
    let sod_time = match info.signed_attrs.as_ref().map(|a| a.signing_time()) {
        Some(Ok(t)) => t,
        Some(Err(e)) => {
            reasons.push(format!("EF.SOD signingTime ignored: {e}"));
            None
        }
        None => None,
    };
    match (sod_time, hint) {
        (Some(t), _) => (SigningTimeSource::SodSigningTime, Some(t)),
        (None, Some(t)) => (SigningTimeSource::Dg12DateOfIssue, Some(t)),
        (None, None) => (SigningTimeSource::None, None),
    }
}

/// SHA-1 in the SOD signature's digest or scheme.
fn sod_signature_weakness(info: &SignerInfo) -> Option<WeakAlgorithm> {
    let digest = HashAlgorithm::from_oid(&info.digest_algorithm.oid);
    let scheme_hash = SignatureScheme::from_algorithm(&info.signature_algorithm, digest)
        .ok()
        .map(|s| s.hash());
    (digest == Some(HashAlgorithm::Sha1) || scheme_hash == Some(HashAlgorithm::Sha1))
        .then(|| weak(WeakUsage::SodSignature, Weakness::Sha1, "SHA-1"))
}

/// The SOD signature with the Document Signer certificate it carries, then that
/// certificate's chain.
fn check_signer(
    signed_data: &SignedData,
    info: &SignerInfo,
    trust: &TrustStore,
    chain_options: &ChainOptions,
    reasons: &mut Vec<String>,
    weak_algorithms: &mut Vec<WeakAlgorithm>,
) -> (
    SignatureCheck,
    Option<chain::ChainOutcome>,
    Option<CertSummary>,
) {
    let ds = match signer::find_signer_certificate(signed_data, info) {
        Ok(ds) => ds,
        Err(e) => {
            reasons.push(format!("EF.SOD signature not checked: {e}"));
            return (SignatureCheck::Invalid, None, None);
        }
    };
    let sig = match signer::verify_signer_info(signed_data, info, &ds) {
        Ok(()) => SignatureCheck::Valid,
        Err(e) => {
            reasons.push(format!("EF.SOD signature: {e}"));
            SignatureCheck::Invalid
        }
    };
    if let Some(bits) = ds.public_key().ok().and_then(|k| k.rsa_bits())
        && bits < 2048
    {
        weak_algorithms.push(weak(
            WeakUsage::SodSignature,
            Weakness::ShortRsaKey,
            &format!("RSA-{bits}"),
        ));
    }
    let chain = chain::validate(&ds, trust, chain_options);
    // The chain's path starts with the Document Signer: its summary is made once.
    let signer = match chain.path.first() {
        Some(first) => first.clone(),
        None => ds.summary(),
    };
    (sig, Some(chain), Some(signer))
}

fn weak(usage: WeakUsage, weakness: Weakness, algorithm: &str) -> WeakAlgorithm {
    WeakAlgorithm {
        usage,
        weakness,
        algorithm: algorithm.to_string(),
        subject: None,
    }
}
