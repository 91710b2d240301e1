//! An in-process transport to a simulated chip, for tests of the reader.

use std::path::Path;

use cnie::iso7816::{Transport, TransportError};

use crate::chip::{Chip, ChipError, Exchange};
use crate::fault::Fault;
use crate::folder::{CardImage, FolderError};

/// Why a simulated card could not be set up.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SimError {
    /// The card folder could not be read.
    #[error(transparent)]
    Folder(#[from] FolderError),
    /// The card's settings or keys are not usable.
    #[error(transparent)]
    Chip(#[from] ChipError),
}

/// A [`Transport`] that hands every APDU to a [`Chip`] in the same process.
///
/// The chip is powered on at creation. After a `remove-after` fault fires
/// every exchange fails with [`TransportError::CardRemoved`]; after
/// `mute-after` or `pace-stall`, with [`TransportError::Timeout`] (a reset
/// ends a `pace-stall`).
#[derive(Debug)]
pub struct SimTransport {
    chip: Chip,
    removed: bool,
}

impl SimTransport {
    /// A transport to a chip holding `card`.
    pub fn new(card: &CardImage) -> Result<SimTransport, SimError> {
        Self::with_faults(card, &[])
    }

    /// A transport to a chip holding `card`, with injected faults.
    pub fn with_faults(card: &CardImage, faults: &[Fault]) -> Result<SimTransport, SimError> {
        Ok(Self::from_chip(Chip::with_faults(card, faults)?))
    }

    /// A transport to the card in folder `dir`.
    pub fn from_folder(dir: &Path) -> Result<SimTransport, SimError> {
        Self::new(&CardImage::load(dir)?)
    }

    /// A transport to an existing chip (powered on here).
    pub fn from_chip(mut chip: Chip) -> SimTransport {
        chip.power_on();
        SimTransport {
            chip,
            removed: false,
        }
    }

    /// The chip.
    pub fn chip(&self) -> &Chip {
        &self.chip
    }

    /// The chip, mutably (to reset it, or replace its random source).
    pub fn chip_mut(&mut self) -> &mut Chip {
        &mut self.chip
    }
}

impl Transport for SimTransport {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        if self.removed {
            return Err(TransportError::CardRemoved);
        }
        match self.chip.exchange(command) {
            Exchange::Response(bytes) => Ok(bytes),
            Exchange::Removed => {
                self.removed = true;
                Err(TransportError::CardRemoved)
            }
            Exchange::Mute => Err(TransportError::Timeout),
        }
    }

    fn atr(&self) -> Option<Vec<u8>> {
        Some(self.chip.atr().to_vec())
    }

    /// A warm reset of the chip (a removed card stays removed).
    fn reset(&mut self) -> Result<(), TransportError> {
        if self.removed {
            return Err(TransportError::CardRemoved);
        }
        self.chip.reset();
        Ok(())
    }
}
