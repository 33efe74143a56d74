//! The results tables: every metric of every design with its interval, each
//! design's paired difference from the baseline, and the designs ranked.

use super::{esc, table};
use crate::export::numbers::{difference, interval};
use crate::export::records::{ComparisonDocument, SummaryRecord};
use crate::montecarlo::metrics::Metric;
use crate::montecarlo::slices::ALL;
use crate::report::folder::RunFolder;
use crate::report::index::Index;
use crate::report::ranking::{ORDER, ranked_by, ranking};
use std::fmt::Write;

const NOT_MODELLED: &str = "<span class=\"none\">not modelled</span>";

/// A metric's row: its name, unit, then one cell per column, or a single
/// "not modelled" across them where the scenario does not model it.
fn row(run: &RunFolder, m: Metric, columns: usize, cell: impl Fn(usize) -> String) -> Vec<String> {
    let d = m.definition();
    let mut cells = vec![format!("<code>{}</code>", d.name), esc(d.unit)];
    if run.models(m) {
        cells.extend((0..columns).map(cell));
    } else {
        cells.extend((0..columns).map(|_| NOT_MODELLED.to_string()));
    }
    cells
}

/// What a flagged interval means, for a section's introduction.
pub(super) const FEW_EVENTS: &str = "An interval flagged <span class=\"few\">seen in 2 of 20</span> \
     rests on fewer than 5 replications that saw what the metric counts (a value other than 0): \
     it may hold far less than its confidence; run more replications.";

/// A metric's cell: its mean, its interval, and the flag where few replications saw it.
pub(super) fn estimate(r: &SummaryRecord) -> String {
    let (low, high) = r.interval();
    let (mean, spread) = interval(r.mean, low, high);
    let events = r.event_replications.filter(|_| r.few_events);
    format!("{mean} {spread}{}", flag("seen in", events, r.replications))
}

/// The flag of an interval resting on `events` replications of `replications`.
fn flag(verb: &str, events: Option<u32>, replications: u32) -> String {
    let count = |k: u32| match k {
        0 => "none".to_string(),
        k => k.to_string(),
    };
    events.map_or(String::new(), |k| {
        format!(
            " <span class=\"few\">{verb} {} of {replications}</span>",
            count(k)
        )
    })
}

pub fn section(out: &mut String, run: &RunFolder, records: &Index<SummaryRecord>) {
    let _ = writeln!(
        out,
        "<h2>Results</h2><p>Mean over replications and its 95% interval (Hall's \
         skewness-corrected Student-t: longer on the side of rare large values). {FEW_EVENTS}</p>"
    );
    let mut head = vec!["metric", "unit"];
    head.extend(run.variants.iter().map(String::as_str));
    let rows = Metric::ALL
        .iter()
        .map(|&m| {
            row(run, m, run.variants.len(), |k| {
                records
                    .get(&run.variants[k], (ALL, ALL), m)
                    .map_or(String::new(), estimate)
            })
        })
        .collect();
    table(out, &head, rows);
    if let Some(c) = &run.comparison {
        differences(out, run, c);
        ranked(out, c, ranked_by(&run.summary.modelled));
    }
}

fn differences(out: &mut String, run: &RunFolder, c: &ComparisonDocument) {
    let _ = writeln!(
        out,
        "<h2>Difference from the baseline</h2><p>Paired by replication; {:.2}% intervals{}. \
         A difference flagged <span class=\"few\">differs in 2 of 20</span> rests on fewer than \
         5 replications in which the designs differ.</p>",
        c.ci_level * 100.0,
        if c.comparisons > 1 {
            format!(
                " (Bonferroni for {} comparisons: 95% jointly)",
                c.comparisons
            )
        } else {
            String::new()
        }
    );
    let others: Vec<&str> = run.variants.iter().skip(1).map(String::as_str).collect();
    let paired = Index::new(&c.results, |d| d.metric);
    let mut head = vec!["metric", "unit"];
    head.extend(&others);
    let rows = Metric::ALL
        .iter()
        .map(|&m| {
            row(run, m, others.len(), |k| {
                paired
                    .get(others[k], (ALL, ALL), m)
                    .map_or(String::new(), |d| {
                        let (low, high) = d.interval();
                        let events = d.event_replications.filter(|_| d.few_events);
                        let change = difference(d.difference, low, high, d.relative_change);
                        esc(&change) + &flag("differs in", events, d.replications)
                    })
            })
        })
        .collect();
    table(out, &head, rows);
}

/// The designs by how much they cut `metric`, each with its staleness and
/// prompts beside it and the marks it earns.
fn ranked(out: &mut String, c: &ComparisonDocument, metric: Metric) {
    let ranked = ranking(c, metric);
    if ranked.len() < 2 {
        return;
    }
    let _ = writeln!(
        out,
        "<h2>Designs ranked by change in <code>{}</code></h2><p>Paired differences, {ORDER}; intervals as above.</p>",
        metric.name()
    );
    let rows = ranked
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                (i + 1).to_string(),
                esc(r.variant),
                esc(&r.line()) + &flag("differs in", r.ranked.few_events, c.replications),
                if r.ranked.significant() { "yes" } else { "no" }.to_string(),
                esc(&r.marks().join("; ")),
            ]
        })
        .collect();
    table(
        out,
        &[
            "rank",
            "design",
            "changes",
            "interval excludes zero",
            "marks",
        ],
        rows,
    );
}
