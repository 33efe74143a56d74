//! A finished run folder can tell it is whole: it lists its result files in
//! `files.json`, and `plot`, `compare` and `run --resume` refuse a folder whose
//! file is missing, cut short or changed, naming it. A folder without the list
//! (written before it) is checked by what its files show of themselves. The
//! damaged folders are made here from a real small run.

mod common;

use common::folders::files;
use common::{Scratch, stderr};
use std::fs;
use std::path::Path;
use std::process::Output;

/// Two cohorts (so slices), a variant (so a comparison), a component that fails.
const SCENARIO: &str = r#"
[simulation]
horizon = "4d"
warmup = "1d"
replications = 4
seed = 3
[components.token_service]
time_to_failure = { distribution = "exponential", mean = "1d" }
time_to_repair = { distribution = "exponential", mean = "2h" }
[methods.password]
factor = "first"
requires = ["token_service"]
[policy]
mfa = "never"
[apps.mail]
[cohorts.office]
users = 100
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password"] }]
[cohorts.field]
users = 50
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password"] }]
[[variant]]
name = "8h tokens"
set.policy.access_token_lifetime = "8h"
"#;

/// The result files a run with a variant writes, as `files.json` lists them.
const RESULTS: [&str; 8] = [
    "replications.csv",
    "summary.csv",
    "summary.json",
    "comparison.csv",
    "comparison.json",
    "timeseries.csv",
    "denials_by_component.csv",
    "scenario.resolved.toml",
];

/// A scratch folder with a finished run in `run`.
fn finished(test: &str) -> Scratch {
    let s = Scratch::new("run-folders", test);
    s.write("s.toml", SCENARIO);
    let o = s.authsim(&["run", "s.toml", "--out", "run", "--quiet", "--no-charts"]);
    assert!(o.status.success(), "{}", stderr(&o));
    s
}

/// A copy of `run` named `to`, damaged by `damage` (given the copy's path).
fn damaged(s: &Scratch, to: &str, damage: impl FnOnce(&Path)) {
    let dir = s.0.join(to);
    fs::create_dir(&dir).unwrap();
    // The results; charts `plot` drew are drawn again.
    for (name, bytes) in files(&s.0.join("run")) {
        if !name.contains('/') {
            fs::write(dir.join(name), bytes).unwrap();
        }
    }
    damage(&dir);
}

/// The first `n` lines of a file, each with its newline: a file cut at a row boundary.
fn first_lines(path: &Path, n: usize) {
    let text = fs::read_to_string(path).unwrap();
    let kept: String = text.split_inclusive('\n').take(n).collect();
    fs::write(path, kept).unwrap();
}

fn lines(path: &Path) -> usize {
    fs::read_to_string(path).unwrap().lines().count()
}

/// Exit code 2, one `error: ` line holding every needle, no panic.
fn refused(o: &Output, needles: &[&str]) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.starts_with("error: "), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one message: {err}");
    for needle in needles {
        assert!(err.contains(needle), "{needle:?} not in: {err}");
    }
}

