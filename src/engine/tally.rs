//! Counters that users' plays stream into. All integers, so adding tallies in any
//! order gives the same totals: results do not depend on how work was split.

use crate::model::World;

#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    /// People; workloads are counted apart.
    pub users: u64,
    pub workloads: u64,
    pub workload_attempts: u64,
    pub workload_denied: u64,
    /// Every attempt played, warm-up and retries included: the benchmark's event count.
    pub attempts_played: u64,
    pub attempts: u64,
    pub denied: u64,
    pub users_locked_out: u64,
    /// From each denial to the user's next success, in milliseconds.
    pub lockout_ms: u64,
    pub prompts: u64,
    pub mfa_prompts: u64,
    pub token_requests: u64,
    /// Per time bucket: users with an attempt, users with a denied attempt, token requests.
    pub bucket_active: Vec<u64>,
    pub bucket_locked_out: Vec<u64>,
    pub bucket_token_requests: Vec<u64>,
    /// Token requests in each minute of the measured period, for the peak.
    pub minute_token_requests: Vec<u32>,
    /// Silent renewals the backup token service served.
    pub backup_renewals: u64,
    /// Revocation events and the exposure after each.
    pub revocations: u64,
    pub exposure_ms: u64,
    pub exposure_bins: Vec<u32>,
}

/// Exposures are binned on a log scale, 1% wide from one second up, so a
/// percentile comes out within half a percent from a fixed, small table.
const BIN_GROWTH: f64 = 1.01;
const EXPOSURE_BINS: usize = 1800;

impl Tally {
    pub fn add_exposure(&mut self, seconds: f64) {
        self.revocations += 1;
        self.exposure_ms += (seconds * 1000.0).round() as u64;
        let bin = if seconds < 1.0 {
            0
        } else {
            1 + (seconds.ln() / BIN_GROWTH.ln()) as usize
        };
        self.exposure_bins[bin.min(EXPOSURE_BINS - 1)] += 1;
    }

    /// The `q` quantile of the exposures, in seconds (the middle of its bin).
    pub fn exposure_quantile(&self, q: f64) -> f64 {
        let target = (q * self.revocations as f64).ceil().max(1.0) as u64;
        let mut seen = 0;
        for (bin, &count) in self.exposure_bins.iter().enumerate() {
            seen += u64::from(count);
            if seen >= target {
                return if bin == 0 {
                    0.0
                } else {
                    BIN_GROWTH.powf(bin as f64 - 0.5)
                };
            }
        }
        0.0
    }
}

impl Tally {
    pub fn new(world: &World) -> Self {
        let buckets = world.buckets;
        Tally {
            users: 0,
            workloads: 0,
            workload_attempts: 0,
            workload_denied: 0,
            attempts_played: 0,
            attempts: 0,
            denied: 0,
            users_locked_out: 0,
            lockout_ms: 0,
            prompts: 0,
            mfa_prompts: 0,
            token_requests: 0,
            bucket_active: vec![0; buckets],
            bucket_locked_out: vec![0; buckets],
            bucket_token_requests: vec![0; buckets],
            minute_token_requests: vec![0; (world.measured_seconds() / 60.0).ceil() as usize],
            backup_renewals: 0,
            revocations: 0,
            exposure_ms: 0,
            exposure_bins: vec![0; EXPOSURE_BINS],
        }
    }

    pub fn merged(mut self, other: &Tally) -> Tally {
        self.users += other.users;
        self.workloads += other.workloads;
        self.workload_attempts += other.workload_attempts;
        self.workload_denied += other.workload_denied;
        self.attempts_played += other.attempts_played;
        self.attempts += other.attempts;
        self.denied += other.denied;
        self.users_locked_out += other.users_locked_out;
        self.lockout_ms += other.lockout_ms;
        self.prompts += other.prompts;
        self.mfa_prompts += other.mfa_prompts;
        self.token_requests += other.token_requests;
        let pairs = [
            (&mut self.bucket_active, &other.bucket_active),
            (&mut self.bucket_locked_out, &other.bucket_locked_out),
            (
                &mut self.bucket_token_requests,
                &other.bucket_token_requests,
            ),
        ];
        for (mine, theirs) in pairs {
            mine.iter_mut().zip(theirs).for_each(|(a, b)| *a += b);
        }
        self.backup_renewals += other.backup_renewals;
        self.revocations += other.revocations;
        self.exposure_ms += other.exposure_ms;
        for (mine, theirs) in [
            (
                &mut self.minute_token_requests,
                &other.minute_token_requests,
            ),
            (&mut self.exposure_bins, &other.exposure_bins),
        ] {
            mine.iter_mut().zip(theirs).for_each(|(a, b)| *a += b);
        }
        self
    }
}
