//! summary.csv and comparison.csv: long format, one row per variant and metric, with
//! the swept parameters as columns of their own, readable by pandas, polars and
//! spreadsheets without cleaning.

use super::{Report, summary_rows};
use std::io::Write;

pub fn write_summary(report: &Report, out: impl Write) -> std::io::Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    let params = report.parameter_names();
    w.write_record(
        ["variant"]
            .into_iter()
            .chain(params.iter().copied())
            .chain(["metric", "mean", "ci95_half_width", "replications", "seed"]),
    )?;
    let (n, seed) = (
        report.result.replications.to_string(),
        report.result.seed.to_string(),
    );
    for row in summary_rows(report.result) {
        let numbers = [row.mean.to_string(), row.ci95_half_width.to_string()];
        w.write_record(
            [row.variant.as_str()]
                .into_iter()
                .chain(report.parameter_values(row.index))
                .chain([row.metric])
                .chain(numbers.iter().map(String::as_str))
                .chain([n.as_str(), seed.as_str()]),
        )?;
    }
    w.flush()
}

/// Nothing is written for a run without variants to compare.
pub fn write_comparison(report: &Report, out: impl Write) -> std::io::Result<()> {
    let Some(comparison) = &report.comparison else {
        return Ok(());
    };
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record(
        ["variant"]
            .into_iter()
            .chain(report.parameter_names())
            .chain([
                "metric",
                "baseline_mean",
                "variant_mean",
                "difference",
                "ci_half_width",
                "ci_level",
                "unpaired_ci_half_width",
                "relative_change",
                "replications",
                "seed",
            ]),
    )?;
    for d in &comparison.rows {
        let numbers = [
            d.baseline.mean.to_string(),
            d.value.mean.to_string(),
            d.difference.mean.to_string(),
            d.half_width.to_string(),
            comparison.level.to_string(),
            d.unpaired_half_width.to_string(),
            d.relative_change().map_or(String::new(), |r| r.to_string()),
            report.result.replications.to_string(),
            report.result.seed.to_string(),
        ];
        w.write_record(
            [d.variant.as_str()]
                .into_iter()
                .chain(report.parameter_values(report.variant_index(&d.variant)))
                .chain([d.metric.name()])
                .chain(numbers.iter().map(String::as_str)),
        )?;
    }
    w.flush()
}
