//! The round trip: a scenario whose cohorts, registration mixes and hour-of-week
//! activity are known (tests/fixtures/import/round-trip/) is run with
//! `--sign-in-log`; `authsim import` of that log, with the conditional access
//! policy the scenario's policy stands for, must recover who uses which methods
//! and how much each app is used in each hour, within tolerances derived from the
//! number of sign-ins behind each figure; and the imported scenario, run through
//! the original's outage, must give the original's headline results.

use authsim::montecarlo::metrics::Metric;
use authsim::montecarlo::stats::Estimate;
use std::path::Path;
use toml::{Table, Value};

mod common;
use common::{Scratch, simulate, stderr};

const ORIGINAL: &str = include_str!("fixtures/import/round-trip/scenario.toml");
/// The outage is left out of the logged run: a log of a calm three weeks, as a
/// planner's would mostly be.
const OUTAGE: &str = r#"outages = [{ start = "9d 10:00", duration = "4h" }]"#;
/// The documented default access-token lifetime the scenario keeps: 60 to 90
/// minutes, uniform, so 75 minutes on average (hours).
const MEAN_LIFETIME: f64 = 1.25;

/// The truth the fixture writes: a staff user's attempts per hour at weight 1.
fn staff_rate(day: usize, hour: usize) -> f64 {
    match (day, hour) {
        (0..5, 8..12) => 2.0,
        (0..5, 12) => 0.5,
        (0..5, 13..18) => 1.5,
        (5, 10..12) => 0.5,
        _ => 0.0,
    }
}

fn guest_rate(day: usize, hour: usize) -> f64 {
    f64::from(u8::from(day < 5 && (9..17).contains(&hour)))
}

struct Imported {
    table: Table,
    /// Successful sign-ins in the log by (guest, app, day, hour).
    sign_ins: std::collections::HashMap<(bool, String, usize, usize), f64>,
}

