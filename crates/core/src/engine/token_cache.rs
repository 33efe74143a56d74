//! The app's token cache: each new access token's lifetime (the app's: its
//! session cookie's, a CAE token's, its own or the policy's), and when early
//! renewal starts.

use super::player::Player;
use super::tally::Tally;
use super::user::User;
use rand::RngExt;

impl Player {
    #[inline(always)]
    pub(super) fn issue_token(&mut self, user: &User, app: usize, t: f64, tally: &mut Tally) {
        self.token_replaced(user, app, t, tally);
        let exposed_from = self.exposures.next_index();
        let state = &mut self.apps[app];
        let spec = &user.world.apps[state.app];
        // Always one draw, so a variant with fixed lifetimes keeps the same later draws.
        let u: f64 = state.tokens.at(user, t).random();
        let lifetime = spec.lifetime.min + u * spec.lifetime.spread;
        state.hold(spec, t, lifetime);
        state.exposed_from = exposed_from;
    }
}
