//! The conventions of a Rust CLI: short flags, environment defaults, `-` for a
//! scenario on standard input, `--json` for scripts, shares shown as shares, and
//! `init` saying what to run next.

mod common;

use common::{Scratch, stderr};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Three designs, two outages: a run of it takes a moment.
const SCENARIO: &str = r#"
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
users = 150
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password", "push"] }]
[cohorts.shop]
users = 50
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password", "push"] }]
[[variant]]
name = "8h tokens"
set.policy.access_token_lifetime = "8h"
[[variant]]
name = "4h tokens"
set.policy.access_token_lifetime = "4h"
"#;

fn scratch(test: &str) -> Scratch {
    let s = Scratch::new("cli-conventions", test);
    s.write("s.toml", SCENARIO);
    s
}

/// `authsim ARGS` in `dir` with only the environment variables `env` of
/// authsim's own set, and `input` on standard input.
fn authsim(dir: &Path, args: &[&str], env: &[(&str, &str)], input: &str) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_authsim"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("AUTHSIM_THREADS")
        .env_remove("AUTHSIM_RESULTS_DIR")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let text = input.to_string();
    // A command that reads no input may exit first: a broken pipe is no failure.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(text.as_bytes());
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    output
}

/// Its stdout, where it succeeded.
fn ok(o: Output) -> String {
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    String::from_utf8(o.stdout).unwrap()
}

fn json(o: Output) -> Value {
    let out = ok(o);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("not one JSON document ({e}):\n{out}"))
}

/// The entries of `dir`, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn short_flags_and_environment_defaults() {
    let s = scratch("flags");
    let short = ok(authsim(
        &s.0,
        &["check", "s.toml", "-s", "7", "-n", "3", "-j", "1"],
        &[],
        "",
    ));
    assert!(short.contains("replications        3 (seed 7)"), "{short}");
    assert!(short.contains(" on 1 thread,"), "{short}");
    let long = [
        "check",
        "s.toml",
        "--seed",
        "7",
        "--replications",
        "3",
        "--threads",
        "1",
    ];
    assert_eq!(ok(authsim(&s.0, &long, &[], "")), short);
    // AUTHSIM_THREADS is --threads' default; the flag wins over it.
    let threads = [("AUTHSIM_THREADS", "3")];
    let env = ok(authsim(&s.0, &["check", "s.toml"], &threads, ""));
    assert!(env.contains(" on 3 threads,"), "{env}");
    let flag = ok(authsim(&s.0, &["check", "s.toml", "-j", "2"], &threads, ""));
    assert!(flag.contains(" on 2 threads,"), "{flag}");
    let bad = authsim(
        &s.0,
        &["check", "s.toml"],
        &[("AUTHSIM_THREADS", "many")],
        "",
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("many"));
    // -q, -o: nothing on stdout, the folder where -o says.
    let quiet = ok(authsim(
        &s.0,
        &["run", "s.toml", "-q", "-n", "2", "-o", "q", "--no-charts"],
        &[],
        "",
    ));
    assert!(quiet.is_empty(), "{quiet}");
    assert!(s.0.join("q/summary.csv").is_file());
}

#[test]
fn new_folders_go_to_the_results_dir_unless_out_names_one() {
    let s = scratch("results-dir");
    let env = [("AUTHSIM_RESULTS_DIR", "elsewhere/runs")];
    let run = ["run", "s.toml", "-q", "-n", "2", "--no-charts"];
    ok(authsim(&s.0, &run, &env, ""));
    let made = entries(&s.0.join("elsewhere/runs"));
    assert_eq!(made.len(), 1, "{made:?}");
    assert!(made[0].starts_with("s-seed11-"), "{made:?}");
    assert!(!s.0.join("results").exists(), "the default is not used");
    // --results-dir wins over the environment, --out over both.
    let flag = [&run[..], &["--results-dir", "mine"]].concat();
    ok(authsim(&s.0, &flag, &env, ""));
    assert_eq!(entries(&s.0.join("mine")).len(), 1);
    let out = [&run[..], &["-o", "exact"]].concat();
    ok(authsim(&s.0, &out, &env, ""));
    assert!(s.0.join("exact/summary.csv").is_file());
    assert_eq!(entries(&s.0.join("elsewhere/runs")).len(), 1);
    // analyze writes its folder there too.
    ok(authsim(&s.0, &["analyze", "s.toml"], &env, ""));
    let made = entries(&s.0.join("elsewhere/runs"));
    assert!(
        made.iter().any(|f| f.starts_with("s-analysis-seed11-")),
        "{made:?}"
    );
}

