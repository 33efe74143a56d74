//! A run folder read back, through the same record types its files were written
//! with: what `authsim plot` and the report draw from, so charts come from the
//! files alone and never need the simulation again.

use authsim_core::analysis::{self, Analysis};
use authsim_core::engine::attribution::NOT_COMPONENTS;
use authsim_core::error::{Error, Located};
use authsim_core::model;
use authsim_core::montecarlo::metrics::Metric;
use authsim_core::montecarlo::series::SeriesMetric;
use authsim_core::montecarlo::slices::{self, ALL};
use authsim_core::scenario::{self, CohortKind, Scenario};
use authsim_export::actions::ActionRecord;
use authsim_export::json::read_json;
use authsim_export::manifest::{INCOMPLETE, SHARD};
use authsim_export::records::{
    self, CauseRecord, ComparisonDocument, Row, SummaryDocument, SummaryRecord, TimeseriesRecord,
};
use authsim_export::{
    ACTIONS_CSV, COMPARISON_JSON, DENIALS_BY_COMPONENT_CSV, RESOLVED_SCENARIO, SUMMARY_JSON,
    TIMESERIES_CSV, long_csv, whole,
};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

mod left_out;
mod replications;
pub use left_out::sampled_away_before_the_list;
pub use replications::Replications;

/// A run folder to read results from: finished (an unfinished run folder, or a
/// shard folder, has no results yet) and whole, where it lists its files.
pub fn finished(path: &Path) -> Result<(), Error> {
    let message = if path.join(INCOMPLETE).exists() {
        format!(
            "an interrupted run: it has no results yet; `authsim run --resume {}` finishes it",
            path.display()
        )
    } else if path.join(SHARD).exists() {
        "a shard folder: `authsim merge` combines it with the other shards of its run into a run folder".to_string()
    } else {
        return whole::check_run(path);
    };
    Err(Error::RunFolder(Located {
        file: path.to_path_buf(),
        at: None,
        message,
    }))
}

/// One variant's time series.
#[derive(Debug, Clone, Default)]
pub struct Series {
    pub start_s: Vec<f64>,
    /// Mean and 95% half-width per bucket, for each series in `SeriesMetric::ALL` order.
    values: [Vec<(f64, f64)>; SeriesMetric::ALL.len()],
}

impl Series {
    pub fn of(&self, metric: SeriesMetric) -> &[(f64, f64)] {
        &self.values[metric.index()]
    }
}

#[derive(Debug, Clone)]
pub struct RunFolder {
    pub path: PathBuf,
    /// The whole population's results (every other slice's are in `parts`).
    pub summary: SummaryDocument,
    /// Each cohort's, mix's and app's results (see `montecarlo::slices`).
    pub parts: Vec<Row<SummaryRecord>>,
    /// The whole population's paired differences.
    pub comparison: Option<ComparisonDocument>,
    /// Variants in the run's order.
    pub variants: Vec<String>,
    /// The whole population's series, per variant.
    pub series: BTreeMap<String, Series>,
    /// Each cohort's and registration mix's series across its apps, per variant
    /// and cohort (`cohort/mix` for a mix).
    pub cohort_series: BTreeMap<(String, String), Series>,
    pub scenario: Scenario,
    /// The scenario file's header comment, as the resolved scenario carries it:
    /// the question in its author's words; empty in folders older than it.
    pub header: Vec<String>,
    /// What denied attempts, per variant and cause; none in folders older than the file.
    pub denials: Option<Vec<Row<CauseRecord>>>,
    /// Each switch's and rule's time to act, per variant; none without either.
    pub actions: Option<Vec<Row<ActionRecord>>>,
}

impl RunFolder {
    pub fn read(path: &Path) -> Result<Self, Error> {
        finished(path)?;
        Self::read_files(path)
    }

