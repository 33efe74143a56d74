//! Quiet stretches: most uses are served from a valid cached token and change
//! nothing but counters. While nothing can be decided, a user's uses are played
//! in bulk, app by app, without the event queue or the walk through an access.
//!
//! A stretch starts at a scheduled use and ends at the earliest point where
//! anything could be decided or counted differently: an app's token expiry or
//! early renewal, its resource going down or rejecting the token's key, the
//! device's PRT renewal, the end of the warm-up, any other pending event (a
//! revocation, a retry, the next use of an app that is not quiet: it might be
//! denied, and a user's lockout runs across apps). An app is quiet when no use
//! of it waits on a retry and no lockout (the user's or the app's) is open.
//!
//! Inside a stretch each app's uses are drawn exactly as the event loop draws
//! them (its own arrival stream, in order), every one is served, and apps'
//! uses commute: so a stretch gives the same numbers, bit for bit, as playing
//! its uses one by one.

use super::arrivals::next_use;
use super::lockout::{Lockout, served_at_once};
use super::play::{Player, User};
use super::queue::{Event, Kind};
use super::tally::GroupTally;

/// Time-series buckets a stretch may span: one bit of a `u64` each.
const SPAN: usize = 63;

/// One app's uses in a stretch.
struct Run {
    uses: u64,
    last: f64,
    /// Bit `k`: a measured use fell in the stretch's first bucket plus `k`.
    buckets: u64,
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
        let state = &self.apps[a];
        // Most uses that are not quiet are renewals: tell them first.
        if t >= state.token_expiry.min(state.early_from) || lockout.is_open() || !self.quiet(a) {
            return false;
        }
        let world = user.world;
        let measured = t >= world.warmup;
        let first = world.bucket_of(t);
        let end = match measured {
            true => world.warmup + (first + SPAN) as f64 * world.bucket,
            false => world.warmup,
        };
        let end = self.stretch_end(user, a, t, end);
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
            let state = &mut self.apps[i];
            let mut run = Run {
                uses: 0,
                last: start,
                buckets: 0,
            };
            let mut next = Some(start);
            while let Some(s) = next.filter(|&s| s < end) {
                run.uses += 1;
                run.last = s;
                if measured {
                    run.buckets |= 1 << (world.bucket_of(s) - first);
                }
                next = next_use(user, state, i).map(|e| e.time);
            }
            if let Some(time) = next {
                let kind = Kind::Scheduled;
                self.queue.push(Event { time, app: i, kind });
            }
            state.last_served = run.last;
            state.retries_done = 0;
            self.exposures
                .served(state.exposed_from, state.token_issued, run.last);
            let app_tally = &mut tally.apps[i];
            app_tally.attempts_played += run.uses;
            served_at_once(user, run.uses * u64::from(measured), app_tally);
            self.app_lockouts[i].served_in_stretch(user, run.last, first, run.buckets, app_tally);
            buckets |= run.buckets;
            last = last.max(run.last);
        }
        lockout.served_in_stretch(user, last, first, buckets, &mut tally.user);
        true
    }

    /// Whether app `a` may take part in a stretch: no use of it waits on a retry,
    /// and it is not locked out.
    fn quiet(&self, a: usize) -> bool {
        !self.apps[a].waiting.any
            && !self.queue.is_pending(a, Kind::Retry)
            && !self.app_lockouts[a].is_open()
    }

    /// Where a stretch from app `a`'s use at `t` ends, at `end` at the latest.
    fn stretch_end(&mut self, user: &User, a: usize, t: f64, end: f64) -> f64 {
        let mut end = end.min(self.queue.pending_at(0, Kind::Revocation));
        if user.cohort.registered_devices {
            end = end.min(self.device.prt_next_try);
        }
        for i in 0..self.apps.len() {
            let next = match i == a {
                true => t,
                false => self.queue.pending_at(i, Kind::Scheduled),
            };
            if !self.quiet(i) {
                end = end.min(next).min(self.queue.pending_at(i, Kind::Retry));
                continue;
            }
            let state = &self.apps[i];
            let mut until = state.token_expiry.min(state.early_from);
            if until > t {
                until = until.min(self.resource_serves_until(user, i, t));
            }
            // Uses before `until` are served from the cache; the first after it
            // may not be: that is the app's next use, if none comes before.
            end = end.min(until.max(next));
        }
        end
    }
}
