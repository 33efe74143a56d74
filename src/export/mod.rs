//! Output formats, one file each: `csv` (summary.csv, comparison.csv), `json`
//! (summary.json, comparison.json, `--json`), `timeseries` (timeseries.csv) and
//! `table` (the terminal). All share the long format: one record per variant and metric.

pub mod csv;
pub mod json;
pub mod table;
pub mod timeseries;

use crate::montecarlo::RunResult;
use crate::montecarlo::metrics::METRICS;
use crate::montecarlo::paired::{self, Comparison};
use crate::montecarlo::precision::Stopping;
use crate::scenario::Loaded;

/// Everything a run reports, ready for any format.
pub struct Report<'a> {
    pub scenario: String,
    pub description: String,
    pub result: &'a RunResult,
    /// Swept paths, each with its value in every variant: columns of their own.
    pub parameters: Vec<(String, Vec<String>)>,
    pub comparison: Option<Comparison>,
    pub stopping: Option<Stopping>,
    /// The command line that ran it, for provenance.
    pub command: Vec<String>,
}

impl<'a> Report<'a> {
    pub fn new(loaded: &Loaded, result: &'a RunResult, stopping: Option<Stopping>) -> Self {
        Report {
            scenario: loaded.file.display().to_string(),
            description: loaded.resolved.description.clone(),
            result,
            parameters: loaded.parameters(),
            comparison: paired::compare(result),
            stopping,
            command: Vec::new(),
        }
    }

    /// The swept paths' values for variant `v`.
    pub fn parameter_values(&self, v: usize) -> Vec<&str> {
        self.parameters
            .iter()
            .map(|(_, values)| values[v].as_str())
            .collect()
    }

    pub fn parameter_names(&self) -> Vec<&str> {
        self.parameters
            .iter()
            .map(|(path, _)| path.as_str())
            .collect()
    }

    fn variant_index(&self, name: &str) -> usize {
        self.result
            .variants
            .iter()
            .position(|v| v.name == name)
            .expect("a variant of this run")
    }
}

/// One record per variant and metric.
#[derive(Debug, Clone)]
pub struct SummaryRow {
    pub variant: String,
    /// Index of the variant, for its parameter values.
    pub index: usize,
    pub metric: &'static str,
    pub mean: f64,
    pub ci95_half_width: f64,
}

pub fn summary_rows(result: &RunResult) -> Vec<SummaryRow> {
    result
        .variants
        .iter()
        .enumerate()
        .flat_map(|(index, v)| {
            METRICS.iter().map(move |&m| {
                let e = v.metric(m);
                SummaryRow {
                    variant: v.name.clone(),
                    index,
                    metric: m.name(),
                    mean: e.mean,
                    ci95_half_width: e.ci95(),
                }
            })
        })
        .collect()
}
