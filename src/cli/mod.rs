//! What each subcommand does: composes the library's steps and prints.

mod actions;
mod analyze;
pub mod args;
mod bench;
mod check;
mod compare;
mod docs;
mod generate;
mod help;
mod import;
mod incidents;
mod init;
mod interrupt;
mod markdown;
mod merge;
mod progress;
mod run;
mod sign_in_log;
mod table;

use args::{Command, SimulationOptions};
use authsim::error::Error;
use authsim::report::Drawing;
use authsim::scenario::{self, Request, RunPlan};
use std::io::Write;
use std::path::{Path, PathBuf};

pub fn dispatch(command: Command) -> Result<(), Error> {
    match command {
        Command::Run {
            resume: Some(dir),
            simulation,
            output,
            ..
        } => run::resume(&dir, &simulation, &output.show),
        Command::Run {
            scenario,
            simulation,
            output,
            sign_in_log,
            ..
        } => run::run(
            scenario.as_deref(),
            &[],
            (false, &sign_in_log),
            &simulation,
            &output,
        ),
        Command::Merge {
            shards,
            destination,
            no_charts,
            format,
            show,
        } => merge::merge(&shards, &destination, !no_charts, format, &show),
        Command::Sweep {
            scenario,
            sets,
            simulation,
            output,
            not_here,
        } => {
            not_here.refuse()?;
            let no_log = sign_in_log::SignInLogOptions::default();
            run::run(
                Some(&scenario),
                &sets,
                (true, &no_log),
                &simulation,
                &output,
            )
        }
        Command::Compare { run_a, run_b, json } => compare::compare(&run_a, &run_b, json),
        Command::Plot { run } => {
            let d = run.display();
            let kept = format!(
                "the results in {d} are as they were, and no chart or report.html is half written; `authsim plot {d}` draws them again"
            );
            let lines: String = plot(&run, kept)?
                .iter()
                .map(|f| format!("wrote {}\n", f.display()))
                .collect();
            emit(&lines)
        }
        Command::Analyze {
            scenario,
            order,
            export_mef,
            simulate,
            simulation,
            destination,
            json,
        } => analyze::analyze(
            scenario.as_deref(),
            analyze::Asked {
                order: order as usize,
                mef: export_mef.as_deref(),
                simulate,
                json,
            },
            &simulation,
            &destination,
        ),
        Command::Bench {
            scenario,
            simulation,
            json,
        } => bench::bench(scenario.as_deref(), &simulation, json),
        Command::Schema { output } => emit(&match output {
            Some(o) => authsim::export::schema::schema(&o).expect("clap checked the name"),
            None => scenario::schema::schema(),
        }),
        Command::Init { file, from } => init::init(&file, from.as_deref()),
        Command::Scenarios { json } => init::scenarios(json),
        Command::Incidents { id, json } => incidents::incidents(id.as_deref(), json),
        Command::Check {
            scenario,
            simulation,
            json,
        } => check::check(scenario.as_deref(), &simulation, json),
        Command::Generate { what } => generate::generate(what),
        Command::Docs { topic } => docs::docs(topic.as_deref()),
        Command::Import(args) => import::run(&args),
    }
}

/// Draws the finished run folder `dir`'s charts and report and writes them; an
/// interrupt ends it saying what was `kept`, at once while they are drawn in
/// memory, between two files while they are written.
fn plot(dir: &Path, kept: String) -> Result<Vec<PathBuf>, Error> {
    interrupt::ends_saying(kept.clone());
    let drawing = Drawing::of(dir)?;
    interrupt::polled(|stop| drawing.write(stop), &kept)
}

/// The scenario (or `./scenario.toml`, or the bundled default) with the command line's `--seed`,
/// `--replications` and `--set` applied; its warnings printed unless `quiet`.
fn load(
    scenario: Option<&Path>,
    simulation: &SimulationOptions,
    sets: &[String],
    quiet: bool,
) -> Result<RunPlan, Error> {
    plan(&request(scenario, simulation, sets)?, quiet)
}

/// What the command line asks to simulate, with the scenario's text read.
fn request(
    scenario: Option<&Path>,
    simulation: &SimulationOptions,
    sets: &[String],
) -> Result<Request, Error> {
    let starter = Path::new(args::STARTER);
    let (file, source) = match scenario {
        Some(path) if path.as_os_str() == "-" => (Path::new(STDIN), stdin()?),
        Some(path) => (path, scenario::read(path)?),
        None if starter.is_file() => (starter, scenario::read(starter)?),
        None => (
            Path::new(scenario::DEFAULT_NAME),
            scenario::DEFAULT.to_string(),
        ),
    };
    Ok(Request {
        file: file.to_path_buf(),
        source,
        sets: sets.to_vec(),
        seed: simulation.seed,
        replications: simulation.replications,
    })
}

/// The name messages give a scenario read from standard input (`-`).
const STDIN: &str = "<stdin>";

/// The scenario on standard input: read to its end, at most a byte more than a
/// scenario may be (the loader refuses a longer one), and UTF-8.
fn stdin() -> Result<String, Error> {
    use std::io::Read;
    let limit = authsim::scenario::limits::MAX_FILE_BYTES;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Read {
            path: PathBuf::from(STDIN),
            source,
        })?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::Usage(format!(
            "{STDIN}: standard input is empty; pipe a scenario in (`authsim check - < scenario.toml`), or give its file"
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        Error::Usage(format!(
            "{STDIN}: not UTF-8 (byte offset {}); give the scenario as UTF-8",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// The request's run plan, its warnings printed unless `quiet`.
fn plan(request: &Request, quiet: bool) -> Result<RunPlan, Error> {
    let plan = request.plan()?;
    if !quiet {
        let mut stderr = std::io::stderr().lock();
        for warning in &plan.warnings {
            // A closed stderr loses the warning, never the run.
            let _ = writeln!(stderr, "warning: {warning}");
        }
    }
    Ok(plan)
}

/// The command line as run folders record it; an argument that is not UTF-8
/// (a folder name) is kept with its odd bytes replaced.
fn command_line() -> Vec<String> {
    std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect()
}

/// Writes `text` to standard output. A reader that stopped early (`| head`) is
/// no error; a full disk is.
fn emit(text: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::write("standard output")(e))
        }
        _ => Ok(()),
    }
}
