//! What denied the attempts, in the planner's words: for each design the cause
//! with the largest share of lockout hours ("99% of lockout hours: phone_carrier"),
//! and a table of every cause's shares.

use super::{by_design, esc};
use crate::export::records::CauseRecord;
use crate::report::chart::denials::{DenialsChart, percent};
use crate::report::folder::RunFolder;
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
        let top = |share: fn(&CauseRecord) -> f64, what: &str| {
            own()
                .filter(|f| share(f) > 0.0)
                .max_by(|a, b| share(a).total_cmp(&share(b)))
                .map(|f| format!("{} of {what}: {}", percent(share(f)), esc(&f.component)))
        };
        let hours = top(|f| f.lockout_hours_share, "lockout hours");
        let denied = top(|f| f.denied_share, "denied attempts");
        let said = match (hours, denied) {
            (Some(h), Some(d)) => format!("{h}; {d}."),
            (None, Some(d)) => format!("{d}."),
            _ => "no denied attempts.".to_string(),
        };
        let _ = writeln!(out, "<li>{}: {said}</li>", esc(v));
    }
    let _ = writeln!(
        out,
        "</ul><p>Share of denied attempts / share of lockout hours with each cause down.</p>"
    );
    let cell = |v: &str, cause: &str| {
        chart.record(v, cause).map_or(String::new(), |f| {
            format!(
                "{} / {}",
                percent(f.denied_share),
                percent(f.lockout_hours_share)
            )
        })
    };
    let names: Vec<String> = causes.iter().map(|c| esc(c)).collect();
    by_design(out, "cause", &names, &run.variants, |t, d| {
        cell(&run.variants[d], causes[t])
    });
}
