//! `cnie read`: read a document from a card, check it, print it.

use crate::args::Trace;
use cnie::iso7816::TransportError;
use cnie::session::{LengthPreference, ReadOptions, ReadState, read_document_resuming};

use super::analysis;
use crate::args::{Length, ReadArgs};
use crate::exit::{self, Code, Failure};
use crate::private_file::Existing;
use crate::progress::Bar;
use crate::report::{self, StatsOut};
use crate::{dump, evidence, output};

/// How many times one read goes on after the card was lost.
const MAX_RESUMES: u32 = 5;

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
    if let Some(path) = &args.evidence {
        evidence::check_before_reading(path, existing)?;
    }
    let mut bar = Bar::new();
    let mut transport =
        super::connect::transport(args.reader.as_deref(), args.wait, args.card_timeout)?;
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
    // A card lifted off mid-read: wait (--wait) for it to come back, run access control
    // again and go on where the read stopped, nothing read twice.
    let mut state = ReadState::new();
    let mut lost = 0;
    let result = loop {
        let card = super::connect::card(transport, trace);
        match read_document_resuming(card, &keys, &options, &mut state, |p| bar.update(p)) {
            // Only a card taken away: a card that stops answering is not waited for (the
            // reader may still be busy with it).
            Err(e @ cnie::Error::Transport(TransportError::CardRemoved))
                if args.wait > 0 && lost < MAX_RESUMES =>
            {
                lost += 1;
                bar.done();
                eprintln!(
                    "the card was lost ({e}) after {} bytes: put it back on the reader to go on (waiting up to {} s)",
                    state.bytes_read(),
                    args.wait
                );
                // pcscd may not have seen the card go yet: give it a moment.
                std::thread::sleep(std::time::Duration::from_millis(300));
                transport = match super::connect::transport(
                    args.reader.as_deref(),
                    args.wait,
                    args.card_timeout,
                ) {
                    Ok(transport) => transport,
                    // Not put back: the loss is the failure (exit 7).
                    Err(_) => break Err(e),
                };
            }
            other => break other,
        }
    };
    bar.done();
    drop(keys);
    let document = result.map_err(|e| exit::library(&e, kind))?;
    let read_at = std::time::SystemTime::now();

    let mut report = report::build(&document, &trust, &policy, at);
    report.stats = Some(StatsOut {
        apdus: document.stats.apdus,
        bytes_sent: document.stats.bytes_sent,
        bytes_received: document.stats.bytes_received,
        elapsed_ms: u64::try_from(document.elapsed.as_millis()).unwrap_or(u64::MAX),
        extended_length: document.extended_length,
    });
    if let Some(path) = &args.evidence {
        let bundle = cnie::Evidence::from_document(&document, read_at);
        report.evidence = Some(evidence::write(path, &bundle, existing)?);
    }
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
