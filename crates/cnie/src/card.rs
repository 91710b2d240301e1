//! An APDU channel to one card: secure messaging when established, GET
//! RESPONSE and wrong-Le retries, elementary file reads in as few APDUs as
//! the card allows, and exchange statistics.

use std::time::{Duration, Instant};

use crate::error::{Error, ProtocolViolation, Result, SmError};
use crate::iso7816::{
    Command, MAX_EXTENDED_LE, MAX_SHORT_LE, Response, StatusWord, Transport, ins,
};
use crate::sm::SecureMessaging;
use crate::tlv;

/// The largest file this crate reads (16 MiB): a bound on memory use that a
/// lying length cannot push further.
pub const MAX_FILE_SIZE: usize = 16 * 1024 * 1024;

/// The largest plaintext per READ BINARY under secure messaging with short
/// APDUs: 223 bytes pad to 224, and with the DO'87', DO'99' and DO'8E'
/// overhead the protected response still fits 256 bytes.
pub const MAX_SHORT_SM_READ: usize = 0xDF;

/// GET RESPONSE chains longer than this are refused.
const MAX_RESPONSE_SIZE: usize = MAX_EXTENDED_LE + 1024;

/// The most GET RESPONSE commands one answer may chain: 65 KiB in full 256-byte
/// pieces. A card that answers `61xx` for ever (with no data, so the size bound never
/// trips) is stopped here.
const MAX_GET_RESPONSES: usize = 257;

/// The longest a GET RESPONSE chain may take, however slowly a card answers.
const MAX_CHAIN_TIME: Duration = Duration::from_secs(30);

/// The smallest piece a READ BINARY loop expects on average: a file read in more
/// commands than its size over this (plus a few) is a card feeding it byte by byte.
const MIN_AVERAGE_CHUNK: usize = 8;

/// The longest one file read may take (a 16 MiB file at 106 kbit/s takes ~20 minutes;
/// the largest real data group, a few hundred KiB, well under a minute).
const MAX_FILE_TIME: Duration = Duration::from_secs(30 * 60);

/// Counters of the exchanges on a channel.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    /// APDUs sent (GET RESPONSE included).
    pub apdus: u64,
    /// Bytes of command APDUs sent.
    pub bytes_sent: u64,
    /// Bytes of response APDUs received.
    pub bytes_received: u64,
}

