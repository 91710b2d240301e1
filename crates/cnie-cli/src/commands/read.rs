//! `cnie read`: read a document from a card, check it, print it.

use crate::args::Trace;
use cnie::session::{LengthPreference, ReadOptions};

use super::analysis;
use crate::args::{Length, ReadArgs};
use crate::exit::{self, Code, Failure};
use crate::private_file::Existing;
use crate::progress::Bar;
use crate::report::{self, StatsOut};
use crate::{dump, output};

pub fn run(args: &ReadArgs, trace: Trace) -> Result<Code, Failure> {
    let (keys, kind) = super::key::access_keys(&args.key)?;
    let trust = analysis::trust_store(&args.trust)?;
    let (policy, at) = analysis::policy(&args.verdict)?;
    let challenge = args.challenge.as_deref().map(parse_challenge).transpose()?;
    let existing = Existing::from_flag(args.force_overwrite);
    // A folder that already holds a dump is refused before the card is touched.
    if let Some(dir) = &args.out {
        dump::check_before_reading(dir, existing)?;
    }
    let mut bar = Bar::new();
    let transport =
        super::connect::transport(args.reader.as_deref(), args.wait, args.card_timeout)?;
    let card = super::connect::card(transport, trace);
    let options = ReadOptions {
        length: match args.length {
            Length::Auto => LengthPreference::Auto,
            Length::Short => LengthPreference::Short,
            Length::Extended => LengthPreference::Extended,
        },
        require_pace: args.require_pace,
        challenge,
        ..ReadOptions::default()
    };
    let result = cnie::session::read_document_from(card, &keys, &options, |p| bar.update(p));
    bar.done();
    drop(keys);
    let document = result.map_err(|e| exit::library(&e, kind))?;

    let mut report = report::build(&document, &trust, &policy, at);
    report.stats = Some(StatsOut {
        apdus: document.stats.apdus,
        bytes_sent: document.stats.bytes_sent,
        bytes_received: document.stats.bytes_received,
        elapsed_ms: u64::try_from(document.elapsed.as_millis()).unwrap_or(u64::MAX),
        extended_length: document.extended_length,
    });
    if let Some(dir) = &args.out {
        let mut files = dump::Dump::new(dir, existing);
        files.raw_files(&document.files);
        if let Some(aa) = &document.active_authentication {
            files.active_authentication(aa);
        }
        if let Some(face) = report.face.as_mut() {
            face.path = Some(files.extra(&format!("face.{}", face.extension), face.data.clone()));
        }
        let json = serde_json::to_vec_pretty(&report)
            .map_err(|e| Failure::new(Code::Failure, format!("cannot encode JSON: {e}")))?;
        files.extra(dump::DOCUMENT_JSON, json);
        files.write()?;
    }
    if args.json {
        super::print_json(&report)?;
    } else {
        super::emit(&output::report_text(&report, args.out.is_some()))?;
    }
    Ok(report.code())
}

/// `--challenge`: exactly 8 bytes in hex.
fn parse_challenge(text: &str) -> Result<[u8; 8], Failure> {
    hex::decode(text.trim())
        .ok()
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
        .ok_or_else(|| {
            Failure::new(
                Code::Usage,
                "--challenge takes 8 bytes in hex (16 hex digits)",
            )
        })
}
