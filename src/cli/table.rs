//! The compact tables printed after a run: one block per variant, then each
//! variant's difference from the baseline. Metrics no variant models are left out.

use authsim::export::Outputs;
use authsim::export::numbers::{difference, rounded};
use authsim::export::records::ComparisonDocument;
use authsim::montecarlo::metrics::Metric;
use authsim::montecarlo::slices::ALL;
use authsim::report::BY_COHORT;
use authsim::report::ranking::{ORDER, ranked_by, ranking};
use std::fmt::Write;

pub fn render(outputs: &Outputs) -> String {
    let s = &outputs.summary;
    let mut out = String::new();
    if !s.description.is_empty() {
        let _ = writeln!(out, "{}", s.description);
    }
    let _ = writeln!(
        out,
        "{} · seed {} · {} replications · 95% intervals",
        s.scenario, s.seed, s.replications
    );
    if let Some(p) = &s.precision {
        let _ = writeln!(
            out,
            "precision {:.1}%: {} after {} replications; least precise: {} of \"{}\" at ±{:.1}%",
            100.0 * p.target,
            if p.reached {
                "reached"
            } else {
                "NOT reached (--max-replications)"
            },
            p.replications,
            p.metric.name(),
            p.variant,
            100.0 * p.relative_half_width
        );
    }
    let rows: Vec<_> = s
        .results
        .iter()
        .filter(|r| r.is_whole() && s.modelled.contains(&r.fields.metric))
        .collect();
    let width = rows
        .iter()
        .map(|r| r.fields.metric.name().len())
        .max()
        .unwrap_or(0);
    grouped(
        &mut out,
        rows,
        |row| &row.variant,
        |row| {
            let (mean, ci) = rounded(row.fields.mean, row.fields.ci95_half_width);
            let name = row.fields.metric.name();
            format!("{name:<width$}  {mean:>14} ± {ci}")
        },
    );
    cohorts(&mut out, outputs);
    if let Some(c) = &outputs.comparison {
        let _ = writeln!(
            out,
            "\ndifference from baseline, paired by replication: {}",
            if c.comparisons > 1 {
                format!(
                    "{:.2}% intervals (Bonferroni for {} comparisons: 95% jointly)",
                    100.0 * c.ci_level,
                    c.comparisons
                )
            } else {
                "95% intervals".to_string()
            }
        );
        let rows = c
            .results
            .iter()
            .filter(|r| r.is_whole() && s.modelled.contains(&r.fields.metric));
        grouped(
            &mut out,
            rows,
            |row| &row.variant,
            |row| {
                let d = &row.fields;
                let change = difference(d.difference, d.ci_half_width, d.relative_change);
                let (value, rest) = change.split_once(" ± ").unwrap_or((&change, ""));
                format!("{:<width$}  {value:>14} ± {rest}", d.metric.name())
            },
        );
        ranked_designs(&mut out, c, ranked_by(&s.modelled));
    }
    out
}

/// Cohorts (and registration mixes) shown at most: the rest are in summary.csv.
const COHORTS_SHOWN: usize = 5;

/// The baseline's cohorts and mixes with the most lockout, beside everyone's.
fn cohorts(out: &mut String, outputs: &Outputs) {
    let s = &outputs.summary;
    let Some(baseline) = s.results.first().map(|r| r.variant.as_str()) else {
        return;
    };
    let value = |cohort: &str, m: Metric| {
        s.results
            .iter()
            .find(|r| {
                r.variant == baseline && r.cohort == cohort && r.app == ALL && r.fields.metric == m
            })
            .map(|r| (r.fields.mean, r.fields.ci95_half_width))
    };
    let key = BY_COHORT[0];
    if value(ALL, key).is_none() {
        return;
    }
    let mut names: Vec<&str> = s
        .results
        .iter()
        .filter(|r| r.variant == baseline && r.cohort != ALL && r.app == ALL)
        .map(|r| r.cohort.as_str())
        .collect();
    names.dedup();
    if names.is_empty() {
        return;
    }
    // The worst off first: they are what the table is for.
    let of = |c: &str| value(c, key).map_or(0.0, |(m, _)| m);
    names.sort_by(|a, b| of(b).total_cmp(&of(a)));
    let shown = &names[..names.len().min(COHORTS_SHOWN)];
    let _ = writeln!(
        out,
        "\nby cohort and registration mix ({baseline}; the {} of {} with the most {}; all in summary.csv):",
        shown.len(),
        names.len(),
        key.name()
    );
    let cell = |c: &str, m: Metric| {
        value(c, m).map_or(String::new(), |(mean, ci)| {
            let (mean, ci) = rounded(mean, ci);
            format!("{mean} ± {ci}")
        })
    };
    let rows: Vec<(&str, Vec<String>)> = std::iter::once(&ALL)
        .chain(shown)
        .map(|&c| {
            let label = if c == ALL { "everyone" } else { c };
            (label, BY_COHORT.map(|m| cell(c, m)).to_vec())
        })
        .collect();
    let width = rows.iter().map(|(c, _)| c.len()).max().unwrap_or(0);
    let widths: Vec<usize> = BY_COHORT
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let cells = rows.iter().map(|(_, r)| r[i].chars().count());
            cells.max().unwrap_or(0).max(m.name().len())
        })
        .collect();
    let _ = write!(out, "    {:<width$}", "");
    for (m, w) in BY_COHORT.iter().zip(&widths) {
        let _ = write!(out, "  {:>w$}", m.name());
    }
    let _ = writeln!(out);
    for (label, cells) in rows {
        let _ = write!(out, "    {label:<width$}");
        for (c, w) in cells.iter().zip(&widths) {
            let _ = write!(out, "  {c:>w$}");
        }
        let _ = writeln!(out);
    }
}

/// The designs by how much they cut `metric`, largest first.
fn ranked_designs(out: &mut String, c: &ComparisonDocument, metric: Metric) {
    let ranked = ranking(c, metric);
    if ranked.len() < 2 {
        return;
    }
    let name = metric.name();
    let _ = writeln!(
        out,
        "\ndesigns ranked by change in {name}, paired ({ORDER}):"
    );
    for (i, r) in ranked.iter().enumerate() {
        let verdict = if r.significant() {
            ""
        } else {
            "  (not significant)"
        };
        let _ = writeln!(out, "  {}. {}: {}{verdict}", i + 1, r.variant, r.change());
    }
}

/// One line per row, under a heading for each variant, in the rows' order.
pub fn grouped<'a, R: 'a>(
    out: &mut String,
    rows: impl IntoIterator<Item = &'a R>,
    variant: impl Fn(&'a R) -> &'a str,
    line: impl Fn(&'a R) -> String,
) {
    let mut current = None;
    for row in rows {
        let name = variant(row);
        if current != Some(name) {
            let _ = writeln!(out, "\n  {name}");
            current = Some(name);
        }
        let _ = writeln!(out, "    {}", line(row));
    }
}
