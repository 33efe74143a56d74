//! Charts and the review report, drawn from a run folder's files alone: after every
//! run and sweep, and again by `authsim plot RUN_DIR` without re-simulating.

pub mod compare;
pub mod folder;
mod html;
pub mod ranking;
mod style;
mod sweep;
mod timeline;
mod tradeoff;

use crate::error::Error;
use crate::export::Outputs;
use crate::montecarlo::series::SeriesMetric;
use folder::RunFolder;
use std::path::{Path, PathBuf};
use style::render;
use sweep::SweepChart;
use timeline::TimelineChart;
use tradeoff::Tradeoff;

pub use style::SIZE;

/// Writes a run's files into `dir`, and its charts and report unless `charts` is false.
pub fn write_run(dir: &Path, outputs: &Outputs, charts: bool) -> Result<(), Error> {
    outputs.write(dir)?;
    if charts {
        write(dir)?;
    }
    Ok(())
}

/// Draws every chart that applies into `folder/charts/` (PNG and SVG) and writes
/// `folder/report.html`. Returns the files written.
pub fn write(folder: &Path) -> Result<Vec<PathBuf>, Error> {
    let run = RunFolder::read(folder)?;
    let dir = folder.join("charts");
    std::fs::create_dir_all(&dir).map_err(Error::write(&dir))?;
    let mut written = Vec::new();
    let mut svgs: Vec<(&str, PathBuf)> = Vec::new();
    let mut add = |title: &'static str, files: Vec<PathBuf>| {
        svgs.push((title, files[1].clone()));
        written.extend(files);
    };
    for series in SeriesMetric::ALL {
        let d = series.definition();
        let chart = TimelineChart { run: &run, series };
        add(d.heading, render(&chart, &dir, d.chart)?);
    }
    add(
        "Trade-off: prompts against lockout hours",
        render(&Tradeoff { run: &run }, &dir, "tradeoff")?,
    );
    let sweep = SweepChart { run: &run };
    if sweep.applies() {
        add(
            "Metrics against the swept parameter",
            render(&sweep, &dir, "sweep")?,
        );
    }
    let page = folder.join("report.html");
    html::write(&run, &svgs, &page)?;
    written.push(page);
    Ok(written)
}
