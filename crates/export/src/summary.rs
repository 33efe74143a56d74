//! summary.csv and summary.json: every metric of every variant, its mean over
//! replications and its 95% interval; where a design fails at random, its
//! metrics of interest's percentiles over replications (`montecarlo::percentiles`).

use super::records::{Row, SummaryDocument, SummaryRecord};
use super::replications::SliceSamples;
use super::{Exporter, Outputs, SUMMARY_CSV, SUMMARY_JSON, json, long_csv};
use authsim_core::montecarlo::RunResult;
use authsim_core::montecarlo::interval::Interval;
use authsim_core::montecarlo::metrics::Metric;
use authsim_core::montecarlo::percentiles::{self, Percentile, REPORTED};
use authsim_core::montecarlo::precision::Stopping;
use authsim_core::montecarlo::stats::Estimate;
use authsim_core::scenario::RunPlan;
use serde::{Deserialize, Serialize};
use std::io::Write;

pub struct SummaryCsv;
pub struct SummaryJson;

/// Each slice's metrics: the mean of its per-replication values, their standard
/// deviation and the interval; `modelled`, the metrics the scenario models. No
/// percentiles: the summary of a run whose outages are all scheduled.
pub fn results(
    samples: &[SliceSamples],
    seed: u64,
    modelled: &[Metric],
) -> Vec<Row<SummaryRecord>> {
    results_where(samples, seed, modelled, &[])
}

/// As `results`, with percentiles for the metrics of interest
/// (`percentiles::of_interest`) of the variants in `random`: those that fail at
/// random.
pub fn results_where(
    samples: &[SliceSamples],
    seed: u64,
    modelled: &[Metric],
    random: &[&str],
) -> Vec<Row<SummaryRecord>> {
    samples
        .iter()
        .flat_map(|s| {
            let random = random.contains(&s.variant.as_str());
            Metric::ALL.into_iter().map(move |metric| {
                let values = s.values(metric);
                let e = Estimate::from_samples(&values);
                let (_, interval) = Interval::of_metric(&values);
                let percentiles = match random && percentiles::of_interest(metric) {
                    true => Percentile::reported(&values),
                    false => Vec::new(),
                };
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
                        percentiles,
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
    let random: Vec<&str> = plan
        .variants
        .iter()
        .filter(|v| v.scenario.fails_at_random())
        .map(|v| v.name.as_str())
        .collect();
    SummaryDocument {
        results: results_where(samples, result.seed, &result.applicable, &random),
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
        sampled_away: result.sampled_away.clone(),
        precision: stopping,
    }
}

/// The percentiles' columns, last in summary.csv: a file before 0.10 has none,
/// and is read with them empty.
pub const PERCENTILE_COLUMNS: [&str; 9] = [
    "p50", "p50_low", "p50_high", "p90", "p90_low", "p90_high", "p99", "p99_low", "p99_high",
];

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
    /// Each of `REPORTED` as its estimate and interval's sides: a side empty where
    /// open, all empty where the percentiles do not apply; named `p` and the
    /// percent (the test below holds them to `REPORTED`).
    #[serde(default)]
    p50: Option<f64>,
    #[serde(default)]
    p50_low: Option<f64>,
    #[serde(default)]
    p50_high: Option<f64>,
    #[serde(default)]
    p90: Option<f64>,
    #[serde(default)]
    p90_low: Option<f64>,
    #[serde(default)]
    p90_high: Option<f64>,
    #[serde(default)]
    p99: Option<f64>,
    #[serde(default)]
    p99_low: Option<f64>,
    #[serde(default)]
    p99_high: Option<f64>,
}

impl SummaryCells {
    /// The percentiles' cells, in `REPORTED` order.
    fn percentiles(&mut self) -> [[&mut Option<f64>; 3]; 3] {
        [
            [&mut self.p50, &mut self.p50_low, &mut self.p50_high],
            [&mut self.p90, &mut self.p90_low, &mut self.p90_high],
            [&mut self.p99, &mut self.p99_low, &mut self.p99_high],
        ]
    }
}

impl From<SummaryRecord> for SummaryCells {
    fn from(r: SummaryRecord) -> Self {
        let m = |x| Some(x).filter(|_| r.modelled);
        let mut cells = SummaryCells {
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
            p50: None,
            p50_low: None,
            p50_high: None,
            p90: None,
            p90_low: None,
            p90_high: None,
            p99: None,
            p99_low: None,
            p99_high: None,
        };
        if r.modelled && r.percentiles.len() == REPORTED.len() {
            for (cells, p) in cells.percentiles().into_iter().zip(&r.percentiles) {
                let [estimate, low, high] = cells;
                (*estimate, *low, *high) = (Some(p.estimate), p.low, p.high);
            }
        }
        cells
    }
}

impl From<SummaryCells> for SummaryRecord {
    /// An empty mean is a metric not modelled: 0 by construction.
    fn from(mut c: SummaryCells) -> Self {
        let percentiles = REPORTED
            .iter()
            .zip(c.percentiles())
            .filter_map(|(&p, [estimate, low, high])| {
                estimate.map(|estimate| Percentile {
                    p,
                    estimate,
                    low: *low,
                    high: *high,
                })
            })
            .collect();
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
            percentiles,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The columns are named after `REPORTED`, in its order, each with its sides.
    #[test]
    fn the_percentile_columns_follow_reported() {
        let record = SummaryRecord {
            metric: Metric::DenialRate,
            modelled: true,
            mean: 1.0,
            sd: None,
            ci95_half_width: 0.0,
            ci95_low: None,
            ci95_high: None,
            event_replications: None,
            few_events: false,
            replications: 400,
            seed: 1,
            percentiles: Percentile::reported(&(1..=400).map(f64::from).collect::<Vec<_>>()),
        };
        let json = serde_json::to_value(&record).unwrap();
        let mut named = Vec::new();
        for p in &record.percentiles {
            let name = format!("p{}", 100.0 * p.p);
            named.extend([name.clone(), format!("{name}_low"), format!("{name}_high")]);
            assert_eq!(json[&name], serde_json::json!(p.estimate), "{name}");
            assert_eq!(
                json[format!("{name}_low")],
                serde_json::json!(p.low),
                "{name}"
            );
            assert_eq!(
                json[format!("{name}_high")],
                serde_json::json!(p.high),
                "{name}"
            );
        }
        assert_eq!(named, PERCENTILE_COLUMNS);
        // The values 1..=400 are their own ranks: P90 is x_(360).
        assert_eq!(json["p90"], serde_json::json!(360.0));
        let back: SummaryRecord = serde_json::from_value(json).unwrap();
        assert_eq!(back, record);
    }
}
