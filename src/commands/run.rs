//! `authsim run`: simulate a scenario, print the table, write the run folder.

use super::{SimulationArgs, folder};
use crate::error::Error;
use crate::export::{self, summary_rows};
use crate::montecarlo::{self, RunResult};
use crate::scenario::Loaded;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default)]
pub struct RunArgs {
    pub simulation: SimulationArgs,
    /// The run folder to create; a new one under `results/` when not given.
    pub out: Option<PathBuf>,
}

/// What a finished run left behind.
pub struct Finished {
    pub folder: PathBuf,
    pub result: RunResult,
    pub table: String,
}

pub fn run(args: &RunArgs) -> Result<Finished, Error> {
    let loaded = args.simulation.load()?;
    let target = folder::choose(args.out.as_deref(), &loaded.name(), loaded.seed())?;
    let bar = progress_bar(u64::from(loaded.replications()));
    let result = args.simulation.in_pool(|| {
        montecarlo::run(&loaded, loaded.seed(), loaded.replications(), &|| {
            bar.inc(1)
        })
    })?;
    bar.finish_and_clear();
    let staging = folder::staging(&target)?;
    let written =
        write_outputs(&staging, &loaded, &result).and_then(|()| folder::publish(&staging, &target));
    if written.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    written?;
    let mut title = format!(
        "{} · seed {} · {} replications · 95% intervals",
        loaded.file.display(),
        result.seed,
        result.replications
    );
    if !loaded.resolved.description.is_empty() {
        title = format!("{}
{title}", loaded.resolved.description);
    }
    let table = export::table::render(&title, &summary_rows(&result));
    Ok(Finished {
        folder: target,
        result,
        table,
    })
}

fn write_outputs(dir: &Path, loaded: &Loaded, result: &RunResult) -> Result<(), Error> {
    let rows = summary_rows(result);
    let name = loaded.file.display().to_string();
    write_file(dir, "summary.csv", |w| export::csv::write_summary(&rows, w))?;
    write_file(dir, "summary.json", |w| {
        export::json::write_summary(&name, &rows, result.seed, result.replications, w)
    })?;
    write_file(dir, "timeseries.csv", |w| {
        export::timeseries::write(result, w)
    })?;
    write_file(dir, "scenario.resolved.toml", |w| {
        writeln!(
            w,
            "# {name}, resolved by authsim {}: every default filled in.",
            env!("CARGO_PKG_VERSION")
        )?;
        w.write_all(loaded.resolved_toml().as_bytes())
    })
}

fn write_file(
    dir: &Path,
    name: &str,
    body: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
) -> Result<(), Error> {
    let path = dir.join(name);
    let file = File::create(&path).map_err(Error::write(&path))?;
    let mut w = BufWriter::new(file);
    body(&mut w)
        .and_then(|()| w.flush())
        .map_err(Error::write(&path))
}

/// A bar over replications with ETA, shown only when stderr is a terminal.
fn progress_bar(replications: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(replications), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{bar:40} {pos}/{len} replications · {elapsed} elapsed · ETA {eta}",
        )
        .expect("a valid template"),
    );
    bar
}
