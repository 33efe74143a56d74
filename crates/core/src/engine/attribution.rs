//! Denial attribution: when a use ends denied, the components that were down on
//! the paths it needed at that moment (or the one whose capacity turned its last
//! request away). Worked out only on a denial (rare), from
//! the replication's timelines and the user's own, so the hot loop pays nothing
//! and no other count moves: asking whether a component is up draws nothing a
//! later question would not have drawn the same.

use super::contingency::{self, blocked};
use super::fallback;
use super::lockout::Settled;
use super::player::Player;
use super::user::User;
use crate::model::{NeedsId, World};

/// Causes that are not components, counted after the world's components: a
/// denial with no component down on its paths goes to one of them, so the
/// causes account for every denial.
pub const NOT_COMPONENTS: [&str; 3] = ["signing keys", "contingency block", "other"];
const SIGNING_KEYS: usize = 0;
const BLOCK: usize = 1;
const OTHER: usize = 2;

/// How many causes a world's counts by cause hold.
pub fn cause_count(world: &World) -> usize {
    world.components.len() + NOT_COMPONENTS.len()
}

/// Every cause's name, in the order of the counts by cause.
pub fn cause_names(world: &World) -> impl Iterator<Item = &str> {
    let components = world.components.iter().map(|c| c.name.as_str());
    components.chain(NOT_COMPONENTS)
}

impl Player {
    /// Fills `self.causes` with what denied the uses waiting on `app` at `t`:
    /// nothing for workloads, for a success, or with no use waiting.
    pub(super) fn attribute(&mut self, user: &User, app: usize, t: f64, end: Settled) {
        self.causes.clear();
        if user.cohort.workloads || !self.apps[app].waiting.any {
            return;
        }
        match end {
            Settled::Served => {}
            Settled::DeniedResource => {
                if let Some(needs) = user.cohort.apps[app].resource {
                    self.down(user, needs, t);
                }
                // The resource was reachable: it refused the token's key.
                self.or_else(user, SIGNING_KEYS);
            }
            Settled::DeniedIdentity => self.identity(user, app, t),
        }
    }

    /// No token could be had: the token request's path was down (and the backup
    /// service's, where it would have covered the session), or the cohort was
    /// blocked, or an interactive sign-in found no path up.
    fn identity(&mut self, user: &User, app: usize, t: f64) {
        // A capacity turned the last request away: up, but not answering.
        if let Some(c) = self.throttling.by {
            self.causes.push(c);
            return;
        }
        self.down(user, user.cohort.token_request, t);
        if !self.causes.is_empty() {
            if let Some(needs) = self.backup_path(user, app, t) {
                self.down(user, needs, t);
            }
            return;
        }
        if blocked(user, t) {
            self.causes.push(not_component(user.world, BLOCK));
            return;
        }
        if let Some(needs) = user.cohort.sign_in {
            self.down(user, needs, t);
        }
        if self.causes.is_empty() {
            self.sign_in_methods(user, t);
        }
        self.or_else(user, OTHER);
    }

    /// The methods whose failure failed the sign-in: every passwordless one, and
    /// the first factors if none was up, else the second factors (a first factor
    /// passed over for a later one that worked cost nothing).
    fn sign_in_methods(&mut self, user: &User, t: f64) {
        let registration = user.registration;
        let first_up = registration
            .first
            .iter()
            .any(|&m| self.method_usable(user, m, t));
        let stage = if first_up {
            &registration.second
        } else {
            &registration.first
        };
        for &m in registration.passwordless.iter().chain(stage) {
            // A method kept for emergencies, not allowed now, was never tried.
            if contingency::method_allowed(user, m, t) {
                self.down(user, fallback::needs(user, m, t), t);
            }
        }
    }

    /// Adds each component of `needs` down (or degraded) at `t`, once; and the
    /// CRL's distribution point's, where a revocation check found no valid list.
    fn down(&mut self, user: &User, needs: NeedsId, t: f64) {
        let needs = &user.world.needs[needs.0];
        if let Some(c) = needs.crl.filter(|&c| user.outages.crl[c].contains(t)) {
            self.down(user, user.world.crl[c].endpoint, t);
        }
        for &c in &needs.global {
            let degraded = || {
                let windows = &user.world.components[c].degraded;
                windows.iter().any(|w| w.start <= t && t < w.end)
            };
            let down = user.outages.components[c].contains(t) || degraded();
            if down && !self.causes.contains(&c) {
                self.causes.push(c);
            }
        }
        for &slot in &needs.per_user {
            let c = user.world.per_user_components[slot];
            if !self.dependencies.own_is_up(user, slot, t) && !self.causes.contains(&c) {
                self.causes.push(c);
            }
        }
    }

    /// The non-component cause `which`, where no component explains the denial.
    fn or_else(&mut self, user: &User, which: usize) {
        if self.causes.is_empty() {
            self.causes.push(not_component(user.world, which));
        }
    }
}

/// The index of a non-component cause in the counts by cause.
fn not_component(world: &World, which: usize) -> usize {
    world.components.len() + which
}
