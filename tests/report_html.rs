//! report.html read as text: the summary first, naming the design that cuts
//! lockout most as comparison.csv gives it; every link and every chart has its
//! target; the scenario file's header comment is carried through; past four
//! designs the tables list designs as rows; metrics not modelled are folded away.

use authsim::export::numbers::difference;
use authsim::montecarlo::metrics::Metric;
use std::collections::BTreeSet;

mod common;
use common::{Scratch, stderr};

/// The header: a question in prose, then a list aligned by hand.
const HEADER: &str = "#:schema ./authsim.schema.json
# Which token lifetime rides out a 3 h outage of the token service,
# and at what cost in staleness?
#
#   baseline   60-90 minute tokens
#   24h        one token a day & no <renewal>
";

const BODY: &str = r#"
description = "report test: a 3 h token-service outage"
[simulation]
horizon = "3d"
warmup = "1d"
replications = 6
seed = 11
bucket = "1h"
[policy]
mfa = "never"
[components.token_service]
outages = [{ start = "1d 09:00", duration = "3h" }]
[methods.password]
factor = "first"
requires = []
[apps.mail]
[cohorts.staff]
users = 200
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password"] }]
"#;

/// Four variants, one token lifetime each: five designs, one more than
/// tables show as columns.
fn variants() -> String {
    ["30m", "4h", "12h", "24h"]
        .map(|t| {
            format!("[[variant]]\nname = \"{t}\"\nset.policy.access_token_lifetime = \"{t}\"\n")
        })
        .concat()
}

