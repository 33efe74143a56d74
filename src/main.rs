//! The `authsim` command line: parses arguments, calls the library, renders errors.

mod cli;

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let command = cli::args::Cli::parse().command;
    match std::panic::catch_unwind(|| cli::dispatch(command)) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            let _ = writeln!(std::io::stderr(), "error: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
        // The panic message is already on stderr.
        Err(_) => {
            let _ = writeln!(
                std::io::stderr(),
                "error: internal failure in authsim; please report it with the command and scenario"
            );
            ExitCode::from(1)
        }
    }
}
