//! Capacity: a request that reaches a watched component (one with a capacity or
//! a recovery window) while it is up is counted in that component's load for
//! its minute; a component with a capacity then admits it with the minute's
//! acceptance share (see `model::capacity::Shares`), drawn from the user's own
//! stream for it. A request turned away is a failed request (the client
//! retries or the user is denied, as for an outage); a rejection's
//! Retry-After holds back the retry of a client that honours it.

use super::fallback;
use super::player::Player;
use super::tally::Tally;
use super::user::User;
use crate::model::NeedsId;
use crate::scenario::Past;
use crate::streams::Rng;
use rand::RngExt;

/// A user's throttling: the stream of admissions, made at the first request a
/// capacity weighs (a world without one never makes it).
#[derive(Debug, Default)]
pub(super) struct Throttling {
    rng: Option<Rng>,
    /// The Retry-After of a rejection in the attempt being played (0: none).
    pub retry_after: f64,
    /// The component that last turned a request of the attempt away, which a
    /// denial is attributed to.
    pub by: Option<usize>,
}

impl Throttling {
    pub fn reset(&mut self) {
        self.rng = None;
        self.retry_after = 0.0;
        self.by = None;
    }

    fn draw(&mut self, user: &User) -> f64 {
        self.rng
            .get_or_insert_with(|| user.stream(user.cohort.throttle_stream))
            .random()
    }
}

impl Player {
    /// Whether the request through `needs`, up at `t`, is answered by every
    /// watched component on it, each counting it in turn until one turns it
    /// away. Before time zero (users playing in) nothing is counted or throttled.
    #[inline]
    pub(super) fn admitted(
        &mut self,
        user: &User,
        needs: NeedsId,
        t: f64,
        tally: &mut Tally,
    ) -> bool {
        let watched = &user.world.needs[needs.0].watched;
        watched.is_empty() || t < 0.0 || self.weighed(user, watched, t, tally)
    }

    /// A sign-in method's try: usable (see `method_usable`) and admitted on its path.
    pub(super) fn method_works(
        &mut self,
        user: &User,
        method: usize,
        t: f64,
        tally: &mut Tally,
    ) -> bool {
        self.method_usable(user, method, t)
            && self.admitted(user, fallback::needs(user, method, t), t, tally)
    }

    #[inline(never)]
    fn weighed(&mut self, user: &User, watched: &[usize], t: f64, tally: &mut Tally) -> bool {
        let world = user.world;
        let minute = ((t * (1.0 / 60.0)) as usize).min(world.load_minutes - 1);
        for &w in watched {
            tally.minute_watched_requests[w * world.load_minutes + minute] += 1;
            let Some(throttle) = world.watched[w].throttle else {
                continue;
            };
            // One draw at every throttled component reached, whatever its share,
            // so that the fixed point's passes draw alike.
            if self.throttling.draw(user) < user.shares.at(w, t) {
                continue;
            }
            // throttled_requests
            tally.throttled += u64::from(t >= world.warmup);
            self.throttling.by = Some(world.watched[w].component);
            if throttle.past == Past::Reject {
                self.throttling.retry_after = self.throttling.retry_after.max(throttle.retry_after);
            }
            return false;
        }
        true
    }
}
