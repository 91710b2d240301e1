//! `cnie completions SHELL` and `cnie man`: generated from the clap definition, with
//! the exit-code table of `exit` (its one source).

use clap_mangen::roff::{Roff, bold, roman};

use crate::exit::{Code, Failure};

/// The completion script for `shell`, on stdout.
pub fn completions(shell: clap_complete::Shell) -> Result<Code, Failure> {
    let mut command = crate::args::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "cnie", &mut script);
    super::emit(&String::from_utf8_lossy(&script))?;
    Ok(Code::Ok)
}

/// The manual page (roff), on stdout.
pub fn man() -> Result<Code, Failure> {
    super::emit(&page())?;
    Ok(Code::Ok)
}

/// The page: clap_mangen's sections, then EXIT STATUS, then the version.
fn page() -> String {
    // The definition without the table in its after-help text (it would come out as
    // an "EXTRA" section): the table gets its own section.
    let command = <crate::args::Cli as clap::CommandFactory>::command();
    let man = clap_mangen::Man::new(command);
    let mut out = Vec::new();
    let sections = [
        clap_mangen::Man::render_title,
        clap_mangen::Man::render_name_section,
        clap_mangen::Man::render_synopsis_section,
        clap_mangen::Man::render_description_section,
        clap_mangen::Man::render_options_section,
        clap_mangen::Man::render_subcommands_section,
    ];
    for section in sections {
        // Writing to a Vec cannot fail.
        let _ = section(&man, &mut out);
    }
    out.extend(exit_status().into_bytes());
    let _ = man.render_version_section(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The EXIT STATUS section: one tagged paragraph a code.
fn exit_status() -> String {
    let mut roff = Roff::default();
    roff.control("SH", ["EXIT STATUS"]);
    for code in Code::ALL {
        roff.control("TP", []);
        roff.text([bold((code as u8).to_string())]);
        roff.text([roman(code.meaning())]);
    }
    roff.render()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_man_page_has_its_sections_and_every_exit_code() {
        let page = page();
        for section in [
            "NAME",
            "SYNOPSIS",
            "DESCRIPTION",
            "OPTIONS",
            "SUBCOMMANDS",
            "EXIT STATUS",
        ] {
            assert!(
                page.contains(&format!(".SH {section}"))
                    || page.contains(&format!(".SH \"{section}\"")),
                "no {section} section"
            );
        }
        assert!(!page.contains(".SH EXTRA"));
        let status = page.split("EXIT STATUS").nth(1).unwrap();
        for code in Code::ALL {
            assert!(
                status.contains(&format!("\\fB{}\\fR", code as u8)),
                "code {}",
                code as u8
            );
        }
    }
}
