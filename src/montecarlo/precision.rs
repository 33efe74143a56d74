//! Runs that stop at a target precision. The stopping point is the first replication
//! count, checked one by one in index order, at which every headline metric of every
//! variant is precise enough; replications past it are dropped. Replication i is the
//! same whenever it runs, so the result depends neither on threads nor on batch size.

use super::metrics::Metric;
use super::runner::{Outcome, RunResult, Runner};
use super::stats::Estimate;
use crate::scenario::Loaded;
use serde::Serialize;

/// The metrics a precision target applies to.
pub const HEADLINE: [Metric; 3] = [
    Metric::DenialRate,
    Metric::UsersLockedOut,
    Metric::PromptsPerUserDay,
];

#[derive(Debug, Clone, Copy)]
pub struct PrecisionTarget {
    /// Largest 95% half-width allowed, relative to the mean (0.05 for 5%).
    pub relative: f64,
    /// Replications to run at least, before the target is checked.
    pub min_replications: u32,
    pub max_replications: u32,
    /// Replications run between two checks.
    pub batch: u32,
}

/// Why the run stopped where it did.
#[derive(Debug, Clone, Serialize)]
pub struct Stopping {
    pub target: f64,
    pub replications: u32,
    /// False when `max_replications` ran out first.
    pub reached: bool,
    /// The least precise headline metric at the stop: the one that decided it.
    pub variant: String,
    pub metric: &'static str,
    pub relative_half_width: f64,
}

pub fn run_to_precision(
    loaded: &Loaded,
    seed: u64,
    target: PrecisionTarget,
    progress: &(dyn Fn() + Sync),
) -> (RunResult, Stopping) {
    let runner = Runner::new(loaded, seed);
    let first = target.min_replications.min(target.max_replications);
    let mut outcomes = runner.replications(0..first, progress);
    let mut checked = first as usize;
    let stop = loop {
        let found = (checked..=outcomes.len())
            .find(|&n| least_precise(&runner, &outcomes[..n]).2 <= target.relative);
        if let Some(n) = found {
            break n;
        }
        checked = outcomes.len() + 1;
        let have = outcomes.len() as u32;
        if have >= target.max_replications {
            break outcomes.len();
        }
        let next = (have + target.batch.max(1)).min(target.max_replications);
        outcomes.extend(runner.replications(have..next, progress));
    };
    outcomes.truncate(stop);
    let (variant, metric, relative_half_width) = least_precise(&runner, &outcomes);
    let stopping = Stopping {
        target: target.relative,
        replications: stop as u32,
        reached: relative_half_width <= target.relative,
        variant,
        metric: metric.name(),
        relative_half_width,
    };
    (runner.result(&outcomes), stopping)
}

/// The variant and headline metric with the widest interval relative to its mean.
fn least_precise(runner: &Runner, outcomes: &[Outcome]) -> (String, Metric, f64) {
    let mut worst = (String::new(), HEADLINE[0], f64::NEG_INFINITY);
    for (v, name) in runner.variant_names().enumerate() {
        for metric in HEADLINE {
            let xs: Vec<f64> = outcomes
                .iter()
                .map(|o| o.samples[v][metric.index()])
                .collect();
            let relative = relative_half_width(Estimate::from_samples(&xs));
            if relative > worst.2 {
                worst = (name.to_string(), metric, relative);
            }
        }
    }
    worst
}

/// Half-width over |mean|; a metric that is zero in every replication is exact.
fn relative_half_width(e: Estimate) -> f64 {
    if e.n < 2 {
        return f64::INFINITY;
    }
    match e.ci95() {
        0.0 => 0.0,
        hw => hw / e.mean.abs(),
    }
}
