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
                .map(|w| w.users() as f64 * w.sampled * w.horizon / DAY)
                .sum::<f64>(),
            attempts: n * worlds
                .iter()
                .map(|w| w.sampled * attempts_per_replication(w))
                .sum::<f64>(),
            events: n * worlds.iter().map(events_per_replication).sum::<f64>(),
            result_bytes: n * worlds.iter().map(per_variant).sum::<f64>(),
            series_rows: worlds.iter().map(|w| w.buckets as f64).sum(),
        }
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
    global + w.sampled * (attempts_per_replication(w) + people)
}

/// Access attempts one replication of `w` plays: every user's scheduled uses of
/// every app, from where the cohort starts to play (see `model::steady_state`) to
/// the horizon.
fn attempts_per_replication(w: &World) -> f64 {
    w.cohorts
        .iter()
        .map(|c| users_apps(c) * uses(c, played_from(c), w.horizon))
        .sum()
}

/// The `attempts` metric of `w` in a replication: people's scheduled uses after
/// the warm-up (workloads are counted apart).
pub fn measured_attempts(w: &World) -> f64 {
    w.cohorts
        .iter()
        .filter(|c| !c.workloads)
        .map(|c| users_apps(c) * uses(c, w.warmup, w.horizon))
        .sum()
}

/// Where a cohort's users start to play: where their clocks start, if they
/// play any uses in before time zero.
fn played_from(c: &CohortSpec) -> f64 {
    match c.steady.played_in > 0.0 {
        true => c.steady.from,
        false => 0.0,
    }
}

/// Its users times its apps, each app as many as its weight: its uses over
/// one user's of one app of weight 1.
fn users_apps(c: &CohortSpec) -> f64 {
    f64::from(c.users) * c.weight()
}

/// One user's scheduled uses of one app of weight 1 in `[from, to)`, in expectation: a
/// Poisson stream's working time over its mean gap, or the ticks of a clock
/// (on the grid of its period) that fall in working time.
fn uses(c: &CohortSpec, from: f64, to: f64) -> f64 {
    match c.arrivals {
        Arrivals::Poisson { mean_gap } => {
            (c.week.active_before(to) - c.week.active_before(from)) / mean_gap
        }
        Arrivals::Clock { every } => c
            .week
            .windows_between(from, to)
            .map(|(start, end)| (end / every).ceil() - (start / every).ceil())
            .sum(),
    }
}

/// What a run's time goes on, counted before it starts; `seconds` weighs each
/// kind by its cost on one core of the development machine (docs/development.md
/// says how they were measured).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Work {
    /// Access attempts played (`RunSize::attempts`), most of them served from
    /// the token in hand, in bulk.
    pub attempts: f64,
    /// Token renewals: one a token's life plus the wait for the next use, and
    /// one after each break from work, at most one a use. Those sure to be
    /// served are played inside a quiet stretch...
    pub renewals: f64,
    /// ...those that may not be (a contingency rule may block them, or the
    /// resource refuse the new token's signing key) end it, in the event loop.
    pub unsure_renewals: f64,
    /// Each user's apps drawn in their steady state, in every variant and replication.
    pub starts: f64,
    /// Bytes of tallies made, filled and merged in every variant and
    /// replication: each registration mix's, for its users and each app, and
    /// each slice's.
    pub tally_bytes: f64,
    /// Figures recorded in every replication, and written: each slice's
    /// metrics, time series and causes.
    pub figures: f64,
    /// Rows of the slices' time series (timeseries.csv), a row a bucket,
    /// written and read back for the report.
    pub series_rows: f64,
    /// Cohorts compiled, in every variant.
    pub cohorts: f64,
}

