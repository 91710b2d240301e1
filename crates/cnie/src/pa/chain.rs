//! Certificate path validation: Document Signer → CSCA (through link
//! certificates) → a trust anchor (ICAO Doc 9303 part 12 §5, RFC 5280 §6 in
//! the reduced form eMRTD PKIs need).
//!
//! Issuers are found by key identifiers (AKI of the child = SKI of the
//! parent), by names only when a certificate has no key identifier: several
//! CSCA generations share one name. Every signature on the path is verified.



use super::cert::{CertSummary, Certificate};
use super::report::{
    ChainCheck,
    ExpiredCertificate, RevocationCheck, ValidityModel, WeakAlgorithm, WeakUsage, Weakness,
};
use super::trust::{Anchor, TrustStore};
use crate::asn1::algorithm::HashAlgorithm;
use crate::asn1::time::iso8601;

/// Deepest path followed (DS, links, root).
const MAX_PATH: usize = 8;


/// When and how the chain is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChainOptions {
    /// The verification time (Unix seconds).
    pub at: i64,
    /// How validity periods are checked.
    pub validity: ValidityModel,
    /// When the Document Signer signed (Unix seconds), if known: the SOD's
    /// `signingTime` or the caller's hint. Used by the point-in-time model only;
    /// without it the Document Signer is checked at `at` (nothing shows it was
    /// used earlier, and its validity covers the documents it signed, 9303-12 §5.5).
    pub signing_time: Option<i64>,
}

impl ChainOptions {
    /// Verification at `at` (Unix seconds), point-in-time model, no signing time.
    pub fn at(at: i64) -> Self {
        ChainOptions {
            at,
            validity: ValidityModel::default(),
            signing_time: None,
        }
    }
}

/// The chain check with its details.
#[derive(Debug, Clone)]
pub struct ChainOutcome {
    /// The verdict.
    pub status: ChainCheck,
    /// The certificates from the Document Signer up to the anchor.
    pub path: Vec<CertSummary>,
    /// The trust anchor reached, if any.
    pub anchor: Option<CertSummary>,
    /// The anchor's country (`C=`).
    pub anchor_country: Option<String>,
    /// Why the verdict is not [`ChainCheck::Valid`] (and notes).
    pub reasons: Vec<String>,
    /// Certificates on the path valid when used but expired at `at`
    /// (point-in-time model).
    pub expired_since: Vec<ExpiredCertificate>,
    /// Whether a verified CRL of the Document Signer's issuer was consulted.
    pub revocation: RevocationCheck,
    /// SHA-1 or short RSA keys in the certificate signatures of the path.
    pub weak_algorithms: Vec<WeakAlgorithm>,
}

impl ChainOutcome {
    /// An outcome with no path: `status` for `reasons`.
    pub fn failed(status: ChainCheck, reasons: Vec<String>) -> Self {
        ChainOutcome {
            status,
            path: Vec::new(),
            anchor: None,
            anchor_country: None,
            reasons,
            expired_since: Vec::new(),
            revocation: RevocationCheck::NotChecked,
            weak_algorithms: Vec::new(),
        }
    }
}

/// One candidate path above the Document Signer.
struct Candidate<'a> {
    /// Issuers, nearest first; the last is the anchor. Every one is an anchor of the
    /// store.
    issuers: Vec<&'a Anchor>,
    problems: Vec<String>,
    expired: Vec<String>,
    expired_since: Vec<ExpiredCertificate>,
    revoked: Option<String>,
    crl_checked: bool,
}

fn expired_certificate(cert: &Certificate) -> ExpiredCertificate {
    ExpiredCertificate {
        subject: cert.subject().to_string(),
        subject_key_identifier: cert.subject_key_id().map(hex::encode),
        not_after: iso8601(cert.not_after()),
    }
}

