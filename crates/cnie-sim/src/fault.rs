//! Fault injection, for testing how a reader copes with a misbehaving card.
//!
//! | flag | effect |
//! |---|---|
//! | `bad-mac-after=N` | the MAC of the N-th protected response (counting from 1 since the chip started) is corrupted |
//! | `lying-length=DGn` | the file's outer TLV length claims 1000 bytes more than present |
//! | `bad-tlv=DGn` | the file starts with garbage (`FF FF FF`: a tag that never ends) |
//! | `remove-after=N` | after N command APDUs the card is removed (the link drops) |
//! | `mute-after=N` | after N command APDUs the card stops answering |
//! | `pace-stall` | after answering MSE:Set AT with the MRZ password (reference 1) the card stops answering until it is reset or powered off, as some cards do under PACE-MRZ |
//! | `plain-answer-after=N[:SW]` | the N-th command APDU (from 1) is not processed: a relay answers it in plain with the status word SW (default `9000`) |
//! | `get-response-loop[=N]` | from the N-th command APDU (default 1) on, every answer is `61 00`, GET RESPONSE included |
//! | `wrong-counter` | every PIN/PUK counter query (VERIFY without data) is answered `6300`, which tells no count |
//! | `pace-6300=STEP` | the card answers `6300` at one PACE step: `mse` (MSE:Set AT), `nonce`, `map`, `key` or `token` (the GENERAL AUTHENTICATE steps); only at `token` does that mean a wrong password |
//! | `drop-sm-after=N` | after N command APDUs the chip forgets any secure-messaging session before each command (protected commands then get `6988` in plain) |
//!
//! File names are those of a dump (`DG2`, `EF.COM`, `EF.SOD`, …).

use std::fmt;
use std::str::FromStr;

use cnie::tlv;

use crate::fs::FileName;

/// How many bytes `lying-length` adds to a file's announced length.
pub const LYING_EXTRA: usize = 1000;

/// One injected fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fault {
    /// Corrupt the MAC of the N-th protected response.
    BadMacAfter(u64),
    /// The file's outer TLV claims [`LYING_EXTRA`] more bytes than present.
    LyingLength(FileName),
    /// The file starts with garbage.
    BadTlv(FileName),
    /// The card is removed after N command APDUs.
    RemoveAfter(u64),
    /// The card stops answering after N command APDUs.
    MuteAfter(u64),
    /// The card stops answering after MSE:Set AT with the MRZ password, until a reset.
    PaceStall,
    /// The N-th command APDU is answered in plain with this status word, unprocessed.
    PlainAnswerAfter(u64, u16),
    /// From the N-th command APDU on, every answer is `61 00`.
    GetResponseLoop(u64),
    /// PIN/PUK counter queries are answered `6300`.
    WrongCounter,
    /// After N command APDUs the chip has no secure-messaging session.
    DropSmAfter(u64),
    /// The card answers `6300` at this PACE step.
    Pace6300(PaceStep),
}

/// The steps of PACE, as `pace-6300=STEP` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaceStep {
    /// MSE:Set AT (`mse`).
    Mse,
    /// GENERAL AUTHENTICATE 1: the encrypted nonce (`nonce`).
    Nonce,
    /// GENERAL AUTHENTICATE 2: the mapping (`map`).
    Mapping,
    /// GENERAL AUTHENTICATE 3: the key agreement (`key`).
    KeyAgreement,
    /// GENERAL AUTHENTICATE 4: the authentication tokens (`token`).
    Token,
}

impl PaceStep {
    const ALL: [PaceStep; 5] = [
        PaceStep::Mse,
        PaceStep::Nonce,
        PaceStep::Mapping,
        PaceStep::KeyAgreement,
        PaceStep::Token,
    ];

