//! The metrics a run reports, by their output names, and how each comes from a tally.

use crate::engine::Tally;
use crate::model::World;
use crate::scenario::duration::{DAY, HOUR};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    Attempts,
    DenialRate,
    UsersLockedOut,
    LockoutHoursPer1kUsers,
    PromptsPerUserDay,
    MfaPromptsPerUserDay,
    TokenRequestsPerUserDay,
    PeakTokenRequestsPerMin,
    RevocationExposureMean,
    RevocationExposureP95,
    BackupRenewalsPerUserDay,
    WorkloadDenialRate,
}

pub const METRICS: [Metric; 12] = [
    Metric::Attempts,
    Metric::DenialRate,
    Metric::UsersLockedOut,
    Metric::LockoutHoursPer1kUsers,
    Metric::PromptsPerUserDay,
    Metric::MfaPromptsPerUserDay,
    Metric::TokenRequestsPerUserDay,
    Metric::PeakTokenRequestsPerMin,
    Metric::RevocationExposureMean,
    Metric::RevocationExposureP95,
    Metric::BackupRenewalsPerUserDay,
    Metric::WorkloadDenialRate,
];

impl Metric {
    pub fn name(self) -> &'static str {
        match self {
            Metric::Attempts => "attempts",
            Metric::DenialRate => "denial_rate",
            Metric::UsersLockedOut => "users_locked_out",
            Metric::LockoutHoursPer1kUsers => "lockout_hours_per_1k_users",
            Metric::PromptsPerUserDay => "prompts_per_user_day",
            Metric::MfaPromptsPerUserDay => "mfa_prompts_per_user_day",
            Metric::TokenRequestsPerUserDay => "token_requests_per_user_day",
            Metric::PeakTokenRequestsPerMin => "peak_token_requests_per_min",
            Metric::RevocationExposureMean => "revocation_exposure_mean",
            Metric::RevocationExposureP95 => "revocation_exposure_p95",
            Metric::BackupRenewalsPerUserDay => "backup_renewals_per_user_day",
            Metric::WorkloadDenialRate => "workload_denial_rate",
        }
    }

    /// Whether the metric means anything for this world: lever metrics are only
    /// worth showing where the scenario uses the lever.
    pub fn applies(self, world: &World) -> bool {
        match self {
            Metric::RevocationExposureMean | Metric::RevocationExposureP95 => world
                .cohorts
                .iter()
                .any(|c| c.revocation_every.is_finite() || !c.revocations_at.is_empty()),
            Metric::BackupRenewalsPerUserDay => world.policy.backup.is_some(),
            Metric::WorkloadDenialRate => world.cohorts.iter().any(|c| c.workloads),
            _ => true,
        }
    }

    /// Position in `METRICS`, and so in every per-replication sample.
    pub fn index(self) -> usize {
        METRICS
            .iter()
            .position(|m| *m == self)
            .expect("every metric is listed")
    }

    pub fn by_name(name: &str) -> Option<Metric> {
        METRICS.into_iter().find(|m| m.name() == name)
    }

    /// The metric's value in one replication (after the warm-up).
    pub fn value(self, t: &Tally, world: &World) -> f64 {
        let users = t.users as f64;
        let user_days = users * world.measured_seconds() / DAY;
        let ratio = |a: u64, b: f64| if b > 0.0 { a as f64 / b } else { 0.0 };
        match self {
            Metric::Attempts => t.attempts as f64,
            Metric::DenialRate => ratio(t.denied, t.attempts as f64),
            Metric::UsersLockedOut => ratio(t.users_locked_out, users),
            Metric::LockoutHoursPer1kUsers => ratio(t.lockout_ms, users) * 1000.0 / (HOUR * 1000.0),
            Metric::PromptsPerUserDay => ratio(t.prompts, user_days),
            Metric::MfaPromptsPerUserDay => ratio(t.mfa_prompts, user_days),
            // IdP load: workloads' requests too, so per user or workload.
            Metric::TokenRequestsPerUserDay => ratio(
                t.token_requests,
                (t.users + t.workloads) as f64 * world.measured_seconds() / DAY,
            ),
            Metric::PeakTokenRequestsPerMin => {
                t.minute_token_requests.iter().copied().max().unwrap_or(0) as f64
            }
            // Hours; zero in a replication without revocations.
            Metric::RevocationExposureMean => {
                ratio(t.exposure_ms, t.revocations as f64) / (HOUR * 1000.0)
            }
            Metric::RevocationExposureP95 => t.exposure_quantile(0.95) / HOUR,
            Metric::BackupRenewalsPerUserDay => ratio(t.backup_renewals, user_days),
            Metric::WorkloadDenialRate => ratio(t.workload_denied, t.workload_attempts as f64),
        }
    }
}

/// One time bucket of one replication: the charts' outage timeline and IdP load.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BucketValues {
    /// Users with a denied attempt in the bucket / users with any attempt in it.
    pub locked_out_share: f64,
    pub token_requests_per_min: f64,
}

pub fn buckets(t: &Tally, world: &World) -> Vec<BucketValues> {
    (0..world.buckets)
        .map(|b| {
            let start = b as f64 * world.bucket;
            let width = world.bucket.min(world.measured_seconds() - start);
            BucketValues {
                locked_out_share: if t.bucket_active[b] > 0 {
                    t.bucket_locked_out[b] as f64 / t.bucket_active[b] as f64
                } else {
                    0.0
                },
                token_requests_per_min: t.bucket_token_requests[b] as f64 / (width / 60.0),
            }
        })
        .collect()
}
