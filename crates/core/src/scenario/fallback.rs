//! `[fallback.NAME]`: a hybrid fallback switch, e.g. password hash sync kept on
//! standby for a federated domain. Switching is an operator's decision plus
//! propagation, not a per-sign-in choice: while the switch is in effect, sign-ins
//! use `to` in place of `method`.

use super::admins::check_acted_by;
use super::duration::{Limit, Offset};
use super::path::{FieldPath, Problem};
use super::validate::require_one;
use super::{Factor, Scenario, Scope};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fallback {
    /// The method the switch stands in for; its path going down starts the clock.
    pub method: String,
    /// The method sign-ins use once the switch is in effect.
    pub to: String,
    /// How long the path must have been down before an operator decides to switch
    /// ("never": the switch is never used)...
    pub decide_after: Limit,
    /// ...how long the change then takes to reach every sign-in...
    pub propagation: Offset,
    /// ...and how long after the path recovers the switch is undone ("never": it stays).
    pub switch_back: Limit,
    /// The cohorts whose people sign in to switch; `admins.cohorts` when none is named.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acted_by: Vec<String>,
}

impl Fallback {
    pub(super) fn check(&self, s: &Scenario, at: &FieldPath) -> Result<(), Problem> {
        require_one(&self.method, &s.methods, "method", &at.key("method"))?;
        require_one(&self.to, &s.methods, "method", &at.key("to"))?;
        check_acted_by(&self.acted_by, s, at)?;
        // One switch per method: a second would act while the first is counted.
        if let Some((other, _)) = s
            .fallback
            .iter()
            .find(|(_, f)| f.method == self.method && !std::ptr::eq(*f, self))
        {
            return Err(Problem::new(
                at.key("method"),
                format!(
                    "`fallback.{other}` switches `{}` over already: one switch per method",
                    self.method
                ),
            ));
        }
        let (from, into) = (s.methods[&self.method].factor, s.methods[&self.to].factor);
        if from == Factor::Second || into == Factor::Second {
            return Err(Problem::new(
                at.key("to"),
                "a fallback switch replaces a first factor (or passwordless method) with another",
            ));
        }
        if self.method == self.to {
            return Err(Problem::new(
                at.key("to"),
                "a method cannot fall back to itself",
            ));
        }
        Ok(())
    }

    /// Registering the fallback method as well would make it an instant,
    /// per-sign-in fallback: almost surely the old way of modelling it.
    pub(super) fn warnings(&self, s: &Scenario, at: &FieldPath, warnings: &mut Vec<Problem>) {
        let registers = |method: &String| {
            s.cohorts
                .values()
                .flat_map(|c| &c.registrations)
                .any(|r| r.methods.contains(method))
        };
        if !registers(&self.method) {
            warnings.push(Problem::new(
                at.key("method"),
                format!(
                    "no cohort registered `{}`, so the switch changes nothing",
                    self.method
                ),
            ));
        }
        // The switch watches the tenant's components the method needs; with none it never fires.
        let shared = s.methods[&self.method]
            .requires
            .iter()
            .any(|c| s.components[c].scope == Scope::Global);
        if !shared {
            warnings.push(Problem::new(
                at.key("method"),
                format!(
                    "`{}` needs no global component, so nothing the switch watches can go down",
                    self.method
                ),
            ));
        }
        if registers(&self.to) {
            warnings.push(Problem::new(
                at.key("to"),
                format!(
                    "`{}` is also registered, so users fall back to it at once, switch or not: \
                     remove it from the registrations",
                    self.to
                ),
            ));
        }
    }
}
