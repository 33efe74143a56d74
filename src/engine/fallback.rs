//! The hybrid fallback switch: once an administrator has switched a method over
//! (after the decision delay, with its propagation), signing in with it needs
//! what the replacement needs, until the switch back.

use super::user::User;
use crate::model::NeedsId;

/// Whether a fallback switch has replaced `method` at `t`.
pub(super) fn switched(user: &User, method: usize, t: f64) -> bool {
    let f = user.world.methods[method].fallback;
    f.is_some_and(|f| user.outages.fallback[f].contains(t))
}

/// What signing in with `method` needs at `t`.
pub(super) fn needs(user: &User, method: usize, t: f64) -> NeedsId {
    let world = user.world;
    let spec = &world.methods[method];
    match spec.fallback {
        Some(f) if switched(user, method, t) => world.methods[world.fallback[f].to].needs,
        _ => spec.needs,
    }
}