/// Runs the original without its outage with a sign-in log, and imports the log.
fn round_trip(scratch: &Scratch) -> Imported {
    assert!(ORIGINAL.contains(OUTAGE), "the fixture's outage line");
    scratch.write("logged.toml", &ORIGINAL.replace(OUTAGE, ""));
    let run = scratch.authsim(&[
        "run",
        "logged.toml",
        "-o",
        "logged",
        "-q",
        "--sign-in-log",
        "log.jsonl",
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    let policies = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/round-trip/policies.json");
    let import = scratch.authsim(&[
        "import",
        "--sign-ins",
        "log.jsonl",
        "--policies",
        policies.to_str().unwrap(),
        "--out",
        "imported.toml",
    ]);
    assert!(import.status.success(), "{}", stderr(&import));
    let mut sign_ins = std::collections::HashMap::new();
    for line in scratch.read("log.jsonl").lines() {
        let r: serde_json::Value = serde_json::from_str(line).unwrap();
        if r["status"]["errorCode"] != 0 {
            continue;
        }
        let t = r["createdDateTime"].as_str().unwrap();
        // The log starts on Monday 2024-01-01: day of the week from the date.
        let day = (t[8..10].parse::<usize>().unwrap() - 1) % 7;
        let hour = t[11..13].parse::<usize>().unwrap();
        let key = (
            r["userType"] == "guest",
            r["appDisplayName"].as_str().unwrap().to_string(),
            day,
            hour,
        );
        *sign_ins.entry(key).or_insert(0.0) += 1.0;
    }
    Imported {
        table: scratch.read("imported.toml").parse().unwrap(),
        sign_ins,
    }
}

fn cohorts(t: &Table) -> Vec<(&String, &Table)> {
    t["cohorts"]
        .as_table()
        .unwrap()
        .iter()
        .map(|(n, c)| (n, c.as_table().unwrap()))
        .collect()
}

fn methods(cohort: &Table) -> Vec<(f64, Vec<String>)> {
    cohort["registrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let share = r["share"]
                .as_float()
                .or(r["share"].as_integer().map(|i| i as f64));
            let methods = r["methods"].as_array().unwrap();
            (
                share.unwrap(),
                methods
                    .iter()
                    .map(|m| m.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect()
}

fn number(v: &Value) -> f64 {
    v.as_float().or(v.as_integer().map(|i| i as f64)).unwrap()
}

/// Users with each registration mix, members and guests apart: the simulation
/// gives a cohort's mixes to its users by position (60% of 400 is exactly 240),
/// and with a daily sign-in every user shows their methods within a day, so the
/// counts must come back exactly.
#[test]
fn registration_shares_come_back() {
    let scratch = Scratch::new("import_round_trip", "shares");
    let imported = round_trip(&scratch);
    let mut users = std::collections::BTreeMap::<(bool, Vec<String>), f64>::new();
    for (_, c) in cohorts(&imported.table) {
        let guest = c.get("guest").and_then(Value::as_bool).unwrap_or(false);
        let n = number(&c["users"]);
        for (share, methods) in methods(c) {
            *users.entry((guest, methods)).or_default() += share * n;
        }
    }
    let mix = |m: &[&str]| m.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let expected = [
        ((false, mix(&["password", "authenticator_push"])), 240.0),
        ((false, mix(&["password", "sms"])), 160.0),
        ((true, mix(&["password", "sms"])), 100.0),
    ];
    assert_eq!(users.len(), expected.len(), "{users:?}");
    for (key, n) in expected {
        let got = users.get(&key).copied().unwrap_or(0.0);
        assert!((got - n).abs() < 1e-6, "{key:?}: {got} users, {n} expected");
    }
}

/// Each app's use rate in blocks of hours against the truth. The log shows
/// renewals, not uses: with on-demand renewal at use rate λ and mean lifetime
/// L, renewals come at r = λ/(1 + λL), so λ = r/(1 − rL), and a relative error
/// e in r becomes (1 + λL)·e in λ. Over a block of N sign-ins, e ≈ 1/√N (Poisson);
/// the tolerance is four of those standard errors. Hours nobody works must come
/// back exactly zero.
#[test]
fn hourly_activity_comes_back_within_its_sampling_error() {
    let scratch = Scratch::new("import_round_trip", "activity");
    let imported = round_trip(&scratch);
    let blocks: [(&str, std::ops::Range<usize>, std::ops::Range<usize>); 5] = [
        ("weekday 08-12", 0..5, 8..12),
        ("weekday 12-13", 0..5, 12..13),
        ("weekday 13-18", 0..5, 13..18),
        ("Saturday 10-12", 5..6, 10..12),
        ("weekday 09-17", 0..5, 9..17),
    ];
    let mut checked = 0;
    for (name, c) in cohorts(&imported.table) {
        let guest = c.get("guest").and_then(Value::as_bool).unwrap_or(false);
        // The log is counted by user type: this cohort's part of its type's
        // sign-ins is its part of the users (the two member cohorts share a profile).
        let share = number(&c["users"]) / if guest { 100.0 } else { 400.0 };
        let activity = c["activity"].as_table().unwrap();
        let profile: Vec<Vec<f64>> = activity["attempts_by_hour"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| row.as_array().unwrap().iter().map(number).collect())
            .collect();
        let weights = activity.get("app_weights").and_then(Value::as_table);
        for app in c["apps"].as_array().unwrap() {
            let app = app.as_str().unwrap();
            let weight = weights.and_then(|w| w.get(app)).map_or(1.0, number);
            let truth_weight = if app == "chat" { 2.0 } else { 1.0 };
            let truth = |d: usize, h: usize| match guest {
                true => guest_rate(d, h),
                false => staff_rate(d, h) * truth_weight,
            };
            for (d, row) in profile.iter().enumerate() {
                for (h, &rate) in row.iter().enumerate() {
                    if truth(d, h) == 0.0 {
                        assert_eq!(rate, 0.0, "{name} {app}: day {d} hour {h}");
                    }
                }
            }
            for (block, days, hours) in &blocks {
                let cells: Vec<(usize, usize)> = days
                    .clone()
                    .flat_map(|d| hours.clone().map(move |h| (d, h)))
                    .collect();
                if cells.iter().any(|&(d, h)| truth(d, h) == 0.0) {
                    continue;
                }
                let n = cells.len() as f64;
                let lambda = cells.iter().map(|&(d, h)| truth(d, h)).sum::<f64>() / n;
                let got = cells
                    .iter()
                    .map(|&(d, h)| profile[d][h] * weight)
                    .sum::<f64>()
                    / n;
                let sign_ins: f64 = cells
                    .iter()
                    .map(|&(d, h)| {
                        imported
                            .sign_ins
                            .get(&(guest, app.to_string(), d, h))
                            .copied()
                            .unwrap_or(0.0)
                    })
                    .sum::<f64>()
                    * share;
                let tolerance = 4.0 * (1.0 + lambda * MEAN_LIFETIME) / sign_ins.sqrt();
                assert!(
                    (got / lambda - 1.0).abs() <= tolerance,
                    "{name} {app} {block}: {got:.3} attempts an hour, truth {lambda}, ±{:.1}% allowed ({sign_ins} sign-ins)",
                    100.0 * tolerance
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 14, "{checked} blocks checked");
}

/// The imported scenario, given the original's horizon, replications and
/// outage, answers the planner's question as the original does. Its use rates
/// were fitted from one log of N sign-ins, so they carry that log's sampling
/// error: relative standard error s = (1 + λL)/√N as above, where 1 + λL is
/// the uses per sign-in (the original's attempts over its token requests). A
/// headline metric moves at most in proportion to the use rate, so the two
/// results may differ by their 95% half-widths plus 1.96·s of the metric.
#[test]
fn the_imported_scenario_gives_the_original_results() {
    let scratch = Scratch::new("import_round_trip", "results");
    let round = round_trip(&scratch);
    let sign_ins: f64 = round.sign_ins.values().sum();
    let mut imported = round.table;
    let original: Table = ORIGINAL.parse().unwrap();
    imported.insert("simulation".into(), original["simulation"].clone());
    let components = imported["components"].as_table_mut().unwrap();
    components.insert(
        "token_service".into(),
        original["components"]["token_service"].clone(),
    );
    let theirs = simulate(&toml::to_string(&imported).unwrap());
    let ours = simulate(ORIGINAL);
    let (a, b) = (&ours.variants[0], &theirs.variants[0]);
    // Users x measured days of the original: 500 users, 21 - 7 days.
    let requests = a.metric(Metric::TokenRequestsPerUserDay).mean * 500.0 * 14.0;
    let uses_per_sign_in = a.metric(Metric::Attempts).mean / requests;
    let fit = uses_per_sign_in / sign_ins.sqrt();
    assert!(
        (1.5..4.0).contains(&uses_per_sign_in) && fit < 0.03,
        "{uses_per_sign_in} uses a sign-in, {fit} relative error: the test's premise"
    );
    for metric in [
        Metric::Attempts,
        Metric::DenialRate,
        Metric::LockoutHoursPer1kUsers,
        Metric::UsersLockedOut,
        Metric::TokenRequestsPerUserDay,
        Metric::PromptsPerUserDay,
    ] {
        let (x, y): (Estimate, Estimate) = (a.metric(metric), b.metric(metric));
        let allowed = x.half_width(0.95) + y.half_width(0.95) + 1.96 * fit * x.mean.abs();
        assert!(
            (x.mean - y.mean).abs() <= allowed,
            "{metric:?}: original {:.5} ± {:.5}, imported {:.5} ± {:.5}, {:.5} allowed",
            x.mean,
            x.half_width(0.95),
            y.mean,
            y.half_width(0.95),
            allowed
        );
    }
}
