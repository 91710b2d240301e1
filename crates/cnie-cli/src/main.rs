//! `cnie`: read, verify and use the Moroccan electronic identity card (CNIE)
//! and other ICAO 9303 documents from a PC/SC reader.

#[macro_use]
mod i18n;
mod args;
mod color;
mod commands;
mod core_dump;
mod dump;
mod evidence;
mod exit;
mod html;
mod names;
mod output;
mod photo;
mod private_file;
mod progress;
mod report;
mod secret;
mod secret_line;
mod user_trust;

use std::process::ExitCode;

use clap::error::ErrorKind as ClapKind;

use exit::{Code, Failure};

fn main() -> ExitCode {
    let cli = match args::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage(&e),
    };
    let json = cli.json;
    // JSON is a contract: under --json every message (the error's too) is English.
    i18n::init(if json { Some(i18n::Lang::En) } else { cli.lang });
    color::init(cli.color);
    match commands::run(cli) {
        Ok(code) => ExitCode::from(code as u8),
        Err(failure) => fail(&failure, json),
    }
}

/// Reports a failure: one line on stderr, and under `--json` one error object on
/// stdout as well (docs/json.md).
fn fail(failure: &Failure, json: bool) -> ExitCode {
    eprint!(
        "{}",
        i18n::directional(&format!("cnie: {}\n", failure.message))
    );
    if json {
        // A closed stdout cannot be reported anywhere else: the exit code still says it.
        let _ = commands::print_json(&failure.to_json());
    }
    ExitCode::from(failure.code as u8)
}

/// A command line clap refused: its own message (and `--help`/`--version` as
/// usual), plus the JSON error object when `--json` was among the arguments.
fn usage(e: &clap::Error) -> ExitCode {
    if matches!(
        e.kind(),
        ClapKind::DisplayHelp
            | ClapKind::DisplayVersion
            | ClapKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) || !std::env::args_os().any(|a| a == "--json")
    {
        e.exit()
    }
    let _ = e.print();
    let rendered = e.render().to_string();
    let first = rendered.lines().next().unwrap_or_default();
    let text = first.strip_prefix("error: ").unwrap_or(first);
    let _ = commands::print_json(&Failure::new(Code::Usage, text).to_json());
    ExitCode::from(Code::Usage as u8)
}
