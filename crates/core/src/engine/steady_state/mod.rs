//! Every clock a user carries starts in its steady state, so that where an
//! outage falls in a user's renewal cycle is random, as it is in life, and no
//! artefact of the start reaches a metric (see docs/model.md, "The steady
//! state at time zero").
//!
//! Each clock is drawn at `user.cohort.steady.from` by renewal-reward (the
//! figures are the model's, `model::steady_state`): sessions first
//! (`session`), then each app's token, which where its session has ended is the
//! token in hand when it ended, kept since (no use came after its expiry, or the
//! session would have signed in again), then the device's PRT and the MFA it
//! remembers. Each is drawn from a stream of its own, so a variant that changes
//! one clock leaves the others' draws as they were.

mod session;

use super::arrivals::{Uses, next_use};
use super::device::DeviceState;
use super::lockout::Lockout;
use super::player::Player;
use super::state::{AppState, Waiting};
use super::tally::apps_follow_lockouts;
use super::user::{Phased, User};
use crate::model::steady_state::{RenewalClock, Renewed};
use crate::model::{Arrivals, TokenLifetime};
use crate::streams::{Rng, exp1};
use rand::RngExt;
use session::{Session, last_revocation, mfa_remembered_until, session};

/// Draws of a token before the last one drawn is taken as kept since its
/// session ended (only a session ended for very long needs many).
const MAX_DRAWS: usize = 1000;

impl Player {
    /// The user as they stand at `user.cohort.steady.from`: every clock drawn in
    /// its steady state, their first uses scheduled. Once a user, so out of
    /// line: the event loop keeps the inlining.
    #[inline(never)]
    pub(super) fn start(&mut self, user: &User) {
        let cohort = user.cohort;
        let steady = &cohort.steady;
        let from = steady.from;
        // With no use before time zero, the measured period's uses start at once.
        let uses_from = if steady.played_in > 0.0 { from } else { 0.0 };
        self.dependencies.reset(user);
        self.throttling.reset();
        self.queue.reset(cohort.apps.len());
        self.apps.clear();
        let apps = cohort.apps.len();
        let own = if apps_follow_lockouts(apps) { apps } else { 0 };
        self.app_lockouts.resize_with(own, Lockout::default);
        self.app_lockouts.iter_mut().for_each(Lockout::reset);
        self.exposures.reset();
        self.person.reset(user, uses_from);
        let mut device_rng = user.burn_in_stream(cohort.device_stream);
        let revoked = last_revocation(user, from, &mut device_rng);
        let device = match cohort.registered_devices {
            true => session(user, &steady.device_wait, revoked, from, &mut device_rng),
            false => Session {
                start: from,
                ended: None,
            },
        };
        for (i, ca) in cohort.apps.iter().enumerate() {
            let spec = &user.world.apps[ca.app];
            let clock = &steady.tokens[i];
            // With a device's single sign-on, every app's session is the device's.
            let own = match cohort.registered_devices {
                true => device,
                false => {
                    let mut rng = user.burn_in_stream(ca.session_stream);
                    session(user, &clock.wait, revoked, from, &mut rng)
                }
            };
            let mut tokens = Phased::new(user, ca.token_stream, f64::NEG_INFINITY);
            let token = token(user, i, own.ended, from, tokens.at(user, f64::NEG_INFINITY));
            let mut state = AppState {
                app: ca.app,
                // Most apps' resources never refuse an access: they skip the check.
                serves_until: match ca.resource.is_some() || spec.keys.is_some() {
                    true => f64::NEG_INFINITY,
                    false => f64::INFINITY,
                },
                token_expiry: f64::NEG_INFINITY,
                token_issued: f64::NEG_INFINITY,
                token_cae: false,
                early_from: f64::INFINITY,
                exposed_from: 0,
                refresh_last_used: token.at,
                session_start: own.start,
                last_served: token.last_use,
                retries_done: 0,
                waiting: Waiting::default(),
                uses: Uses::new(user, ca, uses_from),
                tokens,
                retry: Phased::new(user, ca.retry_stream, uses_from),
            };
            state.hold(spec, token.at, token.lifetime);
            if let Some(event) = next_use(user, &mut state, i) {
                self.queue.push(event);
            }
            self.apps.push(state);
        }
        let mut mfa_rng = user.burn_in_stream(cohort.mfa_stream);
        let remembered = match cohort.registered_devices {
            true => {
                let device = std::iter::once((device.start, &steady.device_wait));
                mfa_remembered_until(user, device, from, &mut mfa_rng)
            }
            false => {
                let apps = self.apps.iter().zip(&steady.tokens);
                let own = apps.map(|(state, cycle)| (state.session_start, &cycle.wait));
                mfa_remembered_until(user, own, from, &mut mfa_rng)
            }
        };
        self.device = DeviceState {
            mfa_remembered_until: remembered,
            revoked_at: revoked.unwrap_or(f64::NEG_INFINITY),
            ..prt(user, device, from, &mut device_rng)
        };
    }
}

