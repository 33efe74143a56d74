//! The results tables: every metric of every design with its interval, each
//! design's paired difference from the baseline, and the designs ranked.

use super::{by_design, esc, metric_head, table};
use crate::folder::RunFolder;
use crate::index::Index;
use crate::ranking::{ORDER, ranked_by, ranking};
use authsim_core::montecarlo::metrics::Metric;
use authsim_core::montecarlo::slices::ALL;
use authsim_export::numbers::{metric_difference, of_metric};
use authsim_export::records::{ComparisonDocument, SummaryRecord};
use std::fmt::Write;

/// The metrics the run models, each as a table heads it, and below the table
/// those it does not model, folded away: a row of "not modelled" tells nothing.
fn modelled(run: &RunFolder) -> (Vec<Metric>, Vec<String>) {
    let metrics: Vec<Metric> = Metric::ALL.into_iter().filter(|&m| run.models(m)).collect();
    let heads = metrics.iter().map(|&m| metric_head(m)).collect();
    (metrics, heads)
}

/// The `<details>` naming the metrics the scenario does not model, and those its
/// sample of users cannot estimate, if any.
fn not_modelled(out: &mut String, run: &RunFolder) {
    let (zero, sampled) = run.left_out();
    let names = |metrics: &[Metric]| {
        let names: Vec<String> = metrics
            .iter()
            .map(|m| format!("<code>{}</code>", m.name()))
            .collect();
        names.join(", ")
    };
    for (metrics, why) in [
        (zero, "this scenario does not model"),
        (
            sampled,
            "a sample of users cannot estimate (<code>simulation.sample_users</code>)",
        ),
    ] {
        if !metrics.is_empty() {
            let _ = writeln!(
                out,
                "<details class=\"unmodelled\"><summary>{} metrics {why}</summary>\
                 <p>{}.</p></details>",
                metrics.len(),
                names(&metrics)
            );
        }
    }
}

/// What a flagged interval means, for a section's introduction.
pub(super) const FEW_EVENTS: &str = "An interval flagged <span class=\"few\">seen in 2 of 20</span> \
     rests on fewer than 5 replications that saw what the metric counts (a value other than 0): \
     it may hold far less than its confidence; run more replications.";

/// A metric's cell: its mean, its interval, and the flag where few replications saw it.
pub(super) fn estimate(r: &SummaryRecord) -> String {
    let (low, high) = r.interval();
    let (mean, spread) = of_metric(r.metric, r.mean, low, high);
    let events = r.event_replications.filter(|_| r.few_events);
    format!("{mean} {spread}{}", flag("seen in", events, r.replications))
}

/// The flag of an interval resting on `events` replications of `replications`.
pub(super) fn flag(verb: &str, events: Option<u32>, replications: u32) -> String {
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
        "<h2 id=\"results\">Results</h2><p>Mean over replications and its 95% interval (Hall's \
         skewness-corrected Student-t: longer on the side of rare large values). {FEW_EVENTS}</p>"
    );
    let (metrics, heads) = modelled(run);
    by_design(out, "metric", &heads, &run.variants, |t, d| {
        records
            .get(&run.variants[d], (ALL, ALL), metrics[t])
            .map_or(String::new(), estimate)
    });
    not_modelled(out, run);
    super::tail::section(out, run);
    if let Some(c) = &run.comparison {
        differences(out, run, c);
        ranked(out, c, ranked_by(&run.summary.modelled));
    }
}

fn differences(out: &mut String, run: &RunFolder, c: &ComparisonDocument) {
    let _ = writeln!(
        out,
        "<h2 id=\"differences\">Difference from the baseline</h2><p>Paired by replication; {:.2}% intervals{}. \
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
    let others: Vec<String> = run.variants.iter().skip(1).cloned().collect();
    let paired = Index::new(&c.results, |d| d.metric);
    let (metrics, heads) = modelled(run);
    by_design(out, "metric", &heads, &others, |t, d| {
        paired
            .get(&others[d], (ALL, ALL), metrics[t])
            .map_or(String::new(), |d| {
                let (low, high) = d.interval();
                let events = d.event_replications.filter(|_| d.few_events);
                let change =
                    metric_difference(d.metric, d.difference, low, high, d.relative_change);
                esc(&change) + &flag("differs in", events, d.replications)
            })
    });
    not_modelled(out, run);
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
        "<h2 id=\"ranking\">Designs ranked by change in <code>{}</code></h2><p>Paired differences, {ORDER}; intervals as above.</p>",
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
