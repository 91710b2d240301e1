//! Human-readable APDU traces with the secrets taken out.
//!
//! A [`Card`](crate::card::Card) reports every exchange to its tracer
//! ([`TraceEvent`]): the command as the application built it, the bytes on
//! the wire (protected when secure messaging is on), and the answers.
//! [`TraceFormatter`] turns those events into one line each:
//!
//! ```text
//! > 00 A4 04 0C | 07 A0000002471001
//! < 9000
//!   >> 0C A4 04 0C | 1D 871101…          (secure messaging: what the card saw)
//!   << 990290008E08…9000
//! ```
//!
//! What is never shown: the data of VERIFY, CHANGE REFERENCE DATA and RESET
//! RETRY COUNTER (PIN, PUK), and both directions of BAC's EXTERNAL
//! AUTHENTICATE (a recorded BAC exchange allows an offline search for the MRZ
//! key). Nothing else a card channel carries is a secret: CAN, MRZ and session
//! keys never travel, and PACE is built to resist offline attacks on its
//! transcript. Long answers are cut to [`TraceFormatter::max_data`] bytes.

use zeroize::Zeroizing;

use crate::card::{TraceEvent, Tracer};
use crate::iso7816::{Command, Response};

/// Instructions whose command data is a secret (PIN, PUK, BAC cryptogram).
const SECRET_INS: [u8; 7] = [
    0x20, // VERIFY
    0x21, // VERIFY (BER-TLV data)
    0x24, // CHANGE REFERENCE DATA
    0x25, // CHANGE REFERENCE DATA (BER-TLV data)
    0x2C, // RESET RETRY COUNTER
    0x2D, // RESET RETRY COUNTER (BER-TLV data)
    0x82, // EXTERNAL AUTHENTICATE (BAC cryptogram)
];

/// Instructions whose answer is a secret (BAC's chip cryptogram).
const SECRET_ANSWER_INS: [u8; 1] = [0x82];

/// Whether the data field of a command with this instruction is redacted.
pub fn is_secret_instruction(ins: u8) -> bool {
    SECRET_INS.contains(&ins)
}

/// Whether `cla` marks a command protected by secure messaging (ISO/IEC 7816-4 §5.4.1).
fn is_protected(cla: u8) -> bool {
    cla & 0x80 == 0 && cla & 0x0C != 0
}

/// Turns [`TraceEvent`]s into redacted one-line descriptions.
#[derive(Debug)]
pub struct TraceFormatter {
    /// The most data bytes shown of one command or answer.
    pub max_data: usize,
    /// The last plain command, serialized: its identical wire copy is not shown twice.
    last_plain: Option<Zeroizing<Vec<u8>>>,
    /// Whether the last command's answer must be hidden.
    hide_answer: bool,
    /// Whether the last wire command was shown (so its answer is shown too).
    wire_shown: bool,
}

impl Default for TraceFormatter {
    fn default() -> Self {
        TraceFormatter {
            max_data: 256,
            last_plain: None,
            hide_answer: false,
            wire_shown: false,
        }
    }
}

impl TraceFormatter {
    /// A formatter showing at most 256 data bytes a line.
    pub fn new() -> Self {
        TraceFormatter::default()
    }

    /// The line for one event, or `None` when it repeats what was shown.
    pub fn line(&mut self, event: TraceEvent<'_>) -> Option<String> {
        match event {
            TraceEvent::Command(command) => {
                self.hide_answer = SECRET_ANSWER_INS.contains(&command.ins);
                self.last_plain = command.to_bytes().ok().map(Zeroizing::new);
                Some(format!("> {}", self.command(command)))
            }
            TraceEvent::Response(response) => Some(format!("< {}", self.response(response))),
            TraceEvent::WireCommand(bytes) => {
                let same = self
                    .last_plain
                    .as_ref()
                    .is_some_and(|plain| plain.as_slice() == bytes);
                self.wire_shown = !same;
                if same {
                    return None;
                }
                let text = match Command::parse(bytes) {
                    Ok(c) if is_protected(c.cla) => self.command_unredacted(&c),
                    Ok(c) => self.command(&c),
                    Err(_) => format!("{} bytes (not an APDU)", bytes.len()),
                };
                Some(format!("  >> {text}"))
            }
            TraceEvent::WireResponse(bytes) => {
                if !self.wire_shown {
                    return None;
                }
                let text = match Response::parse(bytes) {
                    Ok(r) => self.response(&r),
                    Err(_) => format!("{} bytes (no status word)", bytes.len()),
                };
                Some(format!("  << {text}"))
            }
        }
    }

    /// A command with its secrets redacted.
    fn command(&self, c: &Command) -> String {
        if is_secret_instruction(c.ins) && !c.data.is_empty() && !is_protected(c.cla) {
            let mut text = header(c);
            text.push_str(&format!(
                " | {:02X} <{} bytes redacted>",
                c.data.len(),
                c.data.len()
            ));
            push_le(&mut text, c);
            text
        } else {
            self.command_unredacted(c)
        }
    }

    fn command_unredacted(&self, c: &Command) -> String {
        let mut text = header(c);
        if !c.data.is_empty() {
            text.push_str(&format!(" | {:02X} {}", c.data.len(), self.bytes(&c.data)));
        }
        push_le(&mut text, c);
        text
    }

    fn response(&self, r: &Response) -> String {
        let sw = hex::encode_upper(r.sw.to_bytes());
        if r.data.is_empty() {
            sw
        } else if self.hide_answer {
            format!("{sw} <{} bytes redacted>", r.data.len())
        } else {
            format!("{sw} | {} bytes: {}", r.data.len(), self.bytes(&r.data))
        }
    }

