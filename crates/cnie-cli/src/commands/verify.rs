//! `cnie verify DIR|FILE`: the verdict on a dump folder or an evidence bundle, offline:
//! passive authentication, required files, and the Active Authentication answer kept in
//! the dump or the bundle (a bundle's file hashes and integrity digest first).

use super::analysis;
use crate::args::VerifyArgs;
use crate::exit::{Code, Failure};
use crate::{dump, evidence, output, report};

pub fn run(args: &VerifyArgs) -> Result<Code, Failure> {
    let trust = analysis::trust_store(&args.trust)?;
    let (policy, at) = analysis::policy(&args.verdict)?;
    // A file is an evidence bundle; anything else a dump folder.
    let (document, bundle) = if args.dir.is_file() {
        let (evidence, out) = evidence::load(&args.dir)?;
        (evidence.document(), Some(out))
    } else {
        let (files, active_authentication) = dump::load(&args.dir)?;
        let document = cnie::Document::from_files(files, active_authentication);
        (document, None)
    };
    let mut report = report::build(&document, &trust, &policy, at);
    report.evidence = bundle;
    if args.json {
        super::print_json(&report)?;
    } else {
        super::emit(&output::report_text(&report, false))?;
    }
    Ok(report.code())
}
