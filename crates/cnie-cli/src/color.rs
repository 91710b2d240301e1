//! `--color auto|always|never` and `NO_COLOR`: the verdict in green (authentic), amber
//! (incomplete, not trusted) or red (invalid). `auto` colours only when stdout is a
//! terminal and `NO_COLOR` is unset or empty (<https://no-color.org>); `always` wins
//! over `NO_COLOR`. JSON is never coloured.

use std::io::IsTerminal;
use std::sync::OnceLock;

use cnie::VerdictStatus;

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// When stdout is a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    /// Always (even into a pipe, and despite `NO_COLOR`).
    Always,
    /// Never.
    Never,
}

static ENABLED: OnceLock<bool> = OnceLock::new();

/// Whether `choice` colours, given `NO_COLOR` and whether stdout is a terminal.
pub fn decide(choice: ColorChoice, no_color: Option<&str>, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && no_color.is_none_or(str::is_empty),
    }
}

/// Decides once, from `--color`, `NO_COLOR` and stdout.
pub fn init(choice: ColorChoice) {
    let no_color = std::env::var("NO_COLOR").ok();
    let _ = ENABLED.set(decide(
        choice,
        no_color.as_deref(),
        std::io::stdout().is_terminal(),
    ));
}

fn enabled() -> bool {
    ENABLED.get().copied().unwrap_or(false)
}

/// The SGR colour of a verdict: green, amber (yellow), red.
fn sgr(status: VerdictStatus) -> &'static str {
    match status {
        VerdictStatus::Authentic => "1;32",
        VerdictStatus::Incomplete | VerdictStatus::NotTrusted => "1;33",
        VerdictStatus::Invalid => "1;31",
    }
}

/// `text` in the colour of `status`, when colour is on.
pub fn verdict(status: VerdictStatus, text: &str) -> String {
    paint(enabled(), status, text)
}

fn paint(on: bool, status: VerdictStatus, text: &str) -> String {
    if on {
        format!("\x1b[{}m{text}\x1b[0m", sgr(status))
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_follows_the_terminal_and_no_color() {
        assert!(decide(ColorChoice::Auto, None, true));
        assert!(decide(ColorChoice::Auto, Some(""), true));
        assert!(!decide(ColorChoice::Auto, Some("1"), true));
        assert!(!decide(ColorChoice::Auto, None, false));
        assert!(decide(ColorChoice::Always, Some("1"), false));
        assert!(!decide(ColorChoice::Never, None, true));
    }

    #[test]
    fn each_verdict_has_its_colour() {
        assert_eq!(paint(false, VerdictStatus::Invalid, "X"), "X");
        assert_eq!(
            paint(true, VerdictStatus::Authentic, "OK"),
            "\x1b[1;32mOK\x1b[0m"
        );
        assert!(paint(true, VerdictStatus::NotTrusted, "X").starts_with("\x1b[1;33m"));
        assert!(paint(true, VerdictStatus::Incomplete, "X").starts_with("\x1b[1;33m"));
        assert!(paint(true, VerdictStatus::Invalid, "X").starts_with("\x1b[1;31m"));
    }
}
