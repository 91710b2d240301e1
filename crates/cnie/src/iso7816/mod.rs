//! ISO/IEC 7816-4 basics: command and response APDUs, status words and the
//! transport over which APDUs travel.

mod apdu;
pub mod atr;
mod status;
mod transport;

pub use apdu::{ApduError, Command, MAX_EXTENDED_LE, MAX_SHORT_LE, Response};
pub use status::StatusWord;
pub use transport::{Transport, TransportError};

/// Instruction bytes used by this crate (ISO/IEC 7816-4 and ICAO 9303-11).
pub mod ins {
    /// SELECT.
    pub const SELECT: u8 = 0xA4;
    /// READ BINARY (offset in P1-P2, or short file identifier in P1).
    pub const READ_BINARY: u8 = 0xB0;
    /// READ BINARY with odd instruction (offset in a data object `54`).
    pub const READ_BINARY_ODD: u8 = 0xB1;
    /// GET CHALLENGE.
    pub const GET_CHALLENGE: u8 = 0x84;
    /// EXTERNAL AUTHENTICATE / MUTUAL AUTHENTICATE.
    pub const EXTERNAL_AUTHENTICATE: u8 = 0x82;
    /// INTERNAL AUTHENTICATE.
    pub const INTERNAL_AUTHENTICATE: u8 = 0x88;
    /// GET RESPONSE.
    pub const GET_RESPONSE: u8 = 0xC0;
    /// MANAGE SECURITY ENVIRONMENT.
    pub const MSE: u8 = 0x22;
    /// GENERAL AUTHENTICATE.
    pub const GENERAL_AUTHENTICATE: u8 = 0x86;
    /// VERIFY.
    pub const VERIFY: u8 = 0x20;
}
