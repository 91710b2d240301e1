//! A [`Transport`] over PC/SC (pcsc-lite on Linux and macOS, WinSCard on
//! Windows): list readers, wait for a card, exchange APDUs.

use std::ffi::CString;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::iso7816::{Transport, TransportError};

/// A reader seen by PC/SC.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReaderInfo {
    /// The reader's name.
    pub name: String,
    /// Whether a card is in the reader (or in its field).
    pub card_present: bool,
    /// The card's ATR, hex, when a card is present.
    pub atr: Option<String>,
}

fn map_err(e: pcsc::Error) -> TransportError {
    use pcsc::Error as E;
    match e {
        E::NoService | E::ServiceStopped => TransportError::ServiceUnavailable,
        E::NoReadersAvailable | E::UnknownReader | E::ReaderUnavailable => TransportError::NoReader,
        E::NoSmartcard => TransportError::NoCard,
        E::RemovedCard | E::ResetCard | E::NotTransacted => TransportError::CardRemoved,
        E::UnresponsiveCard | E::UnpoweredCard => TransportError::Unresponsive,
        E::Timeout => TransportError::Timeout,
        other => TransportError::Other(other.to_string()),
    }
}

fn establish() -> Result<pcsc::Context, TransportError> {
    pcsc::Context::establish(pcsc::Scope::User).map_err(map_err)
}

fn reader_names(ctx: &pcsc::Context) -> Result<Vec<CString>, TransportError> {
    match ctx.list_readers_owned() {
        Ok(names) => Ok(names),
        Err(pcsc::Error::NoReadersAvailable) => Ok(Vec::new()),
        Err(e) => Err(map_err(e)),
    }
}

fn states(
    ctx: &pcsc::Context,
    names: &[CString],
) -> Result<Vec<pcsc::ReaderState>, TransportError> {
    let mut states: Vec<_> = names
        .iter()
        .map(|n| pcsc::ReaderState::new(n.clone(), pcsc::State::UNAWARE))
        .collect();
    if !states.is_empty() {
        ctx.get_status_change(Duration::ZERO, &mut states)
            .map_err(map_err)?;
    }
    Ok(states)
}

fn has_card(state: &pcsc::ReaderState) -> bool {
    let s = state.event_state();
    s.contains(pcsc::State::PRESENT) && !s.contains(pcsc::State::MUTE)
}

/// Lists the readers PC/SC knows, with whether each holds a card.
pub fn list_readers() -> Result<Vec<ReaderInfo>, TransportError> {
    let ctx = establish()?;
    let names = reader_names(&ctx)?;
    Ok(states(&ctx, &names)?
        .iter()
        .map(|s| ReaderInfo {
            name: s.name().to_string_lossy().into_owned(),
            card_present: has_card(s),
            atr: has_card(s).then(|| hex::encode_upper(s.atr())),
        })
        .collect())
}

/// How long [`PcscTransport`] waits for one answer by default.
pub const DEFAULT_APDU_TIMEOUT: Duration = Duration::from_secs(10);

/// A connection to a card through a PC/SC reader.
///
/// APDUs are exchanged by a worker thread so that a card that stops
/// answering (some stall under PACE with the MRZ) yields
/// [`TransportError::Timeout`] after [`PcscTransport::set_timeout`] instead of
/// blocking for ever. After a time-out the connection is unusable (every
/// later APDU fails with the same error) until [`Transport::reset`] connects
/// again and resets the card.
pub struct PcscTransport {
    requests: mpsc::Sender<Vec<u8>>,
    replies: mpsc::Receiver<Result<Vec<u8>, TransportError>>,
    timeout: Duration,
    stuck: bool,
    reader: String,
    atr: Vec<u8>,
}

impl std::fmt::Debug for PcscTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PcscTransport")
            .field("reader", &self.reader)
            .finish()
    }
}

/// The channels to a worker thread: commands out, answers back.
type WorkerChannels = (
    mpsc::Sender<Vec<u8>>,
    mpsc::Receiver<Result<Vec<u8>, TransportError>>,
);

