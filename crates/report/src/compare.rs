//! Two earlier run folders side by side, from their summary.csv: every metric of
//! every variant in both, for everyone (`cohort` and `app` both `all`), with whether
//! their 95% intervals overlap. Metrics neither run reports are left out.

use authsim_core::error::{Error, Located};
use authsim_core::montecarlo::metrics::Metric;
use authsim_core::scenario;
use authsim_export::json::read_json;
use authsim_export::records::{Row, SummaryDocument, SummaryRecord, variants};
use authsim_export::{RESOLVED_SCENARIO, SUMMARY_CSV, SUMMARY_JSON, long_csv};
use serde::Serialize;
use std::path::Path;

/// One metric of one variant in both runs. A run that does not report the
/// metric has no figures for it (`null` in JSON), and says why.
#[derive(Debug, Clone, Serialize)]
pub struct Pair {
    pub variant: String,
    pub metric: Metric,
    pub mean_a: Option<f64>,
    pub ci95_half_width_a: Option<f64>,
    /// Each run's 95% interval, as its summary gives it (`SummaryRecord::interval`).
    pub ci95_low_a: Option<f64>,
    pub ci95_high_a: Option<f64>,
    pub unreported_a: Option<Unreported>,
    pub mean_b: Option<f64>,
    pub ci95_half_width_b: Option<f64>,
    pub ci95_low_b: Option<f64>,
    pub ci95_high_b: Option<f64>,
    pub unreported_b: Option<Unreported>,
    /// None where either run does not report the metric.
    pub intervals_overlap: Option<bool>,
    /// Whether each interval rests on too few replications with the event to
    /// hold its 95% (`SummaryRecord::few_events`).
    pub few_events_a: bool,
    pub few_events_b: bool,
}

/// Why a run reports no figure for a metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unreported {
    /// Its scenario does not model it: zero by construction.
    NotModelled,
    /// Its sample of users cannot estimate it (`simulation.sample_users`).
    SampledAway,
}

impl Unreported {
    /// How a table says it.
    pub fn words(self) -> &'static str {
        match self {
            Unreported::NotModelled => "not modelled",
            Unreported::SampledAway => "not estimated (sampled users)",
        }
    }
}

/// What one run reports of a metric: its mean and 95% interval.
struct Side {
    mean: f64,
    half_width: f64,
    low: f64,
    high: f64,
}

/// What each run folder was: its seed and replications, and the seconds each
/// replication measured (after the warm-up; none where its resolved scenario
/// does not read).
#[derive(Debug, Clone)]
pub struct RunOrigin {
    pub seed: u64,
    pub replications: u32,
    pub measured: Option<f64>,
}

impl Compared {
    /// Whether the two runs measured periods of different lengths: then a total
    /// over the period (lockout hours, users locked out) differs for that alone.
    pub fn periods_differ(&self) -> Option<(f64, f64)> {
        let (a, b) = (self.a.measured?, self.b.measured?);
        (a != b).then_some((a, b))
    }
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
    /// The seconds each run's replications measured (`RunOrigin::measured`).
    pub measured_seconds_a: Option<f64>,
    pub measured_seconds_b: Option<f64>,
    pub results: &'a [Pair],
}

impl Compared {
    pub fn document(&self) -> CompareDocument<'_> {
        CompareDocument {
            format_version: authsim_export::FORMAT_VERSION,
            measured_seconds_a: self.a.measured,
            measured_seconds_b: self.b.measured,
            results: &self.pairs,
        }
    }
}

pub fn compare(run_a: &Path, run_b: &Path) -> Result<Compared, Error> {
    let (run_a_read, run_b_read) = (Run::read(run_a)?, Run::read(run_b)?);
    let (a, b) = (&run_a_read.rows, &run_b_read.rows);
    let (va, vb) = (variants(a), variants(b));
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
        .zip(b)
        .filter_map(|(row, other)| {
            let (x, y) = (&row.fields, &other.fields);
            let (side_a, side_b) = (run_a_read.reports(x), run_b_read.reports(y));
            // Nothing to show on either side.
            if side_a.is_err() && side_b.is_err() {
                return None;
            }
            let figure =
                |side: &Result<Side, Unreported>, f: fn(&Side) -> f64| side.as_ref().ok().map(f);
            let overlap = match (&side_a, &side_b) {
                (Ok(a), Ok(b)) => Some(a.low <= b.high && b.low <= a.high),
                _ => None,
            };
            Some(Pair {
                variant: row.variant.clone(),
                metric: x.metric,
                mean_a: figure(&side_a, |s| s.mean),
                ci95_half_width_a: figure(&side_a, |s| s.half_width),
                ci95_low_a: figure(&side_a, |s| s.low),
                ci95_high_a: figure(&side_a, |s| s.high),
                unreported_a: side_a.as_ref().err().copied(),
                mean_b: figure(&side_b, |s| s.mean),
                ci95_half_width_b: figure(&side_b, |s| s.half_width),
                ci95_low_b: figure(&side_b, |s| s.low),
                ci95_high_b: figure(&side_b, |s| s.high),
                unreported_b: side_b.as_ref().err().copied(),
                intervals_overlap: overlap,
                few_events_a: x.few_events,
                few_events_b: y.few_events,
            })
        })
        .collect();
    let origin = |run: &Run| RunOrigin {
        seed: run.rows[0].fields.seed,
        replications: run.rows[0].fields.replications,
        measured: run.measured,
    };
    Ok(Compared {
        a: origin(&run_a_read),
        b: origin(&run_b_read),
        pairs,
    })
}

/// A run's results for everyone, and the metrics it reports.
struct Run {
    rows: Vec<Row<SummaryRecord>>,
    modelled: Vec<Metric>,
    sampled_away: Vec<Metric>,
    measured: Option<f64>,
}

impl Run {
    fn read(run: &Path) -> Result<Run, Error> {
        if !run.is_dir() {
            return Err(Error::Usage(format!(
                "{}: no such run folder; give a folder an earlier `authsim run` wrote",
                run.display()
            )));
        }
        super::folder::finished(run)?;
        let csv = run.join(SUMMARY_CSV);
        let (_, mut rows) = long_csv::read::<SummaryRecord>(&csv)?;
        let mut summary: SummaryDocument = read_json(&run.join(SUMMARY_JSON))?;
        super::folder::sampled_away_before_the_list(run, &mut summary);
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
        let measured = scenario::read_resolved(&run.join(RESOLVED_SCENARIO))
            .ok()
            .map(|s| s.simulation.horizon.0 - s.simulation.warmup.0);
        Ok(Run {
            rows,
            modelled: summary.modelled,
            sampled_away: summary.sampled_away,
            measured,
        })
    }

    /// What the run reports of the metric of record `r`.
    fn reports(&self, r: &SummaryRecord) -> Result<Side, Unreported> {
        {
            let metric = r.metric;
            // A folder older than the list models every metric.
            if !self.modelled.is_empty() && !self.modelled.contains(&metric) {
                return Err(match self.sampled_away.contains(&metric) {
                    true => Unreported::SampledAway,
                    false => Unreported::NotModelled,
                });
            }
            let (low, high) = r.interval();
            Ok(Side {
                mean: r.mean,
                half_width: r.ci95_half_width,
                low,
                high,
            })
        }
    }
}
