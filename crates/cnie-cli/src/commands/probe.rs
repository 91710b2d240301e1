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
pub fn run(args: &ProbeArgs, trace: Trace, json: bool) -> Result<Code, Failure> {
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
        let json = serde_json::to_vec_pretty(&output).map_err(|e| super::json_failure(&e))?;
        private_file::write(path, &json, existing)?;
    }
    if json {
        super::print_json(&output)?;
    } else {
        let mut text = report_text(&reader, &report);
        if let Some(path) = &args.out {
            let _ = writeln!(
                text,
                "{}",
                t!("probe-written", path = path.display().to_string())
            );
        }
        super::emit(&text)?;
    }
    Ok(Code::Ok)
}

fn yes_no(value: Option<bool>) -> String {
    match value {
        Some(true) => t!("yes"),
        Some(false) => t!("no"),
        None => t!("not-said"),
    }
}

/// "read (sfi 1C, 22 bytes, 6282)" or "not found (6A82)".
fn file_status<P>(file: &FileReport<P>) -> String {
    let sw = file.sw.clone().unwrap_or_else(|| t!("probe-no-answer"));
    if !file.found {
        return match &file.error {
            Some(e) => t!("probe-file-not-read", detail = e.to_string()),
            None => t!("probe-file-not-found", sw = sw),
        };
    }
    let mut s = t!(
        "probe-file-read",
        via = file.via.as_deref().unwrap_or("?"),
        size = file.size,
        structure = file.structure.unwrap_or("?")
    );
    if file.truncated {
        let _ = write!(s, " {}", t!("probe-truncated"));
    }
    if let Some(e) = &file.parse_error {
        let _ = write!(
            s,
            "; {}",
            t!("probe-not-understood", detail = e.to_string())
        );
    }
    s
}

use crate::output::row;

/// The human-readable report: one line per file, one line per application tried.
fn report_text(reader: &str, r: &ProbeReport) -> String {
    let mut out = String::new();
    row(&mut out, &t!("probe-reader"), reader);
    match &r.atr {
        Some(atr) => {
            let historical = atr
                .historical_bytes
                .clone()
                .unwrap_or_else(|| t!("probe-malformed"));
            row(
                &mut out,
                "ATR",
                t!(
                    "probe-atr",
                    hex = &atr.hex,
                    historical = historical,
                    extended = yes_no(atr.extended_length)
                ),
            )
        }
        None => row(&mut out, "ATR", t!("probe-unknown")),
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

    let master = r
        .master_file
        .clone()
        .unwrap_or_else(|| t!("probe-not-sent"));
    row(
        &mut out,
        &t!("probe-master-file"),
        format!("SELECT {master}"),
    );

    row(&mut out, "EF.ATR/INFO", file_status(&r.atr_info));
    if let Some(info) = &r.atr_info.parsed {
        if info.max_command_apdu.is_some() || info.max_response_apdu.is_some() {
            let n = |v: Option<u64>| v.map_or("?".to_string(), |v| v.to_string());
            let _ = writeln!(
                out,
                "  {}",
                t!(
                    "probe-largest-apdus",
                    command = n(info.max_command_apdu),
                    response = n(info.max_response_apdu)
                )
            );
        }
        if let Some(caps) = &info.card_capabilities {
            let _ = writeln!(
                out,
                "  {}",
                t!("probe-capabilities", caps = caps.to_string())
            );
        }
    }

    row(&mut out, "EF.DIR", file_status(&r.ef_dir));
    if let Some(dir) = &r.ef_dir.parsed {
        for app in &dir.applications {
            let _ = writeln!(
                out,
                "  {} {}",
                app.aid.clone().unwrap_or_else(|| t!("probe-no-aid")),
                app.label.as_deref().unwrap_or("")
            );
        }
    }

    let _ = writeln!(out, "{}", t!("probe-applications"));
    for app in &r.applications {
        let sw = app.sw.as_deref().unwrap_or("----");
        let mut line = format!("  {sw}  {:<32}  {}", app.aid, app.name);
        if app.selected {
            let _ = write!(line, ": {}", t!("probe-selected"));
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

    let summary = if r.apdu_limit_reached {
        t!("probe-summary-limit", n = r.status_words.len())
    } else {
        t!("probe-summary", n = r.status_words.len())
    };
    let _ = writeln!(out, "{summary}");
    let _ = writeln!(out, "{}", t!("probe-share"));
    out
}
