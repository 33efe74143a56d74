//! The app's session: its refresh token (or a web app's IdP session) renews tokens
//! silently until it has idled past the inactivity limit, the sign-in frequency
//! has run out, or a revocation ended it.

use super::play::{Player, User};

impl Player {
    pub(super) fn session_usable(&self, user: &User, app: usize, t: f64) -> bool {
        let state = &self.apps[app];
        t < state.refresh_last_used + user.world.policy.refresh_token_inactivity
            && t < state.session_start + user.cohort.sign_in_frequency
            && state.session_start >= self.device.revoked_at
    }
}
