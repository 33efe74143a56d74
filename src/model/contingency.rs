//! Contingency access policies compiled: which components a rule watches, for
//! how long, what it does and to whom.

use super::cohorts::Names;
use super::components::{Components, NeedsId};
use crate::scenario::{Contingency, ContingencyAction};

#[derive(Debug, Clone)]
pub struct ContingencySpec {
    pub name: String,
    /// Global components: the rule is in effect once any has been down `after`.
    pub watches: NeedsId,
    /// Infinity: the rule is off.
    pub after: f64,
    pub action: Action,
    /// The names of the cohorts the rule applies to; none: every cohort.
    pub cohorts: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Action {
    AcceptCompliantDevice,
    /// The method (by index) the rule lets users sign in with.
    AllowMethod(usize),
    Block,
}

impl ContingencySpec {
    pub fn new(name: &str, c: &Contingency, names: &Names, components: &mut Components) -> Self {
        ContingencySpec {
            name: name.to_string(),
            watches: components.needs(&c.when_down),
            after: c.after.seconds(),
            action: match (c.action, &c.method) {
                (ContingencyAction::AcceptCompliantDevice, _) => Action::AcceptCompliantDevice,
                (ContingencyAction::Block, _) => Action::Block,
                (ContingencyAction::AllowMethod, method) => {
                    let method = method.as_deref().expect("validated: a method");
                    Action::AllowMethod(names.method(method))
                }
            },
            cohorts: c.cohorts.clone(),
        }
    }
}