    /// What the files hold, finished or not: the charts of a run being finished.
    /// Each file's rows must cover the summary's slices.
    pub(super) fn read_files(path: &Path) -> Result<Self, Error> {
        let mut summary: SummaryDocument = read_json(&path.join(SUMMARY_JSON))?;
        sampled_away_before_the_list(path, &mut summary);
        let slices: BTreeSet<Slice> = summary.results.iter().map(slice_of).collect();
        let (whole, parts) = summary.results.into_iter().partition(Row::is_whole);
        summary.results = whole;
        let comparison_file = path.join(COMPARISON_JSON);
        let comparison = match comparison_file.exists() {
            true => {
                let mut c: ComparisonDocument = read_json(&comparison_file)?;
                c.results.retain(Row::is_whole);
                Some(c)
            }
            false => None,
        };
        let variants = records::variants(&summary.results)
            .into_iter()
            .map(String::from)
            .collect();
        let series_file = path.join(TIMESERIES_CSV);
        let (_, rows) = long_csv::read::<TimeseriesRecord>(&series_file)?;
        // Every slice has a bucket for each bucket of the horizon.
        covers(&series_file, &rows, &slices, |_| "")?;
        let resolved = path.join(RESOLVED_SCENARIO);
        let scenario = scenario::read_resolved(&resolved)?;
        let header = scenario::header(&scenario::read(&resolved)?);
        let denials_file = path.join(DENIALS_BY_COMPONENT_CSV);
        let denials = match denials_file.exists() {
            true => {
                let mut rows = long_csv::read::<CauseRecord>(&denials_file)?.1;
                // Every slice of a variant has a row for each of its causes.
                causes_end(&denials_file, &rows)?;
                covers(&denials_file, &rows, &slices, |variant| variant)?;
                rows.retain(Row::is_whole);
                Some(rows)
            }
            false => None,
        };
        let actions_file = path.join(ACTIONS_CSV);
        let actions = match actions_file.exists() {
            true => Some(long_csv::read::<ActionRecord>(&actions_file)?.1),
            false => None,
        };
        let series = series(rows, scenario.simulation.horizon.0).map_err(|message| {
            Error::RunFolder(Located {
                file: series_file,
                at: None,
                message,
            })
        })?;
        // `partition`, not `extract_if`: the latter needs Rust 1.91 (rust-version).
        let (series, sliced): (BTreeMap<_, _>, BTreeMap<_, _>) = series
            .into_iter()
            .partition(|((_, cohort, app), _)| slices::whole(cohort, app));
        let cohort_series = sliced
            .into_iter()
            .filter(|((_, _, app), _)| app == ALL)
            .map(|((variant, cohort, _), s)| ((variant, cohort), s))
            .collect();
        Ok(RunFolder {
            path: path.to_path_buf(),
            summary,
            parts,
            comparison,
            variants,
            series: series
                .into_iter()
                .map(|((variant, _, _), s)| (variant, s))
                .collect(),
            cohort_series,
            scenario,
            header,
            denials,
            actions,
        })
    }

    /// Each design's dependency analysis, from the resolved scenario the folder holds.
    pub fn analyses(&self) -> Result<Vec<Analysis>, Error> {
        let file = self.path.join(RESOLVED_SCENARIO);
        let plan = scenario::load(&file)?;
        model::worlds(&plan)
            .iter()
            .map(|w| analysis::analyze(w, analysis::DEFAULT_ORDER).map_err(|e| e.in_file(&file)))
            .collect()
    }

    pub fn record(&self, variant: &str, metric: Metric) -> Option<&Row<SummaryRecord>> {
        self.summary
            .results
            .iter()
            .find(|r| r.variant == variant && r.fields.metric == metric)
    }

    /// Whether the scenario has people, and whether it has workloads.
    pub fn whose(&self) -> (bool, bool) {
        let cohorts = self.scenario.cohorts.values();
        let workloads = cohorts
            .clone()
            .filter(|c| c.kind == CohortKind::Workloads)
            .count();
        (workloads < self.scenario.cohorts.len(), workloads > 0)
    }

    /// Whether the run models `metric`; a folder older than the list models all.
    pub fn models(&self, metric: Metric) -> bool {
        self.summary.modelled.is_empty() || self.summary.modelled.contains(&metric)
    }

    /// A design as charts name it: a sweep's designs by the last part of each swept
    /// path that tells the paths apart (`early_renewal=true`), others as named.
    pub fn label(&self, variant: &str) -> String {
        let mut label = variant.to_string();
        for (path, short) in self
            .summary
            .parameters
            .iter()
            .zip(short_paths(&self.summary.parameters))
        {
            label = label.replace(&format!("{path}="), &format!("{short}="));
        }
        label
    }

    /// The title every chart carries: scenario and seed.
    pub fn title(&self) -> String {
        let name = Path::new(&self.summary.scenario)
            .file_stem()
            .map_or(self.summary.scenario.clone(), |s| {
                s.to_string_lossy().into_owned()
            });
        format!(
            "{name} · seed {} · {} replications",
            self.summary.seed, self.summary.replications
        )
    }
}

/// A slice of a variant: its variant, cohort and app.
type Slice = (String, String, String);

fn slice_of<R>(row: &Row<R>) -> Slice {
    (row.variant.clone(), row.cohort.clone(), row.app.clone())
}

