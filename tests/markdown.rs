//! `--export-markdown FILE`: the ranking and the differences as GFM tables whose
//! every figure is comparison.csv's (read here independently, rounded as shown),
//! the same file from a merge of shards as from one machine, and a FILE that
//! could not be written, or exists, refused before anything is simulated.

mod common;

use authsim::montecarlo::metrics::Metric;
use common::{Scratch, stderr};
use std::collections::BTreeMap;
use std::process::Output;
use std::time::{Duration, Instant};

/// Three designs, one with a `|` in its name; an outage of each service.
const SCENARIO: &str = r#"
description = "Which token lifetime rides out the outages?"
[simulation]
horizon = "7d"
warmup = "1d"
replications = 6
seed = 11
[components.token_service]
outages = [{ start = "3d 10h", duration = "3h" }]
[components.mfa_service]
outages = [{ start = "2d 10h", duration = "3h" }]
[methods.password]
factor = "first"
requires = ["token_service"]
[methods.push]
factor = "second"
requires = ["mfa_service"]
[apps.mail]
[cohorts.office]
users = 200
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password", "push"] }]
[[variant]]
name = "8h | tokens"
set.policy.access_token_lifetime = "8h"
[[variant]]
name = "4h tokens"
set.policy.access_token_lifetime = "4h"
"#;

fn scratch(test: &str) -> Scratch {
    let s = Scratch::new("markdown", test);
    s.write("s.toml", SCENARIO);
    s
}

fn ok(o: Output) -> Output {
    assert!(o.status.success(), "{}", stderr(&o));
    o
}

/// `authsim ARGS --quiet --no-charts --export-markdown FILE`, which must succeed.
fn export(s: &Scratch, args: &[&str], file: &str) -> Output {
    let mut args = args.to_vec();
    args.extend(["--quiet", "--no-charts", "--export-markdown", file]);
    ok(s.authsim(&args))
}

/// A GFM table's rows, each split into its cells with `\|` read back as `|`.
fn cells(line: &str) -> Vec<String> {
    let inner = line
        .trim()
        .strip_prefix('|')
        .unwrap()
        .strip_suffix('|')
        .unwrap();
    let (mut out, mut cell, mut escaped) = (Vec::new(), String::new(), false);
    for ch in inner.chars() {
        match (escaped, ch) {
            (false, '\\') => escaped = true,
            (false, '|') => out.push(std::mem::take(&mut cell).trim().to_string()),
            (true, c) => {
                if c != '|' {
                    cell.push('\\');
                }
                cell.push(c);
                escaped = false;
            }
            (false, c) => cell.push(c),
        }
    }
    out.push(cell.trim().to_string());
    out
}

/// Every table under a `## ` heading: the heading, then header and rows, after
/// checking that it is a GFM table (an alignment row, every row as wide as the header).
fn tables(markdown: &str) -> BTreeMap<String, Vec<Vec<String>>> {
    let mut found = BTreeMap::new();
    let mut heading = String::new();
    let lines: Vec<&str> = markdown.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        if let Some(h) = lines[i].strip_prefix("## ") {
            heading = h.to_string();
        }
        if lines[i].starts_with('|') {
            let header = cells(lines[i]);
            let rule = cells(lines[i + 1]);
            assert_eq!(rule.len(), header.len(), "{heading}: alignment row");
            for r in &rule {
                let dashes = r.trim_start_matches(':').trim_end_matches(':');
                assert!(dashes.len() >= 3 && dashes.chars().all(|c| c == '-'), "{r}");
            }
            let mut rows = vec![header.clone()];
            i += 2;
            while i < lines.len() && lines[i].starts_with('|') {
                let row = cells(lines[i]);
                assert_eq!(row.len(), header.len(), "{heading}: {}", lines[i]);
                rows.push(row);
                i += 1;
            }
            found.insert(heading.clone(), rows);
            continue;
        }
        i += 1;
    }
    found
}

