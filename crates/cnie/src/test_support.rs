//! Test support (declared `#[cfg(test)] pub(crate) mod test_support;` in `lib.rs`: test
//! code only). The one place for what the unit tests share:
//!
//! - the test vectors: [`vectors_dir`] finds `test-vectors/` through `CARGO_MANIFEST_DIR`,
//!   [`read_vector`] and [`json_vector`] read a file of it;
//! - the built-in trust PEMs ([`trust_dir`]: `crates/cnie/trust/`, the one copy of the
//!   Moroccan CSCA certificates, also used by `include_str!` in `pa::trust`);
//! - hex and JSON-field helpers ([`hex`], [`hex_upper`], [`str_field`], [`hex_field`],
//!   [`hex_value`]);
//! - the one scripted transport, [`ScriptedTransport`].
//!
//! Fakes that model a card as a state machine, not a script: [`eid_mock::MockCard`] (an
//! ISO 7816-8 eID card, shared by the `eid` tests) lives here; two more stay beside the only
//! tests that use them and say so: `bac::tests::MockChip` (a BAC chip with secure
//! messaging) and `chip_auth::tests::Chip` (a Chip Authentication chip).

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::iso7816::{Transport, TransportError};

pub(crate) mod eid_mock;

// --- Test vectors ---

/// The repository's `test-vectors/` folder (`crates/cnie/../../test-vectors`).
pub(crate) fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../test-vectors")
}

/// The path of `rel` under `test-vectors/`.
pub(crate) fn vector_path(rel: impl AsRef<Path>) -> PathBuf {
    vectors_dir().join(rel)
}

/// The bytes of `test-vectors/<rel>`; panics naming the path when it cannot be read.
pub(crate) fn read_vector(rel: impl AsRef<Path>) -> Vec<u8> {
    let path = vector_path(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The bytes of `test-vectors/<rel>`, or `None` when there is no such file.
pub(crate) fn try_read_vector(rel: impl AsRef<Path>) -> Option<Vec<u8>> {
    std::fs::read(vector_path(rel)).ok()
}

/// `test-vectors/<name>` parsed as JSON.
pub(crate) fn json_vector(name: impl AsRef<Path>) -> Value {
    let path = vector_path(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The crate's built-in trust anchors (`crates/cnie/trust/`, the Moroccan CSCA PEMs).
pub(crate) fn trust_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("trust")
}

// --- Hex and JSON fields ---

/// Hex to bytes; white space (between bytes or groups) is ignored.
pub(crate) fn hex(s: &str) -> Vec<u8> {
    let digits: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    hex::decode(&digits).unwrap_or_else(|e| panic!("hex {s:?}: {e}"))
}

/// Bytes to upper-case hex.
pub(crate) fn hex_upper(bytes: &[u8]) -> String {
    hex::encode_upper(bytes)
}

/// The string field `key` of a JSON object; panics naming it when missing.
pub(crate) fn str_field<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("missing string {key:?}"))
}

/// The hex string field `key` of a JSON object, decoded.
pub(crate) fn hex_field(v: &Value, key: &str) -> Vec<u8> {
    hex(str_field(v, key))
}

/// A JSON value that is a hex string, decoded.
pub(crate) fn hex_value(v: &Value) -> Vec<u8> {
    hex(v.as_str().unwrap_or_else(|| panic!("not a string: {v}")))
}

// --- The scripted transport ---

/// One step of a script: the command expected (`None`: any) and what the card does.
#[derive(Debug)]
struct Step {
    expect: Option<Vec<u8>>,
    answer: Result<Vec<u8>, TransportError>,
}

/// Commands starting with `prefix` get `answers` in turn, then `last` for ever.
#[derive(Debug)]
struct Rule {
    prefix: Vec<u8>,
    answers: VecDeque<Vec<u8>>,
    last: Vec<u8>,
}

/// A card that plays a script, for tests.
///
/// Each command goes, in order, to:
/// 1. the failure set by [`fail_from`](Self::fail_from), once that many commands were sent;
/// 2. the next step of the queue ([`expect`](Self::expect), [`reply`](Self::reply),
///    [`fail`](Self::fail)): the command is checked against the expected one (an
///    `assert_eq!` on their hex) and the canned answer or error is returned;
/// 3. when the queue is empty, the first rule ([`on`](Self::on)) whose prefix matches;
/// 4. the [`otherwise`](Self::otherwise) answer, if set;
/// 5. else `TransportError::Other("script over")`.
///
/// Every command is recorded ([`sent`](Self::sent)); the ATR is optional
/// ([`with_atr`](Self::with_atr)).
#[derive(Debug, Default)]
pub(crate) struct ScriptedTransport {
    steps: VecDeque<Step>,
    rules: Vec<Rule>,
    otherwise: Option<Vec<u8>>,
    fail_from: Option<(usize, TransportError)>,
    atr: Option<Vec<u8>>,
    sent: Vec<Vec<u8>>,
}

impl ScriptedTransport {
    /// An empty script: every command is "script over".
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Queues a step: `command` must come next (`None`: any command), and gets `answer`.
    pub(crate) fn step(
        mut self,
        command: Option<Vec<u8>>,
        answer: Result<Vec<u8>, TransportError>,
    ) -> Self {
        self.steps.push_back(Step {
            expect: command,
            answer,
        });
        self
    }

    /// Queues `command` (exactly) answered by `response`.
    pub(crate) fn expect(self, command: impl Into<Vec<u8>>, response: impl Into<Vec<u8>>) -> Self {
        self.step(Some(command.into()), Ok(response.into()))
    }

    /// Queues each `(command, response)` pair in turn, commands checked exactly.
    pub(crate) fn expecting(mut self, pairs: impl IntoIterator<Item = (Vec<u8>, Vec<u8>)>) -> Self {
        for (command, response) in pairs {
            self = self.expect(command, response);
        }
        self
    }

    /// Queues `response` to whatever command comes next.
    pub(crate) fn reply(self, response: impl Into<Vec<u8>>) -> Self {
        self.step(None, Ok(response.into()))
    }

    /// Queues a failure (e.g. `TransportError::Timeout`) of whatever command comes next.
    pub(crate) fn fail(self, error: TransportError) -> Self {
        self.step(None, Err(error))
    }

    /// After the queue: commands starting with `prefix` (hex) get `answers` (hex) in turn,
    /// then `last` (hex) for ever. The first matching rule wins.
    pub(crate) fn on(mut self, prefix: &str, answers: &[&str], last: &str) -> Self {
        self.rules.push(Rule {
            prefix: hex(prefix),
            answers: answers.iter().map(|a| hex(a)).collect(),
            last: hex(last),
        });
        self
    }

    /// The answer (hex) to a command that neither the queue nor a rule answers.
    pub(crate) fn otherwise(mut self, response: &str) -> Self {
        self.otherwise = Some(hex(response));
        self
    }

    /// Every command after the first `n` fails with `error` (a card removed mid-way).
    pub(crate) fn fail_from(mut self, n: usize, error: TransportError) -> Self {
        self.fail_from = Some((n, error));
        self
    }

    /// The answer to reset the transport reports.
    pub(crate) fn with_atr(mut self, atr: impl Into<Vec<u8>>) -> Self {
        self.atr = Some(atr.into());
        self
    }

    /// Every command sent, in order.
    pub(crate) fn sent(&self) -> &[Vec<u8>] {
        &self.sent
    }

    /// Whether every queued step was played.
    pub(crate) fn is_done(&self) -> bool {
        self.steps.is_empty()
    }
}

impl Transport for ScriptedTransport {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        let index = self.sent.len();
        self.sent.push(command.to_vec());
        if let Some((n, error)) = &self.fail_from
            && index >= *n
        {
            return Err(error.clone());
        }
        if let Some(step) = self.steps.pop_front() {
            if let Some(expected) = step.expect {
                assert_eq!(
                    hex_upper(command),
                    hex_upper(&expected),
                    "command {index} differs from the script"
                );
            }
            return step.answer;
        }
        for rule in &mut self.rules {
            if command.starts_with(&rule.prefix) {
                return Ok(rule
                    .answers
                    .pop_front()
                    .unwrap_or_else(|| rule.last.clone()));
            }
        }
        match &self.otherwise {
            Some(answer) => Ok(answer.clone()),
            None => Err(TransportError::Other("script over".into())),
        }
    }

    fn atr(&self) -> Option<Vec<u8>> {
        self.atr.clone()
    }
}

