//! The minimal cut sets of a diagram: its prime implicants, each a smallest set
//! of basic events down (and, in a non-coherent tree, of events up) that fails
//! the path whatever the other events do. For f = v·f1 + ¬v·f0 they are those
//! of f1·f0, which need no v, then v with each of f1's and "v up" with each of
//! f0's that is not one of f1·f0's (Coudert and Madre, 1992). Where f0 ≤ f1, as
//! in a coherent tree, f1·f0 is f0 and this is Rauzy's algorithm (1993).

use super::{Bdd, FAILS, NEVER, Node, Var};
use crate::scenario::limits::MAX_CUT_SET_STEPS;
use std::collections::HashMap;

/// A basic event in a cut set: occurring (down), or not occurring (up), which
/// only a non-coherent tree asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Literal {
    pub var: Var,
    pub occurs: bool,
}

/// Cut sets, each a sorted list of literals, every one of up to `order`
/// literals; `truncated` when longer ones were left out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CutSets {
    pub sets: Vec<Vec<Literal>>,
    pub truncated: bool,
    pub order: usize,
}

/// The memo of one cut-set search, and its steps (sets made or compared,
/// conjunctions computed) so far.
#[derive(Default)]
struct Search {
    memo: HashMap<(Node, usize), CutSets>,
    steps: usize,
    coherent: bool,
}

impl Bdd {
    /// The prime implicants of `f` with at most `order` literals, or with fewer
    /// where listing every one of `order` would take more than
    /// `MAX_CUT_SET_STEPS`: each order in turn, the last one that finished; with
    /// the steps taken, every order tried. Where `f` is `coherent` (its tree has
    /// no NOT) f1·f0 is f0 at every node; otherwise the search adds the
    /// conjunctions it needs to the diagram, so the caller checks `is_full` after.
    pub fn cut_sets(&mut self, f: Node, order: usize, coherent: bool) -> (CutSets, usize) {
        let mut found = CutSets {
            sets: Vec::new(),
            truncated: !matches!(f, NEVER | FAILS),
            order: 0,
        };
        let mut steps = 0;
        for room in 1..=order {
            let mut search = Search {
                coherent,
                ..Search::default()
            };
            let sets = self.implicants(f, room, &mut search);
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

    /// The prime implicants of `n` of at most `room` literals; `None` past the steps.
    fn implicants(&mut self, n: Node, room: usize, search: &mut Search) -> Option<CutSets> {
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
            // Every prime implicant of a node that is not a constant holds a literal.
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
        let (var, low, high) = self.nodes[n.0 as usize];
        let both = match search.coherent {
            true => low,
            false => {
                let before = self.computed.len();
                let both = self.and(low, high);
                search.steps += self.computed.len() - before;
                both
            }
        };
        let common = self.implicants(both, room, search)?;
        let mut result = CutSets {
            order: room,
            ..common.clone()
        };
        for (branch, occurs) in [(high, true), (low, false)] {
            // A branch no larger than both has no implicant of its own.
            if branch == both {
                continue;
            }
            let own = self.implicants(branch, room - 1, search)?;
            search.steps += own.sets.len() * (1 + common.sets.len());
            if search.steps > MAX_CUT_SET_STEPS {
                return None;
            }
            result.truncated |= own.truncated;
            for set in own.sets.into_iter().filter(|s| !common.sets.contains(s)) {
                let mut set = set;
                set.push(Literal { var, occurs });
                set.sort_unstable();
                result.sets.push(set);
            }
        }
        search.memo.insert((n, room), result.clone());
        Some(result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each set as its events in order, an event up written negative (-(event + 1)).
    fn sorted(c: CutSets) -> Vec<Vec<i64>> {
        let mut sets: Vec<Vec<i64>> = c
            .sets
            .iter()
            .map(|s| {
                s.iter()
                    .map(|l| match l.occurs {
                        true => i64::from(l.var),
                        false => -i64::from(l.var) - 1,
                    })
                    .collect()
            })
            .collect();
        sets.sort();
        sets
    }

    #[test]
    fn two_of_three_fails_on_any_two_and_its_probability_is_the_binomial_tail() {
        let mut b = Bdd::new();
        let xs: Vec<Node> = (0..3).map(|v| b.var(v)).collect();
        let f = b.at_least(2, &xs);
        assert_eq!(
            sorted(b.cut_sets(f, 9, true).0),
            vec![vec![0, 1], vec![0, 2], vec![1, 2]]
        );
        // The general recursion, with its conjunctions, finds the same.
        assert_eq!(b.cut_sets(f, 9, false).0, b.cut_sets(f, 9, true).0);
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
        assert_eq!(sorted(b.cut_sets(f, 9, true).0), vec![vec![0], vec![1, 2]]);
        let (short, _) = b.cut_sets(f, 1, true);
        assert!(short.truncated);
        assert_eq!(sorted(short), vec![vec![0]]);
    }

    #[test]
    fn a_rule_in_effect_while_one_event_is_down_makes_it_a_literal_up() {
        // SMS needs m and c; a rule waives it while m is down: (m or c) and not m,
        // which is c with m up. Then (a and not b) or (b and c) or (a and c):
        // a·¬b, b·c, and their consensus a·c, which the sum of the first two misses.
        let mut b = Bdd::new();
        let (m, c) = (b.var(0), b.var(1));
        let either = b.or(m, c);
        let not_m = b.not(m);
        let f = b.and(either, not_m);
        assert_eq!(sorted(b.cut_sets(f, 4, false).0), vec![vec![-1, 1]]);
        let (x, y, z) = (b.var(2), b.var(3), b.var(4));
        let not_y = b.not(y);
        let first = b.and(x, not_y);
        let second = b.and(y, z);
        let f = b.or(first, second);
        assert_eq!(
            sorted(b.cut_sets(f, 4, false).0),
            vec![vec![2, -4], vec![2, 4], vec![3, 4]]
        );
        // Up to one literal: none, and the search says there are longer ones.
        let (short, _) = b.cut_sets(f, 1, false);
        assert_eq!(
            (short.sets.len(), short.order, short.truncated),
            (0, 1, true)
        );
    }

    #[test]
    fn a_wide_group_lists_its_cut_sets_up_to_the_order_the_steps_allow() {
        // Any 3 of 100 copies down: C(100, 3) = 161,700 cut sets of 3 events is
        // past the steps, so the pairs (none) are listed, and said to be all there is up to 2.
        let mut b = Bdd::new();
        let xs: Vec<Node> = (0..100).map(|v| b.var(v)).collect();
        let f = b.at_least(3, &xs);
        let (c, steps) = b.cut_sets(f, 4, true);
        assert_eq!((c.sets.len(), c.order, c.truncated), (0, 2, true));
        assert!(
            steps > MAX_CUT_SET_STEPS,
            "{steps} steps, the last order's cut short"
        );
        // Any 98 of 100 down is out of reach of 8 events, found at once.
        let f = b.at_least(98, &xs);
        let (c, _) = b.cut_sets(f, 8, true);
        assert_eq!((c.sets.len(), c.order, c.truncated), (0, 8, true));
        assert!(!b.is_full());
    }
}
