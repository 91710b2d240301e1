//! The command line (clap).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Read, verify and use the Moroccan electronic identity card (CNIE) and
/// other ICAO 9303 travel documents through a PC/SC (NFC) reader.
#[derive(Debug, Parser)]
#[command(name = "cnie", version, about, long_about = None)]
pub struct Cli {
    /// Print every APDU exchanged to stderr (plaintext inside secure messaging too),
    /// shareable: PIN, PUK and BAC cryptograms redacted, the data read from the card
    /// (MRZ, names, face, certificates) and PACE values shown as lengths and tags.
    #[arg(long, global = true)]
    pub trace: bool,
    /// As --trace, with the data read from the card and the PACE values shown: the
    /// trace then holds the holder's personal data and the MRZ (the access password).
    /// PIN, PUK and BAC cryptograms stay redacted.
    #[arg(long, global = true)]
    pub trace_data: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the smart-card readers and whether each holds a card.
    Readers {
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Parse and check a machine readable zone (lines as arguments, or `-` for stdin).
    Mrz {
        /// MRZ lines (2 or 3), or one argument with the lines separated by spaces or newlines; `-` reads stdin.
        lines: Vec<String>,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Read a document from a card, check it and print it.
    Read(ReadArgs),
    /// Check a dump folder written by `read --out` (offline passive authentication).
    Verify(VerifyArgs),
    /// Check the PIN: shows the tries left first, never retries, and refuses to
    /// spend the last try without --force.
    VerifyPin(PinArgs),
    /// Change the PIN (old PIN, then the new one twice).
    ChangePin(PinArgs),
    /// Unblock the PIN with the PUK, setting a new PIN.
    UnblockPin(UnblockArgs),
    /// List the eID application's certificates and export them.
    Certs(CertsArgs),
    /// Sign a file with the card's signature key (PIN needed); the signature is
    /// verified against the card's certificate before it is written.
    Sign(SignArgs),
    /// Sign a service provider's challenge with the authentication key (PIN
    /// needed): challenge-response login.
    Authenticate(AuthenticateArgs),
    /// Report what an unknown card answers (ATR, EF.DIR, EF.CardAccess, known
    /// applications); no PIN asked, nothing written, no personal data.
    Probe(ProbeArgs),
    /// Inspect the trust anchors (CSCA certificates) used for passive authentication.
    Trust {
        /// What to do.
        #[command(subcommand)]
        action: TrustCommand,
    },
}

impl Command {
    /// Whether the command handles a PIN, a PUK, a CAN, an MRZ or the holder's data
    /// (core dumps are turned off for it). One arm a command, no fallback: a new
    /// command must decide.
    pub fn handles_secrets(&self) -> bool {
        match self {
            Command::Mrz { .. }
            | Command::Read(_)
            | Command::Verify(_)
            | Command::VerifyPin(_)
            | Command::ChangePin(_)
            | Command::UnblockPin(_)
            | Command::Certs(_)
            | Command::Sign(_)
            | Command::Authenticate(_) => true,
            Command::Readers { .. } | Command::Probe(_) | Command::Trust { .. } => false,
        }
    }
}

/// `cnie trust` subcommands.
#[derive(Debug, Subcommand)]
pub enum TrustCommand {
    /// List every anchor: subject, key identifier, validity, source.
    List {
        /// Trust anchors.
        #[command(flatten)]
        trust: TrustArgs,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
}

/// The access key: MRZ lines, MRZ fields, or CAN.
#[derive(Debug, Args)]
#[group(required = false, multiple = true)]
pub struct KeyArgs {
    /// The whole MRZ (lines separated by newlines or spaces).
    #[arg(long, conflicts_with_all = ["doc", "dob", "doe"])]
    pub mrz: Option<String>,
    /// Document (card) number, as in the MRZ (not the CIN).
    #[arg(long, requires_all = ["dob", "doe"])]
    pub doc: Option<String>,
    /// Date of birth, YYMMDD.
    #[arg(long, requires_all = ["doc", "doe"])]
    pub dob: Option<String>,
    /// Date of expiry, YYMMDD.
    #[arg(long, requires_all = ["doc", "dob"])]
    pub doe: Option<String>,
    /// Card access number (6 digits, on the front of the card). With MRZ data as
    /// well, PACE uses the CAN first and the MRZ data if PACE with the CAN fails
    /// for another reason than a wrong CAN.
    #[arg(long)]
    pub can: Option<String>,
}

/// Trust anchors for passive authentication.
#[derive(Debug, Args)]
pub struct TrustArgs {
    /// Add trust anchors: a PEM/DER certificate, a folder of them, or a CSCA master list (.ml).
    #[arg(long, value_name = "PATH")]
    pub trust: Vec<PathBuf>,
    /// Load a certificate revocation list (DER or PEM); CRL files in --trust folders are loaded too.
    #[arg(long, value_name = "PATH")]
    pub crl: Vec<PathBuf>,
    /// Do not trust the built-in Moroccan CSCA certificates.
    #[arg(long)]
    pub no_default_trust: bool,
    /// Load master lists even when their signature or signer does not verify (ICAO 9303-12 §8); their anchors are marked unverified.
    #[arg(long)]
    pub trust_unverified_list: bool,
}

/// What the verdict requires (`read` and `verify`).
#[derive(Debug, Args)]
pub struct VerdictArgs {
    /// Files that must have been read for an authentic verdict, comma-separated
    /// (default: EF.COM,EF.SOD,DG1,DG2); a missing one makes the verdict incomplete.
    #[arg(long, value_name = "FILES", value_delimiter = ',')]
    pub require: Vec<String>,
    /// Certificate validity: point-in-time (each certificate valid when it was used;
    /// one expired since is a warning) or now (every certificate valid at --at).
    #[arg(long, value_enum, default_value_t = Validity::PointInTime)]
    pub validity: Validity,
    /// The verification time (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, UTC; default: now).
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
}

/// `--validity`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Validity {
    /// The chain model of ICAO 9303-12.
    PointInTime,
    /// Every certificate at the verification time.
    Now,
}

/// `cnie read`.
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Use the first reader whose name contains this text.
    #[arg(long, value_name = "NAME")]
    pub reader: Option<String>,
    /// The access key.
    #[command(flatten)]
    pub key: KeyArgs,
    /// Trust anchors.
    #[command(flatten)]
    pub trust: TrustArgs,
    /// Write the raw files, document.json and the face image to this folder (created
    /// with mode 0700; files 0600, never over an existing one without --force-overwrite).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Write an evidence bundle to this file: every file read, the access protocol,
    /// the Active Authentication exchange, the time and the tool version, for `cnie
    /// verify FILE` offline (docs/evidence.md; mode 0600, never over an existing file
    /// without --force-overwrite).
    #[arg(long, value_name = "FILE")]
    pub evidence: Option<PathBuf>,
    /// Replace files that already exist (regular files only: a symbolic link, a folder
    /// or a device is never replaced). Without it an existing file is an error and
    /// nothing is written.
    #[arg(long)]
    pub force_overwrite: bool,
    /// Print one JSON object on stdout.
    #[arg(long)]
    pub json: bool,
    /// Seconds to wait for a card to be presented.
    #[arg(long, default_value_t = 15, value_name = "SECONDS")]
    pub wait: u64,
    /// Seconds to wait for each answer of the card before giving up.
    #[arg(long, default_value_t = 10, value_name = "SECONDS")]
    pub card_timeout: u64,
    /// APDU length fields: auto (extended when the card announces it), short or extended.
    #[arg(long, value_enum, default_value_t = Length::Auto)]
    pub length: Length,
    /// Refuse BAC when the card offers PACE: a PACE failure ends the read instead of
    /// falling back to the weaker protocol.
    #[arg(long)]
    pub require_pace: bool,
    /// The Active Authentication challenge (16 hex digits), e.g. from a backend's
    /// session, so that the chip's signed answer is bound to it.
    #[arg(long, value_name = "HEX")]
    pub challenge: Option<String>,
    /// What the verdict requires.
    #[command(flatten)]
    pub verdict: VerdictArgs,
}

/// APDU length preference on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Length {
    /// Extended length when the card announces it.
    Auto,
    /// Short APDUs only.
    Short,
    /// Extended-length APDUs.
    Extended,
}

