//! Lockout: attempts and denials, the users they lock out, the working time from
//! a denial to the user's next success, and the delay of attempts the client got
//! through on a retry. A scheduled use is counted when its outcome is settled:
//! at once if served or refused outright, after the client's retries otherwise.
//!
//! A user's lockout is followed twice: across their apps (a success with any app
//! ends it) and for each app alone (only a success with that app ends it), each
//! into its own tally; the uses themselves are counted once, in the app's tally.
//! Where the cohort has one app the two are the same: it is followed once, and
//! the app's tally takes its counts when read (`GroupTally::add_app`).

use super::state::Waiting;
use super::tally::Tally;
use super::user::User;

/// Where a user stands between denials and successes, across apps or with one.
#[derive(Debug)]
pub(super) struct Lockout {
    since: Option<f64>,
    /// The causes of the denial that began the open lockout: its hours are
    /// credited in full to each (kept from user to user, so nothing is allocated).
    credited: Vec<usize>,
    last_success: f64,
    any_denial: bool,
    bucket: Option<usize>,
    bucket_denied: bool,
}

/// How the uses waiting on one app ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Settled {
    /// A retry got through: the uses were delayed, not denied.
    Served,
    /// No token could be had.
    DeniedIdentity,
    /// The token was fine, the resource unreachable or refusing it.
    DeniedResource,
}

impl Default for Lockout {
    fn default() -> Self {
        Lockout {
            since: None,
            credited: Vec::new(),
            last_success: f64::NEG_INFINITY,
            any_denial: false,
            bucket: None,
            bucket_denied: false,
        }
    }
}

impl Lockout {
    /// Ready for the next user, keeping what was allocated.
    pub fn reset(&mut self) {
        let mut credited = std::mem::take(&mut self.credited);
        credited.clear();
        *self = Lockout {
            credited,
            ..Lockout::default()
        };
    }

    /// Whether the user is locked out: their next success ends it.
    #[inline]
    pub fn is_open(&self) -> bool {
        self.since.is_some()
    }

    /// Uses served in a quiet stretch (see `quiet`), with no lockout open: the
    /// last at `last`, the measured ones in buckets `first + k` for each bit `k`
    /// of `buckets`.
    #[inline]
    pub fn served_in_stretch(
        &mut self,
        user: &User,
        last: f64,
        first: usize,
        mut buckets: u64,
        tally: &mut Tally,
    ) {
        debug_assert!(
            !self.is_open(),
            "a stretch is quiet only with no lockout open"
        );
        if user.cohort.workloads {
            return;
        }
        self.last_success = self.last_success.max(last);
        if buckets == 0 {
            return;
        }
        // The first bucket may go on from before the stretch; every later one
        // but the last closes inside it, served: active, not locked out.
        let low = first + buckets.trailing_zeros() as usize;
        self.seen_bucket(low, false, tally);
        let high = 63 - buckets.leading_zeros() as usize;
        buckets &= buckets - 1;
        if buckets == 0 {
            return;
        }
        flush_bucket(low, self.bucket_denied, tally);
        buckets &= !(1 << high);
        let active = &mut tally.bucket_active[first..first + high];
        while buckets != 0 {
            active[buckets.trailing_zeros() as usize] += 1;
            buckets &= buckets - 1;
        }
        self.bucket = Some(first + high);
        self.bucket_denied = false;
    }

    /// `n` measured uses served at `t`: a success ends any lockout.
    #[inline]
    pub fn served(&mut self, user: &User, t: f64, n: u64, tally: &mut Tally) {
        if user.cohort.workloads {
            return;
        }
        self.seen(user, t, n, false, tally);
        self.last_success = t;
        if let Some(since) = self.since.take() {
            self.locked_out(lockout_ms(user, since, t), tally);
        }
    }

    /// `n` measured uses, first tried at `first`, denied at `t`; `causes` were
    /// down on their paths (see `attribution`).
    pub fn denied(
        &mut self,
        user: &User,
        t: f64,
        first: f64,
        n: u64,
        causes: &[usize],
        tally: &mut Tally,
    ) {
        if user.cohort.workloads {
            return;
        }
        if self.since.is_none() {
            // Stuck from the first use tried, unless a success came since.
            self.since = Some(first.max(self.last_success));
            self.credited.clear();
            self.credited.extend_from_slice(causes);
        }
        self.seen(user, t, n, true, tally);
    }

