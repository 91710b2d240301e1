//! The HTML report (`--html FILE`): one self-contained page for the person at the
//! counter. No network and no script: inline CSS, the face as a `data:` PNG, a
//! Content-Security-Policy that allows nothing else, the technical details in a
//! `<details>`. Every value from the card is escaped ([`escape`]): the card is hostile.
//! Labels come from the translations (`html-*` and the report's own messages), and
//! `<html lang dir>` follows the language in use.

use std::fmt::Write;

use cnie::VerdictStatus;
use cnie::lds::photo::Photo;

use crate::output;
use crate::report::Report;

/// The page's Content-Security-Policy: images only from `data:`, inline style, nothing
/// else (no script, no font, no connection).
pub const CSP: &str = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

/// Text as HTML (element content and quoted attribute values).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Controls (bar tab and newline) have no business in a page.
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Whether `text` holds Arabic script (the Arabic blocks and presentation forms).
fn is_arabic(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c as u32,
            0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF)
    })
}

/// A value from the card: Arabic right to left with its language, anything else
/// isolated in its own direction (`<bdi>`), so that a Latin name reads right in an
/// Arabic page and the other way round.
fn value(text: &str) -> String {
    if is_arabic(text) {
        format!(r#"<span dir="rtl" lang="ar">{}</span>"#, escape(text))
    } else {
        format!("<bdi>{}</bdi>", escape(text))
    }
}

/// The badge's class: green, amber or red.
fn badge_class(status: VerdictStatus) -> &'static str {
    match status {
        VerdictStatus::Authentic => "ok",
        VerdictStatus::NotTrusted | VerdictStatus::Incomplete => "warn",
        VerdictStatus::Invalid => "bad",
    }
}

/// A check's mark: passed, failed or neither.
#[derive(Clone, Copy)]
enum Mark {
    Pass,
    Fail,
    Neutral,
}

impl Mark {
    fn class(self) -> &'static str {
        match self {
            Mark::Pass => "pass",
            Mark::Fail => "fail",
            Mark::Neutral => "neutral",
        }
    }

    fn symbol(self) -> &'static str {
        match self {
            Mark::Pass => "✓",
            Mark::Fail => "✗",
            Mark::Neutral => "–",
        }
    }
}

const STYLE: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #eef1f5; color: #1d2733;
  font: 15px/1.5 "DejaVu Sans", "Noto Sans", "Noto Naskh Arabic", Arial, sans-serif; }
main { max-width: 860px; margin: 24px auto; background: #fff; border-radius: 12px;
  box-shadow: 0 2px 12px rgba(20, 40, 70, .12); overflow: hidden; }
