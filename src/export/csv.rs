//! summary.csv and comparison.csv: long format, one row per variant and metric, with
//! the swept parameters as columns of their own, readable by pandas, polars and
//! spreadsheets without cleaning.

use super::{Report, summary_rows};
use std::io::Write;

/// One long-format row: the variant, its swept parameters, then the rest.
pub(super) fn row<'a, W: Write>(
    w: &mut ::csv::Writer<W>,
    variant: &'a str,
    parameters: impl IntoIterator<Item = &'a str>,
    rest: impl IntoIterator<Item = &'a str>,
) -> ::csv::Result<()> {
    w.write_record(std::iter::once(variant).chain(parameters).chain(rest))
}

pub fn write_summary(report: &Report, out: impl Write) -> std::io::Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    let head = ["metric", "mean", "ci95_half_width", "replications", "seed"];
    row(&mut w, "variant", report.parameter_names(), head)?;
    let (n, seed) = (
        report.result.replications.to_string(),
        report.result.seed.to_string(),
    );
    for r in summary_rows(report.result) {
        let fields = [
            r.mean.to_string(),
            r.ci95_half_width.to_string(),
            n.clone(),
            seed.clone(),
        ];
        let rest = std::iter::once(r.metric).chain(fields.iter().map(String::as_str));
        row(&mut w, &r.variant, report.parameter_values(r.index), rest)?;
    }
    w.flush()
}

/// Nothing is written for a run without variants to compare.
pub fn write_comparison(report: &Report, out: impl Write) -> std::io::Result<()> {
    let Some(comparison) = &report.comparison else {
        return Ok(());
    };
    let mut w = ::csv::Writer::from_writer(out);
    let head = [
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
    ];
    row(&mut w, "variant", report.parameter_names(), head)?;
    for d in &comparison.rows {
        let fields = [
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
        let rest = std::iter::once(d.metric.name()).chain(fields.iter().map(String::as_str));
        row(
            &mut w,
            &d.variant,
            report.parameter_values(report.variant_index(&d.variant)),
            rest,
        )?;
    }
    w.flush()
}
