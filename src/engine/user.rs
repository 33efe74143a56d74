//! One user's play: their scheduled uses of each app, token caches, silent and early
//! renewal, the device's primary refresh token, backup authentication, interactive
//! sign-in with method fallback, denial and retry, and revocation.
//! Metric names (`attempts`, `prompts_per_user_day`...) mark where each is counted.

use super::queue::{Event, EventQueue, Kind};
use super::tally::Tally;
use crate::model::activity::WeekCursor;
use crate::model::outages::Outages;
use crate::model::timeline::Timeline;
use crate::model::{CohortSpec, Needs, RegistrationSpec, World};
use crate::scenario::{AppKind, Backoff};
use crate::streams::{Rng, stream};
use rand::RngExt;
use rand_distr::Exp1;
use std::ops::Range;

/// Per-worker scratch space, reused from user to user so the hot loop never allocates.
#[derive(Debug, Default)]
pub struct Player {
    queue: EventQueue,
    apps: Vec<AppState>,
    need_cursors: Vec<usize>,
    own: OwnComponents,
    device: DeviceState,
    /// Revocations whose old credentials may still be serving.
    exposures: Vec<Exposure>,
}

/// The user's own (per-user) components. A timeline is drawn the first time it is
/// asked about, from its own stream, so users who never need their phone never pay
/// for drawing its failures, and the answer is the same either way.
#[derive(Debug, Default)]
struct OwnComponents {
    timelines: Vec<Timeline>,
    cursors: Vec<usize>,
    drawn: Vec<bool>,
}

impl OwnComponents {
    fn reset(&mut self, count: usize) {
        self.timelines.resize_with(count, Timeline::default);
        self.cursors.clear();
        self.cursors.resize(count, 0);
        self.drawn.clear();
        self.drawn.resize(count, false);
    }

    fn is_up(&mut self, ctx: &Ctx, slot: usize, t: f64) -> bool {
        let timeline = &mut self.timelines[slot];
        if !self.drawn[slot] {
            self.drawn[slot] = true;
            timeline.clear();
            let purpose = ctx.cohort.component_streams[slot];
            let mut rng = stream(ctx.seed, ctx.replication, purpose, u64::from(ctx.user));
            let component = ctx
                .world
                .per_user_components()
                .nth(slot)
                .expect("a per-user slot");
            component
                .schedule
                .draw(ctx.world.horizon, &mut rng, timeline);
            timeline.seal();
        }
        timeline.is_up(&mut self.cursors[slot], t)
    }
}

/// What the user's device carries across apps.
#[derive(Debug, Default, Clone, Copy)]
struct DeviceState {
    /// The interactive sign-in the primary refresh token came from.
    prt_session_start: f64,
    prt_renewed: f64,
    /// Negative infinity on an unregistered device.
    prt_expiry: f64,
    /// MFA is not asked for again before this.
    mfa_remembered_until: f64,
    /// Sessions and refresh tokens from before this no longer work.
    revoked_at: f64,
}

/// A revocation at `at`: accesses served with tokens issued before it count as
/// exposure, until `until`, when the last of those tokens has expired or been cut.
#[derive(Debug, Clone, Copy)]
struct Exposure {
    at: f64,
    until: f64,
    last: f64,
}

#[derive(Debug, Clone)]
struct AppState {
    app: usize,
    token_expiry: f64,
    token_issued: f64,
    /// A CAE token: the resource cuts it when the user is revoked.
    token_cae: bool,
    /// When early renewal starts; infinity when this token is not renewed early.
    early_from: f64,
    /// The refresh credential's inactivity limit slides from here.
    refresh_last_used: f64,
    /// The last interactive sign-in; sign-in frequency counts from here.
    session_start: f64,
    /// The last access served: backup authentication covers recently used sessions.
    last_served: f64,
    retries_done: u32,
    /// Working seconds used up by the Poisson stream, or the next tick of a clock.
    active_clock: f64,
    week: WeekCursor,
    activity: Rng,
    tokens: Rng,
    retry: Rng,
}

/// What one user's play reads: shared by all users of a cohort in one replication.
struct Ctx<'a> {
    world: &'a World,
    outages: &'a Outages,
    cohort: &'a CohortSpec,
    registration: &'a RegistrationSpec,
    seed: u64,
    replication: u32,
    user: u32,
}

