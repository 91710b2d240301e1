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
                    "subject": a.subject,
                    "subject_key_identifier": a.ski,
                    "authority_key_identifier": a.aki,
                    "not_before": a.not_before,
                    "not_after": a.not_after,
                    "source": a.source,
                    "list_verified": a.list_verified()
                        .or_else(|| user.get(&fingerprint).and_then(|e| e.list_verified)),
                    "fingerprint": fingerprint,
                    "expired": user_trust::expired(a.certificate(), now),
                    "store": store_of(&a.source),
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
        for a in store.anchors() {
            let _ = writeln!(out, "{}", a.subject);
            let _ = writeln!(out, "  key id   {}", a.ski.as_deref().unwrap_or("(none)"));
            if a.aki.is_some() && a.aki != a.ski {
                let _ = writeln!(
                    out,
                    "  link     signed by key {}",
                    a.aki.as_deref().unwrap_or_default()
                );
            }
            let expired = if user_trust::expired(a.certificate(), now) {
                "  EXPIRED"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "  valid    {} to {}{expired}",
                a.not_before, a.not_after
            );
            let _ = writeln!(out, "  source   {}", a.source);
            let _ = writeln!(
                out,
                "  sha-256  {}",
                user_trust::fingerprint(a.certificate().der())
            );
            if a.list_verified() == Some(false) {
                let _ = writeln!(out, "  warning  the master list did not verify");
            }
        }
        let _ = writeln!(
            out,
            "{} anchors, {} CRLs; user store {} ({ds_certificates} DS certificates kept, not anchors)",
            store.anchors().len(),
            store.crls().len(),
            user_dir.as_deref().unwrap_or("(none)"),
        );
        super::emit(&out)?;
    }
    Ok(Code::Ok)
}

pub fn import(files: &[PathBuf], force: bool, json: bool) -> Result<Code, Failure> {
    let done = user_trust::import(files, force)?;
    if json {
        super::print_json(&done)?;
    } else {
        super::emit(&format!(
            "{} added ({} CSCA, {} DS certificates, {} CRLs), {} already there; store {}\n",
            done.added,
            done.csca,
            done.ds_certificates,
            done.crls,
            done.already_present,
            done.store
        ))?;
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
            let _ = writeln!(out, "removed {fp} {}", e.name);
        }
        super::emit(&out)?;
    }
    Ok(Code::Ok)
}
