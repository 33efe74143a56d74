//! The simulator against answers derived by hand. Each test states its closed form
//! and asserts that the analytic value lies inside the simulated 99% interval.
//! Seeded, so they pass or fail the same way every time.

use authsim::montecarlo::metrics::Metric;
use authsim::montecarlo::series::SeriesMetric;
use authsim::montecarlo::stats::Estimate;

mod common;
use common::{assert_inside, simulate};

/// Every access attempt needs an interactive sign-in with SMS as the second factor,
/// and SMS needs the user's own phone, which fails and is repaired over and over.
fn phone_scenario(time_to_failure: &str, time_to_repair: &str) -> String {
    format!(
        r#"
[people]
give_up_after = 0
[simulation]
horizon = "3d"
warmup = "1d"
replications = 20
seed = 11
[policy]
access_token_lifetime = "1ms"
sign_in_frequency = "1ms"
mfa = "every_sign_in"
[components.token_service]
[components.phone]
scope = "per_user"
time_to_failure = {time_to_failure}
time_to_repair = {time_to_repair}
[methods.password]
factor = "first"
requires = []
[methods.sms]
factor = "second"
requires = ["phone"]
[apps.mail]
early_renewal = false
retry = {{ attempts = 0 }}
[cohorts.staff]
users = 1000
apps = ["mail"]
registrations = [{{ share = 1.0, methods = ["password", "sms"] }}]
activity = {{ hours = "00:00-24:00", days = "all", attempts_per_hour = 6 }}
"#
    )
}

/// Steady-state availability of an alternating up/down process is
/// E[up] / (E[up] + E[down]), whatever the distributions (renewal-reward theorem).
/// Attempts form a Poisson stream, which sees time averages (PASTA), so the share of
/// attempts denied is the unavailability E[down] / (E[up] + E[down]).
/// Exponential: mean up 10 h, mean down 2 h: 2 / 12 = 1/6.
/// Every attempt is one prompt and one MFA prompt: 6 attempts/h x 24 h = 144 a day.
#[test]
fn denial_rate_is_the_unavailability_of_an_exponential_phone() {
    let result = simulate(&phone_scenario(
        r#"{ distribution = "exponential", mean = "10h" }"#,
        r#"{ distribution = "exponential", mean = "2h" }"#,
    ));
    let v = &result.variants[0];
    assert_inside("denial_rate", v.metric(Metric::DenialRate), 2.0 / 12.0, 0.0);
    assert_inside(
        "prompts_per_user_day",
        v.metric(Metric::PromptsPerUserDay),
        144.0,
        0.0,
    );
    assert_inside(
        "mfa_prompts_per_user_day",
        v.metric(Metric::MfaPromptsPerUserDay),
        144.0,
        0.0,
    );
}

/// The same law with Weibull failures and log-normal repairs:
/// E[up] = scale * Gamma(1 + 1/shape) = 10 h * Gamma(5/3) = 10 h * 0.902745292950934 (tables);
/// E[down] = median * exp(sigma^2 / 2) = 1 h * exp(0.5) = 1.648721270700128 h.
/// Unavailability = 1.648721 / (9.027453 + 1.648721) = 0.154430.
#[test]
fn denial_rate_is_the_unavailability_of_a_weibull_lognormal_phone() {
    let result = simulate(&phone_scenario(
        r#"{ distribution = "weibull", shape = 1.5, scale = "10h" }"#,
        r#"{ distribution = "lognormal", median = "1h", sigma = 1.0 }"#,
    ));
    let up = 10.0 * 0.902_745_292_950_934;
    let down = 0.5f64.exp();
    assert_inside(
        "denial_rate",
        result.variants[0].metric(Metric::DenialRate),
        down / (up + down),
        0.0,
    );
}

/// Users in continuous use (an attempt every second) hold tokens of fixed lifetime
/// L = 2 h, renewed at expiry, so when the token service goes down the time left on
/// each token is uniform on (0, L). t into the outage, a user still holds a valid token
/// with probability 1 - t/L, and is denied at t with probability t/L.
/// Over an outage of D = 1 h, the share of attempts denied is (1/D) * integral of t/L
/// = D / (2L) = 1/4. A user is locked out in the bucket ending at b with probability b/L:
/// 1/8, 2/8, 3/8 and 4/8 for the four 15-minute buckets (off by the 1 s between
/// attempts: 1/7200 of L, far inside the interval).
#[test]
fn share_of_users_holding_a_valid_token_falls_linearly_in_an_outage() {
    let result = simulate(
        r#"
[people]
give_up_after = 0
[simulation]
horizon = "1h10m"
warmup = "10m"
replications = 20
seed = 3
bucket = "15m"
[policy]
access_token_lifetime = "2h"
mfa = "never"
[components.token_service]
outages = [{ start = "10m", duration = "1h" }]
[methods.password]
factor = "first"
requires = []
[apps.mail]
early_renewal = false
retry = { attempts = 0 }
[cohorts.staff]
users = 1000
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 3600 }
"#,
    );
    let v = &result.variants[0];
    assert_inside("denial_rate", v.metric(Metric::DenialRate), 0.25, 0.0);
    for bucket in 0..4 {
        let shares: Vec<f64> = v
            .whole()
            .series
            .iter()
            .map(|replication| replication[bucket][SeriesMetric::LockedOutShare.index()])
            .collect();
        let expected = (bucket + 1) as f64 * 15.0 / 120.0;
        assert_inside(
            &format!("locked-out share, bucket {bucket}"),
            Estimate::from_samples(&shares),
            expected,
            0.0,
        );
    }
}

