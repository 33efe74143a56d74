//! The dependency analysis in the report: the single points of failure of each
//! design, and for each cohort and registration mix its sign-in's availability
//! from the structure, so the review sees which components to make redundant
//! before reading what the simulation made of them.

use super::{esc, table};
use crate::analysis::{self, Analysis, Mix, PathAnalysis};
use crate::report::folder::RunFolder;
use std::fmt::Write;

pub fn section(out: &mut String, run: &RunFolder) {
    let _ = writeln!(
        out,
        "<h2>Dependencies</h2><p>From the scenario's structure alone, no simulation: \
         what <code>authsim analyze</code> finds (it also lists the minimal cut sets, the \
         trees and each component's importance).</p>"
    );
    let analyses = match run.analyses() {
        Ok(a) => a,
        Err(e) => {
            let _ = writeln!(
                out,
                "<p class=\"none\">Not analysed: {}</p>",
                esc(&e.to_string())
            );
            return;
        }
    };
    let _ = writeln!(
        out,
        "<p>Single points of failure: components whose failure alone stops some users' \
         sign-in, with the share of all users it stops.</p>"
    );
    let rows = analyses
        .iter()
        .map(|a| {
            let points = a
                .single_points
                .iter()
                .map(|p| {
                    format!(
                        "{} ({})",
                        esc(&p.event),
                        crate::report::chart::denials::percent(p.users_locked_out)
                    )
                })
                .collect::<Vec<_>>();
            vec![
                esc(&a.variant),
                match points.is_empty() {
                    true => "<span class=\"none\">none</span>".to_string(),
                    false => points.join(", "),
                },
                a.warnings
                    .iter()
                    .map(|w| esc(w))
                    .collect::<Vec<_>>()
                    .join("<br>"),
            ]
        })
        .collect();
    table(
        out,
        &["design", "single points of failure", "warnings"],
        rows,
    );
    if let Some(baseline) = analyses.first() {
        mixes(out, baseline);
    }
    let _ = writeln!(out, "<p>Assumed:</p><ul>");
    for a in analysis::ASSUMPTIONS {
        let _ = writeln!(out, "<li>{}</li>", esc(a));
    }
    let _ = writeln!(out, "</ul>");
}

fn sign_in(m: &Mix) -> Option<&PathAnalysis> {
    m.paths.iter().find(|p| p.path == "sign-in")
}

/// The baseline's sign-in per cohort and registration mix.
fn mixes(out: &mut String, a: &Analysis) {
    if !a.mixes.iter().any(|m| sign_in(m).is_some()) {
        return;
    }
    let _ = writeln!(
        out,
        "<p>{}: the sign-in of each registration mix, available for the share of the \
         measured period shown.</p>",
        esc(&a.variant)
    );
    let list = |v: &[String]| match v.is_empty() {
        true => "<span class=\"none\">none</span>".to_string(),
        false => v.iter().map(|e| esc(e)).collect::<Vec<_>>().join(", "),
    };
    let rows = a
        .mixes
        .iter()
        .filter_map(|m| {
            let p = sign_in(m)?;
            Some(vec![
                esc(&m.cohort),
                format!("{:.0}", m.users),
                esc(&m.methods.join(", ")),
                format!("{:.4}%", 100.0 * p.availability),
                list(&p.single_points),
                list(&p.every_token_request),
            ])
        })
        .collect();
    table(
        out,
        &[
            "cohort",
            "users",
            "registered methods",
            "sign-in available",
            "single points of failure",
            "besides, every token request's",
        ],
        rows,
    );
}
