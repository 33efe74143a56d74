//! How big a run is, counted before it starts: simulated user-days and every kind
//! of event (scheduled uses, clock ticks, revocations, failures drawn), so a
//! scenario that would run for days is refused unless the planner insists.

use super::{Arrivals, World};
use crate::error::{Error, Located};
use crate::units::{DAY, WEEK};
use std::path::Path;

/// Simulated user-days above which a run needs `--force`.
pub const MAX_USER_DAYS: f64 = 1e9;
/// Expected events above which a run needs `--force`: about 40 minutes on 2 cores.
pub const MAX_EVENTS: f64 = 1e11;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunSize {
    pub user_days: f64,
    /// Access attempts, revocations and failure windows drawn (client retries,
    /// at most `MAX_RETRIES` per attempt, come on top).
    pub events: f64,
}

impl RunSize {
    /// Every variant over `replications` replications.
    pub fn of(worlds: &[World], replications: u32) -> Self {
        let n = f64::from(replications);
        RunSize {
            user_days: n * worlds
                .iter()
                .map(|w| w.users() as f64 * w.horizon / DAY)
                .sum::<f64>(),
            events: n * worlds.iter().map(events_per_replication).sum::<f64>(),
        }
    }

    /// Refuses runs above `MAX_USER_DAYS` or `MAX_EVENTS` unless forced.
    pub fn check(&self, file: &Path, force: bool) -> Result<(), Error> {
        if force || (self.user_days <= MAX_USER_DAYS && self.events <= MAX_EVENTS) {
            return Ok(());
        }
        Err(Error::Scenario(Located {
            file: file.to_path_buf(),
            at: None,
            message: format!(
                "this run would simulate {:.2e} user-days and about {:.2e} events (access attempts, \
                 revocations, failures) over all variants and replications, more than the \
                 {MAX_USER_DAYS:.0e} user-days or {MAX_EVENTS:.0e} events allowed without --force; \
                 shrink the scenario or pass --force",
                self.user_days, self.events
            ),
        }))
    }
}

fn events_per_replication(w: &World) -> f64 {
    let global_schedules = w
        .components
        .iter()
        .filter(|c| c.per_user_slot.is_none())
        .map(|c| &c.schedule)
        .chain(w.common_cause.iter().map(|e| &e.schedule));
    let global: f64 = global_schedules.map(|s| s.expected_windows).sum();
    let per_user_failures: f64 = w
        .per_user_components
        .iter()
        .map(|&c| w.components[c].schedule.expected_windows)
        .sum();
    let people: f64 = w
        .cohorts
        .iter()
        .map(|c| {
            let active = c.week.active_per_week() * w.horizon / WEEK;
            let uses = match c.arrivals {
                Arrivals::Poisson { mean_gap } => active / mean_gap,
                Arrivals::Clock { every } => active / every,
            };
            let revocations = w.horizon / c.revocation_every + c.revocations_at.len() as f64;
            f64::from(c.users) * (c.apps.len() as f64 * uses + revocations + per_user_failures)
        })
        .sum();
    global + people
}