/// `cnie verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// A dump folder (EF.COM.bin, EF.SOD.bin, DG1.bin ...) or an evidence bundle
    /// file (`cnie read --evidence FILE`).
    #[arg(value_name = "DIR|FILE")]
    pub dir: PathBuf,
    /// Trust anchors.
    #[command(flatten)]
    pub trust: TrustArgs,
    /// Print one JSON object on stdout.
    #[arg(long)]
    pub json: bool,
    /// What the verdict requires.
    #[command(flatten)]
    pub verdict: VerdictArgs,
}

/// The card and its eID application, for every PIN command.
#[derive(Debug, Args)]
pub struct EidArgs {
    /// Use the first reader whose name contains this text.
    #[arg(long, value_name = "NAME")]
    pub reader: Option<String>,
    /// The access key that opens the secure channel (PACE) before the eID
    /// application: the CAN printed on the front of the card, or the MRZ data.
    #[command(flatten)]
    pub key: KeyArgs,
    /// A card profile (TOML or JSON) describing the eID application; default: the
    /// built-in `cnie-default` (unconfirmed on a real card, see docs/eid.md).
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// Seconds to wait for a card to be presented.
    #[arg(long, default_value_t = 15, value_name = "SECONDS")]
    pub wait: u64,
    /// Seconds to wait for each answer of the card before giving up.
    #[arg(long, default_value_t = 10, value_name = "SECONDS")]
    pub card_timeout: u64,
}

