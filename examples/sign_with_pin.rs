//! Signs a message with the card's signature key, the way a service provider
//! embeds `cnie`: PACE with the CAN, the eID application of the default profile,
//! the PIN's retry counter first, one VERIFY (never retried, the last try kept),
//! then a signature that the library has already checked against the card's
//! certificate.
//!
//! ```sh
//! echo 1234 | cargo run -p cnie --example sign_with_pin -- 246810 "message to sign"
//! ```
//! The PIN is read from standard input, never from the command line.

use std::io::BufRead;
use std::time::Duration;

use cnie::card::Card;
use cnie::eid::{EidSession, Pin, PinStatus, Profile};
use cnie::keys::{AccessKey, Can};
use cnie::pcsc::PcscTransport;
use cnie::session::{ReadOptions, open_card};
use zeroize::Zeroizing;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(can), Some(message)) = (args.next(), args.next()) else {
        return Err("usage: sign_with_pin CAN MESSAGE (the PIN on stdin)".into());
    };
    let profile = Profile::default_cnie();
    let key = AccessKey::Can(Can::new(&can)?);
    let transport = PcscTransport::connect(None, Duration::from_secs(15), |_| {})?;
    let mut card = Card::new(transport);
    open_card(&mut card, &[key], &ReadOptions::default(), |_| {})?;

    let mut session = EidSession::new(&mut card, &profile);
    session.select()?;
    match session.pin_status()? {
        PinStatus::TriesLeft(1) => return Err("one PIN try left: not spending it here".into()),
        PinStatus::Blocked => return Err("the PIN is blocked: unblock it with the PUK".into()),
        status => eprintln!("PIN status: {status:?}"),
    }
    let mut line = Zeroizing::new(String::new());
    std::io::stdin().lock().read_line(&mut line)?;
    let pin = Pin::new(line.trim_end(), &profile.pin)?;
    session.verify_pin(&pin, false)?;

    let signature = session.sign(message.as_bytes())?;
    println!("signature (DER) {}", hex::encode(signature.to_der()));
    println!("certificate (DER) {}", hex::encode(signature.certificate()));
    Ok(())
}
