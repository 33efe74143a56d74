//! Denial attribution against hand-derived cases: which components were down on
//! the paths a denied attempt needed, summed into denials_by_component. Each
//! expectation is derived in its comment; every case is seeded.

use authsim::export::long_csv;
use authsim::export::records::{CauseKind, CauseRecord};
use authsim::montecarlo::VariantResult;
use authsim::montecarlo::metrics::Metric;
use authsim::montecarlo::stats::Estimate;

mod common;
use common::{Scratch, assert_inside, simulate, stderr};

/// 500 users who sign in interactively at every attempt (tokens and sessions of
/// a millisecond), with MFA as `mfa` says, all day, 60 attempts an hour, 48
/// measured hours; `body` adds components and methods, and users register `methods`.
fn scenario(mfa: &str, body: &str, methods: &str) -> String {
    format!(
        r#"
[people]
give_up_after = 0
[simulation]
horizon = "3d"
warmup = "1d"
replications = 20
seed = 12
[policy]
access_token_lifetime = "1ms"
sign_in_frequency = "1ms"
mfa = "{mfa}"
[components.token_service]
[apps.mail]
early_renewal = false
retry = {{ backoff = "none" }}
{body}
[cohorts.staff]
users = 500
apps = ["mail"]
registrations = [{{ share = 1.0, methods = [{methods}] }}]
activity = {{ hours = "00:00-24:00", days = "all", attempts_per_hour = 60 }}
"#
    )
}

/// The baseline of a scenario, played.
fn played(toml: &str) -> VariantResult {
    simulate(toml).variants.swap_remove(0)
}

const PASSWORD: &str = "[methods.password]\nfactor = \"first\"\nrequires = []\n";

/// SMS as the second factor, needing the carrier, which fails 10:00 to 14:00.
const CARRIER_DOWN_4H: &str = r#"
[components.phone_carrier]
outages = [{ start = "2d 10:00", duration = "4h" }]
[methods.sms]
factor = "second"
requires = ["phone_carrier"]
"#;

/// A cause's denied attempts and lockout hours per 1,000 users, per replication.
fn cause(v: &VariantResult, name: &str) -> (Vec<f64>, Vec<f64>) {
    let i = v
        .causes
        .iter()
        .position(|c| c.name == name)
        .unwrap_or_else(|| panic!("no cause named {name}"));
    v.whole()
        .attribution
        .iter()
        .map(|a| {
            let s = a.by_cause[i];
            (s.denied_attempts, s.lockout_hours_per_1k_users)
        })
        .unzip()
}

/// The variant's denied attempts and lockout hours, per replication.
fn totals(v: &VariantResult) -> (Vec<f64>, Vec<f64>) {
    v.whole()
        .attribution
        .iter()
        .map(|a| (a.total.denied_attempts, a.total.lockout_hours_per_1k_users))
        .unzip()
}

/// Every cause not in `named` accounts for nothing.
fn nothing_else(v: &VariantResult, named: &[&str]) {
    for c in v
        .causes
        .iter()
        .filter(|c| !named.contains(&c.name.as_str()))
    {
        let (denied, hours) = cause(v, &c.name);
        assert!(
            denied.iter().chain(&hours).all(|&x| x == 0.0),
            "{} is credited with {denied:?} denials",
            c.name
        );
    }
}

/// Per replication, `part` over `whole`.
fn shares(part: &[f64], whole: &[f64]) -> Estimate {
    let xs: Vec<f64> = part.iter().zip(whole).map(|(p, w)| p / w).collect();
    Estimate::from_samples(&xs)
}

/// The totals are the run's own: denial_rate x attempts, lockout_hours_per_1k_users.
fn totals_reconcile(v: &VariantResult) {
    let (denied, hours) = totals(v);
    let rates = v.values(Metric::DenialRate);
    let attempts = v.values(Metric::Attempts);
    for (r, ((d, h), (rate, n))) in denied
        .iter()
        .zip(&hours)
        .zip(rates.iter().zip(&attempts))
        .enumerate()
    {
        assert!(
            (d - rate * n).abs() <= 1e-9 * n,
            "replication {r}: {d} denied, rate x attempts {}",
            rate * n
        );
        assert_eq!(*h, v.values(Metric::LockoutHoursPer1kUsers)[r]);
    }
    assert!(
        denied.iter().all(|&d| d > 0.0),
        "every replication has denials"
    );
}