/// Sign-in frequency F = 4 h is checked at renewal. After a sign-in, the k-th renewal
/// comes at S_k = sum of k periods (L_i + W_i): lifetime L_i uniform on 60..90 min and
/// W_i the wait for the next attempt, exponential with mean 1 min (60 attempts an hour).
/// The first renewal with S_k >= F prompts and starts the next cycle, so the cycle is
/// S_N with N = min{k : S_k >= F}. By Wald's identity E[S_N] = E[N] * 76 min, and
/// E[N] = sum over k >= 0 of P(S_k < F) = 3 + P(S_3 < 240 min) (S_2 <= 180 + W, S_4 >= 240).
/// P(S_3 < 240) = P(30 * H + G < 60) with H Irwin-Hall of three uniforms and G a
/// Gamma(3, 1 min) wait, integrated below by Simpson's rule. Prompts per user-day = 1440 / E[S_N].
#[test]
fn prompts_per_user_day_follow_the_sign_in_frequency() {
    let expected = 1440.0 / ((3.0 + p_three_periods_shorter_than_f()) * 76.0);
    let result = simulate(
        r#"
[people]
give_up_after = 0
[simulation]
horizon = "7d"
warmup = "3d"
replications = 20
seed = 5
[policy]
access_token_lifetime = "60m..90m"
sign_in_frequency = "4h"
mfa = "never"
[components.token_service]
[methods.password]
factor = "first"
requires = []
[apps.mail]
retry = { attempts = 0 }
[cohorts.staff]
users = 300
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 60 }
"#,
    );
    assert_inside(
        "prompts_per_user_day",
        result.variants[0].metric(Metric::PromptsPerUserDay),
        expected,
        0.0,
    );
}

fn p_three_periods_shorter_than_f() -> f64 {
    // CDF of the Irwin-Hall distribution (sum of three U(0,1)).
    let irwin_hall = |x: f64| match x {
        x if x <= 0.0 => 0.0,
        x if x <= 1.0 => x.powi(3) / 6.0,
        x if x <= 2.0 => (x.powi(3) - 3.0 * (x - 1.0).powi(3)) / 6.0,
        x if x <= 3.0 => 1.0 - (3.0 - x).powi(3) / 6.0,
        _ => 1.0,
    };
    let gamma3 = |g: f64| g * g * (-g).exp() / 2.0;
    let n = 20_000;
    let h = 60.0 / n as f64;
    let sum: f64 = (0..=n)
        .map(|i| {
            let g = i as f64 * h;
            let weight = if i == 0 || i == n {
                1.0
            } else if i % 2 == 1 {
                4.0
            } else {
                2.0
            };
            weight * gamma3(g) * irwin_hall((60.0 - g) / 30.0)
        })
        .sum();
    sum * h / 3.0
}

/// Office workers (09:00-17:00, Monday to Friday) find the token service down all of
/// Tuesday. Monday's tokens have expired overnight, so each user's first attempt on
/// Tuesday, D after 09:00, is denied, and every later one; Wednesday's first attempt,
/// S after 09:00, renews silently. Lockout counts working time only:
/// (17:00 - (09:00 + D)) + S = 8 h - D + S, and D and S have the same distribution
/// (the first of two Poisson streams after 09:00), so the mean is exactly 8 working
/// hours: 8,000 per 1,000 users. Every user is locked out; Tuesday's attempts (half of
/// the measured ones in expectation) are all denied and Wednesday's all served.
#[test]
fn lockout_counts_the_working_hours_between_denial_and_success() {
    let result = simulate(
        r#"
[people]
give_up_after = 0
[simulation]
horizon = "3d"
warmup = "1d"
replications = 20
seed = 17
[policy]
mfa = "never"
[components.token_service]
outages = [{ start = "1d", duration = "24h" }]
[methods.password]
factor = "first"
requires = []
[apps.mail]
[apps.chat]
[cohorts.office]
users = 2000
apps = ["mail", "chat"]
registrations = [{ share = 1.0, methods = ["password"] }]
activity = { hours = "09:00-17:00", days = "mon-fri", attempts_per_hour = 4 }
"#,
    );
    let v = &result.variants[0];
    assert_inside(
        "lockout_hours_per_1k_users",
        v.metric(Metric::LockoutHoursPer1kUsers),
        8000.0,
        0.0,
    );
    assert_inside("denial_rate", v.metric(Metric::DenialRate), 0.5, 0.0);
    assert_eq!(v.metric(Metric::UsersLockedOut).mean, 1.0);
}

/// With no sign-in frequency, no failures and sessions that never idle out, nobody is
/// ever prompted or denied: exactly zero, not merely small.
#[test]
fn a_session_without_sign_in_frequency_never_prompts() {
    let result = simulate(
        r#"
[people]
give_up_after = 0
[simulation]
horizon = "4d"
replications = 2
[policy]
sign_in_frequency = "never"
[components.token_service]
[methods.password]
factor = "first"
requires = []
[methods.otp]
factor = "second"
requires = []
[apps.mail]
[cohorts.staff]
users = 200
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password", "otp"] }]
"#,
    );
    let v = &result.variants[0];
    assert!(v.metric(Metric::Attempts).mean > 0.0);
    for metric in [
        Metric::PromptsPerUserDay,
        Metric::MfaPromptsPerUserDay,
        Metric::DenialRate,
    ] {
        assert_eq!(v.metric(metric).mean, 0.0, "{}", metric.name());
    }
}
