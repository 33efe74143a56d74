//! More infrastructure levers against hand-worked expectations: the fallback
//! switch with realistic sessions, rules for several cohorts, a block, a
//! common-cause event over a redundancy group, guests and a cohort's own link.
//! Each expectation is derived in its comment.

use authsim::montecarlo::metrics::Metric;

mod common;
use common::{assert_inside, simulate};

/// A day of warm-up and two measured days of one app used 60 times an hour all
/// day, with `extra` appended.
fn all_day(policy: &str, extra: &str) -> String {
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
{policy}
[components.token_service]
[apps.mail]
early_renewal = false
retry = {{ backoff = "none" }}
{extra}
"#
    )
}

const EVERY_ATTEMPT_SIGNS_IN: &str =
    "access_token_lifetime = \"1ms\"\nsign_in_frequency = \"1ms\"\nmfa = \"never\"";

/// Sessions last F = 4 h (sign-in frequency); access tokens of a millisecond, so
/// every use renews with the refresh token, which federation does not serve. A user
/// needs an interactive sign-in at the first use after the session runs out: once
/// a cycle of C = F + 1/λ = 4 h 01 min (λ = 60 uses an hour), at a phase uniform
/// over the cycle. Federation is down D = 3 h; the switch to hash sync takes effect
/// d = 30 + 30 min = 1 h in. A user whose sign-in falls s < d into the outage has
/// that use and the λ (d - s) after it denied: d/C + λ d² / 2C uses in expectation,
/// 7.72 of the user's 48 λ = 2,880 measured ones. Without the switch, d = D: 67.97.
#[test]
fn a_fallback_switch_denies_what_the_first_hour_denies_users_due_to_sign_in() {
    let scenario = all_day(
        "access_token_lifetime = \"1ms\"\nsign_in_frequency = \"4h\"\nmfa = \"never\"",
        r#"
[components.federation]
outages = [{ start = "2d 10:00", duration = "3h" }]
[methods.federated_password]
factor = "first"
requires = ["federation"]
[methods.password_hash_sync]
factor = "first"
requires = []
[fallback.hash_sync]
method = "federated_password"
to = "password_hash_sync"
decide_after = "30m"
propagation = "30m"
switch_back = "2h"
[cohorts.staff]
users = 1000
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["federated_password"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 60 }
[[variant]]
name = "no switch"
set.fallback.hash_sync.decide_after = "never"
"#,
    );
    let result = simulate(&scenario);
    let (switch, none) = (&result.variants[0], &result.variants[1]);
    let (lambda, cycle) = (60.0, 4.0 + 1.0 / 60.0);
    let denied = |d: f64| (d / cycle + lambda * d * d / (2.0 * cycle)) / (48.0 * lambda);
    assert_inside(
        "with the switch",
        switch.metric(Metric::DenialRate),
        denied(1.0),
        0.0,
    );
    assert_inside("without", none.metric(Metric::DenialRate), denied(3.0), 0.0);
}

/// Two rules allow the emergency method `tap` after the MFA service has been down
/// 30 min, one for each cohort. Every attempt signs in with MFA, so each cohort
/// is denied only the first 30 min of the 4 h outage: 0.5 of 48 hours. (Were the
/// second rule ignored, cohort b would lose all 4 h: 2.25 / 48 overall.)
#[test]
fn rules_for_different_cohorts_each_let_their_cohort_in() {
    let scenario = all_day(
        &EVERY_ATTEMPT_SIGNS_IN.replace("never", "every_sign_in"),
        r#"
[components.mfa_service]
outages = [{ start = "2d 10:00", duration = "4h" }]
[methods.password]
factor = "first"
requires = []
[methods.push]
factor = "second"
requires = ["mfa_service"]
[methods.tap]
factor = "second"
requires = []
[cohorts.a]
users = 300
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password", "push", "tap"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 60 }
[cohorts.b]
users = 300
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password", "push", "tap"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 60 }
[contingency.for_a]
when_down = ["mfa_service"]
after = "30m"
action = "allow_method"
method = "tap"
cohorts = ["a"]
[contingency.for_b]
when_down = ["mfa_service"]
after = "30m"
action = "allow_method"
method = "tap"
cohorts = ["b"]
"#,
    );
    let v = &simulate(&scenario).variants[0];
    assert_inside("denial rate", v.metric(Metric::DenialRate), 0.5 / 48.0, 0.0);
}

