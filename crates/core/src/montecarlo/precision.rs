//! Runs that stop at a target precision. The stopping point is the first replication
//! count, checked one by one in index order, at which every headline metric (or each
//! metric `--precision-on` names) of every variant is settled; replications past it
//! are dropped. Replication i is the same whenever it runs, so the result depends
//! neither on threads nor on batch size.
//!
//! A metric few replications see has a narrow interval by chance (0 ± 0 when none
//! did), so a narrow interval alone never stops a run: a metric must have been seen
//! in `MIN_EVENTS` replications, or in none of so many that the rule of three puts
//! the share of replications that would see it under the target and under 1 in 20
//! (rarer than a run of the default 20 replications expects to see at all).

use super::interval::{Interval, MIN_EVENTS};
use super::metrics::Metric;
use super::runner::{Journal, ReplicationResult, RunResult, Runner};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrecisionTarget {
    /// Largest 95% half-width allowed, relative to the mean (0.05 for 5%).
    pub relative: f64,
    /// Replications to run at least, before the target is checked.
    pub min_replications: u32,
    pub max_replications: u32,
    /// Replications run between two checks.
    pub batch: u32,
    /// The metrics that must settle (`--precision-on`); none: every headline metric.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metrics: Vec<Metric>,
}

impl PrecisionTarget {
    /// The metrics checked, of those variant `v` models.
    fn checked<'a>(&'a self, runner: &'a Runner, v: usize) -> impl Iterator<Item = Metric> + 'a {
        let chosen: Box<dyn Iterator<Item = Metric>> = match self.metrics.is_empty() {
            true => Box::new(Metric::headlines()),
            false => Box::new(self.metrics.iter().copied()),
        };
        chosen.filter(move |&m| runner.models(v, m))
    }
}

/// Whether a headline metric lets the run stop, and if not, why not. In the order
/// of how far it is from settled.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Seen in `MIN_EVENTS` replications or more, its interval within the target; or
    /// seen in none of enough replications (`Stopping::rule_of_three`).
    #[default]
    Settled,
    /// Its interval is wider than the target.
    Wide,
    /// Seen in fewer than `MIN_EVENTS` replications.
    FewEvents,
    /// Seen in none, of too few replications for the rule of three.
    Unseen,
}

/// One headline metric of one variant at a check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Check {
    pub variant: String,
    pub metric: Metric,
    /// The longer side of its 95% interval, relative to its mean.
    pub relative_half_width: f64,
    /// Replications that saw it (a value other than 0). Absent from folders before 0.4.
    #[serde(default)]
    pub events: u32,
    #[serde(default)]
    pub verdict: Verdict,
}

/// Why the run stopped where it did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Stopping {
    pub target: f64,
    pub replications: u32,
    /// False when `max_replications` ran out first.
    pub reached: bool,
    /// The metric that decided the stop (the last to settle: of those not settled
    /// one replication before, the least settled), or the reason it was not
    /// reached (the least settled).
    #[serde(flatten)]
    pub decided: Check,
}

/// The largest share of replications an event ruled out by the rule of three may
/// still be seen in: 1 in 20, whatever a looser target allows.
const RULED_OUT: f64 = 0.05;

impl Stopping {
    /// Replications in none of which an event must be seen before the rule of three
    /// rules it out: then, with 95% confidence, fewer than `target` (and 1 in 20) of
    /// all replications would see it: the least n with 0.05^(1/n) >= 1 - share,
    /// about 3 / share.
    pub fn rule_of_three(target: f64) -> u32 {
        let share = target.min(RULED_OUT);
        (0.05f64.ln() / (1.0 - share).ln()).ceil() as u32
    }

    /// The share of replications that, by the rule of three, would see an event
    /// none of `rule_of_three(target)` replications saw.
    pub fn ruled_out_share(target: f64) -> f64 {
        target.min(RULED_OUT)
    }
}

/// Replications the journal holds are taken from it, so a resumed run stops
/// where the uninterrupted one would have. `continuing` hears, at each check that
/// does not stop the run, the replications so far and what keeps it going.
pub fn run_to_precision<J: Journal>(
    runner: &Runner,
    target: PrecisionTarget,
    journal: &J,
    progress: &(dyn Fn() + Sync),
    continuing: &dyn Fn(u32, &Check),
) -> Result<(RunResult, Stopping), J::Error> {
    let first = target.min_replications.min(target.max_replications);
    let mut done = runner.replications(0..first, journal, progress)?;
    let mut checked = first as usize;
    let settled = |done: &[ReplicationResult]| {
        least_settled(runner, done, &target).verdict == Verdict::Settled
    };
    let stop = loop {
        let found = (checked..=done.len()).find(|&n| settled(&done[..n]));
        if let Some(n) = found {
            break n;
        }
        checked = done.len() + 1;
        let have = done.len() as u32;
        if have >= target.max_replications {
            break done.len();
        }
        continuing(have, &least_settled(runner, &done, &target));
        let next = (have + target.batch.max(1)).min(target.max_replications);
        done.extend(runner.replications(have..next, journal, progress)?);
    };
    done.truncate(stop);
    let mut decided = least_settled(runner, &done, &target);
    let reached = decided.verdict == Verdict::Settled;
    if reached {
        decided = decider(runner, &done, &target, stop > first as usize).unwrap_or(decided);
    }
    let stopping = Stopping {
        target: target.relative,
        replications: stop as u32,
        reached,
        decided,
    };
    Ok((runner.result(&done), stopping))
}

