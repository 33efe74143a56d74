//! Inputs a hostile tester found: each one is refused with exit code 2 and a
//! located message, or runs to a bounded, correct result, within seconds.

use std::fs;
use std::path::Path;
use std::time::Duration;

mod common;
use common::refusal::{
    BASE, FILE, OUT, assert_bad_scenario, assert_refused, at, authsim, edit, run_toml, with_variant,
};
use common::{Scratch, stderr};

/// What every test here must finish within, hang or not.
const SECONDS: Duration = Duration::from_secs(20);

/// The mean of `metric` for the baseline in a run folder's summary.csv.
fn baseline_mean(folder: &Path, metric: &str) -> f64 {
    let summary = fs::read_to_string(folder.join("summary.csv")).unwrap();
    let line = summary
        .lines()
        .find(|l| l.starts_with(&format!("baseline,all,,all,{metric},")))
        .unwrap_or_else(|| panic!("no {metric} in\n{summary}"));
    line.split(',').nth(5).unwrap().parse().unwrap()
}

fn with_schedule(schedule: &str) -> String {
    edit(
        "[components.token_service]\n",
        &format!("[components.token_service]\n{schedule}\n"),
    )
}

#[test]
fn heavy_tailed_failure_distributions_are_refused() {
    let cases = [
        (
            "{ distribution = \"lognormal\", median = \"1h\", sigma = 20 }",
            "sigma",
        ),
        (
            "{ distribution = \"lognormal\", median = \"1h\", sigma = 1000 }",
            "sigma",
        ),
        (
            "{ distribution = \"weibull\", shape = 0.02, scale = \"1h\" }",
            "shape",
        ),
        (
            "{ distribution = \"weibull\", shape = 1e-300, scale = \"1h\" }",
            "shape",
        ),
    ];
    for (i, (distribution, field)) in cases.into_iter().enumerate() {
        let toml = with_schedule(&format!(
            "time_to_failure = {distribution}\ntime_to_repair = {{ distribution = \"exponential\", mean = \"1h\" }}"
        ));
        let out = run_toml(&format!("heavy-tail-{i}"), &toml, &[]);
        let path = format!("components.token_service.time_to_failure.{field}");
        assert_bad_scenario(&out, &[&at(&toml, field), &path, "too heavy to simulate"]);
    }
}

