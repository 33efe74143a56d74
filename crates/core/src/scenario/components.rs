//! `[components.NAME]` and `[common_cause.NAME]`: what a sign-in can depend on,
//! and when each is down.

use super::LONGEST_BURN_IN;
use super::availability::{self, Availability};
use super::capacity::Capacity;
use super::duration::{Duration, Offset};
use super::limits;
pub use super::outage::Outage;
use super::path::{FieldPath, Problem};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use statrs::function::gamma::ln_gamma;
use std::f64::consts::LN_2;

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// One state shared by every user (the cloud token service).
    #[default]
    Global,
    /// Each user's copy fails on its own (the user's phone).
    PerUser,
}

/// Declares a section that fails on a schedule: its own fields, then the failure
/// schedule's (fixed outages and up/down cycles), which components and
/// common-cause events share. (`#[serde(flatten)]` would lose the path of an
/// error inside the schedule, and with it the error's line in the file.)
macro_rules! with_failure_schedule {
    ($(#[$attr:meta])* pub struct $name:ident { $($(#[$field_attr:meta])* pub $field:ident: $ty:ty,)* }) => {
        $(#[$attr])*
        pub struct $name {
            $($(#[$field_attr])* pub $field: $ty,)*
            /// Fixed outage windows.
            #[serde(default)]
            pub outages: Vec<Outage>,
            /// With `time_to_repair`: random up/down cycles, drawn from these.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub time_to_failure: Option<Distribution>,
            /// With `time_to_failure` or `availability`: how long each repair takes.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub time_to_repair: Option<Distribution>,
            /// The promised availability ("99.99%" or 0.9999), instead of
            /// `time_to_failure`: with `outages_per_year` or `time_to_repair`, it
            /// gives the up/down cycles; failures are then memoryless (exponential).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub availability: Option<Availability>,
            /// With `availability`: outages a year on average (above 0); repairs
            /// are then exponential, with the mean the availability leaves.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub outages_per_year: Option<f64>,
        }

        impl $name {
            /// The schedule as the model draws it: a promised availability
            /// becomes the up/down laws it gives.
            pub fn schedule(&self) -> FailureSchedule<'_> {
                let (time_to_failure, time_to_repair) = match self.availability {
                    Some(a) => {
                        availability::cycle(a, self.outages_per_year, self.time_to_repair.as_ref())
                            .unzip()
                    }
                    None => (self.time_to_failure, self.time_to_repair),
                };
                FailureSchedule {
                    outages: &self.outages,
                    time_to_failure,
                    time_to_repair,
                }
            }

            /// A promised availability with exactly what it needs (see `availability::check`).
            pub(super) fn check_promise(&self, at: &FieldPath) -> Result<(), Problem> {
                availability::check(
                    self.availability,
                    self.outages_per_year,
                    self.time_to_failure.as_ref(),
                    self.time_to_repair.as_ref(),
                    at,
                )
            }
        }
    };
}

with_failure_schedule! {
    #[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Component {
        #[serde(default)]
        pub scope: Scope,
        /// A redundancy group: this many independent instances, each failing on
        /// the schedule below (pass-through agents, a federation farm, connectors)...
        #[serde(default = "one")]
        pub instances: u32,
        /// ...of which at least this many must be up for the group to be up.
        #[serde(default = "one")]
        pub needed: u32,
        /// A per-user component not at hand for a whole day (a key lost or
        /// forgotten, a phone's battery flat) with this probability, each day of
        /// the cohort's local time on its own; 0 to below 1.
        #[serde(default, skip_serializing_if = "is_zero")]
        pub daily_unavailability: f64,
        /// A global component with one instance per region, each failing on its
        /// own: a cohort uses its region's instance. None: one instance for all.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub regions: Vec<String>,
        /// Windows in which the component answers, but fails a share of
        /// requests or answers slowly.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub degraded: Vec<Degradation>,
        /// A global component's throttle (see `capacity`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub capacity: Option<Capacity>,
        /// How long after each recovery the busiest minute of requests reaching it
        /// is reported (`recovery_peak_requests_per_min`); 15m where it has a capacity.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub recovery_window: Option<Duration>,
    }
}

impl Component {
    /// A component's own fields, each in its range.
    pub(super) fn check(&self, at: &FieldPath) -> Result<(), Problem> {
        self.check_redundancy(at)?;
        self.check_daily_unavailability(at)
    }

    /// A redundancy group has 1 to `MAX_INSTANCES` instances, of which 1 to all are needed.
    fn check_redundancy(&self, at: &FieldPath) -> Result<(), Problem> {
        let most = limits::MAX_INSTANCES;
        if !(1..=most).contains(&self.instances) {
            return Err(Problem::new(
                at.key("instances"),
                format!(
                    "a redundancy group has 1 to {most} instances, got {}",
                    self.instances
                ),
            ));
        }
        if !(1..=self.instances).contains(&self.needed) {
            return Err(Problem::new(
                at.key("needed"),
                format!(
                    "at least 1 and at most all {} instances can be needed, got {}",
                    self.instances, self.needed
                ),
            ));
        }
        Ok(())
    }

    /// Not at hand for a day is a user's own thing, and a certainty would never be at hand.
    fn check_daily_unavailability(&self, at: &FieldPath) -> Result<(), Problem> {
        let p = self.daily_unavailability;
        if !(0.0..1.0).contains(&p) {
            return Err(Problem::new(
                at.key("daily_unavailability"),
                format!("a daily probability of not being at hand is from 0 to below 1, got {p}"),
            ));
        }
        if p > 0.0 && self.scope != Scope::PerUser {
            return Err(Problem::new(
                at.key("daily_unavailability"),
                "only a user's own component can be not at hand for a day: set scope = \"per_user\"",
            ));
        }
        Ok(())
    }
}

fn is_zero(p: &f64) -> bool {
    *p == 0.0
}

fn one() -> u32 {
    1
}

with_failure_schedule! {
    #[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct CommonCause {
        /// Global components this event takes down together.
        pub components: Vec<String>,
    }
}

/// The failure schedule shared by components and common-cause events.
#[derive(Debug, Clone, Copy)]
pub struct FailureSchedule<'a> {
    pub outages: &'a [Outage],
    pub time_to_failure: Option<Distribution>,
    pub time_to_repair: Option<Distribution>,
}

