//! The infrastructure levers against closed forms and hand-worked cases: redundancy
//! groups, resource-side dependencies, signing keys at the resource, the hybrid
//! fallback switch and contingency access policies. Each expectation is derived
//! in its comment.

use authsim::montecarlo::metrics::Metric;
use authsim::montecarlo::series::SeriesMetric;
use authsim::montecarlo::stats::Estimate;

mod common;
use common::{assert_inside, simulate};

/// Users signing in interactively at every attempt (tokens and sessions of a
/// millisecond), all day, six attempts an hour, with `extra` appended.
fn every_attempt_signs_in(extra: &str) -> String {
    format!(
        r#"
[people]
give_up_after = 0
[simulation]
horizon = "3d"
warmup = "1d"
replications = 20
seed = 5
[policy]
access_token_lifetime = "1ms"
sign_in_frequency = "1ms"
mfa = "never"
[components.token_service]
[apps.mail]
early_renewal = false
retry = {{ backoff = "none" }}
{extra}
"#
    )
}

/// Two of three copies of a user's group must be up; each copy is up 2 h and
/// down 1 h on average (exponential), so up with probability a = 2/3, on its own.
/// The group is up with probability 3 a^2 (1 - a) + a^3 = 12/27 + 8/27 = 20/27;
/// attempts see time averages (PASTA), so 7/27 of them are denied.
#[test]
fn a_two_of_three_group_is_down_as_the_binomial_says() {
    let result = simulate(&every_attempt_signs_in(
        r#"
[components.keys]
scope = "per_user"
instances = 3
needed = 2
time_to_failure = { distribution = "exponential", mean = "2h" }
time_to_repair = { distribution = "exponential", mean = "1h" }
[methods.key]
factor = "first"
requires = ["keys"]
[cohorts.staff]
users = 1000
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["key"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 6 }
"#,
    ));
    let v = &result.variants[0];
    assert_inside("denial_rate", v.metric(Metric::DenialRate), 7.0 / 27.0, 0.0);
}

/// Any one of three pass-through agents suffices (1 of 3), each up 2 h and down
/// 1 h on average: the group is down only with all three, (1/3)^3 = 1/27 of the
/// time. The agents are the tenant's, shared by every user, so the spread comes
/// from the replications: 400 of them, 50 users each.
#[test]
fn any_one_of_three_shared_agents_keeps_sign_in_up() {
    let mut scenario = every_attempt_signs_in(
        r#"
[components.agents]
instances = 3
needed = 1
time_to_failure = { distribution = "exponential", mean = "2h" }
time_to_repair = { distribution = "exponential", mean = "1h" }
[methods.password]
factor = "first"
requires = ["agents"]
[cohorts.staff]
users = 50
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 60 }
"#,
    );
    scenario = scenario.replace("replications = 20", "replications = 400");
    let v = &simulate(&scenario).variants[0];
    assert_inside("denial_rate", v.metric(Metric::DenialRate), 1.0 / 27.0, 0.0);
}

/// A valid token does not help when the resource is unreachable. The token
/// service is down 2 h and the app's connector 3 h, at other times: identity
/// denials are the first window's share of the 48 measured hours (every attempt
/// needs a token), resource denials the second's, and together the total.
#[test]
fn denials_split_into_identity_and_resource_side() {
    let result = simulate(
        &every_attempt_signs_in(
            r#"
[components.connector]
outages = [{ start = "2d 10:00", duration = "3h" }]
[methods.password]
factor = "first"
requires = []
[cohorts.staff]
users = 500
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 60 }
"#,
        )
        .replace(
            "[components.token_service]",
            "[components.token_service]\noutages = [{ start = \"1d 06:00\", duration = \"2h\" }]",
        )
        .replace("[apps.mail]", "[apps.mail]\nrequires = [\"connector\"]"),
    );
    let v = &result.variants[0];
    assert_inside(
        "identity",
        v.metric(Metric::IdentityDenialRate),
        2.0 / 48.0,
        0.0,
    );
    assert_inside(
        "resource",
        v.metric(Metric::ResourceDenialRate),
        3.0 / 48.0,
        0.0,
    );
    assert_inside("total", v.metric(Metric::DenialRate), 5.0 / 48.0, 0.0);
}

