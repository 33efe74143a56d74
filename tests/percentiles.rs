//! Percentiles over replications (`montecarlo::percentiles`): the order
//! statistics' ranks against the binomial distribution as statrs computes it, the
//! intervals' coverage over thousands of seeded samples of a known distribution,
//! and a run's summary.csv against its own replications.csv, recomputed here.
//! That merged shards give the same percentiles as one run is
//! tests/shards.rs's `three_shards_merged_are_the_single_run`: its scenario fails
//! at random, and summary.csv and summary.json must be the same bytes.

mod common;

use authsim::montecarlo::percentiles::{LEVEL, Percentile, REPORTED, Ranks};
use common::{Scratch, stderr};
use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus as Rng;
use statrs::distribution::{Binomial, DiscreteCDF};
use std::collections::BTreeMap;

/// P(B < k) for B ~ Bin(n, p), from statrs: 0 for k = 0.
fn below(b: &Binomial, k: usize) -> f64 {
    match k {
        0 => 0.0,
        k => b.cdf(k as u64 - 1),
    }
}

/// The interval of every sample size to 600, and of a few large ones, holds its
/// percentile with at least 95% by statrs' binomial; where both sides are
/// bounded, each leaves out at most 2.5%, and one rank further in on either side
/// would leave out more (the most central such ranks).
#[test]
fn the_ranks_hold_ninety_five_percent_by_the_binomial() {
    let sizes = (1..=600).chain([1000, 2500, 10_000]);
    for n in sizes {
        for p in REPORTED {
            let b = Binomial::new(p, n as u64).unwrap();
            let r = Ranks::of(n, p, LEVEL);
            // The nearest rank ceil(n p), in whole numbers: p is a whole percent.
            let percent = (100.0 * p).round() as usize;
            let nearest = (n * percent).div_ceil(100);
            assert_eq!(r.estimate, nearest, "n = {n}, p = {p}: the nearest rank");
            let lower_tail = r.low.map_or(0.0, |l| below(&b, l));
            let upper_tail = r.high.map_or(0.0, |u| 1.0 - below(&b, u));
            let what = format!("n = {n}, p = {p}: {r:?}");
            assert!(1.0 - lower_tail - upper_tail >= LEVEL - 1e-12, "{what}");
            if let (Some(l), Some(u)) = (r.low, r.high) {
                assert!(
                    lower_tail <= 0.025 + 1e-12 && upper_tail <= 0.025 + 1e-12,
                    "{what}"
                );
                assert!(
                    l < n && below(&b, l + 1) > 0.025,
                    "{what}: l could be higher"
                );
                assert!(
                    u > 1 && 1.0 - below(&b, u - 1) > 0.025,
                    "{what}: u could be lower"
                );
            }
            // A side is open only where even the extreme order statistic leaves
            // out more than 2.5% there.
            if r.low.is_none() {
                assert!(below(&b, 1) > 0.025, "{what}: x_(1) bounds it from below");
            }
            if r.high.is_none() {
                assert!(
                    1.0 - below(&b, n) > 0.025,
                    "{what}: x_(n) bounds it from above"
                );
            }
        }
    }
}

/// Samples per case. A 95% interval's coverage over this many is a binomial
/// share with sd sqrt(0.95 * 0.05 / 2000) = 0.49%: 93.5% is 3 of them below, so
/// a correct interval falls under it about once in 700 cases (and, seeded,
/// passes or fails the same way every time).
const SAMPLES: usize = 2000;

/// Over `SAMPLES` seeded samples of the unit exponential, whose quantile is
/// -ln(1 - p), the interval of each reported percentile holds the truth at least
/// 95% of the time, less what chance allows; and it is bounded on some side.
#[test]
#[cfg(not(debug_assertions))]
fn the_intervals_hold_the_exponentials_percentiles() {
    for n in [100, 400] {
        let mut rng = Rng::seed_from_u64(27 + n as u64);
        let mut held = [0usize; 3];
        for _ in 0..SAMPLES {
            let sample: Vec<f64> = (0..n).map(|_| -(1.0 - rng.random::<f64>()).ln()).collect();
            for (k, p) in Percentile::reported(&sample).iter().enumerate() {
                let truth = -(1.0 - p.p).ln();
                assert!(p.low.is_some() || p.high.is_some(), "n = {n}: {p:?}");
                let above = p.low.is_none_or(|low| low <= truth);
                let below = p.high.is_none_or(|high| truth <= high);
                held[k] += usize::from(above && below);
            }
        }
        for (k, p) in REPORTED.iter().enumerate() {
            let coverage = held[k] as f64 / SAMPLES as f64;
            assert!(
                coverage >= 0.935,
                "n = {n}: P{}: the interval held the truth in {:.1}% of samples",
                100.0 * p,
                100.0 * coverage
            );
        }
    }
}

