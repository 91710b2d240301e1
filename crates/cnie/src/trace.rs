//! Human-readable APDU traces with the secrets and the holder's data taken out.
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
//! key).
//!
//! What is hidden unless [`TraceFormatter::show_data`] is set, so that a trace can be
//! shared: the data of READ BINARY answers (the data groups: DG1 holds the MRZ, whose
//! document number and dates are the access password, DG11 the holder's personal
//! data, DG2 the face, the eID certificates the holder's name), shown as a length; and
//! the values inside GENERAL AUTHENTICATE data (PACE nonces and keys, Chip
//! Authentication keys), shown as their tags and lengths. MSE commands (protocol
//! identifiers, key references) and status words are always shown. Protected wire
//! bytes are ciphertext under session keys that never travel, and are shown. Long
//! data is cut to [`TraceFormatter::max_data`] bytes.

use zeroize::Zeroizing;

use crate::card::{TraceEvent, Tracer};
use crate::iso7816::{Command, Response, ins};
use crate::tlv;

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

/// Instructions whose answer is the holder's data: hidden unless data is shown.
const PERSONAL_ANSWER_INS: [u8; 2] = [ins::READ_BINARY, ins::READ_BINARY_ODD];

/// How deep a GENERAL AUTHENTICATE outline follows constructed objects.
const MAX_OUTLINE_DEPTH: usize = 4;

/// Whether the data field of a command with this instruction is redacted.
pub fn is_secret_instruction(ins: u8) -> bool {
    SECRET_INS.contains(&ins)
}

/// Whether `cla` marks a command protected by secure messaging (ISO/IEC 7816-4 §5.4.1).
fn is_protected(cla: u8) -> bool {
    cla & 0x80 == 0 && cla & 0x0C != 0
}

/// How the data of an answer is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AnswerData {
    /// In hex.
    Shown,
    /// As its tags and lengths.
    Outlined,
    /// As its length.
    Hidden,
}

/// Turns [`TraceEvent`]s into redacted one-line descriptions.
#[derive(Debug)]
pub struct TraceFormatter {
    /// The most data bytes shown of one command or answer.
    pub max_data: usize,
    /// Show the holder's data (READ BINARY answers) and GENERAL AUTHENTICATE values:
    /// such a trace is personal data, not to be shared. PIN, PUK and BAC cryptograms
    /// are hidden even then.
    pub show_data: bool,
    /// The last plain command, serialized: its identical wire copy is not shown twice.
    last_plain: Option<Zeroizing<Vec<u8>>>,
    /// How the last command's answer is shown.
    answer: AnswerData,
    /// Whether the last wire command was shown (so its answer is shown too).
    wire_shown: bool,
    /// Whether the last wire command was protected (its answer is ciphertext).
    wire_protected: bool,
}

impl Default for TraceFormatter {
    fn default() -> Self {
        TraceFormatter {
            max_data: 256,
            show_data: false,
            last_plain: None,
            answer: AnswerData::Shown,
            wire_shown: false,
            wire_protected: false,
        }
    }
}

impl TraceFormatter {
    /// A formatter showing at most 256 data bytes a line, the holder's data hidden.
    pub fn new() -> Self {
        TraceFormatter::default()
    }

