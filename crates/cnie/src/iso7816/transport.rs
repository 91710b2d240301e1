/// Why a transport could not carry an APDU.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TransportError {
    /// The PC/SC service (pcscd) is not running or not reachable.
    #[error("the smart-card service is not running (start pcscd)")]
    ServiceUnavailable,
    /// No smart-card reader is connected.
    #[error("no smart-card reader found")]
    NoReader,
    /// No reader's name contains the text asked for.
    #[error("no reader matching \"{0}\"")]
    ReaderNotFound(String),
    /// A reader was found but holds no card.
    #[error("no card on the reader")]
    NoCard,
    /// The card was removed (or moved out of the field) during the exchange.
    #[error("the card was removed")]
    CardRemoved,
    /// The card is in the field but does not answer (or cannot be powered).
    #[error("the card does not respond")]
    Unresponsive,
    /// The card did not answer in time.
    #[error("the card did not answer in time")]
    Timeout,
    /// The reader or the card sent something that is not an APDU.
    #[error("malformed exchange: {0}")]
    Malformed(String),
    /// Any other failure of the reader stack.
    #[error("reader error: {0}")]
    Other(String),
}

/// Something that carries raw APDUs to a card and back: a PC/SC reader, a
/// software card, a recorded trace, or a mobile NFC stack.
///
/// `transmit` takes one serialized command APDU and returns the raw response
/// APDU (data followed by SW1-SW2). It does no GET RESPONSE or secure
/// messaging: [`crate::card::Card`] does that on top.
pub trait Transport {
    /// Sends one command APDU and returns the response APDU.
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError>;

    /// The card's answer to reset, when the transport knows it.
    fn atr(&self) -> Option<Vec<u8>> {
        None
    }

    /// Sets how long to wait for each answer and returns the previous
    /// setting; `None` (the default) when the transport has no timeout.
    fn set_answer_timeout(&mut self, timeout: std::time::Duration) -> Option<std::time::Duration> {
        let _ = timeout;
        None
    }

    /// Resets the card and makes the channel usable again, also after a
    /// [`TransportError::Timeout`] (a card that stopped answering). Every
    /// state on the card (selected files, secure messaging) is lost.
    ///
    /// The default says the transport cannot do it.
    fn reset(&mut self) -> Result<(), TransportError> {
        Err(TransportError::Other(
            "this transport cannot reset the card".into(),
        ))
    }
}

impl<T: Transport + ?Sized> Transport for &mut T {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        (**self).transmit(command)
    }

    fn atr(&self) -> Option<Vec<u8>> {
        (**self).atr()
    }

    fn reset(&mut self) -> Result<(), TransportError> {
        (**self).reset()
    }

    fn set_answer_timeout(&mut self, timeout: std::time::Duration) -> Option<std::time::Duration> {
        (**self).set_answer_timeout(timeout)
    }
}

impl<T: Transport + ?Sized> Transport for Box<T> {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        (**self).transmit(command)
    }

    fn atr(&self) -> Option<Vec<u8>> {
        (**self).atr()
    }

    fn reset(&mut self) -> Result<(), TransportError> {
        (**self).reset()
    }

    fn set_answer_timeout(&mut self, timeout: std::time::Duration) -> Option<std::time::Duration> {
        (**self).set_answer_timeout(timeout)
    }
}
