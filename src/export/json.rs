//! summary.json, comparison.json and the `--json` document on stdout: the same
//! records as the CSVs, with the run's provenance.

use super::{Report, summary_rows};
use serde_json::{Value, json};
use std::collections::BTreeMap;

fn parameters<'r>(report: &'r Report, v: usize) -> BTreeMap<&'r str, &'r str> {
    report
        .parameter_names()
        .into_iter()
        .zip(report.parameter_values(v))
        .collect()
}

pub fn summary(report: &Report) -> Value {
    let r = report.result;
    let results: Vec<Value> = summary_rows(r)
        .iter()
        .map(|row| {
            json!({
                "variant": row.variant,
                "parameters": parameters(report, row.index),
                "metric": row.metric,
                "mean": row.mean,
                "ci95_half_width": row.ci95_half_width,
                "replications": r.replications,
                "seed": r.seed,
            })
        })
        .collect();
    json!({
        "scenario": report.scenario,
        "description": report.description,
        "seed": r.seed,
        "replications": r.replications,
        "authsim_version": env!("CARGO_PKG_VERSION"),
        "command": report.command,
        "parameters": report.parameter_names(),
        "precision": report.stopping,
        "results": results,
    })
}

/// Null for a run without variants to compare.
pub fn comparison(report: &Report) -> Value {
    let Some(c) = &report.comparison else {
        return Value::Null;
    };
    let results: Vec<Value> = c
        .rows
        .iter()
        .map(|d| {
            json!({
                "variant": d.variant,
                "parameters": parameters(report, report.variant_index(&d.variant)),
                "metric": d.metric.name(),
                "baseline_mean": d.baseline.mean,
                "variant_mean": d.value.mean,
                "difference": d.difference.mean,
                "ci_half_width": d.half_width,
                "unpaired_ci_half_width": d.unpaired_half_width,
                "relative_change": d.relative_change(),
            })
        })
        .collect();
    json!({
        "scenario": report.scenario,
        "seed": report.result.seed,
        "replications": report.result.replications,
        "family_level": crate::montecarlo::paired::FAMILY_LEVEL,
        "ci_level": c.level,
        "adjustment": if c.comparisons > 1 { "bonferroni" } else { "none" },
        "comparisons": c.comparisons,
        "results": results,
    })
}

/// What `--json` prints: where the run went, and both documents.
pub fn document(report: &Report, folder: &std::path::Path) -> Value {
    json!({
        "folder": folder.display().to_string(),
        "summary": summary(report),
        "comparison": comparison(report),
    })
}
