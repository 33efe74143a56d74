//! Policy staleness and the exposure the levers add, against closed forms.
//! A change falls at a uniformly random moment an app holds a valid token (a
//! live session for a change only a sign-in meets); its staleness is the time
//! from it to the evaluation that meets it. Seeded, so they pass or fail the
//! same way every time.

use authsim::montecarlo::metrics::Metric;

mod common;
use common::{assert_inside, simulate};

/// One app used all day as a Poisson stream (`per_hour` uses an hour), with the
/// `policy` lines given and a password sign-in with no MFA.
fn scenario(policy: &str, app: &str, per_hour: u32) -> String {
    format!(
        r#"
[simulation]
horizon = "6d"
warmup = "2d"
replications = 10
seed = 22
[policy]
mfa = "never"
{policy}
[components.token_service]
[methods.password]
factor = "first"
requires = []
[apps.mail]
retry = {{ attempts = 0 }}
{app}
[cohorts.staff]
users = 200
apps = ["mail"]
registrations = [{{ share = 1.0, methods = ["password"] }}]
activity = {{ hours = "00:00-24:00", days = "all", attempts_per_hour = {per_hour} }}
"#
    )
}

fn hours(minutes: f64) -> f64 {
    minutes / 60.0
}

/// The p95 comes from 1% log bins: each period's time left stands for its
/// bin's middle, within 0.5%.
fn binned(expected: f64) -> f64 {
    0.006 * expected
}

/// A fixed lifetime L = 2 h, never renewed early: each token is issued at a use
/// and serves its full L (the next use after its expiry takes a new one; the
/// gap between is no access, so no moment). Over the moments a valid token is
/// held the time left is uniform on (0, L): mean L/2 = 1 h, p95 0.95 L = 1.9 h,
/// whatever the gaps between uses (2 an hour here, so gaps are long).
#[test]
fn a_fixed_lifetime_leaves_half_of_it_on_average() {
    let text = scenario(
        "access_token_lifetime = \"2h\"\nchanges = { policy = 1.0 }",
        "early_renewal = false",
        2,
    );
    let result = simulate(&text);
    let v = &result.variants[0];
    assert_inside("mean", v.metric(Metric::PolicyStalenessMean), 1.0, 0.0);
    let p95 = v.metric(Metric::PolicyStalenessP95);
    assert_inside("p95", p95, 1.9, binned(1.9));
    // With no warm-up and a horizon of two lifetimes, every moment counted is
    // served by the token drawn in its steady state at time zero or by the one
    // open at the horizon: the same law, the same L/2.
    let short = text.replace(
        "horizon = \"6d\"\nwarmup = \"2d\"",
        "horizon = \"4h\"\nwarmup = \"0s\"",
    );
    assert_ne!(short, text);
    let v = &simulate(&short).variants[0];
    assert_inside(
        "mean from time zero",
        v.metric(Metric::PolicyStalenessMean),
        1.0,
        0.0,
    );
}

/// Lifetimes uniform on 60-90 minutes: a random moment falls in a token of
/// length L with probability proportional to L (length bias), so the mean time
/// left is E[L²] / (2 E[L]) = (75² + 30²/12) / 150 = 38 min. The tail:
/// P(S > x) = E[(L - x)⁺] / E[L]; for x in [60, 90] that is (90 - x)² / (60 · 75),
/// which is 0.05 at (90 - x)² = 225: p95 = 75 min.
#[test]
fn tokens_of_60_to_90_minutes_leave_38_minutes_on_average() {
    let result = simulate(&scenario(
        "access_token_lifetime = \"60m..90m\"\nchanges = { critical_event = 1.0 }",
        "",
        60,
    ));
    let v = &result.variants[0];
    assert_inside(
        "mean",
        v.metric(Metric::PolicyStalenessMean),
        hours(38.0),
        0.0,
    );
    let p95 = v.metric(Metric::PolicyStalenessP95);
    assert_inside("p95", p95, hours(75.0), binned(hours(75.0)));
}

/// CAE tokens of a fixed L = 2 h (not renewed early), propagation delay
/// D = 15 min, the delay uniform on (0, D) as for a revocation. For a
/// critical event the staleness is min(R, δ), R uniform on (0, L):
/// E = (1/L) ∫₀^L E[min(r, δ)] dr = (D²/3 + (L - D) D/2) / L
///   = (75 + 105 · 7.5) / 120 = 7.1875 min,
/// and P(S > x) = (1 - x/L)(1 - x/D) = 0.05 at x² - 135x + 1710 = 0:
/// x = (135 - √11385) / 2 = 14.150 min. For a policy change CAE does not carry,
/// the full L/2 = 60 min; the mix of the two halves is their mean.
#[test]
fn cae_cuts_a_critical_event_within_its_delay() {
    let cae = |changes: &str| {
        let policy = format!(
            "cae = true\ncae_token_lifetime = \"2h\"\ncae_propagation_delay = \"15m\"\nchanges = {changes}"
        );
        simulate(&scenario(
            &policy,
            "cae_capable = true\nearly_renewal = false",
            60,
        ))
    };
    let critical = cae("{ critical_event = 1.0 }");
    let v = &critical.variants[0];
    let mean = (75.0 + 105.0 * 7.5) / 120.0;
    assert_inside(
        "critical mean",
        v.metric(Metric::PolicyStalenessMean),
        hours(mean),
        0.0,
    );
    let p95 = hours((135.0 - 11385f64.sqrt()) / 2.0);
    let simulated = v.metric(Metric::PolicyStalenessP95);
    assert_inside("critical p95", simulated, p95, binned(p95));
    let mixed = cae("{ critical_event = 0.5, policy = 0.5 }");
    let v = &mixed.variants[0];
    let expected = hours(0.5 * mean + 0.5 * 60.0);
    assert_inside(
        "mixed mean",
        v.metric(Metric::PolicyStalenessMean),
        expected,
        0.0,
    );
}

