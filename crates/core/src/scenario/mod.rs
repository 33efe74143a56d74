//! The scenario file: what a planner wrote, with every default filled in.
//!
//! `load` reads a file and locates every problem in it; `plan` derives the run's
//! variants (`overrides`, `sweep`); `validate` checks what serde cannot,
//! `limits` bounds everything a scenario can make the simulator loop over, and
//! `scale` the sums across sections (cohorts times apps, windows times paths).

/// What results call the whole population, and every app: no cohort or app
/// may take the name.
pub const ALL: &str = "all";

/// The longest users' clocks play in before time zero: back to the start of a
/// break in their week, which recurs weekly (see `model::steady_state`).
pub const LONGEST_BURN_IN: f64 = crate::units::WEEK;

pub mod activity;
mod admins;
mod apps;
mod availability;
mod bundled;
mod capacity;
mod cohorts;
mod complete;
mod components;
mod contingency;
mod crl;
mod defaults;
pub mod duration;
mod expected;
mod fallback;
pub mod incidents;
pub mod limits;
mod load;
mod methods;
pub mod names;
mod nearest;
mod outage;
pub mod overrides;
pub mod path;
mod people;
mod plan;
mod policy;
mod regions;
mod request;
mod sample_users;
mod scale;
pub mod schema;
mod schema_overrides;
mod signing_keys;
mod source_map;
mod spelling;
pub mod sweep;
mod validate;
mod warnings;

pub use activity::Activity;
pub use admins::Admins;
pub use apps::{App, AppKind, Backoff, Retry};
pub use bundled::{BUNDLED, Bundled};
pub use capacity::{Capacity, Past};
pub use cohorts::{Cohort, CohortKind, Device, Registration};
pub use components::{
    CommonCause, Component, Degradation, Distribution, FailureSchedule, Outage, Scope,
};
pub use contingency::{Contingency, ContingencyAction};
pub use crl::Crl;
pub use fallback::Fallback;
pub use load::{RESOLVED_BY, header, load, load_str, read, read_resolved};
pub use methods::{Factor, Method};
pub use people::{People, PeopleOverride, Wait};
pub use plan::{NamedScenario, RunPlan};
pub use policy::{BackupConditionalAccess, Changes, Mfa, Policy};
pub use request::Request;
pub use signing_keys::{KeyEvent, RefreshFailure, SigningKeys};

use duration::{Duration, Offset};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The scenario `authsim run` uses when given none, built into the binary.
pub const DEFAULT: &str = BUNDLED[0].text;
/// Where the default scenario lives in the repository, to name it in outputs.
pub const DEFAULT_NAME: &str = BUNDLED[0].path;

/// An authsim scenario: the users in cohorts, the sign-in methods and apps they
/// use, the components those need and when each is down, and the design choices
/// (variants) to compare.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "authsim scenario")]
pub struct Scenario {
    /// One line for tables and reports.
    #[serde(default)]
    pub description: String,
    pub simulation: Simulation,
    /// The tenant's design choices; each defaults to the documented value.
    #[serde(default)]
    pub policy: Policy,
    /// Everything a token request or an access can depend on, by name.
    pub components: BTreeMap<String, Component>,
    /// Events that take several components down together (a regional outage).
    #[serde(default)]
    pub common_cause: BTreeMap<String, CommonCause>,
    /// None needed where only workloads run.
    #[serde(default)]
    pub methods: BTreeMap<String, Method>,
    /// How each client gets, renews and retries its tokens, by name.
    pub apps: BTreeMap<String, App>,
    /// Groups of users (or workloads) that share methods, apps and working hours, by name.
    pub cohorts: BTreeMap<String, Cohort>,
    /// What a person does when access fails, for every cohort of people
    /// (a cohort overrides any field with `people = { ... }`).
    #[serde(default)]
    pub people: People,
    /// Rules that change what sign-in requires while a component is down.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub contingency: BTreeMap<String, Contingency>,
    /// Hybrid fallback switches: an operator's decision plus propagation.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fallback: BTreeMap<String, Fallback>,
    /// Who signs in to turn switches and rules on, and their runbook.
    #[serde(default, skip_serializing_if = "Admins::is_empty")]
    pub admins: Admins,
    /// The identity provider's signing-key rollovers and erroneous removals.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signing_key_events: Vec<KeyEvent>,
    /// Design choices to compare with the base scenario (the baseline).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variant: Vec<Variant>,
    /// A grid of values by dotted path; every combination becomes a variant.
    #[serde(default, skip_serializing_if = "toml::Table::is_empty")]
    #[schemars(with = "schema::SweepGrid")]
    pub sweep: toml::Table,
}

impl Scenario {
    /// Every user of every cohort, people and workloads alike.
    pub fn users(&self) -> u64 {
        self.cohorts.values().map(|c| u64::from(c.users)).sum()
    }

    /// The users a replication samples, where `simulation.sample_users` is fewer
    /// than everyone; as many or more plays everyone: none.
    pub fn sample(&self) -> Option<u64> {
        (self.simulation.sample_users).filter(|&n| n < self.users())
    }

    /// Whether any component or common-cause event fails at random (an up/down
    /// cycle): then each replication is an independent random draw of failures,
    /// and the spread of its values over replications (their percentiles) means
    /// something; where every outage is scheduled, they differ by chance alone.
    pub fn fails_at_random(&self) -> bool {
        self.components
            .values()
            .map(|c| c.schedule())
            .chain(self.common_cause.values().map(|e| e.schedule()))
            .any(|schedule| schedule.cycle().is_some())
    }

    /// Each incident replay, with the component or common-cause event it takes down.
    pub fn replays(&self) -> impl Iterator<Item = (&str, &Outage)> {
        let components = (self.components.iter()).map(|(name, c)| (name, c.schedule()));
        let events = (self.common_cause.iter()).map(|(name, e)| (name, e.schedule()));
        components.chain(events).flat_map(|(name, schedule)| {
            (schedule.outages.iter())
                .filter(|o| o.incident.is_some())
                .map(move |o| (name.as_str(), o))
        })
    }
}

/// `[simulation]`: what every variant of the run shares.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Simulation {
    /// How long a replication lasts from Monday 00:00 UTC, warm-up included (at most 400d).
    pub horizon: Duration,
    /// Metrics are not counted before it. Clocks start in their steady state, so
    /// it only keeps an outage in progress at time zero out of the metrics.
    #[serde(default = "defaults::warmup")]
    pub warmup: Offset,
    /// Independent replications, each with its own random draws; at least 2.
    #[serde(default = "defaults::replications")]
    #[schemars(range(min = 2))]
    pub replications: u32,
    /// At most `i64::MAX`: the largest integer a TOML file can record.
    #[serde(default = "defaults::seed")]
    pub seed: u64,
    /// Width of one time-series bucket.
    #[serde(default = "defaults::bucket")]
    pub bucket: Duration,
    /// Each replication plays a sample of about this many users, every user
    /// with the same chance (a systematic sample of each cohort): where a year's
    /// spread comes from its outages, not its users, a few users per year buy
    /// far more years for the same time (docs/model.md, "Annual risk").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub sample_users: Option<u64>,
}

/// A design choice to compare, as written in `[[variant]]`: overrides of the base
/// scenario by dotted path.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    /// How tables, charts and files name it.
    pub name: String,
    /// Overrides by dotted path, e.g. `set.policy.access_token_lifetime = "8h"`:
    /// any key of the scenario but `simulation`.
    #[serde(default)]
    #[schemars(schema_with = "schema::overrides")]
    pub set: toml::Table,
}