/// Refuses `file` unless its rows cover every slice of the summary, as many for
/// each slice as for every other slice `alike` puts in the same group: what a
/// file cut at a row boundary, which reads as whole, cannot show. A folder that
/// does not list its files (built before the list) has this check alone.
fn covers<R>(
    file: &Path,
    rows: &[Row<R>],
    slices: &BTreeSet<Slice>,
    alike: impl Fn(&str) -> &str,
) -> Result<(), Error> {
    let mut counts: BTreeMap<Slice, usize> = BTreeMap::new();
    for row in rows {
        *counts.entry(slice_of(row)).or_default() += 1;
    }
    let mut first: BTreeMap<&str, (&Slice, usize)> = BTreeMap::new();
    for slice in slices {
        let n = counts.get(slice).copied().unwrap_or(0);
        let (other, m) = *first.entry(alike(&slice.0)).or_insert((slice, n));
        let wrong = match (n, m) {
            (0, _) => format!("no rows for {}, which {SUMMARY_JSON} has", name(slice)),
            _ if n != m => format!("{n} rows for {} where {} has {m}", name(slice), name(other)),
            _ => continue,
        };
        return Err(cut(file, wrong));
    }
    Ok(())
}

/// Refuses `file` unless each slice's causes end with those that are not
/// components, in their order, as every run writes them: a slice cut short
/// lacks them.
fn causes_end(file: &Path, rows: &[Row<CauseRecord>]) -> Result<(), Error> {
    let mut causes: BTreeMap<Slice, Vec<&str>> = BTreeMap::new();
    for row in rows {
        causes
            .entry(slice_of(row))
            .or_default()
            .push(&row.fields.component);
    }
    match causes
        .iter()
        .find(|(_, names)| !names.ends_with(&NOT_COMPONENTS))
    {
        Some((slice, names)) => Err(cut(
            file,
            format!(
                "the causes of {} end with \"{}\", not with \"{}\"",
                name(slice),
                names.last().unwrap_or(&""),
                NOT_COMPONENTS.join("\", \"")
            ),
        )),
        None => Ok(()),
    }
}

/// A slice as messages name it.
fn name((variant, cohort, app): &Slice) -> String {
    format!("variant \"{variant}\" (cohort {cohort}, app {app})")
}

/// The refusal of a file whose rows do not cover the run.
fn cut(file: &Path, wrong: String) -> Error {
    Error::RunFolder(Located {
        file: file.to_path_buf(),
        at: None,
        message: format!(
            "{wrong}: the file was cut short, or is not this run's; copy the folder again from where the run wrote it, or run it again from its {RESOLVED_SCENARIO}"
        ),
    })
}

/// The shortest dotted suffix of each path that no other path ends with.
fn short_paths(paths: &[String]) -> Vec<String> {
    let suffix = |p: &str, n: usize| -> String {
        let parts: Vec<&str> = p.split('.').collect();
        parts[parts.len().saturating_sub(n)..].join(".")
    };
    paths
        .iter()
        .map(|p| {
            (1..=p.split('.').count())
                .map(|n| suffix(p, n))
                .find(|s| {
                    paths
                        .iter()
                        .filter(|o| *o != p)
                        .all(|o| o != s && !o.ends_with(&format!(".{s}")))
                })
                .unwrap_or_else(|| p.clone())
        })
        .collect()
}

/// Each slice's series, by variant, cohort and app; its buckets must start in
/// order inside the horizon.
fn series(
    rows: Vec<Row<TimeseriesRecord>>,
    horizon: f64,
) -> Result<BTreeMap<(String, String, String), Series>, String> {
    let mut series: BTreeMap<(String, String, String), Series> = BTreeMap::new();
    for (i, row) in rows.into_iter().enumerate() {
        let s = series
            .entry((row.variant, row.cohort, row.app))
            .or_default();
        let start = row.fields.bucket_start_s;
        if !(0.0..horizon).contains(&start) || s.start_s.last().is_some_and(|&last| start <= last) {
            return Err(format!(
                "line {}: a bucket starting at {start} s is out of order or outside the horizon",
                i + 2
            ));
        }
        s.start_s.push(start);
        for (column, value) in s.values.iter_mut().zip(row.fields.values) {
            column.push(value);
        }
    }
    Ok(series)
}

#[cfg(test)]
mod tests {
    use super::short_paths;

    #[test]
    fn swept_paths_shorten_to_what_tells_them_apart() {
        let paths = [
            "policy.access_token_lifetime".to_string(),
            "apps.mail.retry.jitter".to_string(),
            "apps.web.retry.jitter".to_string(),
        ];
        assert_eq!(
            short_paths(&paths),
            [
                "access_token_lifetime",
                "mail.retry.jitter",
                "web.retry.jitter"
            ]
        );
    }
}