/// Only the phone carrier fails, Wednesday 10:00 for 4 h, and users' only
/// second factor is SMS: every denial is the carrier's, and so is every lockout
/// hour. A user is locked out from their first attempt in the window to their
/// first after it; attempts are Poisson, 1 a minute, so both come 1 minute after
/// the window's edges on average: 4 h each, 4,000 hours per 1,000 users, and
/// 4 of the 48 measured hours' attempts denied.
#[test]
fn a_lone_carrier_outage_explains_every_denial_and_lockout_hour() {
    let body = format!("{PASSWORD}{CARRIER_DOWN_4H}");
    let v = &played(&scenario("every_sign_in", &body, r#""password", "sms""#));
    totals_reconcile(v);
    assert_eq!(cause(v, "phone_carrier"), totals(v));
    nothing_else(v, &["phone_carrier"]);
    assert_inside("denial_rate", v.metric(Metric::DenialRate), 4.0 / 48.0, 0.0);
    let hours = Estimate::from_samples(&cause(v, "phone_carrier").1);
    assert_inside("carrier's lockout hours per 1k users", hours, 4000.0, 0.0);
}

/// The directory behind passwords is down 1 h (02:00) and the carrier 3 h
/// (10:00), apart. In the first window no first factor works; in the second the
/// password does and SMS does not, so each window's denials are its component's
/// alone. Attempts come at a steady rate, so the denials split as the windows'
/// lengths, 1 : 3, and so do the lockouts (each lasts its window, as above):
/// shares of 25% and 75% that add up to all of them.
#[test]
fn disjoint_outages_share_denials_as_their_lengths() {
    let body = r#"
[components.directory]
outages = [{ start = "2d 02:00", duration = "1h" }]
[components.phone_carrier]
outages = [{ start = "2d 10:00", duration = "3h" }]
[methods.password]
factor = "first"
requires = ["directory"]
[methods.sms]
factor = "second"
requires = ["phone_carrier"]
"#;
    let v = &played(&scenario("every_sign_in", body, r#""password", "sms""#));
    totals_reconcile(v);
    let (denied, hours) = totals(v);
    let (directory, carrier) = (cause(v, "directory"), cause(v, "phone_carrier"));
    for r in 0..denied.len() {
        assert_eq!(directory.0[r] + carrier.0[r], denied[r]);
        let sum = directory.1[r] + carrier.1[r];
        assert!((sum - hours[r]).abs() <= 1e-9 * hours[r]);
    }
    nothing_else(v, &["directory", "phone_carrier"]);
    for (what, part, whole, expected) in [
        ("directory's share of denials", &directory.0, &denied, 0.25),
        ("carrier's share of denials", &carrier.0, &denied, 0.75),
        (
            "directory's share of lockout hours",
            &directory.1,
            &hours,
            0.25,
        ),
        ("carrier's share of lockout hours", &carrier.1, &hours, 0.75),
    ] {
        assert_inside(what, shares(part, whole), expected, 0.0);
    }
}

/// The carrier (shared) and each user's own phone are down together, 10:00 for
/// 4 h, and SMS needs both: each was down at every denial, so each is credited
/// with all of them and all the lockout hours (shares of 100% each, 200% in all).
#[test]
fn components_down_together_are_each_credited_in_full() {
    let phone = r#"
[components.phone]
scope = "per_user"
outages = [{ start = "2d 10:00", duration = "4h" }]
"#;
    let body = format!("{PASSWORD}{CARRIER_DOWN_4H}{phone}").replace(
        r#"requires = ["phone_carrier"]"#,
        r#"requires = ["phone_carrier", "phone"]"#,
    );
    let v = &played(&scenario("every_sign_in", &body, r#""password", "sms""#));
    totals_reconcile(v);
    assert_eq!(cause(v, "phone_carrier"), totals(v));
    assert_eq!(cause(v, "phone"), totals(v));
    nothing_else(v, &["phone_carrier", "phone"]);
}

/// The token service is down 2 h (06:00) and the app's connector 3 h (12:00).
/// In the first window no token can be had, in the second the resource is
/// unreachable: the token service's denials are exactly the identity-side ones,
/// the connector's the resource-side ones, 2 : 3 of them.
#[test]
fn token_and_resource_paths_are_credited_by_side() {
    let connector = r#"
[components.connector]
outages = [{ start = "2d 12:00", duration = "3h" }]
"#;
    let toml = scenario("never", &format!("{PASSWORD}{connector}"), r#""password""#)
        .replace(
            "[components.token_service]",
            "[components.token_service]\noutages = [{ start = \"2d 06:00\", duration = \"2h\" }]",
        )
        .replace("[apps.mail]", "[apps.mail]\nrequires = [\"connector\"]");
    let v = &played(&toml);
    totals_reconcile(v);
    let attempts = v.values(Metric::Attempts);
    let (token, connector) = (cause(v, "token_service").0, cause(v, "connector").0);
    let side = |metric: Metric| -> Vec<f64> {
        let rates = v.values(metric);
        rates
            .iter()
            .zip(&attempts)
            .map(|(r, n)| (r * n).round())
            .collect()
    };
    assert_eq!(token, side(Metric::IdentityDenialRate));
    assert_eq!(connector, side(Metric::ResourceDenialRate));
    nothing_else(v, &["token_service", "connector"]);
    let denied = totals(v).0;
    assert_inside("token service's share", shares(&token, &denied), 0.4, 0.0);
}

/// Denials no component explains go to a named cause: a contingency block (its
/// watched component is on no path of the blocked users) and a resource that
/// has not yet learnt a rolled-over signing key.
#[test]
fn denials_no_component_explains_go_to_a_named_cause() {
    let block = r#"
[components.risk_engine]
outages = [{ start = "2d 09:00", duration = "2h" }]
[contingency.lockdown]
when_down = ["risk_engine"]
action = "block"
"#;
    let v = &played(&scenario(
        "never",
        &format!("{PASSWORD}{block}"),
        r#""password""#,
    ));
    totals_reconcile(v);
    assert_eq!(cause(v, "contingency block"), totals(v));
    nothing_else(v, &["contingency block"]);
    assert!(
        !v.causes
            .iter()
            .any(|c| c.name == "contingency block" && c.component)
    );

    // An emergency rollover (signing from its publication) at a resource that
    // refreshes only on its schedule.
    let rollover = "[[signing_key_events]]\nkind = \"rollover\"\nat = \"1d 12:00\"\n\
                    published_before = \"0s\"\n";
    let toml = scenario("never", &format!("{PASSWORD}{rollover}"), r#""password""#).replace(
        "[apps.mail]",
        "[apps.mail]\nsigning_keys = { refresh_every = \"1h\", refresh_on_unknown_key = false }",
    );
    let v = &played(&toml);
    totals_reconcile(v);
    assert_eq!(cause(v, "signing keys"), totals(v));
    nothing_else(v, &["signing keys"]);
}

/// denials_by_component.csv: a row per variant and cause, in long format, the
/// same bytes on 1 and 2 threads, read back through its record type; the
/// carrier alone accounts for every denial and lockout hour.
#[test]
fn the_file_is_tidy_and_the_same_on_any_number_of_threads() {
    let s = Scratch::new("attribution", "file");
    let body = format!("{PASSWORD}{CARRIER_DOWN_4H}");
    let scenario = scenario("every_sign_in", &body, r#""password", "sms""#)
        .replace("users = 500", "users = 40")
        .replace("replications = 20", "replications = 4");
    s.write("s.toml", &scenario);
    let files: Vec<String> = ["1", "2"]
        .iter()
        .map(|threads| {
            let out = format!("run{threads}");
            let args = [
                "run",
                "s.toml",
                "--quiet",
                "--no-charts",
                "--threads",
                threads,
                "--out",
                &out,
            ];
            let o = s.authsim(&args);
            assert!(o.status.success(), "{}", stderr(&o));
            s.read(&format!("{out}/denials_by_component.csv"))
        })
        .collect();
    assert_eq!(
        files[0], files[1],
        "denials_by_component.csv differs between 1 and 2 threads"
    );
    assert!(files[0].starts_with(
        "variant,cohort,mix,app,component,kind,denied_attempts,denied_attempts_ci95,denied_share,\
         lockout_hours_per_1k_users,lockout_hours_per_1k_users_ci95,lockout_hours_share,replications,seed\n"
    ));
    let (_, rows) =
        long_csv::read::<CauseRecord>(&s.0.join("run1/denials_by_component.csv")).unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r.fields.component.as_str()).collect();
    assert_eq!(
        names,
        [
            "phone_carrier",
            "token_service",
            "signing keys",
            "contingency block",
            "other"
        ]
    );
    let carrier = &rows[0].fields;
    assert_eq!(
        (
            carrier.kind,
            carrier.denied_share,
            carrier.lockout_hours_share
        ),
        (CauseKind::Component, 1.0, 1.0)
    );
    assert!(carrier.denied_attempts > 0.0 && carrier.replications == 4 && carrier.seed == 12);
    assert!(
        rows[1..]
            .iter()
            .all(|r| r.fields.denied_attempts == 0.0 && r.fields.lockout_hours_share == 0.0)
    );
    assert!(
        rows[2..]
            .iter()
            .all(|r| r.fields.kind == CauseKind::NotAComponent)
    );
}

/// A token service answering 250 requests a minute to 500 users signing in
/// every minute, failing the rest without a retry: up all along, it alone is
/// credited with every denial (0.6 first said "other").
#[test]
fn a_throttled_denial_goes_to_the_component_that_turned_it_away() {
    let toml = scenario("never", PASSWORD, r#""password""#).replace(
        "[components.token_service]",
        "[components.token_service]\ncapacity = { per_minute = 250, past = \"fail\" }",
    );
    let v = &played(&toml);
    totals_reconcile(v);
    assert!(totals(v).0.iter().all(|&d| d > 0.0), "throttling denies");
    assert_eq!(cause(v, "token_service"), totals(v));
    nothing_else(v, &["token_service"]);
}

/// One app, no client retries, people as clocks: an outage's denials are
/// counted as denied stretches (see `engine::denied`), which end wherever a
/// cause goes down or comes back. The token path needs the token service, down
/// from 10 to 70 minutes, and a proxy, down from 40 to 100: no token can be had
/// from 10 to 100 minutes. Uses come every second on average and 2 h tokens are
/// renewed when a use finds them expired, so at 10 minutes the time left on a
/// token is uniform on (0, 120 min), and x minutes into the outage a use is
/// denied with probability x/120. At 60 uses a minute, the token service is down
/// for 60 * (integral of x/120 from 0 to 60) = 900 denials a user, the proxy for
/// 60 * (integral from 30 to 90) = 1,800, and 2,025 are denied in all, of
/// 6,000 measured uses (the 1 s from a use to the next is 1/7200 of a lifetime,
/// far inside the intervals). Each denial is a request to the IdP, and a token
/// that expired by 110 minutes is renewed once (by 100, 90/120 of users, at the
/// first use after it; then 10/120 more): 2,025 + 5/6 requests a user in the
/// 100 measured minutes. The users whose token expired during the outage (3 in
/// 4) are locked out from then to 100 minutes: (1/120) x the integral of
/// (100 - x) from 10 to 100, 33.75 minutes a user, 562.5 hours per 1,000 users.
#[test]
fn an_outage_s_denials_go_to_the_components_down_at_each_as_they_change() {
    let v = &played(
        r#"
[people]
give_up_after = 0
[simulation]
horizon = "110m"
warmup = "10m"
replications = 20
seed = 8
bucket = "10m"
[policy]
access_token_lifetime = "2h"
mfa = "never"
token_requests_require = ["token_service", "proxy"]
[components.token_service]
outages = [{ start = "10m", duration = "1h" }]
[components.proxy]
outages = [{ start = "40m", duration = "1h" }]
[methods.password]
factor = "first"
requires = []
[apps.mail]
early_renewal = false
retry = { attempts = 0 }
[cohorts.staff]
users = 500
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 3600 }
"#,
    );
    totals_reconcile(v);
    let per_user =
        |xs: Vec<f64>| Estimate::from_samples(&xs.iter().map(|x| x / 500.0).collect::<Vec<_>>());
    assert_inside(
        "token service's denials a user",
        per_user(cause(v, "token_service").0),
        900.0,
        0.0,
    );
    assert_inside(
        "proxy's denials a user",
        per_user(cause(v, "proxy").0),
        1800.0,
        0.0,
    );
    assert_inside("denials a user", per_user(totals(v).0), 2025.0, 0.0);
    assert_inside(
        "denial_rate",
        v.metric(Metric::DenialRate),
        2025.0 / 6000.0,
        0.0,
    );
    let per_day = 24.0 * 60.0 / 100.0;
    assert_inside(
        "token_requests_per_user_day",
        v.metric(Metric::TokenRequestsPerUserDay),
        (2025.0 + 5.0 / 6.0) * per_day,
        0.0,
    );
    assert_inside(
        "users_locked_out",
        v.metric(Metric::UsersLockedOut),
        0.75,
        0.0,
    );
    assert_inside(
        "lockout_hours_per_1k_users",
        v.metric(Metric::LockoutHoursPer1kUsers),
        562.5,
        0.0,
    );
    nothing_else(v, &["token_service", "proxy"]);
}