#[test]
fn a_scenario_on_standard_input() {
    let s = scratch("stdin");
    let check = ok(authsim(&s.0, &["check", "-"], &[], SCENARIO));
    assert!(check.starts_with("<stdin>: valid\n"), "{check}");
    // An error names <stdin> and the line, counted here in the text.
    let broken = SCENARIO.replace("users = 50", "users = \"fifty\"");
    let line = broken.lines().position(|l| l.contains("fifty")).unwrap() + 1;
    let o = authsim(&s.0, &["run", "-"], &[], &broken);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.starts_with(&format!("error: <stdin>:{line}:")), "{err}");
    assert!(o.stdout.is_empty());
    // Nothing piped in: said so, not read as a scenario missing its tables.
    let o = authsim(&s.0, &["check", "-"], &[], " \n");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("standard input is empty"),
        "{}",
        stderr(&o)
    );
    // The same scenario read from a file and from stdin: the same run, recorded the same.
    ok(authsim(
        &s.0,
        &[
            "run",
            "s.toml",
            "-q",
            "-n",
            "3",
            "-o",
            "file",
            "--no-charts",
        ],
        &[],
        "",
    ));
    let args = ["run", "-", "-q", "-n", "3", "-o", "piped", "--no-charts"];
    ok(authsim(&s.0, &args, &[], SCENARIO));
    // The resolved scenario's first line names where it was read from; the rest is equal.
    let resolved = |run: &str| s.read(&format!("{run}/scenario.resolved.toml"));
    let (piped, file) = (resolved("piped"), resolved("file"));
    assert!(piped.starts_with("# <stdin>, resolved by authsim") && file.starts_with("# s.toml"));
    assert_eq!(
        piped.split_once('\n').unwrap().1,
        file.split_once('\n').unwrap().1
    );
    for file in ["summary.csv", "replications.csv"] {
        assert_eq!(
            s.read(&format!("piped/{file}")),
            s.read(&format!("file/{file}")),
            "{file}"
        );
    }
    // Its default folder is named `stdin`; sweep reads it too.
    ok(authsim(
        &s.0,
        &["run", "-", "-q", "-n", "2", "--no-charts"],
        &[],
        SCENARIO,
    ));
    assert!(entries(&s.0.join("results"))[0].starts_with("stdin-seed11-"));
    let sweep = [
        "sweep",
        "-",
        "--set",
        "policy.access_token_lifetime=2h,6h",
        "-n",
        "2",
        "-q",
        "-o",
        "sw",
        "--no-charts",
    ];
    ok(authsim(&s.0, &sweep, &[], SCENARIO));
    assert!(
        s.read("sw/summary.csv")
            .contains("policy.access_token_lifetime=6h")
    );
}

