//! The `authsim` command line: parses arguments, calls the library, renders errors.

use authsim::commands::SimulationArgs;
use authsim::commands::bench::bench;
use authsim::commands::run::{RunArgs, run};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Discrete-event outage simulator for identity and access management.
#[derive(Parser)]
#[command(
    version,
    about,
    after_help = "Exit codes: 0 success, 2 bad input, 1 failure while writing results."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Simulate a scenario, print a table per variant and write a run folder.
    Run {
        #[command(flatten)]
        sim: Sim,
        /// The run folder to create (must not exist); default: a new folder under results/.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Time the engine on a scenario: access attempts and user-days per second.
    Bench {
        #[command(flatten)]
        sim: Sim,
    },
}

#[derive(Args)]
struct Sim {
    /// Scenario file (TOML); default: the bundled 3 h 07 min token-service outage.
    scenario: Option<PathBuf>,
    /// Seed of every random stream (default: the scenario's).
    #[arg(long)]
    seed: Option<u64>,
    /// Replications (default: the scenario's).
    #[arg(long)]
    replications: Option<u32>,
    /// Worker threads (default: all cores); results do not depend on it.
    #[arg(long)]
    threads: Option<usize>,
    /// Run even when the scenario exceeds 10^9 simulated user-days.
    #[arg(long)]
    force: bool,
}

impl From<Sim> for SimulationArgs {
    fn from(s: Sim) -> Self {
        SimulationArgs {
            scenario: s.scenario,
            seed: s.seed,
            replications: s.replications,
            threads: s.threads,
            force: s.force,
        }
    }
}

fn main() -> ExitCode {
    let outcome = match Cli::parse().command {
        Command::Run { sim, out } => run(&RunArgs {
            simulation: sim.into(),
            out,
        })
        .map(|done| {
            print!("{}", done.table);
            println!("\nwrote {}", done.folder.display());
        }),
        Command::Bench { sim } => bench(&sim.into()).map(|report| println!("{report}")),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
