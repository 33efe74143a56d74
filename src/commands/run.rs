//! `authsim run` and `authsim sweep`: simulate, print the tables, write the run folder.

use super::{SimulationArgs, folder};
use crate::error::Error;
use crate::export::{self, Report};
use crate::montecarlo::precision::{PrecisionTarget, Stopping, run_to_precision};
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
    pub precision: Option<Precision>,
    /// No progress bar.
    pub quiet: bool,
    /// A sweep: there must be something to sweep.
    pub sweep: bool,
    /// Skip the charts and report.html.
    pub no_charts: bool,
    /// The command line as typed, for the report's provenance.
    pub command_line: Vec<String>,
}

/// `--precision`, `--max-replications`, `--batch`.
#[derive(Debug, Clone, Copy)]
pub struct Precision {
    pub relative: f64,
    pub max_replications: u32,
    pub batch: u32,
}

/// What a finished run left behind.
pub struct Finished {
    pub folder: PathBuf,
    pub result: RunResult,
    pub table: String,
    /// The `--json` document.
    pub json: serde_json::Value,
}

pub fn run(args: &RunArgs) -> Result<Finished, Error> {
    let loaded = args.simulation.load()?;
    if args.sweep && loaded.axes.is_empty() {
        return Err(Error::Usage(format!(
            "{}: nothing to sweep: give --set PATH=VALUE1,VALUE2,... or a [sweep] table",
            loaded.file.display()
        )));
    }
    let target = args
        .precision
        .map(|p| precision_target(p, loaded.replications()))
        .transpose()?;
    if let Some(t) = target {
        args.simulation.check_size(&loaded, t.max_replications)?;
    }
    let out = folder::choose(args.out.as_deref(), &loaded.name(), loaded.seed())?;
    let planned = target.map_or(loaded.replications(), |t| t.max_replications);
    let bar = progress_bar(u64::from(planned), args.quiet);
    let tick = || bar.inc(1);
    let (result, stopping) = args.simulation.in_pool(|| match target {
        Some(t) => {
            let (result, stopping) = run_to_precision(&loaded, loaded.seed(), t, &tick);
            (result, Some(stopping))
        }
        None => (
            montecarlo::run(&loaded, loaded.seed(), loaded.replications(), &tick),
            None,
        ),
    })?;
    bar.finish_and_clear();
    let mut report = Report::new(&loaded, &result, stopping.clone());
    report.command = args.command_line.clone();
    let staging = folder::staging(&out)?;
    let written = write_outputs(&staging, &loaded, &report, stopping.as_ref())
        .and_then(|()| {
            if args.no_charts {
                Ok(())
            } else {
                crate::report::write(&staging).map(drop)
            }
        })
        .and_then(|()| folder::publish(&staging, &out));
    if written.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    written?;
    let table = export::table::render(&report);
    let json = export::json::document(&report, &out);
    Ok(Finished {
        folder: out,
        result,
        table,
        json,
    })
}

fn precision_target(p: Precision, min_replications: u32) -> Result<PrecisionTarget, Error> {
    if !(p.relative.is_finite() && p.relative > 0.0) {
        return Err(Error::Usage(format!(
            "--precision {}: give the largest 95% half-width allowed relative to the mean, e.g. 0.05 for 5%",
            p.relative
        )));
    }
    if p.max_replications < min_replications {
        return Err(Error::Usage(format!(
            "--max-replications {} is below the {min_replications} replications run first",
            p.max_replications
        )));
    }
    if p.batch == 0 {
        return Err(Error::Usage("--batch must be at least 1".to_string()));
    }
    Ok(PrecisionTarget {
        relative: p.relative,
        min_replications,
        max_replications: p.max_replications,
        batch: p.batch,
    })
}

fn write_outputs(
    dir: &Path,
    loaded: &Loaded,
    report: &Report,
    stopping: Option<&Stopping>,
) -> Result<(), Error> {
    write_file(dir, "summary.csv", |w| {
        export::csv::write_summary(report, w)
    })?;
    write_file(dir, "summary.json", |w| {
        json_to(w, &export::json::summary(report))
    })?;
    if report.comparison.is_some() {
        write_file(dir, "comparison.csv", |w| {
            export::csv::write_comparison(report, w)
        })?;
        write_file(dir, "comparison.json", |w| {
            json_to(w, &export::json::comparison(report))
        })?;
    }
    write_file(dir, "timeseries.csv", |w| {
        export::timeseries::write(report, w)
    })?;
    write_file(dir, "scenario.resolved.toml", |w| {
        writeln!(
            w,
            "# {}, resolved by authsim {}: every default filled in.",
            loaded.file.display(),
            env!("CARGO_PKG_VERSION")
        )?;
        if let Some(s) = stopping {
            writeln!(
                w,
                "# --precision {} stopped after {} replications.",
                s.target, s.replications
            )?;
        }
        w.write_all(loaded.resolved_toml().as_bytes())
    })
}

fn json_to(w: &mut impl Write, value: &serde_json::Value) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, value)?;
    writeln!(w)
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
fn progress_bar(replications: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
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
