//! Human-readable output.

use std::fmt::Write;

use crate::names::password_name;
use cnie::mrz::Mrz;
use cnie::pa::{ChainCheck, HashCheck, SignatureCheck};
use cnie::verdict::ChipMethod;
use cnie::{ChipStatus, Reason, VerdictStatus};

use crate::report::Report;

/// The serde name of a value (e.g. an enum variant as "not_trusted").
pub fn label<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => "?".to_string(),
    }
}

/// A date as ISO 8601 when the library could decide its century, else as read.
pub fn date<'a>(iso: Option<&'a str>, raw: &'a str) -> &'a str {
    iso.unwrap_or(raw)
}

/// The width of the label column.
const LABEL_WIDTH: usize = 20;

/// One `label  value` line; `label` is a message id's text, padded by characters (not
/// bytes, so Arabic labels line up too).
pub fn row(out: &mut String, name: &str, value: impl std::fmt::Display) {
    let value = crate::i18n::ltr_value(&value.to_string());
    let _ = writeln!(out, "{} {value}", crate::i18n::pad(name, LABEL_WIDTH - 1));
}

/// `<` separators (as in DG11 names) to spaces.
pub fn clean_name(text: &str) -> String {
    text.split('<')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A hash check, in words.
pub fn hash_word(check: HashCheck) -> String {
    match check {
        HashCheck::Match => t!("hash-match"),
        HashCheck::Mismatch => t!("hash-mismatch"),
        HashCheck::NotRead => t!("hash-not-read"),
    }
}

/// The SOD signature check, in words.
pub fn signature_word(check: SignatureCheck) -> String {
    match check {
        SignatureCheck::Valid => t!("signature-valid"),
        SignatureCheck::Invalid => t!("signature-invalid"),
    }
}

/// A certificate chain check, in words.
pub fn chain_word(check: ChainCheck) -> String {
    match check {
        ChainCheck::Valid => t!("chain-valid"),
        ChainCheck::NotTrusted => t!("chain-not-trusted"),
        ChainCheck::Expired => t!("chain-expired"),
        ChainCheck::Revoked => t!("chain-revoked"),
        ChainCheck::Invalid => t!("chain-invalid"),
    }
}

/// The verdict line (`AUTHENTIC: …`).
pub fn verdict_line(status: VerdictStatus) -> String {
    match status {
        VerdictStatus::Authentic => t!("verdict-authentic"),
        VerdictStatus::Invalid => t!("verdict-invalid"),
        VerdictStatus::NotTrusted => t!("verdict-not-trusted"),
        VerdictStatus::Incomplete => t!("verdict-incomplete"),
    }
}

/// The verdict in one word or two (`AUTHENTIC`), e.g. for a badge.
pub fn verdict_word(status: VerdictStatus) -> String {
    match status {
        VerdictStatus::Authentic => t!("verdict-word-authentic"),
        VerdictStatus::Invalid => t!("verdict-word-invalid"),
        VerdictStatus::NotTrusted => t!("verdict-word-not-trusted"),
        VerdictStatus::Incomplete => t!("verdict-word-incomplete"),
    }
}

/// The chip check's line.
pub fn chip_line(chip: ChipStatus, method: Option<ChipMethod>) -> String {
    match (chip, method) {
        (ChipStatus::Genuine, Some(m)) => t!("chip-genuine", method = m.name()),
        (ChipStatus::Failed, Some(m)) => t!("chip-failed", method = m.name()),
        (ChipStatus::NotChecked, _) => t!("chip-not-checked"),
        (ChipStatus::Genuine, None) => t!("chip-genuine-plain"),
        (ChipStatus::Failed, None) => t!("chip-failed-plain"),
    }
}

/// A verdict reason (or warning), in words; the library's detail (`why`) stays as it
/// says it.
pub fn reason_text(reason: &Reason) -> String {
    match reason {
        Reason::MissingRequired(f) => t!("reason-missing-required", file = f.name()),
        Reason::NotRead(f) => t!("reason-not-read", file = f.name()),
        Reason::NotInSod(f) => t!("reason-not-in-sod", file = f.name()),
        Reason::HashMismatch(f) => t!("reason-hash-mismatch", file = f.name()),
        Reason::SodSignature(why) => t!("reason-sod-signature", detail = why),
        Reason::ComMalformed(why) => t!("reason-com-malformed", detail = why),
        Reason::CertificateChain(why) => t!("reason-certificate-chain", detail = why),
        Reason::NotTrusted => t!("reason-not-trusted"),
        Reason::IssuingStateMismatch { document, csca } => {
            t!(
                "reason-issuing-state-mismatch",
                document = document,
                csca = csca
            )
        }
        Reason::ChipFailed { method, detail } => {
            t!(
                "reason-chip-failed",
                method = method.name(),
                detail = detail
            )
        }
        Reason::CardSecurityChain(why) => t!("reason-card-security-chain", detail = why),
        Reason::DocumentExpired(date) => t!("reason-document-expired", date = date),
        Reason::Downgraded => t!("reason-downgraded"),
        Reason::ChipNotChecked => t!("reason-chip-not-checked"),
        Reason::WeakAlgorithm(what) => t!("reason-weak-algorithm", detail = what),
        Reason::ExpiredSince(what) => t!("reason-expired-since", detail = what),
        Reason::RevocationNotChecked => t!("reason-revocation-not-checked"),
        Reason::TerminalAuthenticationRequired(f) => {
            t!("reason-terminal-authentication", file = f.name())
        }
        // A reason added to the library since: its English words.
        other => other.to_string(),
    }
}

/// The MRZ, one field a line.
pub fn mrz_text(mrz: &Mrz) -> String {
    let mut out = String::new();
    row(&mut out, &t!("label-format"), label(&mrz.format));
    row(
        &mut out,
        &t!("label-name"),
        format!("{} {}", mrz.given_names, mrz.surname).trim(),
    );
    row(&mut out, &t!("label-surname"), &mrz.surname);
    row(&mut out, &t!("label-given-names"), &mrz.given_names);
    row(
        &mut out,
        &t!("label-document"),
        t!(
            "document-line",
            number = &mrz.document_number,
            code = &mrz.document_code,
            state = &mrz.issuing_state
        ),
    );
    if !mrz.optional_data_1.is_empty() {
        let name = if mrz.issuing_state == "MAR" {
            t!("label-cin")
        } else {
            t!("label-optional-data")
        };
        row(&mut out, &name, &mrz.optional_data_1);
    }
    row(
        &mut out,
        &t!("label-born"),
        t!(
            "born-line",
            date = date(mrz.date_of_birth_iso.as_deref(), &mrz.date_of_birth),
            sex = &mrz.sex
        ),
    );
    row(
        &mut out,
        &t!("label-expires"),
        date(mrz.date_of_expiry_iso.as_deref(), &mrz.date_of_expiry),
    );
    row(&mut out, &t!("label-nationality"), &mrz.nationality);
    out
}

/// The whole report of `read` or `verify`. `saved`: the face was written somewhere;
/// `save_hint`: the option that would save it (`None` when the command has none).
pub fn report_text(report: &Report, saved: bool, save_hint: Option<&str>) -> String {
    let mut out = String::new();
    if let Some(mrz) = &report.mrz {
        out.push_str(&mrz_text(mrz));
    }
    if let Some(details) = &report.additional_details {
        for other in &details.other_person_names {
            let name = format!("{} {}", other.surname, other.given_names);
            row(&mut out, &t!("label-other-name"), name.trim());
        }
        if let Some(place) = &details.place_of_birth {
            row(&mut out, &t!("label-place-of-birth"), clean_name(place));
        }
        if let Some(number) = &details.personal_number
            && report
                .mrz
                .as_ref()
                .is_none_or(|m| &m.optional_data_1 != number)
        {
            row(&mut out, &t!("label-personal-number"), number);
        }
        if let Some(address) = &details.address {
            row(&mut out, &t!("label-address"), clean_name(address));
        }
    }
    let photo = t!("label-photo");
    match &report.face {
        Some(face) => match (face.path.as_ref().or(face.photo_path.as_ref()), save_hint) {
            (Some(p), _) => row(
                &mut out,
                &photo,
                t!(
                    "photo-saved",
                    path = p,
                    format = &face.format,
                    size = face.size
                ),
            ),
            (None, Some(option)) if !saved => row(
                &mut out,
                &photo,
                t!(
                    "photo-not-saved",
                    format = &face.format,
                    size = face.size,
                    option = option
                ),
            ),
            (None, _) => row(
                &mut out,
                &photo,
                t!("photo-line", format = &face.format, size = face.size),
            ),
        },
        None => row(&mut out, &photo, t!("photo-none")),
    }
    if let Some(access) = &report.access {
        row(&mut out, &t!("label-access"), access_line(access));
    }
    for note in &report.notes {
        row(&mut out, &t!("label-note"), note);
    }
    if let Some(evidence) = &report.evidence {
        let what = match &evidence.path {
            Some(path) => t!("evidence-written", path = path, size = evidence.size),
            None => t!(
                "evidence-checked",
                version = evidence.format_version.to_string(),
                tool = &evidence.tool_version,
                date = &evidence.read_at
            ),
        };
        row(&mut out, &t!("label-evidence"), what);
    }
    if let Some(com) = &report.com {
        let listed: Vec<&str> = com.data_groups.iter().map(|f| f.name()).collect();
        let files = if listed.is_empty() {
            t!("com-lists-nothing")
        } else {
            listed.join(" ")
        };
        row(
            &mut out,
            "EF.COM",
            t!(
                "com-line",
                lds = &com.lds_version,
                unicode = &com.unicode_version,
                files = files
            ),
        );
    }
    let pa = &report.passive_authentication;
    // In data-group order (the map is ordered by file).
    let hashes: Vec<String> = pa
        .data_group_hashes
        .iter()
        .map(|(dg, check)| format!("{} {}", dg.name(), hash_word(*check)))
        .collect();
    row(&mut out, &t!("label-hashes"), hashes.join(", "));
    row(
        &mut out,
        &t!("label-signature"),
        signature_word(pa.sod_signature),
    );
    row(
        &mut out,
        &t!("label-chain"),
        chain_word(pa.certificate_chain),
    );
    let verdict = &report.verdict;
    row(
        &mut out,
        &t!("label-chip"),
        chip_line(verdict.chip, verdict.chip_method),
    );
    let result = crate::color::verdict(verdict.status, &verdict_line(verdict.status));
    row(&mut out, &t!("label-result"), result);
    for reason in &verdict.reasons {
        row(&mut out, "", format!("- {}", reason_text(reason)));
    }
    for warning in &verdict.warnings {
        row(&mut out, &t!("label-warning"), reason_text(warning));
    }
    for reason in &pa.reasons {
        row(&mut out, &t!("label-detail"), reason);
    }
    for problem in &report.problems {
        row(&mut out, &t!("label-problem"), problem);
    }
    for s in &report.skipped {
        row(
            &mut out,
            &t!("label-skipped"),
            format!("{}: {}", s.file, s.reason),
        );
    }
    if let Some(stats) = &report.stats {
        row(&mut out, &t!("label-read"), stats_line(stats));
    }
    out
}

/// How the chip was opened (`PACE with the CAN`).
pub fn access_line(access: &cnie::session::Access) -> String {
    t!(
        "access-line",
        protocol = label(&access.protocol),
        password = password_name(access.password)
    )
}

/// The exchange figures of a read.
pub fn stats_line(stats: &crate::report::StatsOut) -> String {
    let mode = if stats.extended_length {
        t!("apdu-extended")
    } else {
        t!("apdu-short")
    };
    t!(
        "stats-line",
        apdus = stats.apdus,
        received = stats.bytes_received,
        sent = stats.bytes_sent,
        ms = stats.elapsed_ms,
        mode = mode
    )
}