    /// The name in `pace-6300=STEP`.
    pub fn name(self) -> &'static str {
        match self {
            PaceStep::Mse => "mse",
            PaceStep::Nonce => "nonce",
            PaceStep::Mapping => "map",
            PaceStep::KeyAgreement => "key",
            PaceStep::Token => "token",
        }
    }
}

/// Why a fault specification was not understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "bad fault `{0}`: expected bad-mac-after=N, lying-length=FILE, bad-tlv=FILE, remove-after=N, mute-after=N, pace-stall, plain-answer-after=N[:SW], get-response-loop[=N], wrong-counter, drop-sm-after=N or pace-6300=mse|nonce|map|key|token"
)]
pub struct FaultParseError(String);

impl FromStr for Fault {
    type Err = FaultParseError;

    fn from_str(s: &str) -> Result<Fault, FaultParseError> {
        let err = || FaultParseError(s.to_owned());
        match s.trim() {
            "pace-stall" => return Ok(Fault::PaceStall),
            "get-response-loop" => return Ok(Fault::GetResponseLoop(1)),
            "wrong-counter" => return Ok(Fault::WrongCounter),
            _ => {}
        }
        let (kind, arg) = s.split_once('=').ok_or_else(err)?;
        let count = || arg.trim().parse::<u64>().map_err(|_| err());
        let file = || FileName::parse(arg.trim()).ok_or_else(err);
        match kind.trim() {
            "bad-mac-after" => Ok(Fault::BadMacAfter(count()?)),
            "lying-length" => Ok(Fault::LyingLength(file()?)),
            "bad-tlv" => Ok(Fault::BadTlv(file()?)),
            "remove-after" => Ok(Fault::RemoveAfter(count()?)),
            "mute-after" => Ok(Fault::MuteAfter(count()?)),
            "get-response-loop" => Ok(Fault::GetResponseLoop(count()?)),
            "drop-sm-after" => Ok(Fault::DropSmAfter(count()?)),
            "pace-6300" => PaceStep::ALL
                .into_iter()
                .find(|step| step.name() == arg.trim())
                .map(Fault::Pace6300)
                .ok_or_else(err),
            "plain-answer-after" => {
                let (n, sw) = arg.split_once(':').unwrap_or((arg, "9000"));
                let n = n.trim().parse::<u64>().map_err(|_| err())?;
                let sw = match sw.trim() {
                    hex if hex.len() == 4 => u16::from_str_radix(hex, 16).map_err(|_| err())?,
                    _ => return Err(err()),
                };
                Ok(Fault::PlainAnswerAfter(n, sw))
            }
            _ => Err(err()),
        }
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::BadMacAfter(n) => write!(f, "bad-mac-after={n}"),
            Fault::LyingLength(file) => write!(f, "lying-length={file}"),
            Fault::BadTlv(file) => write!(f, "bad-tlv={file}"),
            Fault::RemoveAfter(n) => write!(f, "remove-after={n}"),
            Fault::MuteAfter(n) => write!(f, "mute-after={n}"),
            Fault::PaceStall => f.write_str("pace-stall"),
            Fault::PlainAnswerAfter(n, sw) => write!(f, "plain-answer-after={n}:{sw:04X}"),
            Fault::GetResponseLoop(n) => write!(f, "get-response-loop={n}"),
            Fault::WrongCounter => f.write_str("wrong-counter"),
            Fault::DropSmAfter(n) => write!(f, "drop-sm-after={n}"),
            Fault::Pace6300(step) => write!(f, "pace-6300={}", step.name()),
        }
    }
}

/// Applies the file faults among `faults` to the contents of `name`.
pub fn corrupt_file(name: FileName, data: &mut Vec<u8>, faults: &[Fault]) {
    for fault in faults {
        match fault {
            Fault::LyingLength(f) if *f == name => lie_about_length(data),
            Fault::BadTlv(f) if *f == name => {
                for b in data.iter_mut().take(3) {
                    *b = 0xFF;
                }
            }
            _ => {}
        }
    }
}

