//! Quiet stretches: most uses are served from a valid cached token, or renew
//! it silently and surely, and change nothing beyond the app's own state and
//! counters. While nothing else can happen, a user's uses are played app by
//! app, without the event queue, and counted in bulk.
//!
//! A stretch starts at a scheduled use and ends at the earliest point where
//! anything could be decided otherwise or counted differently: an app's
//! resource going down, the end of its silent renewals (its session, the token
//! service; or, where those are not sure to work, its token's expiry or early
//! renewal), the device's PRT renewal, the end of the warm-up, any other
//! pending event (a revocation, a retry, the next use of an app that is not
//! quiet: it might be denied, and a user's lockout runs across apps). An app
//! is quiet when no use of it waits on a retry and no lockout is open.
//!
//! A stretch counts the buckets its measured uses fall in as the bits of one
//! word, so it spans 63 buckets at most; a user with one app plays the rest of
//! what is quiet as further stretches back to back, without asking again.
//!
//! Inside a stretch each app's uses are drawn exactly as the event loop draws
//! them, a renewal (sure by then) counts what `attempt` counts without asking
//! again what the stretch knows (`renew_surely`), every use is served, and
//! apps' uses commute: what they ask of the timelines is the same all through
//! the stretch. So a stretch gives the same numbers, bit for bit, as playing
//! its uses one by one.

use super::arrivals::Uses;
use super::lockout::{Lockout, served_at_once};
use super::player::Player;
use super::queue::{Event, Kind};
use super::tally::{GroupTally, Tally};
use super::user::User;
use crate::units::earlier;

/// Time-series buckets a stretch may span: one bit of a `u64` each.
const SPAN: usize = 63;

/// One app's uses in a stretch.
#[derive(Clone, Copy)]
struct Run {
    uses: u64,
    last: f64,
    /// Bit `k`: a measured use fell in the stretch's first bucket plus `k`.
    buckets: u64,
}

impl Default for Run {
    fn default() -> Self {
        Run {
            uses: 0,
            last: f64::NEG_INFINITY,
            buckets: 0,
        }
    }
}

impl Run {
    /// The uses from `next` until `until`, which the cached token serves; returns
    /// the first use after them. Out of line, so that its loop has the
    /// registers to itself, with the app's stream of uses and the counts copied in.
    #[inline(never)]
    fn cached<const MEASURED: bool>(
        &mut self,
        user: &User,
        uses: &mut Uses,
        mut next: f64,
        until: f64,
        first: usize,
    ) -> f64 {
        let (mut stream, mut run) = (uses.clone(), *self);
        while next < until {
            run.served::<MEASURED>(user, next, first);
            next = stream.next(user);
        }
        (*uses, *self) = (stream, run);
        next
    }

    /// A use at `t` served from the cached token.
    #[inline(always)]
    fn served<const MEASURED: bool>(&mut self, user: &User, t: f64, first: usize) {
        match MEASURED {
            true => self.served_in(t, user.world.bucket_of(t) - first),
            false => (self.uses, self.last) = (self.uses + 1, t),
        }
    }

    /// A measured use at `t`, in the stretch's bucket `k`.
    #[inline(always)]
    fn served_in(&mut self, t: f64, k: usize) {
        self.uses += 1;
        self.last = t;
        self.buckets |= 1 << k;
    }
}

impl Player {
    /// Plays the quiet stretch the scheduled use `event` starts, if it starts one.
    pub(super) fn play_quiet(
        &mut self,
        user: &User,
        event: Event,
        lockout: &mut Lockout,
        tally: &mut GroupTally,
    ) -> bool {
        let (a, t) = (event.app, event.time);
        if lockout.is_open() || !self.quiet(a) {
            return false;
        }
        let until = self.quiet_until(user, a, t);
        if until <= t {
            return false;
        }
        let world = user.world;
        let measured = t >= world.warmup;
        if measured && self.apps.len() == 1 {
            debug_assert_eq!(a, 0, "one app");
            return self.play_stretches(user, t, until, lockout, tally);
        }
        let first = world.bucket_of(t);
        let end = match measured {
            true => world.warmup + (first + SPAN) as f64 * world.bucket,
            false => world.warmup,
        };
        let end = self.stretch_end(user, a, t, end.min(until));
        if t >= end {
            return false;
        }
        let mut buckets = 0;
        let mut last = t;
        for i in 0..self.apps.len() {
            let start = match i == a {
                true => t,
                false if self.quiet(i) => self.queue.pending_at(i, Kind::Scheduled),
                false => continue,
            };
            if start >= end {
                continue;
            }
            self.queue.cancel(i, Kind::Scheduled);
            let (run, next) = self.play_app(user, i, start, end, measured.then_some(first), tally);
            self.queue.schedule(i, next);
            buckets |= run.buckets;
            last = last.max(run.last);
        }
        lockout.served_in_stretch(user, last, first, buckets, &mut tally.user);
        true
    }

