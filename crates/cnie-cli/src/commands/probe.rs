//! `cnie probe`: what an unknown card answers (ATR, EF.CardAccess,
//! EF.ATR/INFO, EF.DIR, the well-known applications and every status word),
//! with no PIN or access key, nothing written and no personal data, so that
//! the report can be shared to confirm the real CNIE layout.

use crate::args::Trace;
use std::fmt::Write as _;

use cnie::probe::{FileReport, ProbeReport};

use crate::args::ProbeArgs;
use crate::exit::{self, Code, Failure};
use crate::private_file::{self, Existing};

/// The JSON report: the reader's name and the probe.
#[derive(serde::Serialize)]
struct Output<'a> {
    reader: &'a str,
    #[serde(flatten)]
    probe: &'a ProbeReport,
}

/// Runs `cnie probe`; `trace` prints every APDU to stderr.
pub fn run(args: &ProbeArgs, trace: Trace) -> Result<Code, Failure> {
    let existing = Existing::from_flag(args.force_overwrite);
    // An existing report file is refused before the card is touched.
    if let Some(path) = &args.out {
        private_file::check_target(path, existing)?;
    }
    let transport =
        super::connect::transport(args.reader.as_deref(), args.wait, args.card_timeout)?;
    let reader = transport.reader_name().to_string();
    let mut card = super::connect::card(transport, trace);
    let report = cnie::probe::probe(&mut card).map_err(|e| exit::transport(&e))?;
    let output = Output {
        reader: &reader,
        probe: &report,
    };
    if let Some(path) = &args.out {
        let json = serde_json::to_vec_pretty(&output)
            .map_err(|e| super::json_failure(&e))?;
        private_file::write(path, &json, existing)?;
    }
    if args.json {
        super::print_json(&output)?;
    } else {
        let mut text = report_text(&reader, &report);
        if let Some(path) = &args.out {
            let _ = writeln!(text, "Report written to {}", path.display());
        }
        super::emit(&text)?;
    }
    Ok(Code::Ok)
}

fn yes_no(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "yes",
        Some(false) => "no",
        None => "not said",
    }
}

/// "read (sfi 1C, 22 bytes, 6282)" or "not found (6A82)".
fn file_status<P>(file: &FileReport<P>) -> String {
    let sw = file.sw.as_deref().unwrap_or("no answer");
    if !file.found {
        return match &file.error {
            Some(e) => format!("not read ({e})"),
            None => format!("not found ({sw})"),
        };
    }
    let mut s = format!(
        "read ({}, {} bytes, {}",
        file.via.as_deref().unwrap_or("?"),
        file.size,
        file.structure.unwrap_or("?")
    );
    if file.truncated {
        s.push_str(", truncated");
    }
    s.push(')');
    if let Some(e) = &file.parse_error {
        let _ = write!(s, "; not understood: {e}");
    }
    s
}

fn row(out: &mut String, name: &str, value: impl std::fmt::Display) {
    let _ = writeln!(out, "{name:<15} {value}");
}

/// The human-readable report: one line per file, one line per application tried.
fn report_text(reader: &str, r: &ProbeReport) -> String {
    let mut out = String::new();
    row(&mut out, "Reader", reader);
    match &r.atr {
        Some(atr) => row(
            &mut out,
            "ATR",
            format!(
                "{} (historical bytes {}, extended length {})",
                atr.hex,
                atr.historical_bytes.as_deref().unwrap_or("malformed"),
                yes_no(atr.extended_length)
            ),
        ),
        None => row(&mut out, "ATR", "unknown"),
    }

    row(&mut out, "EF.CardAccess", file_status(&r.card_access));
    if let Some(ca) = &r.card_access.parsed {
        for info in &ca.infos {
            let mut line = format!("  {} {}", info.kind, info.oid);
            if let Some(p) = &info.protocol {
                let _ = write!(line, " {p}");
            }
            if let Some(d) = info.domain {
                let _ = write!(line, " {d}");
            }
            if let Some(id) = info.parameter_id {
                let _ = write!(line, " (id {id})");
            }
            let _ = writeln!(out, "{line}");
        }
    }

    row(
        &mut out,
        "Master file",
        format!("SELECT {}", r.master_file.as_deref().unwrap_or("not sent")),
    );

    row(&mut out, "EF.ATR/INFO", file_status(&r.atr_info));
    if let Some(info) = &r.atr_info.parsed {
        if info.max_command_apdu.is_some() || info.max_response_apdu.is_some() {
            let n = |v: Option<u64>| v.map_or("?".to_string(), |v| v.to_string());
            let _ = writeln!(
                out,
                "  largest APDUs: command {} bytes, response {} bytes",
                n(info.max_command_apdu),
                n(info.max_response_apdu)
            );
        }
        if let Some(caps) = &info.card_capabilities {
            let _ = writeln!(out, "  card capabilities: {caps}");
        }
    }

    row(&mut out, "EF.DIR", file_status(&r.ef_dir));
    if let Some(dir) = &r.ef_dir.parsed {
        for app in &dir.applications {
            let _ = writeln!(
                out,
                "  {} {}",
                app.aid.as_deref().unwrap_or("(no AID)"),
                app.label.as_deref().unwrap_or("")
            );
        }
    }

    let _ = writeln!(out, "Applications (SELECT by AID):");
    for app in &r.applications {
        let sw = app.sw.as_deref().unwrap_or("----");
        let mut line = format!("  {sw}  {:<32}  {}", app.aid, app.name);
        if app.selected {
            line.push_str(": selected");
            if let Some(fci) = &app.fci {
                let _ = write!(line, ", FCI {fci}");
            }
        } else if let Some(e) = &app.error {
            let _ = write!(line, ": {e}");
        } else {
            let _ = write!(line, ": {}", app.status);
        }
        if app.p2 != "00" {
            let _ = write!(line, " (P2={})", app.p2);
        }
        let _ = writeln!(out, "{line}");
    }

    let _ = writeln!(
        out,
        "{} commands sent{}; no PIN asked, nothing written, no personal data read.",
        r.status_words.len(),
        if r.apdu_limit_reached {
            " (limit reached)"
        } else {
            ""
        }
    );
    let _ = writeln!(
        out,
        "Share the output of `cnie probe --json` to help confirm the card's layout."
    );
    out
}
