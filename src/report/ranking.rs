//! Designs ranked by how much they cut a metric, from the paired comparison:
//! the answer a planner reads first ("which design change cuts lockout hours most").

use crate::export::numbers::difference;
use crate::export::records::ComparisonDocument;
use crate::montecarlo::metrics::Metric;

/// The metric designs are ranked by: lockout hours where people sign in, else the
/// workloads' denial rate, else the denial rate. `modelled` is the summary's list.
pub fn ranked_by(modelled: &[Metric]) -> Metric {
    [Metric::LockoutHoursPer1kUsers, Metric::WorkloadDenialRate]
        .into_iter()
        .find(|m| modelled.is_empty() || modelled.contains(m))
        .unwrap_or(Metric::DenialRate)
}

/// One design's place: its paired difference from the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked<'a> {
    pub variant: &'a str,
    pub difference: f64,
    /// The difference's interval.
    pub low: f64,
    pub high: f64,
    pub relative_change: Option<f64>,
    /// Replications in which the design differs from the baseline, where fewer
    /// than `MIN_EVENTS`: the interval may hold far less than its level.
    pub few_events: Option<u32>,
}

impl Ranked<'_> {
    /// The interval excludes zero: the design differs from the baseline.
    pub fn significant(&self) -> bool {
        self.low > 0.0 || self.high < 0.0
    }

    /// `-25 ± 3 (-20.8%)`: signed, rounded to the interval.
    pub fn change(&self) -> String {
        difference(self.difference, self.low, self.high, self.relative_change)
    }
}

/// How a ranking is read, for its heading.
pub const ORDER: &str = "most reduced first, increases last";

/// Every compared design, the largest cut in `metric` first.
pub fn ranking(c: &ComparisonDocument, metric: Metric) -> Vec<Ranked<'_>> {
    let mut ranked: Vec<Ranked> = c
        .results
        .iter()
        .filter(|r| r.fields.metric == metric && r.is_whole())
        .map(|r| {
            let (low, high) = r.fields.interval();
            Ranked {
                variant: &r.variant,
                difference: r.fields.difference,
                low,
                high,
                relative_change: r.fields.relative_change,
                few_events: r.fields.event_replications.filter(|_| r.fields.few_events),
            }
        })
        .collect();
    ranked.sort_by(|a, b| a.difference.total_cmp(&b.difference));
    ranked
}
