//! Do the 95% intervals hold 95%? Thousands of runs of 20 replications of small
//! worlds whose truth is known in closed form; the share of runs whose interval
//! holds the truth must be 95%, within what chance allows. One common metric, one
//! that only some replications see, and two paired differences of the rare one.
//! Release builds only: seconds there, minutes in a debug build.
#![cfg(not(debug_assertions))]

use authsim::model::worlds;
use authsim::montecarlo::interval::Interval;
use authsim::montecarlo::metrics::Metric;
use authsim::montecarlo::precision::{PrecisionTarget, run_to_precision};
use authsim::montecarlo::stats::Estimate;
use authsim::montecarlo::{Runner, Unrecorded};
use authsim::scenario::load_str;
use std::path::Path;

mod common;
#[path = "common/renewal.rs"]
mod renewal;
use common::one_user_signing_in;

/// Replications per run: the default of a scenario.
const REPLICATIONS: usize = 20;

/// Runs per case. A 95% interval's coverage over this many runs is a binomial
/// share with sd sqrt(0.95 * 0.05 / 2000) = 0.49%: the band 93-97% is 4 of them
/// either side, so a correct interval falls outside it about once in 20,000 (and,
/// seeded, passes or fails the same way every time).
const RUNS: usize = 2000;

/// Each variant's `denial_rate` in `RUNS` runs at once: replications are
/// independent draws, so each `REPLICATIONS` of them in a row are a run of their own.
fn denial_rates(toml: &str) -> Vec<Vec<f64>> {
    let loaded = load_str(toml, Path::new("coverage.toml")).expect("a valid scenario");
    let compiled = worlds(&loaded);
    let runner = Runner::new(&compiled, loaded.seed());
    let Ok(done) = runner.replications(0..(RUNS * REPLICATIONS) as u32, &Unrecorded, &|| {});
    let result = runner.result(&done);
    let rates = result.variants.iter().map(|v| v.values(Metric::DenialRate));
    rates.collect()
}

/// Per run, the interval `of` its replications' values.
fn per_run(values: &[f64], of: impl Fn(&[f64]) -> Interval) -> Vec<Interval> {
    values.chunks(REPLICATIONS).map(of).collect()
}

/// The share of the intervals that hold `truth`.
fn coverage<'a>(intervals: impl IntoIterator<Item = &'a Interval>, truth: f64) -> f64 {
    let (mut runs, mut covered) = (0, 0);
    for i in intervals {
        runs += 1;
        covered += usize::from(i.low <= truth && truth <= i.high);
    }
    covered as f64 / f64::from(runs)
}

/// The share of the intervals flagged for resting on few replications with the event.
fn flagged(intervals: &[Interval]) -> f64 {
    intervals.iter().filter(|i| i.few_events()).count() as f64 / intervals.len() as f64
}

/// The observed coverage of `runs` intervals is 95%, within the band, whose width
/// chance at that many runs fits three times over.
fn assert_holds(what: &str, coverage: f64, runs: usize) {
    let sd = (0.95 * 0.05 / runs as f64).sqrt();
    assert!(
        3.0 * sd <= 0.02,
        "{what}: too few runs ({runs}) to tell 95% from 93%"
    );
    assert!(
        (0.93..=0.97).contains(&coverage),
        "{what}: the 95% interval held the truth in {:.1}% of {runs} runs (chance alone: ±{:.1}%)",
        100.0 * coverage,
        300.0 * sd
    );
}

/// A 2-hour outage inside the 14 measured days: 2 / 336 of them down, in every
/// replication; what varies is only where the uses fall, so the values are many
/// and nearly symmetric.
#[test]
fn a_common_metric_holds_its_coverage() {
    let fixed = r#"outages = [{ start = "5d", duration = "2h" }]"#;
    let rates = denial_rates(&one_user_signing_in(20, 2026, fixed, ""));
    let intervals = per_run(&rates[0], |xs| Interval::of_metric(xs).1);
    let covered = coverage(&intervals, 2.0 / (14.0 * 24.0));
    eprintln!("common: coverage {:.2}%", 100.0 * covered);
    assert_eq!(
        flagged(&intervals),
        0.0,
        "every replication sees the outage"
    );
    assert_holds("denial_rate under a fixed outage", covered, RUNS);
}

