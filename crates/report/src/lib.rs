//! Charts and the review report, drawn from a run folder's files alone: after every
//! run and sweep, and again by `authsim plot RUN_DIR` without re-simulating.

pub mod chart;
pub mod compare;
pub mod folder;
mod html;
pub mod import;
mod index;
pub mod markdown;
pub mod ranking;
mod words;

use authsim_core::error::Error;
use authsim_core::montecarlo::metrics::Metric;
use authsim_core::montecarlo::percentiles;
use authsim_core::montecarlo::series::{Of, SeriesMetric};
use authsim_export::Outputs;
use chart::denials::DenialsChart;
use chart::difference::DifferenceChart;
use chart::distribution::DistributionChart;
use chart::exceedance::ExceedanceChart;
use chart::load::{LOAD, LoadChart};
use chart::sweep::SweepChart;
use chart::timeline::{Lines, TimelineChart};
use chart::tradeoff::Tradeoff;
use chart::{Chart, Figure, outages};
use folder::RunFolder;
use std::path::{Path, PathBuf};

/// The folder of a run folder that holds its charts.
pub const CHARTS_DIR: &str = "charts";
pub const REPORT_HTML: &str = "report.html";
/// The chart of each replication's value, where failures are random.
pub const DISTRIBUTION: &str = "distribution";
/// The chart of the share of replications exceeding each value, where failures
/// are random.
pub const EXCEEDANCE: &str = "exceedance";
/// What the tables by cohort show, the first deciding which cohorts a terminal shows.
pub const BY_COHORT: [Metric; 3] = [
    Metric::LockoutHoursPer1kUsers,
    Metric::UsersLockedOut,
    Metric::DenialRate,
];

/// Asked before each file is written: true once the user wants the writing to
/// stop. It then returns `Error::Interrupted`; every file it wrote is whole, and
/// the others are as they were.
pub type Stop<'a> = &'a dyn Fn() -> bool;

/// Writes a run's files into `dir`, and its charts and report unless `charts`
/// is false, to the end.
pub fn write_run(dir: &Path, outputs: &Outputs, charts: bool) -> Result<(), Error> {
    outputs.write(dir)?;
    if charts {
        // Drawn before the folder is marked finished.
        Drawing::new(dir, &RunFolder::read_files(dir)?)?.write(&|| false)?;
    }
    Ok(())
}

/// A run folder's charts (SVG, and the PNG rendered from it) and report, drawn
/// in memory: all that takes long, and none of it written, so that an interrupt
/// can end it at once.
pub struct Drawing {
    /// Each file with its bytes, in the order they are written.
    files: Vec<(PathBuf, Vec<u8>)>,
    /// The folder of the charts, where those drawn before and not now are removed.
    charts: PathBuf,
}

impl Drawing {
    /// The charts that apply to the finished run folder `folder` and its report.
    pub fn of(folder: &Path) -> Result<Self, Error> {
        Self::new(folder, &RunFolder::read(folder)?)
    }

    fn new(folder: &Path, run: &RunFolder) -> Result<Self, Error> {
        let figures = figures(run)?;
        let page = html::page(run, &figures, &run.analyses());
        let dir = folder.join(CHARTS_DIR);
        let mut files = Vec::new();
        for figure in figures {
            let png = dir.join(format!("{}.png", figure.name));
            let bytes = figure.png().map_err(|e| Error::Write {
                path: png.clone(),
                source: std::io::Error::other(e.to_string()),
            })?;
            files.push((png, bytes));
            let svg = dir.join(format!("{}.svg", figure.name));
            files.push((svg, figure.svg.into_bytes()));
        }
        files.push((folder.join(REPORT_HTML), page.into_bytes()));
        Ok(Drawing { files, charts: dir })
    }

    /// Writes every file into the folder (`charts/` and `report.html`), each
    /// whole, asking `stop` before each. Returns the files written.
    pub fn write(self, stop: Stop) -> Result<Vec<PathBuf>, Error> {
        let mut written = Vec::new();
        for (path, bytes) in self.files {
            if stop() {
                return Err(Error::Interrupted);
            }
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(Error::write(dir))?;
            }
            replace(&path, &bytes)?;
            written.push(path);
        }
        remove_stale(&self.charts, &written)?;
        Ok(written)
    }
}

