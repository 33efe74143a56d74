//! timeseries.csv: per variant and time bucket, every series (the share of active
//! users locked out, the IdP load), each a mean over replications with its 95%
//! half-width.

use super::records::{Parameters, Row, TimeseriesRecord};
use super::{Exporter, Outputs, TIMESERIES_CSV, long_csv};
use authsim_core::montecarlo::RunResult;
use authsim_core::montecarlo::series::SeriesMetric;
use authsim_core::montecarlo::stats::Estimate;
use authsim_core::scenario::duration::Offset;
use std::io::Write;

pub struct TimeseriesCsv;

impl Exporter for TimeseriesCsv {
    fn file(&self) -> &'static str {
        TIMESERIES_CSV
    }
    fn write(&self, outputs: &Outputs, out: &mut dyn Write) -> std::io::Result<()> {
        long_csv::write(out, &outputs.parameters, &outputs.timeseries)
    }
}

pub fn rows(result: &RunResult, parameters: &[Parameters]) -> Vec<Row<TimeseriesRecord>> {
    let mut rows = Vec::new();
    for (v, parameters, slice) in super::slices(result, parameters) {
        let buckets = slice.series.first().map_or(0, Vec::len);
        for b in 0..buckets {
            let values = SeriesMetric::ALL.map(|m| {
                let across: Vec<f64> = slice.series.iter().map(|r| r[b][m.index()]).collect();
                let e = Estimate::from_samples(&across);
                (e.mean, e.ci95())
            });
            let start = result.warmup + b as f64 * result.bucket_seconds;
            rows.push(Row {
                variant: v.name.clone(),
                parameters: parameters.clone(),
                cohort: slice.cohort.clone(),
                app: slice.app.clone(),
                fields: TimeseriesRecord {
                    bucket_start_s: start,
                    bucket_start: Offset::of(start).to_string(),
                    values,
                    seed: result.seed,
                },
            });
        }
    }
    rows
}
