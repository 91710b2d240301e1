//! `cnie read`: read a document from a card, check it, print it.

use crate::args::Trace;
use cnie::iso7816::TransportError;
use cnie::session::{LengthPreference, ReadOptions, ReadState, read_document_resuming};

use super::analysis;
use crate::args::{Length, ReadArgs};
use crate::exit::{self, Code, Failure};
use crate::private_file::Existing;
use crate::progress::Bar;
use crate::report;
use crate::{dump, evidence, output};

/// How many times one read goes on after the card was lost.
const MAX_RESUMES: u32 = 5;

pub fn run(args: &ReadArgs, trace: Trace, json: bool) -> Result<Code, Failure> {
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
    // So are existing --photo and --html files.
    super::views::check(&args.views, existing)?;
    if args.watch {
        let setup = super::watch::Setup {
            keys,
            kind,
            trust,
            policy,
            at: args.verdict.at.is_some().then_some(at),
            options: options(args, challenge),
        };
        return super::watch::run(args, trace, json, setup);
    }
    let mut bar = Bar::new();
    let mut transport =
        super::connect::transport(args.reader.as_deref(), args.wait, args.card_timeout)?;
    let options = options(args, challenge);
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
                super::note(&t!(
                    "card-lost-resume",
                    bytes = state.bytes_read(),
                    seconds = args.wait
                ));
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

    let mut report = report::from_card(&document, &trust, &policy, at);
    if let Some(path) = &args.evidence {
        let bundle = cnie::Evidence::from_document(&document, read_at);
        report.evidence = Some(evidence::write(path, &bundle, existing)?);
    }
    if let Some(dir) = &args.out {
        let mut files = dump::Dump::new(dir, existing);
        files.raw_files(&document.files);
        if let Some(card_access) = &document.card_access {
            files.card_access(card_access);
        }
        if let Some(aa) = &document.active_authentication {
            files.active_authentication(aa);
        }
        if let Some(face) = report.face.as_mut() {
            face.path = Some(files.extra(&format!("face.{}", face.extension), face.data.clone()));
        }
        let json = serde_json::to_vec_pretty(&report).map_err(|e| super::json_failure(&e))?;
        files.extra(dump::DOCUMENT_JSON, json);
        files.write()?;
    }
    super::views::write(&args.views, &mut report, existing)?;
    if json {
        super::print_json(&report)?;
    } else {
        super::emit(&output::report_text(
            &report,
            args.out.is_some(),
            Some("--photo FILE"),
        ))?;
    }
    Ok(report.code())
}

/// The read options from the command line.
fn options(args: &ReadArgs, challenge: Option<[u8; 8]>) -> ReadOptions {
    ReadOptions {
        length: match args.length {
            Length::Auto => LengthPreference::Auto,
            Length::Short => LengthPreference::Short,
            Length::Extended => LengthPreference::Extended,
        },
        require_pace: args.require_pace,
        challenge,
        ..ReadOptions::default()
    }
}

/// `--challenge`: exactly 8 bytes in hex.
fn parse_challenge(text: &str) -> Result<[u8; 8], Failure> {
    hex::decode(text.trim())
        .ok()
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
        .ok_or_else(|| Failure::new(Code::Usage, t!("error-challenge-aa")))
}
