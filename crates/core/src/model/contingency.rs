//! Contingency access policies compiled: which components a rule watches, for
//! how long, what it does and to whom.

use super::World;
use super::admins::{self, Actors, Unable};
use super::cohorts::Names;
use super::components::{Components, NeedsId};
use super::timeline::Timeline;
use crate::scenario::{Contingency, ContingencyAction, Scenario};
use std::collections::BTreeMap;

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
    /// Who must sign in to turn the rule on; `None`: it turns on by itself.
    pub actors: Option<Actors>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Action {
    AcceptCompliantDevice,
    /// The method (by index) the rule lets users sign in with.
    AllowMethod(usize),
    Block,
}

impl ContingencySpec {
    pub fn new(
        name: &str,
        c: &Contingency,
        (names, s, cohorts): (&Names, &Scenario, &BTreeMap<&str, usize>),
        components: &mut Components,
    ) -> Self {
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
            actors: Actors::new(&c.acted_by, s, cohorts),
        }
    }

    /// When any watched component is down, from the replication's component timelines.
    pub fn watched(&self, world: &World, components: &[Timeline]) -> Timeline {
        let mut t = Timeline::default();
        for &watched in &world.needs[self.watches.0].global {
            t.extend(&components[watched]);
        }
        t.seal();
        t
    }

    /// When the rule is in effect: once any one watched component has been down
    /// `after` (counted from when an admin can sign in) and the runbook is
    /// done, until it recovers.
    pub fn in_effect(&self, world: &World, components: &[Timeline], unable: &Unable) -> Timeline {
        let mut t = Timeline::default();
        for &watched in &world.needs[self.watches.0].global {
            let down = &components[watched];
            t.extend(&match &self.actors {
                Some(a) => admins::gated(down, unable.of(a), a.runbook, (self.after, 0.0, 0.0)),
                None => down.after_lasting(self.after, 0.0, 0.0),
            });
        }
        t.seal();
        t
    }
}
