//! `cnie mrz`: parse and check a machine readable zone.

use std::io::Read;

use crate::exit::{Code, Failure};

pub fn run(lines: &[String], json: bool) -> Result<Code, Failure> {
    let input = if lines.is_empty() || lines == ["-"] {
        let mut s = String::new();
        std::io::stdin()
            .take(4096)
            .read_to_string(&mut s)
            .map_err(|e| Failure::new(Code::Io, format!("cannot read stdin: {e}")))?;
        s
    } else {
        lines.join("\n")
    };
    let mrz = cnie::mrz::parse(&input)
        .map_err(|e| Failure::new(Code::BadInput, format!("invalid MRZ: {e}")))?;
    if json {
        super::print_json(&mrz)?;
    } else {
        let text = crate::output::mrz_text(&mrz);
        super::emit(&format!("{text}{:<15} all check digits valid\n", "Checks"))?;
    }
    Ok(Code::Ok)
}
