//! `cnie verify DIR|FILE`: the verdict on a dump folder or an evidence bundle, offline:
//! passive authentication, required files, and the Active Authentication answer kept in
//! the dump or the bundle (a bundle's file hashes and integrity digest first).

use super::analysis;
use crate::args::VerifyArgs;
use crate::exit::{Code, Failure};
use crate::private_file::Existing;
use crate::{dump, evidence, output, report};

pub fn run(args: &VerifyArgs, json: bool) -> Result<Code, Failure> {
    let existing = Existing::from_flag(args.force_overwrite);
    super::views::check(&args.views, existing)?;
    let trust = analysis::trust_store(&args.trust)?;
    let (policy, at) = analysis::policy(&args.verdict)?;
    // A file is an evidence bundle; anything else a dump folder.
    let (document, bundle) = if args.dir.is_file() {
        let (evidence, out) = evidence::load(&args.dir)?;
        (evidence.document(), Some(out))
    } else {
        let (files, active_authentication, card_access) = dump::load(&args.dir)?;
        let mut document = cnie::Document::from_files(files, active_authentication);
        document.card_access = card_access;
        (document, None)
    };
    let mut report = report::build(&document, &trust, &policy, at);
    report.evidence = bundle;
    super::views::write(&args.views, &mut report, existing)?;
    if json {
        super::print_json(&report)?;
    } else {
        super::emit(&output::report_text(&report, false, None))?;
    }
    Ok(report.code())
}
