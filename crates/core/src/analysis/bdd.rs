//! A reduced ordered binary decision diagram of a fault tree: the exact
//! probability of its top event (Shannon decomposition, each node once), which
//! holds for a non-coherent tree too (a contingency rule in effect only while a
//! component is down puts that component's "up" in the tree), and its minimal cut
//! sets (`implicants`). A scenario's trees have a few dozen basic events, so plain
//! hash tables suffice; a hostile one is stopped by the bounds of
//! `scenario::limits`: the diagram's nodes, and the steps of the cut-set search.

mod implicants;

pub use implicants::{CutSets, Literal};

use crate::scenario::limits::MAX_BDD_NODES;
use std::collections::HashMap;

/// A basic event's index.
pub type Var = u32;

/// A node: 0 is "never fails", 1 "fails".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Node(u32);

pub const NEVER: Node = Node(0);
pub const FAILS: Node = Node(1);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Op {
    And,
    Or,
    Not,
}

#[derive(Debug, Default)]
pub struct Bdd {
    /// (event, low: the event does not occur, high: it occurs).
    nodes: Vec<(Var, Node, Node)>,
    unique: HashMap<(Var, Node, Node), Node>,
    computed: HashMap<(Op, Node, Node), Node>,
    /// Set once the diagram reached `MAX_BDD_NODES`: every operation since is void.
    full: bool,
}

impl Bdd {
    pub fn new() -> Self {
        Bdd {
            nodes: vec![(Var::MAX, NEVER, NEVER), (Var::MAX, FAILS, FAILS)],
            ..Bdd::default()
        }
    }

    pub fn var(&mut self, v: Var) -> Node {
        self.make(v, NEVER, FAILS)
    }

