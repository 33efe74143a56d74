//! Whether what a path needs is up: the replication's union timeline of its global
//! components, and the user's own components, each drawn the first time it is
//! asked about (users who never need their phone never pay for drawing its
//! failures, and the answer is the same either way); in a degradation window,
//! whether this one request gets through (`degradation`).

use super::degradation::Slowness;
use super::user::User;
use crate::model::NeedsId;
use crate::model::degradation::{At, Slow};
use crate::model::redundancy::GroupScratch;
use crate::model::timeline::Timeline;

#[derive(Debug, Default)]
pub(super) struct Dependencies {
    /// By `NeedsId`: how far this user has read each union timeline, and until
    /// when the last ask found it up (most asks then cost a comparison).
    cursors: Vec<usize>,
    up_to: Vec<f64>,
    /// By `NeedsId`: how far this user has read its degradation windows.
    degraded_cursors: Vec<usize>,
    pub slowness: Slowness,
    /// By per-user slot.
    own: Vec<Timeline>,
    own_cursors: Vec<usize>,
    drawn: Vec<bool>,
    scratch: GroupScratch,
}

impl Dependencies {
    pub fn reset(&mut self, user: &User) {
        self.cursors.clear();
        self.cursors.resize(user.world.needs.len(), 0);
        self.up_to.clear();
        self.up_to.resize(user.world.needs.len(), f64::NEG_INFINITY);
        self.degraded_cursors.clear();
        self.degraded_cursors.resize(user.world.needs.len(), 0);
        self.slowness.reset();
        let slots = user.cohort.component_streams.len();
        self.own.resize_with(slots, Timeline::default);
        self.own_cursors.clear();
        self.own_cursors.resize(slots, 0);
        self.drawn.clear();
        self.drawn.resize(slots, false);
    }

    /// Whether a request at `t` that needs `id` gets its answer. Callers ask in
    /// time order, so every cursor only moves forward.
    #[inline]
    pub fn is_up(&mut self, user: &User, id: NeedsId, t: f64) -> bool {
        match self.state(user, id, t) {
            (until, _) if until > t => true,
            (_, Some(w)) => self.slowness.lets_through(user, w, t),
            _ => false,
        }
    }

    /// Whether a request at `t` that needs `id`, in a degradation window and
    /// otherwise up, gets its answer (false where not degraded).
    pub fn degraded_lets_through(&mut self, user: &User, id: NeedsId, t: f64) -> bool {
        match self.state(user, id, t) {
            (_, Some(w)) => self.slowness.lets_through(user, w, t),
            _ => false,
        }
    }

    /// Until when everything in `id` stays up, and not degraded, from `t` (`t`
    /// if something is down or degraded at `t`).
    #[inline]
    pub fn up_until(&mut self, user: &User, id: NeedsId, t: f64) -> f64 {
        self.state(user, id, t).0
    }

    /// `up_until`, and the degradation window `t` is in where everything is up
    /// but degraded; the user's own components are drawn only if the global
    /// ones are up. The known answer stops at the next degradation window.
    #[inline]
    fn state(&mut self, user: &User, id: NeedsId, t: f64) -> (f64, Option<Slow>) {
        let known = self.up_to[id.0];
        if t < known {
            return (known, None);
        }
        let mut until = user.outages.needs[id.0].up_until(&mut self.cursors[id.0], t);
        for &slot in &user.world.needs[id.0].per_user {
            if until <= t {
                break;
            }
            until = until.min(self.own_up_until(user, slot, t));
        }
        if until <= t {
            return (t, None);
        }
        let degraded = &user.world.needs[id.0].degraded;
        if !degraded.is_empty() {
            match degraded.at(&mut self.degraded_cursors[id.0], t) {
                At::In(w) => return (t, Some(w)),
                At::Until(start) => until = until.min(start),
            }
        }
        self.up_to[id.0] = until;
        (until, None)
    }

    /// Every token request, silent or interactive, needs `policy.token_requests_require`
    /// and what the user's cohort adds.
    pub fn token_service_up(&mut self, user: &User, t: f64) -> bool {
        self.is_up(user, user.cohort.token_request, t)
    }

    pub fn token_service_up_until(&mut self, user: &User, t: f64) -> f64 {
        self.up_until(user, user.cohort.token_request, t)
    }

    /// Whether the user's own component in `slot` is up.
    pub fn own_is_up(&mut self, user: &User, slot: usize, t: f64) -> bool {
        self.own_up_until(user, slot, t) > t
    }

    /// `up_until` for the user's own component in `slot`, its failures drawn on first ask.
    fn own_up_until(&mut self, user: &User, slot: usize, t: f64) -> f64 {
        if !self.drawn[slot] {
            self.draw(user, slot);
        }
        self.own[slot].up_until(&mut self.own_cursors[slot], t)
    }

    #[cold]
    fn draw(&mut self, user: &User, slot: usize) {
        self.drawn[slot] = true;
        let timeline = &mut self.own[slot];
        timeline.clear();
        let purpose = user.cohort.component_streams[slot];
        let component = &user.world.components[user.world.per_user_components[slot]];
        let rng = |copy| user.copy_stream(purpose, copy);
        let (from, horizon) = (user.cohort.steady.from, user.world.horizon);
        component.draw(from, horizon, rng, &mut self.scratch, timeline);
        if component.daily_unavailability > 0.0 {
            let days = user.cohort.not_at_hand_streams[slot];
            let rngs = (&mut user.stream(days), &mut user.burn_in_stream(days));
            component.draw_days(user.cohort.utc_offset, (from, horizon), rngs, timeline);
        }
        timeline.seal();
    }
}
