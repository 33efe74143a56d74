//! summary.csv and summary.json: every metric of every variant, mean and 95%
//! half-width over replications.

use super::records::{Parameters, Row, SummaryDocument, SummaryRecord};
use super::{Exporter, Outputs, SUMMARY_CSV, SUMMARY_JSON, json, long_csv};
use crate::montecarlo::RunResult;
use crate::montecarlo::metrics::Metric;
use crate::montecarlo::precision::Stopping;
use crate::scenario::RunPlan;
use std::io::Write;

pub struct SummaryCsv;
pub struct SummaryJson;

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
    parameters: &[Parameters],
    stopping: Option<Stopping>,
    command: Vec<String>,
) -> SummaryDocument {
    let results = super::slices(result, parameters)
        .flat_map(|(v, parameters, slice)| {
            Metric::ALL.into_iter().map(move |metric| {
                let e = slice.metric(metric);
                Row {
                    variant: v.name.clone(),
                    parameters: parameters.clone(),
                    cohort: slice.cohort.clone(),
                    app: slice.app.clone(),
                    fields: SummaryRecord {
                        metric,
                        mean: e.mean,
                        ci95_half_width: e.ci95(),
                        replications: result.replications,
                        seed: result.seed,
                    },
                }
            })
        })
        .collect();
    SummaryDocument {
        scenario,
        description: plan.resolved.description.clone(),
        seed: result.seed,
        replications: result.replications,
        authsim_version: env!("CARGO_PKG_VERSION").to_string(),
        command,
        parameters: plan.axes.iter().map(|a| a.path.clone()).collect(),
        modelled: result.applicable.clone(),
        precision: stopping,
        results,
    }
}
