//! Each sign-in's fault tree in the Open-PSA Model Exchange Format, basic-event
//! probabilities the events' average unavailability, for cross-checks in
//! standard probabilistic-risk tools (SCRAM, XFTA). A non-coherent tree keeps its
//! NOT gates: SCRAM's `--prime-implicants` finds the same cut sets.

use super::Analysis;
use super::tree::{Logic, Tree};
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

/// The model, and the name each tree and event has in it.
pub struct Export {
    pub xml: String,
    pub trees: Vec<ExportedTree>,
    /// By variant, then by the variant's event: its name in the model.
    pub events: Vec<Vec<String>>,
}

/// One fault tree of the model: its name there, and the path it is, by index:
/// of the analyses, of the variant's mixes, of the mix's paths.
pub struct ExportedTree {
    pub name: String,
    pub variant: usize,
    pub mix: usize,
    pub path: usize,
}

/// Names in the model, each given to one thing only. A name is its parts, each
/// with anything but ASCII letters, digits and `_` made `_`, joined by `-`, and
/// a number added where another thing came out the same (`8h tokens` and
/// `8h_tokens`). Events have one or two parts, trees four and their gates more,
/// so names of different kinds never meet.
#[derive(Default)]
struct Names {
    given: HashMap<Vec<String>, String>,
    taken: HashSet<String>,
}

impl Names {
    fn of(&mut self, parts: &[&str]) -> String {
        let key: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
        if let Some(name) = self.given.get(&key) {
            return name.clone();
        }
        let base = parts.iter().map(|p| part(p)).collect::<Vec<_>>().join("-");
        let mut name = base.clone();
        for n in 2.. {
            if self.taken.insert(name.clone()) {
                break;
            }
            name = format!("{base}_{n}");
        }
        self.given.insert(key, name.clone());
        name
    }
}

/// One part of a name: letters, digits and `_`, starting with a letter (a dot
/// would read as a reference into another fault tree, a `-` as a separator).
fn part(text: &str) -> String {
    let mut s: String = text
        .chars()
        .map(|c| match c.is_ascii_alphanumeric() {
            true => c,
            false => '_',
        })
        .collect();
    if !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        s.insert(0, 'e');
    }
    s
}

/// The model: one fault tree per sign-in (per view, where delays bear on it) of
/// every variant. A variant's event keeps its plain name where the baseline's
/// has the same probability, and is qualified by the variant where the variant
/// changed it.
pub fn write(analyses: &[Analysis]) -> Export {
    let mut out = String::from("<?xml version=\"1.0\"?>\n<opsa-mef>\n");
    let mut names = Names::default();
    let mut defined: Vec<(String, f64)> = Vec::new();
    let mut trees = Vec::new();
    let mut events = Vec::new();
    let baseline = analyses.first().map_or(&[][..], |a| a.events.as_slice());
    for (v, analysis) in analyses.iter().enumerate() {
        let ids: Vec<String> = analysis
            .events
            .iter()
            .map(|e| {
                let same = baseline
                    .iter()
                    .any(|b| b.name == e.name && b.unavailability == e.unavailability);
                match same {
                    true => names.of(&[&e.name]),
                    false => names.of(&[&analysis.variant, &e.name]),
                }
            })
            .collect();
        for (m, mix) in analysis.mixes.iter().enumerate() {
            for (i, p) in mix.paths.iter().enumerate() {
                if p.path != super::SIGN_IN || p.tree.is_constant() {
                    continue;
                }
                let path = match p.delays {
                    Some(d) => format!("{} {}", p.path, d.name()),
                    None => p.path.clone(),
                };
                let mix_name = format!("mix{}", m + 1);
                let name = names.of(&[&analysis.variant, &mix.cohort, &mix_name, &path]);
                let _ = writeln!(out, "  <define-fault-tree name=\"{name}\">");
                let mut gates = 0;
                gate(&mut out, &ids, &name, &p.tree, &mut gates);
                out.push_str("  </define-fault-tree>\n");
                for e in p.tree.events() {
                    if !defined.iter().any(|(i, _)| *i == ids[e]) {
                        defined.push((ids[e].clone(), analysis.events[e].unavailability));
                    }
                }
                trees.push(ExportedTree {
                    name,
                    variant: v,
                    mix: m,
                    path: i,
                });
            }
        }
        events.push(ids);
    }
    out.push_str("  <model-data>\n");
    for (name, q) in &defined {
        let _ = writeln!(
            out,
            "    <define-basic-event name=\"{name}\"><float value=\"{q:e}\"/></define-basic-event>"
        );
    }
    out.push_str("  </model-data>\n</opsa-mef>\n");
    Export {
        xml: out,
        trees,
        events,
    }
}

/// Defines `tree` as gate `name`, its sub-gates numbered after it.
fn gate(out: &mut String, ids: &[String], name: &str, tree: &Tree, gates: &mut usize) {
    let (logic, children) = match tree {
        Tree::Event(e) => {
            let e = &ids[*e];
            let _ = writeln!(
                out,
                "    <define-gate name=\"{name}\"><basic-event name=\"{e}\"/></define-gate>"
            );
            return;
        }
        Tree::Gate {
            logic, children, ..
        } => (*logic, children.as_slice()),
    };
    let mut body = String::new();
    let mut pending = Vec::new();
    for child in children {
        match child {
            Tree::Event(e) => {
                let _ = write!(body, "<basic-event name=\"{}\"/>", ids[*e]);
            }
            Tree::Gate { .. } => {
                *gates += 1;
                let sub = format!("{name}-g{gates}");
                let _ = write!(body, "<gate name=\"{sub}\"/>");
                pending.push((sub, child));
            }
        }
    }
    let (open, close) = match logic {
        Logic::Any => ("<or>".to_string(), "</or>"),
        Logic::All => ("<and>".to_string(), "</and>"),
        Logic::AtLeast(k) => (format!("<atleast min=\"{k}\">"), "</atleast>"),
        Logic::Not => ("<not>".to_string(), "</not>"),
    };
    let _ = writeln!(
        out,
        "    <define-gate name=\"{name}\">{open}{body}{close}</define-gate>"
    );
    for (sub, child) in pending {
        gate(out, ids, &sub, child, gates);
    }
}
