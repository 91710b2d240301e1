//! `cnie trust list|import|remove`: the anchors passive authentication would use, and
//! the user's trust store ([`crate::user_trust`]).

use std::path::PathBuf;

use super::analysis;
use crate::args::TrustArgs;
use crate::exit::{Code, Failure};
use crate::user_trust::{self, Kind};

/// Where an anchor comes from, for the listing.
fn store_of(source: &str) -> &'static str {
    if source.starts_with("builtin:") {
        "builtin"
    } else if source.starts_with("user:") {
        "user"
    } else {
        "argument"
    }
}

pub fn list(args: &TrustArgs, json: bool) -> Result<Code, Failure> {
    let store = analysis::trust_store(args)?;
    let now = i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
    )
    .unwrap_or(i64::MAX);
    let user = if args.no_default_trust {
        Default::default()
    } else {
        user_trust::entries()?
    };
    let ds_certificates = user
        .values()
        .filter(|e| e.kind == Kind::DsCertificate)
        .count();
    let user_dir = user_trust::dir().map(|d| d.display().to_string());
    if json {
        let anchors: Vec<_> = store
            .anchors()
            .iter()
            .map(|a| {
                let fingerprint = user_trust::fingerprint(a.certificate().der());
                serde_json::json!({
                    "subject": a.subject(),
                    "subject_key_identifier": a.ski(),
                    "authority_key_identifier": a.aki(),
                    "not_before": a.not_before(),
                    "not_after": a.not_after(),
                    "source": a.source(),
                    "list_verified": a.list_verified()
                        .or_else(|| user.get(&fingerprint).and_then(|e| e.list_verified)),
                    "fingerprint": fingerprint,
                    "expired": user_trust::expired(a.certificate(), now),
                    "store": store_of(a.source()),
                })
            })
            .collect();
        super::print_json(&serde_json::json!({
            "anchors": anchors,
            "crls": store.crls().len(),
            "user_store": user_dir,
            "user_ds_certificates": ds_certificates,
        }))?;
    } else {
        use std::fmt::Write;
        let mut out = String::new();
        let line = |out: &mut String, label: String, value: String| {
            let _ = writeln!(out, "  {} {value}", crate::i18n::pad(&label, 12));
        };
        for a in store.anchors() {
            let _ = writeln!(out, "{}", a.subject());
            let ski = a.ski().unwrap_or_else(|| t!("trust-key-none"));
            line(&mut out, t!("trust-key-id"), ski);
            if a.aki().is_some() && a.aki() != a.ski() {
                let key = a.aki().unwrap_or_default();
                line(&mut out, t!("trust-link"), t!("trust-signed-by", key = key));
            }
            let mut validity = t!("cert-validity", from = &a.not_before(), to = &a.not_after());
            if user_trust::expired(a.certificate(), now) {
                validity.push_str("  ");
                validity.push_str(&t!("trust-expired"));
            }
            line(&mut out, t!("cert-valid"), validity);
            line(&mut out, t!("trust-source"), a.source().to_string());
            line(
                &mut out,
                t!("trust-fingerprint"),
                user_trust::fingerprint(a.certificate().der()),
            );
            if a.list_verified() == Some(false) {
                line(&mut out, t!("label-warning"), t!("trust-list-unverified"));
            }
        }
        let user_dir = user_dir.unwrap_or_else(|| t!("trust-key-none"));
        let summary = t!(
            "trust-summary",
            anchors = store.anchors().len(),
            crls = store.crls().len(),
            store = user_dir,
            ds = ds_certificates,
        );
        let _ = writeln!(out, "{summary}");
        super::emit(&out)?;
    }
    Ok(Code::Ok)
}

pub fn import(files: &[PathBuf], force: bool, json: bool) -> Result<Code, Failure> {
    let done = user_trust::import(files, force)?;
    if json {
        super::print_json(&done)?;
    } else {
        let line = t!(
            "trust-imported",
            added = done.added,
            csca = done.csca,
            ds = done.ds_certificates,
            crls = done.crls,
            present = done.already_present,
            store = &done.store,
        );
        super::emit(&format!("{line}\n"))?;
    }
    Ok(Code::Ok)
}

pub fn remove(pattern: &str, json: bool) -> Result<Code, Failure> {
    let removed = user_trust::remove(pattern)?;
    if json {
        let list: Vec<_> = removed
            .iter()
            .map(|(fp, e)| serde_json::json!({ "fingerprint": fp, "kind": e.kind, "name": e.name }))
            .collect();
        super::print_json(&serde_json::json!({ "removed": list }))?;
    } else {
        use std::fmt::Write;
        let mut out = String::new();
        for (fp, e) in &removed {
            let _ = writeln!(
                out,
                "{}",
                t!("trust-removed", fingerprint = fp, name = &e.name)
            );
        }
        super::emit(&out)?;
    }
    Ok(Code::Ok)
}
