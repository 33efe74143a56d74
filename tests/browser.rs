//! report.html of every bundled scenario as a planner opens and prints it, in
//! headless Chromium: no console errors, nothing past a 1280 px viewport, no word
//! broken in a table cell, every in-page link resolves, every chart drawn, and a
//! printout of a sane length whose first page holds the summary.
//!
//! The report has no scripts, so a copy of it gets one (tests/browser/probe.js)
//! that measures the laid-out page and writes what it found into the DOM, which
//! `--dump-dom` returns. The printout is of the report itself.
//!
//! Without Chromium and poppler-utils the tests say so and pass, unless
//! AUTHSIM_REQUIRE_BROWSER=1 (what `.ci/run` sets after installing them).

mod common;
use common::chromium::{Pdf, chromium, print, probe};
use common::{bundled_scenarios, run_within};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

/// At most this many offenders named per scenario and check; the rest counted.
const SHOWN: usize = 8;

/// What Chromium made of one scenario's report.
struct Rendered {
    scenario: String,
    description: String,
    /// Names of the charts the run drew (charts/NAME.svg).
    charts: BTreeSet<String>,
    /// The page's console messages, from loading the probed copy and printing.
    console: Vec<String>,
    /// What probe.js measured at 1280 px.
    probe: Value,
    pdf: Pdf,
}

/// Every bundled scenario run and rendered once for all the tests here, or
/// `None` where there is no browser to render them in.
fn rendered(test: &str) -> Option<&'static [Rendered]> {
    let chromium = chromium(test)?;
    static RENDERED: OnceLock<Vec<Rendered>> = OnceLock::new();
    Some(RENDERED.get_or_init(|| render_all(&chromium)))
}

fn render_all(chromium: &Path) -> Vec<Rendered> {
    let out = std::env::temp_dir().join(format!("authsim-browser-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let queue = Mutex::new(bundled_scenarios().into_iter());
    let done = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    // Not in the `while let`: its guard would hold the queue for the whole body.
                    let Some(scenario) = queue.lock().unwrap().next() else {
                        break;
                    };
                    let r = render(chromium, &scenario, &out);
                    done.lock().unwrap().push(r);
                }
            });
        }
    });
    let _ = std::fs::remove_dir_all(&out);
    let mut done = done.into_inner().unwrap();
    done.sort_by(|a, b| a.scenario.cmp(&b.scenario));
    done
}

