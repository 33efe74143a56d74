//! replications.csv: every metric's value in every replication of every slice,
//! the raw data for a planner's own statistics. The summary is computed from
//! these values, so it can be computed again from the folder alone.

use super::records::{Parameters, ReplicationRecord, Row};
use super::{Exporter, Outputs, REPLICATIONS_CSV, long_csv};
use authsim_core::error::{Error, Located};
use authsim_core::montecarlo::metrics::Metric;
use authsim_core::montecarlo::{RunResult, Sample};
use std::io::Write;
use std::path::Path;

pub struct ReplicationsCsv;

/// One slice of one variant: its metrics in each replication.
#[derive(Debug, Clone, PartialEq)]
pub struct SliceSamples {
    pub variant: String,
    pub parameters: Parameters,
    pub cohort: String,
    pub app: String,
    /// Per replication, in index order.
    pub samples: Vec<Sample>,
}

impl SliceSamples {
    pub fn values(&self, metric: Metric) -> Vec<f64> {
        self.samples.iter().map(|s| s[metric.index()]).collect()
    }
}

impl Exporter for ReplicationsCsv {
    fn file(&self) -> &'static str {
        REPLICATIONS_CSV
    }
    fn write(&self, outputs: &Outputs, out: &mut dyn Write) -> std::io::Result<()> {
        long_csv::write_rows(out, &outputs.parameters, rows(outputs))
    }
}

/// Every metric of every replication of every slice, made as they are written.
pub fn rows(outputs: &Outputs) -> impl Iterator<Item = Row<ReplicationRecord>> + '_ {
    let seed = outputs.summary.seed;
    let modelled = &outputs.summary.modelled;
    outputs.replications.iter().flat_map(move |s| {
        s.samples.iter().enumerate().flat_map(move |(r, sample)| {
            Metric::ALL.into_iter().map(move |metric| Row {
                variant: s.variant.clone(),
                parameters: s.parameters.clone(),
                cohort: s.cohort.clone(),
                app: s.app.clone(),
                fields: ReplicationRecord {
                    replication: r as u32,
                    metric,
                    value: Some(sample[metric.index()]).filter(|_| modelled.contains(&metric)),
                    seed,
                },
            })
        })
    })
}

/// Every slice of every variant, with its samples.
pub fn samples(result: &RunResult, parameters: &[Parameters]) -> Vec<SliceSamples> {
    super::slices(result, parameters)
        .map(|(v, parameters, slice)| SliceSamples {
            variant: v.name.clone(),
            parameters: parameters.clone(),
            cohort: slice.cohort.clone(),
            app: slice.app.clone(),
            samples: slice.samples.clone(),
        })
        .collect()
}

/// The slices of a replications.csv, in the file's order; every slice must have
/// every metric of every replication from 0 on, once.
pub fn read(path: &Path) -> Result<Vec<SliceSamples>, Error> {
    let (_, rows) = long_csv::read::<ReplicationRecord>(path)?;
    let fail = |message: String| {
        Error::RunFolder(Located {
            file: path.to_path_buf(),
            at: None,
            message,
        })
    };
    let mut slices: Vec<(SliceSamples, Vec<[bool; Metric::ALL.len()]>)> = Vec::new();
    for row in rows {
        let same = |s: &SliceSamples| {
            s.variant == row.variant && s.cohort == row.cohort && s.app == row.app
        };
        let at = match slices.iter().position(|(s, _)| same(s)) {
            Some(i) => i,
            None => {
                let s = SliceSamples {
                    variant: row.variant.clone(),
                    parameters: row.parameters.clone(),
                    cohort: row.cohort.clone(),
                    app: row.app.clone(),
                    samples: Vec::new(),
                };
                slices.push((s, Vec::new()));
                slices.len() - 1
            }
        };
        let (slice, seen) = &mut slices[at];
        let r = row.fields.replication as usize;
        if r >= seen.len() {
            // Replications are numbered from 0: a gap is a missing one.
            seen.resize(r + 1, [false; Metric::ALL.len()]);
            slice.samples.resize(r + 1, [0.0; Metric::ALL.len()]);
        }
        let m = row.fields.metric.index();
        if std::mem::replace(&mut seen[r][m], true) {
            return Err(fail(format!(
                "replication {r} of {} ({} / {}) has {} twice",
                row.variant,
                row.cohort,
                row.app,
                row.fields.metric.name()
            )));
        }
        // A metric not modelled (an empty cell) is 0 by construction.
        slice.samples[r][m] = row.fields.value.unwrap_or(0.0);
    }
    for (slice, seen) in &slices {
        if let Some(r) = seen.iter().position(|s| s.contains(&false)) {
            return Err(fail(format!(
                "replication {r} of {} ({} / {}) is incomplete: a metric is missing",
                slice.variant, slice.cohort, slice.app
            )));
        }
    }
    Ok(slices.into_iter().map(|(s, _)| s).collect())
}
