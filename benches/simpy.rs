//! `cargo bench --bench simpy`: the engine's cost per access attempt on R1-type
//! work (one cohort, one app used all day, a public client renewing its 60-90
//! minute access token when a use finds it expired, one fixed token-service
//! outage) beside a straightforward SimPy model of the same users
//! (benches/simpy/r1.py) that counts what the engine reports for them, and the
//! ratio; then a line a metric: the engine's and SimPy's values, which must
//! agree within their sampling error.
//!
//! The case's numbers are constants here: the scenario the engine plays is
//! written from them, and the same numbers go to the script. Python is
//! `$AUTHSIM_PYTHON`, else `python3`; without SimPy the bench says how to install
//! it and times the engine alone.

use authsim::model;
use authsim::montecarlo::bench::{BenchReport, bench};
use authsim::montecarlo::metrics::Metric;
use authsim::montecarlo::pool::pool;
use authsim::montecarlo::run;
use authsim::scenario::{self, RunPlan};
use authsim::units::{DAY, HOUR, MINUTE};
use std::path::Path;
use std::process::Command;

/// Runs of each timing, the engine's and SimPy's: the medians are reported.
const RUNS: usize = 3;
const USERS: u32 = 1_000;
const ATTEMPTS_PER_HOUR: f64 = 4.0;
const LIFETIME_MIN: f64 = 60.0 * MINUTE;
const LIFETIME_MAX: f64 = 90.0 * MINUTE;
/// A day of warm-up, then 7 measured days.
const WARMUP: f64 = DAY;
const HORIZON: f64 = 8.0 * DAY;
/// The token service's one outage: Thursday 09:00, 3 hours.
const OUTAGE_START: f64 = 4.0 * DAY + 9.0 * HOUR;
const OUTAGE: f64 = 3.0 * HOUR;
/// The engine plays the case this many times per timing (one is a few
/// milliseconds, too short to time well); SimPy plays it once a run.
const REPLICATIONS: u32 = 20;
const SEED: u64 = 27;
/// How far apart the denial rates may lie, in standard errors of their difference.
const AGREEMENT: f64 = 3.0;
const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/simpy/r1.py");

/// R1 as a scenario, every number from the constants above.
fn r1() -> String {
    format!(
        r#"
[people]
give_up_after = 0
[simulation]
horizon = "{horizon}s"
warmup = "{WARMUP}s"
replications = {REPLICATIONS}
seed = {SEED}
[policy]
access_token_lifetime = "{LIFETIME_MIN}s..{LIFETIME_MAX}s"
[components.token_service]
outages = [{{ start = "{OUTAGE_START}s", duration = "{OUTAGE}s" }}]
[methods.password]
factor = "passwordless"
requires = []
[apps.app]
kind = "public_client"
early_renewal = false
retry = {{ attempts = 0 }}
[cohorts.users]
users = {USERS}
apps = ["app"]
registrations = [{{ share = 1.0, methods = ["password"] }}]
activity = {{ hours = "00:00-24:00", days = "all", attempts_per_hour = {ATTEMPTS_PER_HOUR} }}
"#,
        horizon = HORIZON
    )
}

