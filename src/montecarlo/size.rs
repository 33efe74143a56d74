//! How big a run is, counted before it starts: simulated user-days, every kind of
//! event (scheduled uses, clock ticks, revocations, failures drawn), the results
//! held in memory and the rows of its time series. Past the soft limits a run
//! needs `--force`; past the hard ones it is refused outright.

use super::metrics::Metric;
use super::series::SeriesMetric;
use crate::engine::attribution::cause_count;
use crate::error::{Error, Located};
use crate::model::{Arrivals, CohortSpec, ComponentSpec, World};
use crate::units::DAY;
use std::path::Path;

/// Simulated user-days above which a run needs `--force`.
pub const MAX_USER_DAYS: f64 = 1e9;
/// Expected events above which a run needs `--force`: about 40 minutes on 2 cores...
pub const MAX_EVENTS: f64 = 1e11;
/// ...and above which no run starts: about two months on 2 cores.
pub const MAX_FORCED_EVENTS: f64 = 1e13;
/// Per-replication results held in memory: above this a run needs `--force`...
pub const MAX_RESULT_BYTES: f64 = (1u64 << 30) as f64;
/// ...and above this no run starts.
pub const MAX_FORCED_RESULT_BYTES: f64 = (16u64 << 30) as f64;
/// Rows of timeseries.csv (variants x buckets): about 200 MB of CSV.
pub const MAX_SERIES_ROWS: f64 = 2e6;

/// Expected attempts (`RunSize::attempts`) a whole run gets through a second per
/// core, what `authsim check` estimates run time from: full runs of the bundled
/// scenarios, charts included, reached 10 to 30 M on the project's 2-core
/// development machine. (`cargo bench` counts 88 M on the default scenario:
/// every attempt played, retries and renewals included, and nothing written.)
pub const ATTEMPTS_PER_SECOND_PER_CORE: f64 = 20e6;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunSize {
    pub user_days: f64,
    /// Access attempts expected: scheduled uses and clock ticks, warm-up and
    /// play-in before time zero included, client retries not.
    pub attempts: f64,
    /// Access attempts, revocations and failure windows drawn (client retries,
    /// at most `retry.attempts` per attempt, come on top).
    pub events: f64,
    pub result_bytes: f64,
    pub series_rows: f64,
}

impl RunSize {
    /// Every variant over `replications` replications.
    pub fn of(worlds: &[World], replications: u32) -> Self {
        let n = f64::from(replications);
        let per_variant = |w: &World| {
            // Metrics, buckets, and each cause's (and the total's) denials and hours.
            let causes = 2 * (cause_count(w) + 1);
            let values = Metric::ALL.len() + w.buckets * SeriesMetric::ALL.len() + causes;
            (values * std::mem::size_of::<f64>()) as f64
        };
        RunSize {
            user_days: n * worlds
                .iter()
                .map(|w| w.users() as f64 * w.horizon / DAY)
                .sum::<f64>(),
            attempts: n * worlds.iter().map(attempts_per_replication).sum::<f64>(),
            events: n * worlds.iter().map(events_per_replication).sum::<f64>(),
            result_bytes: n * worlds.iter().map(per_variant).sum::<f64>(),
            series_rows: worlds.iter().map(|w| w.buckets as f64).sum(),
        }
    }

    /// Seconds the run would take on `threads` workers at the reference speed.
    pub fn estimated_seconds(&self, threads: usize) -> f64 {
        self.attempts / (ATTEMPTS_PER_SECOND_PER_CORE * threads as f64)
    }

