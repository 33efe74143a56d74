//! Certificate-based authentication's revocation check: the identity provider's
//! cached CRL against hand-worked timelines, the check switched off, and the
//! refusals of bad settings.

use authsim::montecarlo::metrics::Metric;

mod common;
use common::refusal::{assert_bad_scenario, at, edit, run_toml};
use common::{assert_inside, simulate};

/// Users signing in with a smart card at every attempt (1 ms tokens and sign-in
/// frequency), all day, an attempt a minute; the CA publishes a CRL every day,
/// valid 36 h, and its distribution point is down from day 2 00:00 for `down`.
/// Measured from day 1 to day 5: 96 h.
fn scenario(down: &str, crl: &str) -> String {
    format!(
        r#"
[people]
give_up_after = 0
[simulation]
horizon = "5d"
warmup = "1d"
replications = 400
seed = 31
[policy]
access_token_lifetime = "1ms"
sign_in_frequency = "1ms"
mfa = "never"
[components.token_service]
[components.crl_endpoint]
outages = [{{ start = "2d 00:00", duration = "{down}" }}]
[methods.smart_card]
factor = "passwordless"
requires = []
crl = {crl}
[apps.mail]
early_renewal = false
retry = {{ backoff = "none" }}
[cohorts.staff]
users = 5
apps = ["mail"]
registrations = [{{ share = 1.0, methods = ["smart_card"] }}]
activity = {{ hours = "00:00-24:00", days = "all", attempts_per_hour = 60 }}
"#
    )
}

const DAILY: &str = r#"{ requires = ["crl_endpoint"], publish_every = "1d", valid_for = "36h" }"#;

/// The list in hand when the point fails came out a uniform 0 to 24 h before,
/// so it has 12 to 36 h left: a 10-hour outage never outlasts it, not one denial.
#[test]
fn an_outage_shorter_than_the_list_left_denies_nothing() {
    let result = simulate(&scenario("10h", DAILY));
    let v = &result.variants[0];
    assert!(v.values(Metric::DenialRate).iter().all(|&x| x == 0.0));
}

/// A 48-hour outage outlasts every list: sign-ins fail from its expiry, 36 h - a
/// after the outage starts (a uniform in 0 to 24 h), to the point's recovery,
/// 12 h + a: 24 h on average, a quarter of the 96 measured hours.
#[test]
fn an_outage_longer_than_the_list_left_denies_from_its_expiry_to_the_recovery() {
    let result = simulate(&scenario("48h", DAILY));
    let v = &result.variants[0];
    assert_inside("denial_rate", v.metric(Metric::DenialRate), 0.25, 0.0);
    // Each replication between 12/96 and 36/96 (the attempts' chance aside).
    for &x in &v.values(Metric::DenialRate) {
        assert!((0.11..0.39).contains(&x), "{x}");
    }
    // The denials are the distribution point's doing.
    assert_eq!(v.metric(Metric::ResourceDenialRate).mean, 0.0);
}

/// With no CRL configured for the CA nothing is checked: the point's outage
/// costs nothing, however long.
#[test]
fn no_check_no_dependency() {
    let unchecked = DAILY.replace(" }", ", checked = false }");
    let result = simulate(&scenario("48h", &unchecked));
    assert!(
        result.variants[0]
            .values(Metric::DenialRate)
            .iter()
            .all(|&x| x == 0.0)
    );
}

#[test]
fn a_crl_from_an_unknown_component_is_refused() {
    let toml = edit(
        "requires = []",
        "requires = []\ncrl = { requires = [\"crl_point\"] }",
    );
    let out = run_toml("crl-unknown", &toml, &[]);
    let needles = [
        &at(&toml, "\"crl_point\""),
        "methods.password.crl.requires[0]",
        "unknown component `crl_point`",
    ];
    assert_bad_scenario(&out, &needles);
}

#[test]
fn a_crl_that_expires_before_the_next_is_published_is_refused() {
    let toml = edit(
        "requires = []",
        "requires = []\ncrl = { requires = [\"token_service\"], publish_every = \"1d\", valid_for = \"12h\" }",
    );
    let out = run_toml("crl-gap", &toml, &[]);
    let needles = [
        "methods.password.crl.valid_for",
        "valid_for is at least publish_every",
    ];
    assert_bad_scenario(&out, &needles);
}

#[test]
fn a_crl_served_by_each_users_own_component_is_refused() {
    let toml = edit(
        "requires = []",
        "requires = []\ncrl = { requires = [\"phone\"] }\n[components.phone]\nscope = \"per_user\"",
    );
    let out = run_toml("crl-per-user", &toml, &[]);
    let needles = ["methods.password.crl.requires[0]", "a global component"];
    assert_bad_scenario(&out, &needles);
}

#[test]
fn a_signing_key_refresh_interval_under_a_minute_is_refused() {
    let toml = edit(
        "[apps.mail]",
        "[apps.mail]\nsigning_keys = { refresh_every = \"1h\", min_refresh_interval = \"10s\" }",
    );
    let out = run_toml("keys-interval", &toml, &[]);
    let needles = [
        "apps.mail.signing_keys.min_refresh_interval",
        "at least a minute",
    ];
    assert_bad_scenario(&out, &needles);
}
