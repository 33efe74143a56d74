//! A user's play: their state at the start of the horizon, then the event loop that
//! hands each event to the rule it concerns.

use super::access::Access;
use super::arrivals::{Uses, next_use};
use super::dependencies::Dependencies;
use super::device::DeviceState;
use super::exposure::Exposures;
use super::lockout::{Lockout, Settled, served_at_once, settled};
use super::queue::{EventQueue, Kind};
use super::retry::retry_after_denial;
use super::revocation::Revocations;
use super::state::{AppState, Waiting};
use super::tally::{GroupTally, Tallies};
use crate::model::outages::Outages;
use crate::model::{CohortSpec, RegistrationSpec, World};
use crate::streams::{Purpose, Rng, stream};
use rand::RngExt;
use std::ops::Range;

/// Per-worker scratch space, reused from user to user so the hot loop never allocates.
#[derive(Debug, Default)]
pub struct Player {
    pub(super) queue: EventQueue,
    pub(super) apps: Vec<AppState>,
    pub(super) dependencies: Dependencies,
    pub(super) device: DeviceState,
    pub(super) exposures: Exposures,
    /// The user's lockout across apps, and each app's own.
    pub(super) lockout: Lockout,
    pub(super) app_lockouts: Vec<Lockout>,
    /// What was down on the paths of the denial being settled (see `attribution`).
    pub(super) causes: Vec<usize>,
}

/// One variant's world in one replication: what every user of it plays against.
pub struct Replication<'a> {
    pub world: &'a World,
    pub outages: &'a Outages,
    pub seed: u64,
    pub index: u32,
}

/// The user being played: who they are, and the replication they play in.
pub(super) struct User<'a> {
    pub world: &'a World,
    pub outages: &'a Outages,
    pub cohort: &'a CohortSpec,
    pub registration: &'a RegistrationSpec,
    seed: u64,
    replication: u32,
    index: u32,
}

impl User<'_> {
    /// This user's random stream for `purpose` in this replication.
    pub fn stream(&self, purpose: Purpose) -> Rng {
        self.copy_stream(purpose, 0)
    }

    /// The stream of copy `copy` of one of the user's redundancy groups (copy 0's
    /// is the user's own stream).
    pub fn copy_stream(&self, purpose: Purpose, copy: u32) -> Rng {
        let index = u64::from(self.index) | u64::from(copy) << 32;
        stream(self.seed, self.replication, purpose, index)
    }
}

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
            cohort: spec,
            registration: &spec.registrations[mix],
            seed: replication.seed,
            replication: replication.index,
            index,
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
            if event.kind == Kind::Scheduled && self.play_quiet(user, event, &mut lockout, tally) {
                continue;
            }
            let a = event.app;
            let state = &mut self.apps[a];
            if event.kind == Kind::Scheduled
                && let Some(next) = next_use(user, state, a)
            {
                self.queue.push(next);
            }
            let app_tally = &mut tally.apps[a];
            let access = self.attempt(user, a, t, app_tally);
            app_tally.attempts_played += 1;
            let scheduled = event.kind == Kind::Scheduled;
            let measured = scheduled && t >= warmup;
            let state = &mut self.apps[a];
            if access == Access::Served {
                self.queue.cancel(a, Kind::Retry);
                state.retries_done = 0;
                if state.waiting.any {
                    self.settle(user, a, t, Settled::Served, &mut lockout, tally);
                }
                if scheduled {
                    let n = u64::from(measured);
                    let app_tally = &mut tally.apps[a];
                    served_at_once(user, n, app_tally);
                    self.app_lockouts[a].served(user, t, n, app_tally);
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
                    match retry_after_denial(user, state, event, pending) {
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
            self.settle(user, a, t, end, &mut lockout, tally);
        }
        lockout.finish(user, &mut tally.user);
        for (app_lockout, app_tally) in self.app_lockouts.iter_mut().zip(&mut tally.apps) {
            app_lockout.finish(user, app_tally);
        }
        self.lockout = lockout;
        self.exposures.finish(user.world.warmup, &mut tally.user);
    }

    /// The uses waiting on app `a` end at `t`: counted in the app's tally, and
    /// each lockout, the user's across apps and the app's own, moves on.
    fn settle(
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
        if end == Settled::Served {
            self.app_lockouts[a].served(user, t, n, app_tally);
            lockout.served(user, t, n, &mut tally.user);
        } else {
            self.app_lockouts[a].denied(user, t, waiting.first, n, causes, app_tally);
            lockout.denied(user, t, waiting.first, n, causes, &mut tally.user);
        }
    }

    /// Users start signed in, their sessions of uniformly random age, a registered
    /// device holding a primary refresh token renewed at a random time, and each
    /// app holding a token of uniformly random age, as in steady use.
    fn start(&mut self, user: &User) {
        self.dependencies.reset(user);
        self.queue.reset(user.cohort.apps.len());
        self.apps.clear();
        self.app_lockouts
            .resize_with(user.cohort.apps.len(), Lockout::default);
        self.app_lockouts.iter_mut().for_each(Lockout::reset);
        self.exposures.reset();
        let session = self.device.start(user);
        for (i, ca) in user.cohort.apps.iter().enumerate() {
            let mut tokens = user.stream(ca.token_stream);
            let age: f64 = tokens.random();
            let sif = user.cohort.sign_in_frequency;
            // With no sign-in frequency any start will do (and -inf + inf would be NaN).
            let own_session = if sif.is_finite() { -age * sif } else { 0.0 };
            // Most apps' resources never refuse an access: they skip the check.
            let guarded = ca.resource.is_some() || user.world.apps[ca.app].keys.is_some();
            let mut state = AppState {
                app: ca.app,
                serves_until: if guarded {
                    f64::NEG_INFINITY
                } else {
                    f64::INFINITY
                },
                token_expiry: f64::NEG_INFINITY,
                token_issued: f64::NEG_INFINITY,
                token_cae: false,
                early_from: f64::INFINITY,
                exposed_from: 0,
                refresh_last_used: 0.0,
                // With a device's single sign-on, every app's session is the device's.
                session_start: if user.cohort.registered_devices {
                    session
                } else {
                    own_session
                },
                last_served: 0.0,
                retries_done: 0,
                waiting: Waiting::default(),
                uses: Uses::new(user, ca.activity_stream),
                tokens,
                retry: user.stream(ca.retry_stream),
            };
            if let Some(event) = next_use(user, &mut state, i) {
                self.queue.push(event);
            }
            self.apps.push(state);
            self.issue_token(user, i, 0.0);
            let state = &mut self.apps[i];
            let age = state.tokens.random::<f64>() * state.token_expiry;
            state.token_expiry -= age;
            state.token_issued -= age;
            state.early_from -= age;
        }
    }
}
