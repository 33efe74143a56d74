//! timeseries.csv: per variant and time bucket, the share of active users locked
//! out and the IdP load, each a mean over replications with its 95% half-width.

use super::Report;
use crate::montecarlo::metrics::BucketValues;
use crate::montecarlo::stats::Estimate;
use crate::scenario::duration::Offset;
use std::io::Write;

pub fn write(report: &Report, out: impl Write) -> std::io::Result<()> {
    let result = report.result;
    let mut w = ::csv::Writer::from_writer(out);
    let head = [
        "bucket_start_s",
        "bucket_start",
        "locked_out_share",
        "locked_out_share_ci95",
        "token_requests_per_min",
        "token_requests_per_min_ci95",
        "seed",
    ];
    super::csv::row(&mut w, "variant", report.parameter_names(), head)?;
    for (index, v) in result.variants.iter().enumerate() {
        let buckets = v.series.first().map_or(0, Vec::len);
        for b in 0..buckets {
            let across = |f: fn(&BucketValues) -> f64| {
                Estimate::from_samples(&v.series.iter().map(|rep| f(&rep[b])).collect::<Vec<_>>())
            };
            let locked = across(|x| x.locked_out_share);
            let load = across(|x| x.token_requests_per_min);
            let start = result.warmup + b as f64 * result.bucket_seconds;
            let fields = [
                start.to_string(),
                Offset(start).to_string(),
                locked.mean.to_string(),
                locked.ci95().to_string(),
                load.mean.to_string(),
                load.ci95().to_string(),
                result.seed.to_string(),
            ];
            let rest = fields.iter().map(String::as_str);
            super::csv::row(&mut w, &v.name, report.parameter_values(index), rest)?;
        }
    }
    w.flush()
}
