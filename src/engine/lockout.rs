//! Lockout: attempts and denials, the users they lock out, the working time from
//! a denial to the user's next success, and the delay of attempts the client got
//! through on a retry. A scheduled use is counted when its outcome is settled:
//! at once if served or refused outright, after the client's retries otherwise.

use super::play::User;
use super::state::Waiting;
use super::tally::Tally;

/// Where a user stands between denials and successes.
#[derive(Debug)]
pub(super) struct Lockout {
    since: Option<f64>,
    /// The causes of the denial that began the open lockout: its hours are
    /// credited in full to each (kept from user to user, so nothing is allocated).
    credited: Vec<usize>,
    /// The user's last success, with any app.
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

    /// A use served at once, at `t`.
    #[inline]
    pub fn served(&mut self, user: &User, t: f64, measured: bool, tally: &mut Tally) {
        self.count(user, t, t, u64::from(measured), Settled::Served, tally);
        self.end(user, t, tally);
    }

    /// The uses waiting on one app end at `t`; a denial's `causes` are what was
    /// down on its paths (see `attribution`).
    pub fn settle(
        &mut self,
        user: &User,
        t: f64,
        waiting: &mut Waiting,
        end: Settled,
        causes: &[usize],
        tally: &mut Tally,
    ) {
        if !waiting.any {
            return;
        }
        let n = u64::from(waiting.measured);
        if user.cohort.workloads {
            // Workloads have no lockout and no delay of their own to report.
        } else if end == Settled::Served {
            // delayed_attempts: the user felt a delay, not a denial.
            tally.delayed_attempts += n;
            tally.delay_ms += ((n as f64 * t - waiting.times) * 1000.0).round() as u64;
            self.end(user, t, tally);
        } else if self.since.is_none() {
            // Stuck from the first use tried, unless another app got through since.
            self.since = Some(waiting.first.max(self.last_success));
            self.credited.clear();
            self.credited.extend_from_slice(causes);
        }
        // denials_by_component: each cause counts every use it denied.
        for &c in causes {
            tally.denied_by_cause[c] += n;
        }
        self.count(user, t, waiting.first, n, end, tally);
        *waiting = Waiting::default();
    }

    /// A success ends any lockout: from a denial to the next success.
    fn end(&mut self, user: &User, t: f64, tally: &mut Tally) {
        self.last_success = t;
        if let Some(since) = self.since.take()
            && !user.cohort.workloads
        {
            self.locked_out(lockout_ms(user, since, t), tally);
        }
    }

    /// A lockout over: lockout_hours_per_1k_users, and denials_by_component's
    /// hours for each cause of the denial that began it.
    fn locked_out(&self, ms: u64, tally: &mut Tally) {
        tally.lockout_ms += ms;
        for &c in &self.credited {
            tally.lockout_ms_by_cause[c] += ms;
        }
    }

    /// `n` uses after the warm-up, first tried at `first`, settled at `t`.
    fn count(&mut self, user: &User, t: f64, first: f64, n: u64, end: Settled, tally: &mut Tally) {
        let denied = end != Settled::Served;
        if user.cohort.workloads {
            // workload_denial_rate, workload_denied_per_min: workloads are counted
            // apart from people, with no lockout hours; a denied call in the time
            // series when it was made, not when the client gave up on it.
            tally.workload_attempts += n;
            tally.workload_denied += n * u64::from(denied);
            if denied && n > 0 {
                tally.bucket_workload_denied[user.world.bucket_of(first)] += n;
            }
            return;
        }
        if n == 0 {
            return;
        }
        // attempts, denial_rate, identity_denial_rate, resource_denial_rate
        tally.attempts += n;
        tally.denied += n * u64::from(denied);
        tally.denied_resource += n * u64::from(end == Settled::DeniedResource);
        self.any_denial |= denied;
        let bucket = user.world.bucket_of(t);
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

/// The time series' share of active users locked out: one user's bucket.
fn flush_bucket(bucket: usize, denied: bool, tally: &mut Tally) {
    tally.bucket_active[bucket] += 1;
    tally.bucket_locked_out[bucket] += u64::from(denied);
}

/// The working time of a lockout from `since` to `until`, after the warm-up: a
/// denial at 17:00 followed by a success at 09:00 cost the user no night's work.
fn lockout_ms(user: &User, since: f64, until: f64) -> u64 {
    let week = &user.cohort.week;
    let working = week.active_before(until) - week.active_before(since.max(user.world.warmup));
    (working.max(0.0) * 1000.0).round() as u64
}
