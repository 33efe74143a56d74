//! Backup authentication: a secondary token service that renews an existing
//! session the user used from this app and device within the window, while the
//! primary is down; never a new session, never a guest.

use super::play::{Player, User};

impl Player {
    pub(super) fn backup_covers(&mut self, user: &User, app: usize, t: f64) -> bool {
        let Some(backup) = &user.world.policy.backup else {
            return false;
        };
        backup.allow
            && !user.cohort.guest
            && t - self.apps[app].last_served <= backup.window
            && self.dependencies.is_up(user, backup.needs, t)
    }
}
