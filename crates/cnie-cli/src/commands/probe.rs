//! `cnie probe`: what an unknown card answers (being written).

use clap::Args;

use crate::exit::{Code, Failure};

/// `cnie probe`.
#[derive(Debug, Args)]
pub struct ProbeArgs {
    /// Use the first reader whose name contains this text.
    #[arg(long, value_name = "NAME")]
    pub reader: Option<String>,
}

/// Runs `cnie probe`; `trace` prints every APDU to stderr.
pub fn run(_args: &ProbeArgs, _trace: bool) -> Result<Code, Failure> {
    Err(Failure::new(Code::Failure, "probe is not implemented yet"))
}
