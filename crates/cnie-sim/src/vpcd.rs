//! The link to pcscd's `vpcd` driver (vsmartcard): the simulator connects as
//! a TCP client to the driver's port (35963 for "Virtual PCD 00 00").
//!
//! Frames in both directions are a 2-byte big-endian length and a payload.
//! From the driver, a 1-byte payload is a control code (0 power off, 1 power
//! on, 2 reset, 4 send the ATR); a longer payload is a command APDU. The card
//! answers the ATR request with the ATR and every APDU with its response.
//!
//! The driver writes each frame in two pieces (length, then payload); with
//! delayed ACKs that costs about 40 ms per APDU, so the socket has
//! `TCP_NODELAY` and `TCP_QUICKACK` is re-armed around every read.

use std::io::{ErrorKind, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use socket2::SockRef;

use crate::chip::{Chip, Exchange};

/// The default address of the first virtual reader.
pub const DEFAULT_ADDR: &str = "127.0.0.1:35963";

/// How long [`connect`] keeps trying by default (pcscd may still be starting).
pub const CONNECT_PATIENCE: Duration = Duration::from_secs(10);

/// How long one connection attempt may take.
const ATTEMPT: Duration = Duration::from_secs(1);

/// How often a blocked read wakes up to look at the stop flag.
const POLL: Duration = Duration::from_millis(200);

/// Control codes from the driver.
const CTRL_OFF: u8 = 0;
const CTRL_ON: u8 = 1;
const CTRL_RESET: u8 = 2;
const CTRL_ATR: u8 = 4;

/// Why the link failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VpcdError {
    /// No connection could be made in time.
    #[error("cannot connect to vpcd at {addr}: {source}")]
    Connect {
        /// The address tried.
        addr: String,
        /// The last error.
        source: std::io::Error,
    },
    /// The connection failed.
    #[error("vpcd link: {0}")]
    Io(#[from] std::io::Error),
    /// A response longer than a frame can carry.
    #[error("response of {0} bytes does not fit a vpcd frame")]
    TooLong(usize),
}

/// How a served session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The driver closed the connection.
    Closed,
    /// The stop flag was raised (SIGTERM, SIGINT).
    Stopped,
    /// A `remove-after` fault removed the card.
    Removed,
}

/// Connects to the driver at `addr`, retrying until `patience` has passed
/// or `stop` is raised.
pub fn connect(addr: &str, patience: Duration, stop: &AtomicBool) -> Result<TcpStream, VpcdError> {
    let deadline = Instant::now() + patience;
    loop {
        // Each attempt is bounded: a driver that does not accept yet must not block us.
        let attempt = addr.to_socket_addrs().and_then(|mut addrs| {
            let target = addrs
                .next()
                .ok_or_else(|| std::io::Error::new(ErrorKind::InvalidInput, "no address"))?;
            TcpStream::connect_timeout(&target, ATTEMPT)
        });
        match attempt {
            Ok(stream) => {
                stream.set_nodelay(true)?;
                quickack(&stream);
                stream.set_read_timeout(Some(POLL))?;
                return Ok(stream);
            }
            Err(source) => {
                if Instant::now() >= deadline || stop.load(Ordering::Relaxed) {
                    return Err(VpcdError::Connect {
                        addr: addr.to_owned(),
                        source,
                    });
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    }
}

/// Re-arms TCP_QUICKACK (Linux forgets it after a while).
fn quickack(stream: &TcpStream) {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        // Best effort: a failure only costs latency.
        let _ = SockRef::from(stream).set_tcp_quickack(true);
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    let _ = SockRef::from(stream);
}

/// Reads exactly `buf.len()` bytes. `Ok(false)` at a clean end of stream
/// before the first byte, or when `stop` is raised between frames.
fn read_full(
    stream: &mut TcpStream,
    buf: &mut [u8],
    stop: &AtomicBool,
    between_frames: bool,
) -> Result<bool, VpcdError> {
    let mut got = 0;
    while got < buf.len() {
        quickack(stream);
        let Some(rest) = buf.get_mut(got..) else {
            break;
        };
        match stream.read(rest) {
            Ok(0) => {
                if got == 0 && between_frames {
                    return Ok(false);
                }
                return Err(VpcdError::Io(ErrorKind::UnexpectedEof.into()));
            }
            Ok(n) => got += n,
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted
                ) =>
            {
                if stop.load(Ordering::Relaxed) && got == 0 && between_frames {
                    return Ok(false);
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
    quickack(stream);
    Ok(true)
}

/// Sends one frame (length and payload in a single write).
fn send(stream: &mut TcpStream, payload: &[u8]) -> Result<(), VpcdError> {
    let len = u16::try_from(payload.len()).map_err(|_| VpcdError::TooLong(payload.len()))?;
    let mut frame = Vec::with_capacity(payload.len() + 2);
    frame.extend_from_slice(&len.to_be_bytes());
    frame.extend_from_slice(payload);
    stream.write_all(&frame)?;
    stream.flush()?;
    Ok(())
}

/// How long a reader waits for a stalled card before it gives up (see
/// `pace-stall`).
pub const STALL_READER_TIMEOUT: Duration = Duration::from_secs(2);

/// Serves `chip` on an open connection until the driver closes it, `stop`
/// is raised, or a fault removes the card. `log` gets a line per control
/// event (APDU lines come from the chip's own logger).
pub fn serve(
    chip: &mut Chip,
    stream: &mut TcpStream,
    stop: &AtomicBool,
    log: &mut dyn FnMut(&str),
) -> Result<End, VpcdError> {
    loop {
        let mut len = [0u8; 2];
        if !read_full(stream, &mut len, stop, true)? {
            return Ok(if stop.load(Ordering::Relaxed) {
                End::Stopped
            } else {
                End::Closed
            });
        }
        let mut payload = vec![0u8; usize::from(u16::from_be_bytes(len))];
        if !read_full(stream, &mut payload, stop, false)? {
            return Ok(End::Closed);
        }
        match payload.as_slice() {
            [] => {}
            [CTRL_OFF] => {
                let modelled = chip.modelled_time();
                if !modelled.is_zero() {
                    log(&format!(
                        "modelled time so far: {} ms",
                        modelled.as_millis()
                    ));
                }
                log("power off");
                chip.power_off();
            }
            [CTRL_ON] => {
                log("power on");
                chip.power_on();
            }
            [CTRL_RESET] => {
                log("reset");
                chip.reset();
            }
            [CTRL_ATR] => {
                let atr = chip.atr().to_vec();
                send(stream, &atr)?;
            }
            [other] => log(&format!("unknown control code {other:02X} ignored")),
            apdu => match chip.exchange(apdu) {
                Exchange::Response(response) => send(stream, &response)?,
                Exchange::Mute if chip.is_stalled() => {
                    // A reader gives up on a card that stalls and reports an error; vpcd
                    // cannot report one, so the stalled card answers 6F00 late, after
                    // the reader's time-out. Until then pcscd cannot reset the card.
                    log("fault: stalled, answering 6F00 late");
                    let until = Instant::now() + STALL_READER_TIMEOUT;
                    while Instant::now() < until && !stop.load(Ordering::Relaxed) {
                        std::thread::sleep(Duration::from_millis(20));
                    }
                    send(stream, &[0x6F, 0x00])?;
                }
                Exchange::Mute => log("fault: mute, no answer"),
                Exchange::Removed => {
                    log("fault: card removed");
                    let _ = stream.shutdown(std::net::Shutdown::Both);
                    return Ok(End::Removed);
                }
            },
        }
    }
}
