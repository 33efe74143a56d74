//! Fuzzing the scenario loader, the analysis and the engine: mutated bundled
//! scenarios and generated ones, each loaded with the library loader and, where
//! it loads, analysed and simulated small, in a thread under a time limit
//! (`case::LIMIT`). No case may panic or hang; a refusal must be one located
//! line. Seeded: every run tries the same cases, in a bounded time.

#[path = "fuzz/case.rs"]
mod case;
#[path = "fuzz/generate.rs"]
mod generate;
#[path = "fuzz/mutate.rs"]
mod mutate;

use case::{Outcome, check};
use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus as Rng;
use std::collections::BTreeMap;
use std::fs;
use std::time::{Duration, Instant};

const SEED: u64 = 20_180_406;
/// Cases per test; the budget below stops a test early on a slow machine, so
/// CI stays inside its minutes whatever else shares the cores.
const MUTATED_CASES: u64 = 12_000;
const GENERATED_CASES: u64 = 4_000;
const BUDGET: Duration = Duration::from_secs(60);
/// Users per cohort in the bundled scenarios before mutation: every loadable
/// case stays small enough to simulate.
const MOST_USERS: u64 = 20;
/// Days a bundled scenario's horizon is cut to (a year's is made a month's).
const MOST_DAYS: u64 = 31;

/// Every bundled scenario, the built-in default first, made small: two
/// replications, at most `MOST_USERS` users a cohort and `MOST_DAYS` days,
/// comments and layout kept.
fn bundled() -> Vec<(String, String)> {
    let mut files: Vec<_> = fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut all = vec![(
        "default".to_string(),
        authsim::scenario::DEFAULT.to_string(),
    )];
    for path in files {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        all.push((name, fs::read_to_string(&path).unwrap()));
    }
    for (_, text) in &mut all {
        *text = text.lines().map(shrink).collect::<Vec<_>>().join("\n");
    }
    all
}

/// A line with fewer replications, users or days, other lines as they are.
fn shrink(line: &str) -> String {
    let Some((key, value)) = line.split_once('=') else {
        return line.to_string();
    };
    let value = value.split('#').next().unwrap().trim();
    let number = value.parse::<u64>();
    let days = value
        .trim_matches('"')
        .strip_suffix('d')
        .map(str::parse::<u64>);
    match (key.trim(), number, days) {
        ("replications", Ok(_), _) => "replications = 2".to_string(),
        ("users", Ok(n), _) => format!("users = {}", n.min(MOST_USERS)),
        ("horizon", _, Some(Ok(d))) if d > MOST_DAYS => format!("horizon = \"{MOST_DAYS}d\""),
        _ => line.to_string(),
    }
}

/// Runs `cases` cases of `make(i)` inside `BUDGET`; returns how many ended each
/// way, and says which case took longest, to show how far the limit is.
fn fuzz(
    what: &str,
    cases: u64,
    mut make: impl FnMut(u64) -> (String, Vec<u8>),
) -> BTreeMap<Outcome, u64> {
    let start = Instant::now();
    let mut outcomes = BTreeMap::new();
    let mut slowest = (Duration::ZERO, String::new());
    for i in 0..cases {
        if start.elapsed() > BUDGET {
            eprintln!("{what}: stopped after {i} of {cases} cases, at the {BUDGET:?} budget");
            break;
        }
        let (name, bytes) = make(i);
        let began = Instant::now();
        *outcomes.entry(check(&name, bytes)).or_insert(0) += 1;
        slowest = slowest.max((began.elapsed(), name));
    }
    eprintln!(
        "{what}: {outcomes:?} in {:.1?}, the slowest {} in {:.2?}",
        start.elapsed(),
        slowest.1,
        slowest.0
    );
    outcomes
}

#[test]
fn every_bundled_scenario_loads_analyses_and_simulates_small() {
    for (name, text) in bundled() {
        assert_eq!(
            check(&name, text.into_bytes()),
            Outcome::Simulated,
            "{name}"
        );
    }
}

#[test]
fn mutated_bundled_scenarios_never_panic_or_hang() {
    let seeds = bundled();
    let outcomes = fuzz("mutated", MUTATED_CASES, |i| {
        let mut rng = Rng::seed_from_u64(SEED ^ i);
        let (name, text) = &seeds[i as usize % seeds.len()];
        let mut bytes = text.clone().into_bytes();
        for _ in 0..rng.random_range(1..=3) {
            mutate::mutate(&mut bytes, &mut rng);
        }
        (format!("{name}#{i}"), bytes)
    });
    // Most mutants are refused; those that load exercise the analysis and the
    // engine: a mutator that broke everything, or nothing, would test little.
    assert!(
        share(&outcomes, Outcome::Simulated) >= 0.05,
        "too few mutants load: {outcomes:?}"
    );
    assert!(
        share(&outcomes, Outcome::Refused) >= 0.5,
        "too few mutants are refused: {outcomes:?}"
    );
}

/// The share of the cases that ran (the budget may stop a test early) that ended so.
fn share(outcomes: &BTreeMap<Outcome, u64>, outcome: Outcome) -> f64 {
    let ran: u64 = outcomes.values().sum();
    outcomes.get(&outcome).copied().unwrap_or(0) as f64 / ran as f64
}

#[test]
fn generated_scenarios_never_panic_or_hang() {
    let outcomes = fuzz("generated", GENERATED_CASES, |i| {
        let mut rng = Rng::seed_from_u64(SEED.rotate_left(17) ^ i);
        let mut bytes = generate::scenario(&mut rng).into_bytes();
        // A third of them mutated once more: near-valid input past the loader's first checks.
        if i % 3 == 0 {
            mutate::mutate(&mut bytes, &mut rng);
        }
        (format!("generated#{i}"), bytes)
    });
    assert!(
        share(&outcomes, Outcome::Simulated) >= 0.3,
        "too few generated scenarios load: {outcomes:?}"
    );
}
