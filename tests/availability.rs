//! Failure schedules from a promised availability: the up/down laws it gives
//! (worked by hand from the formulas in docs/model.md), the long-run share of
//! time down and the outage count a year they draw (against 1 - A and n, within
//! a tolerance derived from renewal theory), the round trip through a resolved
//! file and a sweep, and each refusal with its line.

use authsim::model::schedule::Schedule;
use authsim::model::timeline::Timeline;
use authsim::scenario::{Distribution, RunPlan, load_str};
use authsim::streams::{Purpose, stream};
use std::path::Path;

mod common;
use common::refusal::{assert_bad_scenario, at, run_toml};
use common::{Scratch, stderr};

const HOUR: f64 = 3600.0;
/// 365 days, in hours: the year availability is promised over.
const YEAR_HOURS: f64 = 8760.0;

/// A minimal scenario whose token service fails on `schedule`.
fn scenario(schedule: &str) -> String {
    format!(
        r#"[simulation]
horizon = "3d"
warmup = "1d"
replications = 2
[policy]
mfa = "never"
[components.token_service]
{schedule}
[methods.password]
factor = "first"
requires = []
[apps.mail]
[cohorts.staff]
users = 10
apps = ["mail"]
registrations = [{{ share = 1.0, methods = ["password"] }}]
"#
    )
}

fn plan(schedule: &str) -> RunPlan {
    load_str(&scenario(schedule), Path::new("test.toml"))
        .unwrap_or_else(|e| panic!("{schedule}: {e}"))
}

/// The token service's mean time up and mean repair, in hours.
fn means(schedule: &str) -> (f64, f64) {
    let plan = plan(schedule);
    let c = &plan.variants[0].scenario.components["token_service"];
    let (up, down) = c.schedule().cycle().expect("an availability gives a cycle");
    assert!(
        matches!(up, Distribution::Exponential { .. }),
        "failures are memoryless: {up:?}"
    );
    (up.mean() / HOUR, down.mean() / HOUR)
}

fn close(what: &str, got: f64, want: f64) {
    assert!(
        (got - want).abs() <= 1e-9 * want.abs(),
        "{what}: got {got}, want {want}"
    );
}

#[test]
fn the_derived_means_are_the_formulas_worked_by_hand() {
    // 99.9% with 4 outages a year: a cycle of 8760 h / 4 = 2190 h, of which
    // 0.1% (2.19 h) is the repair and 99.9% (2187.81 h) the time up.
    let (up, down) = means("availability = \"99.9%\"\noutages_per_year = 4");
    close("MTTR", down, 2.19);
    close("MTTF", up, 2187.81);
    // 99.99% as a plain share, 0.876 outages a year (52.56 minutes down a
    // year): a cycle of 10,000 h, a repair of 1 h.
    let (up, down) = means("availability = 0.9999\noutages_per_year = 0.876");
    close("MTTR", down, 1.0);
    close("MTTF", up, 9999.0);
    // With a repair law: MTTF = MTTR A / (1 - A). A log-normal of median 1 h
    // and sigma 1 has mean e^(1/2) h; at 99.99%, up 9999 times that.
    let (up, down) = means(
        "availability = \"99.99%\"\ntime_to_repair = { distribution = \"lognormal\", median = \"1h\", sigma = 1.0 }",
    );
    close("MTTR", down, 0.5f64.exp());
    close("MTTF", up, 9999.0 * 0.5f64.exp());
    // 99% with exponential 2 h repairs: up 2 x 99 = 198 h.
    let (up, _) = means(
        "availability = \"99%\"\ntime_to_repair = { distribution = \"exponential\", mean = \"2h\" }",
    );
    close("MTTF", up, 198.0);
    // The share of time down the model draws from is 1 - A.
    let plan = plan("availability = \"99.9%\"\noutages_per_year = 4");
    let c = &plan.variants[0].scenario.components["token_service"];
    close(
        "unavailability",
        Schedule::new(c.schedule(), 3.0 * 24.0 * HOUR).random_unavailability(),
        0.001,
    );
}

