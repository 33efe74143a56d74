//! `[admins]`: the cohorts whose people turn a fallback switch or a contingency
//! rule on, and the runbook they follow once signed in. A switch or rule names
//! its own (`acted_by`) or is acted on by every cohort listed here.
//!
//! Emergency-access (break-glass) accounts are such a cohort: a few cloud-only
//! accounts whose methods need only the cloud token service, as Microsoft's
//! guidance asks
//! (<https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access>).

use super::duration::Offset;
use super::path::{FieldPath, Problem};
use super::validate::require_known;
use super::{CohortKind, Scenario};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Admins {
    /// The cohorts of people who can act, by default, on every switch and rule
    /// (none: switches and rules act on their own, as an operator always signed in).
    #[serde(default)]
    pub cohorts: Vec<String>,
    /// How long the runbook takes once an admin is signed in and has decided;
    /// an assumption to set per organisation (default 0: no time).
    #[serde(default = "no_time")]
    pub runbook: Offset,
}

fn no_time() -> Offset {
    Offset::of(0.0)
}

impl Default for Admins {
    fn default() -> Self {
        Admins {
            cohorts: Vec::new(),
            runbook: no_time(),
        }
    }
}

impl Admins {
    /// Nothing written: switches and rules act as before admins existed.
    pub fn is_empty(&self) -> bool {
        self.cohorts.is_empty() && self.runbook.0 == 0.0
    }

    pub(super) fn check(&self, s: &Scenario, at: &FieldPath) -> Result<(), Problem> {
        acting(&self.cohorts, s, &at.key("cohorts"))
    }
}

/// Checks `acted_by` of a switch or rule at `at`: known cohorts of people.
pub(super) fn check_acted_by(
    acted_by: &[String],
    s: &Scenario,
    at: &FieldPath,
) -> Result<(), Problem> {
    acting(acted_by, s, &at.key("acted_by"))
}

/// Cohorts that sign in to act: known, and people (a workload cannot sign in).
fn acting(cohorts: &[String], s: &Scenario, at: &FieldPath) -> Result<(), Problem> {
    require_known(cohorts, &s.cohorts, "cohort", at)?;
    match cohorts
        .iter()
        .position(|c| s.cohorts[c].kind == CohortKind::Workloads)
    {
        Some(i) => Err(Problem::new(
            at.index(i),
            format!(
                "`{}` is a cohort of workloads, which never sign in: name a cohort of people",
                cohorts[i]
            ),
        )),
        None => Ok(()),
    }
}