    /// Nodes in the diagram, the two constants included.
    pub fn size(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the diagram outgrew `MAX_BDD_NODES`, so that what it computed is void.
    pub fn is_full(&self) -> bool {
        self.full
    }

    fn make(&mut self, v: Var, low: Node, high: Node) -> Node {
        if low == high {
            return low;
        }
        if let Some(&n) = self.unique.get(&(v, low, high)) {
            return n;
        }
        if self.nodes.len() >= MAX_BDD_NODES {
            self.full = true;
            return NEVER;
        }
        let n = Node(self.nodes.len() as u32);
        self.nodes.push((v, low, high));
        self.unique.insert((v, low, high), n);
        n
    }

    fn top(&self, n: Node) -> Var {
        self.nodes[n.0 as usize].0
    }

    /// The cofactors of `n` on `v`: (v does not occur, v occurs).
    fn cofactors(&self, n: Node, v: Var) -> (Node, Node) {
        let (top, low, high) = self.nodes[n.0 as usize];
        if top == v { (low, high) } else { (n, n) }
    }

    fn apply(&mut self, op: Op, a: Node, b: Node) -> Node {
        if self.full {
            return NEVER;
        }
        match (op, a, b) {
            (Op::And, NEVER, _) | (Op::And, _, NEVER) => return NEVER,
            (Op::Or, FAILS, _) | (Op::Or, _, FAILS) => return FAILS,
            (Op::And, FAILS, x) | (Op::And, x, FAILS) | (Op::Or, NEVER, x) | (Op::Or, x, NEVER) => {
                return x;
            }
            _ if a == b => return a,
            _ => {}
        }
        let key = (op, a.min(b), a.max(b));
        if let Some(&n) = self.computed.get(&key) {
            return n;
        }
        let v = self.top(a).min(self.top(b));
        let (a0, a1) = self.cofactors(a, v);
        let (b0, b1) = self.cofactors(b, v);
        let low = self.apply(op, a0, b0);
        let high = self.apply(op, a1, b1);
        let n = self.make(v, low, high);
        self.computed.insert(key, n);
        n
    }

    pub fn and(&mut self, a: Node, b: Node) -> Node {
        self.apply(Op::And, a, b)
    }

    pub fn or(&mut self, a: Node, b: Node) -> Node {
        self.apply(Op::Or, a, b)
    }

    /// Fails exactly when `a` does not: the same diagram with its constants swapped.
    pub fn not(&mut self, a: Node) -> Node {
        match a {
            _ if self.full => return NEVER,
            NEVER => return FAILS,
            FAILS => return NEVER,
            _ => {}
        }
        let key = (Op::Not, a, a);
        if let Some(&n) = self.computed.get(&key) {
            return n;
        }
        let (v, low, high) = self.nodes[a.0 as usize];
        let (low, high) = (self.not(low), self.not(high));
        let n = self.make(v, low, high);
        self.computed.insert(key, n);
        n
    }

    /// At least `k` of `xs` occur: (x0 and k-1 of the rest) or (k of the rest).
    pub fn at_least(&mut self, k: usize, xs: &[Node]) -> Node {
        // row[j]: at least j of the events seen so far, built from the last one back.
        let mut row: Vec<Node> = (0..=k)
            .map(|j| if j == 0 { FAILS } else { NEVER })
            .collect();
        for &x in xs.iter().rev() {
            for j in (1..=k).rev() {
                let with = self.and(x, row[j - 1]);
                row[j] = self.or(with, row[j]);
            }
        }
        row[k]
    }

    /// Whether `f` occurs with the events `down` says occur: one path down the diagram.
    pub fn occurs(&self, f: Node, down: &dyn Fn(Var) -> bool) -> bool {
        let mut n = f;
        while n != NEVER && n != FAILS {
            let (v, low, high) = self.nodes[n.0 as usize];
            n = if down(v) { high } else { low };
        }
        n == FAILS
    }

    /// The probability that `f` occurs, `q(v)` that of each event, independent:
    /// one pass up the diagram, as a node's children are always made before it.
    pub fn probability(&self, f: Node, q: &dyn Fn(Var) -> f64) -> f64 {
        self.probabilities(f, q)[f.0 as usize]
    }

    /// The probability of every node up to `f`.
    fn probabilities(&self, f: Node, q: &dyn Fn(Var) -> f64) -> Vec<f64> {
        let mut p = vec![0.0, 1.0];
        for &(v, low, high) in self.nodes.get(2..=f.0 as usize).unwrap_or_default() {
            let qv = q(v);
            p.push(qv * p[high.0 as usize] + (1.0 - qv) * p[low.0 as usize]);
        }
        p
    }

    /// The probability of `f` and its derivative by each event's probability,
    /// by a pass up and one back down the diagram. The probability is linear in
    /// each event's, so with event `v` sure to occur it is P + (1 - q(v)) * dP[v],
    /// and with `v` sure not to, P - q(v) * dP[v]: every event's importance at once.
    pub fn gradient(&self, f: Node, q: &dyn Fn(Var) -> f64) -> (f64, HashMap<Var, f64>) {
        let p = self.probabilities(f, q);
        let mut reach = vec![0.0; p.len()];
        reach[f.0 as usize] = 1.0;
        let mut derivative: HashMap<Var, f64> = HashMap::new();
        for n in (2..p.len()).rev() {
            let (v, low, high) = self.nodes[n];
            if reach[n] == 0.0 {
                continue;
            }
            let qv = q(v);
            reach[high.0 as usize] += reach[n] * qv;
            reach[low.0 as usize] += reach[n] * (1.0 - qv);
            *derivative.entry(v).or_default() +=
                reach[n] * (p[high.0 as usize] - p[low.0 as usize]);
        }
        (p[f.0 as usize], derivative)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_negation_fails_exactly_when_its_argument_does_not() {
        // a and not b: probability q_a (1 - q_b); twice negated, the same node.
        let mut b = Bdd::new();
        let (x, y) = (b.var(0), b.var(1));
        let not_y = b.not(y);
        let f = b.and(x, not_y);
        let q = |v: Var| [0.3, 0.2][v as usize];
        assert!((b.probability(f, &q) - 0.3 * 0.8).abs() < 1e-15);
        let not_f = b.not(f);
        assert!((b.probability(not_f, &q) - (1.0 - 0.3 * 0.8)).abs() < 1e-15);
        assert_eq!(b.not(not_f), f);
    }

    #[test]
    fn a_diagram_past_its_bound_says_so() {
        // Pairs (a_i or b_i), all of them, with every a before every b: 2^n nodes.
        let mut b = Bdd::new();
        let mut f = FAILS;
        for i in 0..40 {
            let (x, y) = (b.var(i), b.var(40 + i));
            let either = b.or(x, y);
            f = b.and(f, either);
        }
        assert!(b.is_full());
        assert!(b.size() <= MAX_BDD_NODES);
    }
}
