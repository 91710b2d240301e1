//! The built-in PC/SC transport ([`cnie::pcsc::PcscTransport`]) as a [`CardTransport`].

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use cnie::iso7816::Transport;

use crate::error::{CnieError, guard};
use crate::transport::{CardTransport, TransportFailure};

/// A reader seen by PC/SC.
#[derive(Debug, Clone, uniffi::Record)]
pub struct ReaderInfo {
    /// The reader's name.
    pub name: String,
    /// Whether a card is on it.
    pub card_present: bool,
    /// The card's ATR (hex), when one is present.
    pub atr: Option<String>,
}

/// The PC/SC readers, with whether each holds a card.
#[uniffi::export]
pub fn list_readers() -> Result<Vec<ReaderInfo>, CnieError> {
    guard(|| {
        let readers = cnie::pcsc::list_readers().map_err(cnie::Error::from)?;
        Ok(readers
            .into_iter()
            .map(|r| ReaderInfo {
                name: r.name,
                card_present: r.card_present,
                atr: r.atr,
            })
            .collect())
    })
}

/// A PC/SC connection; `close` resets the card and releases it (no session, no
/// verified PIN outlives it).
struct Pcsc {
    inner: Mutex<Option<cnie::pcsc::PcscTransport>>,
}

impl Pcsc {
    fn with<T>(
        &self,
        f: impl FnOnce(&mut cnie::pcsc::PcscTransport) -> T,
    ) -> Result<T, TransportFailure> {
        let mut guard = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        guard.as_mut().map(f).ok_or(TransportFailure::Failed {
            detail: "the PC/SC connection is closed".into(),
        })
    }
}

impl CardTransport for Pcsc {
    fn transmit(&self, apdu: Vec<u8>) -> Result<Vec<u8>, TransportFailure> {
        self.with(|t| t.transmit(&apdu))?.map_err(Into::into)
    }

    fn reset(&self) -> Result<(), TransportFailure> {
        self.with(|t| t.reset())?.map_err(Into::into)
    }

    fn set_timeout(&self, timeout_ms: u64) -> Option<u64> {
        self.with(|t| t.set_answer_timeout(Duration::from_millis(timeout_ms)))
            .ok()
            .flatten()
            .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
    }

    fn atr(&self) -> Option<Vec<u8>> {
        self.with(|t| t.atr()).ok().flatten()
    }

    fn close(&self) {
        // Dropping the transport resets the card and disconnects.
        drop(
            self.inner
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take(),
        );
    }
}

/// Connects to a card through PC/SC: in the first reader whose name contains `reader`
/// (case-insensitive), else the first reader holding a card; waits up to `wait_ms` for
/// a card, then waits up to `timeout_ms` for each answer.
#[uniffi::export(default(reader = None, wait_ms = 0, timeout_ms = 10000))]
pub fn pcsc_transport(
    reader: Option<String>,
    wait_ms: u64,
    timeout_ms: u64,
) -> Result<Arc<dyn CardTransport>, CnieError> {
    guard(|| {
        let mut transport = cnie::pcsc::PcscTransport::connect(
            reader.as_deref(),
            Duration::from_millis(wait_ms),
            |_| {},
        )
        .map_err(cnie::Error::from)?;
        transport.set_timeout(Duration::from_millis(timeout_ms.max(1)));
        Ok(Arc::new(Pcsc {
            inner: Mutex::new(Some(transport)),
        }) as Arc<dyn CardTransport>)
    })
}
