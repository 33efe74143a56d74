//! Sweeps, paired comparisons, precision-driven runs and `authsim compare`.

use authsim::model::worlds;
use authsim::montecarlo::interval::Interval;
use authsim::montecarlo::metrics::Metric;
use authsim::montecarlo::paired::compare;
use authsim::montecarlo::precision::{PrecisionTarget, run_to_precision};
use authsim::montecarlo::{Runner, Unrecorded, run};
use authsim::scenario::load_str;
use std::path::Path;

mod common;
use common::{Scratch, stderr};

/// The token service fails at random (a different history in every replication),
/// so outcomes vary a lot between replications but alike for every variant.
const SCENARIO: &str = r#"
[simulation]
horizon = "6d"
warmup = "1d"
replications = 12
seed = 2024
[policy]
mfa = "never"
[components.token_service]
time_to_failure = { distribution = "exponential", mean = "1d" }
time_to_repair = { distribution = "lognormal", median = "1h", sigma = 1.0 }
[methods.password]
factor = "first"
requires = []
[apps.mail]
[apps.chat]
[cohorts.staff]
users = 400
apps = ["mail", "chat"]
registrations = [{ share = 1.0, methods = ["password"] }]

[[variant]]
name = "no change"
"#;

/// Users' own phones fail independently: replications agree closely, so a precision
/// target of a few percent is met after a few dozen.
const PRECISE: &str = r#"
[simulation]
horizon = "3d"
warmup = "1d"
replications = 4
seed = 8
[policy]
access_token_lifetime = "30m"
sign_in_frequency = "2h"
[components.token_service]
[components.phone]
scope = "per_user"
time_to_failure = { distribution = "exponential", mean = "2d" }
time_to_repair = { distribution = "exponential", mean = "4h" }
[methods.password]
factor = "first"
requires = []
[methods.push]
factor = "second"
requires = ["phone"]
[apps.mail]
[cohorts.staff]
users = 300
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password", "push"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 4 }
"#;

/// A scratch folder holding both scenarios.
fn scratch(test: &str) -> Scratch {
    let s = Scratch::new("sweep", test);
    s.write("scenario.toml", SCENARIO);
    s.write("precise.toml", PRECISE);
    s
}

