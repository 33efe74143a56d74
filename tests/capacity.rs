//! A capacity on a global component (`[components.NAME] capacity`): the fixed
//! point over the per-minute load against a direct coupled simulation written
//! here, against a closed form, across thread counts, and the refusals of a
//! capacity that cannot be.

mod common;
use authsim::model::worlds;
use authsim::montecarlo::metrics::Metric;
use authsim::montecarlo::{RunResult, run};
use authsim::scenario::load_str;
use common::refusal::{BASE, assert_bad_scenario, at, edit, run_toml};
use common::simulate;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::path::Path;

/// 400 daemons, each calling a Poisson 6 times an hour with a token that lives
/// a second (so every call is a token request), retrying with jittered
/// exponential backoff; the token service is down 30 minutes and answers 50
/// requests a minute, rejecting the rest with a Retry-After of 30 seconds.
const SURGE: &str = r#"
[simulation]
horizon = "1d 03:00"
warmup = "1d"
replications = 30
seed = 77
[policy]
token_requests_require = ["token_service"]
[components.token_service]
outages = [{ start = "1d 01:02", duration = "30m" }]
capacity = { per_minute = 50, past = "reject", retry_after = "30s" }
[methods.password]
factor = "first"
requires = []
[apps.job]
kind = "client_secret"
token_lifetime = "1s"
retry = { backoff = "exponential", attempts = 6, backoff_base = "5s", backoff_cap = "1m", jitter = true }
[cohorts.daemons]
kind = "workloads"
users = 400
apps = ["job"]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 6 }
"#;

/// The reference model's parameters: SURGE's, in seconds.
struct Surge {
    daemons: usize,
    mean_gap: f64,
    horizon: f64,
    warmup: f64,
    down: (f64, f64),
    per_minute: u32,
    retry_after: f64,
    attempts: u32,
    base: f64,
    cap: f64,
    window: f64,
}

const REFERENCE: Surge = Surge {
    daemons: 400,
    mean_gap: 600.0,
    horizon: 27.0 * 3600.0,
    warmup: 24.0 * 3600.0,
    down: (25.0 * 3600.0 + 120.0, 25.0 * 3600.0 + 120.0 + 1800.0),
    per_minute: 50,
    retry_after: 30.0,
    attempts: 6,
    base: 5.0,
    cap: 60.0,
    // The default recovery window of a component with a capacity.
    window: 900.0,
};

/// splitmix64: the reference's own random numbers, apart from authsim's streams.
struct SplitMix(u64);

