//! A run folder read back, through the same record types its files were written
//! with: what `authsim plot` and the report draw from, so charts come from the
//! files alone and never need the simulation again.

use crate::error::{Error, Located};
use crate::export::records::{ComparisonDocument, Row, SummaryDocument, SummaryRecord, TimeseriesRecord};
use crate::export::{COMPARISON_JSON, RESOLVED_SCENARIO, SUMMARY_JSON, TIMESERIES_CSV, long_csv};
use crate::montecarlo::metrics::Metric;
use crate::montecarlo::series::SeriesMetric;
use crate::scenario::{self, Scenario};
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
    pub summary: SummaryDocument,
    pub comparison: Option<ComparisonDocument>,
    /// Variants in the run's order.
    pub variants: Vec<String>,
    pub series: BTreeMap<String, Series>,
    pub scenario: Scenario,
}

impl RunFolder {
    pub fn read(path: &Path) -> Result<Self, Error> {
        let summary: SummaryDocument = read_json(&path.join(SUMMARY_JSON))?;
        let comparison_file = path.join(COMPARISON_JSON);
        let comparison = match comparison_file.exists() {
            true => Some(read_json(&comparison_file)?),
            false => None,
        };
        let mut variants: Vec<String> = Vec::new();
        for r in &summary.results {
            if !variants.contains(&r.variant) {
                variants.push(r.variant.clone());
            }
        }
        let (_, rows) = long_csv::read::<TimeseriesRecord>(&path.join(TIMESERIES_CSV))?;
        let scenario = scenario::load(&path.join(RESOLVED_SCENARIO))?.resolved;
        Ok(RunFolder {
            path: path.to_path_buf(),
            summary,
            comparison,
            variants,
            series: series(rows),
            scenario,
        })
    }

    pub fn record(&self, variant: &str, metric: Metric) -> Option<&Row<SummaryRecord>> {
        self.summary
            .results
            .iter()
            .find(|r| r.variant == variant && r.fields.metric == metric)
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

fn series(rows: Vec<Row<TimeseriesRecord>>) -> BTreeMap<String, Series> {
    let mut series: BTreeMap<String, Series> = BTreeMap::new();
    for row in rows {
        let s = series.entry(row.variant).or_default();
        s.start_s.push(row.fields.bucket_start_s);
        for (column, value) in s.values.iter_mut().zip(row.fields.values) {
            column.push(value);
        }
    }
    series
}

/// A JSON file of a run folder; a problem is located by line and column.
pub fn read_json<T: DeserializeOwned>(path: &Path) -> Result<T, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|e| {
        Error::RunFolder(Located {
            file: path.to_path_buf(),
            at: Some(crate::error::Location {
                line: e.line(),
                column: e.column(),
            }),
            message: format!("{e}; is this an authsim run folder?"),
        })
    })
}