/// Starts a worker thread running `job` with its ends of the two channels.
fn spawn_worker(
    job: impl FnOnce(mpsc::Receiver<Vec<u8>>, mpsc::Sender<Result<Vec<u8>, TransportError>>)
    + Send
    + 'static,
) -> Result<WorkerChannels, TransportError> {
    let (requests, inbox) = mpsc::channel();
    let (outbox, replies) = mpsc::channel();
    std::thread::Builder::new()
        .name("cnie-pcsc".into())
        .spawn(move || job(inbox, outbox))
        .map_err(|e| TransportError::Other(format!("cannot start the reader thread: {e}")))?;
    Ok((requests, replies))
}

/// The worker: owns the card handle, answers one request at a time.
fn serve(
    card: pcsc::Card,
    requests: mpsc::Receiver<Vec<u8>>,
    replies: mpsc::Sender<Result<Vec<u8>, TransportError>>,
) {
    let mut buffer = vec![0; pcsc::MAX_BUFFER_SIZE_EXTENDED];
    for mut command in requests {
        if command.is_empty() {
            // The transport is closing: leave the card as we found it, with no
            // secure-messaging session and no verified PIN for the next program.
            let _ = card.disconnect(pcsc::Disposition::ResetCard);
            let _ = replies.send(Ok(Vec::new()));
            return;
        }
        let reply = match card.transmit(&command, &mut buffer) {
            // pcsc-lite reports a card that left the field mid-exchange as an
            // answer without a status word.
            Ok(answer) if answer.len() < 2 => Err(TransportError::CardRemoved),
            Ok(answer) => Ok(answer.to_vec()),
            Err(e) => Err(map_err(e)),
        };
        zeroize::Zeroize::zeroize(&mut command);
        if replies.send(reply).is_err() {
            break;
        }
    }
    // Abandoned after a time-out or a reset: a new connection may be in use, so
    // the card is left alone (dropping a handle would reset it).
    let _ = card.disconnect(pcsc::Disposition::LeaveCard);
}

/// How long dropping a [`PcscTransport`] waits for the card to be reset and
/// released.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(2);

impl Drop for PcscTransport {
    /// Resets the card and disconnects, so that no session (and no verified
    /// PIN) outlives this program; waits for it unless the card stopped answering.
    fn drop(&mut self) {
        if !self.stuck && self.requests.send(Vec::new()).is_ok() {
            let _ = self.replies.recv_timeout(CLOSE_TIMEOUT);
        }
    }
}

impl PcscTransport {
    /// Connects to a card: in the first reader whose name contains `reader`
    /// (case-insensitive), or else in the first reader holding a card. When
    /// no card is there yet, waits up to `wait`, calling `on_wait` once with
    /// the names of the readers being watched.
    pub fn connect(
        reader: Option<&str>,
        wait: Duration,
        mut on_wait: impl FnMut(&[String]),
    ) -> Result<Self, TransportError> {
        let ctx = establish()?;
        let names = reader_names(&ctx)?;
        if names.is_empty() {
            return Err(TransportError::NoReader);
        }
        let wanted: Vec<CString> = match reader {
            None => names,
            Some(filter) => {
                let f = filter.to_lowercase();
                let matching: Vec<CString> = names
                    .into_iter()
                    .filter(|n| n.to_string_lossy().to_lowercase().contains(&f))
                    .collect();
                if matching.is_empty() {
                    return Err(TransportError::ReaderNotFound(filter.to_string()));
                }
                matching
            }
        };
        let deadline = Instant::now() + wait;
        let mut states = states(&ctx, &wanted)?;
        let mut announced = false;
        loop {
            if let Some(state) = states.iter().find(|s| has_card(s)) {
                let name = state.name().to_owned();
                let card = ctx
                    .connect(&name, pcsc::ShareMode::Shared, pcsc::Protocols::ANY)
                    .map_err(map_err)?;
                let atr = card
                    .get_attribute_owned(pcsc::Attribute::AtrString)
                    .unwrap_or_else(|_| state.atr().to_vec());
                let (requests, replies) = spawn_worker(move |inbox, outbox| {
                    serve(card, inbox, outbox);
                })?;
                return Ok(PcscTransport {
                    requests,
                    replies,
                    timeout: DEFAULT_APDU_TIMEOUT,
                    stuck: false,
                    reader: name.to_string_lossy().into_owned(),
                    atr,
                });
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(TransportError::NoCard);
            }
            if !announced {
                on_wait(
                    &wanted
                        .iter()
                        .map(|n| n.to_string_lossy().into_owned())
                        .collect::<Vec<_>>(),
                );
                announced = true;
            }
            for s in states.iter_mut() {
                s.sync_current_state();
            }
            match ctx.get_status_change(left, &mut states) {
                Ok(()) | Err(pcsc::Error::Timeout) => {}
                Err(e) => return Err(map_err(e)),
            }
        }
    }

