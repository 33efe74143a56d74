//! The ranking and the differences as GitHub-flavoured Markdown tables, for a
//! wiki page or a pull request (`--export-markdown`, as hyperfine's): the
//! figures the terminal shows, from the same records, rounded the same way.

use super::folder::RunFolder;
use super::ranking::{BESIDE, Change, ORDER, Ranked, ranked_by, ranking};
use authsim_core::montecarlo::interval::MIN_EVENTS;
use authsim_core::montecarlo::metrics::Metric;
use authsim_export::numbers::of_metric;
use authsim_export::records::{self, ComparisonDocument, SummaryDocument};
use std::cell::Cell;
use std::fmt::Write;

/// After a difference whose interval holds zero.
pub const NOT_SIGNIFICANT: &str = "n.s.";
/// After an interval resting on fewer than `MIN_EVENTS` replications with the event.
pub const FEW_EVENTS: &str = "!";

/// The finished run's tables as Markdown: the ranking and every design's
/// differences from the baseline, or with one design its results; metrics the
/// run does not model are named, not shown.
pub fn render(run: &RunFolder) -> String {
    let (summary, comparison) = (&run.summary, run.comparison.as_ref());
    let modelled: Vec<Metric> = Metric::ALL.into_iter().filter(|&m| run.models(m)).collect();
    let designs = records::variants(&summary.results);
    let baseline = designs.first().copied().unwrap_or_default();
    let mut out = String::new();
    let marks = Marks::default();
    heading(&mut out, run);
    match comparison {
        Some(c) => {
            ranked(&mut out, c, ranked_by(&summary.modelled), baseline, &marks);
            differences(&mut out, c, &modelled, baseline, &marks);
        }
        None => results(&mut out, summary, &modelled, &marks),
    }
    let (zero, sampled) = run.left_out();
    for (left_out, why) in [
        (zero, "Not modelled by this scenario (zero by construction)"),
        (
            sampled,
            "Not estimated: each replication plays a sample of the users (`simulation.sample_users`), which cannot stand for everyone's",
        ),
    ] {
        if !left_out.is_empty() {
            let names: Vec<String> = left_out.iter().map(|m| code(m.name())).collect();
            let _ = writeln!(out, "\n{why}, so left out: {}.", names.join(", "));
        }
    }
    marks.legend(&mut out);
    out
}

/// The report's title, the scenario's question, and what the figures rest on.
fn heading(out: &mut String, run: &RunFolder) {
    let s = &run.summary;
    let _ = writeln!(out, "# {}\n", text(&run.title()));
    if !s.description.is_empty() {
        let _ = writeln!(out, "{}\n", text(&s.description));
    }
    let level = match &run.comparison {
        Some(c) if c.comparisons > 1 => format!(
            "Differences paired by replication, {:.2}% intervals (Bonferroni for {} comparisons: 95% jointly)",
            100.0 * c.ci_level,
            c.comparisons
        ),
        Some(_) => "Differences paired by replication, 95% intervals".to_string(),
        None => "Means with 95% intervals".to_string(),
    };
    let _ = writeln!(out, "{level} · authsim {}", s.authsim_version);
}

/// The ranking the terminal prints, a row per design, its costs beside it.
fn ranked(out: &mut String, c: &ComparisonDocument, metric: Metric, baseline: &str, marks: &Marks) {
    let ranked = ranking(c, metric);
    if ranked.is_empty() {
        return;
    }
    // A cost gets a column where some design's line shows it.
    let beside: Vec<Metric> = BESIDE
        .into_iter()
        .filter(|&m| ranked.iter().any(|r| r.costs().any(|s| s.metric == m)))
        .collect();
    let _ = writeln!(
        out,
        "\n## Designs ranked by change in {}\n\nEach design against the baseline ({}), paired by replication: {ORDER}.\n",
        code(metric.name()),
        text(baseline)
    );
    let mut header = vec![
        "rank".to_string(),
        "design".to_string(),
        code(metric.name()),
    ];
    header.extend(beside.iter().map(|m| code(m.name())));
    header.push("marks".to_string());
    let mut align = vec![Align::Right, Align::Left];
    align.extend(std::iter::repeat_n(Align::Right, 1 + beside.len()));
    align.push(Align::Left);
    let cost = |r: &Ranked, m: Metric| {
        let change = r.beside.iter().find(|c| c.metric == m);
        change.map_or(String::new(), |c| marks.change(c))
    };
    let rows = ranked.iter().enumerate().map(|(i, r)| {
        let mut row = vec![
            (i + 1).to_string(),
            text(r.variant),
            marks.change(&r.ranked),
        ];
        row.extend(beside.iter().map(|&m| cost(r, m)));
        row.push(text(&r.marks().join("; ")));
        row
    });
    table(out, &header, &align, rows);
}

