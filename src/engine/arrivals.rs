//! When the user's scheduled uses of an app come: a Poisson stream in the cohort's
//! working time, or for a cron-like workload the next tick of its clock in working
//! time (every user of the cohort on the same tick: that is what synchronises
//! their retries).

use super::play::User;
use super::queue::{Event, Kind};
use super::state::AppState;
use crate::model::Arrivals;
use rand_distr::{Distribution, Exp1};

#[inline(always)]
pub(super) fn next_use(user: &User, state: &mut AppState, app: usize) -> Option<Event> {
    let cohort = user.cohort;
    let horizon = user.world.horizon;
    let time = match cohort.arrivals {
        Arrivals::Clock { every } => {
            let tick = cohort.week.next_tick(state.active_clock, every, horizon);
            state.active_clock = tick + every;
            tick
        }
        Arrivals::Poisson { mean_gap } => {
            let gap: f64 = Exp1.sample(&mut state.activity);
            state.active_clock += gap * mean_gap;
            // Past the horizon's working time: no need to walk the weeks there.
            if state.active_clock >= cohort.active_until_horizon {
                return None;
            }
            cohort.week.wall_time(&mut state.week, state.active_clock)
        }
    };
    (time < horizon).then_some(Event {
        time,
        app,
        kind: Kind::Scheduled,
    })
}