impl Work {
    /// Every variant over `replications` replications.
    pub fn of(worlds: &[World], replications: u32) -> Self {
        let n = f64::from(replications);
        let mut work = Work::default();
        for w in worlds {
            let s = super::slices::slices(w).len() as f64;
            let (metrics, series) = (Metric::ALL.len() as f64, SeriesMetric::ALL.len() as f64);
            let (buckets, causes) = (w.buckets as f64, cause_count(w) as f64);
            // Each tally's counts per bucket, per cause and per exposure bin;
            // the apps' also per minute of load.
            let tally = 8.0 * (6.0 * buckets + 2.0 * causes) + 4.0 * EXPOSURE_BINS;
            // A sample of users keeps no minutes (`Tally::new`).
            let minutes = match w.sampled < 1.0 {
                true => 1.0,
                false => (w.measured_seconds() / 60.0).ceil(),
            };
            let app_tally = tally + 12.0 * minutes;
            // A sample plays each user with this chance.
            let played = w.sampled;
            for c in &w.cohorts {
                let from = played_from(c);
                let mixes = c.registrations.len() as f64;
                let apps = c.apps.len() as f64;
                for (i, app) in c.apps.iter().enumerate() {
                    let each = n * played * f64::from(c.users) * renewals(c, i, from, w.horizon);
                    match c.contingency.is_empty() && w.apps[app.app].keys.is_none() {
                        true => work.renewals += each,
                        false => work.unsure_renewals += each,
                    }
                }
                work.starts += n * played * users_apps(c);
                work.tally_bytes += n * mixes * (tally + apps * app_tally);
                work.cohorts += 1.0;
            }
            work.tally_bytes += n * s * app_tally;
            work.figures += n * s * (metrics + series * buckets + 2.0 * (causes + 1.0));
            work.series_rows += s * buckets;
        }
        work.attempts = n * worlds
            .iter()
            .map(|w| w.sampled * attempts_per_replication(w))
            .sum::<f64>();
        work
    }

    /// Seconds the run would take on `threads` workers: the replications'
    /// work shared among them, then what one thread writes and draws.
    pub fn seconds(&self, threads: usize) -> RunTime {
        let threads = threads as f64;
        let engine = self.attempts * cost::ATTEMPT
            + self.renewals * cost::RENEWAL
            + self.unsure_renewals * cost::UNSURE_RENEWAL
            + self.starts * cost::START;
        let recorded = self.tally_bytes * cost::TALLY_BYTE + self.figures * cost::FIGURE;
        let written = self.series_rows * cost::SERIES_ROW;
        RunTime {
            engine: engine / threads,
            slices: recorded / threads + written,
            setup: self.cohorts * cost::COHORT + cost::FIXED,
        }
    }
}

/// A run's estimated seconds, by what they go on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunTime {
    /// Playing the users: their attempts, renewals and starts.
    pub engine: f64,
    /// Each slice's tallies and figures, the files and the report.
    pub slices: f64,
    /// Compiling the scenario's cohorts, and the rest of a run.
    pub setup: f64,
}

impl RunTime {
    pub fn total(&self) -> f64 {
        self.engine + self.slices + self.setup
    }
}

/// How far a run's time may fall from the estimate, either way: the
/// calibration runs' spread (docs/development.md).
pub const LOW: f64 = 0.7;
pub const HIGH: f64 = 1.8;

/// A tally's exposure bins (`engine::tally`), 4 bytes each.
const EXPOSURE_BINS: f64 = 1800.0;

/// Seconds of one core for each kind of `Work`: a least-squares fit (relative
/// error) to the CPU time of 36 full runs on one thread, charts included, of
/// the bundled scenarios and of scenarios made to vary one kind at a time
/// (docs/development.md, "What check's estimate rests on").
mod cost {
    pub const ATTEMPT: f64 = 5.8e-9;
    pub const RENEWAL: f64 = 39e-9;
    pub const UNSURE_RENEWAL: f64 = 200e-9;
    pub const START: f64 = 270e-9;
    pub const TALLY_BYTE: f64 = 0.075e-9;
    pub const FIGURE: f64 = 21e-9;
    pub const SERIES_ROW: f64 = 4.2e-6;
    pub const COHORT: f64 = 0.59e-3;
    pub const FIXED: f64 = 0.084;
}

/// One user's renewals of the cohort's app `app` in `[from, to)`: one per
/// working window (a break longer than the token's life ends it) and one per
/// token life plus the wait for the next use, never more than its uses.
fn renewals(c: &CohortSpec, app: usize, from: f64, to: f64) -> f64 {
    let windows = c.week.windows_between(from, to).count() as f64;
    let active = c.week.active_before(to) - c.week.active_before(from);
    let wait = match c.apps[app].arrivals {
        Arrivals::Poisson { mean_gap } => mean_gap,
        Arrivals::Clock { every } => every / 2.0,
    };
    let life = c.steady.tokens[app].mean_until_renewal;
    (windows + active / (life + wait)).min(uses(c, from, to) * c.apps[app].weight)
}