impl FailureSchedule<'_> {
    /// Stochastic up/down cycles, where both distributions are given.
    pub fn cycle(&self) -> Option<(Distribution, Distribution)> {
        self.time_to_failure.zip(self.time_to_repair)
    }

    /// Down windows one copy draws in a replication, at most on average: every
    /// recurrence of the fixed outages, and the up/down cycles, counted in typical
    /// (median) cycles, as a heavy tail makes most cycles short; each from as far
    /// back as users' clocks may play in before time zero.
    pub fn expected_windows(&self, horizon: f64) -> f64 {
        let fixed: f64 = self
            .outages
            .iter()
            .map(|o| {
                o.every.map_or(1.0, |e| {
                    ((horizon - o.start.0) / e.0).ceil().max(1.0) + (LONGEST_BURN_IN / e.0).ceil()
                })
            })
            .sum();
        let cycles = self.cycle().map_or(0.0, |(up, down)| {
            1.0 + (LONGEST_BURN_IN + horizon) / (up.median() + down.median())
        });
        fixed + cycles
    }
}

impl Distribution {
    /// Each law's name and parameters as a scenario writes them: what a variant
    /// that changes a law must give, and what one that keeps it may.
    pub const LAWS: [(&'static str, &'static [&'static str]); 4] = [
        ("exponential", &["mean"]),
        ("weibull", &["shape", "scale"]),
        ("lognormal", &["median", "sigma"]),
        ("fixed", &["value"]),
    ];

    /// The law named `name` and its parameters, if it is one.
    pub fn law(name: &str) -> Option<(&'static str, &'static [&'static str])> {
        Self::LAWS.into_iter().find(|(law, _)| *law == name)
    }

    /// The mean, in seconds.
    pub fn mean(&self) -> f64 {
        match *self {
            Distribution::Exponential { mean } => mean.0,
            // scale * Gamma(1 + 1/shape)
            Distribution::Weibull { shape, scale } => scale.0 * ln_gamma(1.0 + 1.0 / shape).exp(),
            // median * exp(sigma^2 / 2)
            Distribution::Lognormal { median, sigma } => median.0 * (sigma * sigma / 2.0).exp(),
            Distribution::Fixed { value } => value.0,
        }
    }

    /// The median, in seconds.
    pub fn median(&self) -> f64 {
        match *self {
            Distribution::Exponential { mean } => mean.0 * LN_2,
            // scale * (ln 2)^(1/shape)
            Distribution::Weibull { shape, scale } => scale.0 * (LN_2.ln() / shape).exp(),
            Distribution::Lognormal { median, .. } => median.0,
            Distribution::Fixed { value } => value.0,
        }
    }

    /// ln(mean / median): how heavy the tail is, computed without overflow.
    pub fn log_mean_over_median(&self) -> f64 {
        match *self {
            Distribution::Exponential { .. } => -LN_2.ln(),
            Distribution::Weibull { shape, .. } => ln_gamma(1.0 + 1.0 / shape) - LN_2.ln() / shape,
            Distribution::Lognormal { sigma, .. } => sigma * sigma / 2.0,
            Distribution::Fixed { .. } => 0.0,
        }
    }
}

/// A window in which a component is up but degraded: it fails each request
/// with probability `fail_share`, or answers each after `latency` (past the
/// client's `retry.timeout` the client gives up on it: a failure).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Degradation {
    /// From the simulation's start, as an outage's.
    pub start: Offset,
    pub duration: Duration,
    /// The share of requests failed, 0 to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_share: Option<f64>,
    /// How long each answer takes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency: Option<Duration>,
    /// A regional component's regions degraded; none: every region.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
}

/// A random length of time, named by `distribution`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "distribution", rename_all = "lowercase", deny_unknown_fields)]
pub enum Distribution {
    Exponential {
        mean: Duration,
    },
    Weibull {
        shape: f64,
        scale: Duration,
    },
    /// `sigma` is the standard deviation of the logarithm.
    Lognormal {
        median: Duration,
        sigma: f64,
    },
    /// Always `value`.
    Fixed {
        value: Duration,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::duration::Duration;

    #[test]
    fn the_laws_listed_are_those_a_scenario_writes() {
        let hour = Duration::of(3600.0);
        let every = [
            Distribution::Exponential { mean: hour },
            Distribution::Weibull {
                shape: 1.5,
                scale: hour,
            },
            Distribution::Lognormal {
                median: hour,
                sigma: 1.0,
            },
            Distribution::Fixed { value: hour },
        ];
        let written: Vec<(String, Vec<String>)> = every
            .iter()
            .map(|d| {
                let mut table = toml::Table::try_from(d).unwrap();
                let name = table.remove("distribution").unwrap();
                (
                    name.as_str().unwrap().to_string(),
                    table.keys().cloned().collect(),
                )
            })
            .collect();
        let listed: Vec<(String, Vec<String>)> = Distribution::LAWS
            .iter()
            .map(|(name, p)| {
                let mut p: Vec<String> = p.iter().map(|s| s.to_string()).collect();
                p.sort();
                (name.to_string(), p)
            })
            .collect();
        assert_eq!(written, listed);
    }
}
