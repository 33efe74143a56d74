//! `[fallback.NAME]`: a hybrid fallback switch, e.g. password hash sync kept on
//! standby for a federated domain. Switching is an operator's decision plus
//! propagation, not a per-sign-in choice: while the switch is in effect, sign-ins
//! use `to` in place of `method`.

use super::duration::{Limit, Offset};
use super::path::{FieldPath, Problem};
use super::validate::require_known;
use super::{Factor, Scenario};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
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
}

impl Fallback {
    pub(super) fn check(&self, s: &Scenario, at: &FieldPath) -> Result<(), Problem> {
        let method = std::slice::from_ref(&self.method);
        require_known(method, &s.methods, "method", &at.key("method"))?;
        let to = std::slice::from_ref(&self.to);
        require_known(to, &s.methods, "method", &at.key("to"))?;
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
        let registered = s
            .cohorts
            .values()
            .flat_map(|c| &c.registrations)
            .any(|r| r.methods.contains(&self.to));
        if registered {
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