/// Over `years` independent years drawn by the schedule the model builds:
/// the mean share of the year down, and the mean count of outages that start in it.
fn long_run(schedule: &str, years: u32) -> (f64, f64) {
    let plan = plan(schedule);
    let c = &plan.variants[0].scenario.components["token_service"];
    let horizon = YEAR_HOURS * HOUR;
    let model = Schedule::new(c.schedule(), horizon);
    let (mut down, mut starts) = (0.0, 0.0);
    let mut timeline = Timeline::default();
    for year in 0..years {
        timeline.clear();
        let mut rng = stream(41, year, Purpose::named("availability-test"), 0);
        model.draw(0.0, horizon, &mut rng, &mut timeline);
        timeline.seal();
        down += timeline.down_time(0.0, horizon) / horizon;
        let started = |w: &&authsim::model::timeline::Window| (0.0..horizon).contains(&w.start);
        starts += timeline.windows().iter().filter(started).count() as f64;
    }
    (down / f64::from(years), starts / f64::from(years))
}

/// The simulated share of a year down and the outages a year agree with 1 - A
/// and the cycle count. The schedule starts in its steady state, so both are
/// unbiased for any horizon; the tolerance is five standard errors, from the
/// renewal-reward central limit theorem over a horizon T with cycle X = U + D
/// (mean mu) and rho = 1 - A: Var(down time) ~ (T / mu) Var((1 - rho) D - rho U),
/// Var(count) ~ T Var(X) / mu^3.
fn agrees(schedule: &str, a: f64, n: f64, var_up: f64, var_down: f64) {
    const YEARS: u32 = 2_000;
    let (down, count) = long_run(schedule, YEARS);
    let mu = YEAR_HOURS / n;
    let rho = 1.0 - a;
    let var_down_share = (YEAR_HOURS / mu) * ((1.0 - rho).powi(2) * var_down + rho * rho * var_up)
        / YEAR_HOURS.powi(2);
    let var_count = YEAR_HOURS * (var_up + var_down) / mu.powi(3);
    let years = f64::from(YEARS);
    let tolerance = |var: f64| 5.0 * (var / years).sqrt();
    assert!(
        (down - rho).abs() <= tolerance(var_down_share),
        "{schedule}: down {down:.6} of the year, want {rho} ± {:.6}",
        tolerance(var_down_share)
    );
    assert!(
        (count - n).abs() <= tolerance(var_count),
        "{schedule}: {count:.3} outages a year, want {n} ± {:.3}",
        tolerance(var_count)
    );
    // Tight enough to catch a repair off by a tenth.
    assert!(tolerance(var_down_share) < 0.1 * rho, "tolerance too loose");
}

#[test]
fn a_long_run_is_down_one_minus_the_availability_with_the_outages_promised() {
    // 99% with 50 outages a year, both exponential: mean up 0.99 x 175.2 h, repair 1.752 h.
    let (up, down) = (0.99 * YEAR_HOURS / 50.0, 0.01 * YEAR_HOURS / 50.0);
    agrees(
        "availability = \"99%\"\noutages_per_year = 50",
        0.99,
        50.0,
        up * up,
        down * down,
    );
    // 99.5% with fixed 4 h repairs: up 4 x 199 = 796 h (exponential), a cycle
    // of 800 h, 10.95 outages a year; a fixed repair has no variance.
    agrees(
        "availability = \"99.5%\"\ntime_to_repair = { distribution = \"fixed\", value = \"4h\" }",
        0.995,
        YEAR_HOURS / 800.0,
        796.0 * 796.0,
        0.0,
    );
}

