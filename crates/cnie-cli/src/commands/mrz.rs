//! `cnie mrz`: parse and check a machine readable zone.

use std::io::Read;

use crate::exit::{Code, Failure};

/// The most `cnie mrz -` reads from standard input (an MRZ is at most 90 characters;
/// more is refused as an invalid MRZ, exit 3).
pub const MAX_STDIN: usize = 64 * 1024;

pub fn run(lines: &[String], json: bool) -> Result<Code, Failure> {
    let input = if lines.is_empty() || lines == ["-"] {
        stdin_text()?
    } else {
        lines.join("\n")
    };
    let mrz = cnie::mrz::parse(&input)
        .map_err(|e| Failure::new(Code::BadInput, t!("error-mrz", detail = e.to_string())))?;
    if json {
        super::print_json(&mrz)?;
    } else {
        let text = crate::output::mrz_text(&mrz);
        let mut text = text;
        crate::output::row(&mut text, &t!("label-checks"), t!("mrz-checks"));
        super::emit(&text)?;
    }
    Ok(Code::Ok)
}

/// All of standard input, up to [`MAX_STDIN`] bytes: more, or bytes that are not UTF-8
/// text, is an invalid MRZ (exit 3); only a failing read is an I/O error (exit 11).
fn stdin_text() -> Result<String, Failure> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_STDIN as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::new(Code::Io, t!("error-stdin", detail = e.to_string())))?;
    if bytes.len() > MAX_STDIN {
        return Err(Failure::new(
            Code::BadInput,
            t!("error-mrz-stdin-too-long", kib = MAX_STDIN / 1024),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        Failure::new(
            Code::BadInput,
            t!(
                "error-mrz-stdin-not-utf8",
                byte = e.utf8_error().valid_up_to() + 1
            ),
        )
    })
}
