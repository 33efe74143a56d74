//! The resilience levers against hand-derived expectations: revocation exposure with
//! and without CAE, the device's primary refresh token, backup authentication.

use authsim::montecarlo::metrics::Metric;

mod common;
use common::{assert_inside, simulate};

/// Everyone uses one app continuously (an attempt a second) and is revoked at 00:30.
fn revocation_scenario(policy: &str, app: &str) -> String {
    format!(
        r#"
[simulation]
horizon = "3h"
warmup = "10m"
replications = 20
seed = 4
bucket = "10m"
[policy]
mfa = "never"
access_token_lifetime = "2h"
{policy}
[components.token_service]
[methods.password]
factor = "first"
requires = []
[apps.mail]
early_renewal = false
{app}
[cohorts.staff]
users = 300
apps = ["mail"]
registrations = [{{ share = 1.0, methods = ["password"] }}]
activity = {{ hours = "00:00-24:00", days = "all", attempts_per_hour = 3600 }}
revocations_at = ["30m"]
"#
    )
}

/// Without CAE the revoked user's token lives on until it expires. In continuous use a
/// token of fixed lifetime L = 2 h has a remaining life uniform on (0, L) at any given
/// moment, so the exposure is uniform on (0, L): mean L/2 = 1 h, 95th percentile
/// 0.95 L = 1.9 h. (The p95 comes from 1%-wide bins: allow half a bin, 0.5%.)
#[test]
fn exposure_without_cae_is_the_remaining_token_lifetime() {
    let result = simulate(&revocation_scenario("", ""));
    let v = &result.variants[0];
    assert_inside(
        "revocation_exposure_mean",
        v.metric(Metric::RevocationExposureMean),
        1.0,
        0.0,
    );
    assert_inside(
        "revocation_exposure_p95",
        v.metric(Metric::RevocationExposureP95),
        1.9,
        0.005 * 1.9,
    );
}

/// With CAE the resource cuts the token once the revocation reaches it, a delay d
/// uniform on (0, D), D = 15 min. With an attempt every second the last access on the
/// old token is within a second of r + d: exposure is uniform on (0, D), mean 7.5 min,
/// 95th percentile 14.25 min, and never more than D plus the gap to the next attempt.
#[test]
fn exposure_with_cae_is_bounded_by_the_propagation_delay() {
    let result = simulate(&revocation_scenario(
        "cae = true\ncae_propagation_delay = \"15m\"",
        "cae_capable = true",
    ));
    let v = &result.variants[0];
    let hour = 60.0;
    assert_inside(
        "revocation_exposure_mean",
        v.metric(Metric::RevocationExposureMean),
        7.5 / hour,
        0.0,
    );
    assert_inside(
        "revocation_exposure_p95",
        v.metric(Metric::RevocationExposureP95),
        14.25 / hour,
        0.005 * 14.25 / hour,
    );
    let worst = v
        .values(Metric::RevocationExposureP95)
        .into_iter()
        .fold(0.0, f64::max);
    assert!(
        worst <= (15.0 + 1.0 / 60.0) / hour * 1.005,
        "p95 {worst} h beyond the delay"
    );
    // The revoked users signed in again: one prompt each after the cut.
    assert!(v.metric(Metric::PromptsPerUserDay).mean > 0.0);
}

/// Office workers with two apps whose refresh tokens lapse after 4 idle hours. A
/// refresh token is used at each renewal, at most 90 minutes plus the wait for the
/// next attempt apart in the day (more than 4 h with probability e^-20 at 8 attempts
/// an hour: never, in the 80,000 renewals here), but not overnight: every working morning each app needs an interactive sign-in, one prompt
/// per app and working day: 2 apps x 10 working days / 14 days = 10/7 prompts per user-day over
/// two measured weeks. A registered device's PRT (valid 14 days, renewed every 4 hours
/// in use) signs every app in silently instead: exactly zero prompts.
#[test]
fn a_valid_prt_signs_every_app_in_without_a_prompt() {
    let base = r#"
[simulation]
horizon = "21d"
warmup = "7d"
replications = 4
seed = 9
[policy]
refresh_token_inactivity = "4h"
sign_in_frequency = "never"
mfa = "never"
[components.token_service]
[methods.password]
factor = "first"
requires = []
[apps.mail]
[apps.chat]
[cohorts.office]
users = 200
apps = ["mail", "chat"]
registrations = [{ share = 1.0, methods = ["password"] }]
activity = { hours = "09:00-17:00", days = "mon-fri", attempts_per_hour = 8 }

[[variant]]
name = "registered devices"
set.cohorts.office.device = "registered"
"#;
    let result = simulate(base);
    let (unregistered, registered) = (&result.variants[0], &result.variants[1]);
    let prompts = unregistered.metric(Metric::PromptsPerUserDay);
    assert!(
        (prompts.mean - 10.0 / 7.0).abs() < 1e-9 && prompts.sd < 1e-9,
        "{prompts:?}"
    );
    assert_eq!(registered.metric(Metric::PromptsPerUserDay).mean, 0.0);
    assert_eq!(registered.metric(Metric::DenialRate).mean, 0.0);
}