/// Runs `scenario` as a user does, then loads its report with the probe and
/// prints it to PDF.
fn render(chromium: &Path, scenario: &Path, out: &Path) -> Rendered {
    let name = scenario.file_stem().unwrap().to_string_lossy().into_owned();
    let folder = out.join(&name);
    let run = run_within(
        Command::new(env!("CARGO_BIN_EXE_authsim"))
            .args(["run", "--quiet", "--out"])
            .arg(&folder)
            .arg(scenario),
        Duration::from_secs(600),
    );
    assert!(run.status.success(), "{name} runs");
    let toml: toml::Table = toml::from_str(&std::fs::read_to_string(scenario).unwrap()).unwrap();
    let description = toml["description"].as_str().unwrap().to_string();
    let charts = std::fs::read_dir(folder.join("charts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "svg"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();

    let report = folder.join("report.html");
    let (probe, mut console) = probe(chromium, &report, &name);
    let (pdf, printed) = print(chromium, &report, &name);
    console.extend(printed);
    Rendered {
        scenario: name,
        description,
        charts,
        console,
        probe,
        pdf,
    }
}

/// The probe's lists `keys`, one after the other.
fn listed(r: &Rendered, keys: &[&str]) -> Vec<String> {
    keys.iter()
        .flat_map(|key| {
            r.probe[key]
                .as_array()
                .unwrap_or_else(|| panic!("{}: probe.js gives no {key}", r.scenario))
        })
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// Test `test`: fails naming each scenario's offenders (the first few of them)
/// under `what`; passes, saying why, where there is no browser.
fn check(test: &str, what: &str, offenders: impl Fn(&Rendered) -> Vec<String>) {
    let Some(all) = rendered(test) else {
        return;
    };
    let mut failures = Vec::new();
    for r in all {
        let found = offenders(r);
        for o in found.iter().take(SHOWN) {
            failures.push(format!("{}: {o}", r.scenario));
        }
        if found.len() > SHOWN {
            failures.push(format!(
                "{}: … and {} more",
                r.scenario,
                found.len() - SHOWN
            ));
        }
    }
    assert!(failures.is_empty(), "{what}:\n{}", failures.join("\n"));
}

/// Text as compared with a PDF's: pdftotext breaks lines where the page does.
fn squeezed(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

#[test]
fn no_console_errors_and_no_failed_loads() {
    check(
        "no_console_errors_and_no_failed_loads",
        "console messages, script errors or failed loads",
        |r| {
            let mut found: Vec<String> =
                r.console.iter().map(|m| format!("console: {m}")).collect();
            found.extend(listed(r, &["errors"]));
            found
        },
    );
}

#[test]
fn nothing_reaches_past_a_1280_px_viewport() {
    check(
        "nothing_reaches_past_a_1280_px_viewport",
        "wider than the viewport at 1280 px",
        |r| {
            let (width, viewport) = (&r.probe["scroll_width"], &r.probe["viewport"]);
            let mut found = Vec::new();
            if width.as_f64() > viewport.as_f64() {
                found.push(format!(
                    "the page is {width} px wide in a {viewport} px viewport"
                ));
            }
            found.extend(listed(r, &["past_edge", "scrolls_sideways"]));
            found
        },
    );
}

#[test]
fn every_table_cell_holds_its_words() {
    check(
        "every_table_cell_holds_its_words",
        "a word overflows or breaks in its table cell at 1280 px",
        |r| listed(r, &["cell_overflow", "broken_words"]),
    );
}

#[test]
fn every_link_within_the_report_resolves() {
    check(
        "every_link_within_the_report_resolves",
        "a link to no element",
        |r| listed(r, &["dead_links"]),
    );
}

/// The summary first, the contents next, and from the contents a link to every
/// section and every chart.
#[test]
fn opens_with_the_summary_then_contents_of_every_section_and_chart() {
    check(
        "opens_with_the_summary_then_contents_of_every_section_and_chart",
        "summary and contents",
        |r| {
            let (summary, contents) = (&r.probe["summary"], &r.probe["contents"]);
            let mut found = Vec::new();
            if summary.is_null() {
                found.push("no element with id=\"summary\"".to_string());
            } else {
                if summary["tag"] != "section" {
                    found.push(format!(
                        "#summary is a <{}>, not a <section>",
                        summary["tag"]
                    ));
                }
                if summary["first_section"] != true || summary["before_contents"] != true {
                    found.push(
                        "#summary does not come before nav#contents and every section".into(),
                    );
                }
            }
            match contents["links"].as_array() {
                None => found.push("no <nav id=\"contents\">".to_string()),
                Some(links) if links.is_empty() => found.push("nav#contents links nothing".into()),
                Some(_) => {}
            }
            found.extend(
                listed(r, &["unlinked"])
                    .iter()
                    .map(|u| format!("not in the contents: {u}")),
            );
            found
        },
    );
}

/// One drawn SVG per chart the run wrote, each with a box on the page, and
/// every image loaded.
#[test]
fn every_chart_is_drawn() {
    check("every_chart_is_drawn", "charts", |r| {
        let svgs = r.probe["svgs"].as_array().unwrap();
        let mut found = Vec::new();
        if svgs.len() != r.charts.len() {
            found.push(format!(
                "{} charts drawn on the page, {} in charts/ ({:?})",
                svgs.len(),
                r.charts.len(),
                r.charts
            ));
        }
        for svg in svgs {
            if !(svg["width"].as_f64() > Some(0.0) && svg["height"].as_f64() > Some(0.0)) {
                found.push(format!("an <svg> under {} has an empty box", svg["where"]));
            }
        }
        for img in r.probe["images"].as_array().unwrap() {
            if img["loaded"] != true {
                found.push(format!("<img src={}> did not load", img["src"]));
            }
        }
        found
    });
}

/// Each chart in a `<figure id="chart-NAME">` of its own, named as its file.
#[test]
fn every_chart_is_a_figure_of_its_own() {
    check("every_chart_is_a_figure_of_its_own", "chart figures", |r| {
        let figures = r.probe["figures"].as_array().unwrap();
        let ids: BTreeSet<&str> = figures.iter().filter_map(|f| f["id"].as_str()).collect();
        let wanted: BTreeSet<String> = r.charts.iter().map(|c| format!("chart-{c}")).collect();
        let mut found: Vec<String> = wanted
            .iter()
            .filter(|w| !ids.contains(w.as_str()))
            .map(|w| format!("no <figure id=\"{w}\">"))
            .collect();
        for f in figures.iter().filter(|f| f["has_svg"] != true) {
            found.push(format!("<figure id={}> holds no drawn <svg>", f["id"]));
        }
        found
    });
}

/// Pages a printout of the report can sanely have, from its height on screen.
/// Laid out `ratio` times as wide (the paper's width over the viewport's), the
/// page is at least `ratio` times as tall: charts scale with the width, text
/// only wraps more; margins of up to a quarter of the paper and a print
/// stylesheet's smaller type at most halve that. Rewrapped to a printable width
/// of at least three quarters of the paper, a line of text becomes at most
/// 1 / (0.75 ratio) + 1 < 3 / ratio lines, and each table, section and chart may
/// start a page of its own: a printout past that has blank or near-empty pages
/// (a row per sheet).
fn sane_pages(r: &Rendered) -> (usize, usize) {
    let css_px = |pt: f64| pt / 0.75;
    let (paper_w, paper_h) = (css_px(r.pdf.paper.0), css_px(r.pdf.paper.1));
    let screen_h = r.probe["scroll_height"].as_f64().unwrap();
    let ratio = paper_w / r.probe["viewport"].as_f64().unwrap();
    let low = (0.5 * ratio * screen_h / paper_h).floor().max(1.0);
    let starts = ["tables", "headings"]
        .iter()
        .map(|k| r.probe[*k].as_f64().unwrap())
        .sum::<f64>()
        + r.charts.len() as f64;
    let high = (3.0 / ratio * screen_h / (0.75 * paper_h)).ceil() + starts;
    (low as usize, high as usize)
}

#[test]
fn printed_report_has_a_sane_page_count() {
    check(
        "printed_report_has_a_sane_page_count",
        "page count of the printout",
        |r| {
            let (low, high) = sane_pages(r);
            let pages = r.pdf.pages;
            if (low..=high).contains(&pages) {
                return Vec::new();
            }
            vec![format!(
                "{pages} pages of {} x {} pt, not in {low}..={high} for a page {} px tall on screen",
                r.pdf.paper.0, r.pdf.paper.1, r.probe["scroll_height"]
            )]
        },
    );
}

/// The scenario's question (its description) on the first printed page.
#[test]
fn first_printed_page_states_the_question() {
    check(
        "first_printed_page_states_the_question",
        "the first printed page",
        |r| {
            let words: Vec<&str> = r.description.split_whitespace().take(6).collect();
            let opening = words.join(" ");
            if squeezed(&r.pdf.first_page).contains(&squeezed(&opening)) {
                return Vec::new();
            }
            vec![format!("does not hold the description's \"{opening}\"")]
        },
    );
}

/// The summary's heading and the whole table of contents (its first and last
/// entries) on the first printed page.
#[test]
fn first_printed_page_holds_the_summary_and_contents() {
    check(
        "first_printed_page_holds_the_summary_and_contents",
        "the first printed page",
        |r| {
            let page = squeezed(&r.pdf.first_page);
            let mut wanted = Vec::new();
            match r.probe["summary"]["heading"].as_str() {
                Some(heading) => wanted.push(("the summary's heading", heading)),
                None => return vec!["no #summary with a heading in the report".to_string()],
            }
            let links = r.probe["contents"]["links"].as_array();
            match links.map(|l| (l.first(), l.last())) {
                Some((Some(first), Some(last))) => {
                    wanted.push(("the contents' first entry", first.as_str().unwrap()));
                    wanted.push(("the contents' last entry", last.as_str().unwrap()));
                }
                _ => return vec!["no nav#contents with links in the report".to_string()],
            }
            wanted
                .into_iter()
                .filter(|(_, text)| !page.contains(&squeezed(text)))
                .map(|(what, text)| format!("does not hold {what} \"{text}\""))
                .collect()
        },
    );
}
