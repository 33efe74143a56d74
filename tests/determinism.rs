//! Results depend only on the scenario and the seed: not on threads, and every
//! variant sees the same outages and the same user behaviour.

use authsim::model::worlds;
use authsim::montecarlo::metrics::Metric;
use authsim::montecarlo::run;
use authsim::scenario::load_str;
use std::path::Path;

mod common;
use common::{Scratch, stderr};

const SCENARIO: &str = r#"
[people]
give_up_after = 0
[simulation]
horizon = "3d"
warmup = "1d"
replications = 4
seed = 99
[components.token_service]
outages = [{ start = "1d 10:00", duration = "2h" }]
[components.phone]
scope = "per_user"
time_to_failure = { distribution = "exponential", mean = "2d" }
time_to_repair = { distribution = "exponential", mean = "3h" }
[methods.password]
factor = "first"
requires = []
[methods.push]
factor = "second"
requires = ["phone"]
[apps.mail]
[apps.portal]
kind = "web_app"
[cohorts.staff]
users = 700
apps = ["mail", "portal"]
registrations = [{ share = 1.0, methods = ["password", "push"] }]

[[variant]]
name = "same as baseline"

[[variant]]
name = "4h tokens"
set.policy.access_token_lifetime = "4h"
"#;

/// summary.csv and timeseries.csv of `authsim run --threads N`.
fn run_cli(s: &Scratch, threads: &str) -> (String, String) {
    let out = format!("run-{threads}");
    let o = s.authsim(&["run", "scenario.toml", "--threads", threads, "--out", &out]);
    assert!(o.status.success(), "{}", stderr(&o));
    (
        s.read(&format!("{out}/summary.csv")),
        s.read(&format!("{out}/timeseries.csv")),
    )
}

#[test]
fn one_thread_and_two_threads_write_identical_files() {
    let s = Scratch::new("determinism", "threads");
    s.write("scenario.toml", SCENARIO);
    let one = run_cli(&s, "1");
    let two = run_cli(&s, "2");
    assert!(
        one.0 == two.0,
        "summary.csv differs between 1 and 2 threads"
    );
    assert!(
        one.1 == two.1,
        "timeseries.csv differs between 1 and 2 threads"
    );
    // The run is not trivially empty: the outage denied something.
    let denial = one
        .0
        .lines()
        .find(|l| l.starts_with("baseline,all,,all,denial_rate,"))
        .unwrap();
    let mean: f64 = denial.split(',').nth(5).unwrap().parse().unwrap();
    assert!(mean > 0.0, "{denial}");
}

#[test]
fn a_variant_without_overrides_reproduces_the_baseline_exactly() {
    let loaded = load_str(SCENARIO, Path::new("determinism.toml")).unwrap();
    let result = run(
        &worlds(&loaded),
        loaded.seed(),
        loaded.replications(),
        &|| {},
    );
    let names: Vec<&str> = result.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["baseline", "same as baseline", "4h tokens"]);
    let (baseline, same) = (&result.variants[0], &result.variants[1]);
    assert_eq!(same.name, "same as baseline");
    assert_eq!(baseline.whole().samples, same.whole().samples);
    assert_eq!(baseline.whole().series, same.whole().series);
}

#[test]
fn variants_share_user_behaviour_and_outages() {
    let loaded = load_str(SCENARIO, Path::new("determinism.toml")).unwrap();
    let result = run(
        &worlds(&loaded),
        loaded.seed(),
        loaded.replications(),
        &|| {},
    );
    let (baseline, longer) = (&result.variants[0], &result.variants[2]);
    // Same users making the same scheduled uses in every replication...
    for (b, l) in baseline.whole().samples.iter().zip(&longer.whole().samples) {
        assert_eq!(
            b[0], l[0],
            "attempts differ between variants of one replication"
        );
    }
    // ...while the design choice itself changes the outcome.
    assert!(longer.metric(Metric::DenialRate).mean < baseline.metric(Metric::DenialRate).mean);
}
