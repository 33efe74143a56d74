//! The command line's options, each defined once.

use super::help;
use super::sign_in_log::{RunOnly, SignInLogOptions};
use authsim::export::Format;
use authsim::montecarlo::shard::Shard;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Discrete-event outage simulator for identity and access management.
#[derive(Parser)]
#[command(
    version = authsim::VERSION_AND_BUILD,
    about,
    after_help = help::TOP,
    after_long_help = help::TOP_LONG
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Simulate a scenario, print a table per variant and write a run folder.
    #[command(after_long_help = help::RUN)]
    Run {
        #[arg(help = SCENARIO)]
        scenario: Option<PathBuf>,
        /// Go on with a run or shard folder an interrupted run left (Ctrl-C, a kill,
        /// a preempted job), to the result the uninterrupted run would have given.
        #[arg(long, value_name = "DIR", conflicts_with_all =
              ["scenario", "seed", "replications", "force", "out", "precision", "shard", "no_charts", "format"])]
        resume: Option<PathBuf>,
        #[command(flatten)]
        simulation: SimulationOptions,
        #[command(flatten)]
        output: OutputOptions,
        #[command(flatten)]
        sign_in_log: SignInLogOptions,
    },
    /// Sweep scenario fields: every combination of the --set values becomes a variant,
    /// compared with the baseline.
    #[command(after_long_help = help::SWEEP)]
    Sweep {
        /// Scenario file (TOML), `-` for standard input.
        scenario: PathBuf,
        /// PATH=VALUE1,VALUE2,... e.g. policy.access_token_lifetime=1h,4h,8h (repeatable).
        #[arg(long = "set", value_name = "PATH=VALUES")]
        sets: Vec<String>,
        #[command(flatten)]
        simulation: SimulationOptions,
        #[command(flatten)]
        output: OutputOptions,
        #[command(flatten)]
        not_here: RunOnly,
    },
    /// Combine the shard folders of a run (`run --shard K/N` on several machines) into
    /// the run folder one machine would have written.
    Merge {
        /// Every shard folder of the run, in any order.
        #[arg(required = true, value_name = "SHARD_DIR")]
        shards: Vec<PathBuf>,
        #[command(flatten)]
        destination: Destination,
        /// Skip the charts and report.html.
        #[arg(long)]
        no_charts: bool,
        #[arg(long, value_name = "FORMAT", default_value = "csv", value_parser = Format::named, help = FORMAT)]
        format: Format,
        #[command(flatten)]
        show: ShowOptions,
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
    /// Single points of failure, minimal cut sets, availability and importance of
    /// every cohort's paths, from the scenario's structure (no simulation).
    #[command(after_long_help = help::ANALYZE)]
    Analyze {
        #[arg(help = SCENARIO)]
        scenario: Option<PathBuf>,
        /// Longest cut sets listed.
        #[arg(long, value_name = "N", default_value_t = authsim::analysis::DEFAULT_ORDER as u64,
              value_parser = clap::value_parser!(u64).range(1..=authsim::analysis::MAX_ORDER as u64))]
        order: u64,
        /// Also write each sign-in's fault tree in the Open-PSA Model Exchange Format
        /// (a new file) for reliability tools such as SCRAM.
        #[arg(long, value_name = "FILE")]
        export_mef: Option<PathBuf>,
        /// Also rank components by simulated importance: the scenario rerun with
        /// each made perfectly reliable, on the same random numbers.
        #[arg(long)]
        simulate: bool,
        #[command(flatten)]
        simulation: SimulationOptions,
        #[command(flatten)]
        destination: Destination,
        /// Print analysis.json's document, and the folder written, as JSON on stdout
        /// instead of the trees.
        #[arg(long)]
        json: bool,
    },
    /// Print the JSON Schema of the scenario format, for editors that check TOML as it is typed.
    Schema {
        /// Print instead the JSON Schema of an output: summary.json, comparison.json or analysis.json.
        #[arg(long, value_name = "OUTPUT", value_parser = authsim::export::schema::OUTPUTS)]
        output: Option<String>,
    },
    /// Write a commented starter scenario to edit (never overwriting a file), and
    /// the schema next to it where there is none.
    Init {
        /// The scenario file to create.
        #[arg(default_value = STARTER)]
        file: PathBuf,
        /// The bundled scenario to start from (see `authsim scenarios`); default: the default scenario.
        #[arg(long, value_name = "NAME")]
        from: Option<String>,
    },
    /// List the identity provider's public incidents a scenario can replay as an
    /// outage (`outages = [{ incident = "ID" }]`), each with its source.
    Incidents {
        /// Show this one in full, with the TOML to replay it.
        id: Option<String>,
        /// The list as JSON on stdout.
        #[arg(long)]
        json: bool,
    },
    /// List the bundled scenarios and the question each answers.
    Scenarios {
        /// The list as JSON on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Check a scenario without running it, and show what a run would be: cohorts,
    /// users, components, variants, replications, expected attempts and run time.
    #[command(after_long_help = help::CHECK)]
    Check {
        #[arg(help = SCENARIO)]
        scenario: Option<PathBuf>,
        #[command(flatten)]
        simulation: SimulationOptions,
        /// What a run would be, as JSON on stdout (warnings stay on stderr).
        #[arg(long)]
        json: bool,
    },
    /// Time the engine on a scenario: access attempts and user-days per second.
    Bench {
        #[arg(help = SCENARIO)]
        scenario: Option<PathBuf>,
        #[command(flatten)]
        simulation: SimulationOptions,
        /// The timings as JSON on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Print the man page (roff) or a shell's completion script, for an installed authsim.
    #[command(after_long_help = help::GENERATE)]
    Generate {
        #[arg(value_enum)]
        what: Generated,
    },
    /// Infer a commented scenario from the tenant's sign-in logs, registration report
    /// and conditional access policies, with an import report.
    Import(super::import::ImportArgs),
    /// Print a page of the documentation, embedded in the binary: `authsim docs`
    /// lists them.
    Docs {
        /// The page: commands, scenario, outputs, metrics, model, cluster or development.
        topic: Option<String>,
    },
}

/// What `authsim generate` prints.
#[derive(Clone, Copy, ValueEnum)]
pub enum Generated {
    /// The man page: `authsim generate man > authsim.1`.
    Man,
    CompleteBash,
    CompleteZsh,
    CompleteFish,
    CompletePowershell,
}

/// The scenario `authsim init` writes, and every command reads when given none.
pub const STARTER: &str = "scenario.toml";

/// `--format`, for `run`, `sweep` and `merge`.
const FORMAT: &str = "csv, or parquet: each table also as NAME.parquet beside its CSV (typed, zstd-compressed; see docs/outputs.md)";
/// A scenario argument's help: what is read when none is given.
const SCENARIO: &str = "Scenario file (TOML), `-` for standard input; default: ./scenario.toml where there is one (what `authsim init` writes), else the bundled 3 h 07 min token-service outage";

/// What every simulating command takes.
#[derive(Args)]
pub struct SimulationOptions {
    /// Seed of every random stream, 0 to 2^63-1 as a scenario file can record it
    /// (default: the scenario's).
    #[arg(short, long, value_parser = clap::value_parser!(u64).range(0..=i64::MAX as u64))]
    pub seed: Option<u64>,
    /// Replications (default: the scenario's); with --precision, the first batch.
    #[arg(short = 'n', long)]
    pub replications: Option<u32>,
    /// Worker threads (default: AUTHSIM_THREADS, else all cores; at most 256 or the core count); results do not depend on it.
    #[arg(short = 'j', long, env = "AUTHSIM_THREADS")]
    pub threads: Option<usize>,
    /// Run even above 10^9 simulated user-days or 10^11 events.
    #[arg(long)]
    pub force: bool,
}

/// What `run` and `sweep` write and print.
#[derive(Args)]
pub struct OutputOptions {
    #[command(flatten)]
    pub destination: Destination,
    /// Add replications until the longer side of every headline metric's 95% interval is
    /// within REL of its mean (0.05: 5%).
    #[arg(long, value_name = "REL", allow_negative_numbers = true)]
    pub precision: Option<f64>,
    /// With --precision: the metrics that must reach it (default: every headline metric).
    #[arg(
        long,
        value_name = "METRIC,...",
        value_delimiter = ',',
        requires = "precision"
    )]
    pub precision_on: Vec<String>,
    /// With --precision: stop here even if the target is not reached.
    #[arg(long, value_name = "N", default_value_t = 1000, requires = "precision")]
    pub max_replications: u32,
    /// With --precision: replications added between two checks (does not change the result).
    #[arg(long, value_name = "N", default_value_t = 10, requires = "precision")]
    pub batch: u32,
    /// Play only shard K of N of the replications (K from 1 to N, as a scheduler's
    /// array index runs) into a shard folder; `authsim merge` combines the shards.
    #[arg(long, value_name = "K/N", conflicts_with = "precision")]
    pub shard: Option<Shard>,
    /// Skip the charts and report.html.
    #[arg(long)]
    pub no_charts: bool,
    #[arg(long, value_name = "FORMAT", default_value = "csv", value_parser = Format::named, help = FORMAT)]
    pub format: Format,
    #[command(flatten)]
    pub show: ShowOptions,
}