#[test]
fn scripted_transport_plays_steps_rules_and_failures() {
    let mut t = ScriptedTransport::new()
        .expect(hex("00 84 00 00 08"), hex("0102030405060708 9000"))
        .reply(hex("6982"))
        .fail(TransportError::Timeout)
        .on("00B0", &["AA9000"], "6B00")
        .with_atr(hex("3B00"));
    assert_eq!(t.atr(), Some(vec![0x3B, 0x00]));
    assert_eq!(
        t.transmit(&hex("0084000008")).unwrap(),
        hex("01020304050607089000")
    );
    assert_eq!(t.transmit(&[0x00, 0xA4]).unwrap(), hex("6982"));
    assert_eq!(t.transmit(&[0x00]), Err(TransportError::Timeout));
    assert!(t.is_done());
    assert_eq!(t.transmit(&hex("00B00000")).unwrap(), hex("AA9000"));
    assert_eq!(t.transmit(&hex("00B00000")).unwrap(), hex("6B00"));
    assert!(matches!(
        t.transmit(&[0x00, 0xA4]),
        Err(TransportError::Other(_))
    ));
    assert_eq!(t.sent().len(), 6);

    let mut t = ScriptedTransport::new()
        .otherwise("6A82")
        .fail_from(1, TransportError::CardRemoved);
    assert_eq!(t.transmit(&[0x00]).unwrap(), hex("6A82"));
    assert_eq!(t.transmit(&[0x00]), Err(TransportError::CardRemoved));
}

#[test]
#[should_panic(expected = "differs from the script")]
fn scripted_transport_checks_commands() {
    let mut t = ScriptedTransport::new().expect(vec![0x00, 0x84], vec![0x90, 0x00]);
    let _ = t.transmit(&[0x00, 0x85]);
}

#[test]
fn vectors_and_hex() {
    assert!(vectors_dir().join("mrz.json").is_file());
    assert!(trust_dir().is_dir());
    assert_eq!(hex("0a 0B\n0c"), vec![0x0A, 0x0B, 0x0C]);
    assert_eq!(hex_upper(&[0xAB, 0x01]), "AB01");
    let v = serde_json::json!({ "k": "0102" });
    assert_eq!(str_field(&v, "k"), "0102");
    assert_eq!(hex_field(&v, "k"), vec![1, 2]);
    assert_eq!(hex_value(&v["k"]), vec![1, 2]);
}

/// A trust store with the test PKI's CSCA (`test-vectors/pki/csca.pem`).
pub(crate) fn test_pki_trust() -> crate::pa::TrustStore {
    let mut store = crate::pa::TrustStore::new();
    store
        .add_path(vector_path("pki/csca.pem"))
        .expect("the test CSCA");
    store
}

/// 2026-11-23, the day the specimen's verdict tests run at.
pub(crate) fn specimen_day() -> std::time::SystemTime {
    std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_795_392_000)
}
