//! What the model got wrong before, each against its derivation: backup
//! authentication's coverage by client type, the PRT renewed on its own schedule,
//! a retried renewal counted as a delay rather than a denial, and CAE tokens for
//! a resource that cannot enforce location policy.

use authsim::montecarlo::metrics::Metric;

mod common;
use common::{assert_inside, simulate};

/// A 2-hour token-service outage from 10:00 on day 2, with the backup service up.
/// A confidential web app is not covered, so its users are denied from the moment
/// their 1-hour cookie runs out. With attempts a mean g = 1 min apart, a cookie
/// (or token) of lifetime L is renewed at the first attempt after it expires, so
/// renewals come every C = L + g; at the outage's start a user is in that gap
/// with probability g/C (denied for all D) and otherwise holds a credential
/// expiring uniformly within L (denied D - L/2 on average, for D >= L):
/// E[denied] = (g D + L (D - L/2)) / C. Web app, L = 60 min, D = 120 min:
/// (120 + 5,400) / 61 = 90.49 min of the 48 measured hours. A managed identity
/// renewing every 10 minutes is covered: no denial. A client-secret workload, L =
/// 10 min, is not: (120 + 1,150) / 11 = 115.45 min.
#[test]
fn backup_covers_public_clients_and_managed_identities_only() {
    let result = simulate(
        r#"
[people]
give_up_after = 0
[simulation]
horizon = "3d"
warmup = "1d"
replications = 20
seed = 8
[policy]
mfa = "never"
backup_authentication = true
backup_requires = ["backup_token_service"]
[components.token_service]
outages = [{ start = "2d 10:00", duration = "2h" }]
[components.backup_token_service]
[methods.password]
factor = "first"
requires = []
[apps.portal]
kind = "web_app"
retry = { backoff = "none" }
[apps.daemon]
kind = "managed_identity"
token_lifetime = "10m"
early_renewal = false
retry = { backoff = "none" }
[apps.job]
kind = "client_secret"
token_lifetime = "10m"
retry = { backoff = "none" }
[cohorts.staff]
users = 500
apps = ["portal"]
registrations = [{ share = 1.0, methods = ["password"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 60 }
[cohorts.daemons]
kind = "workloads"
users = 200
apps = ["daemon"]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 60 }
[[variant]]
name = "client secrets"
set.cohorts.daemons.apps = ["job"]
"#,
    );
    let (base, secrets) = (&result.variants[0], &result.variants[1]);
    let denied = |g: f64, l: f64, d: f64| (g * d + l * (d - l / 2.0)) / (l + g) / (48.0 * 60.0);
    assert_inside(
        "web app",
        base.metric(Metric::DenialRate),
        denied(1.0, 60.0, 120.0),
        0.0,
    );
    assert_eq!(base.metric(Metric::WorkloadDenialRate).mean, 0.0);
    let client_secret = secrets.metric(Metric::WorkloadDenialRate);
    assert_inside(
        "client secret",
        client_secret,
        denied(1.0, 10.0, 120.0),
        0.0,
    );
}

/// Registered devices through an 8-hour token-service outage, in continuous use
/// (60 attempts an hour) with millisecond tokens: every attempt is one request.
/// The device also renews its PRT in the background, once every 4 hours of use
/// whether that works or not: the first attempt 4 h after the last try, so every
/// 4 h + 1 min on average, 24 / (4 + 1/60) = 5.975 a day more than unregistered
/// devices. (Before, a failed renewal was retried at every attempt: twice the
/// load through the outage.)
#[test]
fn a_failed_prt_renewal_does_not_multiply_the_load() {
    let result = simulate(
        r#"
[people]
give_up_after = 0
[simulation]
horizon = "3d"
warmup = "1d"
replications = 20
seed = 9
[policy]
mfa = "never"
access_token_lifetime = "1ms"
[components.token_service]
outages = [{ start = "2d 08:00", duration = "8h" }]
[methods.password]
factor = "first"
requires = []
[apps.mail]
early_renewal = false
retry = { backoff = "none" }
[cohorts.staff]
users = 300
apps = ["mail"]
device = "registered"
registrations = [{ share = 1.0, methods = ["password"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 60 }
[[variant]]
name = "unregistered"
set.cohorts.staff.device = "unregistered"
"#,
    );
    let (registered, unregistered) = (&result.variants[0], &result.variants[1]);
    let extra: Vec<f64> = registered
        .values(Metric::TokenRequestsPerUserDay)
        .iter()
        .zip(unregistered.values(Metric::TokenRequestsPerUserDay))
        .map(|(r, u)| r - u)
        .collect();
    let extra = authsim::montecarlo::stats::Estimate::from_samples(&extra);
    assert_inside("PRT renewals a day", extra, 24.0 / (4.0 + 1.0 / 60.0), 0.05);
}

/// The token service blinks off for 10 seconds. Every attempt needs a new token
/// (millisecond tokens); one that fails is retried 5 s later, then after 5 to 10
/// s more (jittered exponential backoff). Those from the blink's first 5 s fail
/// once more and get through 5 + U(5, 10) s later, 12.5 s on average; those from
/// its last 5 s get through at the first retry, 5 s later. No attempt is denied,
/// the blink's 10 s of attempts are delayed, by 8.75 s on average: 40,000 users
/// at one attempt an hour make 111 in it. (Attempts an hour apart rarely share a
/// retry: one that does gets through with it, sooner.)
#[test]
fn a_renewal_the_client_retries_into_success_is_a_delay_not_a_denial() {
    let result = simulate(
        r#"
[people]
give_up_after = 0
[simulation]
horizon = "3d"
warmup = "1d"
replications = 20
seed = 10
[policy]
mfa = "never"
access_token_lifetime = "1ms"
sign_in_frequency = "never"
[components.token_service]
outages = [{ start = "2d 12:00", duration = "10s" }]
[methods.password]
factor = "first"
requires = []
[apps.mail]
early_renewal = false
[cohorts.staff]
users = 40000
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password"] }]
activity = { hours = "11:00-13:00", days = "all", attempts_per_hour = 1 }
"#,
    );
    let v = &result.variants[0];
    assert_eq!(v.metric(Metric::DenialRate).mean, 0.0);
    assert_eq!(v.metric(Metric::UsersLockedOut).mean, 0.0);
    let expected = 40_000.0 * 10.0 / 3600.0;
    assert_inside("delayed", v.metric(Metric::DelayedAttempts), expected, 0.0);
    assert_inside("mean delay", v.metric(Metric::DelayMeanSeconds), 8.75, 0.0);
}

/// A CAE-capable app whose resource cannot enforce location policy gets 1-hour
/// CAE tokens (the documented fallback), not 20-28 hours. Renewed at the first
/// attempt after expiry (attempts g = 1 min apart on average), tokens of L = 60
/// min come every C = 61 min; a 30-minute outage (D < L) denies a user who is in
/// the renewal gap at its start for all of it (probability g/C: D g / C on
/// average), and one whose token expires inside it for the rest (density 1/C:
/// D^2 / 2C): (30 + 450) / 61 = 7.869 min of the 48 measured hours. With 24-hour
/// CAE tokens renewed early, none.
#[test]
fn cae_tokens_fall_back_to_an_hour_where_location_policy_cannot_be_enforced() {
    let result = simulate(
        r#"
[people]
give_up_after = 0
[simulation]
horizon = "3d"
warmup = "1d"
replications = 20
seed = 12
[policy]
mfa = "never"
sign_in_frequency = "never"
cae = true
cae_token_lifetime = "24h"
[components.token_service]
outages = [{ start = "2d 12:00", duration = "30m" }]
[methods.password]
factor = "first"
requires = []
[apps.mail]
cae_capable = true
enforces_location_policy = false
retry = { backoff = "none" }
[cohorts.staff]
users = 1000
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 60 }
[[variant]]
name = "enforces location policy"
set.apps.mail.enforces_location_policy = true
"#,
    );
    let (fallback, long) = (&result.variants[0], &result.variants[1]);
    let expected = (30.0 + 450.0) / 61.0 / (48.0 * 60.0);
    assert_inside(
        "1 h CAE tokens",
        fallback.metric(Metric::DenialRate),
        expected,
        0.0,
    );
    assert_eq!(long.metric(Metric::DenialRate).mean, 0.0);
}
