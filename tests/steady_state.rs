//! Every clock starts in its steady state: the metrics measured from time zero,
//! with no warm-up, equal their renewal-reward values wherever an outage falls
//! in the renewal cycle, and the IdP's load has no wave from the start.
//!
//! Each expected value is derived here, by direct numerical integration over
//! the lifetime and the wait for the next use (not by the engine's sampler).

use authsim::montecarlo::metrics::Metric;
use authsim::montecarlo::series::SeriesMetric;
use authsim::montecarlo::{RunResult, SliceResult};
use statrs::distribution::{Binomial, DiscreteCDF, Poisson};

mod common;
use common::{assert_inside, simulate, validity_left};

const HOUR: f64 = 3600.0;

/// People and daemons at work around the clock, 12 uses an hour of each app, through
/// a 30-hour token-service outage that starts at `start`; no retries, no warm-up.
fn phases(starts: &[f64]) -> String {
    let mut s = String::from(
        r#"
[people]
give_up_after = 0
[simulation]
horizon = "4d"
warmup = "0s"
replications = 30
seed = 41
bucket = "1h"
[policy]
access_token_lifetime = "20h..28h"
sign_in_frequency = "never"
mfa = "never"
[components.token_service]
outages = [{ start = "2h", duration = "30h" }]
[methods.password]
factor = "first"
requires = []
[apps.renews_early]
retry = { backoff = "none" }
[apps.at_expiry]
early_renewal = false
retry = { backoff = "none" }
[apps.identity]
kind = "managed_identity"
retry = { backoff = "none" }
[apps.identity_at_expiry]
kind = "managed_identity"
early_renewal = false
retry = { backoff = "none" }
[cohorts.people]
users = 300
apps = ["renews_early", "at_expiry"]
registrations = [{ share = 1.0, methods = ["password"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 12 }
[cohorts.daemons]
kind = "workloads"
users = 300
apps = ["identity", "identity_at_expiry"]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 12 }
"#,
    );
    for (i, start) in starts.iter().enumerate() {
        s += &format!(
            "[[variant]]\nname = \"phase {i}\"\nset.components.token_service.outages = [{{ start = \"{}s\", duration = \"30h\" }}]\n",
            start
        );
    }
    s
}

fn slice<'a>(result: &'a RunResult, variant: usize, cohort: &str, app: &str) -> &'a SliceResult {
    result.variants[variant].slice(cohort, app).unwrap()
}

/// An outage of O = 30 h is longer than any token lives, so a use is denied from
/// the moment the token in hand at its start expires, L - A after, to its end:
/// the share of the measured M = 96 h denied is (O - E[(L - A)+]) / M, whatever
/// the outage's phase. Early renewal at half the lifetime (the token library's
/// default for tokens of 2 h or more) leaves a fresher token in hand. The
/// managed identity's tokens live 24 h. Before steady-state starts, the denied
/// share swung with the phase from 0.098 to 0.154 for the managed identity; the
/// intervals here are about ±0.0025.
#[test]
fn an_outage_anywhere_in_the_renewal_cycle_denies_its_steady_state_share() {
    let gap = HOUR / 12.0;
    let (outage, measured) = (30.0 * HOUR, 96.0 * HOUR);
    let share = |left: f64| (outage - left) / measured;
    let early = |l: f64| l / 2.0;
    let expected = [
        (
            "people",
            "renews_early",
            Metric::DenialRate,
            validity_left(20.0 * HOUR, 28.0 * HOUR, early, gap),
        ),
        (
            "people",
            "at_expiry",
            Metric::DenialRate,
            validity_left(20.0 * HOUR, 28.0 * HOUR, |l| l, gap),
        ),
        (
            "daemons",
            "identity",
            Metric::WorkloadDenialRate,
            validity_left(24.0 * HOUR, 24.0 * HOUR, early, gap),
        ),
        (
            "daemons",
            "identity_at_expiry",
            Metric::WorkloadDenialRate,
            validity_left(24.0 * HOUR, 24.0 * HOUR, |l| l, gap),
        ),
    ];
    // The closed form for fixed 24 h tokens renewed at 12 h: L - E[C^2] / 2E[C].
    let c = (12.0 * HOUR, 12.0 * HOUR + gap);
    let closed = 24.0 * HOUR - (c.0 * c.0 + 2.0 * c.0 * gap + 2.0 * gap * gap) / (2.0 * c.1);
    assert!(
        (expected[2].3 - closed).abs() < 1.0,
        "{} vs {closed}",
        expected[2].3
    );
    assert!((share(closed) - 0.1254).abs() < 5e-5, "{}", share(closed));
    // Eight phases across a day: both cycles (12 h + and 24 h +) and more.
    let starts: Vec<f64> = (0..8).map(|k| 2.0 * HOUR + k as f64 * 3.0 * HOUR).collect();
    let result = simulate(&phases(&starts));
    // 32 intervals at once: each at 1 - 0.01/32, so that all hold together at 99%.
    let level = 1.0 - 0.01 / (starts.len() * expected.len()) as f64;
    for v in 1..=starts.len() {
        for &(cohort, app, metric, left) in &expected {
            let e = slice(&result, v, cohort, app).metric(metric);
            let (hw, want) = (e.half_width(level), share(left));
            assert!(
                (e.mean - want).abs() <= hw && hw < 0.05 * want,
                "outage at {} h: {cohort}/{app}: expected {want:.5}, simulated {:.5} ± {hw:.5}",
                starts[v - 1] / HOUR,
                e.mean
            );
        }
    }
}

