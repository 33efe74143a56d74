//! Every clock a user carries starts in its steady state, so that where an
//! outage falls in a user's renewal cycle is random, as it is in life, and no
//! artefact of the start reaches a metric.
//!
//! Each clock is drawn by renewal-reward for the cohort's activity (see
//! `model::steady_state`): at a random instant the renewal cycle under way is
//! length-biased and the age within it uniform. Short clocks (each app's token,
//! with or without early renewal, CAE or not; the device's PRT renewal) are
//! renewed at the first use at least a set time after their last renewal; long
//! ones (the session and its sign-in frequency, cut short by revocations;
//! remembered MFA) end and wait for the next renewal that finds them ended, and
//! start at an instant of working time, as sign-ins do. A cohort whose breaks
//! reset its short clocks then plays in from the start of the latest such break
//! before time zero (`user.cohort.steady.from`), so its week shapes them.

use super::arrivals::{Uses, next_use};
use super::device::DeviceState;
use super::lockout::Lockout;
use super::player::Player;
use super::state::{AppState, Waiting};
use super::token_cache::hold;
use super::user::{Phased, User};
use crate::model::Arrivals;
use crate::model::TokenLifetime;
use crate::streams::Rng;
use rand::RngExt;
use rand_distr::Exp1;

/// A clock's last renewal before the start, the lifetime it was renewed for,
/// and the last use before the start.
struct Renewed {
    at: f64,
    lifetime: f64,
    last_use: f64,
}

/// A clock renewed at the first use at least `until(L)` after its last
/// renewal, L uniform over `lifetime` at each, as it stands at `from`;
/// `mean` and `max` are those of `until(L)`, `arrivals` the uses that renew it.
struct RenewalClock<F: Fn(f64) -> f64> {
    lifetime: TokenLifetime,
    until: F,
    mean: f64,
    max: f64,
    arrivals: Arrivals,
}

impl<F: Fn(f64) -> f64> RenewalClock<F> {
    fn draw(&self, from: f64, rng: &mut Rng) -> Renewed {
        let plain = |rng: &mut Rng| self.lifetime.min + rng.random::<f64>() * self.lifetime.spread;
        match self.arrivals {
            Arrivals::Poisson { mean_gap } => {
                let wait = |rng: &mut Rng| mean_gap * rng.sample::<f64, _>(Exp1);
                // Length-biased over until(L) + W, a sum: which part biases it
                // goes by its share of the mean cycle.
                let (lifetime, w) = if rng.random::<f64>() * (self.mean + mean_gap) < self.mean {
                    (biased(rng, &plain, &self.until, self.max), wait(rng))
                } else {
                    (plain(rng), wait(rng) + wait(rng))
                };
                let until = (self.until)(lifetime);
                let at = from - rng.random::<f64>() * (until + w);
                // Uses before the renewal's trigger renew nothing: the last one
                // before `from` is a Poisson time back from `from` or the trigger.
                let last_use = (from.min(at + until) - wait(rng)).max(at);
                Renewed {
                    at,
                    lifetime,
                    last_use,
                }
            }
            Arrivals::Clock { every } => {
                // Renewed on a tick: the cycle is whole ticks, its phase any of them.
                let ticks_of = |until: f64| (until / every).ceil().max(1.0);
                let cycle = |l: f64| ticks_of((self.until)(l)) * every;
                let lifetime = biased(rng, &plain, &cycle, ticks_of(self.max) * every);
                let ticks = (cycle(lifetime) / every).round();
                let back = (rng.random::<f64>() * ticks).floor();
                let last_tick = ((from / every).ceil() - 1.0) * every;
                let at = last_tick - back * every;
                let trigger = ((at + (self.until)(lifetime)) / every).ceil() * every;
                Renewed {
                    at,
                    lifetime,
                    last_use: last_tick.min(trigger - every).max(at),
                }
            }
        }
    }
}

/// L drawn with density proportional to `weight(L)`, at most `bound`, by rejection.
fn biased(
    rng: &mut Rng,
    plain: &impl Fn(&mut Rng) -> f64,
    weight: &impl Fn(f64) -> f64,
    bound: f64,
) -> f64 {
    loop {
        let l = plain(rng);
        if rng.random::<f64>() * bound < weight(l) {
            return l;
        }
    }
}

/// How long a session lasts on average: the sign-in frequency, unless a
/// revocation (a Poisson stream) ends it sooner; infinity for one that never ends.
fn lasts(user: &User) -> f64 {
    let frequency = user.cohort.sign_in_frequency;
    let rate = 1.0 / user.cohort.revocation_every;
    match rate {
        0.0 => frequency,
        // (1 - e^(-rate f)) / rate.
        _ => -(-rate * frequency).exp_m1() / rate,
    }
}

/// The start of a session as it stands at `from`: it lasts as `lasts` says,
/// then waits `wait` on average for the renewal that finds it ended. Its age is
/// drawn with density e^(-rate x age) below the frequency, at an instant of
/// working time, as sign-ins are.
fn session(user: &User, wait: f64, from: f64, rng: &mut Rng) -> f64 {
    let frequency = user.cohort.sign_in_frequency;
    let rate = 1.0 / user.cohort.revocation_every;
    let lasts = lasts(user);
    if lasts.is_infinite() {
        // Never ends: any start will do (and -inf + inf would be NaN).
        return from;
    }
    if frequency.is_finite() && rng.random::<f64>() * (lasts + wait) >= lasts {
        return from - frequency;
    }
    let mut start = from;
    // Sign-ins happen in working time; a handful of draws find one.
    for _ in 0..MAX_DRAWS {
        let u = rng.random::<f64>();
        let age = match rate {
            0.0 => u * frequency,
            _ => -(u * (-rate * frequency).exp_m1()).ln_1p() / rate,
        };
        start = from - age;
        if user.cohort.week.is_active(start) {
            break;
        }
    }
    start
}