/// A small world that fails at random, with a variant: a week measured.
const SCENARIO: &str = r#"
[simulation]
horizon = "8d"
warmup = "1d"
replications = 40
seed = 27
[components.token_service]
time_to_failure = { distribution = "exponential", mean = "3d" }
time_to_repair = { distribution = "exponential", mean = "2h" }
[methods.password]
factor = "first"
requires = ["token_service"]
[methods.otp]
factor = "second"
requires = []
[apps.mail]
[cohorts.office]
users = 300
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password", "otp"] }]
[[variant]]
name = "8h tokens"
set.policy.access_token_lifetime = "8h"
"#;

fn rows(path: &std::path::Path) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let rows = reader.records().map(|r| {
        let r = r.unwrap();
        let row = headers
            .iter()
            .map(String::from)
            .zip(r.iter().map(String::from));
        row.collect::<BTreeMap<_, _>>()
    });
    rows.filter(|r| r["cohort"] == "all" && r["app"] == "all")
        .collect()
}

/// summary.csv's P90 of each design's lockout hours is x_(36) of its 40 values
/// in replications.csv (ceil(0.9 * 40) = 36), and its interval's sides the order
/// statistics the binomial gives: 0.9^40 = 0.0148 <= 0.025 bounds it above by
/// u = 40 at most, and below by the largest l with P(B < l) <= 0.025.
#[test]
fn summary_csv_holds_the_order_statistics_of_replications_csv() {
    let s = Scratch::new("percentiles", "run");
    s.write("s.toml", SCENARIO);
    let run = s.authsim(&["run", "s.toml", "--out", "out", "--no-charts"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let shown = String::from_utf8_lossy(&run.stdout);
    assert!(shown.contains("how bad a bad week is"), "{shown}");
    let summary = rows(&s.0.join("out/summary.csv"));
    let replications = rows(&s.0.join("out/replications.csv"));
    let b = Binomial::new(0.9, 40).unwrap();
    let l = (1..=40).filter(|&l| below(&b, l) <= 0.025).max().unwrap();
    let u = (1..=40).find(|&u| 1.0 - below(&b, u) <= 0.025).unwrap();
    let mut checked = 0;
    for variant in ["baseline", "8h tokens"] {
        let mut values: Vec<f64> = replications
            .iter()
            .filter(|r| r["variant"] == variant && r["metric"] == "lockout_hours_per_1k_users")
            .map(|r| r["value"].parse().unwrap())
            .collect();
        assert_eq!(values.len(), 40, "{variant}");
        values.sort_by(f64::total_cmp);
        let row = summary
            .iter()
            .find(|r| r["variant"] == variant && r["metric"] == "lockout_hours_per_1k_users")
            .unwrap();
        let cell = |c: &str| row[c].parse::<f64>().unwrap();
        assert_eq!(cell("p90"), values[36 - 1], "{variant}: P90");
        assert_eq!(cell("p90_low"), values[l - 1], "{variant}: P90's low side");
        assert_eq!(
            cell("p90_high"),
            values[u - 1],
            "{variant}: P90's high side"
        );
        assert_eq!(cell("p50"), values[20 - 1], "{variant}: P50");
        // 0.99^40 = 0.67: no order statistic of 40 bounds the P99 from above.
        assert_eq!(row["p99_high"], "", "{variant}: an open side is empty");
        checked += 1;
        // Not of interest: attempts have no percentiles.
        let attempts = summary
            .iter()
            .find(|r| r["variant"] == variant && r["metric"] == "attempts")
            .unwrap();
        assert_eq!(attempts["p50"], "", "{variant}: attempts");
    }
    assert_eq!(checked, 2);
}

/// Where every outage is scheduled, replications differ by chance alone: no
/// percentiles, no block of them on the terminal.
#[test]
fn scheduled_outages_have_no_percentiles() {
    let s = Scratch::new("percentiles", "scheduled");
    let scheduled = SCENARIO.replace(
        "time_to_failure = { distribution = \"exponential\", mean = \"3d\" }\n\
         time_to_repair = { distribution = \"exponential\", mean = \"2h\" }",
        "outages = [{ start = \"2d\", duration = \"3h\" }]",
    );
    assert_ne!(scheduled, SCENARIO);
    s.write("s.toml", &scheduled);
    let run = s.authsim(&["run", "s.toml", "--out", "out", "--no-charts"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(!String::from_utf8_lossy(&run.stdout).contains("how bad a bad"));
    for row in rows(&s.0.join("out/summary.csv")) {
        assert_eq!(row["p90"], "", "{}", row["metric"]);
    }
}