header { display: flex; align-items: center; justify-content: space-between; gap: 16px;
  padding: 18px 28px; background: #17324d; color: #fff; }
header h1 { font-size: 19px; margin: 0; font-weight: 600; }
header .sub { font-size: 13px; opacity: .8; }
.badge { display: inline-block; padding: 8px 18px; border-radius: 999px; font-weight: 700;
  font-size: 17px; letter-spacing: .03em; color: #fff; white-space: nowrap; }
.badge.ok { background: #1e8e3e; } .badge.warn { background: #c77700; } .badge.bad { background: #c5221f; }
.verdict { padding: 14px 28px; border-bottom: 1px solid #e3e7ed; }
.verdict.ok { background: #e6f4ea; } .verdict.warn { background: #fef4e0; } .verdict.bad { background: #fce8e6; }
.verdict p { margin: 0; font-weight: 600; }
.verdict ul { margin: 6px 0 0; padding-inline-start: 22px; }
.verdict li.warning { color: #6b5200; }
.holder { display: flex; gap: 28px; padding: 24px 28px; align-items: flex-start; }
.face { flex: 0 0 auto; width: 200px; }
.face img { display: block; width: 200px; height: auto; border-radius: 6px;
  border: 1px solid #cfd6df; background: #f4f6f9; }
.face .none { width: 200px; height: 256px; display: flex; align-items: center;
  justify-content: center; border: 1px dashed #aab4c0; border-radius: 6px; color: #6b7785; }
dl.fields { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: 6px 18px; flex: 1; }
dl.fields dt { color: #5b6776; }
dl.fields dd { margin: 0; font-weight: 600; }
dl.fields dd.name { font-size: 20px; }
section.checks { padding: 4px 28px 20px; }
h2 { font-size: 15px; text-transform: uppercase; letter-spacing: .06em; color: #5b6776;
  margin: 12px 0 8px; }
table { border-collapse: collapse; width: 100%; }
td { padding: 7px 10px; border-top: 1px solid #e3e7ed; vertical-align: top; }
td.mark { width: 28px; font-weight: 700; text-align: center; }
td.pass { color: #1e8e3e; } td.fail { color: #c5221f; } td.neutral { color: #8a94a1; }
td.what { color: #5b6776; width: 34%; }
details { margin: 0 28px 24px; border: 1px solid #e3e7ed; border-radius: 8px; padding: 8px 14px; }
summary { cursor: pointer; font-weight: 600; color: #17324d; }
details dl.fields { margin-top: 10px; font-size: 13px; }
details dd { font-weight: 400; word-break: break-all; }
footer { padding: 10px 28px 16px; font-size: 12px; color: #8a94a1; }
"#;

/// The page for `report`, with `photo` as the face (when it decoded).
pub fn render(report: &Report, photo: Option<&Photo>) -> String {
    let lang = crate::i18n::lang();
    let status = report.verdict.status;
    let class = badge_class(status);
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<!DOCTYPE html>
<html lang="{lang}" dir="{dir}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{title}</title>
<style>{STYLE}</style>
</head>
<body>
<main>
<header><div><h1>{title}</h1><div class="sub">{sub}</div></div><span class="badge {class}" id="verdict">{word}</span></header>
"#,
        lang = lang.code(),
        dir = if lang.rtl() { "rtl" } else { "ltr" },
        title = escape(&t!("html-title")),
        sub = escape(&t!("html-subtitle")),
        word = escape(&output::verdict_word(status)),
    );
    verdict_section(&mut out, report, class);
    holder_section(&mut out, report, photo);
    checks_section(&mut out, report);
    details_section(&mut out, report, photo);
    let _ = write!(
        out,
        "<footer>{}</footer>\n</main>\n</body>\n</html>\n",
        escape(&t!("html-footer", version = env!("CARGO_PKG_VERSION")))
    );
    out
}

fn verdict_section(out: &mut String, report: &Report, class: &str) {
    let verdict = &report.verdict;
    let _ = write!(
        out,
        r#"<section class="verdict {class}"><p id="verdict-text">{}</p>"#,
        escape(&output::verdict_line(verdict.status))
    );
    if !verdict.reasons.is_empty() || !verdict.warnings.is_empty() {
        out.push_str("<ul>");
        for reason in &verdict.reasons {
            let _ = write!(out, "<li>{}</li>", escape(&output::reason_text(reason)));
        }
        for warning in &verdict.warnings {
            let _ = write!(
                out,
                r#"<li class="warning">{}</li>"#,
                escape(&output::reason_text(warning))
            );
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>\n");
}

/// `<dt>label</dt><dd>value</dd>`; `value` is already HTML.
fn field(out: &mut String, label: &str, html_value: &str) {
    let _ = write!(out, "<dt>{}</dt><dd>{html_value}</dd>", escape(label));
}

fn holder_section(out: &mut String, report: &Report, photo: Option<&Photo>) {
    out.push_str(r#"<section class="holder"><div class="face">"#);
    match photo {
        Some(photo) => {
            let _ = write!(
                out,
                r#"<img id="face" alt="{}" width="{}" height="{}" src="data:image/png;base64,{}">"#,
                escape(&t!("label-photo")),
                photo.width,
                photo.height,
                crate::photo::base64(&photo.png)
            );
        }
        None => {
            let _ = write!(
                out,
                r#"<div class="none">{}</div>"#,
                escape(&t!("html-no-photo"))
            );
        }
    }
    out.push_str(r#"</div><dl class="fields">"#);
    if let Some(mrz) = &report.mrz {
        let name = format!("{} {}", mrz.given_names, mrz.surname);
        let _ = write!(
            out,
            r#"<dt>{}</dt><dd class="name">{}</dd>"#,
            escape(&t!("label-name")),
            value(name.trim())
        );
    }
    if let Some(details) = &report.additional_details {
        for other in &details.other_names {
            let _ = write!(
                out,
                r#"<dt>{}</dt><dd class="name">{}</dd>"#,
                escape(&t!("label-other-name")),
                value(&output::clean_name(other))
            );
        }
    }
    if let Some(mrz) = &report.mrz {
        let document = t!(
            "document-line",
            number = &mrz.document_number,
            code = &mrz.document_code,
            state = &mrz.issuing_state
        );
        field(out, &t!("label-document"), &value(&document));
        if !mrz.optional_data_1.is_empty() {
            let name = if mrz.issuing_state == "MAR" {
                t!("label-cin")
            } else {
                t!("label-optional-data")
            };
            field(out, &name, &value(&mrz.optional_data_1));
        }
        let born = t!(
            "born-line",
            date = output::date(mrz.date_of_birth_iso.as_deref(), &mrz.date_of_birth),
            sex = &mrz.sex
        );
        field(out, &t!("label-born"), &value(&born));
        field(
            out,
            &t!("label-expires"),
            &value(output::date(
                mrz.date_of_expiry_iso.as_deref(),
                &mrz.date_of_expiry,
            )),
        );
        field(out, &t!("label-nationality"), &value(&mrz.nationality));
    }
    if let Some(details) = &report.additional_details {
        if let Some(place) = &details.place_of_birth {
            field(
                out,
                &t!("label-place-of-birth"),
                &value(&output::clean_name(place)),
            );
        }
        if let Some(number) = &details.personal_number
            && report
                .mrz
                .as_ref()
                .is_none_or(|m| &m.optional_data_1 != number)
        {
            field(out, &t!("label-personal-number"), &value(number));
        }
        if let Some(address) = &details.address {
            field(
                out,
                &t!("label-address"),
                &value(&output::clean_name(address)),
            );
        }
    }
    out.push_str("</dl></section>\n");
}

/// One row of the checks table.
fn check(out: &mut String, mark: Mark, what: &str, result: &str) {
    let _ = write!(
        out,
        r#"<tr><td class="mark {}">{}</td><td class="what">{}</td><td>{}</td></tr>"#,
        mark.class(),
        mark.symbol(),
        escape(what),
        value(result)
    );
}

fn checks_section(out: &mut String, report: &Report) {
    use cnie::ChipStatus;
    use cnie::pa::{ChainCheck, HashCheck, SignatureCheck};
    let _ = write!(
        out,
        r#"<section class="checks"><h2>{}</h2><table>"#,
        escape(&t!("label-checks"))
    );
    if let Some(access) = &report.access {
        let mark = if access.downgraded {
            Mark::Neutral
        } else {
            Mark::Pass
        };
        check(
            out,
            mark,
            &t!("html-check-access"),
            &output::access_line(access),
        );
    }
    let pa = &report.passive_authentication;
    let hashes: Vec<String> = pa
        .data_group_hashes
        .iter()
        .map(|(dg, check)| format!("{} {}", dg.name(), output::hash_word(*check)))
        .collect();
    let hashes_mark = if pa
        .data_group_hashes
        .values()
        .any(|c| *c == HashCheck::Mismatch)
    {
        Mark::Fail
    } else if pa
        .data_group_hashes
        .values()
        .all(|c| *c == HashCheck::Match)
        && !pa.data_group_hashes.is_empty()
    {
        Mark::Pass
    } else {
        Mark::Neutral
    };
    check(
        out,
        hashes_mark,
        &t!("html-check-hashes"),
        &hashes.join(", "),
    );
    let signature_mark = match pa.sod_signature {
        SignatureCheck::Valid => Mark::Pass,
        SignatureCheck::Invalid => Mark::Fail,
    };
    check(
        out,
        signature_mark,
        &t!("html-check-signature"),
        &output::signature_word(pa.sod_signature),
    );
    let chain_mark = match pa.certificate_chain {
        ChainCheck::Valid => Mark::Pass,
        ChainCheck::NotTrusted => Mark::Neutral,
        ChainCheck::Expired | ChainCheck::Revoked | ChainCheck::Invalid => Mark::Fail,
    };
    check(
        out,
        chain_mark,
        &t!("html-check-chain"),
        &output::chain_word(pa.certificate_chain),
    );
    let verdict = &report.verdict;
    let chip_mark = match verdict.chip {
        ChipStatus::Genuine => Mark::Pass,
        ChipStatus::Failed => Mark::Fail,
        ChipStatus::NotChecked => Mark::Neutral,
    };
    check(
        out,
        chip_mark,
        &t!("html-check-chip"),
        &output::chip_line(verdict.chip, verdict.chip_method),
    );
    out.push_str("</table></section>\n");
}

fn details_section(out: &mut String, report: &Report, photo: Option<&Photo>) {
    let _ = write!(
        out,
        r#"<details><summary>{}</summary><dl class="fields">"#,
        escape(&t!("html-technical"))
    );
    let pa = &report.passive_authentication;
    if let Some(signer) = &pa.signer {
        field(out, &t!("html-signer"), &value(&signer.subject));
        field(out, &t!("html-signer-issuer"), &value(&signer.issuer));
    }
    if let Some(anchor) = &pa.anchor {
        field(out, &t!("html-anchor"), &value(&anchor.subject));
    }
    if let Some(mrz) = &report.mrz {
        field(
            out,
            &t!("label-format"),
            &value(&output::label(&mrz.format)),
        );
    }
    if let Some(face) = &report.face {
        let mut text = t!("photo-line", format = &face.format, size = face.size);
        if let Some(photo) = photo {
            let _ = write!(text, ", {}×{}", photo.width, photo.height);
            if crate::photo::matches_declared(face, photo) == Some(false)
                && let (Some(w), Some(h)) = face.declared
            {
                text.push_str(" — ");
                text.push_str(&t!("html-photo-declared", width = w, height = h));
            }
        }
        field(out, &t!("label-photo"), &value(&text));
    }
    if let Some(com) = &report.com {
        let listed: Vec<&str> = com.data_groups.iter().map(|f| f.name()).collect();
        field(out, "EF.COM", &value(&listed.join(" ")));
    }
    let files: Vec<String> = report
        .files
        .iter()
        .map(|(name, size)| format!("{name} ({size})"))
        .collect();
    field(out, &t!("html-files"), &value(&files.join(", ")));
    for note in &report.notes {
        field(out, &t!("label-note"), &value(note));
    }
    for reason in &pa.reasons {
        field(out, &t!("label-detail"), &value(reason));
    }
    for problem in &report.problems {
        field(out, &t!("label-problem"), &value(problem));
    }
    for s in &report.skipped {
        field(
            out,
            &t!("label-skipped"),
            &value(&format!("{}: {}", s.file, s.reason)),
        );
    }
    if let Some(stats) = &report.stats {
        field(out, &t!("label-read"), &value(&output::stats_line(stats)));
    }
    out.push_str("</dl></details>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<script>alert("x")</script>&'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;"
        );
        assert_eq!(escape("a\u{0}b"), "a\u{FFFD}b");
    }

    #[test]
    fn arabic_values_are_right_to_left() {
        assert_eq!(
            value("العمراني"),
            r#"<span dir="rtl" lang="ar">العمراني</span>"#
        );
        assert_eq!(value("EL AMRANI"), "<bdi>EL AMRANI</bdi>");
        assert_eq!(value("<b>"), "<bdi>&lt;b&gt;</bdi>");
    }
}