/// One event seen by a [`Card`]'s tracer.
#[derive(Debug, Clone, Copy)]
pub enum TraceEvent<'a> {
    /// A command as the application built it (before secure messaging).
    Command(&'a Command),
    /// A response as the application sees it (after secure messaging).
    Response(&'a Response),
    /// Bytes sent on the wire.
    WireCommand(&'a [u8]),
    /// Bytes received from the wire.
    WireResponse(&'a [u8]),
}

/// The callback that sees every exchange of a [`Card`].
pub type Tracer = Box<dyn FnMut(TraceEvent<'_>) + Send>;

/// How large a response the channel asks for in one READ BINARY.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LengthMode {
    /// Short APDUs only (Le up to 256).
    Short,
    /// Extended-length APDUs (Le up to 65536).
    Extended,
}

/// An APDU channel to one card.
pub struct Card<T: Transport> {
    transport: T,
    sm: Option<Box<dyn SecureMessaging>>,
    /// Secure messaging failed: nothing is sent (in plain or otherwise) until access
    /// control starts again ([`Card::set_secure_messaging`] or
    /// [`Card::clear_secure_messaging`]).
    closed: bool,
    stats: Stats,
    length_mode: LengthMode,
    tracer: Option<Tracer>,
}

impl<T: Transport> std::fmt::Debug for Card<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Card")
            .field("secure_messaging", &self.sm.is_some())
            .field("stats", &self.stats)
            .field("length_mode", &self.length_mode)
            .finish()
    }
}

impl<T: Transport> Card<T> {
    /// A plain channel over `transport`, with short APDUs until told otherwise.
    pub fn new(transport: T) -> Self {
        Card {
            transport,
            sm: None,
            closed: false,
            stats: Stats::default(),
            length_mode: LengthMode::Short,
            tracer: None,
        }
    }

    /// The transport underneath.
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// The transport underneath, mutably.
    pub fn transport_mut(&mut self) -> &mut T {
        &mut self.transport
    }

    /// Gives the transport back.
    pub fn into_transport(self) -> T {
        self.transport
    }

    /// Exchange counters so far.
    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// Sets whether extended-length APDUs are used.
    pub fn set_length_mode(&mut self, mode: LengthMode) {
        self.length_mode = mode;
    }

    /// Whether extended-length APDUs are used.
    pub fn length_mode(&self) -> LengthMode {
        self.length_mode
    }

    /// Installs a tracer that sees every command and response. Secrets in
    /// command data are the tracer's to redact.
    pub fn set_tracer(&mut self, tracer: Tracer) {
        self.tracer = Some(tracer);
    }

    /// Starts secure messaging: every later command is protected.
    pub fn set_secure_messaging(&mut self, sm: Box<dyn SecureMessaging>) {
        self.sm = Some(sm);
        self.closed = false;
    }

    /// Ends secure messaging to restart access control: plain commands may follow
    /// (MSE:Set AT, GET CHALLENGE …). Only access control calls this.
    pub fn clear_secure_messaging(&mut self) {
        self.sm = None;
        self.closed = false;
    }

    /// Whether a secure-messaging failure closed the channel.
    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// Whether secure messaging is established.
    pub fn is_secure(&self) -> bool {
        self.sm.is_some()
    }

    fn trace(&mut self, event: TraceEvent<'_>) {
        if let Some(t) = self.tracer.as_mut() {
            t(event);
        }
    }

    /// Sends one command, through secure messaging when established, and
    /// returns the (unprotected) response. A secure-messaging failure closes the
    /// channel: every later command fails with [`SmError::Closed`] without being
    /// sent, until access control runs again; nothing goes out in plain on it.
    pub fn transmit(&mut self, command: &Command) -> Result<Response> {
        if self.closed {
            return Err(Error::SecureMessaging(SmError::Closed));
        }
        self.trace(TraceEvent::Command(command));
        let response = match self.sm.as_mut() {
            None => self.exchange(command, true)?,
            Some(sm) => {
                let protected = match sm.protect(command) {
                    Ok(p) => p,
                    Err(e) => {
                        self.sm = None;
                        self.closed = true;
                        return Err(e.into());
                    }
                };
                let raw = self.exchange(&protected, false)?;
                let sm = self
                    .sm
                    .as_mut()
                    .ok_or(Error::Protocol(ProtocolViolation::SecureMessagingLost))?;
                match sm.unprotect(&raw) {
                    Ok(r) => r,
                    Err(e) => {
                        self.sm = None;
                        self.closed = true;
                        return Err(e.into());
                    }
                }
            }
        };
        self.trace(TraceEvent::Response(&response));
        Ok(response)
    }

    /// One raw exchange, following 61xx with GET RESPONSE and (in plain only)
    /// re-issuing the command once on 6Cxx. A command with data is never re-issued:
    /// 6Cxx concerns only commands that ask for data, and re-sending a PIN-bearing
    /// command would spend a second try.
    fn exchange(&mut self, command: &Command, allow_6c: bool) -> Result<Response> {
        let mut response = self.raw(command)?;
        if allow_6c
            && command.data.is_empty()
            && let Some(le) = response.sw.exact_length()
        {
            let mut again = command.clone();
            again.le = Some(le);
            response = self.raw(&again)?;
        }
        let mut data = std::mem::take(&mut response.data);
        let mut chained = 0;
        let started = Instant::now();
        while let Some(n) = response.sw.bytes_available() {
            chained += 1;
            if chained > MAX_GET_RESPONSES || started.elapsed() > MAX_CHAIN_TIME {
                return Err(Error::Protocol(ProtocolViolation::ResponseChainTooLong));
            }
            let get = Command::new(command.cla & 0x03, ins::GET_RESPONSE, 0, 0).with_le(n);
            response = self.raw(&get)?;
            if data.len() + response.data.len() > MAX_RESPONSE_SIZE {
                return Err(Error::Protocol(ProtocolViolation::ResponseChainTooLong));
            }
            data.append(&mut response.data);
        }
        Ok(Response::new(data, response.sw))
    }

    fn raw(&mut self, command: &Command) -> Result<Response> {
        let mut bytes = command.to_bytes()?;
        self.trace(TraceEvent::WireCommand(&bytes));
        self.stats.apdus += 1;
        self.stats.bytes_sent += bytes.len() as u64;
        let answer = self.transport.transmit(&bytes);
        // The serialized command may hold a PIN (a profile without secure messaging).
        zeroize::Zeroize::zeroize(&mut bytes);
        let answer = answer?;
        self.stats.bytes_received += answer.len() as u64;
        self.trace(TraceEvent::WireResponse(&answer));
        Ok(Response::parse(&answer)?)
    }

    /// Sends `command` and requires `9000`; `what` names it in the error.
    pub fn transmit_ok(&mut self, command: &Command, what: &'static str) -> Result<Vec<u8>> {
        let r = self.transmit(command)?;
        if r.sw.is_success() {
            Ok(r.data)
        } else {
            Err(Error::Status {
                command: what,
                sw: r.sw,
            })
        }
    }

    /// SELECT an application by its AID (no response data asked).
    pub fn select_application(&mut self, aid: &[u8]) -> Result<()> {
        let cmd = Command::new(0x00, ins::SELECT, 0x04, 0x0C).with_data(aid);
        self.transmit_ok(&cmd, "SELECT application").map(drop)
    }

    /// SELECT an elementary file by its identifier under the current DF.
    pub fn select_file(&mut self, fid: u16) -> Result<()> {
        let cmd = Command::new(0x00, ins::SELECT, 0x02, 0x0C).with_data(fid.to_be_bytes());
        self.transmit_ok(&cmd, "SELECT file").map(drop)
    }

    /// The largest plaintext chunk one READ BINARY asks for.
    pub fn max_read(&self) -> usize {
        match (self.length_mode, self.is_secure()) {
            (LengthMode::Extended, _) => MAX_EXTENDED_LE,
            (LengthMode::Short, true) => MAX_SHORT_SM_READ,
            (LengthMode::Short, false) => MAX_SHORT_LE,
        }
    }

    /// Reads a whole BER-TLV elementary file by its short file identifier:
    /// the first READ BINARY selects the file and returns as much as the card
    /// gives (the whole file, with extended length); the TLV header tells the
    /// file's size and the rest is read from there on. `progress` is called
    /// with (bytes read, total size) after every chunk.
    pub fn read_file(&mut self, sfi: u8, progress: impl FnMut(usize, usize)) -> Result<Vec<u8>> {
        let mut data = Vec::new();
        self.continue_file(sfi, None, &mut data, progress)?;
        Ok(data)
    }

    /// As [`Card::read_file`], into `data`, continuing after the bytes it holds (a
    /// read that the card's loss cut short, resumed on a new channel): the file is
    /// selected by `fid` and read on from `data.len()`. On an error `data` keeps every
    /// byte read so far, so that a later call goes on from there; nothing is read twice.
    /// Bytes fewer than the TLV header are read again from the start.
    pub fn continue_file(
        &mut self,
        sfi: u8,
        fid: Option<u16>,
        data: &mut Vec<u8>,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<()> {
        if sfi == 0 || sfi > 30 {
            return Err(Error::InvalidShortFileId(sfi));
        }
        let what = || format!("file {sfi:02X}");
        let header = match (fid, tlv::parse_header(data)) {
            (Some(fid), Ok(header)) if !data.is_empty() => {
                self.select_file(fid)?;
                header
            }
            _ => {
                data.clear();
                let first =
                    Command::new(0x00, ins::READ_BINARY, 0x80 | sfi, 0).with_le(self.max_read());
                let r = self.transmit(&first)?;
                if !r.sw.is_data_valid() {
                    return Err(Error::Status {
                        command: "READ BINARY",
                        sw: r.sw,
                    });
                }
                let header = tlv::parse_header(&r.data).map_err(|e| Error::malformed(what(), e))?;
                let ended = r.sw == StatusWord::END_OF_FILE;
                data.extend_from_slice(&r.data);
                if ended && data.len() < header.total_len() {
                    return Err(Error::malformed(what(), "shorter than its length says"));
                }
                header
            }
        };
        let total = header.total_len();
        if total > MAX_FILE_SIZE {
            return Err(Error::FileTooLarge(what()));
        }
        progress(data.len().min(total), total);
        let max_reads = total / MIN_AVERAGE_CHUNK + 8;
        let mut reads = 1;
        let started = Instant::now();
        while data.len() < total {
            reads += 1;
            if reads > max_reads || started.elapsed() > MAX_FILE_TIME {
                return Err(Error::Protocol(ProtocolViolation::TooManyReads));
            }
            let offset = data.len();
            let want = (total - offset).min(self.max_read());
            let r = match u16::try_from(offset) {
                Ok(short) if short <= 0x7FFF => {
                    let [p1, p2] = short.to_be_bytes();
                    let cmd = Command::new(0x00, ins::READ_BINARY, p1, p2).with_le(want);
                    self.transmit(&cmd)?
                }
                _ => self.read_odd(offset, want)?,
            };
            if !r.sw.is_data_valid() {
                return Err(Error::Status {
                    command: "READ BINARY",
                    sw: r.sw,
                });
            }
            if r.data.is_empty() {
                return Err(Error::malformed(what(), "the card returned no data"));
            }
            let ended = r.sw == StatusWord::END_OF_FILE;
            data.extend_from_slice(&r.data);
            progress(data.len().min(total), total);
            if ended && data.len() < total {
                return Err(Error::malformed(what(), "shorter than its length says"));
            }
        }
        data.truncate(total);
        Ok(())
    }

    /// READ BINARY with the odd instruction (offsets above 32767): the
    /// offset goes in DO'54', the data comes back in DO'53'.
    fn read_odd(&mut self, offset: usize, want: usize) -> Result<Response> {
        let off = u32::try_from(offset)
            .map_err(|_| crate::iso7816::ApduError::TooLarge(offset))?
            .to_be_bytes();
        let mut significant: &[u8] = &off;
        while let [0, rest @ ..] = significant
            && !rest.is_empty()
        {
            significant = rest;
        }
        let cmd = Command::new(0x00, ins::READ_BINARY_ODD, 0, 0)
            .with_data(tlv::encode(0x54, significant))
            .with_le((want + 4).min(self.max_read()));
        let r = self.transmit(&cmd)?;
        if !r.sw.is_data_valid() {
            return Ok(r);
        }
        let (value, _) = tlv::expect(&r.data, 0x53)?;
        Ok(Response::new(value.to_vec(), r.sw))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::ScriptedTransport;

    /// A card that answers `61 00` for ever is stopped after a bounded number of GET
    /// RESPONSE commands, with a typed error, not a hang.
    #[test]
    fn an_endless_get_response_chain_is_cut() {
        let transport = ScriptedTransport::new().otherwise("6100");
        let mut card = Card::new(transport);
        let start = std::time::Instant::now();
        let err = card
            .transmit(&Command::new(0x00, ins::SELECT, 0x04, 0x0C).with_data([0xA0, 0x00]))
            .unwrap_err();
        assert!(
            matches!(
                err,
                Error::Protocol(ProtocolViolation::ResponseChainTooLong)
            ),
            "{err:?}"
        );
        assert_eq!(card.stats().apdus, 1 + MAX_GET_RESPONSES as u64);
        assert!(start.elapsed() < std::time::Duration::from_secs(1));
    }

    /// After a secure-messaging failure nothing more is sent, in plain or protected,
    /// until access control starts again.
    #[test]
    fn a_failed_secure_channel_sends_nothing_more() {
        // A plain 9000 where a protected answer is due: the relay's forgery.
        let transport = ScriptedTransport::new().otherwise("9000");
        let mut card = Card::new(transport);
        let sm = crate::sm::AesSm::new(&[1; 16], &[2; 16]).unwrap();
        card.set_secure_messaging(Box::new(sm));
        let verify =
            Command::new(0x00, ins::VERIFY, 0x00, 0x81).with_data([0x31, 0x32, 0x33, 0x34]);
        let err = card
            .transmit(&Command::new(0x00, ins::VERIFY, 0x00, 0x81))
            .unwrap_err();
        assert!(matches!(err, Error::SecureMessaging(_)), "{err:?}");
        assert!(card.is_closed());
        let err = card.transmit(&verify).unwrap_err();
        assert!(
            matches!(err, Error::SecureMessaging(SmError::Closed)),
            "{err:?}"
        );
        // Only the first command went out.
        assert_eq!(card.transport().sent().len(), 1);
        // Access control starting again opens the channel.
        card.clear_secure_messaging();
        assert!(!card.is_closed());
        assert!(
            card.transmit(&Command::new(0x00, ins::SELECT, 0x00, 0x0C))
                .is_ok()
        );
    }

    /// A 6Cxx answer to a command with data (a PIN-bearing VERIFY in plain) is returned
    /// as is: the command is never sent a second time.
    #[test]
    fn a_command_with_data_is_never_reissued_on_6cxx() {
        let transport = ScriptedTransport::new().otherwise("6C08");
        let mut card = Card::new(transport);
        let verify =
            Command::new(0x00, ins::VERIFY, 0x00, 0x81).with_data(*b"1234\xFF\xFF\xFF\xFF");
        let r = card.transmit(&verify).unwrap();
        assert_eq!(r.sw, StatusWord::new(0x6C, 0x08));
        assert_eq!(card.transport().sent().len(), 1);
        // A command asking for data is re-issued once with the card's Le, no more.
        let transport = ScriptedTransport::new().otherwise("6C08");
        let mut card = Card::new(transport);
        let r = card
            .transmit(&Command::new(0x00, ins::GET_CHALLENGE, 0, 0).with_le(256))
            .unwrap();
        assert_eq!(r.sw, StatusWord::new(0x6C, 0x08));
        assert_eq!(card.transport().sent().len(), 2);
        assert_eq!(card.transport().sent()[1], [0x00, 0x84, 0x00, 0x00, 0x08]);
    }

    /// A card that feeds a file one byte per READ BINARY is stopped after a number of
    /// reads bounded by the file's size, with a typed error.
    #[test]
    fn a_file_fed_byte_by_byte_is_cut() {
        // A 1000-byte file announced in full, then one byte per answer.
        let transport = ScriptedTransport::new()
            .reply([0x61, 0x82, 0x03, 0xE8, 0x00, 0x90, 0x00])
            .otherwise("009000");
        let mut card = Card::new(transport);
        let err = card.read_file(1, |_, _| {}).unwrap_err();
        assert!(
            matches!(err, Error::Protocol(ProtocolViolation::TooManyReads)),
            "{err:?}"
        );
        let sent = card.transport().sent().len();
        assert_eq!(sent, 1004 / MIN_AVERAGE_CHUNK + 8);
    }

    /// A long but finite chain is followed to its end.
    #[test]
    fn a_chain_of_get_responses_is_followed() {
        let transport = ScriptedTransport::new()
            .reply([0x01, 0x61, 0x02])
            .reply([0x02, 0x03, 0x61, 0x01])
            .reply([0x04, 0x90, 0x00]);
        let mut card = Card::new(transport);
        let r = card
            .transmit(&Command::new(0x00, ins::SELECT, 0x04, 0x0C).with_data([0xA0, 0x00]))
            .unwrap();
        assert_eq!(r.data, vec![1, 2, 3, 4]);
        assert!(r.sw.is_success());
    }
}
