//! Every bad input gets one clear message (`error: FILE:LINE:COLUMN: ...` where the
//! input has a location), exit code 2, never a panic, and never a results folder,
//! whole or partial.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::Command;

mod common;
use common::Scratch;

/// A minimal valid scenario; each bad case is a small edit of it.
const BASE: &str = r#"[simulation]
horizon = "3d"
warmup = "1d"
replications = 2
[policy]
mfa = "never"
[components.token_service]
[methods.password]
factor = "first"
requires = []
[apps.mail]
[cohorts.staff]
users = 10
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password"] }]
"#;

/// The scenario's name as passed on the command line (relative to the scratch dir).
const FILE: &str = "scenario.toml";
/// The `--out` folder every run asks for.
const OUT: &str = "run-folder";

/// What one `authsim run` left behind.
struct Outcome {
    scratch: Scratch,
    code: Option<i32>,
    stderr: String,
}

/// Runs `authsim run <scenario> --out run-folder <args>` in a fresh scratch dir,
/// after `prepare` has put its files there.
fn authsim(test: &str, scenario: &str, args: &[&str], prepare: impl FnOnce(&Path)) -> Outcome {
    let scratch = Scratch::new("bad-input", test);
    prepare(&scratch.0);
    let output = Command::new(env!("CARGO_BIN_EXE_authsim"))
        .current_dir(&scratch.0)
        .args(["run", scenario, "--out", OUT])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    Outcome {
        scratch,
        code: output.status.code(),
        stderr,
    }
}

/// `authsim run scenario.toml` on this text.
fn run_toml(test: &str, toml: &str, args: &[&str]) -> Outcome {
    authsim(test, FILE, args, |dir| {
        fs::write(dir.join(FILE), toml).unwrap()
    })
}

/// BASE with `from` (which must occur exactly once) replaced by `to`.
fn edit(from: &str, to: &str) -> String {
    assert_eq!(
        BASE.matches(from).count(),
        1,
        "{from:?} must occur once in BASE"
    );
    BASE.replacen(from, to, 1)
}

/// BASE plus one variant whose only override is `set_line`.
fn with_variant(set_line: &str) -> String {
    format!("{BASE}\n[[variant]]\nname = \"v\"\n{set_line}\n")
}

/// `FILE:LINE:COLUMN: ` of the one place `needle` occurs in `text` (1-based).
fn at(text: &str, needle: &str) -> String {
    assert_eq!(
        text.matches(needle).count(),
        1,
        "{needle:?} must occur once in the scenario"
    );
    let offset = text.find(needle).unwrap();
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = offset - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    format!("{FILE}:{line}:{column}: ")
}

/// Exit code 2, a single `error: ` line containing every `needle`, no panic,
/// and nothing left in the scratch dir but what the test put there.
fn assert_refused(out: &Outcome, needles: &[&str], before: &[&str]) {
    let err = &out.stderr;
    assert_eq!(out.code, Some(2), "exit code, stderr:\n{err}");
    assert!(!err.contains("panicked"), "panic:\n{err}");
    assert!(
        err.starts_with("error: "),
        "stderr must start with `error: `:\n{err}"
    );
    assert_eq!(
        err.trim_end().lines().count(),
        1,
        "one message expected:\n{err}"
    );
    for needle in needles {
        assert!(err.contains(needle), "stderr lacks {needle:?}:\n{err}");
    }
    let left: BTreeSet<String> = before.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        out.scratch.entries(),
        left,
        "a run folder (or a .{OUT}.partial-* staging folder) was left behind"
    );
}

/// The common case: a bad `scenario.toml`, so only it may remain and `--out` must not exist.
fn assert_bad_scenario(out: &Outcome, needles: &[&str]) {
    assert_refused(out, needles, &[FILE]);
    assert!(!out.scratch.0.join(OUT).exists());
}

#[test]
fn valid_scenario_writes_a_whole_run_folder() {
    let out = run_toml("valid", BASE, &[]);
    assert_eq!(out.code, Some(0), "stderr:\n{}", out.stderr);
    assert!(!out.stderr.contains("panicked"));
    let folder = out.scratch.0.join(OUT);
    for file in [
        "summary.csv",
        "summary.json",
        "timeseries.csv",
        "scenario.resolved.toml",
    ] {
        assert!(folder.join(file).is_file(), "{file} missing");
    }
    assert_eq!(
        out.scratch.entries(),
        BTreeSet::from([FILE.to_string(), OUT.to_string()])
    );
}

