//! Runs that stop at a target precision. The stopping point is the first replication
//! count, checked one by one in index order, at which every headline metric of every
//! variant is precise enough; replications past it are dropped. Replication i is the
//! same whenever it runs, so the result depends neither on threads nor on batch size.

use super::metrics::Metric;
use super::runner::{Journal, ReplicationResult, RunResult, Runner};
use super::stats::Estimate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stopping {
    pub target: f64,
    pub replications: u32,
    /// False when `max_replications` ran out first.
    pub reached: bool,
    /// The least precise headline metric at the stop: the one that decided it.
    pub variant: String,
    pub metric: Metric,
    pub relative_half_width: f64,
}

/// Replications the journal holds are taken from it, so a resumed run stops
/// where the uninterrupted one would have.
pub fn run_to_precision<J: Journal>(
    runner: &Runner,
    target: PrecisionTarget,
    journal: &J,
    progress: &(dyn Fn() + Sync),
) -> Result<(RunResult, Stopping), J::Error> {
    let first = target.min_replications.min(target.max_replications);
    let mut done = runner.replications(0..first, journal, progress)?;
    let mut checked = first as usize;
    let stop = loop {
        let found = (checked..=done.len())
            .find(|&n| least_precise(runner, &done[..n]).2 <= target.relative);
        if let Some(n) = found {
            break n;
        }
        checked = done.len() + 1;
        let have = done.len() as u32;
        if have >= target.max_replications {
            break done.len();
        }
        let next = (have + target.batch.max(1)).min(target.max_replications);
        done.extend(runner.replications(have..next, journal, progress)?);
    };
    done.truncate(stop);
    let (variant, metric, relative_half_width) = least_precise(runner, &done);
    let stopping = Stopping {
        target: target.relative,
        replications: stop as u32,
        reached: relative_half_width <= target.relative,
        variant,
        metric,
        relative_half_width,
    };
    Ok((runner.result(&done), stopping))
}

/// The variant and headline metric with the widest interval relative to its mean.
fn least_precise(runner: &Runner, done: &[ReplicationResult]) -> (String, Metric, f64) {
    let mut worst = (String::new(), Metric::DenialRate, f64::NEG_INFINITY);
    for (v, name) in runner.variant_names().enumerate() {
        for metric in Metric::headlines() {
            let xs: Vec<f64> = done
                .iter()
                .map(|r| r.variants[v][0].sample[metric.index()])
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
