//! Connecting to a card, shared by the commands that use one.

use crate::args::Trace;
use std::time::Duration;

use cnie::card::{Card, Tracer};
use cnie::pcsc::PcscTransport;

use crate::exit::{self, Failure};

/// Connects to a card in `reader` (an index of `cnie readers` or part of a name; see
/// [`super::readers::select`]) (waiting up to `wait` seconds for one, with a message),
/// with `card_timeout` seconds for each answer.
pub fn transport(
    reader: Option<&str>,
    wait: u64,
    card_timeout: u64,
) -> Result<PcscTransport, Failure> {
    let reader = super::readers::select(reader)?;
    let mut transport =
        PcscTransport::connect(reader.as_deref(), Duration::from_secs(wait), |readers| {
            super::note(&t!(
                "waiting-for-card",
                seconds = wait,
                readers = readers.join(", ")
            ));
        })
        .map_err(|e| exit::transport(&e))?;
    transport.set_timeout(Duration::from_secs(card_timeout.max(1)));
    Ok(transport)
}

/// A card in `reader` (a name, as [`super::readers::select`] resolves it) within
/// `wait`, silently: `None` when none came.
pub fn try_card(
    reader: Option<&str>,
    wait: Duration,
    card_timeout: u64,
) -> Result<Option<PcscTransport>, Failure> {
    match PcscTransport::connect(reader, wait, |_| {}) {
        Ok(mut transport) => {
            transport.set_timeout(Duration::from_secs(card_timeout.max(1)));
            Ok(Some(transport))
        }
        Err(cnie::iso7816::TransportError::NoCard) => Ok(None),
        Err(e) => Err(exit::transport(&e)),
    }
}

/// Whether the reader named `reader` holds a card.
pub fn card_present(reader: &str) -> Result<bool, Failure> {
    let readers = cnie::pcsc::list_readers().map_err(|e| exit::transport(&e))?;
    Ok(readers.iter().any(|r| r.name == reader && r.card_present))
}

/// A card channel over `transport`, tracing to stderr when `trace` is set.
pub fn card(transport: PcscTransport, trace: Trace) -> Card<PcscTransport> {
    let mut card = Card::new(transport);
    if let Some(tracer) = tracer(trace) {
        card.set_tracer(tracer);
    }
    card
}

/// The `--trace` tracer: one redacted line an event on stderr (see [`cnie::trace`]);
/// `--trace-data` shows the data read too.
pub fn tracer(trace: Trace) -> Option<Tracer> {
    let mut formatter = cnie::trace::TraceFormatter::new();
    formatter.show_data = match trace {
        Trace::Off => return None,
        Trace::Shareable => false,
        Trace::WithData => true,
    };
    Some(cnie::trace::tracer(formatter, |line| eprintln!("{line}")))
}