/// How a PIN (or PUK) reaches `cnie`: never from the command line.
#[derive(Debug, Args)]
pub struct SecretArgs {
    /// Read the PIN (and PUK, new PIN) from standard input, one a line, instead of
    /// asking on the terminal.
    #[arg(long)]
    pub pin_stdin: bool,
    /// Spend the last remaining try (a wrong PIN then blocks the card).
    #[arg(long)]
    pub force: bool,
}

/// `cnie verify-pin` and `cnie change-pin`.
#[derive(Debug, Args)]
pub struct PinArgs {
    /// The card.
    #[command(flatten)]
    pub eid: EidArgs,
    /// The PIN input.
    #[command(flatten)]
    pub secret: SecretArgs,
}

/// `cnie unblock-pin`.
#[derive(Debug, Args)]
pub struct UnblockArgs {
    /// The card.
    #[command(flatten)]
    pub eid: EidArgs,
    /// The PUK (and new PIN) input.
    #[command(flatten)]
    pub secret: SecretArgs,
    /// Keep the current PIN: only reset its retry counter.
    #[arg(long)]
    pub keep_pin: bool,
}

/// `cnie certs`.
#[derive(Debug, Args)]
pub struct CertsArgs {
    /// The card.
    #[command(flatten)]
    pub eid: EidArgs,
    /// Write authentication.pem/.der and signature.pem/.der to this folder.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Replace files that already exist (regular files only: a symbolic link, a folder
    /// or a device is never replaced). Without it an existing file is an error and
    /// nothing is written.
    #[arg(long)]
    pub force_overwrite: bool,
    /// Print one JSON object on stdout.
    #[arg(long)]
    pub json: bool,
}

/// Signature encodings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SignatureFormat {
    /// DER `ECDSA-Sig-Value` (what `openssl dgst -verify` reads).
    Der,
    /// Raw `r || s` (64 bytes for P-256).
    Raw,
}

