//! One user's play: their scheduled uses of each app, token caches, silent and early
//! renewal, interactive sign-in with method fallback, denial and retry.
//! Metric names (`attempts`, `prompts_per_user_day`...) mark where each is counted.

use super::queue::{Event, EventQueue, Kind};
use super::tally::Tally;
use crate::model::activity::WeekCursor;
use crate::model::outages::Outages;
use crate::model::timeline::Timeline;
use crate::model::{CohortSpec, Needs, RegistrationSpec, World};
use crate::scenario::AppKind;
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

#[derive(Debug, Clone)]
struct AppState {
    app: usize,
    token_expiry: f64,
    /// When early renewal starts; infinity when this token is not renewed early.
    early_from: f64,
    /// The refresh credential's inactivity limit slides from here.
    refresh_last_used: f64,
    /// The last interactive sign-in; sign-in frequency counts from here.
    session_start: f64,
    retries_done: u32,
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
        if served {
            if let Some(since) = self.since.take() {
                // lockout_hours_per_1k_users: from a denial to the next success.
                tally.lockout_ms += lockout_ms(ctx, since, t);
            }
        } else if self.since.is_none() {
            self.since = Some(t);
        }
        if t < world.warmup || !scheduled {
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

impl Player {
    fn play(&mut self, ctx: &Ctx, tally: &mut Tally) {
        let (seed, replication, user) = (ctx.seed, ctx.replication, ctx.user);
        let world = ctx.world;
        tally.users += 1;
        self.own.reset(ctx.cohort.component_streams.len());
        self.need_cursors.clear();
        self.need_cursors.resize(ctx.outages.needs.len(), 0);
        self.queue.reset(ctx.cohort.apps.len());
        self.apps.clear();
        for (i, ca) in ctx.cohort.apps.iter().enumerate() {
            let mut tokens = stream(seed, replication, ca.token_stream, u64::from(user));
            // Users start signed in, their sessions of uniformly random age.
            let age: f64 = tokens.random();
            let sif = world.policy.sign_in_frequency;
            let mut state = AppState {
                app: ca.app,
                token_expiry: f64::NEG_INFINITY,
                early_from: f64::INFINITY,
                refresh_last_used: 0.0,
                // With no sign-in frequency any start will do (and -inf + inf would be NaN).
                session_start: if sif.is_finite() { -age * sif } else { 0.0 },
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
            state.early_from -= age;
        }

        let mut lockout = Lockout::default();
        while let Some(event) = self.queue.pop() {
            let t = event.time;
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
    }

    /// One access attempt.
    fn attempt(&mut self, ctx: &Ctx, app: usize, t: f64, tally: &mut Tally) -> Outcome {
        let world = ctx.world;
        let measured = t >= world.warmup;
        let state = &self.apps[app];
        // A valid access token serves the request with no IdP call.
        if t < state.token_expiry {
            if t >= state.early_from && self.session_usable(ctx, app, t) {
                // Early renewal in the background: a failure stays invisible.
                request(world, t, tally);
                if self.is_up(ctx, 0, &world.token_request, t) {
                    self.issue_token(ctx, app, t);
                }
            }
            return Outcome::Served;
        }
        // Silent renewal with the refresh token (or the web app's IdP session).
        if self.session_usable(ctx, app, t) {
            request(world, t, tally);
            if self.is_up(ctx, 0, &world.token_request, t) {
                self.issue_token(ctx, app, t);
                return Outcome::Served;
            }
            return Outcome::RenewalFailed;
        }
        request(world, t, tally);
        // With the token service down the user gets an error page, not a prompt.
        if !self.is_up(ctx, 0, &world.token_request, t) {
            return Outcome::SignInFailed;
        }
        // prompts_per_user_day: an interactive sign-in.
        tally.prompts += u64::from(measured);
        if self.sign_in(ctx, t, measured, tally) {
            self.apps[app].session_start = t;
            self.issue_token(ctx, app, t);
            return Outcome::Served;
        }
        Outcome::SignInFailed
    }

    /// The user tries registered methods in order of preference, falling back when one fails.
    fn sign_in(&mut self, ctx: &Ctx, t: f64, measured: bool, tally: &mut Tally) -> bool {
        let reg = ctx.registration;
        if reg.passwordless.iter().any(|&m| self.method_up(ctx, m, t)) {
            return true;
        }
        if !reg.first.iter().any(|&m| self.method_up(ctx, m, t)) {
            return false;
        }
        if !ctx.world.policy.mfa {
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
        let policy = &ctx.world.policy;
        let state = &self.apps[app];
        t < state.refresh_last_used + policy.refresh_token_inactivity
            && t < state.session_start + policy.sign_in_frequency
    }

    fn issue_token(&mut self, ctx: &Ctx, app: usize, t: f64) {
        let world = ctx.world;
        let state = &mut self.apps[app];
        let spec = &world.apps[state.app];
        // Always one draw, so a variant with fixed lifetimes keeps the same later draws.
        let u: f64 = state.tokens.random();
        let lifetime = match spec.kind {
            AppKind::PublicClient => world.policy.lifetime_min + u * world.policy.lifetime_spread,
            AppKind::WebApp => spec.session_cookie_lifetime,
        };
        state.token_expiry = t + lifetime;
        state.refresh_last_used = t;
        state.early_from = match spec.early_renewal {
            Some((fraction, min_lifetime)) if lifetime >= min_lifetime => t + fraction * lifetime,
            _ => f64::INFINITY,
        };
    }
}

/// The app's next scheduled use: a Poisson stream in the cohort's working time.
fn next_use(ctx: &Ctx, state: &mut AppState, app: usize) -> Option<Event> {
    state.active_clock += state.activity.sample::<f64, _>(Exp1) * ctx.cohort.mean_gap;
    let time = ctx
        .cohort
        .week
        .wall_time(&mut state.week, state.active_clock);
    (time < ctx.world.horizon).then_some(Event {
        time,
        app,
        kind: Kind::Scheduled,
    })
}

/// Exponential backoff from `backoff_base`, capped; with jitter each wait is drawn
/// between the base and the backoff, so no retry comes sooner than the base.
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
    }
    if state.retries_done >= spec.retry_attempts {
        return None;
    }
    let backoff = (spec.backoff_base * 2f64.powi(state.retries_done as i32)).min(spec.backoff_cap);
    let wait = if spec.jitter {
        spec.backoff_base + state.retry.random::<f64>() * (backoff - spec.backoff_base)
    } else {
        backoff
    };
    let time = event.time + wait;
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
