//! One module per subcommand.

pub mod analysis;
mod certs;
mod cms;
mod connect;
mod eid;
mod key;
mod mrz;
mod pin;
mod probe;
mod read;
mod readers;
mod sign;
mod trust;
mod verify;

use crate::args::{Cli, Command, Trace, TrustCommand};
use crate::exit::{Code, Failure};

/// Runs the command and returns its exit code (or a failure to report).
pub fn run(cli: Cli) -> Result<Code, Failure> {
    let trace = cli.trace_mode();
    if trace == Trace::WithData {
        eprintln!(
            "warning: --trace-data shows the data read from the card (MRZ, names, face, certificates): the trace is personal data, do not share it"
        );
    }
    if cli.command.handles_secrets() {
        crate::core_dump::disable()?;
    }
    match cli.command {
        Command::Readers { json } => readers::run(json),
        Command::Mrz { lines, json } => mrz::run(&lines, json),
        Command::Read(args) => read::run(&args, trace),
        Command::Verify(args) => verify::run(&args),
        Command::Probe(args) => probe::run(&args, trace),
        Command::VerifyPin(args) => pin::verify(&args, trace),
        Command::ChangePin(args) => pin::change(&args, trace),
        Command::UnblockPin(args) => pin::unblock(&args, trace),
        Command::Certs(args) => certs::run(&args, trace),
        Command::Sign(args) => sign::sign(&args, trace),
        Command::Authenticate(args) => sign::authenticate(&args, trace),
        Command::Trust { action } => match action {
            TrustCommand::List { trust, json } => trust::list(&trust, json),
            TrustCommand::Import { files, force, json } => trust::import(&files, force, json),
            TrustCommand::Remove { pattern, json } => trust::remove(&pattern, json),
        },
    }
}

/// Prints a value as one JSON object on stdout.
pub fn print_json(value: &impl serde::Serialize) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::new(Code::Failure, format!("cannot encode JSON: {e}")))?;
    emit(&format!("{text}\n"))
}

/// Writes text to stdout; a closed pipe (`cnie … | head`) ends output quietly.
pub fn emit(text: &str) -> Result<(), Failure> {
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
            format!("cannot write to stdout: {e}"),
        )),
    }
}
