//! `authsim compare RUN_A RUN_B`: the library pairs the two run folders; this
//! prints them side by side, marking intervals that do not overlap, and those
//! that rest on too few replications with the event.

use super::emit;
use super::table::{Marks, grouped};
use authsim::error::Error;
use authsim::export::numbers::of_metric;
use authsim::report::compare::{Compared, Pair, RunOrigin, Unreported, compare as pair};
use authsim::scenario::duration::format_seconds;
use std::fmt::Write;
use std::path::Path;

pub fn compare(run_a: &Path, run_b: &Path, json: bool) -> Result<(), Error> {
    let compared = pair(run_a, run_b)?;
    if json {
        let text = serde_json::to_string_pretty(&compared.document()).expect("records serialize");
        emit(&(text + "\n"))
    } else {
        emit(&render(run_a, run_b, &compared))
    }
}

fn render(run_a: &Path, run_b: &Path, c: &Compared) -> String {
    let mut out = String::new();
    let describe = |p: &Path, r: &RunOrigin| {
        format!(
            "{} (seed {}, {} replications)",
            p.display(),
            r.seed,
            r.replications
        )
    };
    let _ = writeln!(
        out,
        "A: {}\nB: {}",
        describe(run_a, &c.a),
        describe(run_b, &c.b)
    );
    if let Some((a, b)) = c.periods_differ() {
        let _ = writeln!(
            out,
            "note: A measured {} and B {} a replication: totals over the period (lockout hours, users locked out, attempts) differ for that alone",
            format_seconds(a),
            format_seconds(b)
        );
    }
    let _ = writeln!(out, "95% intervals; ≠ marks intervals that do not overlap");
    let legend_at = out.len();
    let marks = Marks::default();
    let width = c
        .pairs
        .iter()
        .map(|p| p.metric.name().len())
        .max()
        .unwrap_or(0);
    let cell = |metric,
                mean: Option<f64>,
                low: Option<f64>,
                high: Option<f64>,
                few: bool,
                why: Option<Unreported>| {
        match (mean, low, high) {
            (Some(m), Some(low), Some(high)) => {
                let (m, spread) = of_metric(metric, m, low, high);
                format!("{m} {spread}{}", marks.cell(few))
            }
            _ => why.map_or("", Unreported::words).to_string(),
        }
    };
    let rows: Vec<(&Pair, String, String)> = c
        .pairs
        .iter()
        .map(|p| {
            let a = cell(
                p.metric,
                p.mean_a,
                p.ci95_low_a,
                p.ci95_high_a,
                p.few_events_a,
                p.unreported_a,
            );
            let b = cell(
                p.metric,
                p.mean_b,
                p.ci95_low_b,
                p.ci95_high_b,
                p.few_events_b,
                p.unreported_b,
            );
            (p, a, b)
        })
        .collect();
    // Run A's column as wide as its widest cell, so the marks line up.
    let column = rows
        .iter()
        .map(|(_, a, _)| a.chars().count())
        .max()
        .unwrap_or(0);
    grouped(
        &mut out,
        &rows,
        |(p, _, _)| &p.variant,
        |(p, a, b)| {
            let flag = match p.intervals_overlap {
                Some(false) => "≠",
                _ => " ",
            };
            format!("{:<width$}  {a:>column$}  {flag}  {b}", p.metric.name())
        },
    );
    marks.legend(&mut out, legend_at);
    out
}