/// Validates the Document Signer certificate `ds` against `trust` as `options`
/// say.
///
/// The issuing CSCA is looked up by the Document Signer's authority key identifier
/// (or, for an anchor without key identifiers, by name); when no anchor has that key
/// identifier, or the Document Signer has none, every anchor of the issuer's name is
/// tried. Only a certificate whose signature verifies with an anchor's key is chained.
pub fn validate(ds: &Certificate, trust: &TrustStore, options: &ChainOptions) -> ChainOutcome {
    let mut reasons = Vec::new();
    let own = DsChecks::of(ds, options);
    let by_key_id = trust.issuers_of(ds);
    let matched_by_key_id = !by_key_id.is_empty();
    let named = if matched_by_key_id {
        by_key_id
    } else {
        trust.named_issuers_of(ds)
    };
    if named.is_empty() {
        let id_hint = ds
            .authority_key_id()
            .map(|id| format!("key identifier {}", hex::encode(id)))
            .unwrap_or_else(|| format!("issuer {}", ds.issuer()));
        reasons.push(format!(
            "no trusted CSCA certificate with {id_hint} is known (issuer {})",
            ds.issuer()
        ));
        return outcome(ChainCheck::NotTrusted, ds, None, reasons);
    }
    let mut candidates = Vec::new();
    let mut bad_signatures = Vec::new();
    for issuer in named {
        let cert = issuer.certificate();
        match cert.public_key().and_then(|k| ds.verify_signed_by(k)) {
            Ok(()) => {
                let mut c = own.candidate(issuer);
                extend_to_root(&mut c, trust);
                check_path(&mut c, ds, options);
                candidates.push(c);
            }
            Err(e) => bad_signatures.push(format!(
                "the Document Signer certificate does not verify with CSCA {} (SKI {}): {e}",
                cert.subject(),
                cert.subject_key_id().map(hex::encode).unwrap_or_default()
            )),
        }
    }
    if candidates.is_empty() {
        reasons.extend(bad_signatures);
        // Matched by key identifier: a forged or corrupted certificate.
        // Matched by name only: perhaps another CSCA generation, not known.
        let status = if matched_by_key_id && ds.authority_key_id().is_some() {
            ChainCheck::Invalid
        } else {
            ChainCheck::NotTrusted
        };
        return outcome(status, ds, None, reasons);
    }
    if !matched_by_key_id && let Some(aki) = ds.authority_key_id() {
        reasons.push(format!(
            "no trusted CSCA has the Document Signer's authority key identifier {}: \
             the CSCA was found by name and its key verifies the signature",
            hex::encode(aki)
        ));
    }
    check_revocation(&mut candidates, ds, trust, &mut reasons);
    best_outcome(&candidates, ds, reasons)
}

/// What the Document Signer certificate itself gives every candidate path: its key
/// usage, its validity at the signing time (point in time) or now, an expiry since.
struct DsChecks {
    problems: Vec<String>,
    expired: Option<String>,
    expired_since: Option<ExpiredCertificate>,
}

impl DsChecks {
    fn of(ds: &Certificate, options: &ChainOptions) -> DsChecks {
        let now = options.at;
        let mut problems = Vec::new();
        if let Some(ku) = ds.key_usage()
            && !ku.digital_signature
        {
            problems
                .push("the Document Signer certificate's key usage lacks digitalSignature".into());
        }
        let signing_time = match options.validity {
            ValidityModel::PointInTime => options.signing_time,
            ValidityModel::Now => None,
        };
        if let Some(t) = signing_time
            && t > now
        {
            problems.push(format!(
                "the signing time {} is after the verification time {}",
                iso8601(t),
                iso8601(now)
            ));
        }
        let ds_time = signing_time.unwrap_or(now);
        let expired = (!ds.valid_at(ds_time)).then(|| match signing_time {
            None => format!(
                "the Document Signer certificate is valid from {} to {}, not now",
                iso8601(ds.not_before()),
                iso8601(ds.not_after())
            ),
            Some(t) => format!(
                "the Document Signer certificate is valid from {} to {}, not at the signing time {}",
                iso8601(ds.not_before()),
                iso8601(ds.not_after()),
                iso8601(t)
            ),
        });
        let expired_since =
            (expired.is_none() && now > ds.not_after()).then(|| expired_certificate(ds));
        DsChecks {
            problems,
            expired,
            expired_since,
        }
    }

    /// A candidate path starting at `issuer`.
    fn candidate<'a>(&self, issuer: &'a Anchor) -> Candidate<'a> {
        Candidate {
            issuers: vec![issuer],
            problems: self.problems.clone(),
            expired: self.expired.iter().cloned().collect(),
            expired_since: self.expired_since.iter().cloned().collect(),
            revoked: None,
            crl_checked: false,
        }
    }
}

