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

/// What signing in with `method` needs at `t`, in the user's region.
pub(super) fn needs(user: &User, method: usize, t: f64) -> NeedsId {
    let world = user.world;
    let used = match world.methods[method].fallback {
        Some(f) if switched(user, method, t) => world.fallback[f].to,
        _ => method,
    };
    world.method_needs(user.cohort, used)
}
