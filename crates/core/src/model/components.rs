//! Components and common-cause events compiled: names become indices, and every
//! set of components some path needs gets a `NeedsId` of its own.

use super::degradation::{Degraded, Slow};
use super::schedule::Schedule;
use crate::scenario::{Component, FailureSchedule, Outage, Scenario, Scope};
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
    /// Windows in which it fails a share of requests or answers slowly.
    pub degraded: Vec<Slow>,
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
    /// A certificate method's revocation check (by index into `World::crl`),
    /// whose windows join the timeline of its method's needs.
    pub crl: Option<usize>,
    /// The global components' degradation windows, merged.
    pub degraded: Degraded,
    /// The global components whose load is counted (see `capacity`), by their
    /// place in `World::watched`.
    pub watched: Vec<usize>,
}

/// Which of the world's sets of needs a path has: the index of its union timeline
/// in every replication, and of the user's cursor into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NeedsId(pub usize);

/// A set of needs as `Components` finds it: global components, per-user slots
/// and the revocation check, if any.
type NeedsKey = (Vec<usize>, Vec<usize>, Option<usize>);

/// The components a variant's paths use, by name; unused ones are left out (their
/// random streams are named, so leaving them out changes no other draw).
#[derive(Debug, Clone)]
pub struct Components {
    pub specs: Vec<ComponentSpec>,
    /// Each name's instances: one, or one per region (by index into `regions`).
    by_name: BTreeMap<String, Vec<(Option<usize>, usize)>>,
    /// Every region a used component lists, in order.
    pub regions: Vec<String>,
    /// Component index of each per-user slot.
    pub per_user: Vec<usize>,
    /// Every set of needs, by `NeedsId`.
    pub needs: Vec<Needs>,
    /// The id of each set, so that paths that need the same components share one
    /// timeline, found in logarithmic time however many paths there are.
    ids: BTreeMap<NeedsKey, NeedsId>,
}

impl Components {
    pub fn new(s: &Scenario) -> Self {
        let used: BTreeSet<&str> = s.used_components();
        let used = || {
            s.components
                .iter()
                .filter(|(n, _)| used.contains(n.as_str()))
        };
        let regions: BTreeSet<&String> = used().flat_map(|(_, c)| &c.regions).collect();
        let mut components = Components {
            specs: Vec::new(),
            by_name: BTreeMap::new(),
            regions: regions.into_iter().cloned().collect(),
            per_user: Vec::new(),
            needs: Vec::new(),
            ids: BTreeMap::new(),
        };
        for (name, c) in used() {
            if c.regions.is_empty() {
                let index = components.add(name, c, None, s.simulation.horizon.0);
                components.by_name.insert(name.clone(), vec![(None, index)]);
                continue;
            }
            let instances = c
                .regions
                .iter()
                .map(|r| {
                    let region = components.region(r);
                    (
                        region,
                        components.add(name, c, Some(r), s.simulation.horizon.0),
                    )
                })
                .collect();
            components.by_name.insert(name.clone(), instances);
        }
        components
    }

    /// The scenario's name of each compiled component, by index: an instance's
    /// is its component's.
    pub fn sources(&self) -> Vec<&str> {
        let mut names = vec![""; self.specs.len()];
        for (name, instances) in &self.by_name {
            instances.iter().for_each(|&(_, i)| names[i] = name);
        }
        names
    }

    /// The index of `name` among the regions used components list.
    pub fn region(&self, name: &str) -> Option<usize> {
        self.regions.binary_search_by(|r| r.as_str().cmp(name)).ok()
    }

    /// Compiles component `name`, or its instance in `region`, and returns its
    /// index: an instance is named `name (region)` in every output, fails on its
    /// own stream, in the outages and degradation windows that name its region
    /// or none.
    fn add(&mut self, name: &str, c: &Component, region: Option<&String>, horizon: f64) -> usize {
        let index = self.specs.len();
        let per_user_slot = (c.scope == Scope::PerUser).then(|| {
            self.per_user.push(index);
            self.per_user.len() - 1
        });
        let hits =
            |regions: &[String]| region.is_none_or(|r| regions.is_empty() || regions.contains(r));
        let outages: Vec<Outage> = c
            .outages
            .iter()
            .filter(|o| hits(&o.regions))
            .cloned()
            .collect();
        let schedule = FailureSchedule {
            outages: &outages,
            ..c.schedule()
        };
        let (name, stream) = match region {
            None => (name.to_string(), format!("component/{name}")),
            Some(r) => (
                format!("{name} ({r})"),
                format!("component/{name}/region/{r}"),
            ),
        };
        self.specs.push(ComponentSpec {
            name,
            scope: c.scope,
            schedule: Schedule::new(schedule, horizon),
            stream: Purpose::named(&stream),
            per_user_slot,
            instances: c.instances,
            needed: c.needed,
            daily_unavailability: c.daily_unavailability,
            degraded: c
                .degraded
                .iter()
                .filter(|d| hits(&d.regions))
                .map(Slow::new)
                .collect(),
        });
        index
    }

    /// The common-cause events that take down some used component.
    pub fn common_cause(&self, s: &Scenario) -> Vec<CommonCauseSpec> {
        s.common_cause
            .iter()
            .filter_map(|(name, e)| {
                // Every instance of a regional component.
                let components: Vec<usize> = e
                    .components
                    .iter()
                    .filter_map(|c| self.by_name.get(c))
                    .flat_map(|instances| instances.iter().map(|&(_, i)| i))
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

    /// Registers the set of `names` (all used, so all known), every instance of
    /// a regional one, and returns its id.
    pub fn needs(&mut self, names: &[String]) -> NeedsId {
        self.needs_of(names.iter(), None, None)
    }

    /// `needs_in` for a certificate method whose revocation check is `crl`.
    pub fn needs_checked(
        &mut self,
        names: &[String],
        region: Option<usize>,
        crl: Option<usize>,
    ) -> NeedsId {
        self.needs_of(names.iter(), region, crl)
    }

    /// `needs` for a user in `region`: its instance of each regional component
    /// (every instance of one that has none there: validation lets no cohort
    /// need such a one).
    pub fn needs_in(&mut self, names: &[String], region: Option<usize>) -> NeedsId {
        self.needs_of(names.iter(), region, None)
    }

    /// The set of every name the lists give, once each, for a user in `region`;
    /// `None` when there are none.
    pub fn union<'a>(&mut self, lists: &[&'a [String]], region: Option<usize>) -> Option<NeedsId> {
        let names: BTreeSet<&'a String> = lists.iter().flat_map(|l| l.iter()).collect();
        (!names.is_empty()).then(|| self.needs_of(names.into_iter(), region, None))
    }

    fn needs_of<'a>(
        &mut self,
        names: impl Iterator<Item = &'a String>,
        region: Option<usize>,
        crl: Option<usize>,
    ) -> NeedsId {
        let mut ids: Vec<usize> = names
            .flat_map(|n| {
                let instances = &self.by_name[n];
                let own = instances.iter().find(|(r, _)| r.is_some() && *r == region);
                let chosen = match own {
                    Some(one) => std::slice::from_ref(one),
                    None => instances.as_slice(),
                };
                chosen.iter().map(|&(_, i)| i)
            })
            .collect();
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
            .entry((global.clone(), per_user.clone(), crl))
            .or_insert(next);
        if id == next {
            let degraded = Degraded::merge(global.iter().map(|&c| &self.specs[c].degraded[..]));
            self.needs.push(Needs {
                global,
                per_user,
                crl,
                degraded,
                watched: Vec::new(),
            });
        }
        id
    }
}
