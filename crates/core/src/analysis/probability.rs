//! A path's probability of failure from its diagram: averaged over a cohort's
//! working time in the measured period, fixed windows where they fall and random
//! failures at their long-run share (they are as likely at any hour); or with
//! every event at its average share over the whole period, independent (what a
//! fault tree tool computes from the exported probabilities).

use super::bdd::{Bdd, Node, Var};
use super::events::Event;
use crate::model::activity::WorkingWeek;
use std::collections::{BTreeMap, BTreeSet};

pub struct Evaluator<'e> {
    events: &'e [Event],
    /// Each distinct set of events held down by a fixed window at once (sorted),
    /// with the share of the cohort's working time it is in force: a weekly
    /// maintenance window over a year is two states, not a hundred stretches.
    states: Vec<(Vec<usize>, f64)>,
    from: f64,
    to: f64,
}

impl<'e> Evaluator<'e> {
    /// Over `week`'s working time in `[from, to)`, or all of it where the cohort
    /// never works then (it has no attempts to weigh).
    pub fn new(events: &'e [Event], (from, to): (f64, f64), week: &WorkingWeek) -> Self {
        let works = week.active_before(to) > week.active_before(from);
        let active = |t: f64| match works {
            true => week.active_before(t),
            false => t,
        };
        let period = active(to) - active(from);
        // (time, event, +1 as a window opens or -1 as it closes), inside the period.
        let mut edges: Vec<(f64, usize, i32)> = Vec::new();
        for (e, event) in events.iter().enumerate() {
            for w in event.fixed.windows() {
                let (start, end) = (w.start.max(from), w.end.min(to));
                if start < end {
                    edges.extend([(start, e, 1), (end, e, -1)]);
                }
            }
        }
        edges.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut open = vec![0; events.len()];
        let mut down: BTreeSet<usize> = BTreeSet::new();
        let mut states: BTreeMap<Vec<usize>, f64> = BTreeMap::new();
        let mut since = from;
        let mut close = |until: f64, down: &BTreeSet<usize>| {
            if until > since {
                let state = down.iter().copied().collect();
                *states.entry(state).or_default() += (active(until) - active(since)) / period;
                since = until;
            }
        };
        for (t, e, change) in edges {
            close(t, &down);
            open[e] += change;
            match open[e] > 0 {
                true => down.insert(e),
                false => down.remove(&e),
            };
        }
        close(to, &down);
        Evaluator {
            events,
            states: states.into_iter().collect(),
            from,
            to,
        }
    }

    /// How many distinct states a path is evaluated in.
    pub fn states(&self) -> usize {
        self.states.len()
    }

    /// The share of the period `f` fails, and for each of `events` the share it
    /// fails with the event held up throughout, and held down.
    pub fn averaged(&self, bdd: &Bdd, f: Node, events: &[usize]) -> (f64, Vec<(f64, f64)>) {
        let mut q_mean = 0.0;
        let mut held = vec![(0.0, 0.0); events.len()];
        for (down, weight) in &self.states {
            let q = |v: Var| match down.binary_search(&(v as usize)) {
                Ok(_) => 1.0,
                Err(_) => self.events[v as usize].random,
            };
            let (p, derivative) = bdd.gradient(f, &q);
            q_mean += weight * p;
            for (&e, (up, down)) in events.iter().zip(&mut held) {
                let (qe, d) = (
                    q(e as Var),
                    derivative.get(&(e as Var)).copied().unwrap_or(0.0),
                );
                *up += weight * (p - qe * d);
                *down += weight * (p + (1.0 - qe) * d);
            }
        }
        (q_mean, held)
    }

    pub fn independent(&self, bdd: &Bdd, f: Node) -> f64 {
        let q = |v: Var| self.events[v as usize].unavailability(self.from, self.to);
        bdd.probability(f, &q)
    }
}