    /// Refuses runs above the soft limits unless forced, and above the hard ones always.
    pub fn check(&self, file: &Path, force: bool) -> Result<(), Error> {
        let refuse = |message: String| {
            Err(Error::Scenario(Located {
                file: file.to_path_buf(),
                at: None,
                message,
            }))
        };
        let gib = |bytes: f64| bytes / (1u64 << 30) as f64;
        if self.series_rows > MAX_SERIES_ROWS {
            return refuse(format!(
                "the time series would have {:.0} rows (variants x buckets), more than the {MAX_SERIES_ROWS:.0e} \
                 authsim writes: widen simulation.bucket or run fewer variants",
                self.series_rows
            ));
        }
        if self.events > MAX_FORCED_EVENTS || self.result_bytes > MAX_FORCED_RESULT_BYTES {
            return refuse(format!(
                "this run would simulate about {:.2e} events and keep {:.1} GiB of results, more than any \
                 run authsim starts ({MAX_FORCED_EVENTS:.0e} events, {:.0} GiB), even with --force: \
                 shrink the scenario or run fewer replications",
                self.events,
                gib(self.result_bytes),
                gib(MAX_FORCED_RESULT_BYTES)
            ));
        }
        let large = self.user_days > MAX_USER_DAYS
            || self.events > MAX_EVENTS
            || self.result_bytes > MAX_RESULT_BYTES;
        if force || !large {
            return Ok(());
        }
        refuse(format!(
            "this run would simulate {:.2e} user-days and about {:.2e} events (access attempts, \
             revocations, failures) and keep {:.1} GiB of results over all variants and replications, \
             more than the {MAX_USER_DAYS:.0e} user-days, {MAX_EVENTS:.0e} events or {:.0} GiB allowed \
             without --force; shrink the scenario or pass --force",
            self.user_days,
            self.events,
            gib(self.result_bytes),
            gib(MAX_RESULT_BYTES)
        ))
    }
}

fn events_per_replication(w: &World) -> f64 {
    let windows = |c: &ComponentSpec| f64::from(c.instances) * c.schedule.expected_windows;
    let global: f64 = w
        .components
        .iter()
        .filter(|c| c.per_user_slot.is_none())
        .map(windows)
        .chain(w.common_cause.iter().map(|e| e.schedule.expected_windows))
        .sum();
    let per_user_failures: f64 = w
        .per_user_components
        .iter()
        .map(|&c| windows(&w.components[c]))
        .sum();
    let people: f64 = w
        .cohorts
        .iter()
        .map(|c| {
            let revocations = w.horizon / c.revocation_every + c.revocations_at.len() as f64;
            f64::from(c.users) * (revocations + per_user_failures)
        })
        .sum();
    global + attempts_per_replication(w) + people
}

/// Access attempts one replication of `w` plays: every user's scheduled uses of
/// every app, from where the cohort starts to play (see `model::steady_state`) to
/// the horizon.
fn attempts_per_replication(w: &World) -> f64 {
    w.cohorts
        .iter()
        .map(|c| {
            let from = if c.steady.played_in > 0.0 { c.steady.from } else { 0.0 };
            each_user(c, from, w.horizon)
        })
        .sum()
}

/// The `attempts` metric of `w` in a replication: people's scheduled uses after
/// the warm-up (workloads are counted apart).
pub fn measured_attempts(w: &World) -> f64 {
    w.cohorts
        .iter()
        .filter(|c| !c.workloads)
        .map(|c| each_user(c, w.warmup, w.horizon))
        .sum()
}

/// A cohort's scheduled uses in `[from, to)`, in expectation: for each user and
/// app, a Poisson stream's working time over its mean gap, or the ticks of a
/// clock (on the grid of its period) that fall in working time.
fn each_user(c: &CohortSpec, from: f64, to: f64) -> f64 {
    let uses = match c.arrivals {
        Arrivals::Poisson { mean_gap } => {
            (c.week.active_before(to) - c.week.active_before(from)) / mean_gap
        }
        Arrivals::Clock { every } => c
            .week
            .windows_between(from, to)
            .map(|(start, end)| (end / every).ceil() - (start / every).ceil())
            .sum(),
    };
    f64::from(c.users) * c.apps.len() as f64 * uses
}
