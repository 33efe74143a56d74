//! `authsim generate`: the man page and shell completions, from the same
//! definitions as the help, so they never disagree with it.

use super::args::{Cli, Generated};
use super::emit;
use authsim::error::Error;
use clap::CommandFactory;
use clap_complete::Shell;
use clap_mangen::Man;
use std::io;

pub fn generate(what: Generated) -> Result<(), Error> {
    let mut cli = Cli::command();
    cli.build();
    let mut out = Vec::new();
    let shell = match what {
        Generated::Man => {
            man(&cli, &mut out).map_err(Error::write("standard output"))?;
            None
        }
        Generated::CompleteBash => Some(Shell::Bash),
        Generated::CompleteZsh => Some(Shell::Zsh),
        Generated::CompleteFish => Some(Shell::Fish),
        Generated::CompletePowershell => Some(Shell::PowerShell),
    };
    if let Some(shell) = shell {
        let name = cli.get_name().to_string();
        clap_complete::generate(shell, &mut cli, name, &mut out);
    }
    emit(&String::from_utf8_lossy(&out))
}

/// One page for the whole command: clap_mangen's page of `authsim`, then a
/// section per subcommand with its synopsis, description and options (a page
/// per subcommand would need `man authsim-run`, which nothing installs).
fn man(cli: &clap::Command, out: &mut Vec<u8>) -> io::Result<()> {
    Man::new(cli.clone()).render(out)?;
    for sub in cli.get_subcommands().filter(|s| s.get_name() != "help") {
        let page = Man::new(sub.clone());
        let title = format!("authsim {}", sub.get_name()).to_uppercase();
        out.extend_from_slice(format!(".SH \"{title}\"\n").as_bytes());
        let mut body = Vec::new();
        page.render_synopsis_section(&mut body)?;
        page.render_description_section(&mut body)?;
        page.render_options_section(&mut body)?;
        // Each part opens with its own .SH heading: under the subcommand's, a paragraph break.
        for line in String::from_utf8_lossy(&body).lines() {
            let line = if line.starts_with(".SH ") {
                ".PP"
            } else {
                line
            };
            out.extend_from_slice(line.as_bytes());
            out.push(b'\n');
        }
    }
    Ok(())
}
