//! Time to act: for each design, how long after an incident began each fallback
//! switch and contingency rule took effect, now that an admin must sign in to
//! turn it on, and the share of incidents it never acted on.

use super::{esc, table};
use crate::folder::RunFolder;
use std::fmt::Write;

pub fn section(out: &mut String, run: &RunFolder) {
    let Some(rows) = run.actions.as_ref().filter(|r| !r.is_empty()) else {
        return;
    };
    let _ = writeln!(
        out,
        "<h2 id=\"actions\">Time to act</h2><p>From each incident's start (an outage of what a switch or rule \
         watches, after the warm-up) to the switch or rule in effect, from \
         <code>actions.csv</code>: the mean over the replications that acted on one, with its \
         95% interval, and the share of incidents over before anyone acted. An admin of the \
         acting cohorts must sign in first; the decision delay counts from then, and the \
         runbook follows it.</p>"
    );
    let head = [
        "design",
        "switch or rule",
        "acted by",
        "time to act (hours)",
        "never acted on",
        "incidents per replication",
    ];
    let body = rows
        .iter()
        .map(|r| {
            let a = &r.fields;
            let time = match (a.time_to_act_hours, a.time_to_act_hours_ci95) {
                (Some(mean), Some(ci)) => format!("{mean:.2} ± {ci:.2}"),
                (Some(mean), None) => format!("{mean:.2}"),
                (None, _) if a.never_share.is_some() => "never".to_string(),
                (None, _) => "-".to_string(),
            };
            let never = a
                .never_share
                .map_or("no incident".to_string(), |s| format!("{:.0}%", 100.0 * s));
            let by = match a.acted_by.is_empty() {
                true => "no sign-in needed".to_string(),
                false => a.acted_by.replace(' ', ", "),
            };
            vec![
                esc(&r.variant),
                esc(&format!("{}.{}", a.kind, a.name)),
                esc(&by),
                time,
                never,
                format!("{:.2}", a.incidents_per_replication),
            ]
        })
        .collect();
    table(out, &head, body);
}
