//! Contingency access policies: while a watched component has been down long
//! enough, a rule for some cohorts accepts a compliant device in place of MFA,
//! lets users sign in with a method kept for emergencies, or blocks them.

use super::user::User;
use crate::model::Action;

/// Whether a rule doing `action` is in effect for the user at `t`.
pub(super) fn in_effect(user: &User, t: f64, action: Action) -> bool {
    user.cohort.contingency.iter().any(|&r| {
        user.world.contingency[r].action == action && user.outages.contingency[r].contains(t)
    })
}

/// A block stops every token the user would get, silently or interactively: a
/// conditional-access decision applies to a refresh token's redemption too.
pub(super) fn blocked(user: &User, t: f64) -> bool {
    !user.cohort.contingency.is_empty() && in_effect(user, t, Action::Block)
}

/// A registered (compliant) device stands in for the second factor.
pub(super) fn waives_mfa(user: &User, t: f64) -> bool {
    user.cohort.registered_devices && in_effect(user, t, Action::AcceptCompliantDevice)
}

/// A method kept for emergencies works only while one of the rules allowing it
/// is in effect for the user; any other method always may.
pub(super) fn method_allowed(user: &User, method: usize, t: f64) -> bool {
    let rules = &user.world.methods[method].allowed_by;
    rules.is_empty()
        || rules.iter().any(|&r| {
            user.cohort.contingency.contains(&r) && user.outages.contingency[r].contains(t)
        })
}

/// Whether a sign-in with `method` owes it to a rule.
pub(super) fn by_rule(user: &User, method: usize) -> bool {
    !user.world.methods[method].allowed_by.is_empty()
}