/// Users holding long tokens reach an app whose resource checks signing keys; the
/// metadata endpoint is down 2 h. A resilient resource keeps its keys: no denial.
/// A fragile one, refreshing hourly at a uniformly random phase, fails at its
/// first refresh inside the outage, U ~ Uniform(0, 1 h) into it, and rejects every
/// token until a retry (every minute from then) finds the endpoint back: about
/// V ~ Uniform(0, 1 min) after the outage ends. Rejected for 2 h - E[U] + E[V] =
/// 2 h - 30 min + 30 s = 5,430 s of the 172,800 measured, at every attempt.
#[test]
fn a_fragile_resource_rejects_from_a_failed_refresh_to_the_endpoint_recovery() {
    let scenario = |failure: &str| {
        every_attempt_signs_in(
            r#"
[components.metadata]
outages = [{ start = "1d 12:00", duration = "2h" }]
[methods.password]
factor = "first"
requires = []
[cohorts.staff]
users = 400
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 60 }
"#,
        )
        .replace("replications = 20", "replications = 200")
        .replace(
            "[apps.mail]",
            &format!(
                "[apps.mail]\nsigning_keys = {{ refresh_every = \"1h\", retry_every = \"1m\", \
                 metadata_requires = [\"metadata\"], on_refresh_failure = \"{failure}\" }}"
            ),
        )
    };
    let resilient = simulate(&scenario("keep_last"));
    assert_eq!(resilient.variants[0].metric(Metric::DenialRate).mean, 0.0);
    let fragile = &simulate(&scenario("reject")).variants[0];
    let expected = 5430.0 / 172_800.0;
    assert_inside(
        "resource_denial_rate",
        fragile.metric(Metric::ResourceDenialRate),
        expected,
        0.0,
    );
    assert_eq!(fragile.metric(Metric::IdentityDenialRate).mean, 0.0);
}

/// The key in use disappears from the metadata from 19:00 to 21:05 (2 h 05 min,
/// as on 2021-03-15). A resource refreshing hourly picks up the bad metadata in
/// every replication and rejects every token until its first refresh after the
/// rollback: every user is locked out. One refreshing daily picks it up only if
/// its refresh falls in the window, with probability 125 / 1440 = 0.0868, and
/// then rejects for a day: in 600 replications, hit in 52 on average, and in 34
/// to 70 with 99% probability (binomial: 52.1 +- 2.58 x sqrt(600 p (1 - p))).
#[test]
fn a_key_removal_hurts_frequent_refreshers_and_spares_rare_ones() {
    let scenario = |every: &str| {
        format!(
            r#"
[people]
give_up_after = 0
[simulation]
horizon = "4d"
warmup = "1d"
replications = 600
seed = 21
[policy]
mfa = "never"
access_token_lifetime = "8h"
[components.token_service]
[[signing_key_events]]
kind = "removal"
at = "2d 19:00"
rollback = "2d 21:05"
[methods.password]
factor = "first"
requires = []
[apps.mail]
signing_keys = {{ refresh_every = "{every}" }}
[cohorts.staff]
users = 10
apps = ["mail"]
registrations = [{{ share = 1.0, methods = ["password"] }}]
activity = {{ hours = "00:00-24:00", days = "all", attempts_per_hour = 60 }}
"#
        )
    };
    let hourly = &simulate(&scenario("1h")).variants[0];
    assert!(
        hourly
            .values(Metric::UsersLockedOut)
            .iter()
            .all(|&x| x == 1.0)
    );
    let daily = &simulate(&scenario("24h")).variants[0];
    let hit = daily
        .values(Metric::UsersLockedOut)
        .iter()
        .filter(|&&x| x > 0.0)
        .count();
    assert!(
        (34..=70).contains(&hit),
        "daily refresher hit in {hit} of 600 replications"
    );
}

