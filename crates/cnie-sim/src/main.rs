//! `cnie-sim`: serve a software CNIE to pcscd, personalize card folders,
//! draw the synthetic face.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};

use cnie_sim::config::{AaHash, CaSettings};
use cnie_sim::pace_options::{ImAnswer, PaceCipher, PaceGroup, PaceMapping};
use cnie_sim::perso::{self, AaAlgorithm, AuthOptions, identity::Identity, signer::Signer};
use cnie_sim::vpcd::{self, End};
use cnie_sim::{CardImage, Chip, Fault};

/// The largest response payload a vpcd frame carries (2-byte length), less the status word.
const VPCD_MAX_RESPONSE: usize = 0xFFFF - 2;

#[derive(Parser)]
#[command(
    name = "cnie-sim",
    version,
    about = "A software CNIE (ICAO 9303 eMRTD chip) for tests"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Length {
    Short,
    Extended,
}

/// Which access-control protocols the card offers.
#[derive(Clone, Copy, ValueEnum)]
enum AccessMode {
    /// PACE only: EF.CardAccess present, BAC refused.
    Pace,
    /// BAC only: no EF.CardAccess, MSE:Set AT refused.
    Bac,
    /// Both (EF.CardAccess present and BAC allowed).
    Both,
}

#[derive(Subcommand)]
enum Command {
    /// Serve a card folder to pcscd through the vpcd driver.
    Serve {
        /// The card folder (raw files and card.toml).
        #[arg(long)]
        card: PathBuf,
        /// The vpcd driver's address.
        #[arg(long, default_value = vpcd::DEFAULT_ADDR)]
        vpcd: String,
        /// Accept extended-length APDUs or not (default: card.toml).
        #[arg(long, value_enum)]
        length: Option<Length>,
        /// Announce nothing about the APDU length (no card capabilities in the ATR, no
        /// EF.ATR/INFO), as many passports: the reader has to try.
        #[arg(long)]
        silent_length: bool,
        /// A card that refuses extended length (6700) and announces nothing: short
        /// length and --silent-length together.
        #[arg(long, conflicts_with = "length")]
        no_extended: bool,
        /// The largest plaintext response, in bytes (default: card.toml).
        #[arg(long)]
        max_response: Option<usize>,
        /// Access control offered (default: card.toml, where both is the default).
        #[arg(long, value_enum)]
        access: Option<AccessMode>,
        /// PACE domain parameters: p224 p256 p384 p521 brainpoolP224r1 brainpoolP256r1
        /// brainpoolP320r1 brainpoolP384r1 brainpoolP512r1, dh1024 (RFC 5114 1024-bit
        /// MODP group, 160-bit subgroup: parameter id 0), dh2048 (RFC 5114 2048-bit MODP
        /// group, 256-bit subgroup: parameter id 2) (default: card.toml, else
        /// brainpoolP256r1). Given twice, the card offers two PACEInfos (same cipher and
        /// mapping) and the terminal must name one with DO'84'.
        #[arg(long)]
        curve: Vec<PaceGroup>,
        /// PACE mapping: gm, im (integrated) or cam (ECDH and AES only) (default: card.toml,
        /// else gm).
        #[arg(long)]
        mapping: Option<PaceMapping>,
        /// PACE cipher: aes128 aes192 aes256 3des (default: card.toml, else aes128).
        #[arg(long)]
        cipher: Option<PaceCipher>,
        /// How the integrated-mapping step is answered: none (no data), 7c00 (the empty
        /// template) or 7c028200 (an empty DO'82') (default: card.toml, else 7c028200).
        #[arg(long)]
        im_answer: Option<ImAnswer>,
        /// Model a real chip's timing (see the timing module; `[timing]` in card.toml
        /// sets it too): with --log, the modelled time is printed at every power-off.
        #[arg(long)]
        timing: bool,
        /// The modelled link rate in kbit/s (106, 212, 424, 848); implies --timing.
        #[arg(long, value_name = "KBPS")]
        link_rate: Option<u32>,
        /// After a remove-after=N fault, put the card back on the reader MS
        /// milliseconds later (once): a card lifted off and put back.
        #[arg(long, value_name = "MS")]
        reinsert_after: Option<u64>,
        /// Inject a fault (repeatable): bad-mac-after=N, lying-length=DGn,
        /// bad-tlv=DGn, remove-after=N, mute-after=N, pace-stall,
        /// plain-answer-after=N[:SW], get-response-loop[=N], wrong-counter,
        /// drop-sm-after=N, pace-6300=mse|nonce|map|key|token (see the fault module).
        #[arg(long = "fault")]
        faults: Vec<Fault>,
        /// Print one line per APDU to stderr (no data, no keys).
        #[arg(long)]
        log: bool,
        /// Append every command APDU as received (hex, one a line) to FILE: what a relay
        /// would see, for tests that check no secret travels in plain.
        #[arg(long, value_name = "FILE")]
        wire_log: Option<PathBuf>,
        /// Seconds to keep trying to reach vpcd.
        #[arg(long, default_value_t = 10)]
        connect_timeout: u64,
    },
    /// Build a card folder from an identity file, a face image and a PKI folder.
    Personalize {
        /// The identity (TOML; see test-vectors/cards/specimen.toml).
        #[arg(long)]
        identity: PathBuf,
        /// The face image (JPEG).
        #[arg(long)]
        image: PathBuf,
        /// The PKI folder (NAME.pem and NAME.key of the document signer; eid-auth
        /// and eid-sign .pem/.key of the eID application).
        #[arg(long)]
        pki: PathBuf,
        /// The document signer's name in the PKI folder.
        #[arg(long, default_value = "ds")]
        signer: String,
        /// Leave out the eID application (by default it gets the PKI folder's
        /// eid-auth and eid-sign keys and certificates when the folder has them).
        #[arg(long)]
        no_eid: bool,
        /// Active Authentication: rsa (RSA-2048), rsa1024 or ecdsa (P-256): DG15 (and for
        /// ecdsa DG14's ActiveAuthenticationInfo), the chip's key in aa.key.pem.
        #[arg(long)]
        aa: Option<AaAlgorithm>,
        /// The hash of the RSA Active Authentication signature: sha1 (trailer BC) or
        /// sha256 (trailer 34CC).
        #[arg(long, default_value = "sha1")]
        aa_hash: AaHash,
        /// Chip Authentication v1 (ECDH): DG14, the chip's key in ca.key.hex.
        #[arg(long)]
        ca: bool,
        /// The Chip Authentication curve (a PACE curve name; default p256). Implies --ca.
        #[arg(long)]
        ca_curve: Option<PaceGroup>,
        /// The cipher after Chip Authentication: aes128 (default), aes192, aes256, 3des.
        /// Implies --ca.
        #[arg(long)]
        ca_cipher: Option<PaceCipher>,
        /// A cloned chip: DG14/DG15 carry the genuine public keys, the chip other private keys.
        #[arg(long)]
        clone: bool,
        /// A data group (3 to 16, e.g. 11: replaces the card's DG11 with an invented one
        /// with an address) on the chip and in EF.COM but not hashed in EF.SOD.
        #[arg(long)]
        extra_dg: Option<u8>,
        /// The card folder to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Draw the synthetic face (a cartoon, no real person) as JPEG.
    SynthFace {
        /// The JPEG file to write.
        #[arg(long)]
        out: PathBuf,
        /// JPEG quality (1-100).
        #[arg(long, default_value_t = perso::FACE_QUALITY)]
        quality: u8,
    },
}

fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("cnie-sim: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<(), String> {
    match command {
        Command::Serve {
            card,
            vpcd,
            length,
            silent_length,
            no_extended,
            max_response,
            access,
            curve,
            mapping,
            cipher,
            im_answer,
            timing,
            link_rate,
            reinsert_after,
            faults,
            log,
            wire_log,
            connect_timeout,
        } => serve(ServeArgs {
            card,
            addr: vpcd,
            length: if no_extended {
                Some(Length::Short)
            } else {
                length
            },
            silent_length: silent_length || no_extended,
            max_response,
            access,
            curve,
            mapping,
            cipher,
            im_answer,
            timing: (timing || link_rate.is_some()).then(|| cnie_sim::timing::Timing {
                link_kbps: link_rate.unwrap_or(424),
                ..Default::default()
            }),
            reinsert_after: reinsert_after.map(Duration::from_millis),
            faults,
            log,
            wire_log,
            patience: Duration::from_secs(connect_timeout),
        }),
        Command::Personalize {
            identity,
            image,
            pki,
            signer,
            no_eid,
            aa,
            aa_hash,
            ca,
            ca_curve,
            ca_cipher,
            clone,
            extra_dg,
            out,
        } => {
            let ca = (ca || ca_curve.is_some() || ca_cipher.is_some()).then(|| {
                let default = CaSettings::default();
                CaSettings {
                    curve: ca_curve.unwrap_or(default.curve),
                    cipher: ca_cipher.unwrap_or(default.cipher),
                }
            });
            if clone && aa.is_none() && ca.is_none() {
                return Err("--clone needs --aa or --ca (the keys it replaces)".to_owned());
            }
            let options = AuthOptions {
                aa,
                aa_hash,
                ca,
                clone,
                extra_dg,
            };
            let text = std::fs::read_to_string(&identity)
                .map_err(|e| format!("{}: {e}", identity.display()))?;
            let id = Identity::from_toml(&text).map_err(|e| e.to_string())?;
            let face = std::fs::read(&image).map_err(|e| format!("{}: {e}", image.display()))?;
            let signer = Signer::load(&pki, &signer).map_err(|e| e.to_string())?;
            let eid = if no_eid {
                None
            } else {
                perso::eid::load(&pki).map_err(|e| e.to_string())?
            };
            let card = perso::personalize_with(&id, &face, &signer, &options)
                .map_err(|e| e.to_string())?
                .with_eid(eid);
            card.save(&out).map_err(|e| e.to_string())?;
            eprintln!("cnie-sim: card written to {}", out.display());
            Ok(())
        }
        Command::SynthFace { out, quality } => {
            let jpeg = perso::face::jpeg(quality).map_err(|e| e.to_string())?;
            std::fs::write(&out, &jpeg).map_err(|e| format!("{}: {e}", out.display()))?;
            eprintln!(
                "cnie-sim: {} bytes written to {}",
                jpeg.len(),
                out.display()
            );
            Ok(())
        }
    }
}

struct ServeArgs {
    card: PathBuf,
    addr: String,
    length: Option<Length>,
    silent_length: bool,
    max_response: Option<usize>,
    access: Option<AccessMode>,
    curve: Vec<PaceGroup>,
    mapping: Option<PaceMapping>,
    cipher: Option<PaceCipher>,
    im_answer: Option<ImAnswer>,
    timing: Option<cnie_sim::timing::Timing>,
    reinsert_after: Option<Duration>,
    faults: Vec<Fault>,
    log: bool,
    wire_log: Option<PathBuf>,
    patience: Duration,
}

fn serve(args: ServeArgs) -> Result<(), String> {
    let mut image = CardImage::load(&args.card).map_err(|e| e.to_string())?;
    let transport = &mut image.config.transport;
    match args.length {
        Some(Length::Short) => transport.extended_length = false,
        Some(Length::Extended) => transport.extended_length = true,
        None => {}
    }
    if args.silent_length {
        transport.announce_length = false;
    }
    if let Some(n) = args.max_response {
        transport.max_response = n;
    }
    // A vpcd frame has a 2-byte length.
    transport.max_response = transport.max_response.min(VPCD_MAX_RESPONSE);
    let protocols = &mut image.config.protocols;
    match args.access {
        Some(AccessMode::Pace) => (protocols.bac, protocols.pace) = (false, true),
        Some(AccessMode::Bac) => (protocols.bac, protocols.pace) = (true, false),
        Some(AccessMode::Both) => (protocols.bac, protocols.pace) = (true, true),
        None => {}
    }
    let pace = &mut image.config.pace;
    match args.curve.as_slice() {
        [] => {}
        [one] => (pace.curve, pace.also) = (*one, None),
        [first, second] => (pace.curve, pace.also) = (*first, Some(*second)),
        _ => return Err("--curve: at most two groups (two PACEInfos)".to_owned()),
    }
    pace.supported_curve().map_err(|e| e.to_string())?;
    if let Some(mapping) = args.mapping {
        pace.mapping = mapping;
    }
    if let Some(cipher) = args.cipher {
        pace.cipher = cipher;
    }
    if let Some(answer) = args.im_answer {
        pace.im_answer = answer;
    }
    if args.timing.is_some() {
        image.config.timing = args.timing;
    }
    let mut chip = Chip::with_faults(&image, &args.faults).map_err(|e| e.to_string())?;
    if let Some(path) = &args.wire_log {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| format!("--wire-log {}: {e}", path.display()))?;
        chip.set_wire_logger(Box::new(move |line| {
            use std::io::Write;
            // Best effort: a test that reads the log finds what was written.
            let _ = writeln!(file, "{line}");
        }));
    }
    if args.log {
        chip.set_logger(Box::new(|line| eprintln!("cnie-sim: {line}")));
    }

    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        signal_hook::flag::register(signal, Arc::clone(&stop))
            .map_err(|e| format!("signal handler: {e}"))?;
    }
    let mut stream = vpcd::connect(&args.addr, args.patience, &stop).map_err(|e| e.to_string())?;
    let config = &image.config;
    let access = match (config.protocols.bac, config.protocols.pace) {
        (true, true) => format!("BAC and PACE {}", pace_summary(config)),
        (false, true) => format!("PACE {}", pace_summary(config)),
        _ => "BAC".to_owned(),
    };
    let mut eid = String::new();
    if image.eid.is_some() {
        eid.push_str(", eID application");
    }
    if image.keys.aa.is_some() {
        eid.push_str(", Active Authentication");
    }
    if let Some(ca) = &config.chip_authentication {
        eid.push_str(&format!(", Chip Authentication {} {}", ca.curve, ca.cipher));
    }
    eprintln!(
        "cnie-sim: serving {} on vpcd {} ({} length, max response {}, {access}{eid})",
        args.card.display(),
        args.addr,
        if config.transport.extended_length {
            "extended"
        } else {
            "short"
        },
        config.transport.max_response
    );
    let mut log = |line: &str| {
        if args.log {
            eprintln!("cnie-sim: {line}");
        }
    };
    let mut end =
        vpcd::serve(&mut chip, &mut stream, &stop, &mut log).map_err(|e| e.to_string())?;
    if let (End::Removed, Some(after)) = (&end, args.reinsert_after) {
        eprintln!(
            "cnie-sim: card removed (fault); back in {} ms",
            after.as_millis()
        );
        let until = std::time::Instant::now() + after;
        while std::time::Instant::now() < until && !stop.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(10));
        }
        chip.reinsert();
        stream = vpcd::connect(&args.addr, args.patience, &stop).map_err(|e| e.to_string())?;
        eprintln!("cnie-sim: card put back");
        end = vpcd::serve(&mut chip, &mut stream, &stop, &mut log).map_err(|e| e.to_string())?;
    }
    match end {
        End::Closed => eprintln!("cnie-sim: vpcd closed the connection"),
        End::Stopped => eprintln!("cnie-sim: stopped"),
        End::Removed => eprintln!("cnie-sim: card removed (fault)"),
    }
    if stop.load(Ordering::Relaxed) {
        eprintln!("cnie-sim: exiting on signal");
    }
    Ok(())
}

/// `ECDH-GM brainpoolP256r1 aes128` (each PACEInfo, `+`-separated).
fn pace_summary(config: &cnie_sim::CardConfig) -> String {
    let p = &config.pace;
    p.groups()
        .map(|group| {
            format!(
                "{}-{} {} {}",
                if group.is_dh() { "DH" } else { "ECDH" },
                p.mapping.name().to_ascii_uppercase(),
                group,
                p.cipher
            )
        })
        .collect::<Vec<_>>()
        .join(" + ")
}
