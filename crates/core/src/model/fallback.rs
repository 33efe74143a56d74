//! Hybrid fallback switches compiled: the method a switch replaces, the one it
//! brings in, and its delays in seconds.

use super::World;
use super::admins::{self, Actors, Unable};
use super::cohorts::Names;
use super::timeline::Timeline;
use crate::scenario::{Fallback, Scenario};
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct FallbackSpec {
    pub name: String,
    /// Methods by index: the one replaced, whose path the operator watches, and
    /// the one sign-ins use while the switch is in effect.
    pub method: usize,
    pub to: usize,
    /// Infinity: the operator never switches.
    pub decide_after: f64,
    pub propagation: f64,
    /// Infinity: the switch stays.
    pub switch_back: f64,
    /// Who must sign in to switch; `None`: the operator is always signed in.
    pub actors: Option<Actors>,
}

impl FallbackSpec {
    pub fn new(
        name: &str,
        f: &Fallback,
        names: &Names,
        (s, cohorts): (&Scenario, &BTreeMap<&str, usize>),
    ) -> Self {
        FallbackSpec {
            name: name.to_string(),
            method: names.method(&f.method),
            to: names.method(&f.to),
            decide_after: f.decide_after.seconds(),
            propagation: f.propagation.0,
            switch_back: f.switch_back.seconds(),
            actors: Actors::new(&f.acted_by, s, cohorts),
        }
    }

    /// The path the operator watches going down: the replaced method's, from the
    /// replication's timelines of each set of needs.
    pub fn watched<'o>(&self, world: &World, needs: &'o [Timeline]) -> &'o Timeline {
        &needs[world.methods[self.method].needs.0]
    }

    /// When the switch is in effect: from the decision (once the path has been
    /// down `decide_after`, counted from when an admin can sign in), the
    /// runbook and the propagation, until `switch_back` after the path recovers.
    pub fn in_effect(&self, world: &World, needs: &[Timeline], unable: &Unable) -> Timeline {
        let path = self.watched(world, needs);
        let delays = (self.decide_after, self.propagation, self.switch_back);
        match &self.actors {
            None => path.after_lasting(delays.0, delays.1, delays.2),
            Some(a) => admins::gated(path, unable.of(a), a.runbook, delays),
        }
    }
}
