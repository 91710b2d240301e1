//! A read-time model: what an exchange would cost on a real contactless chip.
//!
//! The software card answers in microseconds, which hides what a user feels at a real
//! reader. The model adds up, for every APDU, the time on the ISO/IEC 14443 link and
//! the time the chip works, without sleeping: [`Chip::modelled_time`](crate::Chip)
//! reports the total.
//!
//! - **Link**: command and response bytes, each carried in ISO/IEC 14443-4 I-blocks of
//!   at most [`Timing::frame_size`] bytes with [`Timing::block_overhead`] bytes of
//!   framing (PCB, CID, CRC_A) each; a bit costs `1 / link_kbps` ms; every block also
//!   costs [`Timing::block_turnaround_us`] (frame delay time and the reader's turnaround),
//!   and every chained block one R(ACK) block.
//! - **Chip**: [`Timing::apdu_ms`] for any command, [`Timing::secure_messaging_ms`] more
//!   under secure messaging (MAC check, decryption, MAC of the answer), and per step of the
//!   protocols: the four GENERAL AUTHENTICATE steps of PACE, BAC's EXTERNAL
//!   AUTHENTICATE, Chip Authentication's key agreement, Active Authentication's
//!   signature; plus [`Timing::read_us_per_byte`] for each byte a READ BINARY returns.
//!
//! The defaults are mid-range figures for eMRTD chips at 424 kbit/s: 10 ms a command
//! and 8 ms of secure messaging (18 ms a protected APDU, in the middle of the 5–30 ms
//! real chips take), PACE steps of 30, 120, 120 and 30 ms (the nonce,
//! the mapping and key agreement scalar multiplications, the tokens), BAC 20 ms, Chip
//! Authentication 150 ms, Active Authentication 250 ms, 2 µs a byte read, 256-byte
//! frames with 5 bytes of framing and 0.3 ms of turnaround. They are assumptions, set in
//! `card.toml` (`[timing]`) or on the command line; `docs/benchmarks.md` says what
//! they give.

use serde::{Deserialize, Serialize};

/// The timing model's parameters (`[timing]` in `card.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Timing {
    /// The link rate, kbit/s (106, 212, 424 or 848).
    pub link_kbps: u32,
    /// The largest ISO/IEC 14443-4 frame, bytes (FSC/FSD).
    pub frame_size: usize,
    /// Framing bytes per block (PCB, CID, CRC_A).
    pub block_overhead: usize,
    /// Frame delay and reader turnaround per block, µs.
    pub block_turnaround_us: f64,
    /// Chip time for any command, ms.
    pub apdu_ms: f64,
    /// Chip time added by secure messaging, ms.
    pub secure_messaging_ms: f64,
    /// Chip time per byte a READ BINARY returns, µs.
    pub read_us_per_byte: f64,
    /// Chip time of the PACE steps: nonce, mapping, key agreement, tokens, ms.
    pub pace_ms: [f64; 4],
    /// Chip time of BAC's EXTERNAL AUTHENTICATE, ms.
    pub bac_ms: f64,
    /// Chip time of Chip Authentication's key agreement, ms.
    pub chip_authentication_ms: f64,
    /// Chip time of Active Authentication's signature, ms.
    pub active_authentication_ms: f64,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            link_kbps: 424,
            frame_size: 256,
            block_overhead: 5,
            block_turnaround_us: 300.0,
            apdu_ms: 10.0,
            secure_messaging_ms: 8.0,
            read_us_per_byte: 2.0,
            pace_ms: [30.0, 120.0, 120.0, 30.0],
            bac_ms: 20.0,
            chip_authentication_ms: 150.0,
            active_authentication_ms: 250.0,
        }
    }
}

/// The chip's work for one command, as the model sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// Any other command.
    Plain,
    /// A PACE GENERAL AUTHENTICATE step (0 to 3).
    Pace(usize),
    /// BAC's EXTERNAL AUTHENTICATE.
    Bac,
    /// Chip Authentication's key agreement.
    ChipAuthentication,
    /// Active Authentication's signature.
    ActiveAuthentication,
    /// A READ BINARY returning this many bytes.
    Read(usize),
}

impl Timing {
    /// The time of one exchange, µs: `command` and `response` as on the link.
    pub fn exchange_us(&self, command: usize, response: usize, secure: bool, work: Work) -> f64 {
        let link = self.transfer_us(command) + self.transfer_us(response);
        let mut chip = self.apdu_ms * 1000.0;
        if secure {
            chip += self.secure_messaging_ms * 1000.0;
        }
        chip += match work {
            Work::Plain => 0.0,
            Work::Pace(step) => self.pace_ms.get(step).copied().unwrap_or(0.0) * 1000.0,
            Work::Bac => self.bac_ms * 1000.0,
            Work::ChipAuthentication => self.chip_authentication_ms * 1000.0,
            Work::ActiveAuthentication => self.active_authentication_ms * 1000.0,
            Work::Read(bytes) => self.read_us_per_byte * bytes as f64,
        };
        link + chip
    }

    /// The link time of `bytes` in one direction, µs: the blocks, their framing, the
    /// R(ACK) of each chained block, and the turnaround of each.
    fn transfer_us(&self, bytes: usize) -> f64 {
        let payload = self.frame_size.saturating_sub(self.block_overhead).max(1);
        let blocks = bytes.div_ceil(payload).max(1);
        // Each chained block is acknowledged by an R-block (framing only).
        let acks = blocks - 1;
        let on_air = bytes + (blocks + acks) * self.block_overhead;
        let bit_us = 1000.0 / f64::from(self.link_kbps.max(1));
        on_air as f64 * 8.0 * bit_us + (blocks + acks) as f64 * self.block_turnaround_us
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_big_answer_costs_its_bytes_and_its_blocks() {
        let t = Timing::default();
        // 15 KB at 424 kbit/s: about 0.29 s of bits, plus 61 blocks, 60 acks.
        let us = t.transfer_us(15_000);
        assert!((300_000.0..360_000.0).contains(&us), "{us}");
        // A status word alone: one block.
        let sw = t.transfer_us(2);
        assert!((400.0..500.0).contains(&sw), "{sw}");
        // Faster links are faster.
        let fast = Timing {
            link_kbps: 848,
            ..t
        };
        assert!(fast.transfer_us(15_000) < us);
    }

    #[test]
    fn protocol_steps_cost_chip_time() {
        let t = Timing::default();
        let plain = t.exchange_us(10, 2, false, Work::Plain);
        let mapping = t.exchange_us(10, 2, false, Work::Pace(1));
        assert!((mapping - plain - 120_000.0).abs() < 1.0);
        assert!(t.exchange_us(10, 2, true, Work::Plain) > plain);
    }
}