/// No outage: each user renews each app's token once a cycle, at a phase of its
/// own, so the IdP's load per minute is the superposition of independent
/// renewal processes: Poisson at most, of mean m = users x apps x 60 / E[cycle]
/// (the daemons' 24 h tokens renewed at 12 h plus the wait for a call). With K
/// minutes in each of R replications, the busiest minute passes q with
/// probability at most R K P(N > q), N Poisson(m): q is set so that is 1e-4.
/// Started with tokens of uniform age, half the daemons renewed at their first
/// call: a wave six times the mean, every 12 hours.
#[test]
fn without_an_outage_the_load_has_no_wave() {
    let scenario = r#"
[people]
give_up_after = 0
[simulation]
horizon = "2d"
warmup = "0s"
replications = 8
seed = 43
[components.token_service]
[apps.identity]
kind = "managed_identity"
[cohorts.daemons]
kind = "workloads"
users = 20000
apps = ["identity"]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 12 }
"#;
    let result = simulate(scenario);
    let gap = 5.0;
    let cycle = 12.0 * 60.0 + gap;
    let mean = 20000.0 / cycle;
    let per_day = result.variants[0].metric(Metric::TokenRequestsPerUserDay);
    assert_inside("requests per day", per_day, 24.0 * 60.0 / cycle, 0.0);
    let minutes = 2.0 * 24.0 * 60.0 * 8.0;
    let poisson = Poisson::new(mean).unwrap();
    let q = (mean as u64..)
        .find(|&q| minutes * poisson.sf(q) < 1e-4)
        .unwrap();
    let peaks = result.variants[0].values(Metric::PeakTokenRequestsPerMin);
    for (r, &peak) in peaks.iter().enumerate() {
        assert!(
            peak <= q as f64,
            "replication {r}: a minute of {peak} requests, past {q} (mean {mean:.0})"
        );
    }
    // The bound would catch the old wave, six times the mean.
    assert!((q as f64) < 3.0 * mean, "{q} vs {mean}");
}

/// Daemons on a clock (every 10 minutes, 09:00-17:00 every day) whose 24-hour
/// tokens are renewed when they expire: each renews on the same tick every day,
/// whichever it first got, any of the day's 48 working ticks alike. So a tick
/// sees Binomial(2000, 1/48) renewals, and the busiest of the 2 x 48 ticks of
/// each of 8 replications passes q with probability at most 768 P(N > q) =
/// 1e-4. Drawn in wall time, the 16 hours off all renewed at 09:00: 1,338.
#[test]
fn daemons_on_a_clock_in_working_hours_keep_their_own_tick() {
    let scenario = r#"
[people]
give_up_after = 0
[simulation]
horizon = "2d"
warmup = "0s"
replications = 8
seed = 61
[components.token_service]
[apps.identity]
kind = "managed_identity"
early_renewal = false
[cohorts.daemons]
kind = "workloads"
users = 2000
apps = ["identity"]
activity = { hours = "09:00-17:00", days = "all", every = "10m" }
"#;
    let result = simulate(scenario);
    let ticks = Binomial::new(1.0 / 48.0, 2000).unwrap();
    let q = (0..2000u64).find(|&q| 768.0 * ticks.sf(q) < 1e-4).unwrap();
    for (r, &peak) in result.variants[0]
        .values(Metric::PeakTokenRequestsPerMin)
        .iter()
        .enumerate()
    {
        assert!(
            peak <= q as f64,
            "replication {r}: {peak} renewals in a minute, past {q}"
        );
    }
    assert!(q < 80, "{q}");
}

/// People working 09:00-17:00 every day, 4 uses an hour, 24-hour tokens renewed
/// when they expire: in working time the cycle is exactly 8 h (a day's work) plus
/// the wait for a use, so renewals come at 4,000 / (8 h + 15 min) a working
/// minute, in every hour of the working day from the first. Drawn in wall time
/// they came at 5, 25, 19, 6... a minute in the first hours.
#[test]
fn a_week_whose_breaks_reset_nothing_renews_evenly_through_the_day() {
    let scenario = r#"
[people]
give_up_after = 0
[simulation]
horizon = "1d"
warmup = "0s"
replications = 8
seed = 67
bucket = "1h"
[policy]
access_token_lifetime = "24h"
sign_in_frequency = "never"
mfa = "never"
[components.token_service]
[methods.password]
factor = "first"
requires = []
[apps.mail]
early_renewal = false
[cohorts.staff]
users = 4000
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password"] }]
activity = { hours = "09:00-17:00", days = "all", attempts_per_hour = 4 }
"#;
    let result = simulate(scenario);
    let per_minute: f64 = 4000.0 / (8.0 * 60.0 + 15.0);
    let series = &result.variants[0].whole().series;
    let load = SeriesMetric::TokenRequestsPerMin.index();
    let hourly =
        (0..24).map(|h| series.iter().map(|r| r[h][load]).sum::<f64>() / series.len() as f64);
    for (hour, mean) in hourly.enumerate().filter(|(h, _)| (9..17).contains(h)) {
        // Each hour's count over 8 replications is Poisson at most: 5 sd.
        let sd = (per_minute * 60.0 * 8.0).sqrt() / (60.0 * 8.0);
        assert!(
            (mean - per_minute).abs() < 5.0 * sd,
            "{hour}:00: {mean:.2} renewals a minute, not {per_minute:.2}"
        );
    }
}