    /// Sets how long to wait for each answer (default [`DEFAULT_APDU_TIMEOUT`]).
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }

    /// The name of the reader in use.
    pub fn reader_name(&self) -> &str {
        &self.reader
    }
}

/// How long [`Transport::reset`] waits for the reader to reset the card. A reader
/// still busy with the APDU the card never answered resets it only once its
/// own time-out has passed.
pub const RESET_TIMEOUT: Duration = Duration::from_secs(15);

/// Connects again to `reader` and resets the card (warm reset), then serves
/// APDUs on the new handle; the answer to reset (or the connection error) is
/// sent on `ready` first.
fn reconnect(
    reader: CString,
    requests: mpsc::Receiver<Vec<u8>>,
    replies: mpsc::Sender<Result<Vec<u8>, TransportError>>,
    ready: mpsc::Sender<Result<Option<Vec<u8>>, TransportError>>,
) {
    let connected = establish().and_then(|ctx| {
        let mut card = ctx
            .connect(&reader, pcsc::ShareMode::Shared, pcsc::Protocols::ANY)
            .map_err(map_err)?;
        card.reconnect(
            pcsc::ShareMode::Shared,
            pcsc::Protocols::ANY,
            pcsc::Disposition::ResetCard,
        )
        .map_err(map_err)?;
        let atr = card.get_attribute_owned(pcsc::Attribute::AtrString).ok();
        Ok((card, atr))
    });
    match connected {
        Ok((card, atr)) => {
            if ready.send(Ok(atr)).is_ok() {
                serve(card, requests, replies);
            }
        }
        Err(e) => {
            let _ = ready.send(Err(e));
        }
    }
}

impl Transport for PcscTransport {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        if command.len() < 4 {
            return Err(TransportError::Malformed(
                "a command APDU has at least 4 bytes".into(),
            ));
        }
        if self.stuck {
            return Err(TransportError::Timeout);
        }
        self.requests
            .send(command.to_vec())
            .map_err(|_| TransportError::CardRemoved)?;
        match self.replies.recv_timeout(self.timeout) {
            Ok(reply) => reply,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                self.stuck = true;
                Err(TransportError::Timeout)
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => Err(TransportError::CardRemoved),
        }
    }

    fn atr(&self) -> Option<Vec<u8>> {
        Some(self.atr.clone())
    }

    fn set_answer_timeout(&mut self, timeout: Duration) -> Option<Duration> {
        Some(std::mem::replace(&mut self.timeout, timeout))
    }

    /// Opens a new connection to the same reader and resets the card on it
    /// (`SCardReconnect` with `SCARD_RESET_CARD`); a worker stuck on an
    /// unanswered APDU is abandoned (it ends when the reader gives up).
    /// Fails with [`TransportError::Timeout`] after [`RESET_TIMEOUT`].
    fn reset(&mut self) -> Result<(), TransportError> {
        let reader = CString::new(self.reader.clone())
            .map_err(|_| TransportError::Other("reader name holds a NUL byte".into()))?;
        let (ready_tx, ready) = mpsc::channel();
        let (requests, replies) = spawn_worker(move |inbox, outbox| {
            reconnect(reader, inbox, outbox, ready_tx);
        })?;
        match ready.recv_timeout(RESET_TIMEOUT) {
            Ok(Ok(atr)) => {
                self.requests = requests;
                self.replies = replies;
                self.stuck = false;
                if let Some(atr) = atr {
                    self.atr = atr;
                }
                Ok(())
            }
            Ok(Err(e)) => Err(e),
            Err(_) => Err(TransportError::Timeout),
        }
    }
}