/// From a rollover at 12:00 new tokens are signed with a new key, published only
/// then (no lead), which an hourly refresher that does not refresh on an unknown key learns at its first refresh after 12:00, within the hour: no token
/// is rejected before 12:00 or after 13:00 (the time series' 15-minute buckets).
/// The refresh's phase is uniform, so every attempt (each with a new token) is
/// rejected for half an hour on average: 0.5 of the 48 measured hours. The phase
/// is drawn once a replication, so the spread comes from 400 of them.
#[test]
fn a_rollover_is_rejected_only_until_the_next_refresh() {
    let result = simulate(&format!(
        "{}{}",
        every_attempt_signs_in(
            r#"
[methods.password]
factor = "first"
requires = []
[cohorts.staff]
users = 20
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 60 }
[[signing_key_events]]
kind = "rollover"
at = "1d 12:00"
published_before = "0s"
"#
        )
        .replace(
            "[apps.mail]",
            "[apps.mail]\nsigning_keys = { refresh_every = \"1h\", refresh_on_unknown_key = false }"
        )
        .replace("replications = 20", "replications = 400"),
        ""
    ));
    let v = &result.variants[0];
    let locked = SeriesMetric::LockedOutShare.index();
    // Bucket b starts 15 b minutes after the warm-up (day 1, 00:00).
    for b in 0..192 {
        let share = Estimate::from_samples(
            &v.whole()
                .series
                .iter()
                .map(|r| r[b][locked])
                .collect::<Vec<_>>(),
        );
        let start = b as f64 * 0.25;
        if !(12.0..13.0).contains(&start) {
            assert_eq!(share.mean, 0.0, "bucket at {start} h");
        }
    }
    assert_inside(
        "resource denials",
        v.metric(Metric::ResourceDenialRate),
        0.5 / 48.0,
        0.0,
    );
}

/// Federation is down 3 h from 10:00. Password hash sync stands by: an operator
/// switches after the path has been down 30 min, and the change takes 30 min to
/// reach every sign-in, so from 11:00 sign-ins use hash sync; it is undone 2 h
/// after federation recovers. Every attempt signs in, so the outage denies what
/// falls in its first hour: 1 of the 48 measured hours, against 3 without the
/// switch. The switch is in effect from 11:00 to 15:00: 4 hours.
#[test]
fn a_fallback_switch_denies_only_until_it_takes_effect() {
    let scenario = every_attempt_signs_in(
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
users = 500
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
    assert_inside(
        "with the switch",
        switch.metric(Metric::DenialRate),
        1.0 / 48.0,
        0.0,
    );
    assert_inside("without", none.metric(Metric::DenialRate), 3.0 / 48.0, 0.0);
    assert!(
        switch
            .values(Metric::FallbackActiveHours)
            .iter()
            .all(|&h| h == 4.0)
    );
    assert!(
        none.values(Metric::FallbackActiveHours)
            .iter()
            .all(|&h| h == 0.0)
    );
}

/// The MFA service is down 4 h; every attempt signs in with password and push.
/// Without a rule every attempt in the outage is denied: 4 of 48 hours. With
/// "accept a compliant device after 30 min", users on registered devices are
/// denied only in the first 30 min (0.5 of 48 hours), and the rule lets through,
/// with MFA waived, every attempt of the next 3.5 h: at 60 an hour, 210 a user,
/// 210 / 2 measured days = 105 contingency sign-ins per user-day. Users on
/// unregistered devices gain nothing.
#[test]
fn a_contingency_rule_saves_lockouts_and_counts_what_it_waived() {
    let scenario = every_attempt_signs_in(
        r#"
[components.mfa_service]
outages = [{ start = "2d 09:00", duration = "4h" }]
[methods.password]
factor = "first"
requires = []
[methods.push]
factor = "second"
requires = ["mfa_service"]
[cohorts.staff]
users = 500
apps = ["mail"]
device = "registered"
registrations = [{ share = 1.0, methods = ["password", "push"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 60 }
[contingency.device_for_mfa]
when_down = ["mfa_service"]
after = "30m"
action = "accept_compliant_device"
[[variant]]
name = "no rule"
set.contingency.device_for_mfa.after = "never"
[[variant]]
name = "unregistered devices"
set.cohorts.staff.device = "unregistered"
"#,
    )
    .replace("mfa = \"never\"", "mfa = \"every_sign_in\"");
    let result = simulate(&scenario);
    let (rule, none, unregistered) = (
        &result.variants[0],
        &result.variants[1],
        &result.variants[2],
    );
    assert_inside(
        "with the rule",
        rule.metric(Metric::DenialRate),
        0.5 / 48.0,
        0.0,
    );
    assert_inside("without", none.metric(Metric::DenialRate), 4.0 / 48.0, 0.0);
    assert_inside(
        "unregistered",
        unregistered.metric(Metric::DenialRate),
        4.0 / 48.0,
        0.0,
    );
    let per_day = rule.metric(Metric::ContingencySignInsPerUserDay);
    assert_inside("contingency sign-ins", per_day, 105.0, 0.0);
    assert_inside(
        "MFA waived",
        rule.metric(Metric::MfaWaivedSignIns),
        500.0 * 210.0,
        0.0,
    );
    assert_eq!(unregistered.metric(Metric::MfaWaivedSignIns).mean, 0.0);
}
