//! Backup authentication: a secondary token service that renews an existing
//! session the user used from this app and device within the window, while the
//! primary is down; never a new session, never a guest. Of the clients, public
//! clients and managed identities are covered; confidential web apps and
//! client-secret workloads are not (the documented coverage).

use super::player::Player;
use super::tally::Tally;
use super::user::User;
use crate::model::NeedsId;
use crate::scenario::AppKind;

impl Player {
    /// A backup renewal at `t` judges conditional access on the data from the
    /// session's start: backup_renewal_data_age_mean.
    pub(super) fn backup_judged(&self, user: &User, app: usize, t: f64, tally: &mut Tally) {
        let age = t - self.apps[app].session_start;
        if t >= user.world.warmup && age.is_finite() {
            tally.backup_data_age_ms += (age * 1000.0).round() as u64;
        }
    }

    pub(super) fn backup_covers(&mut self, user: &User, app: usize, t: f64) -> bool {
        self.backup_path(user, app, t)
            .is_some_and(|needs| self.dependencies.is_up(user, needs, t))
    }

    /// What the backup service needs, where it would renew this session at `t`.
    pub(super) fn backup_path(&self, user: &User, app: usize, t: f64) -> Option<NeedsId> {
        let (Some(backup), Some(needs)) = (&user.world.policy.backup, user.cohort.backup) else {
            return None;
        };
        let state = &self.apps[app];
        let covered = matches!(
            user.world.apps[state.app].kind,
            AppKind::PublicClient | AppKind::ManagedIdentity
        );
        let qualifies =
            covered && backup.allow && !user.cohort.guest && t - state.last_served <= backup.window;
        qualifies.then_some(needs)
    }
}
