//! Each path's fault tree in the Open-PSA Model Exchange Format, basic-event
//! probabilities the events' average unavailability, for cross-checks in
//! standard probabilistic-risk tools (SCRAM, XFTA).

use super::Analysis;
use super::tree::{Logic, Tree};
use std::fmt::Write;

/// A model name: letters, digits, `-` and `_` (a dot would read as a reference
/// into another fault tree), anything else `_`.
fn id(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        s.insert(0, 'e');
    }
    s
}

/// The fault tree of one path of one mix: its name in the file.
pub fn tree_name(variant: &str, mix: usize, cohort: &str, path: &str) -> String {
    id(&format!("{variant}-{cohort}-mix{}-{path}", mix + 1))
}

/// The model: one fault tree per sign-in of every variant. A variant's event
/// keeps its plain name where the baseline's has the same probability, and is
/// qualified by the variant where the variant changed it.
pub fn write(analyses: &[Analysis]) -> String {
    let mut out = String::from("<?xml version=\"1.0\"?>\n<opsa-mef>\n");
    let mut defined: Vec<(String, f64)> = Vec::new();
    let baseline = analyses.first().map_or(&[][..], |a| a.events.as_slice());
    for analysis in analyses {
        let ids: Vec<String> = analysis
            .events
            .iter()
            .map(|e| {
                let same = baseline
                    .iter()
                    .any(|b| b.name == e.name && b.unavailability == e.unavailability);
                match same {
                    true => id(&e.name),
                    false => id(&format!("{}-{}", analysis.variant, e.name)),
                }
            })
            .collect();
        for (m, mix) in analysis.mixes.iter().enumerate() {
            for p in mix.paths.iter().filter(|p| p.path == "sign-in") {
                if p.tree.is_constant() {
                    continue;
                }
                let name = tree_name(&analysis.variant, m, &mix.cohort, &p.path);
                let _ = writeln!(out, "  <define-fault-tree name=\"{name}\">");
                let mut gates = 0;
                gate(&mut out, &ids, &name, &p.tree, &mut gates);
                out.push_str("  </define-fault-tree>\n");
                for e in p.tree.events() {
                    if !defined.iter().any(|(i, _)| *i == ids[e]) {
                        defined.push((ids[e].clone(), analysis.events[e].unavailability));
                    }
                }
            }
        }
    }
    out.push_str("  <model-data>\n");
    for (name, q) in &defined {
        let _ = writeln!(
            out,
            "    <define-basic-event name=\"{name}\"><float value=\"{q:e}\"/></define-basic-event>"
        );
    }
    out.push_str("  </model-data>\n</opsa-mef>\n");
    out
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
    };
    let _ = writeln!(
        out,
        "    <define-gate name=\"{name}\">{open}{body}{close}</define-gate>"
    );
    for (sub, child) in pending {
        gate(out, ids, &sub, child, gates);
    }
}