/// Sign-in frequency F = 4 h with tokens of a fixed L = 1 h and a use every
/// second: after a sign-in at s, renewals come at s + k(L + g), g about a
/// second, and the first at or after s + F (k = 4) signs in again. The session
/// serves from s until its fourth token expires, 4L + 3g: the time left to the
/// next sign-in is uniform on (0, 4 h + 3g), mean 2 h, p95 3.8 h, to within
/// the gaps (3 s in 4 h, the slack).
/// The token kinds in the same world: L/2 = 30 min; a mix of the two is their
/// weighted mean.
#[test]
fn a_change_that_needs_a_sign_in_waits_for_the_sign_in_frequency() {
    let world = |changes: &str| {
        let policy = format!(
            "access_token_lifetime = \"1h\"\nsign_in_frequency = \"4h\"\nchanges = {changes}"
        );
        simulate(&scenario(&policy, "early_renewal = false", 3600))
    };
    let sign_in = world("{ sign_in = 1.0 }");
    let v = &sign_in.variants[0];
    let gaps = 3.0 / 3600.0;
    assert_inside(
        "sign-in mean",
        v.metric(Metric::PolicyStalenessMean),
        2.0,
        gaps,
    );
    let p95 = v.metric(Metric::PolicyStalenessP95);
    assert_inside("sign-in p95", p95, 3.8, binned(3.8));
    let mixed = world("{ policy = 0.75, sign_in = 0.25 }");
    let v = &mixed.variants[0];
    let expected = 0.75 * 0.5 + 0.25 * 2.0;
    assert_inside(
        "mixed mean",
        v.metric(Metric::PolicyStalenessMean),
        expected,
        gaps,
    );
}

/// Everyone signs in again at every token (sign-in frequency and token both
/// 1 h, a use every second), with MFA by SMS on a registered device. The MFA
/// service is down for W = 3 h inside the measured period, and a contingency
/// rule accepts the compliant device instead: every sign-in in it waives MFA
/// and begins a session that serves one token, L = 1 h. Sign-ins come every
/// L + g (g the 1 s wait for the next use), so W / (L + g) of them fall in the
/// window, each with L of session: W · L / (L + g) hours a user, 2999.2 hours
/// per 1,000 users; and W / (L + g) = 2.9992 waived sign-ins a user.
#[test]
fn sessions_begun_with_mfa_waived_last_until_the_next_sign_in() {
    let result = simulate(
        r#"
[simulation]
horizon = "4d"
warmup = "2d"
replications = 10
seed = 23
[policy]
access_token_lifetime = "1h"
sign_in_frequency = "1h"
mfa = "every_sign_in"
[components.token_service]
[components.mfa_service]
outages = [{ start = "2d 10:00", duration = "3h" }]
[methods.password]
factor = "first"
requires = []
[methods.sms]
factor = "second"
requires = ["mfa_service"]
[apps.mail]
early_renewal = false
retry = { attempts = 0 }
[contingency.compliant_device]
when_down = ["mfa_service"]
action = "accept_compliant_device"
[cohorts.staff]
users = 200
device = "registered"
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password", "sms"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 3600 }
"#,
    );
    let v = &result.variants[0];
    let per_user = 3.0 / (1.0 + 1.0 / 3600.0);
    let hours = v.metric(Metric::MfaWaivedSessionHoursPer1kUsers);
    assert_inside("waived session hours", hours, 1000.0 * per_user, 0.0);
    let waived = v.metric(Metric::MfaWaivedSignIns);
    assert_inside("waived sign-ins", waived, 200.0 * per_user, 0.0);
}

