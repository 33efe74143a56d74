//! timeseries.csv: per variant and time bucket, the share of active users locked
//! out and the IdP load, each a mean over replications with its 95% half-width.

use crate::montecarlo::RunResult;
use crate::montecarlo::metrics::BucketValues;
use crate::montecarlo::stats::Estimate;
use crate::scenario::duration::Offset;
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct Row<'a> {
    variant: &'a str,
    bucket_start_s: f64,
    bucket_start: String,
    locked_out_share: f64,
    locked_out_share_ci95: f64,
    token_requests_per_min: f64,
    token_requests_per_min_ci95: f64,
    seed: u64,
}

pub fn write(result: &RunResult, out: impl Write) -> std::io::Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    for v in &result.variants {
        let buckets = v.series.first().map_or(0, Vec::len);
        for b in 0..buckets {
            let across = |f: fn(&BucketValues) -> f64| {
                Estimate::from_samples(&v.series.iter().map(|rep| f(&rep[b])).collect::<Vec<_>>())
            };
            let locked = across(|x| x.locked_out_share);
            let load = across(|x| x.token_requests_per_min);
            let start = result.warmup + b as f64 * result.bucket_seconds;
            w.serialize(Row {
                variant: &v.name,
                bucket_start_s: start,
                bucket_start: Offset(start).to_string(),
                locked_out_share: locked.mean,
                locked_out_share_ci95: locked.ci95(),
                token_requests_per_min: load.mean,
                token_requests_per_min_ci95: load.ci95(),
                seed: result.seed,
            })?;
        }
    }
    w.flush()
}
