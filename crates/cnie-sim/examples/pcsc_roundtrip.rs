//! End-to-end check of `cnie-sim serve` through pcscd: finds the virtual
//! reader, runs BAC and reads every file of the specimen card with the
//! library, then measures the round trip of plain APDUs.
//!
//! ```sh
//! scripts/pcscd.sh start
//! cargo run -p cnie-sim -- serve --card test-vectors/cards/specimen &
//! cargo run -p cnie-sim --example pcsc_roundtrip [-- "Virtual PCD 00 00" [short]]
//! ```

use std::time::Instant;

use cnie::card::{Card, LengthMode};
use cnie::iso7816::{Transport, TransportError};

/// A minimal PC/SC transport (the library's own is another module).
struct Pcsc {
    card: pcsc::Card,
    atr: Vec<u8>,
}

impl Transport for Pcsc {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        let mut buf = vec![0u8; pcsc::MAX_BUFFER_SIZE_EXTENDED];
        let r = self
            .card
            .transmit(command, &mut buf)
            .map_err(|e| TransportError::Other(e.to_string()))?;
        Ok(r.to_vec())
    }

    fn atr(&self) -> Option<Vec<u8>> {
        Some(self.atr.clone())
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let wanted = args
        .next()
        .unwrap_or_else(|| "Virtual PCD 00 00".to_owned());
    let short = args.next().as_deref() == Some("short");
    let ctx = pcsc::Context::establish(pcsc::Scope::User)?;
    let readers = ctx.list_readers_owned()?;
    println!("readers: {readers:?}");
    let name = readers
        .into_iter()
        .find(|r| r.to_string_lossy() == wanted)
        .ok_or("virtual reader not found")?;
    let card = ctx.connect(&name, pcsc::ShareMode::Shared, pcsc::Protocols::ANY)?;
    let atr = card.status2_owned()?.atr().to_vec();
    println!("ATR: {}", hex::encode_upper(&atr));

    let mut channel = Card::new(Pcsc { card, atr });
    channel.set_length_mode(if short {
        LengthMode::Short
    } else {
        LengthMode::Extended
    });
    channel.select_application(&[0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01])?;
    let key = cnie::keys::MrzKey::new("AB0123456", "900115", "310115")?;
    let start = Instant::now();
    cnie::bac::authenticate(&mut channel, &key)?;
    for (name, sfi) in [
        ("EF.COM", 0x1E),
        ("EF.SOD", 0x1D),
        ("DG1", 1),
        ("DG2", 2),
        ("DG11", 11),
    ] {
        let data = channel.read_file(sfi, |_, _| {})?;
        println!("{name}: {} bytes", data.len());
    }
    let stats = channel.stats();
    println!(
        "BAC + 5 files: {} APDUs, {} bytes received, {:.1} ms",
        stats.apdus,
        stats.bytes_received,
        start.elapsed().as_secs_f64() * 1000.0
    );

    // Plain round trips: GET CHALLENGE (the chip drops its session: 6988 first).
    let mut transport = channel.into_transport();
    let get_challenge = [0x00, 0x84, 0x00, 0x00, 0x08];
    transport.transmit(&get_challenge)?;
    let n = 500;
    let start = Instant::now();
    for _ in 0..n {
        let r = transport.transmit(&get_challenge)?;
        assert_eq!(r.len(), 10);
    }
    let per = start.elapsed().as_secs_f64() * 1000.0 / f64::from(n);
    println!("plain APDU round trip: {per:.3} ms average over {n}");
    Ok(())
}