/// Revocation: CRLs signed by the issuer of each certificate on each path.
fn check_revocation(
    candidates: &mut [Candidate<'_>],
    ds: &Certificate,
    trust: &TrustStore,
    reasons: &mut Vec<String>,
) {
    for c in candidates {
        let mut child = ds;
        for (i, issuer) in c.issuers.iter().map(|a| a.certificate()).enumerate() {
            let (note, consulted) = revoked_by(child, issuer, trust, reasons);
            if i == 0 {
                c.crl_checked = consulted;
            }
            if let Some(note) = note {
                c.revoked = Some(note);
                break;
            }
            child = issuer;
        }
    }
}

/// The outcome of the best candidate: valid, else expired, else revoked, else invalid.
fn best_outcome(candidates: &[Candidate<'_>], ds: &Certificate, mut reasons: Vec<String>) -> ChainOutcome {
    let rank = |c: &Candidate<'_>| {
        if !c.problems.is_empty() {
            3
        } else if c.revoked.is_some() {
            2
        } else if !c.expired.is_empty() {
            1
        } else {
            0
        }
    };
    let Some(best) = candidates.iter().min_by_key(|c| rank(c)) else {
        // ok: unreachable, candidates is non-empty here
        return outcome(ChainCheck::Invalid, ds, None, reasons);
    };
    let status = match rank(best) {
        0 => ChainCheck::Valid,
        1 => ChainCheck::Expired,
        2 => ChainCheck::Revoked,
        _ => ChainCheck::Invalid,
    };
    for p in best
        .problems
        .iter()
        .chain(best.revoked.iter())
        .chain(best.expired.iter())
    {
        if !reasons.contains(p) {
            reasons.push(p.clone());
        }
    }
    let issuers: Vec<&Certificate> = best.issuers.iter().map(|a| a.certificate()).collect();
    let mut result = outcome(status, ds, None, reasons);
    result.path.extend(issuers.iter().map(|c| c.summary()));
    // The anchor ends the path: its summary is that last one, made once.
    if let Some(anchor) = issuers.last() {
        result.anchor = result.path.last().cloned();
        result.anchor_country = anchor.country();
    }
    result.expired_since = best.expired_since.clone();
    if best.crl_checked {
        result.revocation = RevocationCheck::Checked;
    }
    result.weak_algorithms = weak_signatures(ds, &issuers);
    result
}

fn outcome(
    status: ChainCheck,
    ds: &Certificate,
    anchor: Option<&Certificate>,
    reasons: Vec<String>,
) -> ChainOutcome {
    ChainOutcome {
        status,
        path: vec![ds.summary()],
        anchor: anchor.map(Certificate::summary),
        anchor_country: anchor.and_then(Certificate::country),
        reasons,
        expired_since: Vec::new(),
        revocation: RevocationCheck::NotChecked,
        weak_algorithms: Vec::new(),
    }
}

/// SHA-1 or RSA keys under 2048 bits in the signatures of `ds` and its
/// `issuers` (each signed by the next; the last by itself when self-issued).
fn weak_signatures(ds: &Certificate, issuers: &[&Certificate]) -> Vec<WeakAlgorithm> {
    let mut weak = Vec::new();
    let signed = std::iter::once(ds).chain(issuers.iter().copied());
    let signers = issuers.iter().copied().map(Some).chain(std::iter::once(
        issuers.last().copied().filter(|r| r.is_self_issued()),
    ));
    for (cert, signer) in signed.zip(signers) {
        if cert.signature_hash() == Some(HashAlgorithm::Sha1) {
            weak.push(WeakAlgorithm {
                usage: WeakUsage::CertificateSignature,
                weakness: Weakness::Sha1,
                algorithm: HashAlgorithm::Sha1.name().to_string(),
                subject: Some(cert.subject().to_string()),
            });
        }
        if let Some(bits) = signer
            .and_then(|s| s.public_key().ok())
            .and_then(|k| k.rsa_bits())
            && bits < 2048
        {
            weak.push(WeakAlgorithm {
                usage: WeakUsage::CertificateSignature,
                weakness: Weakness::ShortRsaKey,
                algorithm: format!("RSA-{bits}"),
                subject: Some(cert.subject().to_string()),
            });
        }
    }
    weak
}

/// Follows link certificates from the candidate's top to a self-issued root,
/// verifying each signature. A link certificate whose issuer is not in the store is
/// itself a trust anchor: the path ends there. Parents are found by key identifier
/// ([`TrustStore::issuers_of`]), never by name alone.
fn extend_to_root<'a>(c: &mut Candidate<'a>, trust: &'a TrustStore) {
    while let Some(&top) = c.issuers.last() {
        let top = top.certificate();
        if top.is_self_issued() || c.issuers.len() >= MAX_PATH {
            return;
        }
        let parents: Vec<&Anchor> = trust
            .issuers_of(top)
            .into_iter()
            .filter(|p| !c.issuers.iter().any(|q| std::ptr::eq(*q, *p)))
            .collect();
        if parents.is_empty() {
            return;
        }
        // Prefer a parent that verifies; an unverifiable link breaks the path.
        let verified = parents.iter().copied().find(|p| {
            p.certificate()
                .public_key()
                .and_then(|k| top.verify_signed_by(k))
                .is_ok()
        });
        match verified {
            Some(p) => c.issuers.push(p),
            None => {
                c.problems.push(format!(
                    "the link certificate {} (SKI {}) does not verify with its issuer",
                    top.subject(),
                    top.subject_key_id().map(hex::encode).unwrap_or_default()
                ));
                return;
            }
        }
    }
}

