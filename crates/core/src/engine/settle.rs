//! Settling the uses waiting on an app: when the access they wait for is
//! served or denied, each is counted, and each lockout moves on. The event loop
//! settles every access this way, a denied stretch each of its denials.

use super::lockout::{Lockout, Settled, settled};
use super::player::Player;
use super::tally::GroupTally;
use super::user::User;

impl Player {
    /// The uses waiting on app `a` end at `t`: counted in the app's tally, and
    /// each lockout, the user's across apps and the app's own, moves on.
    pub(super) fn settle(
        &mut self,
        user: &User,
        a: usize,
        t: f64,
        end: Settled,
        lockout: &mut Lockout,
        tally: &mut GroupTally,
    ) {
        let state = &mut self.apps[a];
        if !state.waiting.any {
            return;
        }
        let causes: &[usize] = match end {
            Settled::Served => &[],
            _ => &self.causes,
        };
        let app_tally = &mut tally.apps[a];
        let waiting = std::mem::take(&mut state.waiting);
        settled(user, t, &waiting, end, causes, app_tally);
        let n = u64::from(waiting.measured);
        let app_lockout = self.app_lockouts.get_mut(a);
        if end == Settled::Served {
            if let Some(app_lockout) = app_lockout {
                app_lockout.served(user, t, n, app_tally);
            }
            lockout.served(user, t, n, &mut tally.user);
        } else {
            if let Some(app_lockout) = app_lockout {
                app_lockout.denied(user, t, waiting.first, n, causes, app_tally);
            }
            lockout.denied(user, t, waiting.first, n, causes, &mut tally.user);
        }
    }
}