#[test]
fn a_finished_folder_lists_every_result_file_with_its_size() {
    let s = finished("listed");
    let list: serde_json::Value = serde_json::from_str(&s.read("run/files.json")).unwrap();
    let listed: Vec<(&str, u64)> = list["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["file"].as_str().unwrap(), f["bytes"].as_u64().unwrap()))
        .collect();
    let expected: Vec<(&str, u64)> = RESULTS
        .iter()
        .map(|f| (*f, fs::metadata(s.0.join("run").join(f)).unwrap().len()))
        .collect();
    assert_eq!(listed, expected);
    for args in [&["plot", "run"][..], &["compare", "run", "run"]] {
        let o = s.authsim(args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn a_damaged_folder_is_refused_naming_the_file() {
    let s = finished("damaged");
    let run = s.0.join("run");
    let series_rows = lines(&run.join("timeseries.csv"));
    let denial_rows = lines(&run.join("denials_by_component.csv"));
    let comparison = fs::read(run.join("comparison.json")).unwrap();
    type Damage<'a> = Box<dyn Fn(&Path) + 'a>;
    let cases: [(&str, Damage, &str); 7] = [
        (
            "header-only",
            Box::new(|d| first_lines(&d.join("timeseries.csv"), 1)),
            "timeseries.csv: cut short",
        ),
        (
            "series-cut",
            Box::new(|d| first_lines(&d.join("timeseries.csv"), series_rows - 40)),
            "timeseries.csv: cut short",
        ),
        (
            "comparison-cut",
            Box::new(|d| {
                fs::write(
                    d.join("comparison.json"),
                    &comparison[..comparison.len() / 2],
                )
                .unwrap()
            }),
            "comparison.json: cut short",
        ),
        (
            "denials-cut",
            Box::new(|d| first_lines(&d.join("denials_by_component.csv"), denial_rows - 1)),
            "denials_by_component.csv: cut short",
        ),
        (
            "missing",
            Box::new(|d| fs::remove_file(d.join("comparison.json")).unwrap()),
            "comparison.json: missing: files.json lists it",
        ),
        (
            "changed",
            Box::new(|d| {
                let path = d.join("summary.csv");
                let text = fs::read_to_string(&path).unwrap();
                let changed = text.replacen(",attempts,", ",Attempts,", 1);
                assert_ne!(changed, text, "the damage changes summary.csv");
                fs::write(&path, changed).unwrap();
            }),
            "summary.csv: changed: its CRC-32 is",
        ),
        (
            "longer",
            Box::new(|d| {
                let path = d.join("timeseries.csv");
                let text = fs::read_to_string(&path).unwrap();
                let last = text.lines().last().unwrap();
                fs::write(&path, format!("{text}{last}\n")).unwrap();
            }),
            "timeseries.csv: changed: ",
        ),
    ];
    for (name, damage, needle) in &cases {
        damaged(&s, name, damage);
        let before = files(&s.0.join(name));
        let file = format!("{name}/{}", needle.split(':').next().unwrap());
        let what = [
            "so the folder is not whole",
            "scenario.resolved.toml` reproduces it",
        ];
        for args in [
            &["plot", name][..],
            &["compare", "run", name],
            &["compare", name, "run"],
            &["run", "--resume", name],
        ] {
            let o = s.authsim(args);
            refused(&o, &[&file, needle, what[0], what[1]]);
        }
        assert_eq!(files(&s.0.join(name)), before, "{name}: the folder changed");
    }
}

#[test]
fn a_folder_without_the_list_is_read_as_far_as_its_files_show_it_whole() {
    let s = finished("unlisted");
    let run = s.0.join("run");
    fs::remove_file(run.join("files.json")).unwrap();
    let series_rows = lines(&run.join("timeseries.csv"));
    let denial_rows = lines(&run.join("denials_by_component.csv"));
    let summary_rows = lines(&run.join("summary.csv"));
    // A folder of 0.3 or an earlier 0.4 build, whole: read as it is.
    for args in [&["plot", "run"][..], &["compare", "run", "run"]] {
        let o = s.authsim(args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    }
    let cases: [(&str, &str, usize, &[&str], &str); 4] = [
        (
            "header-only",
            "timeseries.csv",
            1,
            &["no rows for variant", "which summary.json has"],
            "plot",
        ),
        (
            "series-cut",
            "timeseries.csv",
            series_rows - 1,
            &["rows for variant", "where variant"],
            "plot",
        ),
        (
            "denials-cut",
            "denials_by_component.csv",
            denial_rows - 1,
            &["end with \"contingency block\", not with"],
            "plot",
        ),
        (
            "summary-cut",
            "summary.csv",
            summary_rows - 1,
            &["rows where summary.json has"],
            "compare",
        ),
    ];
    for (name, file, keep, needles, command) in cases {
        damaged(&s, name, |d| first_lines(&d.join(file), keep));
        let path = format!("{name}/{file}: ");
        let mut needles = needles.to_vec();
        needles.push(&path);
        let args = match command {
            "plot" => vec!["plot", name],
            _ => vec!["compare", "run", name],
        };
        refused(&s.authsim(&args), &needles);
        assert!(
            !s.0.join(name).join("charts").exists(),
            "{name}: charts drawn"
        );
    }
}
