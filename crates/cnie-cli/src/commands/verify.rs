//! `cnie verify DIR`: offline passive authentication of a dump folder.

use super::analysis;
use crate::args::VerifyArgs;
use crate::exit::{Code, Failure};
use crate::{dump, output};

pub fn run(args: &VerifyArgs) -> Result<Code, Failure> {
    let trust = analysis::trust_store(&args.trust)?;
    let files = dump::load(&args.dir)?;
    let report = analysis::analyse(&files, &trust);
    if args.json {
        super::print_json(&report)?;
    } else {
        super::emit(&output::report_text(&report, false))?;
    }
    Ok(report.code())
}
