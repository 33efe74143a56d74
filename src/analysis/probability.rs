//! A path's probability of failure from its diagram: averaged over the measured
//! period, fixed windows where they fall and random failures at their long-run
//! share; or with every event at its average share, independent (what a fault
//! tree tool computes from the exported probabilities).

use super::bdd::{Bdd, Node, Var};
use super::events::Event;

pub struct Evaluator<'e> {
    events: &'e [Event],
    /// Stretches of the measured period with no fixed window starting or ending
    /// inside: (midpoint, share of the period).
    stretches: Vec<(f64, f64)>,
    from: f64,
    to: f64,
}

impl<'e> Evaluator<'e> {
    pub fn new(events: &'e [Event], from: f64, to: f64) -> Self {
        let mut edges: Vec<f64> = events
            .iter()
            .flat_map(|e| e.fixed.windows().iter().flat_map(|w| [w.start, w.end]))
            .filter(|&t| t > from && t < to)
            .chain([from, to])
            .collect();
        edges.sort_by(f64::total_cmp);
        edges.dedup();
        let stretches = edges
            .windows(2)
            .map(|w| ((w[0] + w[1]) / 2.0, (w[1] - w[0]) / (to - from)))
            .collect();
        Evaluator {
            events,
            stretches,
            from,
            to,
        }
    }

    /// The share of the period `f` fails, with `fixed` = (event, probability)
    /// held there throughout.
    pub fn averaged(&self, bdd: &Bdd, f: Node, fixed: Option<(usize, f64)>) -> f64 {
        self.stretches
            .iter()
            .map(|&(t, weight)| {
                let q = |v: Var| match fixed {
                    Some((e, p)) if e == v as usize => p,
                    _ => self.events[v as usize].unavailability_at(t),
                };
                weight * bdd.probability(f, &q)
            })
            .sum()
    }

    pub fn independent(&self, bdd: &Bdd, f: Node) -> f64 {
        let q = |v: Var| self.events[v as usize].unavailability(self.from, self.to);
        bdd.probability(f, &q)
    }
}
