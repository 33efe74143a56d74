//! Two earlier run folders side by side, from their summary.csv: every metric of
//! every variant in both, for everyone (`cohort` and `app` both `all`), with whether
//! their 95% intervals overlap. Metrics neither run's scenario models are left out.

use authsim_core::error::{Error, Located};
use authsim_core::montecarlo::metrics::Metric;
use authsim_export::json::read_json;
use authsim_export::records::{Row, SummaryDocument, SummaryRecord, variants};
use authsim_export::{SUMMARY_CSV, SUMMARY_JSON, long_csv};
use serde::Serialize;
use std::path::Path;

/// One metric of one variant in both runs.
#[derive(Debug, Clone, Serialize)]
pub struct Pair {
    pub variant: String,
    pub metric: Metric,
    pub mean_a: f64,
    pub ci95_half_width_a: f64,
    /// Each run's 95% interval, as its summary gives it (`SummaryRecord::interval`).
    pub ci95_low_a: f64,
    pub ci95_high_a: f64,
    pub mean_b: f64,
    pub ci95_half_width_b: f64,
    pub ci95_low_b: f64,
    pub ci95_high_b: f64,
    pub intervals_overlap: bool,
    /// Whether each interval rests on too few replications with the event to
    /// hold its 95% (`SummaryRecord::few_events`).
    pub few_events_a: bool,
    pub few_events_b: bool,
}

/// What each run folder was: its seed and replications.
#[derive(Debug, Clone)]
pub struct RunOrigin {
    pub seed: u64,
    pub replications: u32,
}

#[derive(Debug, Clone)]
pub struct Compared {
    pub a: RunOrigin,
    pub b: RunOrigin,
    pub pairs: Vec<Pair>,
}

/// What `compare --json` prints.
#[derive(Debug, Clone, Serialize)]
pub struct CompareDocument<'a> {
    pub format_version: u32,
    pub results: &'a [Pair],
}

impl Compared {
    pub fn document(&self) -> CompareDocument<'_> {
        CompareDocument {
            format_version: authsim_export::FORMAT_VERSION,
            results: &self.pairs,
        }
    }
}

pub fn compare(run_a: &Path, run_b: &Path) -> Result<Compared, Error> {
    let ((a, modelled_a), (b, modelled_b)) = (rows(run_a)?, rows(run_b)?);
    // A folder older than the list models every metric.
    let models = |m: &Vec<Metric>, metric| m.is_empty() || m.contains(&metric);
    let (va, vb) = (variants(&a), variants(&b));
    if va != vb {
        let only = |x: &[&str], y: &[&str]| -> Vec<String> {
            x.iter()
                .filter(|v| !y.contains(v))
                .map(|v| format!("\"{v}\""))
                .collect()
        };
        let (only_a, only_b) = (only(&va, &vb), only(&vb, &va));
        let mut why = Vec::new();
        if !only_a.is_empty() {
            why.push(format!(
                "only {} has the variants {}",
                run_a.display(),
                only_a.join(", ")
            ));
        }
        if !only_b.is_empty() {
            why.push(format!(
                "only {} has the variants {}",
                run_b.display(),
                only_b.join(", ")
            ));
        }
        if why.is_empty() {
            why.push("they list the same variants in another order".to_string());
        }
        return Err(Error::Usage(format!(
            "{} and {} are not runs of the same scenario structure, so they cannot be compared metric by metric: {}",
            run_a.display(),
            run_b.display(),
            why.join("; ")
        )));
    }
    let key = |r: &Row<SummaryRecord>| (r.variant.clone(), r.fields.metric);
    if a.iter().map(key).ne(b.iter().map(key)) {
        return Err(Error::Usage(format!(
            "{} and {} were written by versions of authsim with different metrics; rerun the older one",
            run_a.display(),
            run_b.display()
        )));
    }
    let pairs = a
        .iter()
        .zip(&b)
        .filter(|(row, _)| {
            models(&modelled_a, row.fields.metric) || models(&modelled_b, row.fields.metric)
        })
        .map(|(row, other)| {
            let (x, y) = (&row.fields, &other.fields);
            let ((low_a, high_a), (low_b, high_b)) = (x.interval(), y.interval());
            Pair {
                variant: row.variant.clone(),
                metric: x.metric,
                mean_a: x.mean,
                ci95_half_width_a: x.ci95_half_width,
                ci95_low_a: low_a,
                ci95_high_a: high_a,
                mean_b: y.mean,
                ci95_half_width_b: y.ci95_half_width,
                ci95_low_b: low_b,
                ci95_high_b: high_b,
                intervals_overlap: low_a <= high_b && low_b <= high_a,
                few_events_a: x.few_events,
                few_events_b: y.few_events,
            }
        })
        .collect();
    let origin = |rows: &[Row<SummaryRecord>]| RunOrigin {
        seed: rows[0].fields.seed,
        replications: rows[0].fields.replications,
    };
    Ok(Compared {
        a: origin(&a),
        b: origin(&b),
        pairs,
    })
}

/// A run's results for everyone, and the metrics its scenario models.
fn rows(run: &Path) -> Result<(Vec<Row<SummaryRecord>>, Vec<Metric>), Error> {
    if !run.is_dir() {
        return Err(Error::Usage(format!(
            "{}: no such run folder; give a folder an earlier `authsim run` wrote",
            run.display()
        )));
    }
    super::folder::finished(run)?;
    let csv = run.join(SUMMARY_CSV);
    let (_, mut rows) = long_csv::read::<SummaryRecord>(&csv)?;
    let summary: SummaryDocument = read_json(&run.join(SUMMARY_JSON))?;
    // The same records: what a folder without the list of its files can show.
    if rows.len() != summary.results.len() {
        return Err(Error::RunFolder(Located {
            file: csv,
            at: None,
            message: format!(
                "{} rows where {SUMMARY_JSON} has {}: one of them was cut short or changed; copy the folder again from where the run wrote it",
                rows.len(),
                summary.results.len()
            ),
        }));
    }
    // Runs are compared for everyone: their parts may differ with their scenarios.
    rows.retain(Row::is_whole);
    if rows.is_empty() {
        return Err(Error::Usage(format!(
            "{}: no results in it; is {} an authsim run folder?",
            run.join(SUMMARY_CSV).display(),
            run.display()
        )));
    }
    Ok((rows, summary.modelled))
}
