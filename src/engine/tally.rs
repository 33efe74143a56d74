//! Counters that users' plays stream into. All integers, so adding tallies in any
//! order gives the same totals: results do not depend on how work was split.

use super::attribution::cause_count;
use crate::model::World;
use serde::{Deserialize, Serialize};

/// Declares the tally once: the struct and a merge that adds every field, so no
/// counter can be left out of the merge.
macro_rules! tally {
    ($($(#[$doc:meta])* $field:ident: $ty:ty,)*) => {
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        pub struct Tally {
            $($(#[$doc])* pub $field: $ty,)*
        }

        impl Tally {
            /// Adds every counter of `other` to this tally.
            pub fn merge(&mut self, other: &Tally) {
                $(Add::add(&mut self.$field, &other.$field);)*
            }
        }
    };
}

tally! {
    /// People; workloads are counted apart.
    users: u64,
    workloads: u64,
    workload_attempts: u64,
    workload_denied: u64,
    /// Every attempt played, warm-up and retries included: the benchmark's event count.
    attempts_played: u64,
    attempts: u64,
    /// Denied attempts, and of them those whose token was fine but the resource
    /// unreachable or refusing it.
    denied: u64,
    denied_resource: u64,
    /// Attempts the client got through on a retry, and their waits in milliseconds.
    delayed_attempts: u64,
    delay_ms: u64,
    users_locked_out: u64,
    /// From each denial to the user's next success, in milliseconds.
    lockout_ms: u64,
    prompts: u64,
    mfa_prompts: u64,
    /// Sign-ins only a contingency rule let through, and those of them whose MFA it waived.
    contingency_sign_ins: u64,
    mfa_waived: u64,
    token_requests: u64,
    /// Per time bucket: users with an attempt, users with a denied attempt, token requests.
    bucket_active: Vec<u64>,
    bucket_locked_out: Vec<u64>,
    bucket_token_requests: Vec<u64>,
    /// Per time bucket: workloads' calls made then that were denied.
    bucket_workload_denied: Vec<u64>,
    /// Token requests in each minute of the measured period, for the peak.
    minute_token_requests: Vec<u32>,
    /// Silent renewals the backup token service served.
    backup_renewals: u64,
    /// Revocation events and the exposure after each.
    revocations: u64,
    exposure_ms: u64,
    exposure_bins: Vec<u32>,
    /// Per cause (the world's components, then the causes that are not one): the
    /// denied attempts it was down for, and the lockout of the denials it began.
    denied_by_cause: Vec<u64>,
    lockout_ms_by_cause: Vec<u64>,
}

/// A counter that tallies add up.
trait Add {
    fn add(&mut self, other: &Self);
}

impl Add for u64 {
    fn add(&mut self, other: &u64) {
        *self += other;
    }
}

impl Add for u32 {
    fn add(&mut self, other: &u32) {
        *self += other;
    }
}

impl<T: Add> Add for Vec<T> {
    fn add(&mut self, other: &Vec<T>) {
        self.iter_mut().zip(other).for_each(|(a, b)| a.add(b));
    }
}

/// Exposures are binned on a log scale, 1% wide from one second up, so a
/// percentile comes out within half a percent from a fixed, small table.
const BIN_GROWTH: f64 = 1.01;
const EXPOSURE_BINS: usize = 1800;

impl Tally {
    pub fn new(world: &World) -> Self {
        let minutes = (world.measured_seconds() / 60.0).ceil() as usize;
        Tally::with_sizes(world.buckets, minutes, cause_count(world))
    }

    /// An empty tally for `buckets` time buckets, `minutes` minutes of load and
    /// `causes` causes of denial.
    pub fn with_sizes(buckets: usize, minutes: usize, causes: usize) -> Self {
        Tally {
            users: 0,
            workloads: 0,
            workload_attempts: 0,
            workload_denied: 0,
            attempts_played: 0,
            attempts: 0,
            denied: 0,
            denied_resource: 0,
            delayed_attempts: 0,
            delay_ms: 0,
            users_locked_out: 0,
            lockout_ms: 0,
            prompts: 0,
            mfa_prompts: 0,
            contingency_sign_ins: 0,
            mfa_waived: 0,
            token_requests: 0,
            bucket_active: vec![0; buckets],
            bucket_locked_out: vec![0; buckets],
            bucket_token_requests: vec![0; buckets],
            bucket_workload_denied: vec![0; buckets],
            minute_token_requests: vec![0; minutes],
            backup_renewals: 0,
            revocations: 0,
            exposure_ms: 0,
            exposure_bins: vec![0; EXPOSURE_BINS],
            denied_by_cause: vec![0; causes],
            lockout_ms_by_cause: vec![0; causes],
        }
    }

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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// Every number in `v` replaced by `n`, found through serde, which lists every
    /// field of the struct whatever the merge does.
    fn fill(v: &mut Value, n: u64) {
        match v {
            Value::Number(_) => *v = Value::from(n),
            Value::Array(items) => items.iter_mut().for_each(|x| fill(x, n)),
            Value::Object(fields) => fields.values_mut().for_each(|x| fill(x, n)),
            _ => {}
        }
    }

    fn numbers(v: &Value) -> Vec<(String, u64)> {
        match v {
            Value::Object(fields) => fields
                .iter()
                .flat_map(|(name, x)| match x {
                    Value::Array(items) => items
                        .iter()
                        .map(|i| (name.clone(), i.as_u64().unwrap()))
                        .collect(),
                    other => vec![(name.clone(), other.as_u64().unwrap())],
                })
                .collect(),
            _ => unreachable!("a tally serializes as an object"),
        }
    }

    #[test]
    fn merging_adds_every_counter() {
        let text = "[simulation]\nhorizon = \"3d\"\n[components.token_service]\n[methods.m]\nfactor = \"passwordless\"\nrequires = []\n\
                    [apps.a]\n[cohorts.x]\nusers = 1\napps = [\"a\"]\nregistrations = [{ share = 1.0, methods = [\"m\"] }]\n";
        let plan = crate::scenario::load_str(text, std::path::Path::new("t.toml")).unwrap();
        let world = World::new("baseline", &plan.variants[0].scenario);
        let mut value = serde_json::to_value(Tally::new(&world)).unwrap();
        fill(&mut value, 1);
        let mut tally: Tally = serde_json::from_value(value).unwrap();
        tally.merge(&tally.clone());
        let merged = numbers(&serde_json::to_value(&tally).unwrap());
        assert!(merged.len() > 20, "every field, each bucket and bin");
        for (field, n) in merged {
            assert_eq!(n, 2, "`{field}` is not added up by Tally::merge");
        }
    }
}
