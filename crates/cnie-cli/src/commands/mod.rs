//! One module per subcommand.

pub mod analysis;
mod certs;
mod cms;
mod connect;
mod eid;
mod key;
mod manual;
mod mrz;
mod pin;
mod probe;
mod read;
mod readers;
mod sign;
mod trust;
mod verify;
mod views;
mod watch;

use crate::args::{Cli, Command, Trace, TrustCommand};
use crate::exit::{Code, Failure};

/// Runs the command and returns its exit code (or a failure to report).
pub fn run(cli: Cli) -> Result<Code, Failure> {
    let trace = cli.trace_mode();
    if trace == Trace::WithData {
        note(&t!("warning-trace-data"));
    }
    if cli.command.handles_secrets() {
        crate::core_dump::disable()?;
    }
    let json = cli.json;
    match cli.command {
        Command::Readers => readers::run(json),
        Command::Mrz { lines } => mrz::run(&lines, json),
        Command::Read(args) => read::run(&args, trace, json),
        Command::Verify(args) => verify::run(&args, json),
        Command::Probe(args) => probe::run(&args, trace, json),
        Command::VerifyPin(args) => pin::verify(&args, trace, json),
        Command::ChangePin(args) => pin::change(&args, trace, json),
        Command::UnblockPin(args) => pin::unblock(&args, trace, json),
        Command::Certs(args) => certs::run(&args, trace, json),
        Command::Sign(args) => sign::sign(&args, trace, json),
        Command::Authenticate(args) => sign::authenticate(&args, trace, json),
        Command::Trust { action } => match action {
            TrustCommand::List { trust } => trust::list(&trust, json),
            TrustCommand::Import { files, force } => trust::import(&files, force, json),
            TrustCommand::Remove { pattern } => trust::remove(&pattern, json),
        },
        Command::Completions { shell } => manual::completions(shell),
        Command::Man => manual::man(),
    }
}

/// Prints a value as one JSON object on stdout.
pub fn print_json(value: &impl serde::Serialize) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value).map_err(|e| json_failure(&e))?;
    write_stdout(&format!("{text}\n"))
}

/// Prints a value as one JSON line on stdout (`read --watch`: one line a card).
pub fn print_json_line(value: &impl serde::Serialize) -> Result<(), Failure> {
    let text = serde_json::to_string(value).map_err(|e| json_failure(&e))?;
    write_stdout(&format!("{text}\n"))
}

/// The failure of a JSON encoding (an internal error).
pub fn json_failure(e: &serde_json::Error) -> Failure {
    Failure::new(
        Code::Failure,
        t!("json-encode-failed", detail = e.to_string()),
    )
}

/// Writes human-readable text to stdout, laid out for the language (right to left in
/// Arabic, see [`crate::i18n::directional`]).
pub fn emit(text: &str) -> Result<(), Failure> {
    write_stdout(&crate::i18n::directional(text))
}

/// One human-readable line on stderr (a status, a warning), laid out for the language.
pub fn note(text: &str) {
    eprint!("{}", crate::i18n::directional(&format!("{text}\n")));
}

/// Writes text to stdout as is; a closed pipe (`cnie … | head`) ends output quietly.
fn write_stdout(text: &str) -> Result<(), Failure> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::new(
            Code::Io,
            t!("stdout-failed", detail = e.to_string()),
        )),
    }
}
