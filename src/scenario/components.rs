//! `[components.NAME]` and `[common_cause.NAME]`: what a sign-in can depend on,
//! and when each is down.

use super::duration::{Duration, Offset};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
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
            #[serde(default)]
            pub outages: Vec<Outage>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub time_to_failure: Option<Distribution>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub time_to_repair: Option<Distribution>,
        }

        impl $name {
            pub fn schedule(&self) -> FailureSchedule<'_> {
                FailureSchedule {
                    outages: &self.outages,
                    time_to_failure: self.time_to_failure.as_ref(),
                    time_to_repair: self.time_to_repair.as_ref(),
                }
            }
        }
    };
}

with_failure_schedule! {
    #[derive(Debug, Clone, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Component {
        #[serde(default)]
        pub scope: Scope,
    }
}

with_failure_schedule! {
    #[derive(Debug, Clone, Serialize, Deserialize)]
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
    pub time_to_failure: Option<&'a Distribution>,
    pub time_to_repair: Option<&'a Distribution>,
}

impl<'a> FailureSchedule<'a> {
    /// Stochastic up/down cycles, where both distributions are given.
    pub fn cycle(&self) -> Option<(&'a Distribution, &'a Distribution)> {
        self.time_to_failure.zip(self.time_to_repair)
    }
}

/// A fixed outage window, optionally recurring.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outage {
    pub start: Offset,
    pub duration: Duration,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every: Option<Duration>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
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
    Fixed {
        value: Duration,
    },
}