fn main() {
    let plan: RunPlan = scenario::load_str(&r1(), Path::new("r1.toml")).expect("the R1 case");
    let worlds = model::worlds(&plan);
    let pool = pool(Some(1)).expect("a thread pool");
    // Turn about, so that both see the same load on a busy machine.
    let mut engine_runs: Vec<BenchReport> = Vec::new();
    let mut simpy_runs: Vec<SimPy> = Vec::new();
    // After one run says why SimPy cannot run, no more tries.
    let mut simpy_runs_too = true;
    for _ in 0..RUNS {
        engine_runs.push(bench(&pool, &worlds, plan.seed(), plan.replications()));
        if simpy_runs_too {
            let run = simpy();
            simpy_runs_too = run.is_some();
            simpy_runs.extend(run);
        }
    }
    engine_runs.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
    let engine = &engine_runs[RUNS / 2];
    let engine_ns = 1e9 * engine.seconds / engine.attempts as f64;
    println!(
        "R1 engine: 1 thread, {REPLICATIONS} replications of {USERS} users, {:.3} s, {} attempts: {engine_ns:.2} ns/attempt",
        engine.seconds, engine.attempts
    );
    simpy_runs.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
    let Some(simpy) = simpy_runs.get(simpy_runs.len() / 2) else {
        return;
    };
    let simpy_ns = 1e9 * simpy.seconds / simpy.played as f64;
    println!(
        "R1 SimPy: {USERS} users, {:.3} s, {} attempts: {simpy_ns:.0} ns/attempt",
        simpy.seconds, simpy.played
    );
    println!(
        "R1 engine vs SimPy: {:.0} times cheaper per attempt (medians of {RUNS}, taken in turn)",
        simpy_ns / engine_ns
    );
    let result = pool.install(|| run(&worlds, plan.seed(), plan.replications(), &|| {}));
    let engine = &result.variants[0];
    for (metric, simpy_metric) in [
        (Metric::DenialRate, simpy.denial_rate),
        (Metric::LockoutHoursPer1kUsers, simpy.lockout_hours),
        (Metric::UsersLockedOut, simpy.users_locked_out),
        (Metric::TokenRequestsPerUserDay, simpy.token_requests),
        (Metric::PeakTokenRequestsPerMin, simpy.peak_token_requests),
    ] {
        let estimate = engine.metric(metric);
        let n = estimate.n as f64;
        let engine_se = estimate.sd / n.sqrt();
        // Without a standard error, SimPy's value is one run's: as spread as one
        // of the engine's replications.
        let se = match simpy_metric.se {
            Some(se) => engine_se.hypot(se),
            None => estimate.sd * (1.0 + 1.0 / n).sqrt(),
        };
        let gap = (estimate.mean - simpy_metric.value).abs();
        let apart = match se > 0.0 {
            true => gap / se,
            false if gap == 0.0 => 0.0,
            false => f64::INFINITY,
        };
        println!(
            "R1 {}: engine {:.5} ± {engine_se:.5}, SimPy {:.5}{}: {apart:.1} standard errors apart, {}",
            metric.name(),
            estimate.mean,
            simpy_metric.value,
            simpy_metric
                .se
                .map_or(String::new(), |se| format!(" ± {se:.5}")),
            match apart <= AGREEMENT {
                true => "they agree",
                false => "THEY DISAGREE",
            }
        );
    }
}

/// What the SimPy script printed: the work and its time, and the metrics it
/// counts as the engine does.
struct SimPy {
    played: u64,
    seconds: f64,
    denial_rate: Value,
    lockout_hours: Value,
    users_locked_out: Value,
    token_requests: Value,
    peak_token_requests: Value,
}

/// A metric's value in the SimPy run, and its standard error where it has one.
#[derive(Clone, Copy)]
struct Value {
    value: f64,
    se: Option<f64>,
}

/// Runs the SimPy model on the same numbers; `None`, with a line saying why,
/// where Python or SimPy is missing.
fn simpy() -> Option<SimPy> {
    let python = std::env::var("AUTHSIM_PYTHON").unwrap_or_else(|_| "python3".into());
    let seconds = |s: f64| format!("{s}");
    let output = Command::new(&python)
        .arg(SCRIPT)
        .args(["--users", &USERS.to_string()])
        .args(["--attempts-per-hour", &ATTEMPTS_PER_HOUR.to_string()])
        .args(["--lifetime-min", &seconds(LIFETIME_MIN)])
        .args(["--lifetime-max", &seconds(LIFETIME_MAX)])
        .args(["--horizon", &seconds(HORIZON)])
        .args(["--warmup", &seconds(WARMUP)])
        .args(["--outage-start", &seconds(OUTAGE_START)])
        .args(["--outage-duration", &seconds(OUTAGE)])
        .args(["--seed", &SEED.to_string()])
        .output();
    let output = match output {
        Ok(o) => o,
        Err(e) => {
            println!(
                "R1 SimPy: skipped, {python} does not run ({e}); set AUTHSIM_PYTHON to a Python 3 with SimPy (`pip install simpy`)"
            );
            return None;
        }
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("No module named 'simpy'") {
        println!(
            "R1 SimPy: skipped, {python} has no SimPy: install it with `{python} -m pip install simpy` (or set AUTHSIM_PYTHON)"
        );
        return None;
    }
    assert!(output.status.success(), "{SCRIPT} failed: {stderr}");
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("the script prints one JSON object");
    let number = |key: &str| {
        json[key]
            .as_f64()
            .unwrap_or_else(|| panic!("{key} in {json}"))
    };
    let value = |key: &str| Value {
        value: number(key),
        se: json[format!("{key}_se")].as_f64(),
    };
    Some(SimPy {
        played: number("played") as u64,
        seconds: number("seconds"),
        denial_rate: value("denial_rate"),
        lockout_hours: value("lockout_hours_per_1k_users"),
        users_locked_out: value("users_locked_out"),
        token_requests: value("token_requests_per_user_day"),
        peak_token_requests: value("peak_token_requests_per_min"),
    })
}
