//! When the user's scheduled uses of an app come: a Poisson stream in the cohort's
//! working time, or for a cron-like workload the next tick of its clock in working
//! time (every user of the cohort on the same tick: that is what synchronises
//! their retries).
//!
//! Uses before time zero, where a cohort's users play in, come from a stream of
//! their own; from time zero on, the measured period's stream takes over, so the
//! uses a variant's users make after it do not depend on how they played in.

use super::queue::{Event, Kind};
use super::state::AppState;
use super::user::User;
use crate::model::Arrivals;
use crate::model::CohortApp;
use crate::model::activity::WeekCursor;
use crate::streams::{Purpose, Rng, back, exp1, exp1_words};
use crate::units::earlier;

/// One app's stream of scheduled uses.
#[derive(Debug, Clone)]
pub(super) struct Uses {
    /// Working seconds since time zero used up by the Poisson stream (negative
    /// before it), or the next tick of a clock.
    clock: f64,
    week: WeekCursor,
    rng: Rng,
    /// Where this stream of uses ends: time zero while playing in, then the
    /// horizon; and the working seconds before it.
    until: f64,
    active_until: f64,
    /// The measured period's purpose, while playing in.
    measured: Option<Purpose>,
    /// The app's own rate or clock.
    arrivals: Arrivals,
    /// Working seconds are wall seconds (`WorkingWeek::activity_is_wall_time`,
    /// false while playing in): the week's answer, kept with the stream so that
    /// the tight loop of a quiet stretch tests a register, not the cohort.
    wall: bool,
}

impl Uses {
    /// The uses of the cohort's app `app` from `from`, time zero or before it.
    pub fn new(user: &User, app: &CohortApp, from: f64) -> Self {
        let (cohort, purpose, arrivals) = (user.cohort, app.activity_stream, app.arrivals);
        if from >= 0.0 {
            return Uses::measured(user, purpose, arrivals);
        }
        let clock = match arrivals {
            Arrivals::Clock { every } => (from / every).ceil() * every,
            Arrivals::Poisson { .. } => cohort.week.active_before(from),
        };
        Uses {
            clock,
            week: cohort.week.cursor_at(from),
            rng: user.burn_in_stream(purpose),
            until: 0.0,
            active_until: 0.0,
            measured: Some(purpose),
            arrivals,
            wall: false,
        }
    }

    fn measured(user: &User, purpose: Purpose, arrivals: Arrivals) -> Self {
        Uses {
            clock: 0.0,
            week: user.cohort.week.cursor(),
            rng: user.stream(purpose),
            until: user.world.horizon,
            active_until: user.cohort.active_until_horizon,
            measured: None,
            arrivals,
            wall: user.cohort.week.activity_is_wall_time(),
        }
    }

    /// The time of the next use; infinity when none comes before this stream's
    /// end (time zero while playing in: see `then`). No call in it, so that the
    /// hot loops keep the stream in registers.
    #[inline(always)]
    pub fn next(&mut self, user: &User) -> f64 {
        let cohort = user.cohort;
        let time = match self.arrivals {
            Arrivals::Clock { every } => {
                let tick = cohort.week.next_tick(self.clock, every, self.until);
                self.clock = tick + every;
                tick
            }
            Arrivals::Poisson { mean_gap } => {
                let gap = exp1(&mut self.rng);
                self.clock += gap * mean_gap;
                // Past the stream's working time: no need to walk the weeks there.
                if self.clock >= self.active_until {
                    return f64::INFINITY;
                }
                if self.wall {
                    // Before `active_until`, which is then the horizon: `until`.
                    debug_assert!(self.active_until == self.until);
                    return self.clock;
                }
                cohort.week.wall_time(&mut self.week, self.clock)
            }
        };
        if time < self.until {
            time
        } else {
            f64::INFINITY
        }
    }

    /// The stream as a Poisson stream in wall time, where it is one (measured,
    /// around the clock at one rate): a quiet stretch's tight loop then draws
    /// from a copy of its clock and generator alone, and hands them back.
    #[inline(always)]
    pub fn in_wall_time(&self) -> Option<WallTime> {
        match self.arrivals {
            Arrivals::Poisson { mean_gap } if self.wall => {
                let mut rng = self.rng.clone();
                let (gap, words) = exp1_words(&mut rng);
                Some(WallTime {
                    ahead: self.clock + gap * mean_gap,
                    rng,
                    words,
                    mean_gap,
                    end: self.active_until,
                })
            }
            _ => None,
        }
    }

    /// Takes back the clock and generator of `in_wall_time`'s copy, its draw
    /// ahead undone: `last` is the last use its `next` gave (before `after`).
    #[inline(always)]
    pub fn resume(&mut self, wall: WallTime, last: f64) {
        self.clock = last;
        self.rng = back(&wall.rng, wall.words);
    }

    /// `next`'s answer `time`, or where it was the end of the play-in, the
    /// measured period's first use.
    #[inline(always)]
    pub fn then(&mut self, user: &User, time: f64) -> f64 {
        if time.is_finite() || self.measured.is_none() {
            return time;
        }
        self.measured_from_time_zero(user)
    }

    #[cold]
    #[inline(never)]
    fn measured_from_time_zero(&mut self, user: &User) -> f64 {
        let purpose = self.measured.expect("playing in");
        *self = Uses::measured(user, purpose, self.arrivals);
        self.next(user)
    }
}

/// A Poisson stream in wall time: `Uses::next` without the week or the play-in,
/// one use drawn ahead. A quiet stretch's loop of cached uses then ends on a
/// use drawn a turn before, not on the draw just made, and the branch that
/// ends it, mispredicted once a token (how many uses a token serves is
/// Poisson), is settled sooner.
pub(super) struct WallTime {
    /// The use drawn ahead: the stream's clock.
    ahead: f64,
    rng: Rng,
    /// The words its draw took from `rng`.
    words: u32,
    mean_gap: f64,
    /// The horizon: the stream's last working second.
    end: f64,
}

impl WallTime {
    /// `until`, no later than the stream's end: the uses before it are those
    /// `next` gives before `until`.
    #[inline(always)]
    pub fn before(&self, until: f64) -> f64 {
        earlier(until, self.end)
    }

    /// The next use, as `next` gives it before `before`'s bound.
    #[inline(always)]
    pub fn next(&mut self) -> f64 {
        let next = self.ahead;
        let (gap, words) = exp1_words(&mut self.rng);
        self.ahead += gap * self.mean_gap;
        self.words = words;
        next
    }

    /// The first use past `before`'s bound, as `next` gives it: past the
    /// horizon, infinity.
    #[inline(always)]
    pub fn after(&self, next: f64) -> f64 {
        match next < self.end {
            true => next,
            false => f64::INFINITY,
        }
    }
}

#[inline(always)]
pub(super) fn next_use(user: &User, state: &mut AppState, app: usize) -> Option<Event> {
    let time = state.uses.next(user);
    let time = state.uses.then(user, time);
    time.is_finite().then_some(Event {
        time,
        app,
        kind: Kind::Scheduled,
    })
}
