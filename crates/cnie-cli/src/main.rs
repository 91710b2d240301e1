//! `cnie`: read, verify and use the Moroccan electronic identity card (CNIE)
//! and other ICAO 9303 documents from a PC/SC reader.

mod args;
mod commands;
mod core_dump;
mod dump;
mod evidence;
mod exit;
mod output;
mod private_file;
mod progress;
mod report;
mod secret;
mod secret_line;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match commands::run(cli) {
        Ok(code) => ExitCode::from(code as u8),
        Err(failure) => {
            eprintln!("cnie: {}", failure.message);
            ExitCode::from(failure.code as u8)
        }
    }
}
