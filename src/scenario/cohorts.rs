//! `[cohorts.NAME]`: groups of users (or workloads) that share registered
//! methods, device state, apps and an activity profile.

use super::activity::{Days, Hours, UtcOffset};
use super::defaults;
use super::duration::{Duration, Limit, Offset};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cohort {
    /// People, or workloads (daemons) that request tokens on a schedule.
    #[serde(default)]
    pub kind: CohortKind,
    pub users: u32,
    pub apps: Vec<String>,
    /// Shares of the cohort, each with its methods in order of preference (none for workloads).
    #[serde(default)]
    pub registrations: Vec<Registration>,
    #[serde(default)]
    pub activity: Activity,
    /// A registered device holds a primary refresh token: single sign-on to every app.
    #[serde(default)]
    pub device: Device,
    /// Overrides the policy's sign-in frequency for this cohort (e.g. admins every 4 h).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_in_frequency: Option<Limit>,
    /// Guest users: never covered by backup authentication.
    #[serde(default)]
    pub guest: bool,
    /// Mean time between each user's revocation events (password reset, account
    /// disabled, high user risk), or "never".
    #[serde(default = "defaults::never")]
    pub revocation_every: Limit,
    /// Revocation events for every user of the cohort at these times.
    #[serde(default)]
    pub revocations_at: Vec<Offset>,
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CohortKind {
    #[default]
    People,
    /// Counted apart: `workload_denial_rate`.
    Workloads,
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Device {
    #[default]
    Unregistered,
    Registered,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Registration {
    pub share: f64,
    pub methods: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    #[serde(default = "defaults::hours")]
    pub hours: Hours,
    #[serde(default = "defaults::days")]
    pub days: Days,
    #[serde(default = "defaults::utc_offset")]
    pub utc_offset: UtcOffset,
    /// Access attempts per active hour, for each app (a Poisson stream). Absent
    /// where the file gives none: a resolved scenario has it unless `every` is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts_per_hour: Option<f64>,
    /// On the clock instead: a call every this long from midnight UTC, within the
    /// working hours (a cron job), in place of the Poisson stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every: Option<Duration>,
}

impl Default for Activity {
    fn default() -> Self {
        Activity {
            hours: defaults::hours(),
            days: defaults::days(),
            utc_offset: defaults::utc_offset(),
            attempts_per_hour: None,
            every: None,
        }
    }
}

impl Activity {
    /// Attempts per active hour of a Poisson stream; `None` on the clock.
    pub fn poisson_rate(&self) -> Option<f64> {
        match self.every {
            Some(_) => None,
            None => Some(
                self.attempts_per_hour
                    .unwrap_or_else(defaults::attempts_per_hour),
            ),
        }
    }
}