/// The primary token service is down for the whole measured period; a backup token
/// service is up and covers sessions used within 3 days. Users active every hour
/// renew their existing sessions through it: no denial at all. New sessions (every
/// renewal forced interactive by a tiny sign-in frequency) and guest users are not
/// covered: every attempt is denied.
#[test]
fn backup_authentication_renews_existing_sessions_only() {
    let base = r#"
[simulation]
horizon = "2d"
warmup = "1d"
replications = 3
seed = 12
[policy]
access_token_lifetime = "1ms"
sign_in_frequency = "never"
mfa = "never"
backup_authentication = true
backup_requires = ["backup_token_service"]
[components.token_service]
outages = [{ start = "23h", duration = "2d" }]
[components.backup_token_service]
[methods.password]
factor = "first"
requires = []
[apps.mail]
retry = { attempts = 0 }
[cohorts.staff]
users = 200
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 6 }

[[variant]]
name = "new sessions"
set.cohorts.staff.sign_in_frequency = "1ms"

[[variant]]
name = "guests"
set.cohorts.staff.guest = true

[[variant]]
name = "conditional access blocks"
set.policy.backup_conditional_access = "block"
"#;
    let result = simulate(base);
    let denial = |v: usize| result.variants[v].metric(Metric::DenialRate).mean;
    assert_eq!(
        denial(0),
        0.0,
        "existing sessions are renewed by the backup"
    );
    let v = &result.variants[0];
    let renewals = v.metric(Metric::BackupRenewalsPerUserDay).mean;
    // Every attempt needs a renewal (1 ms tokens): 6 an hour, 144 a day, all by the backup.
    assert!(
        (renewals - v.metric(Metric::TokenRequestsPerUserDay).mean).abs() < 1e-9
            && renewals > 100.0
    );
    for (i, name) in [
        (1, "new sessions"),
        (2, "guests"),
        (3, "conditional access blocks"),
    ] {
        assert_eq!(result.variants[i].name, name);
        assert_eq!(denial(i), 1.0, "{name}: not covered by the backup");
    }
}

/// A cohort's own sign-in frequency is the policy's for that cohort: the same runs.
#[test]
fn a_cohort_sign_in_frequency_overrides_the_policy() {
    let base = r#"
[simulation]
horizon = "5d"
replications = 3
[policy]
sign_in_frequency = "90d"
mfa = "never"
[components.token_service]
[methods.password]
factor = "first"
requires = []
[apps.mail]
[cohorts.admins]
users = 100
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password"] }]

[[variant]]
name = "policy"
set.policy.sign_in_frequency = "4h"

[[variant]]
name = "cohort"
set.cohorts.admins.sign_in_frequency = "4h"
"#;
    let result = simulate(base);
    assert_eq!(
        result.variants[1].whole().samples,
        result.variants[2].whole().samples
    );
    assert!(
        result.variants[1].metric(Metric::PromptsPerUserDay).mean
            > result.variants[0].metric(Metric::PromptsPerUserDay).mean + 0.5
    );
}

/// Workloads call every second through a 2-hour outage of the token service.
/// A client-secret app holds 1-hour tokens: t into the outage its token has expired
/// with probability min(t/L, 1), so (1/D) * (L/2 + D - L) = (2 - 0.5) / 2 = 3/4 of
/// its calls are denied. A managed identity's 24-hour token is renewed at 12 hours,
/// so it always has 12 hours or more left: no call is denied. People see nothing of
/// either: their figures are counted apart.
#[test]
fn managed_identities_ride_out_what_client_secrets_do_not() {
    let base = r#"
[simulation]
horizon = "2h10m"
warmup = "10m"
replications = 20
seed = 21
bucket = "10m"
[components.token_service]
outages = [{ start = "10m", duration = "2h" }]
[methods.password]
factor = "first"
requires = []
[apps.job]
kind = "managed_identity"
retry = { attempts = 0 }
[cohorts.daemons]
kind = "workloads"
users = 300
apps = ["job"]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 3600 }

