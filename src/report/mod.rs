//! Charts and the review report, drawn from a run folder's files alone: after every
//! run and sweep, and again by `authsim plot RUN_DIR` without re-simulating.

pub mod compare;
pub mod folder;
mod html;
mod style;
mod sweep;
mod timeline;
mod tradeoff;

use crate::error::Error;
use folder::RunFolder;
use std::path::{Path, PathBuf};
use style::render;
use sweep::SweepChart;
use crate::montecarlo::series::SeriesMetric;
use timeline::TimelineChart;
use tradeoff::Tradeoff;

pub use style::SIZE;

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
    for (series, title, name) in [
        (SeriesMetric::LockedOutShare, "Outage timeline: share of active users locked out", "timeline"),
        (SeriesMetric::TokenRequestsPerMin, "IdP load: token requests per minute", "load"),
    ] {
        let chart = TimelineChart { run: &run, series };
        add(title, render(&chart, &dir, name)?);
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
