//! `cnie`: read, verify and use the Moroccan electronic identity card (CNIE)
//! and other ICAO 9303 documents from a PC/SC reader.

#[macro_use]
mod i18n;
mod args;
mod color;
mod commands;
mod core_dump;
mod dump;
mod exit;
mod html;
mod output;
mod photo;
mod private_file;
mod progress;
mod report;
mod secret;
mod secret_line;

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = args::parse();
    i18n::init(cli.lang);
    color::init(cli.color);
    match commands::run(cli) {
        Ok(code) => ExitCode::from(code as u8),
        Err(failure) => {
            eprint!(
                "{}",
                i18n::directional(&format!("cnie: {}\n", failure.message))
            );
            ExitCode::from(failure.code as u8)
        }
    }
}