    /// The line for one event, or `None` when it repeats what was shown.
    pub fn line(&mut self, event: TraceEvent<'_>) -> Option<String> {
        match event {
            TraceEvent::Command(command) => {
                self.answer = self.answer_data(command.ins);
                self.last_plain = command.to_bytes().ok().map(Zeroizing::new);
                Some(format!("> {}", self.command(command)))
            }
            TraceEvent::Response(response) => {
                Some(format!("< {}", self.response(response, self.answer)))
            }
            TraceEvent::WireCommand(bytes) => {
                let same = self
                    .last_plain
                    .as_ref()
                    .is_some_and(|plain| plain.as_slice() == bytes);
                self.wire_shown = !same;
                if same {
                    self.wire_protected = false;
                    return None;
                }
                let parsed = Command::parse(bytes);
                self.wire_protected = parsed.as_ref().is_ok_and(|c| is_protected(c.cla));
                let text = match parsed {
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
                let how = if self.wire_protected {
                    AnswerData::Shown
                } else {
                    self.answer
                };
                let text = match Response::parse(bytes) {
                    Ok(r) => self.response(&r, how),
                    Err(_) => format!("{} bytes (no status word)", bytes.len()),
                };
                Some(format!("  << {text}"))
            }
        }
    }

    fn answer_data(&self, ins: u8) -> AnswerData {
        if SECRET_ANSWER_INS.contains(&ins) {
            AnswerData::Hidden
        } else if self.show_data {
            AnswerData::Shown
        } else if PERSONAL_ANSWER_INS.contains(&ins) {
            AnswerData::Hidden
        } else if ins == ins::GENERAL_AUTHENTICATE {
            AnswerData::Outlined
        } else {
            AnswerData::Shown
        }
    }

    /// A command with its secrets redacted.
    fn command(&self, c: &Command) -> String {
        if c.data.is_empty() || is_protected(c.cla) {
            return self.command_unredacted(c);
        }
        let mut text = header(c);
        if is_secret_instruction(c.ins) {
            text.push_str(&format!(
                " | {:02X} <{} bytes redacted>",
                c.data.len(),
                c.data.len()
            ));
        } else if c.ins == ins::GENERAL_AUTHENTICATE && !self.show_data {
            text.push_str(&format!(" | {:02X} {}", c.data.len(), outline(&c.data)));
        } else {
            return self.command_unredacted(c);
        }
        push_le(&mut text, c);
        text
    }

    fn command_unredacted(&self, c: &Command) -> String {
        let mut text = header(c);
        if !c.data.is_empty() {
            text.push_str(&format!(" | {:02X} {}", c.data.len(), self.bytes(&c.data)));
        }
        push_le(&mut text, c);
        text
    }

    fn response(&self, r: &Response, how: AnswerData) -> String {
        let sw = hex::encode_upper(r.sw.to_bytes());
        if r.data.is_empty() {
            return sw;
        }
        match how {
            AnswerData::Hidden => format!("{sw} <{} bytes redacted>", r.data.len()),
            AnswerData::Outlined => format!("{sw} | {} bytes: {}", r.data.len(), outline(&r.data)),
            AnswerData::Shown => {
                format!("{sw} | {} bytes: {}", r.data.len(), self.bytes(&r.data))
            }
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

/// The tags and lengths of BER-TLV `data`, values left out: `7C(34){81(32)}`. Data that
/// is not BER-TLV is described by its length only.
fn outline(data: &[u8]) -> String {
    let mut out = String::new();
    if outline_into(data, MAX_OUTLINE_DEPTH, &mut out).is_err() {
        return format!("<{} bytes redacted>", data.len());
    }
    out
}

fn outline_into(data: &[u8], depth: usize, out: &mut String) -> Result<(), tlv::TlvError> {
    for (i, object) in tlv::iter(data).enumerate() {
        let object = object?;
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&format!("{:02X}({})", object.tag, object.value.len()));
        if object.is_constructed() && depth > 0 && !object.value.is_empty() {
            out.push('{');
            outline_into(object.value, depth - 1, out)?;
            out.push('}');
        }
    }
    Ok(())
}

fn header(c: &Command) -> String {
    format!("{:02X} {:02X} {:02X} {:02X}", c.cla, c.ins, c.p1, c.p2)
}

fn push_le(text: &mut String, c: &Command) {
    if let Some(le) = c.le {
        text.push_str(&format!(" | Le {le}"));
    }
}

/// A [`Tracer`] that formats every event with `formatter` (e.g.
/// [`TraceFormatter::new`], or with [`TraceFormatter::show_data`] set) and hands each
/// line to `sink` (e.g. a function writing to standard error).
pub fn tracer(
    mut formatter: TraceFormatter,
    mut sink: impl FnMut(&str) + Send + 'static,
) -> Tracer {
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

    /// A shareable trace: the data groups read (DG1's MRZ: the access password) and
    /// the PACE values are hidden, their lengths, tags and status words kept; with
    /// `show_data` they are shown, and the PIN still is not.
    #[test]
    fn personal_data_and_pace_values_are_hidden_unless_asked() {
        let mrz = b"IDMARAB01234568X123456<<<<<<<<".to_vec();
        let read = Command::new(0x00, 0xB0, 0x81, 0x00).with_le(256);
        let answer = Response::new(mrz.clone(), StatusWord::SUCCESS);
        // A plain read chained with GET RESPONSE: the wire answer is the data too.
        let get = [0x00, 0xC0, 0x00, 0x00, 0x1E];
        let mut wire_answer = mrz.clone();
        wire_answer.extend([0x90, 0x00]);
        let nonce = Command::new(0x10, 0x86, 0x00, 0x00)
            .with_data(vec![0x7C, 0x00])
            .with_le(256);
        let encrypted_nonce = Response::new(
            [vec![0x7C, 0x12, 0x80, 0x10], vec![0xEE; 16]].concat(),
            StatusWord::SUCCESS,
        );
        let map = Command::new(0x10, 0x86, 0x00, 0x00)
            .with_data([vec![0x7C, 0x43, 0x81, 0x41], vec![0x04; 65]].concat());
        let events = [
            TraceEvent::Command(&read),
            TraceEvent::WireCommand(&get),
            TraceEvent::WireResponse(&wire_answer),
            TraceEvent::Response(&answer),
            TraceEvent::Command(&nonce),
            TraceEvent::Response(&encrypted_nonce),
            TraceEvent::Command(&map),
        ];
        let shared = lines(&events).join("\n");
        assert!(!shared.contains(&hex::encode_upper(&mrz)), "{shared}");
        assert!(!shared.contains("EEEE"), "{shared}");
        assert!(!shared.contains("040404"), "{shared}");
        assert!(shared.contains("< 9000 <30 bytes redacted>"), "{shared}");
        assert!(shared.contains("  << 9000 <30 bytes redacted>"), "{shared}");
        assert!(
            shared.contains("< 9000 | 20 bytes: 7C(18){80(16)}"),
            "{shared}"
        );
        assert!(
            shared.contains("> 10 86 00 00 | 45 7C(67){81(65)}"),
            "{shared}"
        );
        assert!(
            shared.contains("> 10 86 00 00 | 02 7C(0) | Le 256"),
            "{shared}"
        );

        let mut f = TraceFormatter::new();
        f.show_data = true;
        let verify = Command::new(0x00, 0x20, 0x00, 0x81).with_data(b"9876".to_vec());
        let full: Vec<String> = events
            .iter()
            .chain([TraceEvent::Command(&verify)].iter())
            .filter_map(|e| f.line(*e))
            .collect();
        let full = full.join("\n");
        assert!(full.contains(&hex::encode_upper(&mrz)), "{full}");
        assert!(full.contains("EEEE"), "{full}");
        assert!(!full.contains("39383736"), "{full}");
        assert!(full.contains("<4 bytes redacted>"), "{full}");
    }

    #[test]
    fn outline_of_garbage_is_its_length() {
        assert_eq!(outline(&[0x7C, 0x05, 0x01]), "<3 bytes redacted>");
        assert_eq!(outline(&[0x5F, 0x1F, 0x01, 0xAA]), "5F1F(1)");
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
        let mut t = tracer(TraceFormatter::new(), move |l| {
            sink.lock().unwrap().push(l.to_string())
        });
        t(TraceEvent::Command(
            &Command::new(0x00, 0x84, 0x00, 0x00).with_le(8),
        ));
        assert_eq!(*seen.lock().unwrap(), vec!["> 00 84 00 00 | Le 8"]);
    }
}
