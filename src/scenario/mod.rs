//! The scenario file: what a planner writes, with every default filled in.
//!
//! `load` reads and checks a file; `overrides` applies a variant's `set` table;
//! `validate` checks what serde cannot (references, shares, horizons).

pub mod activity;
pub mod duration;
mod load;
pub mod overrides;
pub mod path;
mod source_map;
pub mod sweep;
mod validate;

pub use load::{Loaded, load, load_str};

use activity::{Days, Hours, UtcOffset};
use duration::{DAY, Duration, HOUR, Lifetime, Limit, MINUTE, Offset};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// One line for tables and reports.
    #[serde(default)]
    pub description: String,
    pub simulation: Simulation,
    #[serde(default)]
    pub policy: Policy,
    pub components: BTreeMap<String, Component>,
    /// Events that take several components down together (a regional outage).
    #[serde(default)]
    pub common_cause: BTreeMap<String, CommonCause>,
    pub methods: BTreeMap<String, Method>,
    pub apps: BTreeMap<String, App>,
    pub cohorts: BTreeMap<String, Cohort>,
    #[serde(default)]
    pub variant: Vec<Variant>,
    /// A grid of values by dotted path; every combination becomes a variant.
    #[serde(default, skip_serializing_if = "toml::Table::is_empty")]
    pub sweep: toml::Table,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Simulation {
    pub horizon: Duration,
    /// Metrics are not counted before it, so token caches reach steady state.
    #[serde(default = "defaults::warmup")]
    pub warmup: Offset,
    #[serde(default = "defaults::replications")]
    pub replications: u32,
    #[serde(default = "defaults::seed")]
    pub seed: u64,
    /// Width of one time-series bucket.
    #[serde(default = "defaults::bucket")]
    pub bucket: Duration,
}

/// The tenant's design choices; every field has the identity provider's default.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    pub access_token_lifetime: Lifetime,
    /// Sliding: every use of the refresh token restarts it.
    pub refresh_token_inactivity: Duration,
    /// Forced interactive re-authentication, checked when a token is renewed.
    pub sign_in_frequency: Limit,
    pub mfa: Mfa,
    /// How long a device remembers MFA once done ("never": ask at every sign-in).
    pub remember_mfa: Limit,
    /// Components every token request needs, silent or interactive.
    pub token_requests_require: Vec<String>,
    /// While the token service is down it answers with this Retry-After, or none.
    pub retry_after: Limit,
    /// Continuous access evaluation: CAE-capable apps get long-lived tokens that the
    /// resource revokes on critical events.
    pub cae: bool,
    pub cae_token_lifetime: Lifetime,
    /// Revocation reaches the resource within this (uniformly distributed).
    pub cae_propagation_delay: Duration,
    /// A registered device's primary refresh token: how long it lives...
    pub prt_lifetime: Duration,
    /// ...and how often it is renewed while the device is used.
    pub prt_renewal: Duration,
    /// A backup token service renews existing sessions while the primary is down.
    pub backup_authentication: bool,
    /// Components the backup token service needs.
    pub backup_requires: Vec<String>,
    /// Sessions used from the same app and device within this window are covered.
    pub backup_window: Duration,
    /// During backup operation, conditional access is judged on the session's
    /// original data ("allow") or the request is blocked ("block").
    pub backup_conditional_access: BackupConditionalAccess,
}