/// Draws of a sign-in's instant before one in working time is taken as found.
const MAX_DRAWS: usize = 64;

/// Until when MFA is remembered at `from`: for `remember_mfa` after it was
/// asked, then asked again at the next sign-in. With sign-ins a steady `gap`
/// apart, the latest at `last`, it is asked at every n-th (n = remember / gap,
/// rounded up), the latest of them any of the last n sign-ins alike.
fn mfa_remembered_until(user: &User, last: f64, gap: f64, rng: &mut Rng) -> f64 {
    let remember = user.world.policy.remember_mfa;
    if remember == 0.0 {
        return f64::NEG_INFINITY;
    }
    if !gap.is_finite() {
        // Sessions that never end: no sign-in sets its phase.
        return last + rng.random::<f64>() * remember;
    }
    let every = (remember / gap).ceil().max(1.0);
    last - (rng.random::<f64>() * every).floor() * gap + remember
}

/// The device at `from`: the session single sign-on shares, the PRT renewed
/// in steady use by any app's use, the MFA it remembers (the latest sign-in at
/// `last`, `sign_ins` a second on average).
fn device(
    user: &User,
    session: f64,
    (last, sign_ins): (f64, f64),
    from: f64,
    rng: &mut Rng,
) -> DeviceState {
    let policy = &user.world.policy;
    let cohort = user.cohort;
    let renewal = policy.prt_renewal;
    let (prt_renewed, prt_expiry) = match cohort.registered_devices {
        true => {
            let uses = match cohort.arrivals {
                Arrivals::Poisson { mean_gap } => Arrivals::Poisson {
                    mean_gap: mean_gap / cohort.apps.len() as f64,
                },
                clock => clock,
            };
            let prt = RenewalClock {
                lifetime: TokenLifetime {
                    min: renewal,
                    spread: 0.0,
                },
                until: |l| l,
                mean: renewal,
                max: renewal,
                arrivals: uses,
            }
            .draw(from, rng);
            (prt.at, prt.at + policy.prt_lifetime)
        }
        false => (from, f64::NEG_INFINITY),
    };
    DeviceState {
        prt_session_start: session,
        prt_renewed,
        prt_next_try: prt_renewed + renewal,
        prt_expiry,
        mfa_remembered_until: mfa_remembered_until(user, last, 1.0 / sign_ins, rng),
        revoked_at: f64::NEG_INFINITY,
    }
}

impl Player {
    /// The user as they stand at `user.cohort.steady.from`: every clock drawn in
    /// its steady state, their first uses scheduled.
    pub(super) fn start(&mut self, user: &User) {
        let cohort = user.cohort;
        let steady = &cohort.steady;
        let from = steady.from;
        let world = user.world;
        self.dependencies.reset(user);
        self.queue.reset(cohort.apps.len());
        self.apps.clear();
        self.app_lockouts
            .resize_with(cohort.apps.len(), Lockout::default);
        self.app_lockouts.iter_mut().for_each(Lockout::reset);
        self.exposures.reset();
        let mut device_rng = user.burn_in_stream(cohort.device_stream);
        let device_session = match cohort.registered_devices {
            true => session(user, steady.device_session_wait, from, &mut device_rng),
            false => from,
        };
        let mut sign_ins = match cohort.registered_devices {
            true => 1.0 / (lasts(user) + steady.device_session_wait),
            false => 0.0,
        };
        let mut last_sign_in = device_session;
        for (i, ca) in cohort.apps.iter().enumerate() {
            let spec = &world.apps[ca.app];
            let clock = &steady.tokens[i];
            let mut tokens = Phased::new(ca.token_stream);
            let rng = tokens.at(user, f64::NEG_INFINITY);
            let token = RenewalClock {
                lifetime: spec.lifetime,
                until: |l| spec.until_renewal(l),
                mean: clock.mean_until_renewal,
                max: clock.max_until_renewal,
                arrivals: cohort.arrivals,
            }
            .draw(from, rng);
            // With a device's single sign-on, every app's session is the device's.
            let session_start = match cohort.registered_devices {
                true => device_session,
                false => {
                    sign_ins += 1.0 / (lasts(user) + clock.session_wait);
                    let start = session(user, clock.session_wait, from, rng);
                    last_sign_in = match i {
                        0 => start,
                        _ => last_sign_in.max(start),
                    };
                    start
                }
            };
            // Most apps' resources never refuse an access: they skip the check.
            let guarded = ca.resource.is_some() || spec.keys.is_some();
            let mut state = AppState {
                app: ca.app,
                serves_until: match guarded {
                    true => f64::NEG_INFINITY,
                    false => f64::INFINITY,
                },
                token_expiry: f64::NEG_INFINITY,
                token_issued: f64::NEG_INFINITY,
                token_cae: false,
                early_from: f64::INFINITY,
                exposed_from: 0,
                refresh_last_used: token.at,
                session_start,
                last_served: token.last_use,
                retries_done: 0,
                waiting: Waiting::default(),
                uses: Uses::new(user, ca.activity_stream, from),
                tokens,
                retry: Phased::new(ca.retry_stream),
            };
            hold(&mut state, spec, token.at, token.lifetime);
            if let Some(event) = next_use(user, &mut state, i) {
                self.queue.push(event);
            }
            self.apps.push(state);
        }
        self.device = device(
            user,
            device_session,
            (last_sign_in, sign_ins),
            from,
            &mut device_rng,
        );
    }
}
