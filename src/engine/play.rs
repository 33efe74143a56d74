//! A user's play: their state at the start of the horizon, then the event loop that
//! hands each event to the rule it concerns.

use super::access::Access;
use super::arrivals::next_use;
use super::dependencies::Dependencies;
use super::device::DeviceState;
use super::exposure::Exposures;
use super::lockout::{Lockout, Settled};
use super::queue::{EventQueue, Kind};
use super::retry::retry_after_denial;
use super::revocation::Revocations;
use super::state::{AppState, Waiting};
use super::tally::Tally;
use crate::model::activity::WeekCursor;
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
    pub(super) lockout: Lockout,
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

/// Plays `users` of cohort `cohort` through one replication.
pub fn play_users(
    replication: &Replication,
    cohort: usize,
    users: Range<u32>,
    player: &mut Player,
    tally: &mut Tally,
) {
    let cohort = &replication.world.cohorts[cohort];
    for index in users {
        let user = User {
            world: replication.world,
            outages: replication.outages,
            cohort,
            registration: cohort.registration(index),
            seed: replication.seed,
            replication: replication.index,
            index,
        };
        player.play(&user, tally);
    }
}

impl Player {
    fn play(&mut self, user: &User, tally: &mut Tally) {
        if user.cohort.workloads {
            tally.workloads += 1;
        } else {
            tally.users += 1;
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
                self.revoke(user, &mut revocations, t, tally);
                if let Some(next) = revocations.next(user) {
                    self.queue.push(next);
                }
                continue;
            }
            let state = &mut self.apps[event.app];
            if event.kind == Kind::Scheduled
                && let Some(next) = next_use(user, state, event.app)
            {
                self.queue.push(next);
            }
            let access = self.attempt(user, event.app, t, tally);
            tally.attempts_played += 1;
            let scheduled = event.kind == Kind::Scheduled;
            let measured = scheduled && t >= warmup;
            let state = &mut self.apps[event.app];
            if access == Access::Served {
                self.queue.cancel(event.app, Kind::Retry);
                state.retries_done = 0;
                if state.waiting.any {
                    let served = Settled::Served;
                    lockout.settle(user, t, &mut state.waiting, served, &[], tally);
                }
                if scheduled {
                    lockout.served(user, t, measured, tally);
                }
                continue;
            }
            if scheduled {
                state.waiting.add(t, measured);
            }
            let end = match access {
                Access::RenewalFailed => {
                    let pending = self.queue.is_pending(event.app, Kind::Retry);
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
            self.attribute(user, event.app, t, end);
            let waiting = &mut self.apps[event.app].waiting;
            lockout.settle(user, t, waiting, end, &self.causes, tally);
        }
        lockout.finish(user, tally);
        self.lockout = lockout;
        self.exposures.finish(user.world.warmup, tally);
    }

    /// Users start signed in, their sessions of uniformly random age, a registered
    /// device holding a primary refresh token renewed at a random time, and each
    /// app holding a token of uniformly random age, as in steady use.
    fn start(&mut self, user: &User) {
        self.dependencies.reset(user);
        self.queue.reset(user.cohort.apps.len());
        self.apps.clear();
        self.exposures.reset();
        let session = self.device.start(user);
        for (i, ca) in user.cohort.apps.iter().enumerate() {
            let mut tokens = user.stream(ca.token_stream);
            let age: f64 = tokens.random();
            let sif = user.cohort.sign_in_frequency;
            // With no sign-in frequency any start will do (and -inf + inf would be NaN).
            let own_session = if sif.is_finite() { -age * sif } else { 0.0 };
            let mut state = AppState {
                app: ca.app,
                guarded: ca.resource.is_some() || user.world.apps[ca.app].keys.is_some(),
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
                active_clock: 0.0,
                week: WeekCursor::default(),
                activity: user.stream(ca.activity_stream),
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