impl Default for Policy {
    /// The reference numbers of MODEL.md.
    fn default() -> Self {
        Policy {
            // The identity provider's documented default access-token lifetime: 60-90 minutes.
            access_token_lifetime: Lifetime {
                min: HOUR,
                max: 1.5 * HOUR,
            },
            // Documented refresh-token inactivity limit: 90 days.
            refresh_token_inactivity: Duration(90.0 * DAY),
            // Documented default sign-in frequency: a rolling 90-day window.
            sign_in_frequency: Limit::After(Duration(90.0 * DAY)),
            mfa: Mfa::default(),
            remember_mfa: Limit::Never,
            token_requests_require: vec!["token_service".to_string()],
            retry_after: Limit::Never,
            cae: false,
            // Documented CAE token lifetime: 20 to 28 hours.
            cae_token_lifetime: Lifetime {
                min: 20.0 * HOUR,
                max: 28.0 * HOUR,
            },
            // Documented: revocation takes effect within about 15 minutes.
            cae_propagation_delay: Duration(15.0 * MINUTE),
            // Documented PRT: valid 14 days, renewed about every 4 hours in use.
            prt_lifetime: Duration(14.0 * DAY),
            prt_renewal: Duration(4.0 * HOUR),
            backup_authentication: false,
            backup_requires: Vec::new(),
            // Documented backup coverage: sessions used within the last 3 days.
            backup_window: Duration(3.0 * DAY),
            backup_conditional_access: BackupConditionalAccess::default(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BackupConditionalAccess {
    /// "Resilience defaults": judged on the data from the session's start.
    #[default]
    Allow,
    Block,
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mfa {
    #[default]
    EverySignIn,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// One state shared by every user (the cloud token service).
    #[default]
    Global,
    /// Each user's copy fails on its own (the user's phone).
    PerUser,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Component {
    #[serde(default)]
    pub scope: Scope,
    #[serde(default)]
    pub outages: Vec<Outage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_to_failure: Option<Distribution>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_to_repair: Option<Distribution>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommonCause {
    /// Global components this event takes down together.
    pub components: Vec<String>,
    #[serde(default)]
    pub outages: Vec<Outage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_to_failure: Option<Distribution>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_to_repair: Option<Distribution>,
}

/// The failure schedule shared by components and common-cause events.
#[derive(Debug, Clone, Copy)]
pub struct FailureSchedule<'a> {
    pub outages: &'a [Outage],
    pub time_to_failure: Option<&'a Distribution>,
    pub time_to_repair: Option<&'a Distribution>,
}

impl<'a> FailureSchedule<'a> {
    fn of(
        outages: &'a [Outage],
        ttf: &'a Option<Distribution>,
        ttr: &'a Option<Distribution>,
    ) -> Self {
        FailureSchedule {
            outages,
            time_to_failure: ttf.as_ref(),
            time_to_repair: ttr.as_ref(),
        }
    }

    /// Stochastic up/down cycles, where both distributions are given.
    pub fn cycle(&self) -> Option<(&'a Distribution, &'a Distribution)> {
        self.time_to_failure.zip(self.time_to_repair)
    }
}

impl Component {
    pub fn schedule(&self) -> FailureSchedule<'_> {
        FailureSchedule::of(&self.outages, &self.time_to_failure, &self.time_to_repair)
    }
}

impl CommonCause {
    pub fn schedule(&self) -> FailureSchedule<'_> {
        FailureSchedule::of(&self.outages, &self.time_to_failure, &self.time_to_repair)
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

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Factor {
    First,
    Second,
    /// Satisfies both factors at once.
    Passwordless,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Method {
    pub factor: Factor,
    /// All must be up for the method to work.
    pub requires: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppKind {
    /// Native or mobile client with a token cache and a refresh token.
    #[default]
    PublicClient,
    /// Browser app: its own session cookie, renewed through the IdP session.
    WebApp,
    /// A workload's managed identity: tokens cached for 24 hours, renewed early.
    ManagedIdentity,
    /// A workload with a client secret: asks for a new token every hour.
    ClientSecret,
}

impl AppKind {
    /// Apps of workloads, without users: they never prompt anyone.
    pub fn is_workload(self) -> bool {
        matches!(self, AppKind::ManagedIdentity | AppKind::ClientSecret)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct App {
    #[serde(default)]
    pub kind: AppKind,
    /// Can take CAE tokens (the resource enforces revocation).
    #[serde(default)]
    pub cae_capable: bool,
    /// This app's own token lifetime; default: the policy's for people's apps, 24 h
    /// for managed identities (documented cache), 1 h for client-secret workloads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_lifetime: Option<Lifetime>,
    /// Renew in the background before expiry; a failed try is invisible while the token is valid.
    #[serde(default = "defaults::yes")]
    pub early_renewal: bool,
    /// Fraction of the lifetime after which early renewal starts.
    #[serde(default = "defaults::early_renewal_at")]
    pub early_renewal_at: f64,
    /// Tokens shorter than this are not renewed early.
    #[serde(default = "defaults::early_renewal_min_lifetime")]
    pub early_renewal_min_lifetime: Duration,
    /// Web apps only: how long the app's own session cookie lasts.
    #[serde(default = "defaults::session_cookie_lifetime")]
    pub session_cookie_lifetime: Duration,
    #[serde(default)]
    pub retry: Retry,
}

/// What the client does after a failed silent renewal.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Retry {
    pub backoff: Backoff,
    /// Retries after a denial before the user gives up until their next scheduled use.
    pub attempts: u32,
    pub backoff_base: Duration,
    pub backoff_cap: Duration,
    /// Each wait drawn uniformly between the base and the backoff (twice the base
    /// for a fixed backoff), so clients that failed together do not retry together.
    pub jitter: bool,
    /// Wait at least the server's Retry-After (`policy.retry_after`) when it gives one.
    pub honour_retry_after: bool,
}

impl Default for Retry {
    fn default() -> Self {
        Retry {
            backoff: Backoff::default(),
            attempts: 3,
            // The token library's guidance: the first retry no sooner than about 5 seconds.
            backoff_base: Duration(5.0),
            backoff_cap: Duration(5.0 * MINUTE),
            jitter: true,
            honour_retry_after: true,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Backoff {
    /// From the base, doubling, up to the cap.
    #[default]
    Exponential,
    /// Always the base.
    Fixed,
    /// No retries: the user gives up until their next use.
    None,
}

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
    /// Access attempts per active hour, for each app.
    #[serde(default = "defaults::attempts_per_hour")]
    pub attempts_per_hour: f64,
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
            attempts_per_hour: defaults::attempts_per_hour(),
            every: None,
        }
    }
}

/// A design choice to compare: overrides of the base scenario by dotted path.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub name: String,
    #[serde(default)]
    pub set: toml::Table,
}

/// The reference numbers of MODEL.md, where a scenario starts from.
mod defaults {
    use super::*;

    pub fn warmup() -> Offset {
        Offset(DAY)
    }
    pub fn replications() -> u32 {
        20
    }
    pub fn seed() -> u64 {
        1
    }
    pub fn bucket() -> Duration {
        Duration(15.0 * MINUTE)
    }
    pub fn never() -> Limit {
        Limit::Never
    }
    pub fn yes() -> bool {
        true
    }
    /// The token library renews at half the lifetime...
    pub fn early_renewal_at() -> f64 {
        0.5
    }
    /// ...for tokens of two hours or more.
    pub fn early_renewal_min_lifetime() -> Duration {
        Duration(2.0 * HOUR)
    }
    pub fn session_cookie_lifetime() -> Duration {
        Duration(HOUR)
    }
    pub fn hours() -> Hours {
        Hours {
            start: 9.0 * HOUR,
            end: 17.0 * HOUR,
        }
    }
    pub fn days() -> Days {
        Days(0b0011111)
    }
    pub fn utc_offset() -> UtcOffset {
        UtcOffset(0.0)
    }
    pub fn attempts_per_hour() -> f64 {
        4.0
    }
}
