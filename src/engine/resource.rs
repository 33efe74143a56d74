//! The resource side of an access: with a valid token in hand, the app's own
//! dependencies (the on-premises app, the application proxy and its connectors,
//! the backend) and the user's link to it must be up.

use super::play::{Player, User};

impl Player {
    #[inline]
    pub(super) fn resource_serves(&mut self, user: &User, app: usize, t: f64) -> bool {
        match user.cohort.apps[app].resource {
            Some(needs) => self.dependencies.is_up(user, needs, t),
            None => true,
        }
    }
}