/// comparison.csv's whole-population rows: (variant, metric) -> (difference,
/// low, high, relative change).
fn comparison(s: &Scratch, run: &str) -> BTreeMap<(String, String), [Option<f64>; 4]> {
    let mut reader = csv::Reader::from_path(s.0.join(run).join("comparison.csv")).unwrap();
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (variant, cohort, app, metric) = (
        column("variant"),
        column("cohort"),
        column("app"),
        column("metric"),
    );
    let numbers = ["difference", "ci_low", "ci_high", "relative_change"].map(column);
    reader
        .records()
        .map(Result::unwrap)
        .filter(|r| &r[cohort] == "all" && &r[app] == "all")
        .map(|r| {
            let values = numbers.map(|i| r[i].parse::<f64>().ok());
            ((r[variant].to_string(), r[metric].to_string()), values)
        })
        .collect()
}

/// What a metric's figures are multiplied by to be shown: 100 for a share,
/// which is shown in percent.
fn percent(metric: &str) -> f64 {
    match Metric::by_name(metric).unwrap().is_share() {
        true => 100.0,
        false => 1.0,
    }
}

/// The unit of the last digit written: `0.01` for `-4.25`, 1 for `131`.
fn last_digit(number: &str) -> f64 {
    number
        .split_once('.')
        .map_or(1.0, |(_, d)| 10f64.powi(-(d.len() as i32)))
}

/// A cell `-25 ± 3 (-20.8%)` or `-105 +61/-98 (-21.0%) n.s.` agrees with the
/// record's difference, interval and relative change to the digits shown: the
/// value within half its last digit, each side of the interval shown at least
/// as long as the real one and less than a digit longer, the relative change
/// to a tenth of a percent; `n.s.` exactly where the interval holds zero. A
/// share's difference is in percentage points (`-3.1 ± 0.5 pp (-20.8%)`).
fn agrees(cell: &str, metric: &str, [difference, low, high, relative]: [Option<f64>; 4]) {
    let scale = percent(metric);
    let (difference, low, high) = (
        scale * difference.unwrap(),
        scale * low.unwrap(),
        scale * high.unwrap(),
    );
    let words: Vec<&str> = cell.split(' ').collect();
    let value: f64 = words[0].parse().unwrap();
    let unit = last_digit(words[0]);
    assert!(
        (value - difference).abs() <= unit / 2.0 + 1e-12,
        "{cell}: {difference}"
    );
    // `± s`: the longer side, rounded; `+a/-b`: each side, rounded.
    let (real_above, real_below) = (high - difference, difference - low);
    let sides = match words[1] {
        "±" => vec![(words[2], real_above.max(real_below))],
        spread => {
            let (above, below) = spread[1..].split_once("/-").unwrap();
            vec![(above, real_above), (below, real_below)]
        }
    };
    for (shown, real) in sides {
        let value: f64 = shown.parse().unwrap();
        assert!(
            (value - real).abs() <= unit / 2.0 + 1e-12,
            "{cell}: side {shown} for {real}"
        );
    }
    let shown_relative = cell
        .split_once('(')
        .map(|(_, r)| r.split_once("%)").unwrap().0.parse::<f64>().unwrap());
    match (shown_relative, relative) {
        (Some(shown), Some(real)) => assert!(
            (shown - 100.0 * real).abs() <= 0.05 + 1e-9,
            "{cell}: {real}"
        ),
        (None, None) => {}
        other => panic!("{cell}: relative change {other:?}"),
    }
    let holds_zero = low <= 0.0 && high >= 0.0;
    assert_eq!(
        cell.contains(" n.s."),
        holds_zero,
        "{cell}: {low} to {high}"
    );
}

