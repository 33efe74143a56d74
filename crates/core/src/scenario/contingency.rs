//! `[contingency.NAME]`: a rule that changes what sign-in requires while a
//! component is down, saving lockouts at a security cost that is counted.

use super::admins::check_acted_by;
use super::duration::{Duration, Limit};
use super::path::{FieldPath, Problem};
use super::validate::{require_known, require_one};
use super::{Scenario, Scope};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contingency {
    /// The rule applies while any of these (global) components has been down...
    pub when_down: Vec<String>,
    /// ...for at least this long ("never": the rule is off).
    #[serde(default = "immediately")]
    pub after: Limit,
    pub action: ContingencyAction,
    /// `allow_method`: the method the rule lets users sign in with, only then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// The cohorts the rule applies to; every cohort when none is named.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cohorts: Vec<String>,
    /// The cohorts whose people sign in to turn the rule on; `admins.cohorts`
    /// when none is named.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acted_by: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContingencyAction {
    /// A registered (compliant) device stands in for MFA.
    AcceptCompliantDevice,
    /// A named method, unusable otherwise, signs users in.
    AllowMethod,
    /// The cohorts get no token: interactive sign-ins and silent renewals are refused.
    Block,
}

fn immediately() -> Limit {
    Limit::After(Duration::of(0.001))
}

impl Contingency {
    pub(super) fn check(&self, s: &Scenario, at: &FieldPath) -> Result<(), Problem> {
        let watched = at.key("when_down");
        if self.when_down.is_empty() {
            return Err(Problem::new(
                watched,
                "name the components whose outage sets the rule off",
            ));
        }
        require_known(&self.when_down, &s.components, "component", &watched)?;
        if let Some(i) = self
            .when_down
            .iter()
            .position(|c| s.components[c].scope == Scope::PerUser)
        {
            return Err(Problem::new(
                watched.index(i),
                "a contingency rule is the tenant's: it can only watch global components",
            ));
        }
        require_known(&self.cohorts, &s.cohorts, "cohort", &at.key("cohorts"))?;
        check_acted_by(&self.acted_by, s, at)?;
        match (self.action, &self.method) {
            (ContingencyAction::AllowMethod, Some(method)) => {
                require_one(method, &s.methods, "method", &at.key("method"))
            }
            (ContingencyAction::AllowMethod, None) => Err(Problem::new(
                at.key("action"),
                "allow_method needs the method it allows: add method = \"...\"",
            )),
            (_, Some(_)) => Err(Problem::new(
                at.key("method"),
                "only an allow_method rule names a method; remove it",
            )),
            (_, None) => Ok(()),
        }
    }
}

impl Contingency {
    /// A method no cohort of the rule registered is allowed for nobody.
    pub(super) fn warnings(&self, s: &Scenario, at: &FieldPath, warnings: &mut Vec<Problem>) {
        let Some(method) = self
            .method
            .as_ref()
            .filter(|_| self.action == ContingencyAction::AllowMethod)
        else {
            return;
        };
        let registered = s
            .cohorts
            .iter()
            .filter(|(name, _)| self.cohorts.is_empty() || self.cohorts.contains(name))
            .flat_map(|(_, c)| &c.registrations)
            .any(|r| r.methods.contains(method));
        if !registered {
            warnings.push(Problem::new(
                at.key("method"),
                format!("no cohort the rule applies to registered `{method}`, so the rule lets no one in"),
            ));
        }
    }
}