    /// A measured stretch of a user with one app, from its use at `t`, quiet
    /// until `until`: played as stretches back to back, each as long as its
    /// buckets allow, without asking again what this one knows; `false` where
    /// something else comes first.
    fn play_stretches(
        &mut self,
        user: &User,
        t: f64,
        until: f64,
        lockout: &mut Lockout,
        tally: &mut GroupTally,
    ) -> bool {
        let world = user.world;
        let end = self.stretch_end(user, 0, t, until);
        if t >= end {
            return false;
        }
        let mut s = t;
        while s < end {
            let first = world.bucket_of(s);
            let bound = end.min(world.warmup + (first + SPAN) as f64 * world.bucket);
            let (run, next) = self.play_app(user, 0, s, bound, Some(first), tally);
            lockout.served_in_stretch(user, run.last, first, run.buckets, &mut tally.user);
            s = next;
        }
        self.queue.schedule(0, s);
        true
    }

    /// App `i`'s uses from `start` to `end` in a stretch measured from bucket
    /// `first` (none: before the warm-up's end), counted in its tally; returns
    /// them and the app's next use.
    fn play_app(
        &mut self,
        user: &User,
        i: usize,
        start: f64,
        end: f64,
        first: Option<usize>,
        tally: &mut GroupTally,
    ) -> (Run, f64) {
        let app_tally = &mut tally.apps[i];
        let (run, next) = self.run(user, i, start, end, first, app_tally);
        let state = &mut self.apps[i];
        state.last_served = run.last;
        state.retries_done = 0;
        self.exposures
            .served(state.exposed_from, state.token_issued, run.last);
        app_tally.attempts_played += run.uses;
        served_at_once(user, run.uses * u64::from(first.is_some()), app_tally);
        if let Some(app_lockout) = self.app_lockouts.get_mut(i) {
            // Unmeasured, no bucket is marked: `first` is not read.
            let first = first.unwrap_or(0);
            app_lockout.served_in_stretch(user, run.last, first, run.buckets, app_tally);
        }
        (run, next)
    }

    /// App `app`'s uses from `start` to `end`, and its next use after them
    /// (infinity: none); `first` is the stretch's first bucket where it is measured.
    fn run(
        &mut self,
        user: &User,
        app: usize,
        start: f64,
        end: f64,
        first: Option<usize>,
        tally: &mut Tally,
    ) -> (Run, f64) {
        match first {
            Some(f) => self.run_wall::<true>(user, app, start, end, f, tally),
            None => self.run_wall::<false>(user, app, start, end, 0, tally),
        }
    }

    /// `run`, with or without the buckets of measured uses from `first`, for
    /// any stream.
    fn run_in<const MEASURED: bool>(
        &mut self,
        user: &User,
        app: usize,
        start: f64,
        end: f64,
        first: usize,
        tally: &mut Tally,
    ) -> (Run, f64) {
        let mut run = Run::default();
        let mut s = start;
        loop {
            let state = &mut self.apps[app];
            let renewal = earlier(state.token_expiry, state.early_from);
            s = run.cached::<MEASURED>(user, &mut state.uses, s, earlier(end, renewal), first);
            s = state.uses.then(user, s);
            if s >= end {
                return (run, s);
            }
            self.renewed_at(user, app, s, run.last, tally);
            run.served::<MEASURED>(user, s, first);
            let uses = &mut self.apps[app].uses;
            s = uses.next(user);
            s = uses.then(user, s);
        }
    }