#[test]
fn the_tables_are_gfm_and_every_figure_is_the_comparisons() {
    let s = scratch("figures");
    export(&s, &["run", "s.toml", "--out", "run"], "run.md");
    let markdown = s.read("run.md");
    assert!(
        markdown.starts_with("# s · seed 11 · 6 replications\n"),
        "{markdown}"
    );
    assert!(markdown.contains("Which token lifetime rides out the outages?"));
    let tables = tables(&markdown);
    let records = comparison(&s, "run");
    // The ranking: designs in the order of their lockout differences, lowest first.
    let ranked = &tables["Designs ranked by change in `lockout_hours_per_1k_users`"];
    assert_eq!(
        ranked[0][..3],
        ["rank", "design", "`lockout_hours_per_1k_users`"]
    );
    let mut by_lockout: Vec<(&str, f64)> = records
        .iter()
        .filter(|((_, m), _)| m == "lockout_hours_per_1k_users")
        .map(|((v, _), r)| (v.as_str(), r[0].unwrap()))
        .collect();
    by_lockout.sort_by(|a, b| a.1.total_cmp(&b.1));
    let order: Vec<&str> = ranked[1..].iter().map(|r| r[1].as_str()).collect();
    let expected: Vec<&str> = by_lockout.iter().map(|(v, _)| *v).collect();
    assert_eq!(order, expected);
    assert_eq!(
        ranked[1..]
            .iter()
            .map(|r| r[0].as_str())
            .collect::<Vec<_>>(),
        ["1", "2"]
    );
    // Each cost in the ranking is the comparison's too.
    for row in &ranked[1..] {
        for (column, cell) in ranked[0].iter().zip(row).skip(2) {
            if let Some(metric) = column.strip_prefix('`').and_then(|c| c.strip_suffix('`')) {
                agrees(
                    cell.trim_end_matches(" !"),
                    metric,
                    records[&(row[1].clone(), metric.to_string())],
                );
            }
        }
    }
    // The differences: a column per design (the `|` escaped, read back whole),
    // a row per modelled metric, each cell the comparison's.
    let differences = &tables["Difference from the baseline"];
    assert_eq!(differences[0], ["metric", "8h | tokens", "4h tokens"]);
    assert!(markdown.contains("| 8h \\| tokens |"));
    let shown: Vec<&str> = differences[1..].iter().map(|r| r[0].as_str()).collect();
    assert!(shown.contains(&"`lockout_hours_per_1k_users`") && shown.contains(&"`denial_rate`"));
    for row in &differences[1..] {
        let metric = row[0].trim_matches('`');
        for (design, cell) in differences[0].iter().zip(row).skip(1) {
            agrees(
                cell.trim_end_matches(" !"),
                metric,
                records[&(design.clone(), metric.to_string())],
            );
        }
    }
    // Metrics the scenario does not model: not rows, but named.
    assert!(!shown.contains(&"`workload_denial_rate`"));
    let left_out = markdown
        .lines()
        .find(|l| l.starts_with("Not modelled"))
        .unwrap();
    assert!(
        left_out.contains("`workload_denial_rate`")
            && left_out.contains("`revocation_exposure_mean`")
    );
    assert!(!left_out.contains("`denial_rate`"));
    // `-` is standard output: with --quiet, the same text alone.
    let out = export(&s, &["run", "s.toml", "--out", "again"], "-");
    assert_eq!(String::from_utf8(out.stdout).unwrap(), markdown);
}

/// One design has nothing to compare: its means, each the summary's, saying so.
#[test]
fn one_design_gets_its_results() {
    let s = scratch("one");
    let one = SCENARIO.split("[[variant]]").next().unwrap();
    s.write("one.toml", one);
    export(&s, &["run", "one.toml", "--out", "run"], "one.md");
    let markdown = s.read("one.md");
    assert!(markdown.contains("One design, so no comparison"));
    let tables = tables(&markdown);
    assert_eq!(tables.keys().collect::<Vec<_>>(), ["Results"]);
    let summary = s.read("run/summary.csv");
    let mean = |metric: &str| -> f64 {
        let row = summary
            .lines()
            .find(|l| l.starts_with(&format!("baseline,all,,all,{metric},")))
            .unwrap();
        row.split(',').nth(5).unwrap().parse().unwrap()
    };
    for row in &tables["Results"][1..] {
        let shown = row[1].split(' ').next().unwrap();
        let metric = row[0].trim_matches('`');
        let expected = percent(metric) * mean(metric);
        let shown = shown.strip_suffix('%').unwrap_or(shown);
        let value: f64 = shown.parse().unwrap();
        assert!(
            (value - expected).abs() <= last_digit(shown) / 2.0 + 1e-12,
            "{row:?}: {expected}"
        );
    }
}

