//! summary.csv and summary.json: every metric of every variant, its mean over
//! replications and its 95% interval.

use super::records::{Row, SummaryDocument, SummaryRecord};
use super::replications::SliceSamples;
use super::{Exporter, Outputs, SUMMARY_CSV, SUMMARY_JSON, json, long_csv};
use authsim_core::montecarlo::RunResult;
use authsim_core::montecarlo::interval::Interval;
use authsim_core::montecarlo::metrics::Metric;
use authsim_core::montecarlo::precision::Stopping;
use authsim_core::montecarlo::stats::Estimate;
use authsim_core::scenario::RunPlan;
use serde::{Deserialize, Serialize};
use std::io::Write;

pub struct SummaryCsv;
pub struct SummaryJson;

/// Each slice's metrics: the mean of its per-replication values, their standard
/// deviation and the interval; `modelled`, the metrics the scenario models.
pub fn results(
    samples: &[SliceSamples],
    seed: u64,
    modelled: &[Metric],
) -> Vec<Row<SummaryRecord>> {
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
                        modelled: modelled.contains(&metric),
                        mean: e.mean,
                        // One replication has no spread: NA.
                        sd: Some(e.sd).filter(|s| s.is_finite()),
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
        results: results(samples, result.seed, &result.applicable),
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

/// A `SummaryRecord` as its files hold it: a metric's figures empty (NA) where
/// the scenario does not model it.
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
pub struct SummaryCells {
    metric: Metric,
    mean: Option<f64>,
    #[serde(default)]
    sd: Option<f64>,
    ci95_half_width: Option<f64>,
    #[serde(default)]
    ci95_low: Option<f64>,
    #[serde(default)]
    ci95_high: Option<f64>,
    #[serde(default)]
    event_replications: Option<u32>,
    #[serde(default)]
    few_events: Option<bool>,
    replications: u32,
    seed: u64,
}

impl From<SummaryRecord> for SummaryCells {
    fn from(r: SummaryRecord) -> Self {
        let m = |x| Some(x).filter(|_| r.modelled);
        SummaryCells {
            metric: r.metric,
            mean: m(r.mean),
            sd: r.sd.filter(|_| r.modelled),
            ci95_half_width: m(r.ci95_half_width),
            ci95_low: r.ci95_low.filter(|_| r.modelled),
            ci95_high: r.ci95_high.filter(|_| r.modelled),
            event_replications: r.event_replications.filter(|_| r.modelled),
            few_events: Some(r.few_events).filter(|_| r.modelled),
            replications: r.replications,
            seed: r.seed,
        }
    }
}

impl From<SummaryCells> for SummaryRecord {
    /// An empty mean is a metric not modelled: 0 by construction.
    fn from(c: SummaryCells) -> Self {
        SummaryRecord {
            metric: c.metric,
            modelled: c.mean.is_some(),
            mean: c.mean.unwrap_or(0.0),
            sd: c.sd,
            ci95_half_width: c.ci95_half_width.unwrap_or(0.0),
            ci95_low: c.ci95_low,
            ci95_high: c.ci95_high,
            event_replications: c.event_replications,
            few_events: c.few_events.unwrap_or(false),
            replications: c.replications,
            seed: c.seed,
        }
    }
}