    fn bytes(&self, data: &[u8]) -> String {
        match data.get(..self.max_data) {
            Some(shown) if shown.len() < data.len() => format!(
                "{}… (+{} bytes)",
                hex::encode_upper(shown),
                data.len() - shown.len()
            ),
            _ => hex::encode_upper(data),
        }
    }
}

fn header(c: &Command) -> String {
    format!("{:02X} {:02X} {:02X} {:02X}", c.cla, c.ins, c.p1, c.p2)
}

fn push_le(text: &mut String, c: &Command) {
    if let Some(le) = c.le {
        text.push_str(&format!(" | Le {le}"));
    }
}

/// A [`Tracer`] that formats every event with a [`TraceFormatter`] and hands
/// each line to `sink` (e.g. a function writing to standard error).
pub fn tracer(mut sink: impl FnMut(&str) + Send + 'static) -> Tracer {
    let mut formatter = TraceFormatter::new();
    Box::new(move |event| {
        if let Some(line) = formatter.line(event) {
            sink(&line);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iso7816::StatusWord;

    fn lines(events: &[TraceEvent<'_>]) -> Vec<String> {
        let mut f = TraceFormatter::new();
        events.iter().filter_map(|e| f.line(*e)).collect()
    }

    #[test]
    fn plain_exchange_is_shown_once() {
        let select = Command::new(0x00, 0xA4, 0x04, 0x0C).with_data(vec![0xA0, 0x00, 0x01]);
        let wire = select.to_bytes().unwrap();
        let ok = Response::status(StatusWord::SUCCESS);
        let out = lines(&[
            TraceEvent::Command(&select),
            TraceEvent::WireCommand(&wire),
            TraceEvent::WireResponse(&[0x90, 0x00]),
            TraceEvent::Response(&ok),
        ]);
        assert_eq!(out, vec!["> 00 A4 04 0C | 03 A00001", "< 9000"]);
    }

    #[test]
    fn pin_and_puk_never_appear() {
        let pin = b"1234\xFF\xFF\xFF\xFF".to_vec();
        for ins in [0x20, 0x24, 0x2C] {
            let c = Command::new(0x00, ins, 0x00, 0x81).with_data(pin.clone());
            let wire = c.to_bytes().unwrap();
            let out = lines(&[
                TraceEvent::Command(&c),
                TraceEvent::WireCommand(&wire),
                TraceEvent::WireResponse(&[0x63, 0xC2]),
            ]);
            let all = out.join("\n");
            assert!(!all.contains("31323334"), "{all}");
            assert!(all.contains("<8 bytes redacted>"), "{all}");
        }
        // VERIFY without data (the retry counter query) is shown as it is.
        let query = Command::new(0x00, 0x20, 0x00, 0x81);
        assert_eq!(lines(&[TraceEvent::Command(&query)]), vec!["> 00 20 00 81"]);
    }

    #[test]
    fn protected_wire_bytes_are_shown_and_plaintext_redacted() {
        let verify = Command::new(0x00, 0x20, 0x00, 0x81).with_data(b"1234".to_vec());
        let wire = [0x0C, 0x20, 0x00, 0x81, 0x03, 0x87, 0x01, 0x01, 0x00];
        let out = lines(&[
            TraceEvent::Command(&verify),
            TraceEvent::WireCommand(&wire),
            TraceEvent::WireResponse(&[0x99, 0x02, 0x90, 0x00, 0x90, 0x00]),
            TraceEvent::Response(&Response::status(StatusWord::SUCCESS)),
        ]);
        assert_eq!(out[0], "> 00 20 00 81 | 04 <4 bytes redacted>");
        assert_eq!(out[1], "  >> 0C 20 00 81 | 03 870101 | Le 256");
        assert_eq!(out[2], "  << 9000 | 4 bytes: 99029000");
        assert_eq!(out[3], "< 9000");
        assert!(!out.join("").contains("31323334"));
    }

    #[test]
    fn bac_cryptograms_are_hidden_both_ways() {
        let ea = Command::new(0x00, 0x82, 0x00, 0x00)
            .with_data(vec![0xAB; 40])
            .with_le(40);
        let answer = Response::new(vec![0xCD; 40], StatusWord::SUCCESS);
        let out = lines(&[TraceEvent::Command(&ea), TraceEvent::Response(&answer)]);
        assert_eq!(out[0], "> 00 82 00 00 | 28 <40 bytes redacted> | Le 40");
        assert_eq!(out[1], "< 9000 <40 bytes redacted>");
    }

    #[test]
    fn long_answers_are_cut_and_garbage_is_described() {
        let mut f = TraceFormatter::new();
        f.max_data = 2;
        let r = Response::new(vec![1, 2, 3, 4], StatusWord::SUCCESS);
        assert_eq!(
            f.line(TraceEvent::Response(&r)).unwrap(),
            "< 9000 | 4 bytes: 0102… (+2 bytes)"
        );
        assert_eq!(
            f.line(TraceEvent::WireCommand(&[0x00])).unwrap(),
            "  >> 1 bytes (not an APDU)"
        );
        assert_eq!(
            f.line(TraceEvent::WireResponse(&[0x90])).unwrap(),
            "  << 1 bytes (no status word)"
        );
    }

    #[test]
    fn tracer_hands_lines_to_the_sink() {
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
        let sink = seen.clone();
        let mut t = tracer(move |l| sink.lock().unwrap().push(l.to_string()));
        t(TraceEvent::Command(
            &Command::new(0x00, 0x84, 0x00, 0x00).with_le(8),
        ));
        assert_eq!(*seen.lock().unwrap(), vec!["> 00 84 00 00 | Le 8"]);
    }
}
