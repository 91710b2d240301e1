//! The modelled time of a full read of a card folder (see `cnie_sim::timing`), for
//! three reading strategies, in-process (no pcscd): `auto` (this reader as it is),
//! `short` (this reader with short APDUs only), and `chunk223` (what other readers do:
//! a 4-byte header first, then 223-byte chunks). Each runs PACE with the CAN and reads
//! every file EF.COM lists.
//!
//! ```sh
//! cargo run --release -p cnie-sim --example bench_read -- CARD_FOLDER [LINK_KBPS]
//! ```
//!
//! The last lines are one per strategy: `<strategy>: <ms> ms modelled, <n> APDUs`.

use std::path::PathBuf;
use std::process::ExitCode;

use cnie::card::Card;
use cnie::iso7816::{Command, Transport, ins};
use cnie::keys::{AccessKey, Can};
use cnie::lds::file::{EMRTD_AID, LdsFile};
use cnie::session::{LengthPreference, ReadOptions, open_card, read_document_from};
use cnie_sim::timing::Timing;
use cnie_sim::{CardImage, SimTransport};

/// The largest plaintext a short READ BINARY gets under secure messaging.
const CHUNK: usize = 223;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(folder) = args.next().map(PathBuf::from) else {
        eprintln!("usage: bench_read CARD_FOLDER [LINK_KBPS]");
        return ExitCode::from(2);
    };
    let kbps = args.next().and_then(|a| a.parse().ok()).unwrap_or(424);
    match run(&folder, kbps) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench_read: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(folder: &std::path::Path, kbps: u32) -> Result<(), String> {
    let image = CardImage::load(folder).map_err(|e| e.to_string())?;
    let can = image
        .config
        .access
        .can
        .as_ref()
        .ok_or("the card has no CAN")?
        .expose()
        .to_owned();
    let key = AccessKey::Can(Can::new(&can).map_err(|e| e.to_string())?);
    let timing = Timing {
        link_kbps: kbps,
        ..Timing::default()
    };
    println!(
        "card {} at {kbps} kbit/s, PACE {:?} with the CAN; model: {timing:?}",
        folder.display(),
        image.config.pace.mapping
    );
    // How the result depends on the per-APDU chip time (the model's least certain
    // figure): a table first, then the default model's lines.
    println!("per-APDU chip time (plain + secure messaging) -> auto / short / chunk223, ms");
    for (apdu_ms, sm_ms) in [(3.0, 2.0), (5.0, 5.0), (10.0, 8.0), (15.0, 15.0)] {
        let t = Timing {
            apdu_ms,
            secure_messaging_ms: sm_ms,
            ..timing
        };
        let mut row = Vec::new();
        for length in [LengthPreference::Auto, LengthPreference::Short] {
            let options = ReadOptions {
                length,
                ..ReadOptions::default()
            };
            row.push(replay("", &image, &key, &options, t)?);
        }
        row.push(chunked(&image, &key, t)?);
        let ms: Vec<String> = row
            .iter()
            .map(|l| l.split(':').nth(1).unwrap_or_default().trim().to_owned())
            .collect();
        println!("  {:>4.0} ms: {}", apdu_ms + sm_ms, ms.join(" | "));
    }
    let mut lines = Vec::new();
    for (name, length) in [
        ("auto", LengthPreference::Auto),
        ("short", LengthPreference::Short),
    ] {
        let options = ReadOptions {
            length,
            ..ReadOptions::default()
        };
        lines.push(replay(name, &image, &key, &options, timing)?);
    }
    lines.push(chunked(&image, &key, timing)?);
    for line in lines {
        println!("{line}");
    }
    Ok(())
}

/// Reads the card with `read_document_from`; the modelled time is taken when the
/// session drops the transport.
fn replay(
    name: &str,
    image: &CardImage,
    key: &AccessKey,
    options: &ReadOptions,
    timing: Timing,
) -> Result<String, String> {
    let mut transport = SimTransport::new(image).map_err(|e| e.to_string())?;
    transport.chip_mut().set_timing(Some(timing));
    let counted = Counted(transport);
    let card = Card::new(counted);
    let document = read_document_from(card, std::slice::from_ref(key), options, |_| {})
        .map_err(|e| format!("{name}: {e}"))?;
    let modelled = LAST_MODELLED.with(|m| m.get());
    Ok(format!(
        "{name}: {:.0} ms modelled, {} APDUs",
        modelled * 1000.0,
        document.stats.apdus
    ))
}

thread_local! {
    /// The modelled time of the last chip a [`Counted`] transport dropped, seconds.
    static LAST_MODELLED: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
}

/// A transport that reports its chip's modelled time when it is dropped (the session
/// keeps the transport to the end).
struct Counted(SimTransport);

impl Drop for Counted {
    fn drop(&mut self) {
        let seconds = self.0.chip().modelled_time().as_secs_f64();
        LAST_MODELLED.with(|m| m.set(seconds));
    }
}

impl Transport for Counted {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, cnie::iso7816::TransportError> {
        self.0.transmit(command)
    }
    fn atr(&self) -> Option<Vec<u8>> {
        self.0.atr()
    }
    fn reset(&mut self) -> Result<(), cnie::iso7816::TransportError> {
        self.0.reset()
    }
}

/// The strategy of other readers: PACE, then each file as a 4-byte header read and
/// 223-byte chunks.
fn chunked(image: &CardImage, key: &AccessKey, timing: Timing) -> Result<String, String> {
    let mut transport = SimTransport::new(image).map_err(|e| e.to_string())?;
    transport.chip_mut().set_timing(Some(timing));
    let mut card = Card::new(transport);
    let options = ReadOptions {
        length: LengthPreference::Short,
        ..ReadOptions::default()
    };
    open_card(&mut card, std::slice::from_ref(key), &options, |_| {})
        .map_err(|e| format!("chunk223: {e}"))?;
    card.select_application(&EMRTD_AID)
        .map_err(|e| e.to_string())?;
    let com = read_chunked(&mut card, LdsFile::Com)?;
    let listed = cnie::lds::com::Com::parse(&com).map_err(|e| e.to_string())?;
    read_chunked(&mut card, LdsFile::Sod)?;
    for file in listed.data_groups {
        read_chunked(&mut card, file)?;
    }
    let modelled = card.transport().chip().modelled_time();
    Ok(format!(
        "chunk223: {:.0} ms modelled, {} APDUs",
        modelled.as_secs_f64() * 1000.0,
        card.stats().apdus
    ))
}

fn read_chunked(card: &mut Card<SimTransport>, file: LdsFile) -> Result<Vec<u8>, String> {
    let first = Command::new(0x00, ins::READ_BINARY, 0x80 | file.sfi(), 0).with_le(4);
    let r = card.transmit(&first).map_err(|e| e.to_string())?;
    if !r.sw.is_data_valid() {
        // A file the card does not give (e.g. protected by Terminal Authentication).
        return Ok(Vec::new());
    }
    let header = cnie::tlv::parse_header(&r.data).map_err(|e| format!("{file}: {e}"))?;
    let total = header.total_len();
    let mut data = r.data;
    while data.len() < total {
        let offset = u16::try_from(data.len()).map_err(|_| "file too large")?;
        let [p1, p2] = offset.to_be_bytes();
        let want = (total - data.len()).min(CHUNK);
        let cmd = Command::new(0x00, ins::READ_BINARY, p1, p2).with_le(want);
        let r = card.transmit(&cmd).map_err(|e| e.to_string())?;
        if r.data.is_empty() {
            return Err(format!("{file}: no data at {offset}"));
        }
        data.extend_from_slice(&r.data);
    }
    Ok(data)
}