#[test]
fn a_resolved_file_and_a_sweep_keep_the_promise() {
    for schedule in [
        "availability = \"99.99%\"\noutages_per_year = 0.876",
        "availability = 0.999\ntime_to_repair = { distribution = \"exponential\", mean = \"1h\" }",
    ] {
        let first = plan(schedule);
        let again = load_str(&first.resolved_toml(), Path::new("scenario.resolved.toml"))
            .unwrap_or_else(|e| panic!("the resolved file does not load: {e}"));
        let text = |p: &RunPlan| toml::to_string(&p.variants[0].scenario).unwrap();
        assert_eq!(text(&first), text(&again));
        assert!(
            !first.resolved_toml().contains("time_to_failure"),
            "a derived law written out would be refused beside its availability"
        );
    }
    let s = Scratch::new("availability", "sweep");
    s.write(
        "scenario.toml",
        &scenario("availability = \"99.99%\"\noutages_per_year = 1"),
    );
    let out = s.authsim(&[
        "sweep",
        "scenario.toml",
        "--set",
        "components.token_service.availability=99%,99.9%",
        "--out",
        "run",
        "--quiet",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let comparison = s.read("run/comparison.csv");
    assert!(comparison.contains("99.9%"), "{comparison}");
}

#[test]
fn a_variant_that_promises_an_availability_replaces_the_time_to_failure() {
    // The base fails every 30 days on average for an hour; the variant promises
    // 99% with the base's repairs: up 1 h x 0.99 / 0.01 = 99 h. Its outage count
    // instead drops the repairs too: 99.9% with 4 a year is down 2.19 h a time.
    let base = "time_to_failure = { distribution = \"exponential\", mean = \"30d\" }\n\
                time_to_repair = { distribution = \"exponential\", mean = \"1h\" }";
    let text = format!(
        "{}\n[[variant]]\nname = \"promised\"\nset.components.token_service.availability = \"99%\"\n\
         [[variant]]\nname = \"counted\"\nset.components.token_service = {{ availability = \"99.9%\", outages_per_year = 4 }}\n",
        scenario(base)
    );
    let plan = load_str(&text, Path::new("test.toml")).unwrap_or_else(|e| panic!("{e}"));
    let cycle = |i: usize| {
        let c = &plan.variants[i].scenario.components["token_service"];
        assert!(
            c.time_to_failure.is_none(),
            "variant {i} kept the base's law"
        );
        let (up, down) = c.schedule().cycle().unwrap();
        (up.mean() / HOUR, down.mean() / HOUR)
    };
    let (up, down) = cycle(1);
    close("MTTF", up, 99.0);
    close("MTTR", down, 1.0);
    let (up, down) = cycle(2);
    close("MTTF", up, 2187.81);
    close("MTTR", down, 2.19);
}

/// Each schedule refused, the text the message points at, and words it must say.
const REFUSED: [(&str, &str, &str); 12] = [
    (
        "availability = \"99.99%\"\noutages_per_year = 1\ntime_to_failure = { distribution = \"exponential\", mean = \"30d\" }",
        "time_to_failure",
        "remove time_to_failure",
    ),
    (
        "availability = \"99.99%\"",
        "availability",
        "needs outages_per_year",
    ),
    (
        "availability = \"99.99%\"\noutages_per_year = 1\ntime_to_repair = { distribution = \"fixed\", value = \"1h\" }",
        "outages_per_year",
        "not both",
    ),
    (
        "outages_per_year = 1",
        "outages_per_year",
        "add availability",
    ),
    (
        "availability = 1.5\noutages_per_year = 1",
        "availability",
        "strictly between 0 and 1",
    ),
    (
        "availability = \"100%\"\noutages_per_year = 1",
        "availability",
        "strictly between 0% and 100%",
    ),
    (
        "availability = \"99.99\"\noutages_per_year = 1",
        "availability",
        "write \"99.99%\"",
    ),
    (
        "availability = \"abc\"\noutages_per_year = 1",
        "availability",
        "like \"99.99%\" or 0.9999",
    ),
    // What the schema's pattern refuses, the loader refuses too.
    (
        "availability = \"+99.9%\"\noutages_per_year = 1",
        "availability",
        "like \"99.99%\" or 0.9999",
    ),
    // Neither text nor a number: the kinds it takes, by example.
    (
        "availability = true\noutages_per_year = 1",
        "availability",
        "expected a value like \"99.99%\", \"99.9%\" or 0.9999, got true",
    ),
    (
        "availability = \"99.9%\"\noutages_per_year = 0",
        "outages_per_year",
        "above 0",
    ),
    (
        "availability = 0\ntime_to_repair = { distribution = \"fixed\", value = \"1h\" }",
        "availability",
        "strictly between 0 and 1",
    ),
];

#[test]
fn each_refusal_names_its_line_and_what_to_do() {
    for (i, (schedule, key, words)) in REFUSED.iter().enumerate() {
        let text = scenario(schedule);
        let expected = at(&text, &format!("{key} = "));
        let out = run_toml(&format!("refused-{i}"), &text, &[]);
        assert_bad_scenario(&out, &[&expected, words]);
    }
    // A common-cause event's schedule is checked as a component's.
    let text = scenario("").replace(
        "[methods.password]",
        "[common_cause.region]\ncomponents = [\"token_service\"]\noutages_per_year = 2\n[methods.password]",
    );
    let out = run_toml("common-cause", &text, &[]);
    assert_bad_scenario(&out, &[&at(&text, "outages_per_year"), "add availability"]);
    // Far too many outages to play: how to make it fail less often, in the
    // words the schedule was written in.
    let text = scenario("availability = \"99.99%\"\noutages_per_year = 1e12");
    let out = run_toml("too-many", &text, &[]);
    assert_bad_scenario(
        &out,
        &[
            "times in one replication",
            "make it fail less often",
            "fewer outages_per_year",
        ],
    );
}