/// Every chart that applies to the run, drawn.
pub fn figures(run: &RunFolder) -> Result<Vec<Figure>, Error> {
    let mut figures = Figures {
        run,
        drawn: Vec::new(),
    };
    let (people, workloads) = run.whose();
    let averaged = outages::averaged(&run.scenario);
    for series in SeriesMetric::ALL {
        let d = series.definition();
        let applies = match d.of {
            Of::People => people,
            Of::Workloads => workloads,
            Of::Everyone => true,
        };
        if d.chart == LOAD {
            if series == SeriesMetric::TokenRequestsPerMin {
                let heading = "Load: token requests, interactive and MFA prompts per minute";
                figures.add(&LoadChart { run }, LOAD, &format!("{heading}{averaged}"))?;
            }
        } else if applies {
            let chart = TimelineChart {
                run,
                series,
                lines: Lines::Designs,
            };
            figures.add(&chart, d.chart, &format!("{}{averaged}", d.heading))?;
        }
    }
    if people && !run.cohort_series.is_empty() {
        let chart = TimelineChart {
            run,
            series: SeriesMetric::LockedOutShare,
            lines: Lines::Cohorts,
        };
        figures.add(
            &chart,
            "timeline-by-cohort",
            &format!("Outage timeline by cohort: share of active users locked out{averaged}"),
        )?;
    }
    if let Some(comparison) = &run.comparison {
        let chart = DifferenceChart { run, comparison };
        figures.add(
            &chart,
            "difference",
            "Difference from the baseline, paired by replication",
        )?;
    }
    figures.add(
        &Tradeoff { run },
        "tradeoff",
        "Trade-off: lockouts, prompts and exposure",
    )?;
    if let Some(rows) = &run.denials {
        figures.add(
            &DenialsChart { run, rows },
            "denials-by-component",
            "What denied the attempts: denials and lockout hours by component",
        )?;
    }
    if run.scenario.fails_at_random() {
        // The review's leading metrics, lockout hours first.
        let metrics: Vec<Metric> = chart::reviewed(run).into_iter().take(4).collect();
        if let Some(values) = run.replications(&metrics)? {
            figures.add(
                &DistributionChart {
                    run,
                    metrics,
                    values,
                },
                DISTRIBUTION,
                "Spread over replications: how bad a bad draw of random failures is",
            )?;
        }
        // The tail of those a planner reads it for (`percentiles::of_interest`).
        let metrics: Vec<Metric> = (chart::reviewed(run).into_iter())
            .filter(|&m| percentiles::of_interest(m))
            .take(4)
            .collect();
        if let Some(values) = run.replications(&metrics)? {
            figures.add(
                &ExceedanceChart {
                    run,
                    metrics,
                    values,
                },
                EXCEEDANCE,
                "Exceedance: how often a bad draw of random failures is worse, with P50, P90 and P99",
            )?;
        }
    }
    figures.add(
        &SweepChart { run },
        "sweep",
        "Metrics against the swept parameter",
    )?;
    Ok(figures.drawn)
}

/// The charts drawn so far: each added only where it applies.
struct Figures<'a> {
    run: &'a RunFolder,
    drawn: Vec<Figure>,
}

impl Figures<'_> {
    fn add(&mut self, chart: &impl Chart, name: &'static str, heading: &str) -> Result<(), Error> {
        if !chart.applies() {
            return Ok(());
        }
        let figure = Figure::draw(chart, name, heading.to_string()).map_err(|e| Error::Write {
            path: self.run.path.join(CHARTS_DIR).join(format!("{name}.svg")),
            source: std::io::Error::other(e.to_string()),
        })?;
        self.drawn.push(figure);
        Ok(())
    }
}

/// Removes the charts in `dir` a redraw did not write: a chart that no longer
/// applies (the trade-off of designs that now trade nothing) must not outlive it
/// beside a report that no longer shows it. Only charts (`.png`, `.svg`) go;
/// they are drawn from the folder's files, so `plot` can always draw them again.
fn remove_stale(dir: &Path, written: &[PathBuf]) -> Result<(), Error> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let chart = path.extension().is_some_and(|e| e == "png" || e == "svg");
        if chart && !written.contains(&path) {
            std::fs::remove_file(&path).map_err(Error::write(&path))?;
        }
    }
    Ok(())
}

/// Writes `path` under a temporary name and renames it, so a redraw (or an
/// exported file) never leaves half a file.
pub fn replace(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let name = path
        .file_name()
        .map_or_else(Default::default, |n| n.to_string_lossy());
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    let written = std::fs::write(&tmp, bytes)
        .map_err(Error::write(&tmp))
        .and_then(|()| std::fs::rename(&tmp, path).map_err(Error::write(path)));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}
