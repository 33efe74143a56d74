//! Contingency access policies compiled: which components a rule watches, for
//! how long, what it does and to whom.

use super::cohorts::index_of;
use super::components::{Components, NeedsId};
use crate::scenario::{Contingency, ContingencyAction, Scenario};

#[derive(Debug, Clone)]
pub struct ContingencySpec {
    pub name: String,
    /// Global components: the rule is in effect once any has been down `after`.
    pub watches: NeedsId,
    /// Infinity: the rule is off.
    pub after: f64,
    pub action: Action,
    /// By cohort index: whether the rule applies.
    pub cohorts: Vec<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Action {
    AcceptCompliantDevice,
    /// The method (by index) the rule lets users sign in with.
    AllowMethod(usize),
    Block,
}

impl ContingencySpec {
    pub fn new(name: &str, c: &Contingency, s: &Scenario, components: &mut Components) -> Self {
        ContingencySpec {
            name: name.to_string(),
            watches: components.needs(&c.when_down),
            after: c.after.seconds(),
            action: match (c.action, &c.method) {
                (ContingencyAction::AcceptCompliantDevice, _) => Action::AcceptCompliantDevice,
                (ContingencyAction::Block, _) => Action::Block,
                (ContingencyAction::AllowMethod, method) => {
                    let method = method.as_deref().expect("validated: a method");
                    Action::AllowMethod(index_of(s.methods.keys(), method))
                }
            },
            cohorts: s
                .cohorts
                .keys()
                .map(|cohort| c.cohorts.is_empty() || c.cohorts.contains(cohort))
                .collect(),
        }
    }
}
