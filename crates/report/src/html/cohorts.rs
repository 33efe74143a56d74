//! Each cohort, registration mix and app of every design: the figures a planner
//! compares groups of people by, from the same replications as the whole. Past
//! `SHOWN` parts only those worst off are listed: summary.csv holds every one.

use super::results::estimate;
use super::{SHOWN, breakable, by_design, metric_head};
use crate::BY_COHORT;
use crate::folder::RunFolder;
use crate::index::Index;
use authsim_core::montecarlo::slices::ALL;
use authsim_export::records::SummaryRecord;
use std::collections::HashSet;
use std::fmt::Write;

type Slice<'a> = (&'a str, &'a str);

pub fn section(out: &mut String, run: &RunFolder, records: &Index<SummaryRecord>) {
    let mut seen = HashSet::new();
    let slices: Vec<Slice> = run
        .parts
        .iter()
        .map(|r| (r.cohort.as_str(), r.app.as_str()))
        .filter(|s| seen.insert(*s))
        .collect();
    if slices.is_empty() {
        return;
    }
    let (shown, which) = worst(run, records, slices);
    let _ = writeln!(
        out,
        "<h2 id=\"cohorts\">By cohort, registration mix and app</h2><p>Each part of the population from the \
         same replications as the whole (mean and 95% interval, as above){which}; every metric of \
         every part is in <code>summary.csv</code>, filtered by its <code>cohort</code> and \
         <code>app</code> columns. An app's lockout runs from a denial with that app to the next \
         success with it. A blank cell: the design has no such part (its registration mixes \
         differ).</p>"
    );
    let name = |(cohort, app): Slice| match (cohort == ALL, app == ALL) {
        (true, true) => "everyone".to_string(),
        (_, true) => breakable(cohort),
        (true, false) => format!("every cohort · {}", breakable(app)),
        (false, false) => format!("{} · {}", breakable(cohort), breakable(app)),
    };
    let parts: Vec<Slice> = std::iter::once((ALL, ALL)).chain(shown).collect();
    let names: Vec<String> = parts.iter().map(|&s| name(s)).collect();
    for metric in BY_COHORT.into_iter().filter(|&m| run.models(m)) {
        let _ = writeln!(out, "<h3>{}</h3>", metric_head(metric));
        by_design(out, "part", &names, &run.variants, |t, d| {
            records
                .get(&run.variants[d], parts[t], metric)
                .map_or(String::new(), estimate)
        });
    }
}

/// The parts to list, and what the introduction says of the choice: all of them
/// in the folder's order, or past `SHOWN` those with the most of the first
/// metric the tables show, in any design, worst first.
fn worst<'a>(
    run: &RunFolder,
    records: &Index<SummaryRecord>,
    slices: Vec<Slice<'a>>,
) -> (Vec<Slice<'a>>, String) {
    let all = slices.len();
    let Some(key) = BY_COHORT
        .into_iter()
        .find(|&m| run.models(m))
        .filter(|_| all > SHOWN)
    else {
        return (slices, String::new());
    };
    let most = |s: Slice| {
        let means = run.variants.iter().filter_map(|v| records.get(v, s, key));
        means.map(|r| r.mean).fold(f64::NEG_INFINITY, f64::max)
    };
    let mut ranked: Vec<(f64, Slice)> = slices.into_iter().map(|s| (most(s), s)).collect();
    // Stable: parts that tie keep the folder's order.
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    let shown = ranked.into_iter().take(SHOWN).map(|(_, s)| s).collect();
    let which = format!(
        ": the {SHOWN} of {all} parts with the most <code>{}</code> in any design, worst first",
        key.name()
    );
    (shown, which)
}
