//! The results tables: every metric of every design with its interval, each
//! design's paired difference from the baseline, and the designs ranked.

use super::{esc, table};
use crate::export::numbers::{difference, rounded};
use crate::export::records::ComparisonDocument;
use crate::montecarlo::metrics::Metric;
use crate::report::folder::RunFolder;
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

pub fn section(out: &mut String, run: &RunFolder) {
    let _ = writeln!(
        out,
        "<h2>Results</h2><p>Mean over replications ± 95% half-width.</p>"
    );
    let mut head = vec!["metric", "unit"];
    head.extend(run.variants.iter().map(String::as_str));
    let rows = Metric::ALL
        .iter()
        .map(|&m| {
            row(run, m, run.variants.len(), |k| {
                run.record(&run.variants[k], m).map_or(String::new(), |r| {
                    let (mean, ci) = rounded(r.fields.mean, r.fields.ci95_half_width);
                    format!("{mean} ± {ci}")
                })
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
        "<h2>Difference from the baseline</h2><p>Paired by replication; {:.2}% intervals{}.</p>",
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
    let mut head = vec!["metric", "unit"];
    head.extend(&others);
    let rows = Metric::ALL
        .iter()
        .map(|&m| {
            row(run, m, others.len(), |k| {
                c.results
                    .iter()
                    .find(|d| d.variant == others[k] && d.fields.metric == m)
                    .map_or(String::new(), |d| {
                        let d = &d.fields;
                        esc(&difference(
                            d.difference,
                            d.ci_half_width,
                            d.relative_change,
                        ))
                    })
            })
        })
        .collect();
    table(out, &head, rows);
}

/// The designs by how much they cut `metric`.
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
                esc(&r.change()),
                if r.significant() { "yes" } else { "no" }.to_string(),
            ]
        })
        .collect();
    table(
        out,
        &["rank", "design", "difference", "interval excludes zero"],
        rows,
    );
}
