//! The card transport a foreign language implements (Android `IsoDep`, iOS
//! `NFCISO7816Tag`, pyscard, …), and its adapter to the library's
//! [`cnie::iso7816::Transport`], which checks the cancel token between APDUs.

use std::sync::Arc;
use std::time::Duration;

use cnie::iso7816::{Transport, TransportError};

use crate::cancel::CancelToken;

/// Why a transport could not carry an APDU. Any other exception a foreign
/// implementation raises arrives as [`TransportFailure::Failed`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum TransportFailure {
    /// The card left the field (or was taken off the reader).
    #[error("the card was removed")]
    CardRemoved,
    /// The card did not answer in time.
    #[error("the card did not answer in time")]
    Timeout,
    /// The card is in the field but does not answer.
    #[error("the card does not respond")]
    Unresponsive,
    /// Any other failure of the reader stack.
    #[error("{detail}")]
    Failed {
        /// What happened.
        detail: String,
    },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for TransportFailure {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        TransportFailure::Failed {
            detail: format!("the transport failed: {}", e.reason),
        }
    }
}

impl From<TransportError> for TransportFailure {
    fn from(e: TransportError) -> Self {
        match e {
            TransportError::CardRemoved => TransportFailure::CardRemoved,
            TransportError::Timeout => TransportFailure::Timeout,
            TransportError::Unresponsive => TransportFailure::Unresponsive,
            other => TransportFailure::Failed {
                detail: other.to_string(),
            },
        }
    }
}

impl From<TransportFailure> for TransportError {
    fn from(e: TransportFailure) -> Self {
        match e {
            TransportFailure::CardRemoved => TransportError::CardRemoved,
            TransportFailure::Timeout => TransportError::Timeout,
            TransportFailure::Unresponsive => TransportError::Unresponsive,
            TransportFailure::Failed { detail } => TransportError::Other(detail),
        }
    }
}

/// Carries raw APDUs to a card: one command APDU in, the response APDU (data and
/// SW1-SW2) out. No GET RESPONSE, no secure messaging: the library does that.
///
/// Implemented in Kotlin with `IsoDep.transceive`, in Swift with
/// `NFCISO7816Tag.sendCommand`, in Python with pyscard, or built in
/// ([`crate::pcsc_transport`]).
#[uniffi::export(with_foreign)]
pub trait CardTransport: Send + Sync {
    /// Sends one command APDU and returns the response APDU.
    fn transmit(&self, apdu: Vec<u8>) -> Result<Vec<u8>, TransportFailure>;

    /// Resets the card (every session on it is lost); raise `Failed` when the
    /// platform cannot (a PACE stall then ends the read instead of retrying).
    fn reset(&self) -> Result<(), TransportFailure>;

    /// Sets how long to wait for each answer, in milliseconds; returns the previous
    /// setting, or nothing when the transport has no timeout.
    fn set_timeout(&self, timeout_ms: u64) -> Option<u64>;

    /// The card's answer to reset (or ATS historical bytes), when known.
    fn atr(&self) -> Option<Vec<u8>>;

    /// Closes the channel to the card; called when a read or an eID card is done.
    fn close(&self);
}

/// A [`CardTransport`] as the library's [`Transport`], stopping at the next APDU once
/// the cancel token is set.
pub(crate) struct Adapter {
    inner: Arc<dyn CardTransport>,
    cancel: Option<Arc<CancelToken>>,
}

impl Adapter {
    pub(crate) fn new(inner: Arc<dyn CardTransport>, cancel: Option<Arc<CancelToken>>) -> Self {
        Adapter { inner, cancel }
    }

    /// Whether the caller cancelled.
    pub(crate) fn cancelled(&self) -> bool {
        self.cancel.as_ref().is_some_and(|c| c.is_cancelled())
    }

    /// The transport underneath, to close it.
    pub(crate) fn transport(&self) -> &Arc<dyn CardTransport> {
        &self.inner
    }
}

/// Milliseconds of a duration, saturating.
fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

impl Transport for Adapter {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        if self.cancelled() {
            return Err(TransportError::Other("cancelled by the caller".into()));
        }
        self.inner
            .transmit(command.to_vec())
            .map_err(TransportError::from)
    }

    fn atr(&self) -> Option<Vec<u8>> {
        self.inner.atr()
    }

    fn set_answer_timeout(&mut self, timeout: Duration) -> Option<Duration> {
        self.inner
            .set_timeout(millis(timeout))
            .map(Duration::from_millis)
    }

    fn reset(&mut self) -> Result<(), TransportError> {
        if self.cancelled() {
            return Err(TransportError::Other("cancelled by the caller".into()));
        }
        self.inner.reset().map_err(TransportError::from)
    }
}
