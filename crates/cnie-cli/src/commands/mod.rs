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
        Command::Trust {
            action: TrustCommand::List { trust },
        } => trust::list(&trust, json),
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
