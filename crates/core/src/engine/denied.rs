//! Denied stretches: while the token service is down, every use of an app whose
//! token has expired asks the IdP, is denied, and is put down to the same
//! components, until one of them comes back up or goes down. Where nothing else
//! could come of such a denial, the uses until then are counted here, without
//! the event queue: an outage's denials cost what its served uses cost.
//!
//! Nothing else comes of it for a user with one app whose denials draw nothing
//! (the client does not retry, the person does not give up), meet no rule that
//! could answer otherwise (a contingency block, the backup service, a capacity,
//! the device's PRT, a degradation window, a revocation check, the user's own
//! components) and are not logged. Each use then counts what the event loop
//! counts for it: its request and its attempt, then `settle`, as the event
//! loop settles a denial (its causes, the lockout it keeps open). So a denied stretch gives the
//! same numbers, bit for bit, as playing its uses one by one.

use super::load::request;
use super::lockout::{Lockout, Settled};
use super::player::Player;
use super::queue::{Event, Kind};
use super::state::Waiting;
use super::tally::GroupTally;
use super::user::User;
use crate::units::earlier;

impl Player {
    /// Plays the denied stretch the scheduled use `event` starts, if it starts one.
    pub(super) fn play_denied(
        &mut self,
        user: &User,
        event: Event,
        lockout: &mut Lockout,
        tally: &mut GroupTally,
    ) -> bool {
        let (a, t) = (event.app, event.time);
        if self.apps.len() != 1 || t < self.apps[a].token_expiry || !self.denials_alike(user, a) {
            return false;
        }
        if self.dependencies.token_service_up(user, t) {
            return false;
        }
        let end = earlier(
            self.causes_change(user, t),
            self.queue.pending_at(a, Kind::Revocation),
        );
        if end <= t {
            return false;
        }
        let world = user.world;
        // As each attempt leaves them.
        self.dependencies.slowness.start(user, self.apps[a].app);
        self.throttling.retry_after = 0.0;
        self.throttling.by = None;
        self.apps[a].retries_done = 0;
        self.apps[a].waiting.add(t, t >= world.warmup);
        self.attribute(user, a, t, Settled::DeniedIdentity);
        self.apps[a].waiting = Waiting::default();
        let mut s = t;
        while s < end {
            let app_tally = &mut tally.apps[a];
            app_tally.attempts_played += 1;
            request(world, s, app_tally);
            self.apps[a].waiting.add(s, s >= world.warmup);
            self.settle(user, a, s, Settled::DeniedIdentity, lockout, tally);
            let uses = &mut self.apps[a].uses;
            s = uses.next(user);
            s = uses.then(user, s);
        }
        self.queue.schedule(a, s);
        true
    }

    /// Whether a denial of app `a` for the token service could come to anything
    /// but counts (see above); the app's token service path is asked about its
    /// global components alone.
    fn denials_alike(&self, user: &User, a: usize) -> bool {
        let (cohort, world) = (user.cohort, user.world);
        let needs = &world.needs[cohort.token_request.0];
        !cohort.workloads
            && !cohort.registered_devices
            && !cohort.people.give_up()
            && cohort.contingency.is_empty()
            && cohort.backup.is_none()
            && !world.throttles()
            && self.log.is_none()
            && world.apps[self.apps[a].app].retry_attempts == 0
            && !self.apps[a].waiting.any
            && !self.queue.is_pending(a, Kind::Retry)
            && needs.per_user.is_empty()
            && needs.crl.is_none()
            && needs.degraded.is_empty()
    }

    /// When a component on the token service's path next goes down or comes
    /// back up after `t`: until then a denial has the same causes.
    fn causes_change(&self, user: &User, t: f64) -> f64 {
        let needs = &user.world.needs[user.cohort.token_request.0];
        let timelines = &user.outages.components;
        let changes = needs
            .global
            .iter()
            .map(|&c| timelines[c].next_change_unordered(t));
        changes.fold(f64::INFINITY, earlier)
    }
}
