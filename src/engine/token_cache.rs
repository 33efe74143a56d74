//! The app's token cache: each new access token's lifetime (the policy's, the
//! app's own, a CAE token's, or a web app's session cookie), and when early
//! renewal starts.

use super::play::{Player, User};
use crate::scenario::AppKind;
use rand::RngExt;

impl Player {
    pub(super) fn issue_token(&mut self, user: &User, app: usize, t: f64) {
        let world = user.world;
        let exposed_from = self.exposures.next_index();
        let state = &mut self.apps[app];
        let spec = &world.apps[state.app];
        // Always one draw, so a variant with fixed lifetimes keeps the same later draws.
        let u: f64 = state.tokens.random();
        let cae = world
            .policy
            .cae
            .filter(|_| spec.cae_capable && spec.kind == AppKind::PublicClient)
            .map(|(long, fallback)| match spec.enforces_location_policy {
                true => long,
                false => fallback,
            });
        let lifetime = match (spec.kind, cae, spec.lifetime) {
            (AppKind::WebApp, _, _) => spec.session_cookie_lifetime,
            (_, Some(range), _) | (_, None, Some(range)) => range.min + u * range.spread,
            (_, None, None) => world.policy.lifetime.min + u * world.policy.lifetime.spread,
        };
        state.token_expiry = t + lifetime;
        state.token_issued = t;
        state.token_cae = cae.is_some();
        state.exposed_from = exposed_from;
        if spec.keys.is_some() {
            // A new key, maybe: the resource is asked again.
            state.serves_until = f64::NEG_INFINITY;
        }
        state.refresh_last_used = t;
        state.early_from = match spec.early_renewal {
            Some((fraction, min_lifetime)) if lifetime >= min_lifetime => t + fraction * lifetime,
            _ => f64::INFINITY,
        };
    }
}
