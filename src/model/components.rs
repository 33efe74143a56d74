//! Components and common-cause events compiled: names become indices, and every
//! set of components some path needs gets a `NeedsId` of its own.

use super::schedule::Schedule;
use crate::scenario::{Scenario, Scope};
use crate::streams::Purpose;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone)]
pub struct ComponentSpec {
    pub name: String,
    pub scope: Scope,
    pub schedule: Schedule,
    /// Where a global component's failures are drawn from.
    pub stream: Purpose,
    /// Position among per-user components (their timelines live with the user).
    pub per_user_slot: Option<usize>,
    /// A redundancy group's copies, and how many must be up (1 of 1 for a lone component).
    pub instances: u32,
    pub needed: u32,
    /// A per-user component's chance of not being at hand on any one day.
    pub daily_unavailability: f64,
}

#[derive(Debug, Clone)]
pub struct CommonCauseSpec {
    pub name: String,
    pub schedule: Schedule,
    pub stream: Purpose,
    pub components: Vec<usize>,
}

/// A set of components that must all be up: the global ones folded into one
/// timeline per replication, the per-user ones checked on the user's own.
#[derive(Debug, Clone)]
pub struct Needs {
    pub global: Vec<usize>,
    pub per_user: Vec<usize>,
    /// The global components whose load is counted (see `capacity`), by their
    /// place in `World::watched`.
    pub watched: Vec<usize>,
}

/// Which of the world's sets of needs a path has: the index of its union timeline
/// in every replication, and of the user's cursor into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NeedsId(pub usize);

/// The components a variant's paths use, by name; unused ones are left out (their
/// random streams are named, so leaving them out changes no other draw).
#[derive(Debug, Clone)]
pub struct Components {
    pub specs: Vec<ComponentSpec>,
    by_name: BTreeMap<String, usize>,
    /// Component index of each per-user slot.
    pub per_user: Vec<usize>,
    /// Every set of needs, by `NeedsId`.
    pub needs: Vec<Needs>,
    /// The id of each set, so that paths that need the same components share one
    /// timeline, found in logarithmic time however many paths there are.
    ids: BTreeMap<(Vec<usize>, Vec<usize>), NeedsId>,
}

impl Components {
    pub fn new(s: &Scenario) -> Self {
        let used: BTreeSet<&str> = s.used_components();
        let mut components = Components {
            specs: Vec::new(),
            by_name: BTreeMap::new(),
            per_user: Vec::new(),
            needs: Vec::new(),
            ids: BTreeMap::new(),
        };
        for (name, c) in s
            .components
            .iter()
            .filter(|(n, _)| used.contains(n.as_str()))
        {
            let index = components.specs.len();
            let per_user_slot = (c.scope == Scope::PerUser).then(|| {
                components.per_user.push(index);
                components.per_user.len() - 1
            });
            components.by_name.insert(name.clone(), index);
            components.specs.push(ComponentSpec {
                name: name.clone(),
                scope: c.scope,
                schedule: Schedule::new(c.schedule(), s.simulation.horizon.0),
                stream: Purpose::named(&format!("component/{name}")),
                per_user_slot,
                instances: c.instances,
                needed: c.needed,
                daily_unavailability: c.daily_unavailability,
            });
        }
        components
    }

    /// The common-cause events that take down some used component.
    pub fn common_cause(&self, s: &Scenario) -> Vec<CommonCauseSpec> {
        s.common_cause
            .iter()
            .filter_map(|(name, e)| {
                let components: Vec<usize> = e
                    .components
                    .iter()
                    .filter_map(|c| self.by_name.get(c).copied())
                    .collect();
                (!components.is_empty()).then(|| CommonCauseSpec {
                    name: name.clone(),
                    schedule: Schedule::new(e.schedule(), s.simulation.horizon.0),
                    stream: Purpose::named(&format!("common_cause/{name}")),
                    components,
                })
            })
            .collect()
    }

    /// Registers the set of `names` (all used, so all known) and returns its id.
    pub fn needs(&mut self, names: &[String]) -> NeedsId {
        self.needs_of(names.iter())
    }

    /// The set of every name the lists give, once each; `None` when there are none.
    pub fn union<'a>(&mut self, lists: &[&'a [String]]) -> Option<NeedsId> {
        let names: BTreeSet<&'a String> = lists.iter().flat_map(|l| l.iter()).collect();
        (!names.is_empty()).then(|| self.needs_of(names.into_iter()))
    }

    fn needs_of<'a>(&mut self, names: impl Iterator<Item = &'a String>) -> NeedsId {
        let mut ids: Vec<usize> = names.map(|n| self.by_name[n]).collect();
        ids.sort_unstable();
        ids.dedup();
        let (global, per_user): (Vec<usize>, Vec<usize>) = ids
            .into_iter()
            .partition(|&i| self.specs[i].per_user_slot.is_none());
        let per_user: Vec<usize> = per_user
            .iter()
            .map(|&i| self.specs[i].per_user_slot.expect("a per-user component"))
            .collect();
        let next = NeedsId(self.needs.len());
        let id = *self
            .ids
            .entry((global.clone(), per_user.clone()))
            .or_insert(next);
        if id == next {
            self.needs.push(Needs {
                global,
                per_user,
                watched: Vec::new(),
            });
        }
        id
    }
}
