//! The app's token cache: each new access token's lifetime (the app's: its
//! session cookie's, a CAE token's, its own or the policy's), and when early
//! renewal starts.

use super::player::Player;
use super::state::AppState;
use super::user::User;
use crate::model::AppSpec;
use rand::RngExt;

impl Player {
    pub(super) fn issue_token(&mut self, user: &User, app: usize, t: f64) {
        let exposed_from = self.exposures.next_index();
        let state = &mut self.apps[app];
        let spec = &user.world.apps[state.app];
        // Always one draw, so a variant with fixed lifetimes keeps the same later draws.
        let u: f64 = state.tokens.at(user, t).random();
        let lifetime = spec.lifetime.min + u * spec.lifetime.spread;
        hold(state, spec, t, lifetime);
        state.exposed_from = exposed_from;
    }
}

/// The app holds a token of `lifetime` issued at `issued`.
pub(super) fn hold(state: &mut AppState, spec: &AppSpec, issued: f64, lifetime: f64) {
    state.token_expiry = issued + lifetime;
    state.token_issued = issued;
    state.token_cae = spec.cae;
    if spec.keys.is_some() {
        // A new key, maybe: the resource is asked again.
        state.serves_until = f64::NEG_INFINITY;
    }
    state.refresh_last_used = issued;
    state.early_from = spec
        .early_renewal_after(lifetime)
        .map_or(f64::INFINITY, |after| issued + after);
}
