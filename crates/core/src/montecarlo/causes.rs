//! Denials by component, per replication: for each cause (a component, or a cause
//! that is not one), the denied attempts it was down for and the lockout hours
//! per 1,000 users of the lockouts its denials began. Each denial credits every
//! cause down on its paths in full, so a component down with another counts for
//! both; across replications each is the mean of its per-replication values.

use crate::engine::Tally;
use crate::engine::attribution::cause_names;
use crate::model::World;
use crate::units::HOUR;
use serde::{Deserialize, Serialize};

/// One cause's values in one replication.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CauseSample {
    pub denied_attempts: f64,
    pub lockout_hours_per_1k_users: f64,
}

/// A cause's name, and whether it is one of the world's components.
#[derive(Debug, Clone, PartialEq)]
pub struct Cause {
    pub name: String,
    pub component: bool,
}

/// The world's causes, in the order of its samples.
pub fn causes(world: &World) -> Vec<Cause> {
    let components = world.components.len();
    cause_names(world)
        .enumerate()
        .map(|(i, name)| Cause {
            name: name.to_string(),
            component: i < components,
        })
        .collect()
}

/// One replication's denials: their totals, and what each cause accounts for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attribution {
    pub total: CauseSample,
    pub by_cause: Vec<CauseSample>,
}

impl Attribution {
    /// A sample of users' denials count over everyone divided by each user's
    /// chance of being played (`World::sampled`).
    pub fn of(tally: &Tally, world: &World) -> Self {
        let sample = |denied: u64, ms: u64| sample(denied as f64 / world.sampled, ms, tally.users);
        Attribution {
            total: sample(tally.denied, tally.lockout_ms),
            by_cause: tally
                .denied_by_cause
                .iter()
                .zip(&tally.lockout_ms_by_cause)
                .map(|(&denied, &ms)| sample(denied, ms))
                .collect(),
        }
    }
}

fn sample(denied_attempts: f64, lockout_ms: u64, users: u64) -> CauseSample {
    CauseSample {
        denied_attempts,
        // Computed as lockout_hours_per_1k_users is, to the last bit.
        lockout_hours_per_1k_users: if users > 0 {
            lockout_ms as f64 / users as f64 * 1000.0 / (HOUR * 1000.0)
        } else {
            0.0
        },
    }
}