/// The token service fails at random, like the MFA service: exponential times to
/// failure (mean 50 days) and to repair (mean 4 hours), so only about one
/// replication in five sees an outage of it. Its long-run unavailability
/// u = 4 / (1200 + 4) is the truth (schedules start in their steady state).
/// "second factor" requires MFA, so it is also denied while the MFA service alone
/// is down: 1 - (1 - u)^2, a difference of u (1 - u) that only the MFA service's
/// outages make, the token service's being the same in both (common random
/// numbers). "slower repair" takes 8 hours on average: 8 / (1200 + 8), but its
/// outages fall elsewhere, so its differences have both signs.
#[test]
fn a_rare_event_holds_its_coverage_where_the_student_t_interval_does_not() {
    let random = r#"time_to_failure = { distribution = "exponential", mean = "50d" }
time_to_repair = { distribution = "exponential", mean = "4h" }"#;
    let variants = r#"
[[variant]]
name = "second factor"
set.policy.mfa = "every_sign_in"
[[variant]]
name = "slower repair"
set.components.token_service.time_to_repair = { distribution = "exponential", mean = "8h" }"#;
    let rates = denial_rates(&one_user_signing_in(20, 2026, random, variants));
    let u = 4.0 / 1204.0;
    let intervals = per_run(&rates[0], |xs| Interval::of_metric(xs).1);
    let covered = coverage(&intervals, u);
    // The plain t-interval, mean -+ t s / sqrt(n), on the same runs.
    let t = per_run(&rates[0], |xs| {
        let e = Estimate::from_samples(xs);
        let (low, high) = (e.mean - e.ci95(), e.mean + e.ci95());
        Interval {
            low,
            high,
            ..Interval::of(xs, 0.95)
        }
    });
    let t_covered = coverage(&t, u);
    // Paired by replication, as `compare` pairs them, at 95%.
    let differences = |v: usize| {
        let d: Vec<f64> = rates[v].iter().zip(&rates[0]).map(|(x, b)| x - b).collect();
        per_run(&d, |xs| Interval::of(xs, 0.95))
    };
    let (aligned, shifted) = (differences(1), differences(2));
    let aligned_covered = coverage(&aligned, u * (1.0 - u));
    let shifted_truth = 8.0 / 1208.0 - u;
    let shifted_covered = coverage(&shifted, shifted_truth);
    let seen: Vec<Interval> = shifted
        .iter()
        .filter(|i| !i.few_events())
        .copied()
        .collect();
    let seen_covered = coverage(&seen, shifted_truth);
    eprintln!(
        "rare: coverage {:.2}% (Student-t {:.2}%), {:.0}% of runs flagged; \
         difference of a new dependency {:.2}% ({:.0}% flagged); \
         of a shifted schedule {:.2}% ({:.0}% flagged; {:.2}% where not flagged)",
        100.0 * covered,
        100.0 * t_covered,
        100.0 * flagged(&intervals),
        100.0 * aligned_covered,
        100.0 * flagged(&aligned),
        100.0 * shifted_covered,
        100.0 * flagged(&shifted),
        100.0 * seen_covered,
    );
    // A rare event indeed: many runs rest on fewer than 5 replications that saw it.
    assert!(flagged(&intervals) > 0.2 && flagged(&aligned) > 0.2);
    assert_holds("denial_rate of a rare random outage", covered, RUNS);
    assert_holds("its paired difference", aligned_covered, RUNS);
    // The band tells a good interval from the one it replaces.
    assert!(t_covered < 0.9, "Student-t: {t_covered}");
    // Rare events on both sides of a difference need more replications: the mark
    // says where, and where it is absent the interval holds (at least 95% less
    // three sd of chance at that many runs).
    let sd = (0.95 * 0.05 / seen.len() as f64).sqrt();
    assert!(seen.len() >= RUNS / 4, "{} unflagged", seen.len());
    assert!(
        seen_covered >= 0.95 - 3.0 * sd,
        "a shifted schedule's difference, where not flagged: {seen_covered} of {}",
        seen.len()
    );
}

/// A run stopped by `--precision` on sampled years (`sample_users`): the case of
/// tests/fixtures/annual-risk/year.toml at 99% (an outage every 99 hours on
/// average, so a four-week replication sees several), one user a replication, each
/// run stopped when denial rate and lockout hours are within 20%. Choosing where
/// to stop by the data costs a sequential interval some coverage; the closed form
/// (tests/common/renewal.rs) must still lie in at least 95% of them, less three
/// sd of chance at this many runs.
#[test]
fn a_precision_stop_on_sampled_years_holds_its_coverage() {
    let toml = include_str!("fixtures/annual-risk/year.toml")
        .replacen("horizon = \"366d\"", "horizon = \"29d\"", 1)
        .replacen("mean = \"9999h\"", "mean = \"99h\"", 1);
    let case = renewal::Case {
        up: 99.0,
        ..renewal::YEAR
    };
    let truth = [
        (Metric::DenialRate, case.denial_rate()),
        (
            Metric::LockoutHoursPer1kUsers,
            case.lockout_hours_per_1k_users(28.0 * 24.0),
        ),
    ];
    let target = PrecisionTarget {
        relative: 0.2,
        min_replications: 20,
        max_replications: 2000,
        batch: 5,
        metrics: truth.iter().map(|&(m, _)| m).collect(),
    };
    const STOPPED_RUNS: u64 = 1000;
    let loaded = load_str(&toml, Path::new("year.toml")).expect("a valid scenario");
    let compiled = worlds(&loaded);
    let mut covered = [0; 2];
    let mut replications = 0;
    for seed in 1..=STOPPED_RUNS {
        let runner = Runner::new(&compiled, seed);
        let Ok((result, stop)) =
            run_to_precision(&runner, target.clone(), &Unrecorded, &|| {}, &|_, _| {});
        assert!(stop.reached, "seed {seed}: {stop:?}");
        replications += stop.replications;
        for (hit, &(metric, truth)) in covered.iter_mut().zip(&truth) {
            let (_, i) = Interval::of_metric(&result.variants[0].values(metric));
            *hit += u64::from(i.low <= truth && truth <= i.high);
        }
    }
    let sd = (0.95 * 0.05 / STOPPED_RUNS as f64).sqrt();
    for (hit, (metric, _)) in covered.iter().zip(truth) {
        let share = *hit as f64 / STOPPED_RUNS as f64;
        eprintln!(
            "precision stop: {} covered in {:.1}% of {STOPPED_RUNS} runs ({:.0} replications a run)",
            metric.name(),
            100.0 * share,
            f64::from(replications) / STOPPED_RUNS as f64
        );
        assert!(share >= 0.95 - 3.0 * sd, "{}: {share}", metric.name());
    }
}
