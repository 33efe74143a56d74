//! A reduced ordered binary decision diagram of a fault tree: the exact
//! probability of its top event (Shannon decomposition, each node once) and its
//! minimal cut sets by Rauzy's algorithm (1993) for coherent functions. A
//! scenario's trees have a few dozen basic events, so plain hash tables suffice.

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
}

/// Cut sets, each a sorted list of events; `truncated` when some were longer
/// than the order asked for and left out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CutSets {
    pub sets: Vec<Vec<Var>>,
    pub truncated: bool,
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

    fn make(&mut self, v: Var, low: Node, high: Node) -> Node {
        if low == high {
            return low;
        }
        if let Some(&n) = self.unique.get(&(v, low, high)) {
            return n;
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

    /// The probability that `f` occurs, `q(v)` that of each event, independent.
    pub fn probability(&self, f: Node, q: &dyn Fn(Var) -> f64) -> f64 {
        let mut memo: HashMap<Node, f64> = HashMap::new();
        self.probability_of(f, q, &mut memo)
    }

    fn probability_of(
        &self,
        n: Node,
        q: &dyn Fn(Var) -> f64,
        memo: &mut HashMap<Node, f64>,
    ) -> f64 {
        match n {
            NEVER => return 0.0,
            FAILS => return 1.0,
            _ => {}
        }
        if let Some(&p) = memo.get(&n) {
            return p;
        }
        let (v, low, high) = self.nodes[n.0 as usize];
        let p = q(v) * self.probability_of(high, q, memo)
            + (1.0 - q(v)) * self.probability_of(low, q, memo);
        memo.insert(n, p);
        p
    }

    /// The minimal cut sets of `f` (coherent) with at most `order` events. For
    /// f = v·f1 + f0 with f0 ≤ f1: those of f0, and v added to each of f1's that
    /// holds none of f0's.
    pub fn cut_sets(&self, f: Node, order: usize) -> CutSets {
        let mut memo: HashMap<Node, CutSets> = HashMap::new();
        self.cut_sets_of(f, order, &mut memo)
    }

    fn cut_sets_of(&self, n: Node, order: usize, memo: &mut HashMap<Node, CutSets>) -> CutSets {
        match n {
            NEVER => return CutSets::default(),
            FAILS => {
                return CutSets {
                    sets: vec![Vec::new()],
                    truncated: false,
                };
            }
            _ => {}
        }
        if let Some(c) = memo.get(&n) {
            return c.clone();
        }
        let (v, low, high) = self.nodes[n.0 as usize];
        let without = self.cut_sets_of(low, order, memo);
        let with = self.cut_sets_of(high, order, memo);
        let mut result = without.clone();
        result.truncated |= with.truncated;
        for s in &with.sets {
            if without.sets.iter().any(|w| contains(s, w)) {
                continue;
            }
            if s.len() + 1 > order {
                result.truncated = true;
                continue;
            }
            let mut set = s.clone();
            set.push(v);
            set.sort_unstable();
            result.sets.push(set);
        }
        memo.insert(n, result.clone());
        result
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
            sorted(b.cut_sets(f, 9)),
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
        assert_eq!(sorted(b.cut_sets(f, 9)), vec![vec![0], vec![1, 2]]);
        let short = b.cut_sets(f, 1);
        assert!(short.truncated);
        assert_eq!(short.sets, vec![vec![0]]);
    }
}
