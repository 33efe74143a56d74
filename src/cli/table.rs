//! The compact tables printed after a run: one block per variant, then each
//! variant's difference from the baseline. Metrics no variant models are left out.

use authsim::export::Outputs;
use authsim::export::numbers::{metric_difference, of_metric, percentile};
use authsim::export::records::ComparisonDocument;
use authsim::montecarlo::interval::MIN_EVENTS;
use authsim::montecarlo::metrics::Metric;
use authsim::montecarlo::precision::{Check, Stopping, Verdict};
use authsim::montecarlo::slices::ALL;
use authsim::report::BY_COHORT;
use authsim::report::ranking::{ORDER, ranked_by, ranking};
use std::cell::Cell;
use std::fmt::Write;

/// The tables; `period`, what one replication is, where failures come at
/// random; `sampled`, the n of N users each replication plays a sample of.
pub fn render(outputs: &Outputs, period: &str, sampled: Option<(u64, u64)>) -> String {
    let s = &outputs.summary;
    let mut out = String::new();
    if !s.description.is_empty() {
        let _ = writeln!(out, "{}", s.description);
    }
    let sample = sampled.map_or(String::new(), |(n, everyone)| {
        format!(" · a sample of {n} of {everyone} users each")
    });
    let _ = writeln!(
        out,
        "{} · seed {} · {} replications{sample} · 95% intervals",
        s.scenario, s.seed, s.replications
    );
    if !s.sampled_away.is_empty() {
        let names: Vec<&str> = s.sampled_away.iter().map(|m| m.name()).collect();
        let _ = writeln!(
            out,
            "not estimated from a sample of users, so left out: {}",
            names.join(", ")
        );
    }
    if let Some(p) = &s.precision {
        let _ = writeln!(out, "{}", precision(p));
    }
    let rows: Vec<_> = s
        .results
        .iter()
        .filter(|r| r.is_whole() && s.modelled.contains(&r.fields.metric))
        .collect();
    let differences: Vec<_> = outputs
        .comparison
        .iter()
        .flat_map(|c| {
            c.results
                .iter()
                .filter(|r| r.is_whole() && s.modelled.contains(&r.fields.metric))
        })
        .collect();
    // Said once, above the tables, if any interval shown is flagged.
    let legend_at = out.len();
    let marks = Marks::default();
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
            let r = &row.fields;
            let (low, high) = r.interval();
            let (mean, spread) = of_metric(r.metric, r.mean, low, high);
            let flag = marks.row(
                "seen in",
                r.event_replications,
                r.few_events,
                r.replications,
            );
            let name = r.metric.name();
            format!("{name:<width$}  {mean:>14} {spread}{flag}")
        },
    );
    tail(&mut out, outputs, period);
    cohorts(&mut out, outputs, &marks);
    super::actions::section(&mut out, outputs);
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
        grouped(
            &mut out,
            differences,
            |row| &row.variant,
            |row| {
                let d = &row.fields;
                let (low, high) = d.interval();
                let change =
                    metric_difference(d.metric, d.difference, low, high, d.relative_change);
                let (value, rest) = change.split_once(' ').unwrap_or((&change, ""));
                let flag = marks.row(
                    "differs in",
                    d.event_replications,
                    d.few_events,
                    d.replications,
                );
                format!("{:<width$}  {value:>14} {rest}{flag}", d.metric.name())
            },
        );
        ranked_designs(&mut out, c, ranked_by(&s.modelled), &marks);
    }
    marks.legend(&mut out, legend_at);
    out
}

/// Where a `--precision` run stopped, and whether on its target.
pub fn precision(p: &Stopping) -> String {
    let (target, n) = (100.0 * p.target, p.replications);
    let why = why(&p.decided, n, p.target);
    match p.reached {
        true => {
            format!("precision {target:.1}%: reached after {n} replications, decided by {why}")
        }
        false => format!(
            "precision {target:.1}%: NOT reached (--max-replications) after {n} replications: {why}"
        ),
    }
}

/// Where a headline metric stands at a precision check of `n` replications.
pub fn why(check: &Check, n: u32, target: f64) -> String {
    let what = format!("{} of \"{}\"", check.metric.name(), check.variant);
    let (events, needed) = (check.events, Stopping::rule_of_three(target));
    let share = Stopping::ruled_out_share(target);
    match check.verdict {
        Verdict::Unseen => format!(
            "{what} seen in none of {n} replications ({needed} without one would put it under {:.1}% of replications, by the rule of three)",
            100.0 * share
        ),
        Verdict::FewEvents => format!(
            "{what} seen in only {events} of {n} replications (at least {MIN_EVENTS} needed)"
        ),
        Verdict::Settled if events == 0 => format!(
            "{what} seen in none of {n} replications: under {:.1}% of replications, by the rule of three",
            100.0 * share
        ),
        Verdict::Settled | Verdict::Wide => {
            format!("{what} at ±{:.1}%", 100.0 * check.relative_half_width)
        }
    }
}

