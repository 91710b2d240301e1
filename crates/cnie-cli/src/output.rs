//! Human-readable output.

use std::fmt::Write;

use cnie::mrz::Mrz;
use cnie::{ChipStatus, VerdictStatus};

use crate::report::Report;

/// The serde name of a value (e.g. an enum variant as "not_trusted").
fn label<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => "?".to_string(),
    }
}

fn current_year() -> u32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    1970 + (secs / 31_556_952) as u32
}

/// YYMMDD to YYYY-MM-DD; `past` picks the century that puts the date in the past (birth dates).
pub fn date(yymmdd: &str, past: bool) -> String {
    let (Some(yy), Some(mm), Some(dd)) = (yymmdd.get(0..2), yymmdd.get(2..4), yymmdd.get(4..6))
    else {
        return yymmdd.to_string();
    };
    let Ok(y) = yy.parse::<u32>() else {
        return yymmdd.to_string();
    };
    let now = current_year();
    let century = if past {
        if 2000 + y > now { 1900 } else { 2000 }
    } else if 2000 + y > now + 50 {
        1900
    } else {
        2000
    };
    format!("{}-{mm}-{dd}", century + y)
}

fn row(out: &mut String, name: &str, value: impl std::fmt::Display) {
    let _ = writeln!(out, "{name:<15} {value}");
}

/// `<` separators (as in DG11 names) to spaces.
fn clean_name(text: &str) -> String {
    text.split('<')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The MRZ, one field a line.
pub fn mrz_text(mrz: &Mrz) -> String {
    let mut out = String::new();
    row(&mut out, "Format", label(&mrz.format));
    row(
        &mut out,
        "Name",
        format!("{} {}", mrz.given_names, mrz.surname).trim(),
    );
    row(&mut out, "Surname", &mrz.surname);
    row(&mut out, "Given names", &mrz.given_names);
    row(
        &mut out,
        "Document",
        format!(
            "{} ({}, issued by {})",
            mrz.document_number, mrz.document_code, mrz.issuing_state
        ),
    );
    if !mrz.optional_data_1.is_empty() {
        let name = if mrz.issuing_state == "MAR" {
            "CIN"
        } else {
            "Optional data"
        };
        row(&mut out, name, &mrz.optional_data_1);
    }
    row(
        &mut out,
        "Born",
        format!("{}  (sex {})", date(&mrz.date_of_birth, true), mrz.sex),
    );
    row(&mut out, "Expires", date(&mrz.date_of_expiry, false));
    row(&mut out, "Nationality", &mrz.nationality);
    out
}

/// The whole report of `read` or `verify`.
pub fn report_text(report: &Report, saved: bool) -> String {
    let mut out = String::new();
    if let Some(mrz) = &report.mrz {
        out.push_str(&mrz_text(mrz));
    }
    if let Some(details) = &report.additional_details {
        for other in &details.other_names {
            row(&mut out, "Other name", clean_name(other));
        }
        if let Some(place) = &details.place_of_birth {
            row(&mut out, "Place of birth", clean_name(place));
        }
        if let Some(number) = &details.personal_number
            && report
                .mrz
                .as_ref()
                .is_none_or(|m| &m.optional_data_1 != number)
        {
            row(&mut out, "Personal no.", number);
        }
        if let Some(address) = &details.address {
            row(&mut out, "Address", clean_name(address));
        }
    }
    match &report.face {
        Some(face) => match &face.path {
            Some(p) => row(
                &mut out,
                "Photo",
                format!("{p} ({}, {} bytes)", face.format, face.size),
            ),
            None if !saved => row(
                &mut out,
                "Photo",
                format!(
                    "{}, {} bytes (save it with --out DIR)",
                    face.format, face.size
                ),
            ),
            None => row(
                &mut out,
                "Photo",
                format!("{}, {} bytes", face.format, face.size),
            ),
        },
        None => row(&mut out, "Photo", "none"),
    }
    if let Some(access) = &report.access {
        row(
            &mut out,
            "Access",
            format!(
                "{} with {}",
                label(&access.protocol),
                label(&access.password)
            ),
        );
    }
    for note in &report.notes {
        row(&mut out, "Note", note);
    }
    if let Some(evidence) = &report.evidence {
        let what = match &evidence.path {
            Some(path) => format!("written to {path} ({} bytes)", evidence.size),
            None => format!(
                "bundle v{} by {}, read at {} (its file hashes and integrity digest verify)",
                evidence.format_version, evidence.tool_version, evidence.read_at
            ),
        };
        row(&mut out, "Evidence", what);
    }
    if let Some(com) = &report.com {
        let listed: Vec<&str> = com.data_groups.iter().map(|f| f.name()).collect();
        row(
            &mut out,
            "EF.COM",
            format!(
                "LDS {}, Unicode {}, lists {}",
                com.lds_version,
                com.unicode_version,
                if listed.is_empty() {
                    "nothing".to_string()
                } else {
                    listed.join(" ")
                }
            ),
        );
    }
    let pa = &report.passive_authentication;
    // In data-group order (the map is ordered by file).
    let hashes: Vec<String> = pa
        .data_group_hashes
        .iter()
        .map(|(dg, check)| format!("{} {}", dg.name(), label(check)))
        .collect();
    row(&mut out, "Hashes", hashes.join(", "));
    row(&mut out, "Signature", label(&pa.sod_signature));
    row(&mut out, "Chain", label(&pa.certificate_chain));
    let verdict = &report.verdict;
    let chip = match (verdict.chip, verdict.chip_method) {
        (ChipStatus::Genuine, Some(method)) => format!("genuine ({})", method.name()),
        (ChipStatus::Failed, Some(method)) => format!("FAILED ({})", method.name()),
        (ChipStatus::NotChecked, _) => "not checked (the card offers no chip check)".to_string(),
        (status, _) => label(&status),
    };
    row(&mut out, "Chip", chip);
    let result = match verdict.status {
        VerdictStatus::Authentic => {
            "AUTHENTIC: data signed by a trusted issuer, intact and complete"
        }
        VerdictStatus::Invalid => "INVALID: do not rely on this document",
        VerdictStatus::NotTrusted => {
            "NOT TRUSTED: data intact and signed, but the signer is not among the trusted anchors (add --trust)"
        }
        VerdictStatus::Incomplete => "INCOMPLETE: nothing failed, but required data was not read",
    };
    row(&mut out, "Result", result);
    for reason in &verdict.reasons {
        row(&mut out, "", format!("- {reason}"));
    }
    for warning in &verdict.warnings {
        row(&mut out, "Warning", warning);
    }
    for reason in &pa.reasons {
        row(&mut out, "Detail", reason);
    }
    for problem in &report.problems {
        row(&mut out, "Problem", problem);
    }
    for s in &report.skipped {
        row(&mut out, "Skipped", format!("{}: {}", s.file, s.reason));
    }
    if let Some(stats) = &report.stats {
        row(
            &mut out,
            "Read",
            format!(
                "{} APDUs, {} bytes in, {} bytes out, {} ms ({} APDUs)",
                stats.apdus,
                stats.bytes_received,
                stats.bytes_sent,
                stats.elapsed_ms,
                if stats.extended_length {
                    "extended"
                } else {
                    "short"
                }
            ),
        );
    }
    out
}
