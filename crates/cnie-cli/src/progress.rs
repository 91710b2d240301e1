//! A progress line on stderr, only when stderr is a terminal.

use std::io::{IsTerminal, Write};

use cnie::session::Progress;

/// Draws one bar per file on stderr.
pub struct Bar {
    enabled: bool,
    current: Option<String>,
}

impl Bar {
    /// A bar that draws only if stderr is a terminal.
    pub fn new() -> Self {
        Bar {
            enabled: std::io::stderr().is_terminal(),
            current: None,
        }
    }

    /// Shows a free-form status line.
    pub fn status(&mut self, text: &str) {
        if self.enabled {
            self.finish_line();
            eprint!("\r\x1b[2K{}", crate::i18n::directional(text));
            let _ = std::io::stderr().flush();
            self.current = Some(String::new());
        }
    }

    /// Updates from a library progress event.
    pub fn update(&mut self, event: Progress) {
        if !self.enabled {
            return;
        }
        match event {
            Progress::AccessControl(p) => {
                let name = match p {
                    cnie::session::Protocol::Bac => "BAC",
                    cnie::session::Protocol::Pace => "PACE",
                };
                self.status(&t!("progress-access-control", protocol = name))
            }
            Progress::File { file, read, total } => {
                let name = file.name().to_string();
                if self.current.as_deref() != Some(name.as_str()) {
                    self.finish_line();
                    self.current = Some(name.clone());
                }
                let width = 30;
                let filled = (read * width).checked_div(total).unwrap_or(width);
                let bar = format!(
                    "{}{}",
                    "#".repeat(filled),
                    " ".repeat(width - filled.min(width))
                );
                let line = t!(
                    "progress-file",
                    file = format!("{name:<8}"),
                    bar = bar,
                    read = format!("{read:>6}"),
                    total = format!("{total:<6}")
                );
                eprint!("\r\x1b[2K{}", crate::i18n::directional(&line));
                let _ = std::io::stderr().flush();
            }
            Progress::Skipped(file) => {
                self.finish_line();
                let line = t!("progress-skipped", file = format!("{:<8}", file.name()));
                eprint!("{}", crate::i18n::directional(&line));
                self.current = Some(String::new());
            }
        }
    }

    fn finish_line(&mut self) {
        if self.current.take().is_some() {
            eprintln!();
        }
    }

    /// Ends the current line.
    pub fn done(&mut self) {
        if self.enabled {
            self.finish_line();
        }
    }
}