#[test]
fn malformed_toml() {
    let toml = edit("users = 10", "users = = 10");
    let out = run_toml("malformed", &toml, &[]);
    // The parser stops at the second `=`.
    assert_bad_scenario(&out, &[&at(&toml, "= 10"), "not valid TOML"]);
}

#[test]
fn unknown_key_in_simulation() {
    let toml = edit(
        "replications = 2\n",
        "replications = 2\ncolour = \"blue\"\n",
    );
    let out = run_toml("unknown-key", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[
            &at(&toml, "colour"),
            "simulation.colour",
            "unknown field `colour`",
        ],
    );
}

#[test]
fn unknown_key_nested_in_activity() {
    let toml = edit(
        "users = 10\n",
        "users = 10\nactivity = { hours = \"09:00-17:00\", moods = 3 }\n",
    );
    let out = run_toml("unknown-nested-key", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[
            &at(&toml, "moods"),
            "cohorts.staff.activity.moods",
            "unknown field `moods`",
        ],
    );
}

#[test]
fn wrong_type() {
    let toml = edit("users = 10", "users = \"many\"");
    let out = run_toml("wrong-type", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[
            &at(&toml, "users"),
            "cohorts.staff.users",
            "\"many\"",
            "expected u32",
        ],
    );
}

#[test]
fn zero_duration() {
    let toml = edit("horizon = \"3d\"", "horizon = \"0d\"");
    let out = run_toml("zero-duration", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[
            &at(&toml, "horizon"),
            "simulation.horizon",
            "longer than zero",
            "\"0d\"",
        ],
    );
}

#[test]
fn negative_duration() {
    let toml = edit(
        "[components.token_service]\n",
        "[components.token_service]\noutages = [{ start = \"1d\", duration = \"-3h\" }]\n",
    );
    let out = run_toml("negative-duration", &toml, &[]);
    let path = "components.token_service.outages[0].duration";
    assert_bad_scenario(&out, &[&at(&toml, "duration"), path, "negative", "\"-3h\""]);
}

#[test]
fn unparseable_duration() {
    let toml = edit("horizon = \"3d\"", "horizon = \"8x\"");
    let out = run_toml("unparseable-duration", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[&at(&toml, "horizon"), "simulation.horizon", "\"8x\""],
    );
}

#[test]
fn shares_not_summing_to_one() {
    let toml = edit("share = 1.0", "share = 0.5");
    let out = run_toml("shares", &toml, &[]);
    let needles = [
        &at(&toml, "registrations"),
        "cohorts.staff.registrations",
        "add up to 0.5, not 1",
    ];
    assert_bad_scenario(&out, &needles);
}

#[test]
fn method_requires_unknown_component() {
    let toml = edit("requires = []", "requires = [\"sms_gateway\"]");
    let out = run_toml("unknown-component", &toml, &[]);
    let needles = [
        &at(&toml, "\"sms_gateway\""),
        "methods.password.requires[0]",
        "unknown component `sms_gateway`",
    ];
    assert_bad_scenario(&out, &needles);
}

#[test]
fn cohort_names_unknown_method() {
    let toml = edit(
        "methods = [\"password\"]",
        "methods = [\"password\", \"carrier_pigeon\"]",
    );
    let out = run_toml("unknown-method", &toml, &[]);
    let path = "cohorts.staff.registrations[0].methods[1]";
    assert_bad_scenario(
        &out,
        &[
            &at(&toml, "\"carrier_pigeon\""),
            path,
            "unknown method `carrier_pigeon`",
        ],
    );
}

#[test]
fn cohort_names_unknown_app() {
    let toml = edit("apps = [\"mail\"]", "apps = [\"mail\", \"chat\"]");
    let out = run_toml("unknown-app", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[
            &at(&toml, "\"chat\""),
            "cohorts.staff.apps[1]",
            "unknown app `chat`",
        ],
    );
}

#[test]
fn variant_overrides_missing_field() {
    let toml = with_variant("set.policy.no_such_field = 1");
    let out = run_toml("variant-missing-field", &toml, &[]);
    let needles = [
        &at(&toml, "no_such_field"),
        "in variant \"v\"",
        "policy.no_such_field",
        "unknown field `no_such_field`",
    ];
    assert_bad_scenario(&out, &needles);
}

