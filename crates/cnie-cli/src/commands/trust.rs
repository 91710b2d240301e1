//! `cnie trust list`: the anchors passive authentication would use.

use super::analysis;
use crate::args::TrustArgs;
use crate::exit::{Code, Failure};

pub fn list(args: &TrustArgs, json: bool) -> Result<Code, Failure> {
    let store = analysis::trust_store(args)?;
    if json {
        let anchors: Vec<_> = store
            .anchors()
            .iter()
            .map(|a| {
                serde_json::json!({
                    "subject": a.subject,
                    "subject_key_identifier": a.ski,
                    "authority_key_identifier": a.aki,
                    "not_before": a.not_before,
                    "not_after": a.not_after,
                    "source": a.source,
                    "list_verified": a.list_verified(),
                })
            })
            .collect();
        super::print_json(&serde_json::json!({ "anchors": anchors, "crls": store.crls().len() }))?;
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
            let _ = writeln!(out, "  valid    {} to {}", a.not_before, a.not_after);
            let _ = writeln!(out, "  source   {}", a.source);
            if a.list_verified() == Some(false) {
                let _ = writeln!(out, "  warning  the master list did not verify");
            }
        }
        let _ = writeln!(
            out,
            "{} anchors, {} CRLs",
            store.anchors().len(),
            store.crls().len()
        );
        super::emit(&out)?;
    }
    Ok(Code::Ok)
}