[[variant]]
name = "client secret"
set.apps.job.kind = "client_secret"
"#;
    let result = simulate(base);
    let (managed, secret) = (&result.variants[0], &result.variants[1]);
    assert_eq!(managed.metric(Metric::WorkloadDenialRate).mean, 0.0);
    assert_inside(
        "workload_denial_rate",
        secret.metric(Metric::WorkloadDenialRate),
        0.75,
        0.0,
    );
    assert_eq!(
        secret.metric(Metric::Attempts).mean,
        0.0,
        "workloads are not people"
    );
    assert_eq!(secret.metric(Metric::PromptsPerUserDay).mean, 0.0);
}

/// Everyone's silent renewals fail for the whole measured period (1-ms tokens, so
/// every use needs one; no sign-in frequency, so no session lapses into an
/// interactive sign-in, which the client would not retry). With `backoff = "none"` each denied use makes exactly one
/// token request; with 3 fixed retries 5 s apart, four, less the rare use that falls
/// inside a running chain (uses come once an hour: e^(-15 s / 1 h) of them start one).
#[test]
fn the_retry_policy_sets_the_requests_per_denied_use() {
    let base = r#"
[simulation]
horizon = "3d"
warmup = "1d"
replications = 3
seed = 30
[policy]
access_token_lifetime = "1ms"
sign_in_frequency = "never"
mfa = "never"
[components.token_service]
outages = [{ start = "23h", duration = "3d" }]
[methods.password]
factor = "first"
requires = []
[apps.mail]
retry = { backoff = "none" }
[cohorts.staff]
users = 500
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 1 }

[[variant]]
name = "fixed"
set.apps.mail.retry = { backoff = "fixed", attempts = 3, backoff_base = "5s", jitter = false }
"#;
    let result = simulate(base);
    let per_use = |v: usize| {
        let r = &result.variants[v];
        // Requests per user-day x 500 users x 2 measured days / uses.
        r.metric(Metric::TokenRequestsPerUserDay).mean * 500.0 * 2.0
            / r.metric(Metric::Attempts).mean
    };
    assert!((per_use(0) - 1.0).abs() < 1e-9, "{}", per_use(0));
    let expected = 1.0 + 3.0 * (-15.0f64 / 3600.0).exp();
    assert!(
        (per_use(1) - expected).abs() < 0.01,
        "{} vs {expected}",
        per_use(1)
    );
}

/// MFA remembered on the device for N = 400 days: users start with a uniformly
/// random part of it left, so a share 9/400 of them see it run out during the 9
/// measured days and do MFA once more (within hours, at their next sign-in, which a
/// 4-hour sign-in frequency forces): 1/400 MFA prompts per user-day. Remembered
/// "never", every sign-in asks for the second factor: exactly as many MFA prompts
/// as prompts.
#[test]
fn remembered_mfa_is_asked_for_again_only_when_it_runs_out() {
    let base = r#"
[simulation]
horizon = "10d"
warmup = "1d"
replications = 10
seed = 33
[policy]
sign_in_frequency = "4h"
remember_mfa = "400d"
[components.token_service]
[methods.password]
factor = "first"
requires = []
[methods.otp]
factor = "second"
requires = []
[apps.mail]
[cohorts.staff]
users = 10000
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password", "otp"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 4 }

[[variant]]
name = "never remembered"
set.policy.remember_mfa = "never"
"#;
    let result = simulate(base);
    let (remembered, never) = (&result.variants[0], &result.variants[1]);
    assert_inside(
        "mfa_prompts_per_user_day",
        remembered.metric(Metric::MfaPromptsPerUserDay),
        1.0 / 400.0,
        0.0,
    );
    assert_eq!(
        never.values(Metric::MfaPromptsPerUserDay),
        never.values(Metric::PromptsPerUserDay)
    );
    assert!(never.metric(Metric::PromptsPerUserDay).mean > 4.0);
}

/// A cohort on the clock (`every = "1h"`) calls at each whole hour of its working
/// day: 09:00 to 16:00 is 8 calls, on each of the 5 working days of the measured week,
/// for every user at the same instants: exactly 40 attempts per user, no spread.
#[test]
fn a_clock_schedule_calls_on_every_tick_of_working_time() {
    let result = simulate(
        r#"
[simulation]
horizon = "8d"
warmup = "1d"
replications = 2
[policy]
mfa = "never"
[components.token_service]
[methods.password]
factor = "first"
requires = []
[apps.report]
[cohorts.staff]
users = 50
apps = ["report"]
registrations = [{ share = 1.0, methods = ["password"] }]
activity = { hours = "09:00-17:00", days = "mon-fri", every = "1h" }
"#,
    );
    let attempts = result.variants[0].metric(Metric::Attempts);
    assert_eq!((attempts.mean, attempts.sd), (50.0 * 40.0, 0.0));
}