/// Rewrites the outer TLV header so it announces [`LYING_EXTRA`] more bytes.
fn lie_about_length(data: &mut Vec<u8>) {
    let Ok(header) = tlv::parse_header(data) else {
        return;
    };
    let mut out = Vec::with_capacity(data.len() + 4);
    tlv::encode_tag(header.tag, &mut out);
    tlv::encode_len(header.value_len.saturating_add(LYING_EXTRA), &mut out);
    out.extend_from_slice(data.get(header.header_len..).unwrap_or_default());
    *data = out;
}

/// Counters that decide when a link fault fires.
#[derive(Debug, Clone, Default)]
pub struct LinkFaults {
    remove_after: Option<u64>,
    mute_after: Option<u64>,
    bad_mac_at: Option<u64>,
    plain_answer: Option<(u64, u16)>,
    get_response_loop: Option<u64>,
    drop_sm_after: Option<u64>,
    apdus: u64,
    protected: u64,
}

/// What happens to one command APDU.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkEvent {
    /// Answer it.
    Answer,
    /// The card is gone: drop the link.
    Removed,
    /// Say nothing.
    Mute,
    /// Answer this status word in plain, without processing the command.
    Plain(u16),
    /// Forget any secure-messaging session, then answer.
    DropSession,
}

impl LinkFaults {
    /// The counters for the link faults among `faults` (the lowest count wins).
    pub fn new(faults: &[Fault]) -> Self {
        let mut link = LinkFaults::default();
        for fault in faults {
            match *fault {
                Fault::RemoveAfter(n) => {
                    link.remove_after = Some(link.remove_after.map_or(n, |m| m.min(n)))
                }
                Fault::MuteAfter(n) => {
                    link.mute_after = Some(link.mute_after.map_or(n, |m| m.min(n)))
                }
                Fault::BadMacAfter(n) => {
                    link.bad_mac_at = Some(link.bad_mac_at.map_or(n, |m| m.min(n)))
                }
                Fault::PlainAnswerAfter(n, sw) => link.plain_answer = Some((n, sw)),
                Fault::GetResponseLoop(n) => {
                    link.get_response_loop = Some(link.get_response_loop.map_or(n, |m| m.min(n)))
                }
                Fault::DropSmAfter(n) => {
                    link.drop_sm_after = Some(link.drop_sm_after.map_or(n, |m| m.min(n)))
                }
                _ => {}
            }
        }
        link
    }

    /// The card is put back after a removal: the `remove-after` fault has fired and
    /// does not fire again.
    pub fn reinsert(&mut self) {
        self.remove_after = None;
    }

    /// Counts one command APDU and says what to do with it.
    pub fn on_apdu(&mut self) -> LinkEvent {
        self.apdus = self.apdus.saturating_add(1);
        if self.remove_after.is_some_and(|n| self.apdus > n) {
            LinkEvent::Removed
        } else if self.mute_after.is_some_and(|n| self.apdus > n) {
            LinkEvent::Mute
        } else if self.get_response_loop.is_some_and(|n| self.apdus >= n) {
            LinkEvent::Plain(0x6100)
        } else if let Some((n, sw)) = self.plain_answer
            && n == self.apdus
        {
            LinkEvent::Plain(sw)
        } else if self.drop_sm_after.is_some_and(|n| self.apdus > n) {
            LinkEvent::DropSession
        } else {
            LinkEvent::Answer
        }
    }