/// One variant's world in one replication: what every user of it plays against.
pub struct Replication<'a> {
    pub world: &'a World,
    pub outages: &'a Outages,
    pub seed: u64,
    pub index: u32,
}

/// Plays `users` of cohort `cohort` through one replication.
pub fn play_users(
    rep: &Replication,
    cohort: usize,
    users: Range<u32>,
    player: &mut Player,
    tally: &mut Tally,
) {
    let cohort = &rep.world.cohorts[cohort];
    for user in users {
        let ctx = Ctx {
            world: rep.world,
            outages: rep.outages,
            cohort,
            registration: cohort.registration(user),
            seed: rep.seed,
            replication: rep.index,
            user,
        };
        player.play(&ctx, tally);
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Outcome {
    Served,
    /// The IdP failed a silent renewal: the client retries with its backoff.
    RenewalFailed,
    /// The interactive sign-in failed: the user tries again at their next scheduled use.
    SignInFailed,
}

/// Where a user stands between denials and successes.
#[derive(Default)]
struct Lockout {
    since: Option<f64>,
    any_denial: bool,
    bucket: Option<usize>,
    bucket_denied: bool,
}

impl Lockout {
    /// Retries end a lockout when they succeed, but only the user's own uses are attempts.
    fn record(&mut self, ctx: &Ctx, t: f64, served: bool, scheduled: bool, tally: &mut Tally) {
        let world = ctx.world;
        tally.attempts_played += 1;
        let measured = t >= world.warmup && scheduled;
        if ctx.cohort.workloads {
            // workload_denial_rate: workloads are counted apart from people, with no lockout hours.
            tally.workload_attempts += u64::from(measured);
            tally.workload_denied += u64::from(measured && !served);
            return;
        }
        if served {
            if let Some(since) = self.since.take() {
                // lockout_hours_per_1k_users: from a denial to the next success.
                tally.lockout_ms += lockout_ms(ctx, since, t);
            }
        } else if self.since.is_none() {
            self.since = Some(t);
        }
        if !measured {
            return;
        }
        // attempts, denial_rate
        tally.attempts += 1;
        tally.denied += u64::from(!served);
        self.any_denial |= !served;
        let bucket = bucket_of(world, t);
        if self.bucket != Some(bucket) {
            if let Some(previous) = self.bucket {
                flush_bucket(previous, self.bucket_denied, tally);
            }
            self.bucket = Some(bucket);
            self.bucket_denied = false;
        }
        self.bucket_denied |= !served;
    }

    /// Closes the user's last bucket and any lockout still open at the horizon.
    fn finish(self, ctx: &Ctx, tally: &mut Tally) {
        if ctx.cohort.workloads {
            return;
        }
        if let Some(bucket) = self.bucket {
            flush_bucket(bucket, self.bucket_denied, tally);
        }
        if let Some(since) = self.since {
            tally.lockout_ms += lockout_ms(ctx, since, ctx.world.horizon);
        }
        // users_locked_out
        tally.users_locked_out += u64::from(self.any_denial);
    }
}

/// The user's revocation events: the cohort's fixed ones and a Poisson stream.
struct Revocations {
    rng: Rng,
    next_fixed: usize,
    next_random: f64,
}

impl Revocations {
    fn new(ctx: &Ctx) -> Self {
        let mut rng = stream(
            ctx.seed,
            ctx.replication,
            ctx.cohort.revocation_stream,
            u64::from(ctx.user),
        );
        let next_random = ctx.cohort.revocation_every * rng.sample::<f64, _>(Exp1);
        Revocations {
            rng,
            next_fixed: 0,
            next_random,
        }
    }

    fn next(&self, ctx: &Ctx) -> Option<Event> {
        let fixed = ctx
            .cohort
            .revocations_at
            .get(self.next_fixed)
            .copied()
            .unwrap_or(f64::INFINITY);
        let time = fixed.min(self.next_random);
        (time < ctx.world.horizon).then_some(Event {
            time,
            app: 0,
            kind: Kind::Revocation,
        })
    }

    /// Moves past the event at `t`.
    fn advance(&mut self, ctx: &Ctx, t: f64) {
        if ctx.cohort.revocations_at.get(self.next_fixed) == Some(&t) {
            self.next_fixed += 1;
        } else {
            self.next_random += ctx.cohort.revocation_every * self.rng.sample::<f64, _>(Exp1);
        }
    }
}

impl Player {
    fn play(&mut self, ctx: &Ctx, tally: &mut Tally) {
        let (seed, replication, user) = (ctx.seed, ctx.replication, ctx.user);
        let world = ctx.world;
        let policy = &world.policy;
        if ctx.cohort.workloads {
            tally.workloads += 1;
        } else {
            tally.users += 1;
        }
        self.own.reset(ctx.cohort.component_streams.len());
        self.need_cursors.clear();
        self.need_cursors.resize(ctx.outages.needs.len(), 0);
        self.queue.reset(ctx.cohort.apps.len());
        self.apps.clear();
        self.exposures.clear();

        // Users start signed in, their sessions of uniformly random age, and a
        // registered device holds a primary refresh token renewed at a random time.
        let sif = ctx.cohort.sign_in_frequency;
        let mut device_rng = stream(seed, replication, ctx.cohort.device_stream, u64::from(user));
        let [session_age, prt_age, mfa_left]: [f64; 3] =
            std::array::from_fn(|_| device_rng.random());
        // With no sign-in frequency any start will do (and -inf + inf would be NaN).
        let device_session = if sif.is_finite() {
            -session_age * sif
        } else {
            0.0
        };
        let prt_renewed = -prt_age * policy.prt_renewal;
        self.device = DeviceState {
            prt_session_start: device_session,
            prt_renewed,
            prt_expiry: if ctx.cohort.registered_devices {
                prt_renewed + policy.prt_lifetime
            } else {
                f64::NEG_INFINITY
            },
            mfa_remembered_until: mfa_left * policy.remember_mfa,
            revoked_at: f64::NEG_INFINITY,
        };

        for (i, ca) in ctx.cohort.apps.iter().enumerate() {
            let mut tokens = stream(seed, replication, ca.token_stream, u64::from(user));
            let age: f64 = tokens.random();
            let own_session = if sif.is_finite() { -age * sif } else { 0.0 };
            let mut state = AppState {
                app: ca.app,
                token_expiry: f64::NEG_INFINITY,
                token_issued: f64::NEG_INFINITY,
                token_cae: false,
                early_from: f64::INFINITY,
                refresh_last_used: 0.0,
                // With a device's single sign-on, every app's session is the device's.
                session_start: if ctx.cohort.registered_devices {
                    device_session
                } else {
                    own_session
                },
                last_served: 0.0,
                retries_done: 0,
                active_clock: 0.0,
                week: WeekCursor::default(),
                activity: stream(seed, replication, ca.activity_stream, u64::from(user)),
                tokens,
                retry: stream(seed, replication, ca.retry_stream, u64::from(user)),
            };
            if let Some(event) = next_use(ctx, &mut state, i) {
                self.queue.push(event);
            }
            self.apps.push(state);
            // ...and holding a token of uniformly random age, as in steady use.
            self.issue_token(ctx, i, 0.0);
            let state = &mut self.apps[i];
            let age = state.tokens.random::<f64>() * state.token_expiry;
            state.token_expiry -= age;
            state.token_issued -= age;
            state.early_from -= age;
        }
        let mut revocations = Revocations::new(ctx);
        if let Some(event) = revocations.next(ctx) {
            self.queue.push(event);
        }

        let mut lockout = Lockout::default();
        while let Some(event) = self.queue.pop() {
            let t = event.time;
            if event.kind == Kind::Revocation {
                self.revoke(ctx, &mut revocations.rng, t, tally);
                revocations.advance(ctx, t);
                if let Some(next) = revocations.next(ctx) {
                    self.queue.push(next);
                }
                continue;
            }
            let state = &mut self.apps[event.app];
            if event.kind == Kind::Scheduled
                && let Some(next) = next_use(ctx, state, event.app)
            {
                self.queue.push(next);
            }
            let outcome = self.attempt(ctx, event.app, t, tally);
            let served = outcome == Outcome::Served;
            lockout.record(ctx, t, served, event.kind == Kind::Scheduled, tally);
            let state = &mut self.apps[event.app];
            if served {
                self.queue.cancel(event.app, Kind::Retry);
                state.retries_done = 0;
            } else if outcome == Outcome::RenewalFailed {
                let pending = self.queue.is_pending(event.app, Kind::Retry);
                if let Some(retry) = retry_after_denial(ctx, state, event, pending) {
                    self.queue.push(retry);
                }
            }
        }
        lockout.finish(ctx, tally);
        for e in self.exposures.drain(..) {
            record_exposure(ctx, e, tally);
        }
    }

    /// One access attempt.
    fn attempt(&mut self, ctx: &Ctx, app: usize, t: f64, tally: &mut Tally) -> Outcome {
        let world = ctx.world;
        let measured = t >= world.warmup;
        self.renew_prt(ctx, t, tally);
        let state = &self.apps[app];
        // A valid access token serves the request with no IdP call.
        if t < state.token_expiry {
            if t >= state.early_from && (ctx.cohort.workloads || self.session_usable(ctx, app, t)) {
                // Early renewal in the background: a failure stays invisible.
                request(world, t, tally);
                if self.token_service_up(ctx, t) {
                    self.issue_token(ctx, app, t);
                }
            }
            self.served(app, t);
            return Outcome::Served;
        }
        // A workload asks for a token with its own credential: no session, no prompt.
        if ctx.cohort.workloads {
            request(world, t, tally);
            if self.token_service_up(ctx, t) {
                return self.renewed(ctx, app, t);
            }
            return Outcome::RenewalFailed;
        }
        // Silent renewal with the refresh token (or the web app's IdP session).
        if self.session_usable(ctx, app, t) {
            request(world, t, tally);
            if self.token_service_up(ctx, t) {
                return self.renewed(ctx, app, t);
            }
            if self.backup_covers(ctx, app, t) {
                // backup_renewals_per_user_day
                tally.backup_renewals += u64::from(measured);
                return self.renewed(ctx, app, t);
            }
            return Outcome::RenewalFailed;
        }
        // Single sign-on: the device's primary refresh token opens the app's session.
        if self.prt_usable(ctx, t) {
            request(world, t, tally);
            if self.token_service_up(ctx, t) {
                self.apps[app].session_start = self.device.prt_session_start;
                return self.renewed(ctx, app, t);
            }
            return Outcome::RenewalFailed;
        }
        request(world, t, tally);
        // With the token service down the user gets an error page, not a prompt.
        if !self.token_service_up(ctx, t) {
            return Outcome::SignInFailed;
        }
        // prompts_per_user_day: an interactive sign-in.
        tally.prompts += u64::from(measured);
        let mfa = world.policy.mfa && t >= self.device.mfa_remembered_until;
        if !self.sign_in(ctx, t, mfa, measured, tally) {
            return Outcome::SignInFailed;
        }
        if mfa {
            self.device.mfa_remembered_until = t + world.policy.remember_mfa;
        }
        if ctx.cohort.registered_devices {
            self.device.prt_session_start = t;
            self.device.prt_renewed = t;
            self.device.prt_expiry = t + world.policy.prt_lifetime;
        }
        self.apps[app].session_start = t;
        self.renewed(ctx, app, t)
    }

    /// A new token, and the access it was asked for served with it.
    fn renewed(&mut self, ctx: &Ctx, app: usize, t: f64) -> Outcome {
        self.issue_token(ctx, app, t);
        self.served(app, t);
        Outcome::Served
    }

    /// An access served: it may be with credentials a revocation should have stopped.
    fn served(&mut self, app: usize, t: f64) {
        let state = &mut self.apps[app];
        state.last_served = t;
        for e in &mut self.exposures {
            if state.token_issued < e.at && t <= e.until {
                e.last = t;
            }
        }
    }

    /// The user's credentials are revoked at `r`: sessions, refresh tokens and the
    /// PRT stop working at once; CAE tokens are cut once the revocation reaches the
    /// resource; other tokens live on until they expire.
    fn revoke(&mut self, ctx: &Ctx, rng: &mut Rng, r: f64, tally: &mut Tally) {
        let policy = &ctx.world.policy;
        self.device.revoked_at = r;
        let mut until = r;
        for state in &mut self.apps {
            // Always one draw per app, so variants with and without CAE stay paired.
            let delay = rng.random::<f64>() * policy.cae_propagation_delay;
            if state.token_issued < r {
                if state.token_cae {
                    state.token_expiry = state.token_expiry.min(r + delay);
                }
                until = until.max(state.token_expiry);
            }
        }
        for e in self.exposures.iter().filter(|e| e.until < r) {
            record_exposure(ctx, *e, tally);
        }
        self.exposures.retain(|e| e.until >= r);
        self.exposures.push(Exposure {
            at: r,
            until,
            last: r,
        });
    }

    /// The device renews its PRT in the background every few hours while used; a
    /// failure goes unnoticed until the PRT expires.
    fn renew_prt(&mut self, ctx: &Ctx, t: f64, tally: &mut Tally) {
        if !ctx.cohort.registered_devices
            || !self.prt_usable(ctx, t)
            || t < self.device.prt_renewed + ctx.world.policy.prt_renewal
        {
            return;
        }
        request(ctx.world, t, tally);
        if self.token_service_up(ctx, t) {
            self.device.prt_renewed = t;
            self.device.prt_expiry = t + ctx.world.policy.prt_lifetime;
        }
    }

    /// The user tries registered methods in order of preference, falling back when one fails.
    fn sign_in(&mut self, ctx: &Ctx, t: f64, mfa: bool, measured: bool, tally: &mut Tally) -> bool {
        let reg = ctx.registration;
        if reg.passwordless.iter().any(|&m| self.method_up(ctx, m, t)) {
            return true;
        }
        if !reg.first.iter().any(|&m| self.method_up(ctx, m, t)) {
            return false;
        }
        if !mfa {
            return true;
        }
        for &m in &reg.second {
            // mfa_prompts_per_user_day: each second factor the user is asked for.
            tally.mfa_prompts += u64::from(measured);
            if self.method_up(ctx, m, t) {
                return true;
            }
        }
        false
    }

    fn method_up(&mut self, ctx: &Ctx, method: usize, t: f64) -> bool {
        self.is_up(ctx, method + 1, &ctx.world.methods[method].needs, t)
    }

    fn token_service_up(&mut self, ctx: &Ctx, t: f64) -> bool {
        self.is_up(ctx, 0, &ctx.world.token_request, t)
    }

    /// `id` is the position of `needs` among the replication's dependency timelines.
    #[inline]
    fn is_up(&mut self, ctx: &Ctx, id: usize, needs: &Needs, t: f64) -> bool {
        ctx.outages.needs[id].is_up(&mut self.need_cursors[id], t)
            && needs
                .per_user
                .iter()
                .all(|&slot| self.own.is_up(ctx, slot, t))
    }

    fn session_usable(&self, ctx: &Ctx, app: usize, t: f64) -> bool {
        let state = &self.apps[app];
        t < state.refresh_last_used + ctx.world.policy.refresh_token_inactivity
            && t < state.session_start + ctx.cohort.sign_in_frequency
            && state.session_start >= self.device.revoked_at
    }

    fn prt_usable(&self, ctx: &Ctx, t: f64) -> bool {
        let d = &self.device;
        t < d.prt_expiry
            && d.prt_session_start >= d.revoked_at
            && t < d.prt_session_start + ctx.cohort.sign_in_frequency
    }

    /// Backup authentication renews an existing session the user used from this app
    /// and device within the window; never a new session, never a guest.
    fn backup_covers(&mut self, ctx: &Ctx, app: usize, t: f64) -> bool {
        let Some(backup) = &ctx.world.policy.backup else {
            return false;
        };
        backup.allow
            && !ctx.cohort.guest
            && t - self.apps[app].last_served <= backup.window
            && self.is_up(ctx, ctx.world.methods.len() + 1, &backup.needs, t)
    }

    fn issue_token(&mut self, ctx: &Ctx, app: usize, t: f64) {
        let world = ctx.world;
        let state = &mut self.apps[app];
        let spec = &world.apps[state.app];
        // Always one draw, so a variant with fixed lifetimes keeps the same later draws.
        let u: f64 = state.tokens.random();
        let cae = world
            .policy
            .cae
            .filter(|_| spec.cae_capable && spec.kind == AppKind::PublicClient);
        let lifetime = match (spec.kind, cae, spec.lifetime) {
            (AppKind::WebApp, _, _) => spec.session_cookie_lifetime,
            (_, Some(range), _) | (_, None, Some(range)) => range.min + u * range.spread,
            (_, None, None) => world.policy.lifetime.min + u * world.policy.lifetime.spread,
        };
        state.token_expiry = t + lifetime;
        state.token_issued = t;
        state.token_cae = cae.is_some();
        state.refresh_last_used = t;
        state.early_from = match spec.early_renewal {
            Some((fraction, min_lifetime)) if lifetime >= min_lifetime => t + fraction * lifetime,
            _ => f64::INFINITY,
        };
    }
}

/// revocation_exposure_mean, revocation_exposure_p95: from a revocation to the last
/// access its old credentials still got served.
fn record_exposure(ctx: &Ctx, e: Exposure, tally: &mut Tally) {
    if e.at >= ctx.world.warmup {
        tally.add_exposure(e.last - e.at);
    }
}

/// The app's next scheduled use: a Poisson stream in the cohort's working time, or
/// for a cron-like workload the next tick of its clock in working time (every user
/// of the cohort on the same tick: that is what synchronises their retries).
fn next_use(ctx: &Ctx, state: &mut AppState, app: usize) -> Option<Event> {
    let cohort = ctx.cohort;
    let time = match cohort.every {
        Some(period) => {
            let mut tick = state.active_clock;
            while !cohort.week.is_active(tick) && tick < ctx.world.horizon {
                tick += period;
            }
            state.active_clock = tick + period;
            tick
        }
        None => {
            state.active_clock += state.activity.sample::<f64, _>(Exp1) * cohort.mean_gap;
            cohort.week.wall_time(&mut state.week, state.active_clock)
        }
    };
    (time < ctx.world.horizon).then_some(Event {
        time,
        app,
        kind: Kind::Scheduled,
    })
}

/// The client's next retry after a failed silent renewal: exponential backoff from
/// `backoff_base` (doubling, capped) or a fixed one; with jitter each wait is drawn
/// between the base and the backoff, so no retry comes sooner than the base; never
/// sooner than the server's Retry-After where the client honours it.
fn retry_after_denial(
    ctx: &Ctx,
    state: &mut AppState,
    event: Event,
    pending: bool,
) -> Option<Event> {
    let spec = &ctx.world.apps[state.app];
    match event.kind {
        Kind::Scheduled if pending => return None,
        Kind::Scheduled => state.retries_done = 0,
        Kind::Retry => state.retries_done += 1,
        // Not an access attempt: nothing to retry.
        Kind::Revocation => return None,
    }
    if state.retries_done >= spec.retry_attempts {
        return None;
    }
    let backoff = match spec.backoff {
        Backoff::Exponential => {
            (spec.backoff_base * 2f64.powi(state.retries_done as i32)).min(spec.backoff_cap)
        }
        Backoff::Fixed => spec.backoff_base,
        Backoff::None => return None,
    };
    let wait = if spec.jitter {
        let widest =
            backoff.max(2.0 * spec.backoff_base * f64::from(spec.backoff == Backoff::Fixed));
        spec.backoff_base + state.retry.random::<f64>() * (widest - spec.backoff_base)
    } else {
        backoff
    };
    let time = event.time + wait.max(spec.retry_after.unwrap_or(0.0));
    (time < ctx.world.horizon).then_some(Event {
        time,
        app: event.app,
        kind: Kind::Retry,
    })
}

/// token_requests_per_user_day, peak_token_requests_per_min: one call to the IdP.
#[inline]
fn request(world: &World, t: f64, tally: &mut Tally) {
    if t < world.warmup {
        return;
    }
    tally.token_requests += 1;
    tally.bucket_token_requests[bucket_of(world, t)] += 1;
    let minute =
        (((t - world.warmup) * (1.0 / 60.0)) as usize).min(tally.minute_token_requests.len() - 1);
    tally.minute_token_requests[minute] += 1;
}

#[inline]
fn bucket_of(world: &World, t: f64) -> usize {
    (((t - world.warmup) * world.per_bucket) as usize).min(world.buckets - 1)
}

fn flush_bucket(bucket: usize, denied: bool, tally: &mut Tally) {
    tally.bucket_active[bucket] += 1;
    tally.bucket_locked_out[bucket] += u64::from(denied);
}

/// The working time of a lockout from `since` to `until`, after the warm-up: a
/// denial at 17:00 followed by a success at 09:00 cost the user no night's work.
fn lockout_ms(ctx: &Ctx, since: f64, until: f64) -> u64 {
    let week = &ctx.cohort.week;
    let working = week.active_before(until) - week.active_before(since.max(ctx.world.warmup));
    (working.max(0.0) * 1000.0).round() as u64
}
