//! The `authsim` command line: parses arguments, calls the library, renders errors.

use authsim::commands::SimulationArgs;
use authsim::commands::bench::bench;
use authsim::commands::compare::compare;
use authsim::commands::run::{Finished, Precision, RunArgs, run};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Discrete-event outage simulator for identity and access management.
#[derive(Parser)]
#[command(
    version,
    about,
    after_help = "Exit codes: 0 success, 2 bad input (scenario or command line), 1 failure while writing results or an internal failure."
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
        #[command(flatten)]
        output: Output,
    },
    /// Sweep scenario fields: every combination of the --set values becomes a variant,
    /// compared with the baseline.
    Sweep {
        /// Scenario file (TOML).
        scenario: PathBuf,
        /// PATH=VALUE1,VALUE2,... e.g. policy.access_token_lifetime=1h,4h,8h (repeatable).
        #[arg(long = "set", value_name = "PATH=VALUES")]
        sets: Vec<String>,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        output: Output,
    },
    /// Two earlier run folders side by side, flagging metrics whose intervals do not overlap.
    Compare {
        run_a: PathBuf,
        run_b: PathBuf,
        /// Machine-readable comparison on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Redraw the charts and report.html of an earlier run folder (no re-simulation).
    Plot { run: PathBuf },
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
    #[command(flatten)]
    common: Common,
}

#[derive(Args)]
struct Common {
    /// Seed of every random stream (default: the scenario's).
    #[arg(long)]
    seed: Option<u64>,
    /// Replications (default: the scenario's); with --precision, the first batch.
    #[arg(long)]
    replications: Option<u32>,
    /// Worker threads (default: all cores); results do not depend on it.
    #[arg(long)]
    threads: Option<usize>,
    /// Run even above 10^9 simulated user-days or 10^11 access attempts.
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
struct Output {
    /// The run folder to create (must not exist); default: a new folder under results/.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Add replications until every headline metric's 95% half-width is within REL of its mean.
    #[arg(long, value_name = "REL")]
    precision: Option<f64>,
    /// With --precision: stop here even if the target is not reached.
    #[arg(long, value_name = "N", default_value_t = 1000, requires = "precision")]
    max_replications: u32,
    /// With --precision: replications added between two checks (does not change the result).
    #[arg(long, value_name = "N", default_value_t = 10, requires = "precision")]
    batch: u32,
    /// Print nothing but errors; no progress bar.
    #[arg(long, conflicts_with = "json")]
    quiet: bool,
    /// Print the summary and comparison as JSON on stdout instead of tables.
    #[arg(long)]
    json: bool,
    /// Skip the charts and report.html.
    #[arg(long)]
    no_charts: bool,
}

impl Common {
    fn with(self, scenario: Option<PathBuf>, sets: Vec<String>) -> SimulationArgs {
        SimulationArgs {
            scenario,
            seed: self.seed,
            replications: self.replications,
            threads: self.threads,
            force: self.force,
            sets,
        }
    }
}

fn simulate(simulation: SimulationArgs, output: Output, sweep: bool) -> Result<(), authsim::Error> {
    let args = RunArgs {
        simulation,
        out: output.out,
        precision: output.precision.map(|relative| Precision {
            relative,
            max_replications: output.max_replications,
            batch: output.batch,
        }),
        quiet: output.quiet || output.json,
        sweep,
        no_charts: output.no_charts,
        command_line: std::env::args().collect(),
    };
    let Finished {
        folder,
        table,
        json,
        ..
    } = run(&args)?;
    if output.json {
        println!("{json:#}");
    } else if !output.quiet {
        print!("{table}");
        println!("\nwrote {}", folder.display());
    }
    Ok(())
}

fn dispatch(command: Command) -> Result<(), authsim::Error> {
    match command {
        Command::Run { sim, output } => {
            simulate(sim.common.with(sim.scenario, Vec::new()), output, false)
        }
        Command::Sweep {
            scenario,
            sets,
            common,
            output,
        } => simulate(common.with(Some(scenario), sets), output, true),
        Command::Compare { run_a, run_b, json } => compare(&run_a, &run_b).map(|c| {
            if json {
                println!("{:#}", c.json());
            } else {
                print!("{}", c.table);
            }
        }),
        Command::Plot { run } => authsim::report::write(&run).map(|files| {
            for f in files {
                println!("wrote {}", f.display());
            }
        }),
        Command::Bench { sim } => {
            bench(&sim.common.with(sim.scenario, Vec::new())).map(|report| println!("{report}"))
        }
    }
}

fn main() -> ExitCode {
    let command = Cli::parse().command;
    match std::panic::catch_unwind(|| dispatch(command)) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
        // The panic message is already on stderr.
        Err(_) => {
            eprintln!(
                "error: internal failure in authsim; please report it with the command and scenario"
            );
            ExitCode::from(1)
        }
    }
}