#[test]
fn a_tail_within_the_bound_runs() {
    // sigma 3.5: a mean 458 times the median, under the bound of 1000.
    let toml = with_schedule(
        "time_to_failure = { distribution = \"lognormal\", median = \"1d\", sigma = 3.5 }\n\
         time_to_repair = { distribution = \"exponential\", mean = \"1h\" }",
    );
    let s = Scratch::new("hostile", "moderate-tail");
    s.write(FILE, &toml);
    let o = s.authsim_within(&["run", FILE, "--out", OUT, "--no-charts"], SECONDS);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn a_millisecond_clock_jumps_over_time_off() {
    // One client-secret daemon calling every millisecond, but only in the first
    // second of each day: 1,000 calls a day, the first of which renews its
    // one-hour token. Stepping through each night tick by tick took hours.
    let toml = r#"
[simulation]
horizon = "100d"
warmup = "1d"
replications = 2
[components.token_service]
[methods.password]
factor = "first"
requires = []
[apps.daemon]
kind = "client_secret"
[cohorts.jobs]
kind = "workloads"
users = 1
apps = ["daemon"]
activity = { hours = "09:00:00-09:00:01", days = "all", every = "1ms" }
"#;
    let s = Scratch::new("hostile", "millisecond-clock");
    s.write(FILE, toml);
    let o = s.authsim_within(&["run", FILE, "--out", OUT, "--no-charts"], SECONDS);
    assert!(o.status.success(), "{}", stderr(&o));
    // Exactly one token request on each of the 99 measured days.
    let requests = baseline_mean(&s.0.join(OUT), "token_requests_per_user_day");
    assert_eq!(requests, 1.0);
}

#[test]
fn a_millisecond_clock_over_a_long_horizon_needs_force() {
    let toml = edit("horizon = \"3d\"", "horizon = \"400d\"")
        .replace("users = 10\n", "users = 1000\n")
        .replace(
            "registrations = [",
            "activity = { hours = \"00:00-24:00\", days = \"all\", every = \"1ms\" }\nregistrations = [",
        );
    let out = run_toml("millisecond-clock-force", &toml, &[]);
    assert_bad_scenario(&out, &[&format!("error: {FILE}: "), "events", "--force"]);
}

#[test]
fn revocations_every_second_cost_linear_time() {
    // 50 users revoked every second for two days: 8.6 million revocations, each
    // closed in constant time (the old list scan made this quadratic).
    let toml = edit("users = 10\n", "users = 50\nrevocation_every = \"1s\"\n");
    let s = Scratch::new("hostile", "revocation-storm");
    s.write(FILE, &toml);
    let o = s.authsim_within(&["run", FILE, "--out", OUT, "--no-charts"], SECONDS);
    assert!(o.status.success(), "{}", stderr(&o));
    // A revoked token serves at most until it expires: under 90 minutes.
    let exposure = baseline_mean(&s.0.join(OUT), "revocation_exposure_mean");
    assert!(exposure > 0.0 && exposure <= 1.5, "{exposure} hours");
}

#[test]
fn thousands_of_threads_are_refused() {
    let out = run_toml("threads", BASE, &["--threads", "100000"]);
    assert_bad_scenario(&out, &["--threads 100000", "at most"]);
}

#[test]
fn only_a_regular_file_of_sane_size_is_read() {
    let out = authsim("dev-zero", "/dev/zero", &[], |_| {});
    assert_refused(&out, &["/dev/zero: not a regular file"], &[]);
    let out = authsim("directory", "folder", &[], |dir| {
        fs::create_dir(dir.join("folder")).unwrap()
    });
    assert_refused(&out, &["folder: not a regular file"], &["folder"]);
    let out = authsim("huge", FILE, &[], |dir| {
        let line = format!("# {}\n", "x".repeat(1000));
        fs::write(dir.join(FILE), line.repeat(17 * 1024)).unwrap()
    });
    assert_refused(&out, &["larger than 16 MiB"], &[FILE]);
}

#[test]
fn plot_refuses_values_no_run_writes() {
    let s = Scratch::new("hostile", "plot-inf");
    s.write(FILE, BASE);
    let o = s.authsim(&["run", FILE, "--out", OUT, "--no-charts", "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Without the list of its files (a folder of 0.3), read value by value.
    fs::remove_file(s.0.join(OUT).join("files.json")).unwrap();
    let series = s.0.join(OUT).join("timeseries.csv");
    let text = fs::read_to_string(&series).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    // bucket_start_s of the second bucket, on line 3.
    let mut cells: Vec<&str> = lines[2].split(',').collect();
    cells[4] = "inf";
    lines[2] = cells.join(",");
    fs::write(&series, lines.join("\n") + "\n").unwrap();
    let o = s.authsim_within(&["plot", OUT], SECONDS);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    for needle in [
        "timeseries.csv",
        "line 3",
        "column `bucket_start_s`",
        "`inf` is not a number a run writes",
    ] {
        assert!(err.contains(needle), "{needle:?} missing:\n{err}");
    }
    fs::write(&series, text).unwrap();
    let summary = s.0.join(OUT).join("summary.json");
    let json = fs::read_to_string(&summary).unwrap();
    fs::write(
        &summary,
        json.replacen("\"mean\": ", "\"mean\": NaN, \"x\": ", 1),
    )
    .unwrap();
    let o = s.authsim_within(&["plot", OUT], SECONDS);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("summary.json:"), "{}", stderr(&o));
}

#[test]
fn seeds_are_those_a_scenario_file_can_record() {
    let s = Scratch::new("hostile", "seed");
    s.write(FILE, BASE);
    let o = s.authsim_within(&["run", FILE, "--seed", "9223372036854775808"], SECONDS);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("0..=9223372036854775807"),
        "{}",
        stderr(&o)
    );
    let largest = "9223372036854775807";
    let args = [
        "run",
        FILE,
        "--seed",
        largest,
        "--out",
        OUT,
        "--no-charts",
        "--quiet",
    ];
    let o = s.authsim_within(&args, SECONDS);
    assert!(o.status.success(), "{}", stderr(&o));
    let resolved = s.read(&format!("{OUT}/scenario.resolved.toml"));
    assert!(
        resolved.contains(&format!("seed = {largest}")),
        "{resolved}"
    );
}

#[test]
fn an_outage_after_the_horizon_is_refused() {
    let toml = with_schedule("outages = [{ start = \"5d\", duration = \"1h\" }]");
    let out = run_toml("outage-after-horizon", &toml, &[]);
    assert_bad_scenario(&out, &[&at(&toml, "start"), "after the horizon (3d)"]);
}

#[test]
fn an_outage_in_the_warm_up_is_warned_about() {
    let toml = with_schedule("outages = [{ start = \"0d 10:00\", duration = \"1h\" }]");
    let s = Scratch::new("hostile", "outage-in-warmup");
    s.write(FILE, &toml);
    let o = s.authsim_within(&["run", FILE, "--out", OUT, "--no-charts"], SECONDS);
    assert!(o.status.success(), "{}", stderr(&o));
    let warning = format!(
        "warning: {}components.token_service.outages[0].start",
        at(&toml, "start")
    );
    assert!(
        stderr(&o).contains(&warning),
        "{warning} missing:\n{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("inside the warm-up"), "{}", stderr(&o));
}

#[test]
fn both_a_clock_and_a_rate_are_refused() {
    let toml = edit(
        "registrations = [",
        "activity = { every = \"10m\", attempts_per_hour = 4 }\nregistrations = [",
    );
    let out = run_toml("clock-and-rate", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[
            &at(&toml, "attempts_per_hour"),
            "either attempts_per_hour",
            "not both",
        ],
    );
}

#[test]
fn a_duration_too_long_to_write_back_is_refused() {
    let toml = edit("warmup = \"1d\"", "warmup = \"99999999999999999999d\"");
    let out = run_toml("overflowing-duration", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[
            &at(&toml, "warmup"),
            "simulation.warmup",
            "longer than the 1000000d",
        ],
    );
}

#[test]
fn an_empty_common_cause_event_is_refused() {
    let toml = format!("{BASE}[common_cause.region]\ncomponents = []\n");
    let out = run_toml("empty-common-cause", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[&at(&toml, "components = []"), "takes no component down"],
    );
}

#[test]
fn hundreds_of_thousands_of_components_are_refused_at_once() {
    let many: String = (0..400_000)
        .map(|i| format!("[components.c{i}]\n"))
        .collect();
    let out = run_toml("many-components", &format!("{BASE}{many}"), &[]);
    assert_bad_scenario(&out, &["components: 400001 entries", "at most 10000"]);
}

#[test]
fn an_unused_component_is_warned_about() {
    let toml = format!("{BASE}[components.spare_carrier]\n");
    let s = Scratch::new("hostile", "unused-component");
    s.write(FILE, &toml);
    let o = s.authsim_within(&["run", FILE, "--out", OUT, "--no-charts"], SECONDS);
    assert!(o.status.success(), "{}", stderr(&o));
    let warning = format!("warning: {}", at(&toml, "spare_carrier"));
    assert!(
        stderr(&o).contains(&warning),
        "{warning} missing:\n{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("changes nothing"), "{}", stderr(&o));
}

#[test]
fn a_number_too_large_for_any_field_is_located() {
    let toml = edit(
        "replications = 2",
        "replications = 2\nseed = 99999999999999999999",
    );
    let out = run_toml("huge-number", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[
            &at(&toml, "99999999999999999999"),
            "simulation.seed: expected a whole number from 0 to 9,223,372,036,854,775,807",
            "got 99999999999999999999",
        ],
    );
}

#[test]
fn a_byte_that_is_not_utf8_is_located() {
    let out = authsim("not-utf8", FILE, &[], |dir| {
        let mut bytes = BASE
            .replacen("[policy]", "# caf\u{e9}\n[policy]", 1)
            .into_bytes();
        // Latin-1 é where UTF-8 was expected: line 5, column 6.
        let at = bytes.windows(2).position(|w| w == "é".as_bytes()).unwrap();
        bytes.splice(at..at + 2, [0xe9]);
        fs::write(dir.join(FILE), bytes).unwrap()
    });
    assert_refused(
        &out,
        &[&format!("{FILE}:5:6: "), "byte 0xe9", "byte offset"],
        &[FILE],
    );
}

#[test]
fn compare_names_the_variants_that_differ() {
    let s = Scratch::new("hostile", "compare");
    s.write("one.toml", BASE);
    s.write("two.toml", &format!("{BASE}\n[[variant]]\nname = \"longer tokens\"\nset.policy.access_token_lifetime = \"8h\"\n"));
    for (file, out) in [("one.toml", "a"), ("two.toml", "b")] {
        let o = s.authsim(&["run", file, "--out", out, "--no-charts", "--quiet"]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let o = s.authsim(&["compare", "a", "b"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("only b has the variants \"longer tokens\""),
        "{}",
        stderr(&o)
    );
}

/// Runs `toml` (with `args`), which is valid but degenerate: it must run to a
/// whole run folder, exit 0, and warn on stderr with `warning: ` and each of `needles`.
fn assert_warned(test: &str, toml: &str, args: &[&str], needles: &[&str]) {
    let s = Scratch::new("hostile", test);
    s.write(FILE, toml);
    let mut full = args.to_vec();
    full.extend([FILE, "--out", OUT, "--no-charts"]);
    let o = s.authsim_within(&full, SECONDS);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        s.0.join(OUT).join("summary.csv").is_file(),
        "no run:\n{err}"
    );
    let warning = err
        .lines()
        .find(|l| l.starts_with("warning: ") && needles.iter().all(|n| l.contains(n)));
    assert!(warning.is_some(), "no warning holding {needles:?}:\n{err}");
}

#[test]
fn an_activity_too_small_for_any_attempt_is_warned_about() {
    let toml = edit(
        "registrations = [",
        "activity = { attempts_per_hour = 1e-320 }\nregistrations = [",
    );
    let path = "cohorts.staff.activity.attempts_per_hour";
    let place = format!("{}{path}", at(&toml, "attempts_per_hour"));
    assert_warned(
        "tiny-rate",
        &toml,
        &["run"],
        &[&place, "access attempts", "see none"],
    );
    // A rate the cohort sees often is no warning.
    let s = Scratch::new("hostile", "ordinary-rate");
    s.write(FILE, BASE);
    let o = s.authsim_within(&["check", FILE], SECONDS);
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
}

#[test]
fn a_share_that_gives_no_user_is_warned_about() {
    // Ten users at (u + 0.5) / 10: none sits before 0.04.
    let toml = edit(
        "registrations = [{ share = 1.0, methods = [\"password\"] }]",
        "registrations = [{ share = 0.04, methods = [\"password\"] }, { share = 0.96, methods = [\"password\"] }]",
    );
    let place = format!(
        "{}cohorts.staff.registrations[0].share",
        at(&toml, "share = 0.04")
    );
    assert_warned(
        "empty-share",
        &toml,
        &["run"],
        &[&place, "none of the cohort's 10 users"],
    );
}

#[test]
fn a_variant_that_changes_nothing_is_warned_about() {
    let toml = with_variant("set.policy.mfa = \"never\"");
    let place = format!("{}variant[0].set", at(&toml, "set.policy"));
    assert_warned(
        "no-change",
        &toml,
        &["run"],
        &[&place, "variant \"v\" changes nothing"],
    );
}

#[test]
fn two_variants_alike_are_warned_about() {
    // The same lifetime in other words is the same variant.
    let toml = format!(
        "{BASE}[[variant]]\nname = \"a\"\nset.policy.access_token_lifetime = \"8h\"\n\
         [[variant]]\nname = \"b\"\nset.policy.access_token_lifetime = \"480m\"\n"
    );
    let place = format!(
        "{}variant[1].set",
        at(&toml, "set.policy.access_token_lifetime = \"480m\"")
    );
    let needles = [
        place.as_str(),
        "variant \"b\" simulates exactly what variant \"a\" does",
    ];
    assert_warned("alike", &toml, &["run"], &needles);
}

#[test]
fn a_swept_value_given_twice_in_other_words_is_warned_about() {
    let toml = format!("{BASE}[sweep]\npolicy.access_token_lifetime = [\"8h\", \"480m\"]\n");
    let place = format!(
        "{}sweep.policy.access_token_lifetime[1]",
        at(&toml, "\"480m\"")
    );
    assert_warned(
        "respelled",
        &toml,
        &["run"],
        &[&place, "480m is 8h again in other words"],
    );
    let set = ["sweep", "--set", "policy.access_token_lifetime=2h,120m"];
    let needles = ["--set policy.access_token_lifetime=120m: 120m is 2h again in other words"];
    assert_warned("set-respelled", BASE, &set, &needles);
    // A --set value a declared variant has, with the replications given beside it.
    let toml =
        format!("{BASE}[[variant]]\nname = \"long\"\nset.policy.access_token_lifetime = \"8h\"\n");
    let set = [
        "sweep",
        "-n",
        "3",
        "--set",
        "policy.access_token_lifetime=8h",
    ];
    let needles = ["simulates exactly what variant \"long\" does"];
    assert_warned("set-declared", &toml, &set, &needles);
}

#[test]
fn a_sample_of_everyone_is_warned_about() {
    let toml = BASE.replace(
        "replications = 2\n",
        "replications = 2\nsample_users = 10\n",
    );
    let place = at(&toml, "sample_users = 10");
    let needles = [
        place.as_str(),
        "is not fewer than the scenario's 10 users: every replication plays every user",
    ];
    assert_warned("sample-everyone", &toml, &["run"], &needles);
}

#[test]
fn a_swept_value_the_baseline_has_is_warned_about() {
    let toml = format!("{BASE}[sweep]\npolicy.access_token_lifetime = [\"1h..90m\", \"8h\"]\n");
    let place = format!(
        "{}sweep.policy.access_token_lifetime[0]",
        at(&toml, "\"1h..90m\"")
    );
    assert_warned(
        "swept-baseline",
        &toml,
        &["run"],
        &[&place, "the baseline's value already"],
    );
    let set = ["sweep", "--set", "policy.access_token_lifetime=60m..90m,8h"];
    let needles =
        ["--set policy.access_token_lifetime=60m..90m: 60m..90m is the baseline's value already"];
    assert_warned("set-baseline", BASE, &set, &needles);
}
