//! `time_to_act`: for each fallback switch and contingency rule, how long after
//! each incident (each outage of what it watches that starts after the warm-up)
//! it took effect, or that it did not before the outage ended. An admin must
//! sign in first (see `model::admins`), so this is where a federated-only admin
//! team shows. It depends on the replication's global timelines alone, so it
//! is measured from them, apart from the users: the same for any thread count
//! and any split of the run into shards.

use super::stats::Estimate;
use crate::model::World;
use crate::model::admins::Actors;
use crate::model::outages::Outages;
use crate::model::timeline::Timeline;
use crate::units::HOUR;
use rayon::prelude::*;

/// A switch's or a rule's incidents in one replication.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Acted {
    pub incidents: u32,
    /// Incidents it took effect in before their end...
    pub acted: u32,
    /// ...and the hours from their start to that, summed.
    pub hours: f64,
}

impl Acted {
    /// The incidents of `watched`, and when `effect` first holds in each.
    pub fn of(watched: &Timeline, effect: &Timeline, world: &World) -> Acted {
        let mut out = Acted::default();
        for w in watched
            .windows()
            .iter()
            .filter(|w| w.start >= world.warmup && w.start < world.horizon)
        {
            out.incidents += 1;
            if let Some(t) = first_within(effect, w.start, w.end) {
                out.acted += 1;
                out.hours += (t - w.start) / HOUR;
            }
        }
        out
    }
}

/// The first instant in `[start, end)` at which `effect` holds.
fn first_within(effect: &Timeline, start: f64, end: f64) -> Option<f64> {
    if effect.contains(start) {
        return Some(start);
    }
    let windows = effect.windows();
    let next = windows.partition_point(|w| w.start < start);
    windows.get(next).map(|w| w.start).filter(|&t| t < end)
}

/// One switch or rule of one variant, over the replications.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionResult {
    pub variant: String,
    /// `fallback` or `contingency`.
    pub kind: &'static str,
    pub name: String,
    /// The acting cohorts' names; empty: it acts without anyone signing in.
    pub acted_by: Vec<String>,
    /// Per replication.
    pub replications: Vec<Acted>,
}

impl ActionResult {
    /// The mean hours to act over the replications with an incident acted on;
    /// `None` where none was.
    pub fn time_to_act_hours(&self) -> Option<Estimate> {
        let means: Vec<f64> = self
            .replications
            .iter()
            .filter(|r| r.acted > 0)
            .map(|r| r.hours / f64::from(r.acted))
            .collect();
        (!means.is_empty()).then(|| Estimate::from_samples(&means))
    }

    /// Of every incident over the replications, the share never acted on;
    /// `None` where there was none.
    pub fn never_share(&self) -> Option<f64> {
        let incidents: u32 = self.replications.iter().map(|r| r.incidents).sum();
        let acted: u32 = self.replications.iter().map(|r| r.acted).sum();
        (incidents > 0).then(|| f64::from(incidents - acted) / f64::from(incidents))
    }

    pub fn incidents_per_replication(&self) -> f64 {
        let incidents: u32 = self.replications.iter().map(|r| r.incidents).sum();
        f64::from(incidents) / self.replications.len().max(1) as f64
    }
}

/// Every switch and rule of every variant over replications `0..replications`,
/// each replication's timelines drawn again exactly as the run drew them.
pub fn measure(worlds: &[World], seed: u64, replications: u32) -> Vec<ActionResult> {
    let per_replication: Vec<Vec<Vec<Acted>>> = (0..replications)
        .into_par_iter()
        .map(|r| {
            worlds
                .iter()
                .filter(|w| acts(w))
                .map(|w| one(w, &Outages::draw(w, seed, r)))
                .collect()
        })
        .collect();
    let mut out = Vec::new();
    for (v, world) in worlds.iter().filter(|w| acts(w)).enumerate() {
        let names = |actors: Option<&Actors>| {
            actors.map_or(Vec::new(), |a| {
                a.cohorts
                    .iter()
                    .map(|&c| world.cohorts[c].name.clone())
                    .collect()
            })
        };
        let each = world
            .fallback
            .iter()
            .map(|f| ("fallback", &f.name, names(f.actors.as_ref())))
            .chain(
                world
                    .contingency
                    .iter()
                    .map(|c| ("contingency", &c.name, names(c.actors.as_ref()))),
            );
        for (i, (kind, name, acted_by)) in each.enumerate() {
            out.push(ActionResult {
                variant: world.variant.clone(),
                kind,
                name: name.clone(),
                acted_by,
                replications: per_replication.iter().map(|r| r[v][i]).collect(),
            });
        }
    }
    out
}

/// Whether a world has anything to act on.
pub fn acts(world: &World) -> bool {
    !world.fallback.is_empty() || !world.contingency.is_empty()
}

/// Each switch, then each rule, in one replication.
fn one(world: &World, o: &Outages) -> Vec<Acted> {
    let switches = world
        .fallback
        .iter()
        .zip(&o.fallback)
        .map(|(f, effect)| Acted::of(f.watched(world, &o.needs), effect, world));
    let rules = world
        .contingency
        .iter()
        .zip(&o.contingency)
        .map(|(c, effect)| Acted::of(&c.watched(world, &o.components), effect, world));
    switches.chain(rules).collect()
}
