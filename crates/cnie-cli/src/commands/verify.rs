//! `cnie verify DIR`: the verdict on a dump folder, offline: passive authentication,
//! required files, and the Active Authentication answer kept in the dump.

use super::analysis;
use crate::args::VerifyArgs;
use crate::exit::{Code, Failure};
use crate::private_file::Existing;
use crate::{dump, output, report};

pub fn run(args: &VerifyArgs, json: bool) -> Result<Code, Failure> {
    let existing = Existing::from_flag(args.force_overwrite);
    super::views::check(&args.views, existing)?;
    let trust = analysis::trust_store(&args.trust)?;
    let (policy, at) = analysis::policy(&args.verdict)?;
    let (files, active_authentication) = dump::load(&args.dir)?;
    let document = cnie::Document::from_files(files, active_authentication);
    let mut report = report::build(&document, &trust, &policy, at);
    super::views::write(&args.views, &mut report, existing)?;
    if json {
        super::print_json(&report)?;
    } else {
        super::emit(&output::report_text(&report, false, None))?;
    }
    Ok(report.code())
}
