//! `cnie read --watch`: a kiosk loop. Every card put on the reader is read and checked,
//! one report (or one JSON line) a card; a card removed mid-read is reported and the
//! next card awaited; Ctrl-C (SIGINT) or SIGTERM ends the loop between two cards (a
//! second Ctrl-C ends it at once, exit 130).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use cnie::iso7816::TransportError;
use cnie::keys::{AccessKey, PasswordKind};
use cnie::session::{ReadOptions, ReadState, read_document_resuming};
use cnie::{Policy, TrustStore};

use super::connect;
use crate::args::{ReadArgs, Trace};
use crate::exit::{self, Code, Failure};
use crate::progress::Bar;

/// How long one wait for a card lasts before the stop flag is looked at again.
const POLL: Duration = Duration::from_millis(300);

/// What every card is read and checked with.
pub struct Setup {
    /// The access keys (the same for every card).
    pub keys: Vec<AccessKey>,
    /// The first key's kind, for messages.
    pub kind: PasswordKind,
    /// Trust anchors.
    pub trust: TrustStore,
    /// What the verdict requires.
    pub policy: Policy,
    /// The verification time (`--at`), else each card's read time.
    pub at: Option<SystemTime>,
    /// How to read.
    pub options: ReadOptions,
}

/// Ctrl-C and SIGTERM set the flag; a second one exits at once (130).
fn stop_flag() -> Result<Arc<AtomicBool>, Failure> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        let registered =
            signal_hook::flag::register_conditional_shutdown(signal, 130, Arc::clone(&stop))
                .and_then(|_| signal_hook::flag::register(signal, Arc::clone(&stop)));
        registered
            .map_err(|e| Failure::new(Code::Failure, t!("error-signal", detail = e.to_string())))?;
    }
    Ok(stop)
}

/// Runs the loop until interrupted; exit 0 then.
pub fn run(args: &ReadArgs, trace: Trace, json: bool, setup: Setup) -> Result<Code, Failure> {
    let stop = stop_flag()?;
    let reader = super::readers::select(args.reader.as_deref())?;
    let mut cards = 0u64;
    while !stop.load(Ordering::Relaxed) {
        let Some(transport) = next_card(reader.as_deref(), args, &stop)? else {
            break;
        };
        cards += 1;
        let name = transport.reader_name().to_string();
        let removed = read_one(transport, trace, json, &setup, cards)?;
        // A card still there is read once: wait until it is taken away.
        if !removed {
            super::note(&t!("watch-remove-card"));
            while !stop.load(Ordering::Relaxed) && connect::card_present(&name)? {
                std::thread::sleep(POLL);
            }
        }
        // pcscd may not have seen the card go yet: give it a moment.
        std::thread::sleep(POLL);
    }
    super::note(&t!("watch-stopped", n = cards));
    Ok(Code::Ok)
}

/// Waits for a card (announced once), `None` when interrupted.
fn next_card(
    reader: Option<&str>,
    args: &ReadArgs,
    stop: &AtomicBool,
) -> Result<Option<cnie::pcsc::PcscTransport>, Failure> {
    let mut announced = false;
    while !stop.load(Ordering::Relaxed) {
        if let Some(transport) = connect::try_card(reader, POLL, args.card_timeout)? {
            return Ok(Some(transport));
        }
        if !announced {
            super::note(&t!("watch-waiting"));
            announced = true;
        }
    }
    Ok(None)
}

/// Reads, checks and reports card number `n`; returns whether the card was removed
/// during the read (then it is not waited for to go).
fn read_one(
    transport: cnie::pcsc::PcscTransport,
    trace: Trace,
    json: bool,
    setup: &Setup,
    n: u64,
) -> Result<bool, Failure> {
    let mut bar = Bar::new();
    let card = connect::card(transport, trace);
    let mut state = ReadState::new();
    let result = read_document_resuming(card, &setup.keys, &setup.options, &mut state, |p| {
        bar.update(p)
    });
    bar.done();
    let removed = matches!(
        result,
        Err(cnie::Error::Transport(TransportError::CardRemoved))
    );
    match result {
        Ok(document) => {
            let at = setup.at.unwrap_or_else(SystemTime::now);
            let report = crate::report::from_card(&document, &setup.trust, &setup.policy, at);
            if json {
                super::print_json_line(&report)?;
            } else {
                let verdict = crate::output::verdict_word(report.verdict.status);
                let mut text = format!("{}\n", t!("watch-card", n = n, verdict = verdict));
                text.push_str(&crate::output::report_text(&report, false, None));
                text.push('\n');
                super::emit(&text)?;
            }
        }
        Err(e) => {
            let failure = exit::library(&e, setup.kind);
            if json {
                super::print_json_line(&failure.to_json())?;
            } else {
                super::emit(&format!(
                    "{}\n{}\n\n",
                    t!("watch-card-failed", n = n),
                    failure.message
                ))?;
            }
        }
    }
    Ok(removed)
}