/// `cnie sign`.
#[derive(Debug, Args)]
pub struct SignArgs {
    /// The card.
    #[command(flatten)]
    pub eid: EidArgs,
    /// The PIN input.
    #[command(flatten)]
    pub secret: SecretArgs,
    /// The file to sign (SHA-256 is computed on the host).
    #[arg(long = "in", value_name = "FILE")]
    pub input: PathBuf,
    /// Where to write the signature.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Also write the signature key's certificate (PEM) here.
    #[arg(long, value_name = "PEM")]
    pub cert_out: Option<PathBuf>,
    /// Replace files that already exist (regular files only: a symbolic link, a folder
    /// or a device is never replaced). Without it an existing file is an error and
    /// nothing is written.
    #[arg(long)]
    pub force_overwrite: bool,
    /// Signature encoding: `der`/`raw` ECDSA over SHA-256 of the file, or `cms`
    /// (a detached CMS/CAdES-BES `SignedData`, e.g. `FILE.p7s`).
    #[arg(long, value_enum, default_value_t = SignFormat::Der)]
    pub format: SignFormat,
}

/// What `cnie sign` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SignFormat {
    /// DER `ECDSA-Sig-Value` (what `openssl dgst -verify` reads).
    Der,
    /// Raw `r || s` (64 bytes for P-256).
    Raw,
    /// Detached CMS `SignedData`, CAdES-BES, DER (what `openssl cms -verify` reads).
    Cms,
}

/// `cnie authenticate`.
#[derive(Debug, Args)]
pub struct AuthenticateArgs {
    /// The card.
    #[command(flatten)]
    pub eid: EidArgs,
    /// The PIN input.
    #[command(flatten)]
    pub secret: SecretArgs,
    /// The service provider's challenge, in hex (1 to 1024 bytes).
    #[arg(long, value_name = "HEX")]
    pub challenge: String,
    /// Write the signature here (else it is printed in hex).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Also write the authentication key's certificate (PEM) here.
    #[arg(long, value_name = "PEM")]
    pub cert_out: Option<PathBuf>,
    /// Replace files that already exist (regular files only: a symbolic link, a folder
    /// or a device is never replaced). Without it an existing file is an error and
    /// nothing is written.
    #[arg(long)]
    pub force_overwrite: bool,
    /// Signature encoding.
    #[arg(long, value_enum, default_value_t = SignatureFormat::Der)]
    pub format: SignatureFormat,
    /// Print one JSON object (challenge, signature, certificate) on stdout.
    #[arg(long)]
    pub json: bool,
}

/// `cnie probe`.
#[derive(Debug, Args)]
pub struct ProbeArgs {
    /// Use the first reader whose name contains this text.
    #[arg(long, value_name = "NAME")]
    pub reader: Option<String>,
    /// Seconds to wait for a card to be presented.
    #[arg(long, default_value_t = 15, value_name = "SECONDS")]
    pub wait: u64,
    /// Seconds to wait for each answer of the card before giving up.
    #[arg(long, default_value_t = 10, value_name = "SECONDS")]
    pub card_timeout: u64,
    /// Print one JSON object on stdout.
    #[arg(long)]
    pub json: bool,
    /// Also write the JSON report to this file.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace files that already exist (regular files only: a symbolic link, a folder
    /// or a device is never replaced). Without it an existing file is an error and
    /// nothing is written.
    #[arg(long)]
    pub force_overwrite: bool,
}

/// What `--trace`/`--trace-data` ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trace {
    /// No trace.
    Off,
    /// A shareable trace (`--trace`).
    Shareable,
    /// A trace with the card's data (`--trace-data`).
    WithData,
}

impl Cli {
    /// The trace asked for.
    pub fn trace_mode(&self) -> Trace {
        match (self.trace, self.trace_data) {
            (_, true) => Trace::WithData,
            (true, false) => Trace::Shareable,
            (false, false) => Trace::Off,
        }
    }
}