    /// A lockout over: lockout_hours_per_1k_users, and denials_by_component's
    /// hours for each cause of the denial that began it.
    fn locked_out(&self, ms: u64, tally: &mut Tally) {
        tally.lockout_ms += ms;
        for &c in &self.credited {
            tally.lockout_ms_by_cause[c] += ms;
        }
    }

    /// The time series' share of active users locked out: the user had `n`
    /// measured uses settled in `t`'s bucket.
    #[inline]
    fn seen(&mut self, user: &User, t: f64, n: u64, denied: bool, tally: &mut Tally) {
        if n == 0 {
            return;
        }
        self.seen_bucket(user.world.bucket_of(t), denied, tally);
    }

    /// `seen`, in bucket `bucket`: buckets come in time order.
    #[inline]
    fn seen_bucket(&mut self, bucket: usize, denied: bool, tally: &mut Tally) {
        self.any_denial |= denied;
        if self.bucket != Some(bucket) {
            if let Some(previous) = self.bucket {
                flush_bucket(previous, self.bucket_denied, tally);
            }
            self.bucket = Some(bucket);
            self.bucket_denied = false;
        }
        self.bucket_denied |= denied;
    }

    /// Closes the user's last bucket and any lockout still open at the horizon.
    pub fn finish(&mut self, user: &User, tally: &mut Tally) {
        if user.cohort.workloads {
            return;
        }
        if let Some(bucket) = self.bucket {
            flush_bucket(bucket, self.bucket_denied, tally);
        }
        if let Some(since) = self.since.take() {
            self.locked_out(lockout_ms(user, since, user.world.horizon), tally);
        }
        // users_locked_out
        tally.users_locked_out += u64::from(self.any_denial);
    }
}

/// A use served at once (`n` is 1 after the warm-up, else 0).
#[inline]
pub(super) fn served_at_once(user: &User, n: u64, tally: &mut Tally) {
    uses(user, n, Settled::Served, tally);
}

/// A use served `latency` seconds after it was made, its answer slow (see
/// `degradation`): a delay, as a retried success is.
pub(super) fn served_after(user: &User, n: u64, latency: f64, tally: &mut Tally) {
    if !user.cohort.workloads {
        // delayed_attempts
        tally.delayed_attempts += n;
        tally.delay_ms += (n as f64 * latency * 1000.0).round() as u64;
    }
    uses(user, n, Settled::Served, tally);
}

/// The uses waiting on one app, settled at `t`.
pub(super) fn settled(
    user: &User,
    t: f64,
    waiting: &Waiting,
    end: Settled,
    causes: &[usize],
    tally: &mut Tally,
) {
    let n = u64::from(waiting.measured);
    if end == Settled::Served && !user.cohort.workloads {
        // delayed_attempts: the user felt a delay, not a denial.
        tally.delayed_attempts += n;
        tally.delay_ms += ((n as f64 * t - waiting.times) * 1000.0).round() as u64;
    }
    // denials_by_component: each cause counts every use it denied.
    for &c in causes {
        tally.denied_by_cause[c] += n;
    }
    if user.cohort.workloads && end != Settled::Served && n > 0 {
        // workload_denied_per_min: a denied call when it was made, not when the
        // client gave up on it.
        tally.bucket_workload_denied[user.world.bucket_of(waiting.first)] += n;
    }
    uses(user, n, end, tally);
}

/// `n` measured uses settled: attempts, denial_rate, identity_denial_rate,
/// resource_denial_rate; for workloads, apart from people, workload_denial_rate.
#[inline]
fn uses(user: &User, n: u64, end: Settled, tally: &mut Tally) {
    let denied = u64::from(end != Settled::Served);
    if user.cohort.workloads {
        tally.workload_attempts += n;
        tally.workload_denied += n * denied;
        return;
    }
    tally.attempts += n;
    tally.denied += n * denied;
    tally.denied_resource += n * u64::from(end == Settled::DeniedResource);
}

/// The time series' share of active users locked out: one user's bucket.
fn flush_bucket(bucket: usize, denied: bool, tally: &mut Tally) {
    tally.bucket_active[bucket] += 1;
    tally.bucket_locked_out[bucket] += u64::from(denied);
}

/// The working time of a lockout from `since` to `until`, after the warm-up: a
/// denial at 17:00 followed by a success at 09:00 cost the user no night's work.
fn lockout_ms(user: &User, since: f64, until: f64) -> u64 {
    let week = &user.cohort.week;
    let working = week.working_before(until) - week.working_before(since.max(user.world.warmup));
    (working.max(0.0) * 1000.0).round() as u64
}
