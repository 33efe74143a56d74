//! summary.csv and summary.json: every metric of every variant, its mean over
//! replications and its 95% interval.

use super::records::{Row, SummaryDocument, SummaryRecord};
use super::replications::SliceSamples;
use super::{Exporter, Outputs, SUMMARY_CSV, SUMMARY_JSON, json, long_csv};
use crate::montecarlo::RunResult;
use crate::montecarlo::interval::Interval;
use crate::montecarlo::metrics::Metric;
use crate::montecarlo::precision::Stopping;
use crate::montecarlo::stats::Estimate;
use crate::scenario::RunPlan;
use std::io::Write;

pub struct SummaryCsv;
pub struct SummaryJson;

/// Each slice's metrics: the mean of its per-replication values and its interval.
pub fn results(samples: &[SliceSamples], seed: u64) -> Vec<Row<SummaryRecord>> {
    samples
        .iter()
        .flat_map(|s| {
            Metric::ALL.into_iter().map(move |metric| {
                let values = s.values(metric);
                let e = Estimate::from_samples(&values);
                let (_, interval) = Interval::of_metric(&values);
                Row {
                    variant: s.variant.clone(),
                    parameters: s.parameters.clone(),
                    cohort: s.cohort.clone(),
                    app: s.app.clone(),
                    fields: SummaryRecord {
                        metric,
                        mean: e.mean,
                        ci95_half_width: e.ci95(),
                        ci95_low: Some(interval.low),
                        ci95_high: Some(interval.high),
                        event_replications: Some(interval.events),
                        few_events: interval.few_events(),
                        replications: s.samples.len() as u32,
                        seed,
                    },
                }
            })
        })
        .collect()
}

impl Exporter for SummaryCsv {
    fn file(&self) -> &'static str {
        SUMMARY_CSV
    }
    fn write(&self, outputs: &Outputs, out: &mut dyn Write) -> std::io::Result<()> {
        long_csv::write(out, &outputs.parameters, &outputs.summary.results)
    }
}

impl Exporter for SummaryJson {
    fn file(&self) -> &'static str {
        SUMMARY_JSON
    }
    fn write(&self, outputs: &Outputs, out: &mut dyn Write) -> std::io::Result<()> {
        json(out, &outputs.summary)
    }
}

pub fn document(
    plan: &RunPlan,
    scenario: String,
    result: &RunResult,
    samples: &[SliceSamples],
    stopping: Option<Stopping>,
    command: Vec<String>,
) -> SummaryDocument {
    SummaryDocument {
        results: results(samples, result.seed),
        scenario,
        description: plan.resolved.description.clone(),
        seed: result.seed,
        replications: result.replications,
        authsim_version: crate::VERSION.to_string(),
        authsim_build: crate::BUILD.to_string(),
        command,
        shards: Vec::new(),
        parameters: plan.axes.iter().map(|a| a.path.clone()).collect(),
        modelled: result.applicable.clone(),
        precision: stopping,
    }
}
