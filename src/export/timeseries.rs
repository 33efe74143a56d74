//! timeseries.csv: per variant and time bucket, the share of active users locked
//! out and the IdP load, each a mean over replications with its 95% half-width.

use super::records::{Parameters, Row, TimeseriesRecord};
use super::{Exporter, Outputs, TIMESERIES_CSV, long_csv};
use crate::montecarlo::RunResult;
use crate::montecarlo::metrics::BucketValues;
use crate::montecarlo::stats::Estimate;
use crate::scenario::duration::Offset;
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
    for (v, parameters) in result.variants.iter().zip(parameters) {
        let buckets = v.series.first().map_or(0, Vec::len);
        for b in 0..buckets {
            let across = |f: fn(&BucketValues) -> f64| {
                Estimate::from_samples(&v.series.iter().map(|replication| f(&replication[b])).collect::<Vec<_>>())
            };
            let locked = across(|x| x.locked_out_share);
            let load = across(|x| x.token_requests_per_min);
            let start = result.warmup + b as f64 * result.bucket_seconds;
            rows.push(Row {
                variant: v.name.clone(),
                parameters: parameters.clone(),
                fields: TimeseriesRecord {
                    bucket_start_s: start,
                    bucket_start: Offset(start).to_string(),
                    locked_out_share: locked.mean,
                    locked_out_share_ci95: locked.ci95(),
                    token_requests_per_min: load.mean,
                    token_requests_per_min_ci95: load.ci95(),
                    seed: result.seed,
                },
            });
        }
    }
    rows
}