/// Every modelled metric's difference from the baseline, a column per design.
fn differences(
    out: &mut String,
    c: &ComparisonDocument,
    modelled: &[Metric],
    baseline: &str,
    marks: &Marks,
) {
    let designs = records::variants(&c.results);
    let _ = writeln!(
        out,
        "\n## Difference from the baseline\n\nEach design against the baseline ({}), paired by replication: difference ± half-width (relative change).\n",
        text(baseline)
    );
    let mut header = vec!["metric".to_string()];
    header.extend(designs.iter().map(|d| text(d)));
    let mut align = vec![Align::Left];
    align.extend(std::iter::repeat_n(Align::Right, designs.len()));
    let rows = modelled.iter().map(|&m| {
        let cell = |design: &str| {
            let record = c
                .results
                .iter()
                .find(|r| r.is_whole() && r.variant == design && r.fields.metric == m);
            record.map_or(String::new(), |r| marks.change(&Change::of(&r.fields)))
        };
        std::iter::once(code(m.name()))
            .chain(designs.iter().map(|d| cell(d)))
            .collect()
    });
    table(out, &header, &align, rows);
}

/// One design, nothing to compare: each modelled metric's mean and interval.
fn results(out: &mut String, s: &SummaryDocument, modelled: &[Metric], marks: &Marks) {
    let design = records::variants(&s.results)
        .first()
        .copied()
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "\n## Results\n\nOne design, so no comparison: each modelled metric's mean ± 95% half-width.\n"
    );
    let header = ["metric".to_string(), text(design)];
    let rows = modelled.iter().filter_map(|&m| {
        let r = s
            .results
            .iter()
            .find(|r| r.is_whole() && r.variant == design && r.fields.metric == m)?;
        let (low, high) = r.fields.interval();
        let (mean, spread) = of_metric(m, r.fields.mean, low, high);
        let few = marks.few(r.fields.few_events);
        Some(vec![code(m.name()), format!("{mean} {spread}{few}")])
    });
    table(out, &header, &[Align::Left, Align::Right], rows);
}

#[derive(Clone, Copy)]
enum Align {
    Left,
    Right,
}

/// A GFM table: the header, the alignment row, then the rows, each cell ready
/// (escaped, or a code span).
fn table(
    out: &mut String,
    header: &[String],
    align: &[Align],
    rows: impl Iterator<Item = Vec<String>>,
) {
    let line = |out: &mut String, cells: &[String]| {
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    };
    line(out, header);
    let rule: Vec<String> = align
        .iter()
        .map(|a| match a {
            Align::Left => ":---".to_string(),
            Align::Right => "---:".to_string(),
        })
        .collect();
    line(out, &rule);
    for row in rows {
        line(out, &row);
    }
}

/// Text as Markdown shows it literally: every punctuation character that could
/// start emphasis, a link, HTML or a table cell escaped, on one line.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for ch in word.chars() {
            if "\\`*_[]<>|#~&".contains(ch) {
                out.push('\\');
            }
            out.push(ch);
        }
    }
    out
}

/// A metric's output name as code: the column it has in the CSV files.
fn code(name: &str) -> String {
    format!("`{}`", name.replace('|', "\\|"))
}

/// Which marks a table used, for the legend under the tables.
#[derive(Default)]
struct Marks {
    not_significant: Cell<bool>,
    few_events: Cell<bool>,
}

impl Marks {
    /// `-25 ± 3 (-20.8%)`, then `n.s.` where the interval holds zero and `!` where
    /// it rests on few replications.
    fn change(&self, c: &Change) -> String {
        let ns = match c.significant() {
            true => String::new(),
            false => {
                self.not_significant.set(true);
                format!(" {NOT_SIGNIFICANT}")
            }
        };
        format!("{}{ns}{}", c.change(), self.few(c.few_events.is_some()))
    }

    fn few(&self, few: bool) -> String {
        self.few_events.set(self.few_events.get() || few);
        match few {
            true => format!(" {FEW_EVENTS}"),
            false => String::new(),
        }
    }

    fn legend(&self, out: &mut String) {
        if self.not_significant.get() {
            let _ = writeln!(
                out,
                "\n{NOT_SIGNIFICANT}: not significant, the interval holds zero."
            );
        }
        if self.few_events.get() {
            let _ = writeln!(
                out,
                "\n{FEW_EVENTS}: seen in fewer than {MIN_EVENTS} replications (for a difference, designs that differ in fewer): the interval may hold far less than it says."
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn text_is_shown_literally_on_one_line() {
        assert_eq!(text("a|b"), "a\\|b");
        assert_eq!(text("*x* [y](z)\n<b>"), "\\*x\\* \\[y\\](z) \\<b\\>");
        assert_eq!(text("token_lifetime=8h"), "token\\_lifetime=8h");
    }
}
