//! What denied the attempts, in the planner's words: for each design the cause
//! of the most lockout hours, in hours per 1,000 users so designs compare ("8,206
//! lockout hours per 1,000 users with token_service down, 47% of the design's"),
//! and a table of every cause's hours and shares.

use super::{by_design, esc};
use crate::chart::denials::{DenialsChart, amount, percent};
use crate::folder::RunFolder;
use authsim_export::records::CauseRecord;
use std::fmt::Write;

pub fn section(out: &mut String, run: &RunFolder) {
    let Some(rows) = &run.denials else {
        return;
    };
    let chart = DenialsChart { run, rows };
    let causes = chart.causes();
    if causes.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<h2 id=\"denials\">Denials by component</h2><p>What was down on the paths each denied attempt \
         needed, from <code>denials_by_component.csv</code>. Every component down at a denial \
         is credited in full, and a lockout's hours go to the causes of the denial that began \
         it, so a design's shares add up to more than 100% where components fail together.</p><ul>"
    );
    for v in &run.variants {
        let own = || rows.iter().filter(|r| r.variant == *v).map(|r| &r.fields);
        let top = |of: fn(&CauseRecord) -> (f64, f64), what: &str| {
            own()
                .filter(|f| of(f).0 > 0.0)
                .max_by(|a, b| of(a).0.total_cmp(&of(b).0))
                .map(|f| {
                    let (value, share) = of(f);
                    format!(
                        "{} {what} with {} down ({} of the design's)",
                        amount(value),
                        esc(&f.component),
                        percent(share)
                    )
                })
        };
        let hours = top(
            |f| (f.lockout_hours_per_1k_users, f.lockout_hours_share),
            "lockout hours per 1,000 users",
        );
        let denied = top(
            |f| (f.denied_attempts, f.denied_share),
            "denied attempts a replication",
        );
        let said = match (hours, denied) {
            (Some(h), Some(d)) => format!("{h}; {d}."),
            (None, Some(d)) => format!("{d}."),
            _ => "no denied attempts.".to_string(),
        };
        let _ = writeln!(out, "<li>{}: {said}</li>", esc(v));
    }
    let _ = writeln!(
        out,
        "</ul><p>Lockout hours per 1,000 users with each cause down (its share of the \
         design's lockout hours / of its denied attempts).</p>"
    );
    let cell = |v: &str, cause: &str| {
        chart.record(v, cause).map_or(String::new(), |f| {
            format!(
                "{} ({} / {})",
                amount(f.lockout_hours_per_1k_users),
                percent(f.lockout_hours_share),
                percent(f.denied_share)
            )
        })
    };
    let names: Vec<String> = causes.iter().map(|c| esc(c)).collect();
    by_design(out, "cause", &names, &run.variants, |t, d| {
        cell(&run.variants[d], causes[t])
    });
}