/// Key usage, CA flag and validity of the issuers; the root's self-signature.
/// Validity: at `options.at` ([`ValidityModel::Now`]), or at the `notBefore` of
/// the certificate each issued ([`ValidityModel::PointInTime`]).
fn check_path(c: &mut Candidate<'_>, ds: &Certificate, options: &ChainOptions) {
    let now = options.at;
    let mut child = ds;
    for issuer in c.issuers.iter().map(|a| a.certificate()) {
        let ski = issuer.subject_key_id().map(hex::encode).unwrap_or_default();
        if let Some(ku) = issuer.key_usage()
            && !ku.key_cert_sign
        {
            c.problems.push(format!(
                "CSCA certificate {ski} may not sign certificates (no keyCertSign)"
            ));
        }
        if issuer.is_ca() == Some(false) {
            c.problems
                .push(format!("certificate {ski} is not a CA certificate"));
        }
        match options.validity {
            ValidityModel::Now if !issuer.valid_at(now) => c.expired.push(format!(
                "CSCA certificate {ski} is valid from {} to {}, not now",
                iso8601(issuer.not_before()),
                iso8601(issuer.not_after())
            )),
            ValidityModel::PointInTime if !issuer.valid_at(child.not_before()) => {
                c.expired.push(format!(
                    "CSCA certificate {ski} is valid from {} to {}, not when it issued {} (valid from {})",
                    iso8601(issuer.not_before()),
                    iso8601(issuer.not_after()),
                    child.subject(),
                    iso8601(child.not_before())
                ));
            }
            ValidityModel::PointInTime if now > issuer.not_after() => {
                c.expired_since.push(expired_certificate(issuer));
            }
            _ => {}
        }
        child = issuer;
    }
    if let Some(root) = c.issuers.last()
        && root.certificate().is_self_issued()
        && !root.verifies_itself()
    {
        c.problems.push(format!(
            "the CSCA root {} does not verify its own signature",
            root.certificate()
                .subject_key_id()
                .map(hex::encode)
                .unwrap_or_default()
        ));
    }
}

/// A note if a CRL signed by `issuer` lists `child`, and whether a CRL of
/// `issuer` was consulted. CRLs of that issuer whose signature does not verify
/// are ignored, with a note in `reasons`.
fn revoked_by(
    child: &Certificate,
    issuer: &Certificate,
    trust: &TrustStore,
    reasons: &mut Vec<String>,
) -> (Option<String>, bool) {
    let Ok(key) = issuer.public_key() else {
        return (None, false);
    };
    let mut consulted = false;
    for crl in trust.crls() {
        if !crl.may_be_issued_by(issuer) {
            continue;
        }
        if crl.verify_signed_by(key).is_err() {
            let note = format!(
                "CRL {} ignored: its signature does not verify with the CSCA",
                crl.source()
            );
            if !reasons.contains(&note) {
                reasons.push(note);
            }
            continue;
        }
        consulted = true;
        if crl.lists(child) {
            let note = format!(
                "certificate {} (serial {}) is revoked by CRL {}",
                child.subject(),
                hex::encode(child.serial()),
                crl.source()
            );
            return (Some(note), true);
        }
    }
    (None, consulted)
}
