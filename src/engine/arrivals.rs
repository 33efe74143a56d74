//! When the user's scheduled uses of an app come: a Poisson stream in the cohort's
//! working time, or for a cron-like workload the next tick of its clock in working
//! time (every user of the cohort on the same tick: that is what synchronises
//! their retries).

use super::play::User;
use super::queue::{Event, Kind};
use super::state::AppState;
use crate::model::Arrivals;
use crate::model::activity::WeekCursor;
use crate::streams::{Purpose, Rng, exp1};

/// One app's stream of scheduled uses.
#[derive(Debug, Clone)]
pub(super) struct Uses {
    /// Working seconds used up by the Poisson stream, or the next tick of a clock.
    clock: f64,
    week: WeekCursor,
    rng: Rng,
}

impl Uses {
    pub fn new(user: &User, purpose: Purpose) -> Self {
        Uses {
            clock: 0.0,
            week: user.cohort.week.cursor(),
            rng: user.stream(purpose),
        }
    }

    /// The time of the next use; infinity when none comes before the horizon.
    #[inline(always)]
    pub fn next(&mut self, user: &User) -> f64 {
        let cohort = user.cohort;
        let horizon = user.world.horizon;
        let time = match cohort.arrivals {
            Arrivals::Clock { every } => {
                let tick = cohort.week.next_tick(self.clock, every, horizon);
                self.clock = tick + every;
                tick
            }
            Arrivals::Poisson { mean_gap } => {
                let gap = exp1(&mut self.rng);
                self.clock += gap * mean_gap;
                // Past the horizon's working time: no need to walk the weeks there.
                if self.clock >= cohort.active_until_horizon {
                    return f64::INFINITY;
                }
                cohort.week.wall_time(&mut self.week, self.clock)
            }
        };
        if time < horizon { time } else { f64::INFINITY }
    }
}

#[inline(always)]
pub(super) fn next_use(user: &User, state: &mut AppState, app: usize) -> Option<Event> {
    let time = state.uses.next(user);
    time.is_finite().then_some(Event {
        time,
        app,
        kind: Kind::Scheduled,
    })
}