/// The checked metric, of those each variant models, furthest from settled; among
/// settled ones one ruled out by the rule of three, else the widest relative to its
/// mean.
fn least_settled(runner: &Runner, done: &[ReplicationResult], target: &PrecisionTarget) -> Check {
    furthest(checks(runner, done, target))
        .expect("every world models the denial rate, and --precision-on names modelled metrics")
}

/// Where every checked metric has settled with the last replication of `done`,
/// the metric that decided the stop: where one replication fewer was checked
/// (`checked_before`), the last to settle, of those not settled then the one
/// `least_settled` would name; at the first check, the widest of those seen,
/// as one ruled out by the rule of three did not decide it (`None`: every one
/// was ruled out).
fn decider(
    runner: &Runner,
    done: &[ReplicationResult],
    target: &PrecisionTarget,
    checked_before: bool,
) -> Option<Check> {
    let before = checks(runner, &done[..done.len().checked_sub(1)?], target);
    let now = checks(runner, done, target).zip(before);
    let open = |(_, before): &(Check, Check)| !checked_before || before.verdict != Verdict::Settled;
    let seen = |c: &Check| checked_before || c.events > 0;
    furthest(now.filter(open).map(|(c, _)| c).filter(seen))
}

/// Each checked metric of each variant over the replications `done`.
fn checks<'a>(
    runner: &'a Runner,
    done: &'a [ReplicationResult],
    target: &'a PrecisionTarget,
) -> impl Iterator<Item = Check> + 'a {
    runner
        .variant_names()
        .enumerate()
        .flat_map(move |(v, name)| {
            target.checked(runner, v).map(move |metric| {
                let xs: Vec<f64> = done
                    .iter()
                    .map(|r| r.variants[v][0].sample[metric.index()])
                    .collect();
                check(name, metric, &xs, target.relative)
            })
        })
}

/// The check furthest from settled (see `least_settled`).
fn furthest(checks: impl Iterator<Item = Check>) -> Option<Check> {
    checks.max_by(|a, b| {
        (a.verdict.cmp(&b.verdict))
            .then((a.events == 0).cmp(&(b.events == 0)))
            .then(a.relative_half_width.total_cmp(&b.relative_half_width))
    })
}

fn check(variant: &str, metric: Metric, xs: &[f64], target: f64) -> Check {
    let (mean, interval) = Interval::of_metric(xs);
    let relative_half_width = match xs.len() {
        0 | 1 => f64::INFINITY,
        _ => interval.relative_half_width(mean),
    };
    let verdict = if interval.events == 0 {
        match xs.len() as u32 >= Stopping::rule_of_three(target) {
            true => Verdict::Settled,
            false => Verdict::Unseen,
        }
    } else if interval.events < MIN_EVENTS {
        Verdict::FewEvents
    } else if relative_half_width <= target {
        Verdict::Settled
    } else {
        Verdict::Wide
    };
    Check {
        variant: variant.to_string(),
        metric,
        relative_half_width,
        events: interval.events,
        verdict,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_of_three_in_its_exact_form() {
        // 0.95^58 = 0.0510 > 0.05 >= 0.95^59 = 0.0485; 0.99^298 = 0.0500 > 0.05 >= 0.99^299.
        assert_eq!(Stopping::rule_of_three(0.05), 59);
        assert_eq!(Stopping::rule_of_three(0.01), 299);
        // A looser target rules an event out no sooner than 1 in 20.
        assert_eq!(Stopping::rule_of_three(0.5), 59);
    }

    #[test]
    fn zeros_and_few_events_never_settle_a_metric() {
        let mut xs = [0.0; 20];
        let verdict = |xs: &[f64]| check("v", Metric::DenialRate, xs, 0.5).verdict;
        let mut none = vec![0.0; 59];
        assert_eq!(verdict(&none[..58]), Verdict::Unseen);
        assert_eq!(verdict(&none), Verdict::Settled);
        none[0] = 1.0;
        assert_eq!(verdict(&none), Verdict::FewEvents);
        for x in &mut xs[..4] {
            *x = 1.0;
        }
        // Four identical events: an interval within any target, but too few events.
        assert_eq!(verdict(&xs[..4]), Verdict::FewEvents);
        xs[4] = 1.0;
        assert_eq!(verdict(&xs[..5]), Verdict::Settled);
        assert_eq!(verdict(&xs[..6]), Verdict::Wide);
    }
}
