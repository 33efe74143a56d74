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
use super::{CohortKind, ContingencyAction, Device, Factor, Mfa, Scenario};
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

    /// An acting cohort none of whose registrations signs in without a
    /// contingency rule's help can never turn anything on.
    pub(super) fn warnings(&self, s: &Scenario, at: &FieldPath, warnings: &mut Vec<Problem>) {
        let named = self
            .cohorts
            .iter()
            .enumerate()
            .map(|(i, c)| (c, at.key("cohorts").index(i)));
        let switches = s.fallback.iter().map(|(n, f)| (&f.acted_by, n, "fallback"));
        let rules = s
            .contingency
            .iter()
            .map(|(n, c)| (&c.acted_by, n, "contingency"));
        let acted_by = switches.chain(rules).flat_map(|(by, name, section)| {
            let at = FieldPath::root().key(section).key(name).key("acted_by");
            by.iter().enumerate().map(move |(i, c)| (c, at.index(i)))
        });
        for (cohort, at) in named.chain(acted_by) {
            if !can_sign_in(s, cohort) {
                warnings.push(Problem::new(
                    at,
                    format!(
                        "no registration of `{cohort}` signs in without a contingency rule, so what \
                         it acts on never happens: register a method it can sign in with"
                    ),
                ));
            }
        }
    }
}

/// Whether some registration of `cohort` has a way in as `model::admins` counts
/// them: a passwordless method, or a first factor and, where MFA is asked, a
/// second one; none kept for a rule, none bound to a device the cohort lacks.
fn can_sign_in(s: &Scenario, cohort: &str) -> bool {
    let c = &s.cohorts[cohort];
    let registered = c.device == Device::Registered;
    let mfa = match s.policy.mfa {
        Mfa::Never => false,
        Mfa::EverySignIn => true,
        Mfa::EverySignInOrCompliantDevice => !registered,
    };
    let kept = |m: &String| {
        s.contingency
            .values()
            .any(|r| r.action == ContingencyAction::AllowMethod && r.method.as_ref() == Some(m))
    };
    c.registrations.iter().any(|r| {
        let has = |f: Factor| {
            r.methods.iter().any(|m| {
                let spec = &s.methods[m];
                spec.factor == f && !kept(m) && (!spec.device_bound || registered)
            })
        };
        has(Factor::Passwordless) || (has(Factor::First) && (!mfa || has(Factor::Second)))
    })
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