#[test]
fn a_merge_of_shards_exports_what_one_machine_does() {
    let s = scratch("merge");
    export(&s, &["run", "s.toml", "--out", "whole"], "whole.md");
    for k in 1..=2 {
        let (shard, out) = (format!("{k}/2"), format!("shard-{k}"));
        ok(s.authsim(&["run", "s.toml", "--shard", &shard, "--out", &out, "--quiet"]));
    }
    export(
        &s,
        &["merge", "shard-1", "shard-2", "--out", "merged"],
        "merged.md",
    );
    assert_eq!(s.read("merged.md"), s.read("whole.md"));
    // A sweep exports the same way.
    let set = "policy.access_token_lifetime=2h,6h";
    export(
        &s,
        &["sweep", "s.toml", "--set", set, "--out", "sweep"],
        "sweep.md",
    );
    assert!(tables(&s.read("sweep.md")).contains_key("Difference from the baseline"));
}

/// Refused at once (exit 2, the path named) where the end of the run could not
/// write it: a run of 5,000 replications would take minutes, and no folder is made.
#[test]
fn what_cannot_be_exported_is_refused_before_simulating() {
    let s = scratch("refused");
    let refused = |args: &[&str], needles: &[&str]| {
        let start = Instant::now();
        let o = s.authsim(args);
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{args:?} simulated first"
        );
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        for needle in needles {
            assert!(
                stderr(&o).contains(needle),
                "{needle:?} not in {}",
                stderr(&o)
            );
        }
        assert!(!s.0.join("run").exists());
    };
    let many = ["--replications", "5000", "--out", "run", "--quiet"];
    let mut missing = vec!["run", "s.toml", "--export-markdown", "no/such/folder/r.md"];
    missing.extend(many);
    refused(
        &missing,
        &[
            "no/such/folder/r.md",
            "the folder no/such/folder does not exist",
        ],
    );
    let mut folder = vec!["run", "s.toml", "--export-markdown", "."];
    folder.extend(many);
    refused(&folder, &["--export-markdown .", "is a folder"]);
    let mut shard = vec![
        "run",
        "s.toml",
        "--shard",
        "1/2",
        "--export-markdown",
        "r.md",
    ];
    shard.extend(many);
    refused(&shard, &["a shard has no results", "`authsim merge`"]);
    assert!(!s.0.join("r.md").exists());
    // A file that exists, here the scenario itself, is never replaced.
    let mut existing = vec!["run", "s.toml", "--export-markdown", "s.toml"];
    existing.extend(many);
    refused(&existing, &["--export-markdown s.toml", "the file exists"]);
    assert_eq!(s.read("s.toml"), SCENARIO);
    // Nor is the folder the run is to make, or a file in it, however written.
    for file in ["run", "./run", "run/t.md", "x/../run/t.md"] {
        let mut out = vec!["run", "s.toml", "--export-markdown", file];
        out.extend(many);
        let named = format!("--export-markdown {file}");
        refused(&out, &[&named, "is in the run folder --out names (run)"]);
    }
    // Nor the file the sign-in log is to be.
    let mut log = vec!["run", "s.toml", "--export-markdown", "x.md"];
    log.extend(["--sign-in-log", "./x.md"]);
    log.extend(many);
    refused(&log, &["the file --sign-in-log writes too"]);
}

/// `run --resume` of a finished folder has nothing to play, but writes the
/// Markdown asked for: the very file the run wrote.
#[test]
fn a_finished_run_resumed_exports_its_tables() {
    let s = scratch("resumed");
    export(&s, &["run", "s.toml", "--out", "run"], "run.md");
    let o = ok(s.authsim(&["run", "--resume", "run", "--export-markdown", "again.md"]));
    let said = String::from_utf8(o.stdout).unwrap();
    assert!(
        said.contains("run is a finished run: nothing to resume"),
        "{said}"
    );
    assert!(said.contains("wrote again.md"), "{said}");
    assert_eq!(s.read("again.md"), s.read("run.md"));
    let o = ok(s.authsim(&[
        "run",
        "--resume",
        "run",
        "--quiet",
        "--export-markdown",
        "-",
    ]));
    assert_eq!(String::from_utf8(o.stdout).unwrap(), s.read("run.md"));
}
