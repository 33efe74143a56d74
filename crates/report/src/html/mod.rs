//! report.html: one self-contained page for a design review: first the question
//! and the answer (`summary`) and a table of contents, then the results, the
//! charts inlined as SVG, the scenario in the planner's own words, and the run's
//! provenance; it prints as a document (`report.css`). No scripts, no fetches: it opens in any browser offline. Its size
//! is bounded: past `SHOWN` cohorts (or mixes, warnings, entities) a table lists
//! the worst and says which file holds every one.

mod actions;
mod cohorts;
pub(crate) mod contents;
mod denials;
mod dependencies;
mod provenance;
mod question;
mod results;
mod scenario;
mod summary;
mod tail;

use super::chart::Figure;
use super::folder::RunFolder;
use super::index::Index;
use authsim_core::analysis::Analysis;
use authsim_core::error::Error;
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

pub(crate) fn esc(text: &str) -> String {
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

/// A table; no header row when `head` is empty. Cells are HTML already.
pub(crate) fn table(out: &mut String, head: &[&str], rows: Vec<Vec<String>>) {
    let head: Vec<String> = head.iter().map(|h| esc(h)).collect();
    html_table(out, &head, rows);
}

/// A table whose header cells are HTML too; it scrolls on its own if a cell
/// cannot wrap.
fn html_table(out: &mut String, head: &[String], rows: Vec<Vec<String>>) {
    let _ = write!(out, "<div class=\"wide\"><table>");
    if !head.is_empty() {
        let _ = write!(out, "<thead><tr>");
        for h in head {
            let _ = write!(out, "<th>{h}</th>");
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

/// The page's style: for the screen at any width down to 1280 px without
/// scrolling sideways, and for print (`@media print`).
const STYLE: &str = include_str!("report.css");

/// Past this many designs, tables list designs as rows: as columns they no
/// longer fit a 1280 px screen or a printed page.
pub const DESIGN_COLUMNS: usize = 4;

/// A table of designs against other things (metrics, parts, causes): the things
/// as rows and the designs as columns up to `DESIGN_COLUMNS` designs; past that
/// the designs as rows, the things as columns, `DESIGN_COLUMNS` a table.
/// `corner` heads the things' column; `cell(thing, design)` is HTML.
fn by_design(
    out: &mut String,
    corner: &str,
    things: &[String],
    designs: &[String],
    cell: impl Fn(usize, usize) -> String,
) {
    if designs.len() <= DESIGN_COLUMNS {
        let head = std::iter::once(esc(corner)).chain(designs.iter().map(|d| breakable(d)));
        let rows = things.iter().enumerate().map(|(t, thing)| {
            let cells = (0..designs.len()).map(|d| cell(t, d));
            std::iter::once(thing.clone()).chain(cells).collect()
        });
        return html_table(out, &head.collect::<Vec<_>>(), rows.collect());
    }
    let things: Vec<(usize, &String)> = things.iter().enumerate().collect();
    for chunk in things.chunks(DESIGN_COLUMNS) {
        let head =
            std::iter::once("design".to_string()).chain(chunk.iter().map(|(_, h)| (*h).clone()));
        let rows = designs.iter().enumerate().map(|(d, design)| {
            let cells = chunk.iter().map(|&(t, _)| cell(t, d));
            std::iter::once(breakable(design)).chain(cells).collect()
        });
        html_table(out, &head.collect::<Vec<_>>(), rows.collect());
    }
}

/// `text` escaped, and breakable after each `_`, `/`, `+`, `.` and `=`: a
/// metric's, a registration mix's or a swept design's name wraps there in a
/// narrow column, never inside a word.
fn breakable(text: &str) -> String {
    let mut out = String::new();
    for c in esc(text).chars() {
        out.push(c);
        if matches!(c, '_' | '/' | '+' | '.' | '=') {
            out += "<wbr>";
        }
    }
    out
}

/// A metric as a table heads it: its name and its unit.
fn metric_head(m: authsim_core::montecarlo::metrics::Metric) -> String {
    let d = m.definition();
    format!(
        "<code>{}</code> <span class=\"unit\">{}</span>",
        breakable(d.name),
        esc(d.unit)
    )
}

/// A page's start, to its `<h1>`: the style inlined, `title` escaped.
pub(crate) fn head(title: &str) -> String {
    let title = esc(title);
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\"><title>authsim: {title}</title>\n\
         <style>{STYLE}</style></head><body>\n<h1>{title}</h1>\n"
    )
}

/// A chart as a `<figure>` with the id `id` (which the contents link to), its
/// heading as caption and its SVG inlined, the XML prolog left out.
pub(crate) fn inline(out: &mut String, id: &str, figure: &Figure) {
    let svg = figure
        .svg
        .find("<svg")
        .map_or(figure.svg.as_str(), |i| &figure.svg[i..]);
    let _ = writeln!(
        out,
        "<figure id=\"{id}\"><figcaption>{}</figcaption>\n{svg}</figure>",
        esc(&figure.heading)
    );
}

/// The whole page: the summary and contents first, then the results, the
/// charts, the scenario and the provenance; each design's dependency analysis
/// (or why there is none).
pub fn page(
    run: &RunFolder,
    figures: &[Figure],
    analyses: &Result<Vec<Analysis>, Error>,
) -> String {
    let mut out = head(&run.title());
    let records = Index::new(run.summary.results.iter().chain(&run.parts), |r| r.metric);
    // The contents list the summary's own headings too: every heading has its link.
    let mut body = String::new();
    summary::section(&mut body, run, &records);
    let summary = body.len();
    question::section(&mut body, run);
    results::section(&mut body, run, &records);
    cohorts::section(&mut body, run, &records);
    denials::section(&mut body, run);
    actions::section(&mut body, run);
    dependencies::section(&mut body, analyses);
    let _ = writeln!(body, "<h2 id=\"charts\">Charts</h2>");
    for figure in figures {
        inline(&mut body, &format!("chart-{}", figure.name), figure);
    }
    scenario::section(&mut body, &run.scenario);
    provenance::section(&mut body, run);
    out += &body[..summary];
    out += &contents::nav(&body);
    out += &body[summary..];
    out + "</body></html>\n"
}