impl SplitMix {
    fn uniform(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[derive(Default, Clone)]
struct Daemon {
    /// The time of the retry on its way, if any (a popped retry that is not it was cancelled).
    retry: Option<f64>,
    retries_done: u32,
    /// Calls after the warm-up waiting on a retry.
    waiting: u64,
}

/// One replication's counts: throttled requests, calls and denied calls
/// after the warm-up, and the busiest minute in the recovery window.
struct Counts {
    throttled: f64,
    calls: f64,
    denied: f64,
    recovery_peak: f64,
}

/// The coupled system simulated directly: every daemon in one event queue, and
/// at the service a real counter per minute that answers the first
/// `per_minute` requests of each minute and rejects the rest (429, Retry-After).
/// The clients' rules are docs/model.md's: a failed call retries after
/// base + u (backoff - base), backoff = min(base 2^k, cap), k the retries done,
/// never sooner than the Retry-After; a new call while a retry is on its way
/// makes its request but starts no second retry; after `attempts` retries the
/// calls waiting are denied; a success settles them.
fn coupled(s: &Surge, seed: u64) -> Counts {
    let mut rng = SplitMix(seed);
    let minutes = (s.horizon / 60.0).ceil() as usize;
    let (mut answered, mut load) = (vec![0u32; minutes], vec![0u32; minutes]);
    let mut daemons = vec![Daemon::default(); s.daemons];
    // (time's bits, daemon, is a retry): positive times order as their bits do.
    let mut queue = BinaryHeap::new();
    let gap = |rng: &mut SplitMix| -s.mean_gap * (1.0 - rng.uniform()).ln();
    for d in 0..s.daemons {
        queue.push(Reverse((gap(&mut rng).to_bits(), d, false)));
    }
    let mut c = Counts {
        throttled: 0.0,
        calls: 0.0,
        denied: 0.0,
        recovery_peak: 0.0,
    };
    while let Some(Reverse((bits, d, is_retry))) = queue.pop() {
        let t = f64::from_bits(bits);
        let daemon = &mut daemons[d];
        if is_retry {
            if daemon.retry != Some(t) {
                continue;
            }
            daemon.retry = None;
        } else {
            let next = t + gap(&mut rng);
            if next < s.horizon {
                queue.push(Reverse((next.to_bits(), d, false)));
            }
        }
        let measured = t >= s.warmup;
        c.calls += f64::from(u8::from(!is_retry && measured));
        let minute = (t / 60.0) as usize;
        let (served, retry_after) = if t >= s.down.0 && t < s.down.1 {
            (false, 0.0)
        } else {
            load[minute] += 1;
            let served = answered[minute] < s.per_minute;
            answered[minute] += u32::from(served);
            c.throttled += f64::from(u8::from(!served && measured));
            (served, if served { 0.0 } else { s.retry_after })
        };
        if served {
            (daemon.retry, daemon.retries_done, daemon.waiting) = (None, 0, 0);
            continue;
        }
        daemon.waiting += u64::from(!is_retry && measured);
        if !is_retry && daemon.retry.is_some() {
            continue;
        }
        daemon.retries_done = if is_retry { daemon.retries_done + 1 } else { 0 };
        if daemon.retries_done < s.attempts {
            let backoff = (s.base * 2f64.powi(daemon.retries_done as i32)).min(s.cap);
            let wait = s.base + rng.uniform() * (backoff - s.base);
            let time = t + wait.max(retry_after);
            if time < s.horizon {
                daemon.retry = Some(time);
                queue.push(Reverse((time.to_bits(), d, true)));
                continue;
            }
        }
        c.denied += daemon.waiting as f64;
        daemon.waiting = 0;
    }
    let first = (s.down.1 / 60.0) as usize;
    let last = ((s.down.1 + s.window) / 60.0).ceil() as usize;
    c.recovery_peak = f64::from(*load[first..last].iter().max().unwrap());
    c
}

/// A figure: its name, authsim's and the reference's values per replication,
/// and the fixed point's allowed difference given the reference's mean.
type Check = (&'static str, Vec<f64>, Vec<f64>, fn(f64) -> f64);

/// Mean and standard error of the mean.
fn mean_se(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}

/// authsim's fixed point and the direct coupled simulation agree on the
/// throttled requests, the calls denied and the recovery peak: within four
/// standard errors of the difference of the two means (independent random
/// numbers) plus the fixed point's own difference, bounded as follows. The
/// counter answers the first C requests of a minute and rejects its tail; the
/// fixed point admits every request of the minute with the share C / L, so it
/// rejects early requests too. A request rejected in the first 30 s of a
/// minute retries (Retry-After 30 s) within the same minute and adds to its
/// load: uniform rejections put half of a minute's R = L - C rejections there,
/// the counter's tail almost none. So the fixed point's busiest minute exceeds
/// the counter's by at most (L - C) / 2 of it, and each rejected request is
/// rejected at most once more through such a retry, which bounds the extra
/// throttled requests by half the reference's; the share of calls denied (a
/// daemon gives up only after 6 retries, whatever minute they fall in) moves
/// far less: 10%. The test fails if either model's rules drift.
#[test]
fn the_fixed_point_matches_a_direct_coupled_simulation() {
    let result = simulate(SURGE);
    let v = &result.variants[0];
    let reference: Vec<Counts> = (0..60).map(|i| coupled(&REFERENCE, 1000 + i)).collect();
    let checks: [Check; 3] = [
        (
            "throttled_requests",
            v.values(Metric::ThrottledRequests),
            reference.iter().map(|c| c.throttled).collect(),
            |r| 0.5 * r,
        ),
        (
            "workload_denial_rate",
            v.values(Metric::WorkloadDenialRate),
            reference.iter().map(|c| c.denied / c.calls).collect(),
            |r| 0.1 * r,
        ),
        (
            "recovery_peak_requests_per_min",
            v.values(Metric::RecoveryPeakRequestsPerMin),
            reference.iter().map(|c| c.recovery_peak).collect(),
            |r| 0.5 * (r - 50.0),
        ),
    ];
    for (what, ours, theirs, model) in checks {
        let ((m, se), (r, rse)) = (mean_se(&ours), mean_se(&theirs));
        let allowed = 4.0 * (se * se + rse * rse).sqrt() + model(r);
        eprintln!("{what}: fixed point {m:.1} ± {se:.1}, coupled {r:.1} ± {rse:.1}");
        assert!(
            (m - r).abs() <= allowed,
            "{what}: fixed point {m:.1} ± {se:.1}, coupled {r:.1} ± {rse:.1}, allowed {allowed:.1}"
        );
        assert!(r > 0.05, "{what}: the reference must see the surge ({r})");
    }
}

/// Steady Poisson calls, λ = 60 a minute over 600 daemons, to a service that
/// answers C = 40 a minute and fails the rest, with no retries: a minute's
/// load L is Poisson(λ) whatever is admitted, the fixed point admits each of
/// its requests with the share min(1, C / L), so the share of calls throttled
/// is E[(L - C)+] / λ (about 1 - C / λ, a third, less the minutes below C).
#[test]
fn steady_overload_throttles_the_share_past_capacity() {
    let toml = r#"
[simulation]
horizon = "1d 06:00"
warmup = "1d"
replications = 10
seed = 9
[policy]
token_requests_require = ["token_service"]
[components.token_service]
capacity = { per_minute = 40, past = "fail" }
[methods.password]
factor = "first"
requires = []
[apps.job]
kind = "client_secret"
token_lifetime = "1s"
retry = { backoff = "none" }
[cohorts.daemons]
kind = "workloads"
users = 600
apps = ["job"]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 6 }
"#;
    let (lambda, c) = (60.0f64, 40u32);
    // E[(L - C)+] = Σ_{k > C} (k - C) P(L = k), the Poisson terms by recurrence.
    let mut p = (-lambda).exp();
    let mut excess = 0.0;
    for k in 1..400u32 {
        p *= lambda / f64::from(k);
        if k > c {
            excess += f64::from(k - c) * p;
        }
    }
    let expected = excess / lambda;
    let result = simulate(toml);
    let v = &result.variants[0];
    common::assert_inside(
        "share of calls throttled",
        v.metric(Metric::WorkloadDenialRate),
        expected,
        0.0,
    );
    // Every denial is a throttled request: one request per call, no retries.
    let throttled = v.metric(Metric::ThrottledRequests).mean;
    common::assert_inside(
        "throttled requests",
        v.metric(Metric::ThrottledRequests),
        expected * lambda * 360.0,
        0.0,
    );
    assert!(throttled > 0.0);
}

/// A capacity couples the users, yet the load is summed in integers: one
/// thread and two give the same numbers, bit for bit.
#[test]
fn results_do_not_depend_on_the_threads() {
    let plan = load_str(SURGE, Path::new("surge.toml")).unwrap();
    let play = |threads| -> RunResult {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| run(&worlds(&plan), plan.seed(), 4, &|| {}))
    };
    let (one, two) = (play(1), play(2));
    assert_eq!(
        one.variants[0].whole().samples,
        two.variants[0].whole().samples
    );
    assert!(one.variants[0].metric(Metric::ThrottledRequests).mean > 0.0);
}

/// `BASE` with a line added to its token service.
fn with_capacity(line: &str) -> String {
    edit(
        "[components.token_service]\n",
        &format!("[components.token_service]\n{line}\n"),
    )
}

#[test]
fn a_capacity_needs_exactly_one_rate() {
    for (name, line) in [
        ("both", "capacity = { per_minute = 300, per_second = 5 }"),
        ("neither", "capacity = { past = \"reject\" }"),
    ] {
        let toml = with_capacity(line);
        let out = run_toml(&format!("capacity-{name}"), &toml, &[]);
        assert_bad_scenario(
            &out,
            &[
                "components.token_service.capacity",
                "exactly one of per_minute and per_second",
            ],
        );
    }
}

#[test]
fn a_capacity_of_zero_or_less_is_refused() {
    for (name, line, key) in [
        ("zero", "capacity = { per_minute = 0 }", "per_minute"),
        ("negative", "capacity = { per_second = -5 }", "per_second"),
    ] {
        let toml = with_capacity(line);
        let out = run_toml(&format!("capacity-{name}"), &toml, &[]);
        let field = format!("components.token_service.capacity.{key}");
        assert_bad_scenario(&out, &[&at(&toml, key), &field, "above zero"]);
    }
}

#[test]
fn a_capacity_on_a_users_own_component_is_refused() {
    let toml = format!(
        "{BASE}[components.phone]\nscope = \"per_user\"\ncapacity = {{ per_minute = 10 }}\n"
    )
    .replace("requires = []", "requires = [\"phone\"]");
    let out = run_toml("capacity-per-user", &toml, &[]);
    assert_bad_scenario(&out, &["components.phone.capacity", "scope = \"global\""]);
}

#[test]
fn a_failure_carries_no_retry_after() {
    let toml =
        with_capacity("capacity = { per_minute = 10, past = \"fail\", retry_after = \"30s\" }");
    let out = run_toml("capacity-fail-retry-after", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[
            "components.token_service.capacity.retry_after",
            "past = \"reject\"",
        ],
    );
}

/// A recovery window without a capacity watches the token service's load and
/// throttles nothing: 1,000 people renewing a 60-90 minute token at the first of
/// their 4 uses an hour after it expires, one minute of outage, then six hours
/// watched. Each renews every 75 + 15 = 90 minutes on average, so the service
/// sees 1,000 / 90 = 11.1 requests a minute, 16 a user-day; the busiest of the
/// 360 minutes watched sees at least the average. Renewals played in quiet
/// stretches count in the watched minutes as any other (they once did not:
/// the peak came out at 2.4).
#[test]
fn a_recovery_window_counts_every_renewal() {
    let toml = r#"
[people]
give_up_after = 0
[simulation]
horizon = "2d"
warmup = "1d"
replications = 10
seed = 31
[policy]
access_token_lifetime = "60m..90m"
[components.token_service]
outages = [{ start = "1d 06:00", duration = "1m" }]
recovery_window = "6h"
[methods.password]
factor = "passwordless"
requires = []
[apps.app]
kind = "public_client"
early_renewal = false
retry = { attempts = 0 }
[cohorts.users]
users = 1000
apps = ["app"]
registrations = [{ share = 1.0, methods = ["password"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 4 }
"#;
    let result = simulate(toml);
    let v = &result.variants[0];
    let per_minute = 1000.0 / 90.0;
    common::assert_inside(
        "token requests a user-day",
        v.metric(Metric::TokenRequestsPerUserDay),
        24.0 * 60.0 / 90.0,
        // The outage's minute adds a request for the ~11 renewals it denies.
        0.02,
    );
    let peaks = v.values(Metric::RecoveryPeakRequestsPerMin);
    assert!(
        peaks.iter().all(|&p| p >= per_minute),
        "every replication's busiest watched minute at least {per_minute:.1}: {peaks:?}"
    );
}