/// The token of the cohort's app `i` as it stands at `from`: in steady use,
/// or, where its session ended `ended` ago, the token in hand then, no use
/// having come after its expiry since (or the session would have signed in
/// again).
fn token(user: &User, i: usize, ended: Option<f64>, from: f64, rng: &mut Rng) -> Renewed {
    let spec = &user.world.apps[user.cohort.apps[i].app];
    let cycle = &user.cohort.steady.tokens[i];
    let week = &user.cohort.week;
    let arrivals = user.cohort.apps[i].arrivals;
    let clock = RenewalClock {
        lifetime: spec.lifetime,
        until: |l| spec.until_renewal(l),
        mean: cycle.mean_until_renewal,
        max: cycle.max_until_renewal,
        arrivals,
        week,
    };
    let Some(e) = ended else {
        return clock.draw(from, rng);
    };
    let ended_at = from - e;
    let mut token = clock.draw(ended_at, rng);
    for _ in 0..MAX_DRAWS {
        let expiry = token.at + token.lifetime;
        // The chance no use came between the token's expiry and `from`.
        let none_since = match (expiry >= from, arrivals) {
            (true, _) => 1.0,
            (false, Arrivals::Poisson { mean_gap }) => {
                (-(week.active_before(from) - week.active_before(expiry)) / mean_gap).exp()
            }
            (false, Arrivals::Clock { every }) => {
                f64::from(u8::from((expiry / every).ceil() * every >= from))
            }
        };
        if rng.random::<f64>() < none_since {
            break;
        }
        token = clock.draw(ended_at, rng);
    }
    // Uses since it ended, before the token's expiry, were served with it:
    // the last of them a Poisson time back, if it falls after the end.
    if let Arrivals::Poisson { mean_gap } = arrivals {
        let before = week.active_before(from.min(token.at + token.lifetime));
        let last = week.wall_time_at(before - mean_gap * exp1(rng));
        if last >= ended_at {
            token.last_use = last;
        }
    }
    token
}

/// The device's PRT as it stands at `from`: renewed in steady use by any app's
/// use every `prt_renewal`, until its session ended.
fn prt(user: &User, device: Session, from: f64, rng: &mut Rng) -> DeviceState {
    let policy = &user.world.policy;
    let cohort = user.cohort;
    let renewal = policy.prt_renewal;
    let (prt_renewed, prt_expiry) = match cohort.registered_devices {
        true => {
            let uses = cohort.any_app_arrivals();
            let prt = RenewalClock {
                lifetime: TokenLifetime {
                    min: renewal,
                    spread: 0.0,
                },
                until: |l| l,
                mean: renewal,
                max: renewal,
                arrivals: uses,
                week: &cohort.week,
            }
            .draw(from - device.ended.unwrap_or(0.0), rng);
            (prt.at, prt.at + policy.prt_lifetime)
        }
        false => (from, f64::NEG_INFINITY),
    };
    DeviceState {
        prt_session_start: device.start,
        prt_renewed,
        prt_next_try: prt_renewed + renewal,
        prt_expiry,
        // In steady use every sign-in did MFA (a waiver needs an outage).
        prt_mfa_claim: true,
        mfa_remembered_until: f64::NEG_INFINITY,
        revoked_at: f64::NEG_INFINITY,
    }
}