/// Sign-in frequency 2 h, tokens of 1 h, a use every second: after a sign-in
/// at s the first renewal comes at s + L + g (g the wait from the expiry to the
/// next use, 1 s on average) and the second, past the frequency, signs in. The
/// token service is down for 6 h and the backup service renews sessions: each
/// renewal it serves is a first renewal, judged on conditional-access data
/// from the sign-in, L + E[g] = 1 h + 1 s old.
#[test]
fn backup_renewals_are_judged_on_data_from_the_sessions_start() {
    let result = simulate(
        r#"
[simulation]
horizon = "4d"
warmup = "2d"
replications = 10
seed = 24
[policy]
access_token_lifetime = "1h"
sign_in_frequency = "2h"
mfa = "never"
backup_authentication = true
backup_requires = ["backup_token_service"]
[components.token_service]
outages = [{ start = "2d 10:00", duration = "6h" }]
[components.backup_token_service]
[methods.password]
factor = "first"
requires = []
[apps.mail]
early_renewal = false
retry = { attempts = 0 }
[cohorts.staff]
users = 200
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 3600 }
"#,
    );
    let v = &result.variants[0];
    let age = v.metric(Metric::BackupRenewalDataAgeMean);
    assert_inside("data age", age, 1.0 + 1.0 / 3600.0, 0.0);
}

/// The bundled default scenario reports policy staleness for every design.
/// Its tokens are never renewed early below 2 h, so the baseline's is the
/// 60-90 minute closed form, 38 min (the default change mix waits on tokens
/// alone; no CAE, so critical events and policy changes wait alike); 8 h and
/// 24 h tokens are renewed early at half their life, so each of their tokens
/// serves at least 4 h and 12 h (at most 8 h and 24 h): they average at least
/// 2 h and 6 h (at most 4 h and 12 h). The sign-in kind, reported apart, waits
/// on the 90-day sign-in frequency whatever the tokens: about half of it, 45
/// days, moved by no more than a token's life between designs.
#[test]
fn the_default_scenario_prices_longer_tokens_in_staleness() {
    let text = std::fs::read_to_string("scenarios/token-service-outage.toml").unwrap();
    let result = simulate(&text);
    let mean = |name: &str, metric: Metric| {
        let v = result.variants.iter().find(|v| v.name == name).unwrap();
        v.metric(metric).mean
    };
    let policy = |name: &str| mean(name, Metric::PolicyStalenessMean);
    let (baseline, eight, day) = (
        policy("baseline"),
        policy("8h tokens"),
        policy("24h tokens"),
    );
    assert!(
        (baseline - 38.0 / 60.0).abs() < 0.01,
        "baseline {baseline} h, not 38 min"
    );
    assert!((2.0..=4.0).contains(&eight), "8h tokens: {eight} h");
    assert!((6.0..=12.0).contains(&day), "24h tokens: {day} h");
    for name in ["baseline", "8h tokens", "24h tokens"] {
        let sign_in = mean(name, Metric::SignInStalenessMean);
        assert!(
            (sign_in - 45.0 * 24.0).abs() < 0.1 * 45.0 * 24.0,
            "{name}: sign-in staleness {sign_in} h, not about 45 days"
        );
    }
}

/// The same world as the contingency rule's, with the first factor federated:
/// the federation servers are down 10:00-16:00 and a fallback switch to
/// password hash sync is in effect at once (no decision delay, no
/// propagation, 1 ms each) until an hour after they recover, W = 7 h. Every sign-in in it
/// goes through the replacement and begins a session of one 1 h token:
/// W · L / (L + g) hours a user, 6998.1 hours per 1,000 users. Seven for all
/// but the users whose sign-ins fall in the last 6 s of the hour (one in 600),
/// so a replication may see none: the gaps' 1.9 hours per 1,000 are the slack
/// (and 1e-6 for rounding); never more than 7 (eight sign-ins take 7 h + 7g).
#[test]
fn sessions_begun_through_a_fallback_switch_are_counted_while_they_serve() {
    let result = simulate(
        r#"
[simulation]
horizon = "4d"
warmup = "2d"
replications = 10
seed = 25
[policy]
access_token_lifetime = "1h"
sign_in_frequency = "1h"
mfa = "never"
[components.token_service]
[components.federation]
outages = [{ start = "2d 10:00", duration = "6h" }]
[methods.federated_password]
factor = "first"
requires = ["federation"]
[methods.password_hash_sync]
factor = "first"
requires = []
[fallback.hash_sync]
method = "federated_password"
to = "password_hash_sync"
decide_after = "1ms"
propagation = "1ms"
switch_back = "1h"
[apps.mail]
early_renewal = false
retry = { attempts = 0 }
[cohorts.staff]
users = 200
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["federated_password"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 3600 }
"#,
    );
    let v = &result.variants[0];
    let per_user = 7.0 / (1.0 + 1.0 / 3600.0);
    let hours = v.metric(Metric::FallbackSessionHoursPer1kUsers);
    let gaps = 1000.0 * (7.0 - per_user);
    assert_inside(
        "fallback session hours",
        hours,
        1000.0 * per_user,
        gaps + 1e-6,
    );
    assert!(
        hours.mean <= 7000.0 + 1e-6,
        "at most 7 sessions a user: {}",
        hours.mean
    );
    let denied = v.metric(Metric::DenialRate).mean;
    assert!(denied < 1e-6, "the switch is in effect at once: {denied}");
}
