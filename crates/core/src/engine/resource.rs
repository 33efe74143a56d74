//! The resource side of an access: with a valid token in hand, the app's own
//! dependencies (the on-premises app, the application proxy and its connectors,
//! the backend) and the user's link to it must be up, and the resource must
//! trust the key the token was signed with.

use super::player::Player;
use super::user::User;

impl Player {
    /// A resource in a degradation window serves (or not) request by request.
    pub(super) fn resource_serves(&mut self, user: &User, app: usize, t: f64) -> bool {
        if self.resource_serves_until(user, app, t) > t {
            return true;
        }
        user.cohort.apps[app].resource.is_some_and(|needs| {
            self.key_trusted_until(user, app, t) > t
                && self.dependencies.degraded_lets_through(user, needs, t)
        })
    }

    /// Until when the resource serves the app's current token from `t` (`t` if
    /// it does not at `t`). The answer is kept until then, or until the next
    /// token (signed with another key, maybe): most accesses cost a comparison.
    pub(super) fn resource_serves_until(&mut self, user: &User, app: usize, t: f64) -> f64 {
        let known = self.apps[app].serves_until;
        if t < known {
            return known;
        }
        let reachable = match user.cohort.apps[app].resource {
            Some(needs) => self.dependencies.up_until(user, needs, t),
            None => f64::INFINITY,
        };
        if reachable <= t {
            return t;
        }
        let until = reachable.min(self.key_trusted_until(user, app, t));
        self.apps[app].serves_until = until;
        until
    }

    /// A resource that refreshes the identity provider's keys may not know the
    /// one the token was signed with (after a rollover, or bad metadata).
    fn key_trusted_until(&self, user: &User, app: usize, t: f64) -> f64 {
        let state = &self.apps[app];
        let rejections = &user.outages.keys[state.app];
        if rejections.is_empty() {
            return f64::INFINITY;
        }
        let key = user.world.key_events.key_at(state.token_issued);
        rejections[key].up_until_unordered(t)
    }
}
