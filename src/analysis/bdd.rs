//! A reduced ordered binary decision diagram of a fault tree: the exact
//! probability of its top event (Shannon decomposition, each node once) and its
//! minimal cut sets by Rauzy's algorithm (1993) for coherent functions. A
//! scenario's trees have a few dozen basic events, so plain hash tables suffice;
//! a hostile one is stopped by the bounds of `scenario::limits`: the diagram's
//! nodes, and the steps of the cut-set search.

use crate::scenario::limits::{MAX_BDD_NODES, MAX_CUT_SET_STEPS};
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

/// Cut sets, each a sorted list of events, every one of up to `order` events;
/// `truncated` when longer ones were left out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CutSets {
    pub sets: Vec<Vec<Var>>,
    pub truncated: bool,
    pub order: usize,
}

/// The memo of one cut-set search, and its steps (sets made or compared) so far.
#[derive(Default)]
struct Search {
    memo: HashMap<(Node, usize), CutSets>,
    steps: usize,
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

    /// The minimal cut sets of `f` (coherent) with at most `order` events, or
    /// with fewer where listing every one of `order` events would take more than
    /// `MAX_CUT_SET_STEPS`: each order in turn, the last one that finished; with
    /// the steps taken, every order tried.
    pub fn cut_sets(&self, f: Node, order: usize) -> (CutSets, usize) {
        let mut found = CutSets {
            sets: Vec::new(),
            truncated: !matches!(f, NEVER | FAILS),
            order: 0,
        };
        let mut steps = 0;
        for room in 1..=order {
            let mut search = Search::default();
            let sets = self.cut_sets_within(f, room, &mut search);
            steps += search.steps;
            match sets {
                Some(sets) => found = sets,
                None => break,
            }
            if !found.truncated {
                break;
            }
        }
        (found, steps)
    }

    /// For f = v·f1 + f0 with f0 ≤ f1: those of f0, and v added to each of f1's
    /// that holds none of f0's; at most `room` events each. `None` past the steps.
    fn cut_sets_within(&self, n: Node, room: usize, search: &mut Search) -> Option<CutSets> {
        let constant = |sets| {
            Some(CutSets {
                sets,
                truncated: false,
                order: room,
            })
        };
        match n {
            NEVER => return constant(Vec::new()),
            FAILS => return constant(vec![Vec::new()]),
            // Every cut set of a node that is not a constant holds an event.
            _ if room == 0 => {
                return Some(CutSets {
                    sets: Vec::new(),
                    truncated: true,
                    order: 0,
                });
            }
            _ => {}
        }
        if let Some(c) = search.memo.get(&(n, room)) {
            return Some(c.clone());
        }
        let (v, low, high) = self.nodes[n.0 as usize];
        let without = self.cut_sets_within(low, room, search)?;
        let with = self.cut_sets_within(high, room - 1, search)?;
        search.steps += without.sets.len() * (1 + with.sets.len()) + with.sets.len();
        if search.steps > MAX_CUT_SET_STEPS {
            return None;
        }
        let mut result = without.clone();
        result.truncated |= with.truncated;
        result.order = room;
        for s in &with.sets {
            if without.sets.iter().any(|w| contains(s, w)) {
                continue;
            }
            let mut set = s.clone();
            set.push(v);
            set.sort_unstable();
            result.sets.push(set);
        }
        search.memo.insert((n, room), result.clone());
        Some(result)
    }
}

/// Whether sorted `big` holds every event of sorted `small`.
fn contains(big: &[Var], small: &[Var]) -> bool {
    let mut it = big.iter();
    small.iter().all(|x| it.any(|y| y == x))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(mut c: CutSets) -> Vec<Vec<Var>> {
        c.sets.sort();
        c.sets
    }

    #[test]
    fn two_of_three_fails_on_any_two_and_its_probability_is_the_binomial_tail() {
        let mut b = Bdd::new();
        let xs: Vec<Node> = (0..3).map(|v| b.var(v)).collect();
        let f = b.at_least(2, &xs);
        assert_eq!(
            sorted(b.cut_sets(f, 9).0),
            vec![vec![0, 1], vec![0, 2], vec![1, 2]]
        );
        let q = 0.1;
        let p = b.probability(f, &|_| q);
        assert!((p - (3.0 * q * q * (1.0 - q) + q * q * q)).abs() < 1e-15);
    }

    #[test]
    fn a_shared_event_absorbs_the_longer_sets_and_the_order_limit_says_so() {
        // (a or b) and (a or c): a alone, or b and c.
        let mut b = Bdd::new();
        let (x, y, z) = (b.var(0), b.var(1), b.var(2));
        let left = b.or(x, y);
        let right = b.or(x, z);
        let f = b.and(left, right);
        assert_eq!(sorted(b.cut_sets(f, 9).0), vec![vec![0], vec![1, 2]]);
        let (short, _) = b.cut_sets(f, 1);
        assert!(short.truncated);
        assert_eq!(short.sets, vec![vec![0]]);
    }

    #[test]
    fn a_wide_group_lists_its_cut_sets_up_to_the_order_the_steps_allow() {
        // Any 3 of 100 copies down: C(100, 3) = 161,700 cut sets of 3 events is
        // past the steps, so the pairs (none) are listed, and said to be all there is up to 2.
        let mut b = Bdd::new();
        let xs: Vec<Node> = (0..100).map(|v| b.var(v)).collect();
        let f = b.at_least(3, &xs);
        let (c, steps) = b.cut_sets(f, 4);
        assert_eq!((c.sets.len(), c.order, c.truncated), (0, 2, true));
        assert!(
            steps > MAX_CUT_SET_STEPS,
            "{steps} steps, the last order's cut short"
        );
        // Any 98 of 100 down is out of reach of 8 events, found at once.
        let f = b.at_least(98, &xs);
        let (c, _) = b.cut_sets(f, 8);
        assert_eq!((c.sets.len(), c.order, c.truncated), (0, 8, true));
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
