//! A user's play: their state at the start of the horizon, then the event loop that
//! hands each event to the rule it concerns.

use super::access::Access;
use super::arrivals::next_use;
use super::lockout::{Settled, served_after, served_at_once};
use super::player::Player;
use super::queue::{Event, Kind};
use super::retry::retry_after_denial;
use super::revocation::Revocations;

use super::tally::{GroupTally, Tallies};
use super::user::{Replication, User};
use std::ops::Range;

/// Plays `users` of cohort `cohort` through one replication, each into the
/// tallies of their registration mix.
pub fn play_users(
    replication: &Replication,
    cohort: usize,
    users: Range<u32>,
    player: &mut Player,
    tallies: &mut Tallies,
) {
    let world = replication.world;
    let spec = &world.cohorts[cohort];
    for index in users {
        let mix = spec.mix_of(index);
        let user = User {
            world,
            outages: replication.outages,
            shares: replication.shares,
            cohort: spec,
            registration: &spec.registrations[mix],
            seed: replication.seed,
            replication: replication.index,
            index,
            cohort_index: cohort as u32,
            mix: mix as u32,
        };
        player.play(&user, tallies.group(world, cohort, mix));
    }
}

impl Player {
    fn play(&mut self, user: &User, tally: &mut GroupTally) {
        for t in std::iter::once(&mut tally.user).chain(&mut tally.apps) {
            match user.cohort.workloads {
                true => t.workloads += 1,
                false => t.users += 1,
            }
        }
        self.start(user);
        self.open_sessions();
        let mut revocations = Revocations::new(user);
        if let Some(event) = revocations.next(user) {
            self.queue.push(event);
        }
        let mut lockout = std::mem::take(&mut self.lockout);
        lockout.reset();
        let warmup = user.world.warmup;
        while let Some(event) = self.queue.pop() {
            let t = event.time;
            if event.kind == Kind::Revocation {
                self.revoke(user, &mut revocations, t, &mut tally.user);
                if let Some(next) = revocations.next(user) {
                    self.queue.push(next);
                }
                continue;
            }
            // A person away has a lockout open: never played as quiet.
            if event.kind == Kind::Scheduled
                && (self.play_quiet(user, event, &mut lockout, tally)
                    || self.play_denied(user, event, &mut lockout, tally))
            {
                continue;
            }
            let a = event.app;
            let state = &mut self.apps[a];
            if event.kind == Kind::Scheduled
                && let Some(next) = next_use(user, state, a)
            {
                self.queue.push(next);
            }
            if event.kind == Kind::Scheduled && self.away(user, a, t, &mut lockout, tally) {
                continue;
            }
            let app_tally = &mut tally.apps[a];
            let access = self.attempt(user, a, t, app_tally);
            let scheduled = event.kind == Kind::Scheduled;
            app_tally.attempts_played += u64::from(scheduled);
            app_tally.retries_played += u64::from(!scheduled);
            let measured = scheduled && t >= warmup;
            let state = &mut self.apps[a];
            if access == Access::Served {
                self.person.served();
                self.queue.cancel(a, Kind::Retry);
                state.retries_done = 0;
                // A slow answer (a degraded component's) comes that much later.
                let latency = self.dependencies.slowness.latency;
                if state.waiting.any {
                    let at = t + latency;
                    self.settle(user, a, at, Settled::Served, &mut lockout, tally);
                }
                if scheduled {
                    let n = u64::from(measured);
                    let app_tally = &mut tally.apps[a];
                    match latency > 0.0 {
                        true => served_after(user, n, latency, app_tally),
                        false => served_at_once(user, n, app_tally),
                    }
                    if let Some(app_lockout) = self.app_lockouts.get_mut(a) {
                        app_lockout.served(user, t, n, app_tally);
                    }
                    lockout.served(user, t, n, &mut tally.user);
                }
                continue;
            }
            if scheduled {
                state.waiting.add(t, measured);
            }
            let end = match access {
                Access::RenewalFailed => {
                    let pending = self.queue.is_pending(a, Kind::Retry);
                    // A request given up on at the client's timeout is retried from then.
                    let failed = Event {
                        time: t + self.dependencies.slowness.failed_after(),
                        ..event
                    };
                    let throttled = self.throttling.retry_after;
                    match retry_after_denial(user, state, failed, pending, throttled) {
                        Some(retry) => {
                            self.queue.push(retry);
                            continue;
                        }
                        // A retry already on its way settles these uses.
                        None if pending => continue,
                        None => Settled::DeniedIdentity,
                    }
                }
                Access::ResourceUnreachable => Settled::DeniedResource,
                Access::Served | Access::SignInFailed => Settled::DeniedIdentity,
            };
            self.attribute(user, a, t, end);
            if self.apps[a].waiting.any {
                self.failed(user, t, &mut tally.apps[a]);
            }
            self.settle(user, a, t, end, &mut lockout, tally);
        }
        lockout.finish(user, &mut tally.user);
        for (app_lockout, app_tally) in self.app_lockouts.iter_mut().zip(&mut tally.apps) {
            app_lockout.finish(user, app_tally);
        }
        self.lockout = lockout;
        self.exposures.finish(user.world.warmup, &mut tally.user);
        self.close_sessions(user, tally);
    }
}