    /// `run`, for a stream in wall time: the token's uses and its renewals in
    /// one loop, over a copy of the stream's clock and generator alone (see
    /// `Uses::in_wall_time`), handed back at the end; any other stream goes to
    /// `run_in`. Out of line, so that the loop of cached uses keeps them in
    /// registers; the copy is made here, as passed in it would be read from
    /// memory in the loop (6% more instructions on R1).
    #[inline(never)]
    fn run_wall<const MEASURED: bool>(
        &mut self,
        user: &User,
        app: usize,
        start: f64,
        end: f64,
        first: usize,
        tally: &mut Tally,
    ) -> (Run, f64) {
        let Some(mut wall) = self.apps[app].uses.in_wall_time() else {
            return self.run_in::<MEASURED>(user, app, start, end, first, tally);
        };
        let plain = MEASURED && self.plain_renewals(user, app);
        let bound = wall.before(end);
        // So that the loop draws at least once: `resume` takes its last use.
        debug_assert!(start < bound, "a stretch starts before its end");
        let state = &self.apps[app];
        let mut renewal = earlier(state.token_expiry, state.early_from);
        let mut run = Run::default();
        let mut s = start;
        loop {
            let until = earlier(bound, renewal);
            while s < until {
                run.served::<MEASURED>(user, s, first);
                s = wall.next();
            }
            // At the stretch's end: the use in hand is the app's next one
            // (infinity past the stream's end).
            if s >= bound {
                let next = wall.after(s);
                self.apps[app].uses.resume(wall, s);
                return (run, next);
            }
            if plain {
                let bucket = user.world.bucket_of(s);
                renewal = self.renew_plainly(user, app, s, bucket, run.last, tally);
                run.served_in(s, bucket - first);
            } else {
                self.renewed_at(user, app, s, run.last, tally);
                let state = &self.apps[app];
                renewal = earlier(state.token_expiry, state.early_from);
                run.served::<MEASURED>(user, s, first);
            }
            s = wall.next();
        }
    }

    /// The use at `t` renews app `app`'s token, surely; the last use served
    /// with the token it replaces was at `last`.
    #[inline(always)]
    fn renewed_at(&mut self, user: &User, app: usize, t: f64, last: f64, tally: &mut Tally) {
        let state = &self.apps[app];
        self.exposures
            .served(state.exposed_from, state.token_issued, last);
        self.renew_surely(user, app, t, tally);
    }

    /// Whether app `a` may take part in a stretch: no use of it waits on a retry,
    /// and it is not locked out.
    fn quiet(&self, a: usize) -> bool {
        !self.apps[a].waiting.any
            && !self.queue.is_pending(a, Kind::Retry)
            && !self.app_lockouts.get(a).is_some_and(Lockout::is_open)
    }

    /// Where a stretch from app `a`'s use at `t` ends, at `end` at the latest
    /// (`a`'s own bound already in it).
    fn stretch_end(&mut self, user: &User, a: usize, t: f64, end: f64) -> f64 {
        let mut end = end.min(self.queue.pending_at(0, Kind::Revocation));
        if user.cohort.registered_devices {
            end = end.min(self.device.prt_next_try);
        }
        for i in (0..self.apps.len()).filter(|&i| i != a) {
            let next = self.queue.pending_at(i, Kind::Scheduled);
            if !self.quiet(i) {
                end = end.min(next).min(self.queue.pending_at(i, Kind::Retry));
                continue;
            }
            // Uses before `until` are served; the first after it may not be:
            // that is the app's next use, if none comes before.
            end = end.min(self.quiet_until(user, i, t).max(next));
        }
        end
    }

    /// Until when every use of app `a` from `t` on is served and changes
    /// nothing beyond the app: while its resource serves, and its token is
    /// valid or its renewal silent and sure (a renewal needs the session and
    /// the token service; a contingency block, signing keys the new token
    /// might be refused for, or a capacity that may throttle it, make it unsure).
    fn quiet_until(&mut self, user: &User, a: usize, t: f64) -> f64 {
        let serves = self.resource_serves_until(user, a, t);
        let state = &self.apps[a];
        let token = state.token_expiry.min(state.early_from);
        let sure = user.cohort.contingency.is_empty()
            && user.outages.keys[state.app].is_empty()
            && !user.world.throttles();
        let session = match user.cohort.workloads {
            true => f64::INFINITY,
            false => self.session_usable_until(user, a),
        };
        if !sure || session <= t.max(token) {
            return serves.min(token);
        }
        let service = self.dependencies.token_service_up_until(user, t);
        serves.min(session).min(token.max(service))
    }
}