    /// Counts one protected response; true when its MAC must be corrupted.
    pub fn on_protected_response(&mut self) -> bool {
        self.protected = self.protected.saturating_add(1);
        self.bad_mac_at == Some(self.protected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        for s in [
            "bad-mac-after=3",
            "lying-length=DG2",
            "bad-tlv=EF.COM",
            "remove-after=10",
            "mute-after=0",
            "pace-stall",
            "plain-answer-after=3:63C3",
            "get-response-loop=5",
            "wrong-counter",
            "drop-sm-after=7",
            "pace-6300=mse",
            "pace-6300=map",
            "pace-6300=token",
        ] {
            let f: Fault = s.parse().unwrap();
            assert_eq!(f.to_string(), s);
        }
        assert_eq!(
            "lying-length=dg11".parse(),
            Ok(Fault::LyingLength(FileName::Dg(11)))
        );
        assert!("lying-length=DG17".parse::<Fault>().is_err());
        assert!("bad-mac-after=x".parse::<Fault>().is_err());
        assert!("explode=1".parse::<Fault>().is_err());
        assert!("remove-after".parse::<Fault>().is_err());
        assert!("pace-stall=1".parse::<Fault>().is_err());
        assert_eq!(
            "plain-answer-after=4".parse(),
            Ok(Fault::PlainAnswerAfter(4, 0x9000))
        );
        assert_eq!("get-response-loop".parse(), Ok(Fault::GetResponseLoop(1)));
        assert!("plain-answer-after=4:9".parse::<Fault>().is_err());
        assert!("pace-6300=ca".parse::<Fault>().is_err());
        assert!("plain-answer-after=4:XXXX".parse::<Fault>().is_err());
    }

    #[test]
    fn file_faults() {
        let dg1 = vec![0x61, 0x03, 0x5F, 0x1F, 0x00];
        let mut lying = dg1.clone();
        corrupt_file(
            FileName::Dg(1),
            &mut lying,
            &[Fault::LyingLength(FileName::Dg(1))],
        );
        assert_eq!(lying, vec![0x61, 0x82, 0x03, 0xEB, 0x5F, 0x1F, 0x00]);
        let h = tlv::parse_header(&lying).unwrap();
        assert_eq!(h.value_len, 1003);
        let mut other = dg1.clone();
        corrupt_file(
            FileName::Dg(2),
            &mut other,
            &[Fault::LyingLength(FileName::Dg(1))],
        );
        assert_eq!(other, dg1);
        let mut garbage = dg1.clone();
        corrupt_file(
            FileName::Dg(1),
            &mut garbage,
            &[Fault::BadTlv(FileName::Dg(1))],
        );
        assert_eq!(garbage, vec![0xFF, 0xFF, 0xFF, 0x1F, 0x00]);
        assert!(tlv::parse_header(&garbage).is_err());
    }

    #[test]
    fn link_counters() {
        let mut l = LinkFaults::new(&[Fault::RemoveAfter(2), Fault::BadMacAfter(1)]);
        assert_eq!(l.on_apdu(), LinkEvent::Answer);
        assert_eq!(l.on_apdu(), LinkEvent::Answer);
        assert_eq!(l.on_apdu(), LinkEvent::Removed);
        assert!(l.on_protected_response());
        assert!(!l.on_protected_response());
        let mut m = LinkFaults::new(&[Fault::MuteAfter(0)]);
        assert_eq!(m.on_apdu(), LinkEvent::Mute);
        let mut p = LinkFaults::new(&[Fault::PlainAnswerAfter(2, 0x6A82), Fault::DropSmAfter(2)]);
        assert_eq!(p.on_apdu(), LinkEvent::Answer);
        assert_eq!(p.on_apdu(), LinkEvent::Plain(0x6A82));
        assert_eq!(p.on_apdu(), LinkEvent::DropSession);
        let mut g = LinkFaults::new(&[Fault::GetResponseLoop(2)]);
        assert_eq!(g.on_apdu(), LinkEvent::Answer);
        assert_eq!(g.on_apdu(), LinkEvent::Plain(0x6100));
        assert_eq!(g.on_apdu(), LinkEvent::Plain(0x6100));
        let mut none = LinkFaults::new(&[]);
        assert_eq!(none.on_apdu(), LinkEvent::Answer);
        assert!(!none.on_protected_response());
    }
}