/// The run folder `out` of the scenario with `variants`.
fn run(s: &Scratch, variants: &str, out: &str) -> String {
    s.write("s.toml", &format!("{HEADER}{BODY}{variants}"));
    let o = s.authsim(&["run", "s.toml", "--out", out, "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    s.read(&format!("{out}/report.html"))
}

/// Every value of `attribute="..."` in `html`.
fn values<'a>(html: &'a str, attribute: &str) -> BTreeSet<&'a str> {
    let open = format!("{attribute}=\"");
    html.match_indices(&open)
        .filter_map(|(at, _)| {
            let rest = &html[at + open.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// The part of `html` from `from` to the next `to`.
fn between<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
    let start = html.find(from).unwrap_or_else(|| panic!("no {from}"));
    let rest = &html[start..];
    &rest[..rest.find(to).unwrap_or(rest.len())]
}

#[test]
fn the_summary_comes_first_and_names_the_design_that_cuts_lockout_most() {
    let s = Scratch::new("report_html", "summary");
    let html = run(&s, &variants(), "run");
    let summary = html.find("id=\"summary\"").expect("a summary");
    assert!(
        summary < html.find("<h2").unwrap(),
        "the summary comes first"
    );
    assert!(summary < html.find("id=\"contents\"").unwrap());
    assert!(html.find("id=\"results\"").unwrap() < html.find("id=\"provenance\"").unwrap());
    // The best design, found in comparison.csv by hand: the most negative
    // difference in lockout hours for everyone.
    let csv = s.read("run/comparison.csv");
    let mut lines = csv.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    let column = |name: &str| head.iter().position(|h| *h == name).unwrap();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let number = |r: &[&str], name: &str| r[column(name)].parse::<f64>().unwrap();
    let best = rows
        .iter()
        .filter(|r| r[column("cohort")] == "all" && r[column("app")] == "all")
        .filter(|r| r[column("metric")] == "lockout_hours_per_1k_users")
        .min_by(|a, b| number(a, "difference").total_cmp(&number(b, "difference")))
        .unwrap();
    assert!(number(best, "ci_high") < 0.0, "a clear cut: {best:?}");
    let change = difference(
        number(best, "difference"),
        number(best, "ci_low"),
        number(best, "ci_high"),
        Some(number(best, "relative_change")),
    );
    assert!(
        change.contains('%'),
        "a relative change beside it: {change}"
    );
    let text = between(&html, "id=\"summary\"", "</section>");
    let said = format!(
        "<strong>{}</strong> cuts lockout hours per 1,000 users most: {change}",
        best[column("variant")]
    );
    assert!(text.contains(&said), "{said} not in {text}");
}

#[test]
fn every_link_and_every_chart_has_its_target() {
    let s = Scratch::new("report_html", "links");
    let html = run(&s, &variants(), "run");
    let ids = values(&html, "id");
    let links = values(&html, "href");
    assert!(links.len() > 10, "{links:?}");
    for link in &links {
        let target = link.strip_prefix('#').expect("links within the page");
        assert!(ids.contains(target), "{link} has no target");
    }
    let nav = between(&html, "<nav id=\"contents\">", "</nav>");
    for h2 in html.match_indices("<h2").map(|(at, _)| &html[at..]) {
        let id = values(&h2[..h2.find('>').unwrap()], "id");
        assert_eq!(id.len(), 1, "an h2 without an id: {}", &h2[..40]);
    }
    let charts = std::fs::read_dir(s.0.join("run/charts")).unwrap();
    let mut named = 0;
    for file in charts.map(|e| e.unwrap().file_name().into_string().unwrap()) {
        if let Some(name) = file.strip_suffix(".svg") {
            let id = format!("chart-{name}");
            assert!(ids.contains(id.as_str()), "no figure for {file}");
            assert!(nav.contains(&format!("href=\"#{id}\"")), "{id} not listed");
            named += 1;
        }
    }
    assert!(named >= 4, "{named} charts");
}

#[test]
fn the_header_comment_is_carried_into_the_folder_its_shards_and_the_report() {
    let s = Scratch::new("report_html", "header");
    let html = run(&s, "", "run");
    let lines = [
        "Which token lifetime rides out a 3 h outage of the token service,",
        "and at what cost in staleness?",
        "  baseline   60-90 minute tokens",
        "  24h        one token a day & no <renewal>",
    ];
    for k in 1..=2 {
        let shard = format!("{k}/2");
        let out = format!("shard-{k}");
        let o = s.authsim(&["run", "s.toml", "--shard", &shard, "--out", &out, "--quiet"]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let o = s.authsim(&["merge", "shard-1", "shard-2", "--out", "merged", "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for folder in ["run", "merged"] {
        let resolved = s.read(&format!("{folder}/scenario.resolved.toml"));
        for line in lines {
            assert!(
                resolved.contains(&format!("\n# {line}\n")),
                "{line} in {resolved}"
            );
        }
        assert!(!resolved.contains("#:schema"));
    }
    // The question as one paragraph in the summary, the aligned rest as written.
    let summary = between(&html, "id=\"summary\"", "</section>");
    assert!(summary.contains(&format!("<p>{} {}</p>", lines[0], lines[1])));
    let rest =
        "  baseline   60-90 minute tokens\n  24h        one token a day &amp; no &lt;renewal&gt;";
    assert!(html.contains(rest), "{html}");
    assert!(html.contains(rest), "{html}");
    assert!(s.read("merged/report.html").contains(rest));
}

/// The header row of every table in `html`.
fn heads(html: &str) -> Vec<&str> {
    html.match_indices("<thead>")
        .map(|(at, _)| &html[at..at + html[at..].find("</thead>").unwrap()])
        .collect()
}

#[test]
fn past_four_designs_tables_list_designs_as_rows() {
    let s = Scratch::new("report_html", "rows");
    let five = run(&s, &variants(), "five");
    let results = between(&five, "id=\"results\"", "id=\"differences\"");
    let tables = heads(results);
    assert!(tables.len() >= 2, "metrics split over several tables");
    for head in tables {
        assert!(head.starts_with("<thead><tr><th>design</th>"), "{head}");
        // At most four metrics a table, so it fits a 1280 px screen.
        assert!(head.matches("<th>").count() <= 5, "{head}");
    }
    let rows = between(results, "<tbody>", "</tbody>");
    for design in ["baseline", "30m", "4h", "12h", "24h"] {
        assert!(rows.contains(&format!("<tr><td>{design}</td>")), "{design}");
    }
    // One design: metrics as rows, the design a column; an answer without a comparison.
    let one = run(&s, "", "one");
    let results = between(&one, "id=\"results\"", "id=\"provenance\"");
    assert!(heads(results)[0].starts_with("<thead><tr><th>metric</th><th>baseline</th></tr>"));
    assert!(
        between(&one, "id=\"summary\"", "</section>")
            .contains("One design (baseline), so no comparison")
    );
    assert!(!one.contains("id=\"differences\""));
}

#[test]
fn metrics_not_modelled_are_folded_away() {
    let s = Scratch::new("report_html", "modelled");
    let html = run(&s, &variants(), "run");
    let summary: serde_json::Value = serde_json::from_str(&s.read("run/summary.json")).unwrap();
    let modelled: Vec<&str> = summary["modelled"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    let not: Vec<&str> = Metric::ALL
        .iter()
        .map(|m| m.name())
        .filter(|m| !modelled.contains(m))
        .collect();
    assert!(
        not.contains(&"workload_denial_rate") && modelled.contains(&"lockout_hours_per_1k_users")
    );
    assert!(!html.contains("not modelled"));
    // Each table (results, differences) folds them into one <details>.
    let folded = format!(
        "<summary>{} metrics this scenario does not model</summary>",
        not.len()
    );
    assert_eq!(html.matches(&folded).count(), 2, "{folded}");
    let mut outside = html.replace("<wbr>", "");
    while let Some(at) = outside.find("<details class=\"unmodelled\">") {
        let end = at + outside[at..].find("</details>").unwrap();
        outside.replace_range(at..end, "");
    }
    for name in &not {
        assert!(
            html.contains(&format!("<code>{name}</code>")),
            "{name} named in the fold"
        );
        assert!(!outside.contains(name), "{name} outside the fold");
    }
    for name in &modelled {
        assert!(
            outside.contains(&format!("<code>{name}</code>")),
            "{name} shown"
        );
    }
}
