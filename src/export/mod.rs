//! Output formats, one file each: `csv` (summary.csv), `json` (summary.json),
//! `timeseries` (timeseries.csv), `table` (the terminal).

pub mod csv;
pub mod json;
pub mod table;
pub mod timeseries;

use crate::montecarlo::RunResult;
use crate::montecarlo::metrics::METRICS;
use serde::Serialize;

/// One record per variant and metric: the long format every output shares.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryRow {
    pub variant: String,
    pub metric: &'static str,
    pub mean: f64,
    pub ci95_half_width: f64,
    pub replications: u32,
    pub seed: u64,
}

pub fn summary_rows(result: &RunResult) -> Vec<SummaryRow> {
    result
        .variants
        .iter()
        .flat_map(|v| {
            METRICS.iter().enumerate().map(move |(i, m)| {
                let e = v.estimate(i);
                SummaryRow {
                    variant: v.name.clone(),
                    metric: m.name(),
                    mean: e.mean,
                    ci95_half_width: e.ci95(),
                    replications: result.replications,
                    seed: result.seed,
                }
            })
        })
        .collect()
}