#[test]
fn json_for_scripts() {
    let s = scratch("json");
    let parsed: toml::Table = toml::from_str(SCENARIO).unwrap();
    let check = json(authsim(
        &s.0,
        &["check", "s.toml", "--json", "-j", "1"],
        &[],
        "",
    ));
    let users: i64 = parsed["cohorts"]
        .as_table()
        .unwrap()
        .values()
        .map(|c| c["users"].as_integer().unwrap())
        .sum();
    assert_eq!(check["users"], users);
    assert_eq!(check["file"], "s.toml");
    assert_eq!(check["valid"], true);
    assert_eq!(check["replications"], 6);
    assert_eq!(check["seed"], 11);
    assert_eq!(check["horizon_s"], 7.0 * 86400.0);
    assert_eq!(check["warmup_s"], 86400.0);
    assert_eq!(check["threads"], 1);
    assert_eq!(
        check["variants"],
        serde_json::json!(["baseline", "8h tokens", "4h tokens"])
    );
    assert_eq!(check["cohorts"][1]["name"], "shop");
    assert_eq!(check["cohorts"][1]["users"], 50);
    let time = &check["estimated_run_time_s"];
    assert!(time["low"].as_f64() < time["estimate"].as_f64());
    assert!(time["estimate"].as_f64() < time["high"].as_f64());
    let expected = check["access_attempts"].as_f64().unwrap();
    // bench counts the attempts a run plays: check's expectation, within noise.
    let bench = json(authsim(
        &s.0,
        &["bench", "s.toml", "--json", "-j", "1", "-n", "6"],
        &[],
        "",
    ));
    assert_eq!(bench["threads"], 1);
    let played = bench["access_attempts"].as_f64().unwrap();
    assert!(
        (played - expected).abs() < 5.0 * expected.sqrt() + 0.01 * expected,
        "{played} vs {expected}"
    );
    let rate = bench["attempts_per_second"].as_f64().unwrap();
    let seconds = bench["wall_seconds"].as_f64().unwrap();
    assert!((rate * seconds / played - 1.0).abs() < 1e-6);
    // scenarios: every bundled file, by its stem.
    let list = json(authsim(&s.0, &["scenarios", "--json"], &[], ""));
    let names: Vec<&str> = list["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    let mut stems: Vec<String> = common::bundled_scenarios()
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    let mut sorted: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    sorted.sort();
    stems.sort();
    assert_eq!(sorted, stems);
    assert!(names.contains(&list["default"].as_str().unwrap()));
    // analyze: the folder's analysis.json, and the folder.
    let analyze = json(authsim(
        &s.0,
        &["analyze", "s.toml", "--json", "-o", "a"],
        &[],
        "",
    ));
    assert_eq!(analyze["folder"], "a");
    let written: Value = serde_json::from_str(&s.read("a/analysis.json")).unwrap();
    assert_eq!(analyze["analysis"], written);
    assert_eq!(analyze["analysis"]["variants"].as_array().unwrap().len(), 3);
    // An error: nothing on stdout, exit 2.
    let o = authsim(&s.0, &["check", "-", "--json"], &[], "users = ");
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
}

/// The rows under the heading `name` (a variant) in `table`: metric to figures.
fn block(table: &str, name: &str) -> BTreeMap<String, String> {
    let heading = format!("\n  {name}\n");
    let start = table.find(&heading).unwrap() + heading.len();
    table[start..]
        .lines()
        .take_while(|l| l.starts_with("    "))
        .map(|l| {
            let (metric, figures) = l.trim().split_once(' ').unwrap();
            (metric.to_string(), figures.trim().to_string())
        })
        .collect()
}

#[test]
fn shares_print_as_shares() {
    let s = scratch("shares");
    let table = ok(authsim(
        &s.0,
        &["run", "s.toml", "-o", "run", "--no-charts"],
        &[],
        "",
    ));
    let baseline = block(&table, "baseline");
    let mut reader = csv::Reader::from_path(s.0.join("run/summary.csv")).unwrap();
    let header = reader.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (variant, cohort, app, metric, mean) = (
        at("variant"),
        at("cohort"),
        at("app"),
        at("metric"),
        at("mean"),
    );
    let mut checked = 0;
    for record in reader.records().map(Result::unwrap) {
        let whole = &record[cohort] == "all" && &record[app] == "all";
        let Some(figures) = baseline
            .get(&record[metric])
            .filter(|_| whole && &record[variant] == "baseline")
        else {
            continue; // another slice, or not modelled: not shown
        };
        let name = &record[metric];
        let value = figures.split(' ').next().unwrap();
        let expected: f64 = record[mean].parse().unwrap();
        // docs/metrics.md's shares: the rates and users_locked_out.
        let share = name.ends_with("_rate") || name == "users_locked_out";
        let (number, scale) = match share {
            true => (
                value
                    .strip_suffix('%')
                    .unwrap_or_else(|| panic!("{name}: {figures}")),
                100.0,
            ),
            false => (value, 1.0),
        };
        assert_eq!(
            figures.matches('%').count() >= 2,
            share,
            "{name}: {figures}"
        );
        let digits = number.split_once('.').map_or(0, |(_, d)| d.len());
        let shown: f64 = number.parse().unwrap();
        assert!(
            (shown - scale * expected).abs() <= 0.5 * 10f64.powi(-(digits as i32)) + 1e-9,
            "{name}: {figures} for {expected}"
        );
        checked += 1;
    }
    assert!(checked >= 8, "{checked}");
    // Differences of shares: in percentage points, others in their unit.
    let after = &table[table.find("difference from baseline").unwrap()..];
    let changes = block(after, "8h tokens");
    assert!(changes["denial_rate"].contains(" pp"), "{changes:?}");
    assert!(changes["users_locked_out"].contains(" pp"), "{changes:?}");
    assert!(
        !changes["lockout_hours_per_1k_users"].contains(" pp"),
        "{changes:?}"
    );
    // `compare` prints shares as the table does.
    let compared = ok(authsim(&s.0, &["compare", "run", "run"], &[], ""));
    let line = |metric: &str| {
        let found = compared
            .lines()
            .find(|l| l.trim_start().starts_with(metric));
        found
            .unwrap_or_else(|| panic!("{metric}: {compared}"))
            .to_string()
    };
    assert_eq!(
        line("users_locked_out").matches('%').count(),
        4,
        "{compared}"
    );
    assert!(
        !line("lockout_hours_per_1k_users").contains('%'),
        "{compared}"
    );
}

#[test]
fn init_says_what_to_run_next() {
    let s = scratch("init");
    let out = ok(authsim(&s.0, &["init", "my.toml"], &[], ""));
    let last = out.lines().last().unwrap();
    assert!(
        last.contains("`authsim check my.toml`") && last.contains("`authsim run my.toml`"),
        "{out}"
    );
    // What it says to run runs.
    let check = ok(authsim(&s.0, &["check", "my.toml"], &[], ""));
    assert!(check.starts_with("my.toml: valid"));
}
