//! Where the results come from: the version and build, the scenario file, seed,
//! replications and command, and the shards merged. Read after the answer.

use super::{esc, table};
use crate::folder::RunFolder;
use std::fmt::Write;

pub fn section(out: &mut String, run: &RunFolder) {
    let summary = &run.summary;
    let _ = writeln!(out, "<h2 id=\"provenance\">Provenance</h2>");
    let command = if summary.command.is_empty() {
        "(not recorded)".to_string()
    } else {
        summary.command.join(" ")
    };
    let mut provenance = vec![
        vec!["authsim version".into(), esc(&summary.authsim_version)],
        vec!["scenario".into(), esc(&summary.scenario)],
        vec!["seed".into(), summary.seed.to_string()],
        vec!["replications".into(), summary.replications.to_string()],
        vec!["command".into(), format!("<code>{}</code>", esc(&command))],
    ];
    if !summary.authsim_build.is_empty() {
        provenance.insert(1, vec!["authsim build".into(), esc(&summary.authsim_build)]);
    }
    if !summary.shards.is_empty() {
        let shards = summary
            .shards
            .iter()
            .map(|s| format!("<code>{}</code>", esc(s)));
        provenance.push(vec![
            "merged from shards".into(),
            shards.collect::<Vec<_>>().join(", "),
        ]);
    }
    table(out, &[], provenance);
}
