//! The app's session: its refresh token (or a web app's IdP session) renews tokens
//! silently until it has idled past the inactivity limit, the sign-in frequency
//! has run out, or a revocation ended it.

use super::player::Player;
use super::user::User;

impl Player {
    pub(super) fn session_usable(&self, user: &User, app: usize, t: f64) -> bool {
        t < self.session_usable_until(user, app)
    }

    /// Until when the session renews silently, as things stand (a renewal
    /// slides its inactivity limit on); never once a revocation ended it.
    pub(super) fn session_usable_until(&self, user: &User, app: usize) -> f64 {
        let state = &self.apps[app];
        if state.session_start < self.device.revoked_at {
            return f64::NEG_INFINITY;
        }
        let idle = state.refresh_last_used + user.world.policy.refresh_token_inactivity;
        idle.min(state.session_start + user.cohort.sign_in_frequency)
    }
}
