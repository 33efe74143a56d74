//! Each path's fault tree in the Open-PSA Model Exchange Format, basic-event
//! probabilities the events' average unavailability, for cross-checks in
//! standard probabilistic-risk tools (SCRAM, XFTA).

use super::tree::{Logic, Tree};
use super::{Analysis, EventSummary};
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

/// The model: one fault tree per sign-in path (the others with `every_path`).
pub fn write(analysis: &Analysis, every_path: bool) -> String {
    let mut out = String::from("<?xml version=\"1.0\"?>\n<opsa-mef>\n");
    for (m, mix) in analysis.mixes.iter().enumerate() {
        for p in &mix.paths {
            if (!every_path && p.path != "sign-in") || p.tree.is_constant() {
                continue;
            }
            let name = tree_name(&analysis.variant, m, &mix.cohort, &p.path);
            let _ = writeln!(out, "  <define-fault-tree name=\"{name}\">");
            let mut gates = 0;
            gate(&mut out, &analysis.events, &name, &p.tree, &mut gates);
            out.push_str("  </define-fault-tree>\n");
        }
    }
    out.push_str("  <model-data>\n");
    for e in &analysis.events {
        let _ = writeln!(
            out,
            "    <define-basic-event name=\"{}\"><float value=\"{:e}\"/></define-basic-event>",
            id(&e.name),
            e.unavailability
        );
    }
    out.push_str("  </model-data>\n</opsa-mef>\n");
    out
}

/// Defines `tree` as gate `name`, its sub-gates numbered after it.
fn gate(out: &mut String, events: &[EventSummary], name: &str, tree: &Tree, gates: &mut usize) {
    let (logic, children) = match tree {
        Tree::Event(e) => {
            let e = id(&events[*e].name);
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
                let _ = write!(body, "<basic-event name=\"{}\"/>", id(&events[*e].name));
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
        gate(out, events, &sub, child, gates);
    }
}