#[test]
fn a_sweep_of_lifetime_and_early_renewal_compares_every_design_with_the_baseline() {
    let s = scratch("grid");
    let out = s.authsim(&[
        "sweep",
        "scenario.toml",
        "--set",
        "policy.access_token_lifetime=4h,8h",
        "--set",
        "apps.mail.early_renewal=true,false",
        "--out",
        "run",
        "--quiet",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.is_empty(), "--quiet printed something");
    let comparison = s.read("run/comparison.csv");
    let mut lines = comparison.lines();
    assert_eq!(
        lines.next().unwrap(),
        "variant,policy.access_token_lifetime,apps.mail.early_renewal,cohort,mix,app,metric,baseline_mean,variant_mean,\
         difference,ci_half_width,ci_low,ci_high,event_replications,few_events,ci_level,\
         unpaired_ci_half_width,relative_change,replications,seed"
    );
    // "no change" plus the 2 x 2 grid, each with every metric for everyone.
    assert_eq!(
        lines.filter(|l| l.contains(",all,,all,")).count(),
        5 * authsim::montecarlo::metrics::Metric::ALL.len()
    );
    let row = comparison
        .lines()
        .find(|l| l.starts_with("\"policy.access_token_lifetime=8h, apps.mail.early_renewal=false\",8h,false,all,,all,denial_rate,"))
        .expect("the grid's last variant, named by its settings, with its parameters as columns");
    let fields: Vec<&str> = row.rsplit(',').collect();
    // Five comparisons: each interval at 1 - 0.05/5 = 99%.
    assert_eq!(fields[4], "0.99");
    let summary = s.read("run/summary.csv");
    assert!(summary.starts_with(
        "variant,policy.access_token_lifetime,apps.mail.early_renewal,cohort,mix,app,metric,mean,"
    ));
    assert!(summary.contains("\nbaseline,1h..1h30m,true,all,,all,denial_rate,"));
    // The resolved scenario keeps the grid, so it reproduces the sweep alone.
    assert!(s.read("run/scenario.resolved.toml").contains("[sweep]"));
}

#[test]
fn paired_intervals_are_narrower_than_unpaired_and_an_unchanged_variant_differs_by_zero() {
    let mut loaded = load_str(SCENARIO, Path::new("sweep.toml")).unwrap();
    loaded
        .sweep_command_line(vec![
            authsim::scenario::sweep::parse_set("policy.access_token_lifetime=3h").unwrap(),
        ])
        .unwrap();
    let result = run(
        &worlds(&loaded),
        loaded.seed(),
        loaded.replications(),
        &|| {},
    );
    let comparison = compare(&result).unwrap();
    let row = |variant: &str, metric: Metric| {
        comparison
            .rows
            .iter()
            .find(|d| d.variant == variant && d.metric == metric)
            .unwrap()
            .clone()
    };
    for metric in [
        Metric::DenialRate,
        Metric::LockoutHoursPer1kUsers,
        Metric::TokenRequestsPerUserDay,
    ] {
        let d = row("policy.access_token_lifetime=3h", metric);
        assert!(
            d.difference.mean != 0.0,
            "{}: the design should matter",
            metric.name()
        );
        assert!(
            d.half_width < d.unpaired_half_width,
            "{}: paired ±{} not narrower than unpaired ±{}",
            metric.name(),
            d.half_width,
            d.unpaired_half_width
        );
        let same = row("no change", metric);
        assert_eq!(
            (same.difference.mean, same.half_width),
            (0.0, 0.0),
            "{}",
            metric.name()
        );
    }
}

#[test]
fn precision_runs_do_not_depend_on_threads_or_batch_size() {
    let s = scratch("precision");
    let run_with = |threads: &str, batch: &str, out: &str| {
        let o = s.authsim(&[
            "run",
            "precise.toml",
            "--precision",
            "0.05",
            "--replications",
            "4",
            "--batch",
            batch,
            "--threads",
            threads,
            "--out",
            out,
            "--json",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        (s.read(&format!("{out}/summary.csv")), doc)
    };
    let (one, doc) = run_with("1", "3", "one");
    let (two, _) = run_with("2", "3", "two");
    let (batched, _) = run_with("2", "10", "batched");
    assert!(one == two, "summary.csv differs between 1 and 2 threads");
    assert!(
        one == batched,
        "summary.csv differs between batches of 3 and 10"
    );
    let stop = &doc["summary"]["precision"];
    assert_eq!(stop["reached"], true, "{stop}");
    let n = stop["replications"].as_u64().unwrap();
    assert!(
        n > 4,
        "the target should need more than the first 4 replications: {stop}"
    );
    assert!(stop["relative_half_width"].as_f64().unwrap() <= 0.05);
    assert!(
        ["denial_rate", "users_locked_out", "prompts_per_user_day"]
            .contains(&stop["metric"].as_str().unwrap())
    );
}

#[test]
fn the_precision_stop_is_the_first_replication_count_that_meets_the_target() {
    let loaded = load_str(SCENARIO, Path::new("sweep.toml")).unwrap();
    let target = |batch| PrecisionTarget {
        relative: 0.03,
        min_replications: 4,
        max_replications: 200,
        batch,
        metrics: Vec::new(),
    };
    let compiled = worlds(&loaded);
    let runner = Runner::new(&compiled, loaded.seed());
    let Ok((result, stop)) = run_to_precision(&runner, target(5), &Unrecorded, &|| {}, &|_, _| {});
    let Ok((again, stop_again)) =
        run_to_precision(&runner, target(1), &Unrecorded, &|| {}, &|_, _| {});
    assert_eq!(stop.replications, stop_again.replications);
    assert_eq!(
        result.variants[0].whole().samples,
        again.variants[0].whole().samples
    );
    // One replication fewer misses the target: the same replications, cut short.
    let shorter = run(
        &worlds(&loaded),
        loaded.seed(),
        stop.replications - 1,
        &|| {},
    );
    let worst = shorter
        .variants
        .iter()
        .flat_map(|v| {
            [
                Metric::DenialRate,
                Metric::UsersLockedOut,
                Metric::PromptsPerUserDay,
            ]
            .map(|m| Interval::of_metric(&v.values(m)))
            .map(|(mean, interval)| interval.relative_half_width(mean))
        })
        .fold(0.0, f64::max);
    assert!(
        worst > 0.03,
        "{} replications were already precise ({worst})",
        stop.replications - 1
    );
}

#[test]
fn bad_set_values_name_the_path_and_the_accepted_form() {
    let s = scratch("bad-set");
    for (set, needles) in [
        (
            "policy.access_token_lifetime=4h,8x",
            &[
                "--set policy.access_token_lifetime=8x",
                "expected a duration like",
            ][..],
        ),
        (
            "policy.no_such_field=1",
            &[
                "policy.no_such_field",
                "expected one of",
                "access_token_lifetime",
            ][..],
        ),
        (
            "apps.no_such_app.kind=web_app",
            &["apps.no_such_app", "does not exist", "mail"][..],
        ),
        (
            "policy.access_token_lifetime",
            &["PATH=VALUE1,VALUE2", "no `=`"][..],
        ),
        (
            "simulation.seed=1,2",
            &["simulation", "shared by every variant"][..],
        ),
    ] {
        let o = s.authsim(&["sweep", "scenario.toml", "--set", set, "--out", "never"]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{set}: {err}");
        assert!(
            err.starts_with("error: ") && !err.contains("panicked"),
            "{set}: {err}"
        );
        for needle in needles {
            assert!(
                err.contains(needle),
                "{set}: stderr lacks {needle:?}: {err}"
            );
        }
        assert!(!s.0.join("never").exists());
    }
    let o = s.authsim(&["sweep", "scenario.toml", "--out", "never"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nothing to sweep"), "{}", stderr(&o));
}

#[test]
fn set_values_are_checked_in_combination_and_every_cell_holds_its_value() {
    let s = scratch("combined-set");
    // `needed=3` alone is wrong with the default single instance, right with three.
    let o = s.authsim(&[
        "sweep",
        "scenario.toml",
        "--set",
        "components.token_service.needed=3",
        "--set",
        "components.token_service.instances=3,4",
        "--replications",
        "2",
        "--no-charts",
        "--out",
        "grid",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let summary = std::fs::read_to_string(s.0.join("grid/summary.csv")).unwrap();
    let cells: Vec<(&str, &str, &str)> = summary
        .lines()
        .skip(1)
        .filter(|l| l.contains(",all,,all,attempts,"))
        .map(|l| {
            // Variant names hold commas: the parameters are read from the right,
            // past the 15 columns after them (the metric's and its percentiles').
            let f: Vec<&str> = l.rsplitn(25, ',').collect();
            (f[24], f[23], f[22])
        })
        .collect();
    // The baseline's cells are its defaults, written out, not left empty.
    assert_eq!(cells[0], ("baseline", "1", "1"));
    assert_eq!(cells.len(), 4, "{summary}");
    assert_eq!(cells[1], ("no change", "1", "1"));
    assert!(cells[2..].iter().all(|c| c.1 == "3"), "{cells:?}");
    assert_eq!((cells[2].2, cells[3].2), ("3", "4"));
    // A combination that is wrong is refused, naming it.
    let o = s.authsim(&[
        "sweep",
        "scenario.toml",
        "--set",
        "components.token_service.needed=3",
        "--set",
        "components.token_service.instances=2,3",
        "--out",
        "never",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("needed=3, components.token_service.instances=2") && err.contains("got 3"),
        "{err}"
    );
}

#[test]
fn a_path_set_twice_sweeps_the_values_of_both_and_a_value_given_twice_is_refused() {
    let s = scratch("set-twice");
    let sweep = |sets: &[&str], out: &str| {
        let mut args = vec![
            "sweep",
            "scenario.toml",
            "--replications",
            "2",
            "--no-charts",
        ];
        for set in sets {
            args.extend(["--set", set]);
        }
        args.extend(["--out", out, "--quiet"]);
        s.authsim(&args)
    };
    let o = sweep(
        &[
            "policy.access_token_lifetime=2h,4h",
            "apps.mail.early_renewal=false",
            "policy.access_token_lifetime=8h",
        ],
        "merged",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let summary = s.read("merged/summary.csv");
    let variants: Vec<&str> = summary
        .lines()
        .filter(|l| l.contains(",all,,all,attempts,"))
        .map(|l| l.split("\",").next().unwrap_or(l))
        .collect();
    let grid = ["2h", "4h", "8h"]
        .map(|v| format!("\"policy.access_token_lifetime={v}, apps.mail.early_renewal=false"));
    assert_eq!(variants.len(), 5, "{summary}");
    assert_eq!(
        variants[2..],
        grid,
        "the values of both, in the order given"
    );
    let resolved = s.read("merged/scenario.resolved.toml");
    assert!(
        resolved.contains("\"2h\",\n    \"4h\",\n    \"8h\",\n]"),
        "{resolved}"
    );
    // The same value again, in a second --set or in the same one, is one design twice.
    for sets in [
        &[
            "policy.access_token_lifetime=2h,4h",
            "policy.access_token_lifetime=4h",
        ][..],
        &["policy.access_token_lifetime=4h,2h,4h"][..],
    ] {
        let o = sweep(sets, "never");
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert_eq!(
            err.trim_end(),
            "error: --set policy.access_token_lifetime: the value 4h is given twice: give each value once"
        );
        assert!(!s.0.join("never").exists());
    }
    // A scenario's own grid is still replaced by a --set of its path.
    let declared =
        format!("{SCENARIO}\n[sweep]\npolicy.access_token_lifetime = [\"2h\", \"6h\"]\n");
    s.write("declared.toml", &declared);
    let o = s.authsim(&[
        "sweep",
        "declared.toml",
        "--set",
        "policy.access_token_lifetime=8h",
        "--replications",
        "2",
        "--no-charts",
        "--out",
        "replaced",
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let summary = s.read("replaced/summary.csv");
    assert!(summary.contains("\npolicy.access_token_lifetime=8h,8h,all,,all,attempts,"));
    assert!(!summary.contains("=2h"), "{summary}");
}

#[test]
fn a_sweep_table_in_the_scenario_declares_the_grid_and_is_checked_with_locations() {
    let grid = format!("{SCENARIO}\n[sweep]\npolicy.access_token_lifetime = [\"2h\", \"6h\"]\n");
    let loaded = load_str(&grid, Path::new("grid.toml")).unwrap();
    let names: Vec<&str> = loaded.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "baseline",
            "no change",
            "policy.access_token_lifetime=2h",
            "policy.access_token_lifetime=6h"
        ]
    );
    let bad = grid.replace("\"6h\"]", "\"6x\"]");
    let err = load_str(&bad, Path::new("grid.toml"))
        .unwrap_err()
        .to_string();
    let line = bad
        .lines()
        .position(|l| l.starts_with("policy.access_token_lifetime ="))
        .unwrap()
        + 1;
    assert!(err.starts_with(&format!("grid.toml:{line}:")), "{err}");
    assert!(err.contains("expected a duration like"), "{err}");
}

#[test]
fn compare_flags_metrics_whose_intervals_do_not_overlap() {
    let s = scratch("compare");
    // A token service that never fails: the retry storms of its outages would
    // make the load heavy-tailed and its intervals wide enough to meet.
    let calm = SCENARIO.replace(
        "time_to_failure = { distribution = \"exponential\", mean = \"1d\" }\ntime_to_repair = { distribution = \"lognormal\", median = \"1h\", sigma = 1.0 }\n",
        "",
    );
    assert_ne!(calm, SCENARIO);
    s.write("scenario.toml", &calm);
    for (out, seed) in [("a", "1"), ("b", "2")] {
        let o = s.authsim(&[
            "run",
            "scenario.toml",
            "--seed",
            seed,
            "--out",
            out,
            "--quiet",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let longer = calm.replace(
        "mfa = \"never\"",
        "mfa = \"never\"\naccess_token_lifetime = \"12h\"",
    );
    s.write("longer.toml", &longer);
    let o = s.authsim(&["run", "longer.toml", "--seed", "1", "--out", "c", "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));

    // Whether the baseline's token requests per user-day agree between two runs.
    let overlap = |a: &str, b: &str| {
        let o = s.authsim(&["compare", a, b, "--json"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        doc["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["variant"] == "baseline" && r["metric"] == "token_requests_per_user_day")
            .unwrap()["intervals_overlap"]
            .as_bool()
            .unwrap()
    };
    // Two seeds of one design agree...
    assert!(overlap("a", "b"));
    // ...while 12-hour tokens need far fewer token requests than 60-90 minute ones.
    assert!(!overlap("a", "c"));
    let table = String::from_utf8(s.authsim(&["compare", "a", "c"]).stdout).unwrap();
    assert!(
        table
            .lines()
            .any(|l| l.contains("token_requests_per_user_day") && l.contains('≠')),
        "{table}"
    );

    std::fs::write(
        s.0.join("single.toml"),
        calm.replace("[[variant]]\nname = \"no change\"", ""),
    )
    .unwrap();
    assert!(
        s.authsim(&["run", "single.toml", "--out", "d", "--quiet"])
            .status
            .success()
    );
    let o = s.authsim(&["compare", "a", "d"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("not runs of the same scenario structure"),
        "{}",
        stderr(&o)
    );
    let o = s.authsim(&["compare", "a", "nowhere"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nowhere"), "{}", stderr(&o));
}
