//! One module per subcommand.

pub mod analysis;
mod key;
mod mrz;
mod read;
mod readers;
mod verify;

use crate::args::{Cli, Command};
use crate::exit::{Code, Failure};

/// Runs the command and returns its exit code (or a failure to report).
pub fn run(cli: Cli) -> Result<Code, Failure> {
    match cli.command {
        Command::Readers { json } => readers::run(json),
        Command::Mrz { lines, json } => mrz::run(&lines, json),
        Command::Read(args) => read::run(&args),
        Command::Verify(args) => verify::run(&args),
    }
}

/// Prints a value as one JSON object on stdout.
pub fn print_json(value: &impl serde::Serialize) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::new(Code::Failure, format!("cannot encode JSON: {e}")))?;
    println!("{text}");
    Ok(())
}
pub use analysis::Report;
