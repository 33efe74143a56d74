//! Each cohort, registration mix and app of every design: the figures a planner
//! compares groups of people by, from the same replications as the whole.

use super::results::estimate;
use super::{esc, table};
use crate::montecarlo::slices::ALL;
use crate::report::BY_COHORT;
use crate::report::folder::RunFolder;
use std::fmt::Write;

pub fn section(out: &mut String, run: &RunFolder) {
    let mut slices: Vec<(&str, &str)> = Vec::new();
    for r in &run.parts {
        let s = (r.cohort.as_str(), r.app.as_str());
        if !slices.contains(&s) {
            slices.push(s);
        }
    }
    if slices.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<h2>By cohort, registration mix and app</h2><p>Each part of the population from the \
         same replications as the whole (mean and 95% interval, as above); every metric of every part is \
         in <code>summary.csv</code>, filtered by its <code>cohort</code> and <code>app</code> \
         columns. An app's lockout runs from a denial with that app to the next success with \
         it. A blank cell: the design has no such part (its registration mixes differ).</p>"
    );
    let name = |(cohort, app): (&str, &str)| match (cohort == ALL, app == ALL) {
        (_, true) => esc(cohort),
        (true, false) => format!("every cohort · {}", esc(app)),
        (false, false) => format!("{} · {}", esc(cohort), esc(app)),
    };
    for metric in BY_COHORT {
        if !run.models(metric) {
            continue;
        }
        let _ = writeln!(out, "<h3><code>{}</code></h3>", metric.name());
        let mut head = vec!["part"];
        head.extend(run.variants.iter().map(String::as_str));
        let rows = std::iter::once((ALL, ALL))
            .chain(slices.iter().copied())
            .map(|s| {
                let mut row = vec![match s == (ALL, ALL) {
                    true => "everyone".to_string(),
                    false => name(s),
                }];
                row.extend(run.variants.iter().map(|v| {
                    let record = match s == (ALL, ALL) {
                        true => run.record(v, metric),
                        false => run.parts.iter().find(|r| {
                            r.variant == *v
                                && (r.cohort.as_str(), r.app.as_str()) == s
                                && r.fields.metric == metric
                        }),
                    };
                    record.map_or(String::new(), |r| estimate(&r.fields))
                }));
                row
            })
            .collect();
        table(out, &head, rows);
    }
}
