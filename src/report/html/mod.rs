//! report.html: one self-contained page for a design review: the results, the
//! charts inlined as SVG, the scenario in the planner's own words, and the run's
//! provenance. No scripts, no fetches: it opens in any browser offline. Its size
//! is bounded: past `SHOWN` cohorts (or mixes, warnings, entities) a table lists
//! the worst and says which file holds every one.

mod actions;
mod cohorts;
mod denials;
mod dependencies;
mod results;
mod scenario;

use super::chart::Figure;
use super::folder::RunFolder;
use super::index::Index;
use crate::analysis::Analysis;
use crate::error::Error;
use std::fmt::Write;

/// Rows a table lists at most: one of thousands of cohorts helps no reader.
pub const SHOWN: usize = 40;

/// The first `SHOWN` items, and in place of the rest what `more` says of how
/// many there are and where.
fn at_most<T>(items: impl ExactSizeIterator<Item = T>, more: impl FnOnce(usize) -> T) -> Vec<T> {
    let all = items.len();
    let mut shown: Vec<T> = items.take(SHOWN).collect();
    if all > SHOWN {
        shown.push(more(all - SHOWN));
    }
    shown
}

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Lines of TOML as code, one under another.
fn code(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| format!("<code>{}</code>", esc(l)))
        .collect::<Vec<_>>()
        .join("<br>")
}

/// A table that scrolls on its own when wide; no header row when `head` is empty.
/// Cells are HTML already.
fn table(out: &mut String, head: &[&str], rows: Vec<Vec<String>>) {
    let _ = write!(out, "<div class=\"wide\"><table>");
    if !head.is_empty() {
        let _ = write!(out, "<thead><tr>");
        for h in head {
            let _ = write!(out, "<th>{}</th>", esc(h));
        }
        let _ = write!(out, "</tr></thead>");
    }
    let _ = write!(out, "<tbody>");
    for row in rows {
        let _ = write!(out, "<tr>");
        for cell in row {
            let _ = write!(out, "<td>{cell}</td>");
        }
        let _ = writeln!(out, "</tr>");
    }
    let _ = writeln!(out, "</tbody></table></div>");
}

const STYLE: &str = "body{font-family:sans-serif;max-width:1300px;margin:2em auto;padding:0 1em;color:#222}\
    table{border-collapse:collapse;margin:0.5em 0 1.5em}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}\
    th{background:#f3f3f3;overflow-wrap:anywhere;min-width:6em}.wide{overflow-x:auto}svg{max-width:100%;height:auto}\
    code{font-size:0.95em}.none{color:#888;font-style:italic}.few{color:#a40;font-size:0.85em;white-space:nowrap}pre{background:#f6f6f6;padding:1em;overflow-x:auto}";

/// The whole page, with each design's dependency analysis (or why there is none).
pub fn page(
    run: &RunFolder,
    figures: &[Figure],
    analyses: &Result<Vec<Analysis>, Error>,
) -> String {
    let summary = &run.summary;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>authsim: {}</title>\n<style>{STYLE}</style></head><body>",
        esc(&run.title())
    );
    let _ = writeln!(out, "<h1>{}</h1>", esc(&run.title()));
    if !summary.description.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", esc(&summary.description));
    }
    let _ = writeln!(out, "<h2>Provenance</h2>");
    let command = if summary.command.is_empty() {
        "(not recorded)".to_string()
    } else {
        summary.command.join(" ")
    };
    let mut provenance = vec![
        vec!["authsim version".into(), esc(&summary.authsim_version)],
        vec!["scenario".into(), esc(&summary.scenario)],
        vec!["seed".into(), summary.seed.to_string()],
        vec!["replications".into(), summary.replications.to_string()],
        vec!["command".into(), format!("<code>{}</code>", esc(&command))],
    ];
    if !summary.authsim_build.is_empty() {
        provenance.insert(1, vec!["authsim build".into(), esc(&summary.authsim_build)]);
    }
    if !summary.shards.is_empty() {
        let shards = summary
            .shards
            .iter()
            .map(|s| format!("<code>{}</code>", esc(s)));
        provenance.push(vec![
            "merged from shards".into(),
            shards.collect::<Vec<_>>().join(", "),
        ]);
    }
    table(&mut out, &[], provenance);
    let records = Index::new(summary.results.iter().chain(&run.parts), |r| r.metric);
    results::section(&mut out, run, &records);
    cohorts::section(&mut out, run, &records);
    denials::section(&mut out, run);
    actions::section(&mut out, run);
    dependencies::section(&mut out, analyses);
    let _ = writeln!(out, "<h2>Charts</h2>");
    for figure in figures {
        let body = figure
            .svg
            .find("<svg")
            .map_or(figure.svg.as_str(), |i| &figure.svg[i..]);
        let _ = writeln!(out, "<h3>{}</h3>\n{body}", esc(&figure.heading));
    }
    scenario::section(&mut out, &run.scenario);
    let _ = writeln!(out, "</body></html>");
    out
}
