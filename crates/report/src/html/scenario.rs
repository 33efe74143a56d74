//! The scenario as the planner wrote it: every entity with its settings as TOML
//! lines (defaults filled in), the variants' overrides as the lines a scenario
//! file writes, and the whole resolved file; past `SHOWN` entities of a kind, or
//! `INLINED` bytes of the file, the run folder's copy is where to read the rest.

use super::{at_most, code, esc, table};
use crate::words::{dotted, settings};
use authsim_core::scenario::Scenario;
use authsim_export::RESOLVED_SCENARIO;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// The resolved scenario is folded into the page up to this size.
const INLINED: usize = 256 * 1024;

/// One table of named entities: `[kind.NAME]` and its settings, the first
/// `SHOWN` by name.
fn entities<T: Serialize>(out: &mut String, heading: &str, kind: &str, map: &BTreeMap<String, T>) {
    if map.is_empty() {
        return;
    }
    let _ = writeln!(out, "<h3>{}</h3>", esc(heading));
    let rows = map.iter().map(|(name, value)| {
        vec![
            format!("<code>[{kind}.{}]</code>", esc(name)),
            code(&settings(value)),
        ]
    });
    let more = |n| {
        let there = format!("every one in <code>{RESOLVED_SCENARIO}</code>");
        vec![format!("and {n} more"), there]
    };
    table(out, &["name", "settings"], at_most(rows, more));
}

pub fn section(out: &mut String, s: &Scenario) {
    let _ = writeln!(
        out,
        "<h2 id=\"scenario\">Scenario</h2><p>As the scenario file writes it, with every default filled in.</p>"
    );
    table(
        out,
        &["table", "settings"],
        vec![
            vec![
                "<code>[simulation]</code>".into(),
                code(&settings(&s.simulation)),
            ],
            vec!["<code>[policy]</code>".into(), code(&settings(&s.policy))],
        ],
    );
    entities(out, "Cohorts", "cohorts", &s.cohorts);
    entities(out, "Methods and what they need", "methods", &s.methods);
    entities(out, "Apps", "apps", &s.apps);
    entities(
        out,
        "Components and their failure schedules",
        "components",
        &s.components,
    );
    entities(out, "Common-cause events", "common_cause", &s.common_cause);
    entities(out, "Fallback switches", "fallback", &s.fallback);
    entities(
        out,
        "Contingency access policies",
        "contingency",
        &s.contingency,
    );
    if !s.signing_key_events.is_empty() {
        let _ = writeln!(out, "<h3>Signing-key events</h3>");
        let rows = s
            .signing_key_events
            .iter()
            .map(|e| {
                vec![
                    "<code>[[signing_key_events]]</code>".into(),
                    code(&settings(e)),
                ]
            })
            .collect();
        table(out, &["table", "settings"], rows);
    }
    if !s.variant.is_empty() || !s.sweep.is_empty() {
        let _ = writeln!(out, "<h3>Variants</h3>");
        let mut rows: Vec<Vec<String>> = s
            .variant
            .iter()
            .map(|v| {
                let set: Vec<String> = dotted(&v.set).iter().map(|l| format!("set.{l}")).collect();
                vec![esc(&v.name), code(&set)]
            })
            .collect();
        if !s.sweep.is_empty() {
            rows.push(vec![
                "<code>[sweep]</code> grid".into(),
                code(&dotted(&s.sweep)),
            ]);
        }
        table(out, &["variant", "overrides"], rows);
    }
    match toml::to_string(s) {
        Ok(text) if text.len() <= INLINED => {
            let _ = writeln!(
                out,
                "<details><summary>The whole resolved scenario</summary><pre>{}</pre></details>",
                esc(&text)
            );
        }
        Ok(text) => {
            let _ = writeln!(
                out,
                "<p>The whole resolved scenario ({} KiB) is <code>{RESOLVED_SCENARIO}</code> in the run folder.</p>",
                text.len() / 1024
            );
        }
        Err(_) => {}
    }
}
