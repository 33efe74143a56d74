//! comparison.csv and comparison.json: every variant against the baseline, paired
//! by replication; nothing for a run with only the baseline.

use super::records::{ComparisonDocument, ComparisonRecord, Parameters, Row};
use super::{COMPARISON_CSV, COMPARISON_JSON, Exporter, Outputs, json, long_csv};
use authsim_core::montecarlo::RunResult;
use authsim_core::montecarlo::paired::{self, FAMILY_LEVEL};
use std::io::Write;

pub struct ComparisonCsv;
pub struct ComparisonJson;

impl Exporter for ComparisonCsv {
    fn file(&self) -> &'static str {
        COMPARISON_CSV
    }
    fn applies(&self, outputs: &Outputs) -> bool {
        outputs.comparison.is_some()
    }
    fn write(&self, outputs: &Outputs, out: &mut dyn Write) -> std::io::Result<()> {
        let rows = outputs.comparison.as_ref().map_or(&[][..], |c| &c.results);
        long_csv::write(out, &outputs.parameters, rows)
    }
}

impl Exporter for ComparisonJson {
    fn file(&self) -> &'static str {
        COMPARISON_JSON
    }
    fn applies(&self, outputs: &Outputs) -> bool {
        outputs.comparison.is_some()
    }
    fn write(&self, outputs: &Outputs, out: &mut dyn Write) -> std::io::Result<()> {
        outputs.comparison.as_ref().map_or(Ok(()), |c| json(out, c))
    }
}

pub fn document(
    scenario: &str,
    result: &RunResult,
    parameters: &[Parameters],
) -> Option<ComparisonDocument> {
    let c = paired::compare(result)?;
    let variant_index = |name: &str| {
        result
            .variants
            .iter()
            .position(|v| v.name == name)
            .expect("a variant of this run")
    };
    // A difference a sample of users cannot estimate is unknown, not 0.
    let results = c
        .rows
        .iter()
        .filter(|d| !result.sampled_away.contains(&d.metric))
        .map(|d| Row {
            variant: d.variant.clone(),
            parameters: parameters[variant_index(&d.variant)].clone(),
            cohort: d.cohort.clone(),
            app: d.app.clone(),
            fields: ComparisonRecord {
                metric: d.metric,
                baseline_mean: d.baseline.mean,
                variant_mean: d.value.mean,
                difference: d.difference.mean,
                ci_half_width: d.half_width,
                ci_low: Some(d.interval.low),
                ci_high: Some(d.interval.high),
                event_replications: Some(d.interval.events),
                few_events: d.interval.few_events(),
                ci_level: c.level,
                unpaired_ci_half_width: d.unpaired_half_width,
                relative_change: d.relative_change(),
                replications: result.replications,
                seed: result.seed,
            },
        })
        .collect();
    Some(ComparisonDocument {
        scenario: scenario.to_string(),
        seed: result.seed,
        replications: result.replications,
        family_level: FAMILY_LEVEL,
        ci_level: c.level,
        adjustment: if c.comparisons > 1 {
            "bonferroni"
        } else {
            "none"
        }
        .to_string(),
        comparisons: c.comparisons,
        results,
    })
}
