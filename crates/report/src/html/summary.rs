//! The first screen: the question (the scenario's description and its header's
//! first paragraph), the answer in a few sentences from the paired comparison,
//! and a small table of the best design for each headline metric with what it
//! costs beside it. A run of one design has no comparison: its headline results.

use super::results::estimate;
use super::{esc, metric_head, question, table};
use crate::folder::RunFolder;
use crate::index::Index;
use crate::ranking::{
    Change, DOMINATED, Ranked, TRADES_SECURITY, TRADES_SIGN_IN, change, ranked_by, ranking,
};
use authsim_core::montecarlo::metrics::Metric;
use authsim_core::montecarlo::slices::ALL;
use authsim_export::records::{ComparisonDocument, SummaryRecord};
use std::fmt::Write;

/// What a cut's price is counted in beyond the ranking's own: the help desk's calls.
const PRICE: Metric = Metric::HelpdeskCallsPer1kUsers;

pub fn section(out: &mut String, run: &RunFolder, records: &Index<SummaryRecord>) {
    let _ = writeln!(
        out,
        "<section id=\"summary\"><h2 id=\"question\">The question</h2>"
    );
    if !run.summary.description.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"lead\">{}</p>",
            esc(&run.summary.description)
        );
    }
    let lead = question::lead(run);
    if !lead.is_empty() {
        let _ = writeln!(out, "<p>{lead}</p>");
    }
    let _ = writeln!(out, "<h2 id=\"answer\">The answer</h2>");
    match &run.comparison {
        Some(c) => compared(out, run, c),
        None => alone(out, run, records),
    }
    let _ = writeln!(out, "</section>");
}

/// The ranked metric first, then the workloads' denial rate (what their designs
/// change where people are ranked first) and every headline metric the run models.
fn headlines(run: &RunFolder) -> Vec<Metric> {
    let first = ranked_by(&run.summary.modelled);
    let rest = std::iter::once(Metric::WorkloadDenialRate).chain(Metric::headlines());
    let rest = rest.filter(|&m| m != first && run.models(m));
    std::iter::once(first).chain(rest).collect()
}

/// A change as the answer shows it, marked where its interval holds zero.
fn shown(c: &Change) -> String {
    let same = match c.significant() {
        true => "",
        false => " <span class=\"same\">(not significant)</span>",
    };
    esc(&c.labelled()) + same
}

/// What a design's cut costs: the ranking's changes beside it, and the help
/// desk's calls where modelled.
fn costs(run: &RunFolder, c: &ComparisonDocument, r: &Ranked) -> String {
    let desk = (r.ranked.metric != PRICE && run.models(PRICE))
        .then(|| change(c, r.variant, PRICE))
        .flatten();
    let all: Vec<String> = r.costs().chain(desk.as_ref()).map(shown).collect();
    match all.is_empty() {
        true => "<span class=\"none\">nothing modelled beside it</span>".to_string(),
        false => all.join("; "),
    }
}

/// Names, joined for a sentence.
fn names<'a>(designs: impl Iterator<Item = &'a Ranked<'a>>) -> String {
    let names: Vec<String> = designs
        .map(|r| format!("{} ({})", esc(r.variant), esc(&r.ranked.change())))
        .collect();
    names.join(", ")
}

fn compared(out: &mut String, run: &RunFolder, c: &ComparisonDocument) {
    let metric = ranked_by(&run.summary.modelled);
    let ranked = ranking(c, metric);
    let Some(best) = ranked.first() else {
        return;
    };
    let label = metric.label();
    let baseline = run
        .variants
        .first()
        .and_then(|b| run.record(b, metric))
        .map_or(String::new(), |r| {
            format!(" against the baseline's {}", estimate(&r.fields))
        });
    let mut said = vec![match best.ranked.high < 0.0 {
        true => format!(
            "<strong>{}</strong> cuts {label} most: {}{baseline}.",
            esc(best.variant),
            esc(&best.ranked.change())
        ),
        false => format!(
            "No design cuts {label} significantly{baseline}; the lowest is <strong>{}</strong>, {}.",
            esc(best.variant),
            esc(&best.ranked.change())
        ),
    }];
    said.push(format!("Beside it: {}.", costs(run, c, best)));
    if !best.marks().is_empty() {
        said.push(format!("Marked: {}.", esc(&best.marks().join("; "))));
    }
    said.extend(super::tail::sentence(run, metric));
    let _ = writeln!(out, "<p>{}</p>", said.join(" "));
    let others = || ranked.iter().skip(1);
    let mut items = Vec::new();
    let groups = [
        (
            "Also cut it",
            others().filter(|r| r.ranked.high < 0.0).collect::<Vec<_>>(),
        ),
        (
            "Not significantly different from the baseline",
            others().filter(|r| !r.ranked.significant()).collect(),
        ),
        (
            "Raise it",
            others().filter(|r| r.ranked.low > 0.0).collect(),
        ),
    ];
    for (what, group) in groups.iter().filter(|(_, g)| !g.is_empty()) {
        items.push(format!("{what}: {}.", names(group.iter().copied())));
    }
    for mark in [TRADES_SECURITY, TRADES_SIGN_IN, DOMINATED] {
        let marked: Vec<String> = others()
            .filter(|r| r.marks().contains(&mark))
            .map(|r| esc(r.variant))
            .collect();
        if !marked.is_empty() {
            items.push(format!("{}: {}.", marked.join(", "), esc(mark)));
        }
    }
    if !items.is_empty() {
        let _ = writeln!(out, "<ul><li>{}</li></ul>", items.join("</li><li>"));
    }
    best_table(out, run, c);
}

/// Each headline metric's best design, its change and what is beside it.
fn best_table(out: &mut String, run: &RunFolder, c: &ComparisonDocument) {
    let rows = headlines(run)
        .into_iter()
        .filter_map(|m| {
            let ranked = ranking(c, m);
            let best = ranked.first()?;
            // A best design is one that lowers the metric, beyond chance.
            if best.ranked.difference < 0.0 && best.ranked.significant() {
                return Some(vec![
                    metric_head(m),
                    esc(best.variant),
                    shown(&best.ranked),
                    costs(run, c, best),
                ]);
            }
            Some(vec![
                metric_head(m),
                "<span class=\"none\">none</span>".to_string(),
                "no design lowers it significantly".to_string(),
                String::new(),
            ])
        })
        .collect();
    let _ = writeln!(
        out,
        "<p>The design that lowers each headline metric most, its paired difference from \
         the baseline (interval, relative change) and the changes beside it:</p>"
    );
    table(out, &["metric", "best design", "change", "beside it"], rows);
}

/// One design: its headline results.
fn alone(out: &mut String, run: &RunFolder, records: &Index<SummaryRecord>) {
    let Some(design) = run.variants.first() else {
        return;
    };
    let _ = writeln!(
        out,
        "<p>One design ({}), so no comparison: its headline results, mean over \
         replications and 95% interval.</p>",
        esc(design)
    );
    let rows = headlines(run)
        .into_iter()
        .filter_map(|m| {
            let r = records.get(design, (ALL, ALL), m)?;
            Some(vec![metric_head(m), estimate(r)])
        })
        .collect();
    table(out, &["metric", "mean and 95% interval"], rows);
    if let Some(tail) = super::tail::sentence(run, ranked_by(&run.summary.modelled)) {
        let _ = writeln!(out, "<p>{tail}</p>");
    }
}
