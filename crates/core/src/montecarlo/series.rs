//! The time series a run reports per time bucket, each defined once, here, like
//! the metrics: its column name, its interval column, the chart's title and axis,
//! and how one replication's bucket value comes from the tally.

use crate::engine::Tally;
use crate::model::World;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriesMetric {
    LockedOutShare,
    TokenRequestsPerMin,
    PromptsPerMin,
    MfaPromptsPerMin,
    WorkloadDeniedPerMin,
}

pub struct SeriesDefinition {
    pub name: &'static str,
    /// Its chart's file name, and the heading the report gives it (the load
    /// chart stacks every series drawn under its name).
    pub chart: &'static str,
    pub heading: &'static str,
    /// The column of its 95% half-width.
    pub ci_name: &'static str,
    /// What a chart of it shows...
    pub title: &'static str,
    /// ...and its vertical axis.
    pub axis: &'static str,
    /// The value in bucket `b` of one replication.
    value: fn(&Tally, &World, usize) -> f64,
    /// Whose accesses it follows: its chart is drawn only where the scenario has them.
    pub of: Of,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Of {
    People,
    Workloads,
    Everyone,
}

/// One replication's value of every series in one bucket, in `SeriesMetric::ALL` order.
pub type BucketSample = [f64; SeriesMetric::ALL.len()];

impl SeriesMetric {
    pub const ALL: [SeriesMetric; 5] = [
        SeriesMetric::LockedOutShare,
        SeriesMetric::TokenRequestsPerMin,
        SeriesMetric::PromptsPerMin,
        SeriesMetric::MfaPromptsPerMin,
        SeriesMetric::WorkloadDeniedPerMin,
    ];

    pub fn definition(self) -> SeriesDefinition {
        match self {
            SeriesMetric::LockedOutShare => SeriesDefinition {
                name: "locked_out_share",
                chart: "timeline",
                heading: "Outage timeline: share of active users locked out",
                ci_name: "locked_out_share_ci95",
                title: "share of active users locked out",
                axis: "users with a denied attempt / users with an attempt",
                value: |t, _, b| match t.bucket_active[b] {
                    0 => 0.0,
                    active => t.bucket_locked_out[b] as f64 / active as f64,
                },
                of: Of::People,
            },
            SeriesMetric::TokenRequestsPerMin => SeriesDefinition {
                name: "token_requests_per_min",
                chart: "load",
                heading: "IdP load: token requests per minute",
                ci_name: "token_requests_per_min_ci95",
                title: "IdP load",
                axis: "token requests per minute",
                value: |t, w, b| per_minute(t.bucket_token_requests[b], w, b),
                of: Of::Everyone,
            },
            SeriesMetric::PromptsPerMin => SeriesDefinition {
                name: "prompts_per_min",
                chart: "load",
                heading: "The prompt storm: interactive prompts per minute",
                ci_name: "prompts_per_min_ci95",
                title: "interactive prompts per minute",
                axis: "prompts per minute",
                value: |t, w, b| per_minute(t.bucket_prompts[b], w, b),
                of: Of::People,
            },
            SeriesMetric::MfaPromptsPerMin => SeriesDefinition {
                name: "mfa_prompts_per_min",
                chart: "load",
                heading: "The prompt storm: MFA prompts per minute",
                ci_name: "mfa_prompts_per_min_ci95",
                title: "MFA prompts per minute",
                axis: "MFA prompts per minute",
                value: |t, w, b| per_minute(t.bucket_mfa_prompts[b], w, b),
                of: Of::People,
            },
            SeriesMetric::WorkloadDeniedPerMin => SeriesDefinition {
                name: "workload_denied_per_min",
                chart: "workload-timeline",
                heading: "Workloads: denied calls per minute",
                ci_name: "workload_denied_per_min_ci95",
                title: "workloads' denied calls per minute, by when they were made",
                axis: "denied calls per minute",
                value: |t, w, b| per_minute(t.bucket_workload_denied[b], w, b),
                of: Of::Workloads,
            },
        }
    }

    /// Position in `ALL`, and so in every bucket sample.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// The bucket's length in seconds: the last one may be cut short by the horizon.
fn bucket_width(w: &World, b: usize) -> f64 {
    w.bucket.min(w.measured_seconds() - b as f64 * w.bucket)
}

/// A bucket's count as a rate per minute.
/// Over everyone: a sample's count over each user's chance of being played.
fn per_minute(count: u64, w: &World, b: usize) -> f64 {
    count as f64 / w.sampled / (bucket_width(w, b) / 60.0)
}

/// Every bucket of one replication.
pub fn buckets(t: &Tally, w: &World) -> Vec<BucketSample> {
    (0..w.buckets)
        .map(|b| SeriesMetric::ALL.map(|m| (m.definition().value)(t, w, b)))
        .collect()
}