/// What a command that writes a run folder prints, and exports beside it.
#[derive(Args)]
pub struct ShowOptions {
    /// Print nothing but errors; no progress bar.
    #[arg(short, long, conflicts_with = "json")]
    pub quiet: bool,
    /// Print the summary and comparison as JSON on stdout instead of tables.
    #[arg(long)]
    pub json: bool,
    /// Once the run folder is finished, also write its ranking and differences from
    /// the baseline (one design: its results) as Markdown tables to FILE, a new
    /// file, for a wiki page or a pull request; `-` writes them to stdout after the
    /// tables (alone with --quiet). Refused with --shard: give it to `merge`.
    #[arg(long, value_name = "FILE")]
    pub export_markdown: Option<PathBuf>,
}

/// Where a command that writes a folder writes it.
#[derive(Args)]
pub struct Destination {
    /// The folder to create (must not exist); default: a new folder under --results-dir.
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Where new folders go when --out names none.
    #[arg(long, value_name = "DIR", env = "AUTHSIM_RESULTS_DIR",
          default_value = authsim::export::folder::RESULTS)]
    pub results_dir: PathBuf,
}

impl Destination {
    /// The folder to create for a run of `name` with `seed`.
    pub fn choose(&self, name: &str, seed: u64) -> Result<PathBuf, authsim::error::Error> {
        authsim::export::folder::choose(self.out.as_deref(), &self.results_dir, name, seed)
    }
}
