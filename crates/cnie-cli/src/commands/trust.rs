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
        let line = |out: &mut String, label: String, value: String| {
            let _ = writeln!(out, "  {} {value}", crate::i18n::pad(&label, 12));
        };
        for a in store.anchors() {
            let _ = writeln!(out, "{}", a.subject);
            let ski = a.ski.clone().unwrap_or_else(|| t!("trust-key-none"));
            line(&mut out, t!("trust-key-id"), ski);
            if a.aki.is_some() && a.aki != a.ski {
                let key = a.aki.as_deref().unwrap_or_default();
                line(&mut out, t!("trust-link"), t!("trust-signed-by", key = key));
            }
            let validity = t!("cert-validity", from = &a.not_before, to = &a.not_after);
            line(&mut out, t!("cert-valid"), validity);
            line(&mut out, t!("trust-source"), a.source.to_string());
            if a.list_verified() == Some(false) {
                line(&mut out, t!("label-warning"), t!("trust-list-unverified"));
            }
        }
        let _ = writeln!(
            out,
            "{}",
            t!(
                "trust-count",
                anchors = store.anchors().len(),
                crls = store.crls().len()
            )
        );
        super::emit(&out)?;
    }
    Ok(Code::Ok)
}
