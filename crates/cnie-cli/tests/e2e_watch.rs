//! End to end: `cnie read --watch` reads card after card through pcscd, vpcd and the
//! software card, survives a card lifted off mid-read, and stops cleanly on Ctrl-C. The
//! one test of its binary: the watcher reads whatever card comes, so no other test's
//! card may appear meanwhile (cargo runs test binaries one after another).

mod common;

use std::io::BufRead;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::{READER, Sim, csca, enabled};

const CAN: &str = "246810";

/// `cnie read --watch --json` running in the background, its stdout lines on a channel.
struct Watcher {
    child: std::process::Child,
    lines: mpsc::Receiver<String>,
}

impl Watcher {
    fn start() -> Watcher {
        let trust = csca();
        let mut child = Command::new(env!("CARGO_BIN_EXE_cnie"))
            .args([
                "read", "--watch", "--json", "--reader", READER, "--trust", &trust, "--can", CAN,
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run cnie read --watch");
        let out = child.stdout.take().expect("stdout");
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(out).lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        Watcher { child, lines }
    }

    /// The next JSON line (a card's report or its error), within 20 s.
    fn next(&self, what: &str) -> serde_json::Value {
        let line = self
            .lines
            .recv_timeout(Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("no JSON line for {what}"));
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("{what}: {e}: {line}"))
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn watch_reads_card_after_card_survives_a_removal_and_stops_on_ctrl_c() {
    if !enabled() {
        return;
    }
    let mut watcher = Watcher::start();
    // The first card.
    {
        let _sim = Sim::start(&[]);
        let first = watcher.next("the first card");
        assert_eq!(first["verdict"]["status"], "authentic", "{first}");
    }
    // The card taken away; another put on, lifted off mid-read (after 8 commands: PACE
    // done, the files being read) and put back 700 ms later.
    {
        let _sim = Sim::start(&["--fault", "remove-after=8", "--reinsert-after", "700"]);
        let cut = watcher.next("the card removed mid-read");
        assert_eq!(cut["error"]["code"], 7, "{cut}");
        assert_eq!(cut["error"]["kind"], "card_lost", "{cut}");
        let again = watcher.next("the card put back");
        assert_eq!(again["verdict"]["status"], "authentic", "{again}");
        assert!(again["stats"]["apdus"].as_u64().unwrap() > 8, "{again}");
    }
    // Ctrl-C while waiting for the next card: a clean stop.
    let pid = watcher.child.id().to_string();
    let kill = Command::new("kill").args(["-INT", &pid]).status();
    assert!(kill.is_ok_and(|s| s.success()));
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = watcher.child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "still running after Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0));
    let mut err = String::new();
    if let Some(mut e) = watcher.child.stderr.take() {
        let _ = std::io::Read::read_to_string(&mut e, &mut err);
    }
    assert!(err.contains("stopped: 3 cards presented"), "{err}");
    assert!(
        watcher.lines.try_recv().is_err(),
        "nothing after the last card"
    );
}
