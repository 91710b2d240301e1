//! The command line (clap).

use std::path::PathBuf;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

/// Read, verify and use the Moroccan electronic identity card (CNIE) and
/// other ICAO 9303 travel documents through a PC/SC (NFC) reader.
///
/// The exit-code table follows the commands in `--help` ([`command`] adds it).
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
    /// The language of the messages: en, fr or ar (default: from LC_ALL, LC_MESSAGES
    /// or LANG; English when they name another language). JSON stays English.
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<crate::i18n::Lang>,
    /// Colour the verdict: auto (when stdout is a terminal and NO_COLOR is not set),
    /// always or never.
    #[arg(long, global = true, value_enum, default_value_t = crate::color::ColorChoice::Auto, value_name = "WHEN")]
    pub color: crate::color::ColorChoice,
    /// Print one JSON object on stdout (every command), also for a failure:
    /// `{"error": {"code": N, "kind": "...", "message": "..."}}` (docs/json.md).
    #[arg(long, global = true)]
    pub json: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The command line's definition, with the exit-code table after the commands
/// (`--help`, the man page and the completions all start from it).
pub fn command() -> clap::Command {
    let table = crate::exit::table_text();
    Cli::command()
        .after_help(table.clone())
        .after_long_help(table)
}

/// Parses the process's arguments against [`command`].
pub fn try_parse() -> Result<Cli, clap::Error> {
    command()
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches))
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the smart-card readers and whether each holds a card.
    Readers,
    /// Parse and check a machine readable zone (lines as arguments, or `-` for stdin).
    Mrz {
        /// MRZ lines (2 or 3), or one argument with the lines separated by spaces or newlines; `-` reads stdin.
        lines: Vec<String>,
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
    /// Print a shell completion script on stdout (e.g. `cnie completions bash >
    /// ~/.local/share/bash-completion/completions/cnie`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) on stdout (e.g. `cnie man > cnie.1; man -l cnie.1`).
    Man,
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
            Command::Readers
            | Command::Probe(_)
            | Command::Trust { .. }
            | Command::Completions { .. }
            | Command::Man => false,
        }
    }
}

/// `cnie trust` subcommands.
#[derive(Debug, Subcommand)]
pub enum TrustCommand {
    /// List every anchor: subject, key identifier, validity (expired ones marked),
    /// source (built-in, the user's store, --trust).
    List {
        /// Trust anchors.
        #[command(flatten)]
        trust: TrustArgs,
    },
    /// Add certificates (PEM/DER), CSCA master lists (.ml) and ICAO PKD LDIF files (master
    /// lists, DS certificates, CRLs) to the user's trust store ($CNIE_TRUST_DIR, else
    /// $XDG_DATA_HOME/cnie/trust, else ~/.local/share/cnie/trust), used by read and verify.
    Import {
        /// The files.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Import master lists whose signature or signer does not verify.
        #[arg(long)]
        force: bool,
    },
    /// Remove from the user's trust store every item whose SHA-256 fingerprint starts
    /// with MATCH (8 hex digits or more) or whose subject contains it.
    Remove {
        /// A fingerprint (prefix) or part of a subject.
        #[arg(value_name = "MATCH")]
        pattern: String,
    },
}

/// The access key: MRZ lines, MRZ fields, or CAN.
#[derive(Debug, Args)]
#[group(required = false, multiple = true)]
pub struct KeyArgs {
    /// The whole MRZ (lines separated by newlines or spaces); `-` reads it from standard
    /// input (its 2 or 3 lines), or asks for it without echo on a terminal, so that it
    /// appears neither in `ps` nor in the shell history.
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
    /// for another reason than a wrong CAN. `-` reads it from standard input (one
    /// line), or asks for it without echo on a terminal (read before `--mrz -`).
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
    /// Do not trust the built-in Moroccan CSCA certificates nor the user's trust store
    /// (`cnie trust import`): only --trust.
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
    /// The reader: its number in `cnie readers` (from 0), or the first reader whose
    /// name contains this text.
    #[arg(long, value_name = "N|NAME")]
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
    /// Read every card put on the reader, one after the other, until interrupted
    /// (Ctrl-C): one report (with --json, one JSON line) per card; a card removed
    /// mid-read is reported and the next one awaited. The access key is the same for
    /// every card.
    #[arg(long, conflicts_with_all = ["out", "photo", "html"])]
    pub watch: bool,
    /// The face as PNG, the HTML report, the face in the JSON.
    #[command(flatten)]
    pub views: ViewArgs,
}

/// What `read` and `verify` write besides the text or JSON report. Every file is
/// private (0600) and checked before the card is touched.
#[derive(Debug, Args)]
pub struct ViewArgs {
    /// Write the face image as a PNG file (JPEG 2000 and JPEG decoded; never over an
    /// existing file without --force-overwrite).
    #[arg(long, value_name = "FILE")]
    pub photo: Option<PathBuf>,
    /// Write a self-contained HTML report (the face, the holder's data, the verdict
    /// and the checks; no network, no script) in the chosen language.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// With --json: embed the face as a base64 PNG (`face.photo_png_base64`).
    #[arg(long, requires = "json")]
    pub embed_photo: bool,
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
    /// What the verdict requires.
    #[command(flatten)]
    pub verdict: VerdictArgs,
    /// The face as PNG, the HTML report, the face in the JSON.
    #[command(flatten)]
    pub views: ViewArgs,
    /// Replace --photo and --html files that already exist (regular files only).
    #[arg(long)]
    pub force_overwrite: bool,
}

/// The card and its eID application, for every PIN command.
#[derive(Debug, Args)]
pub struct EidArgs {
    /// The reader: its number in `cnie readers` (from 0), or the first reader whose
    /// name contains this text.
    #[arg(long, value_name = "N|NAME")]
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
}

/// `cnie probe`.
#[derive(Debug, Args)]
pub struct ProbeArgs {
    /// The reader: its number in `cnie readers` (from 0), or the first reader whose
    /// name contains this text.
    #[arg(long, value_name = "N|NAME")]
    pub reader: Option<String>,
    /// Seconds to wait for a card to be presented.
    #[arg(long, default_value_t = 15, value_name = "SECONDS")]
    pub wait: u64,
    /// Seconds to wait for each answer of the card before giving up.
    #[arg(long, default_value_t = 10, value_name = "SECONDS")]
    pub card_timeout: u64,
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