/// A rule blocks contractors while the risk engine is down (2 h from 09:00). A
/// block stops refresh-token redemption too, so each contractor is denied from
/// the expiry of the access token they held at 09:00 to 11:00. A 1-hour token is
/// renewed at the first use after it expires, a minute later on average (60 uses
/// an hour), so at 09:00 a contractor holds a valid token 60 of every 61 minutes,
/// with its remaining life uniform over the hour: 30 x 60/61 min on average.
/// Denied: 120 - 29.5 = 90.5 of the 48 x 60 measured minutes (within half a
/// minute). Staff are not blocked; half of all attempts are the contractors'.
#[test]
fn a_block_stops_silent_renewals_too() {
    let scenario = all_day(
        "access_token_lifetime = \"1h\"\nmfa = \"never\"",
        r#"
[components.risk_engine]
outages = [{ start = "2d 09:00", duration = "2h" }]
[methods.password]
factor = "first"
requires = []
[cohorts.contractors]
users = 1000
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 60 }
[cohorts.staff]
users = 1000
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 60 }
[contingency.lockdown]
when_down = ["risk_engine"]
action = "block"
cohorts = ["contractors"]
"#,
    );
    let v = &simulate(&scenario).variants[0];
    let minutes = 120.0 - 30.0 * 60.0 / 61.0;
    let half_a_minute = 0.5 * 0.5 / (48.0 * 60.0);
    assert_inside(
        "denial rate",
        v.metric(Metric::DenialRate),
        0.5 * minutes / (48.0 * 60.0),
        half_a_minute,
    );
}

/// Three pass-through agents, any one enough, never fail on their own; a power
/// cut at the site takes all three down for 2 h. Every attempt signs in, so 2 of
/// 48 hours are denied, however many agents there are.
#[test]
fn a_common_cause_event_takes_a_whole_group_down() {
    let scenario = all_day(
        EVERY_ATTEMPT_SIGNS_IN,
        r#"
[components.agents]
instances = 3
needed = 1
[common_cause.site_power]
components = ["agents"]
outages = [{ start = "2d 09:00", duration = "2h" }]
[methods.password]
factor = "first"
requires = ["agents"]
[cohorts.staff]
users = 500
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 60 }
"#,
    );
    let v = &simulate(&scenario).variants[0];
    assert_inside("denial rate", v.metric(Metric::DenialRate), 2.0 / 48.0, 0.0);
}

/// Guests sign in at their home identity provider, down 3 h; staff do not need
/// it. Every attempt signs in, so guests lose 3 of 48 hours and staff none: half
/// the attempts are guests', 1.5 / 48 overall. A branch office's link, down 2 h,
/// cuts its users off the resource with a valid day-long token: 2 of 48 hours,
/// on the resource side.
#[test]
fn guests_need_their_home_idp_and_a_branch_its_link() {
    let guests = all_day(
        EVERY_ATTEMPT_SIGNS_IN,
        r#"
[components.partner_idp]
outages = [{ start = "2d 09:00", duration = "3h" }]
[methods.password]
factor = "first"
requires = []
[cohorts.guests]
users = 500
guest = true
sign_in_requires = ["partner_idp"]
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 60 }
[cohorts.staff]
users = 500
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 60 }
"#,
    );
    let v = &simulate(&guests).variants[0];
    assert_inside("guests", v.metric(Metric::DenialRate), 1.5 / 48.0, 0.0);
    let branch = all_day(
        "access_token_lifetime = \"1d\"\nmfa = \"never\"",
        r#"
[components.branch_link]
outages = [{ start = "2d 09:00", duration = "2h" }]
[methods.password]
factor = "first"
requires = []
[cohorts.branch]
users = 500
requires = ["branch_link"]
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 60 }
"#,
    )
    .replace("early_renewal = false", "early_renewal = true");
    let v = &simulate(&branch).variants[0];
    assert_inside("branch", v.metric(Metric::DenialRate), 2.0 / 48.0, 0.0);
    assert!(v.metric(Metric::ResourceDenialRate).mean > 0.9 * 2.0 / 48.0);
}