#[test]
fn variant_overrides_missing_app() {
    let toml = with_variant("set.apps.no_such_app.kind = \"web_app\"");
    let out = run_toml("variant-missing-app", &toml, &[]);
    let needles = [
        &at(&toml, "no_such_app"),
        "in variant \"v\"",
        "`apps.no_such_app` does not exist",
    ];
    assert_bad_scenario(&out, &needles);
}

#[test]
fn variant_overrides_with_bad_value() {
    let toml = with_variant("set.policy.access_token_lifetime = \"8x\"");
    let out = run_toml("variant-bad-value", &toml, &[]);
    let needles = [
        &at(&toml, "access_token_lifetime"),
        "in variant \"v\"",
        "policy.access_token_lifetime",
        "\"8x\"",
    ];
    assert_bad_scenario(&out, &needles);
}

#[test]
fn warmup_not_shorter_than_horizon() {
    let toml = edit("warmup = \"1d\"", "warmup = \"3d\"");
    let out = run_toml("warmup", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[
            &at(&toml, "warmup"),
            "simulation.warmup",
            "the warm-up (3d) must be shorter than the horizon (3d)",
        ],
    );
}

#[test]
fn missing_section_has_no_location_but_names_the_file() {
    let toml = edit("[apps.mail]\n", "");
    let out = run_toml("missing-section", &toml, &[]);
    assert_bad_scenario(&out, &[&format!("error: {FILE}: "), "missing field `apps`"]);
}

#[test]
fn absurd_size_needs_force() {
    // 10^8 users x 30 days x 2 replications = 6 x 10^9 user-days; never run with --force here.
    let toml = edit("horizon = \"3d\"", "horizon = \"30d\"")
        .replace("users = 10\n", "users = 100000000\n");
    let out = run_toml("absurd-size", &toml, &[]);
    assert_bad_scenario(&out, &[&format!("error: {FILE}: "), "user-days", "--force"]);
}

#[test]
fn absurd_activity_needs_force() {
    // Ten users, but a billion attempts an hour each: the user-days are few, the attempts are not.
    let toml = edit(
        "registrations = [",
        "activity = { attempts_per_hour = 1e9 }\nregistrations = [",
    );
    let out = run_toml("absurd-activity", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[&format!("error: {FILE}: "), "access attempts", "--force"],
    );
}

#[test]
fn absurd_retries() {
    let toml = edit(
        "[apps.mail]\n",
        "[apps.mail]\nretry = { attempts = 1000000 }\n",
    );
    let out = run_toml("absurd-retries", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[
            &at(&toml, "attempts = 1000000"),
            "apps.mail.retry.attempts",
            "at most 100",
        ],
    );
}

#[test]
fn one_replication_on_the_command_line() {
    let out = run_toml("one-replication", BASE, &["--replications", "1"]);
    assert_bad_scenario(&out, &["--replications 1", "at least 2"]);
}

#[test]
fn zero_threads_on_the_command_line() {
    let out = run_toml("zero-threads", BASE, &["--threads", "0"]);
    assert_bad_scenario(&out, &["--threads", "at least 1"]);
}

#[test]
fn scenario_file_does_not_exist() {
    let out = authsim("missing-file", "no_such_scenario.toml", &[], |_| {});
    assert_refused(&out, &["cannot read", "no_such_scenario.toml"], &[]);
}

#[test]
fn existing_out_folder_is_left_untouched() {
    let out = authsim("existing-out", FILE, &[], |dir| {
        fs::write(dir.join(FILE), BASE).unwrap();
        fs::create_dir(dir.join(OUT)).unwrap();
        fs::write(dir.join(OUT).join("keep.txt"), "precious").unwrap();
    });
    assert_refused(
        &out,
        &[&format!("{OUT} already exists"), "--out"],
        &[FILE, OUT],
    );
    let inside: Vec<_> = fs::read_dir(out.scratch.0.join(OUT))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        inside,
        ["keep.txt"],
        "the existing folder gained or lost files"
    );
    assert_eq!(
        fs::read_to_string(out.scratch.0.join(OUT).join("keep.txt")).unwrap(),
        "precious"
    );
}
