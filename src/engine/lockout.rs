//! Lockout: denied attempts, the users they lock out, and the working time from a
//! denial to the user's next success.

use super::play::User;
use super::tally::Tally;

/// Where a user stands between denials and successes.
#[derive(Default)]
pub(super) struct Lockout {
    since: Option<f64>,
    any_denial: bool,
    bucket: Option<usize>,
    bucket_denied: bool,
}

impl Lockout {
    /// Retries end a lockout when they succeed, but only the user's own uses are attempts.
    pub fn record(&mut self, user: &User, t: f64, served: bool, scheduled: bool, tally: &mut Tally) {
        let world = user.world;
        tally.attempts_played += 1;
        let measured = t >= world.warmup && scheduled;
        if user.cohort.workloads {
            // workload_denial_rate: workloads are counted apart from people, with no lockout hours.
            tally.workload_attempts += u64::from(measured);
            tally.workload_denied += u64::from(measured && !served);
            return;
        }
        if served {
            if let Some(since) = self.since.take() {
                // lockout_hours_per_1k_users: from a denial to the next success.
                tally.lockout_ms += lockout_ms(user, since, t);
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
        let bucket = world.bucket_of(t);
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
    pub fn finish(self, user: &User, tally: &mut Tally) {
        if user.cohort.workloads {
            return;
        }
        if let Some(bucket) = self.bucket {
            flush_bucket(bucket, self.bucket_denied, tally);
        }
        if let Some(since) = self.since {
            tally.lockout_ms += lockout_ms(user, since, user.world.horizon);
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
