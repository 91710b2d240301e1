//! The vpcd link against a fake driver on the loopback interface: control
//! codes, ATR, APDUs split in two writes as Debian's driver sends them,
//! clean ends.

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use cnie_sim::vpcd::{self, End};
use cnie_sim::{Chip, Fault};
use common::*;

/// Sends one frame the way the driver does: length, then payload, in two writes.
fn send(driver: &mut TcpStream, payload: &[u8]) {
    driver
        .write_all(&(payload.len() as u16).to_be_bytes())
        .unwrap();
    driver.flush().unwrap();
    driver.write_all(payload).unwrap();
    driver.flush().unwrap();
}

fn receive(driver: &mut TcpStream) -> Vec<u8> {
    let mut len = [0u8; 2];
    driver.read_exact(&mut len).unwrap();
    let mut payload = vec![0u8; u16::from_be_bytes(len) as usize];
    driver.read_exact(&mut payload).unwrap();
    payload
}

/// Runs `script` as the driver while the chip is served; returns how serving ended.
fn run(faults: &[Fault], script: impl FnOnce(&mut TcpStream) + Send + 'static) -> End {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let driver = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        script(&mut stream);
    });
    let stop = AtomicBool::new(false);
    let mut chip = Chip::with_faults(&icao_card(300), faults).unwrap();
    let mut stream = vpcd::connect(&addr, Duration::from_secs(5), &stop).unwrap();
    let end = vpcd::serve(&mut chip, &mut stream, &stop, &mut |_| {}).unwrap();
    driver.join().unwrap();
    end
}

#[test]
fn control_codes_atr_and_apdus() {
    let end = run(&[], |d| {
        send(d, &[1]); // power on
        send(d, &[4]); // ATR
        let atr = receive(d);
        assert_eq!(hex::encode_upper(&atr), "3B858001807394014022");
        // EF.CardAccess by SFI in the MF.
        send(d, &h("00B09C0004"));
        assert_eq!(receive(d), [pattern(4), vec![0x90, 0x00]].concat());
        send(d, &h("00CA000000"));
        assert_eq!(receive(d), vec![0x6D, 0x00]);
        send(d, &[2]); // reset
        send(d, &h("00B0000001"));
        assert_eq!(receive(d), vec![0x69, 0x86], "reset forgets the current EF");
        send(d, &[0]); // power off
    });
    assert_eq!(end, End::Closed);
}

#[test]
fn round_trips_are_fast() {
    run(&[], |d| {
        send(d, &[1]);
        let n = 200;
        let start = Instant::now();
        for _ in 0..n {
            send(d, &h("00B09C0010"));
            assert_eq!(receive(d).len(), 18);
        }
        let per = start.elapsed() / n;
        // Without TCP_NODELAY/QUICKACK a split frame costs ~40 ms.
        assert!(per < Duration::from_millis(10), "{per:?} per APDU");
    });
}

#[test]
fn removal_drops_the_link() {
    let end = run(&[Fault::RemoveAfter(1)], |d| {
        send(d, &[1]);
        send(d, &h("00B09C0004"));
        assert_eq!(receive(d).len(), 6);
        send(d, &h("00B09C0004"));
        let mut buf = [0u8; 2];
        assert_eq!(d.read(&mut buf).unwrap(), 0, "the card side closed");
    });
    assert_eq!(end, End::Removed);
}

#[test]
fn mute_card_says_nothing() {
    let end = run(&[Fault::MuteAfter(0)], |d| {
        d.set_read_timeout(Some(Duration::from_millis(300)))
            .unwrap();
        send(d, &[1]);
        send(d, &h("00B09C0004"));
        let mut buf = [0u8; 2];
        assert!(d.read(&mut buf).is_err(), "no answer expected");
        // Control codes still work.
        send(d, &[4]);
        d.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        assert_eq!(receive(d).len(), 10);
    });
    assert_eq!(end, End::Closed);
}

#[test]
fn connect_gives_up_in_time() {
    // A port nobody listens on (bound, then closed).
    let addr = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .to_string();
    let stop = AtomicBool::new(false);
    let start = Instant::now();
    assert!(vpcd::connect(&addr, Duration::from_millis(300), &stop).is_err());
    assert!(start.elapsed() < Duration::from_secs(3));
}
