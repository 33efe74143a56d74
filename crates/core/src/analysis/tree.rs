//! A path's fault tree: what must fail for a sign-in, a silent renewal or an
//! access to fail, gate by gate, down to basic events (a component, one copy of
//! a redundancy group, a common-cause event). A contingency rule or fallback
//! switch that is a path only while a component is down brings a NOT gate in:
//! the tree is then non-coherent.

use super::bdd::{Bdd, FAILS, NEVER, Node, Var};

#[derive(Debug, Clone, PartialEq)]
pub enum Tree {
    /// A basic event, by index.
    Event(usize),
    Gate {
        name: String,
        logic: Logic,
        children: Vec<Tree>,
    },
}

/// How a gate's children make it fail.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Logic {
    Any,
    All,
    AtLeast(u32),
    /// Its one child does not fail.
    Not,
}

impl Tree {
    /// A gate, folded: a gate of one child is that child, constants absorbed.
    pub fn gate(name: impl Into<String>, logic: Logic, children: Vec<Tree>) -> Tree {
        let logic = match logic {
            Logic::AtLeast(1) => Logic::Any,
            Logic::AtLeast(k) if k as usize == children.len() => Logic::All,
            other => other,
        };
        let (never, always) = (Tree::never(), Tree::always());
        let neutral = match logic {
            Logic::Any if children.contains(&always) => return always,
            Logic::All if children.contains(&never) => return never,
            Logic::Any => Tree::never(),
            Logic::All => Tree::always(),
            Logic::Not => {
                let child = children.into_iter().next().unwrap_or_else(Tree::never);
                return Tree::not(name, child);
            }
            Logic::AtLeast(_) => {
                return Tree::Gate {
                    name: name.into(),
                    logic,
                    children,
                };
            }
        };
        // x or x is x, x and x is x: fault-tree tools refuse a repeated argument.
        let mut kept: Vec<Tree> = Vec::new();
        for c in children {
            if c != neutral && !kept.contains(&c) {
                kept.push(c);
            }
        }
        let children = kept;
        match (logic, children.len()) {
            (Logic::Any, 0) => never,
            (Logic::All, 0) => always,
            (Logic::Any | Logic::All, 1) => children.into_iter().next().expect("one child"),
            _ => Tree::Gate {
                name: name.into(),
                logic,
                children,
            },
        }
    }

    pub fn any(name: impl Into<String>, children: Vec<Tree>) -> Tree {
        Tree::gate(name, Logic::Any, children)
    }

    pub fn all(name: impl Into<String>, children: Vec<Tree>) -> Tree {
        Tree::gate(name, Logic::All, children)
    }

    /// Fails when `child` does not: a constant flipped, a double negation undone.
    pub fn not(name: impl Into<String>, child: Tree) -> Tree {
        match child {
            Tree::Gate {
                logic: Logic::Not,
                children,
                ..
            } => children.into_iter().next().unwrap_or_else(Tree::always),
            c if c == Tree::never() => Tree::always(),
            c if c == Tree::always() => Tree::never(),
            c => Tree::Gate {
                name: name.into(),
                logic: Logic::Not,
                children: vec![c],
            },
        }
    }

    /// Fails when any of nothing fails: never.
    pub fn never() -> Tree {
        Tree::Gate {
            name: "never fails".into(),
            logic: Logic::Any,
            children: Vec::new(),
        }
    }

    /// Fails when all of nothing fails: always (a path with no way through).
    pub fn always() -> Tree {
        Tree::Gate {
            name: "always fails".into(),
            logic: Logic::All,
            children: Vec::new(),
        }
    }

    pub fn is_constant(&self) -> bool {
        matches!(self, Tree::Gate { children, .. } if children.is_empty())
    }

    pub fn compile(&self, bdd: &mut Bdd) -> Node {
        match self {
            Tree::Event(e) => bdd.var(*e as Var),
            Tree::Gate {
                logic, children, ..
            } => {
                let nodes: Vec<Node> = children.iter().map(|c| c.compile(bdd)).collect();
                match logic {
                    Logic::Any => nodes.into_iter().fold(NEVER, |f, n| bdd.or(f, n)),
                    Logic::All => nodes.into_iter().fold(FAILS, |f, n| bdd.and(f, n)),
                    Logic::AtLeast(k) => bdd.at_least(*k as usize, &nodes),
                    Logic::Not => {
                        let child = nodes.first().copied().unwrap_or(NEVER);
                        bdd.not(child)
                    }
                }
            }
        }
    }

    /// Whether the tree has no NOT gate: its failure is then monotone in every
    /// event's (more failures never make it work).
    pub fn is_coherent(&self) -> bool {
        match self {
            Tree::Event(_) => true,
            Tree::Gate {
                logic, children, ..
            } => *logic != Logic::Not && children.iter().all(Tree::is_coherent),
        }
    }

    /// Every basic event under the tree, each once, in order of first appearance.
    pub fn events(&self) -> Vec<usize> {
        let mut out = Vec::new();
        self.visit(&mut |e| {
            if !out.contains(&e) {
                out.push(e);
            }
        });
        out
    }

    fn visit(&self, f: &mut impl FnMut(usize)) {
        match self {
            Tree::Event(e) => f(*e),
            Tree::Gate { children, .. } => children.iter().for_each(|c| c.visit(f)),
        }
    }
}