/// Cohorts (and registration mixes) shown at most: the rest are in summary.csv.
const COHORTS_SHOWN: usize = 5;

/// How bad a bad month is, where failures come at random: per design, each
/// metric of interest's percentiles over replications (the whole population's),
/// aligned by column.
fn tail(out: &mut String, outputs: &Outputs, period: &str) {
    let rows: Vec<_> = (outputs.summary.results.iter())
        .filter(|r| r.is_whole() && r.fields.modelled && !r.fields.percentiles.is_empty())
        .collect();
    let Some(first) = rows.first() else {
        return;
    };
    let n = first.fields.replications;
    let _ = writeln!(
        out,
        "\nhow bad a bad {period} is: percentiles of {n} replications, each a random {period} \
         (95% intervals; open: {n} bound none on that side)"
    );
    let cells: Vec<Vec<String>> = (rows.iter())
        .map(|r| {
            let m = r.fields.metric;
            (r.fields.percentiles.iter())
                .map(|p| format!("{} {}", p.name(), percentile(m, p)))
                .collect()
        })
        .collect();
    let widths: Vec<usize> = (0..cells[0].len())
        .map(|i| {
            cells
                .iter()
                .map(|c| c[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let width = (rows.iter().map(|r| r.fields.metric.name().len()))
        .max()
        .unwrap_or(0);
    let lines = rows.iter().zip(&cells);
    grouped(
        out,
        lines.collect::<Vec<_>>().iter(),
        |(row, _)| &row.variant,
        |(row, cells)| {
            let padded: Vec<String> = (cells.iter().zip(&widths))
                .map(|(c, w)| format!("{c:<w$}"))
                .collect();
            let line = format!(
                "{:<width$}  {}",
                row.fields.metric.name(),
                padded.join("  ")
            );
            line.trim_end().to_string()
        },
    );
}

/// The baseline's cohorts and mixes with the most lockout, beside everyone's; a
/// flagged interval is marked `!`.
fn cohorts(out: &mut String, outputs: &Outputs, marks: &Marks) {
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
            .map(|r| &r.fields)
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
    let of = |c: &str| value(c, key).map_or(0.0, |r| r.mean);
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
        value(c, m).map_or(String::new(), |r| {
            let (low, high) = r.interval();
            let (mean, spread) = of_metric(m, r.mean, low, high);
            let mark = marks.cell(r.few_events);
            format!("{mean} {spread}{mark}")
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

/// The marks of intervals resting on fewer than `MIN_EVENTS` replications with the
/// event, and whether any was made (for the legend).
#[derive(Default)]
pub struct Marks(Cell<bool>);

impl Marks {
    /// The legend, said once at `at` (above the tables) if any mark was made.
    pub fn legend(&self, out: &mut String, at: usize) {
        if self.0.get() {
            let legend = format!(
                "! seen in fewer than {MIN_EVENTS} replications (a value other than 0; for a \
                 difference, designs that differ): the interval may hold far less than it says\n"
            );
            out.insert_str(at, &legend);
        }
    }

    /// After a row: `  ! seen in 2 of 20`.
    fn row(&self, verb: &str, events: Option<u32>, few: bool, replications: u32) -> String {
        self.0.set(self.0.get() || few);
        match (few, events) {
            (true, Some(0)) => format!("  ! {verb} none of {replications}"),
            (true, Some(k)) => format!("  ! {verb} {k} of {replications}"),
            _ => String::new(),
        }
    }

    /// After a table's cell: ` !`.
    pub fn cell(&self, few: bool) -> &'static str {
        self.0.set(self.0.get() || few);
        if few { " !" } else { "" }
    }
}

/// The designs by how much they cut `metric`, largest first, each with its
/// staleness and prompts beside it and the marks it earns, in one line.
fn ranked_designs(out: &mut String, c: &ComparisonDocument, metric: Metric, marks: &Marks) {
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
        let verdict = if r.ranked.significant() {
            ""
        } else {
            "  (not significant)"
        };
        let flag = marks.row(
            "differs in",
            r.ranked.few_events,
            r.ranked.few_events.is_some(),
            c.replications,
        );
        let earned: String = r.marks().iter().map(|m| format!("  [{m}]")).collect();
        let _ = writeln!(
            out,
            "  {}. {}: {}{verdict}{earned}{flag}",
            i + 1,
            r.variant,
            r.line()
        );
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
