//! Admins who must sign in to act: `time_to_act` of a fallback switch and a
//! contingency rule derived by hand from fixed outages, the lockouts the gate
//! costs the users served through the switch, and the refusals of bad
//! `[admins]` and `acted_by` entries.

use authsim::model::worlds;
use authsim::montecarlo::actions::{self, ActionResult};
use authsim::montecarlo::metrics::Metric;
use authsim::scenario::load_str;
use std::path::Path;

mod common;
use common::refusal::{BASE, assert_bad_scenario, at, run_toml};
use common::{assert_inside, simulate};

const MINUTE: f64 = 1.0 / 60.0;

/// Tuesday (day 1, measured): the federation is down 08:00-14:00 and the MFA
/// service 07:00-10:00. The switch decides 30 min after an admin can sign in,
/// propagates in 20 min and is undone 10 min after the federation is back; the
/// rule accepts a compliant device once the MFA service has been down 10 min
/// after an admin can sign in. The runbook takes 15 min. Staff (mfa as set)
/// sign in at every use with the federated password; `admins` and `variants`
/// are the test's.
fn scenario(mfa: &str, admins: &str, variants: &str) -> String {
    format!(
        r#"
[people]
give_up_after = 0
[simulation]
horizon = "2d"
warmup = "1d"
replications = 4
seed = 23
bucket = "1h"
[policy]
access_token_lifetime = "1ms"
sign_in_frequency = "1ms"
mfa = "{mfa}"
token_requests_require = ["token_service"]
[components.token_service]
[components.federation]
outages = [{{ start = "1d 08:00", duration = "6h" }}]
[components.mfa_service]
outages = [{{ start = "1d 07:00", duration = "3h" }}]
[methods.federated_password]
factor = "first"
requires = ["federation"]
[methods.password_hash_sync]
factor = "first"
requires = []
[methods.cloud_password]
factor = "first"
requires = []
[methods.push]
factor = "second"
requires = ["mfa_service"]
[methods.fido2]
factor = "passwordless"
requires = []
[fallback.hash_sync]
method = "federated_password"
to = "password_hash_sync"
decide_after = "30m"
propagation = "20m"
switch_back = "10m"
[contingency.device_for_mfa]
when_down = ["mfa_service"]
after = "10m"
action = "accept_compliant_device"
cohorts = ["staff"]
{admins}
[apps.mail]
early_renewal = false
retry = {{ attempts = 0 }}
[cohorts.staff]
users = 200
apps = ["mail"]
device = "registered"
registrations = [{{ share = 1.0, methods = ["federated_password", "push"] }}]
activity = {{ hours = "00:00-24:00", days = "all", attempts_per_hour = 60 }}
[cohorts.federated_admins]
users = 3
apps = ["mail"]
registrations = [{{ share = 1.0, methods = ["federated_password", "push"] }}]
[cohorts.cloud_admins]
users = 2
apps = ["mail"]
registrations = [{{ share = 1.0, methods = ["cloud_password", "push"] }}]
[cohorts.break_glass]
users = 2
apps = ["mail"]
registrations = [{{ share = 1.0, methods = ["fido2"] }}]
{variants}
"#
    )
}

/// Every switch's and rule's `time_to_act`, by variant, through the library.
fn measured(toml: &str) -> Vec<ActionResult> {
    let plan = load_str(toml, Path::new("test.toml")).expect("a valid test scenario");
    actions::measure(&worlds(&plan), plan.seed(), plan.replications())
}

fn find<'a>(all: &'a [ActionResult], variant: &str, name: &str) -> &'a ActionResult {
    all.iter()
        .find(|a| a.variant == variant && a.name == name)
        .unwrap_or_else(|| panic!("no {name} in {variant}"))
}

/// Acted on in every replication's one incident, `hours` after it began (the
/// outages are fixed, so every replication agrees exactly).
fn assert_acts_after(a: &ActionResult, hours: f64) {
    let e = a.time_to_act_hours().expect("acted on");
    assert!(
        (e.mean - hours).abs() < 1e-9 && e.sd == 0.0,
        "{} in {}: time to act {} h, expected {hours} h",
        a.name,
        a.variant,
        e.mean
    );
    assert_eq!(e.n, 4);
    assert_eq!(a.never_share(), Some(0.0));
    assert!(a.replications.iter().all(|r| r.incidents == 1));
}

fn assert_never(a: &ActionResult) {
    assert!(
        a.time_to_act_hours().is_none(),
        "{} in {}",
        a.name,
        a.variant
    );
    assert_eq!(a.never_share(), Some(1.0));
    assert!(
        a.replications
            .iter()
            .all(|r| r.incidents == 1 && r.acted == 0)
    );
}

const VARIANTS: &str = r#"
[[variant]]
name = "cloud admins"
set.admins.cohorts = ["cloud_admins"]
[[variant]]
name = "break-glass"
set.admins.cohorts = ["federated_admins", "break_glass"]
[[variant]]
name = "nobody"
set.admins = { cohorts = [], runbook = "0s" }
"#;

/// The baseline's federated admins need the federation that is down 08:00-14:00:
/// the switch never happens. Break-glass accounts (FIDO2: nothing but the token
/// service) sign in at 08:00: 30 + 15 + 20 min = 65 min. Cloud-only admins with
/// push MFA must wait for the MFA service, back at 10:00: 2 h + 65 min. With
/// nobody to wait for and no runbook, the switch is as it always was: decide
/// plus propagation, 50 min.
#[test]
fn the_switch_waits_for_an_admin_who_can_sign_in() {
    let admins = "[admins]\ncohorts = [\"federated_admins\"]\nrunbook = \"15m\"";
    let all = measured(&scenario("every_sign_in", admins, VARIANTS));
    assert_never(find(&all, "baseline", "hash_sync"));
    assert_acts_after(find(&all, "break-glass", "hash_sync"), 65.0 * MINUTE);
    assert_acts_after(find(&all, "cloud admins", "hash_sync"), 2.0 + 65.0 * MINUTE);
    assert_acts_after(find(&all, "nobody", "hash_sync"), 50.0 * MINUTE);
}

/// The rule watches the MFA service (down 07:00-10:00). Admins who need MFA
/// can never turn it on: federated ones, and cloud-only ones with push alike.
/// Break-glass accounts sign in at 07:00 (the federation is still up, but they
/// need it not): 10 + 15 min. Nobody to wait for: the rule's own 10 min.
#[test]
fn the_mfa_rule_needs_an_admin_who_needs_no_mfa() {
    let admins = "[admins]\ncohorts = [\"federated_admins\"]\nrunbook = \"15m\"";
    let all = measured(&scenario("every_sign_in", admins, VARIANTS));
    assert_never(find(&all, "baseline", "device_for_mfa"));
    assert_never(find(&all, "cloud admins", "device_for_mfa"));
    assert_acts_after(find(&all, "break-glass", "device_for_mfa"), 25.0 * MINUTE);
    assert_acts_after(find(&all, "nobody", "device_for_mfa"), 10.0 * MINUTE);
}

/// Where policy asks for no MFA, the federated admins' path needs only the
/// federation, and the MFA outage no longer stops them: they sign in at 07:00
/// and turn the rule on at 07:25. A switch's own `acted_by` overrides
/// `[admins]`: acted by cloud admins (no MFA asked), it takes 65 min.
#[test]
fn without_mfa_only_the_first_factor_counts_and_acted_by_names_who_acts() {
    let admins = "[admins]\ncohorts = [\"federated_admins\"]\nrunbook = \"15m\"";
    let variants = r#"
[[variant]]
name = "cloud admins switch"
set.fallback.hash_sync.acted_by = ["cloud_admins"]
"#;
    let all = measured(&scenario("never", admins, variants));
    assert_acts_after(find(&all, "baseline", "device_for_mfa"), 25.0 * MINUTE);
    assert_never(find(&all, "baseline", "hash_sync"));
    assert_acts_after(
        find(&all, "cloud admins switch", "hash_sync"),
        65.0 * MINUTE,
    );
    assert_eq!(
        find(&all, "cloud admins switch", "hash_sync").acted_by,
        ["cloud_admins"]
    );
}

/// Staff sign in at every use (Poisson, 60 an hour each) with the federated
/// password, MFA not asked, so by PASTA their share of attempts denied on
/// Tuesday is the share of the measured 24 hours in which the federation is
/// down and the switch not yet in effect: 50 min with nobody to wait for,
/// 65 min for break-glass accounts, the whole 6 h for federated-only admins.
#[test]
fn users_are_served_through_the_switch_only_once_it_acts() {
    let admins = "[admins]\ncohorts = [\"federated_admins\"]\nrunbook = \"15m\"";
    let result = simulate(&scenario("never", admins, VARIANTS));
    let expected = [
        ("baseline", 6.0),
        ("break-glass", 65.0 * MINUTE),
        ("cloud admins", 65.0 * MINUTE),
        ("nobody", 50.0 * MINUTE),
    ];
    for (variant, hours) in expected {
        let v = result.variants.iter().find(|v| v.name == variant).unwrap();
        let staff = v.slice("staff", "all").expect("the staff slice");
        assert_inside(
            &format!("{variant}: staff denial_rate"),
            staff.metric(Metric::DenialRate),
            hours / 24.0,
            0.0,
        );
    }
}

/// Admins who can always sign in (break-glass accounts) and a runbook of no
/// time change nothing: every metric of every replication is the same as
/// without `[admins]`.
#[test]
fn admins_who_can_always_sign_in_change_nothing() {
    let none = simulate(&scenario("every_sign_in", "", ""));
    let always = simulate(&scenario(
        "every_sign_in",
        "[admins]\ncohorts = [\"break_glass\"]",
        "",
    ));
    let (a, b) = (&none.variants[0], &always.variants[0]);
    for (x, y) in a.slices.iter().zip(&b.slices) {
        assert_eq!(x.samples, y.samples, "{} / {}", x.cohort, x.app);
    }
    let none = measured(&scenario("every_sign_in", "", ""));
    assert!(none.iter().all(|a| a.acted_by.is_empty()));
    assert_acts_after(find(&none, "baseline", "hash_sync"), 50.0 * MINUTE);
}

fn with(extra: &str) -> String {
    let switch = r#"
[methods.cloud]
factor = "first"
requires = []
[fallback.switch]
method = "password"
to = "cloud"
decide_after = "30m"
propagation = "1h"
switch_back = "1h"
"#;
    format!("{BASE}{switch}{extra}")
}

#[test]
fn an_unknown_cohort_in_acted_by_is_refused() {
    let toml = with("acted_by = [\"helpdesk\"]\n");
    let out = run_toml("admins-unknown-acted-by", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[
            &at(&toml, "\"helpdesk\""),
            "fallback.switch.acted_by[0]",
            "unknown cohort `helpdesk`",
            "staff",
        ],
    );
}

#[test]
fn an_unknown_admin_cohort_is_refused() {
    let toml = with("[admins]\ncohorts = [\"it\"]\n");
    let out = run_toml("admins-unknown-cohort", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[
            &at(&toml, "\"it\""),
            "admins.cohorts[0]",
            "unknown cohort `it`",
        ],
    );
}

#[test]
fn a_negative_runbook_is_refused() {
    let toml = with("[admins]\nrunbook = \"-15m\"\n");
    let out = run_toml("admins-negative-runbook", &toml, &[]);
    assert_bad_scenario(&out, &[&at(&toml, "runbook"), "admins.runbook", "negative"]);
}

#[test]
fn workloads_cannot_act() {
    let workloads = r#"
[apps.job]
kind = "managed_identity"
[cohorts.daemons]
kind = "workloads"
users = 1
apps = ["job"]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 1 }
[admins]
cohorts = ["daemons"]
"#;
    let toml = with(workloads);
    let out = run_toml("admins-workloads", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[
            "admins.cohorts[0]",
            "`daemons` is a cohort of workloads",
            "name a cohort of people",
        ],
    );
}

#[test]
fn an_unknown_key_in_admins_is_refused() {
    let toml = with("[admins]\nrun_book = \"15m\"\n");
    let out = run_toml("admins-unknown-key", &toml, &[]);
    assert_bad_scenario(&out, &[&at(&toml, "run_book"), "run_book"]);
}

/// Admins whose only second factor is kept for a contingency rule cannot sign
/// in where MFA is asked: the plan warns, naming the cohort where it is listed.
#[test]
fn admins_who_can_never_sign_in_are_warned_of() {
    let kept = r#"
[contingency.emergency_otp]
when_down = ["mfa_service"]
action = "allow_method"
method = "otp"
cohorts = ["staff"]
[methods.otp]
factor = "second"
requires = []
"#;
    let toml = scenario("every_sign_in", "[admins]\ncohorts = [\"otp_admins\"]", "")
        .replace("[apps.mail]", &format!("{kept}[apps.mail]"))
        + r#"
[cohorts.otp_admins]
users = 2
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["cloud_password", "otp"] }]
"#;
    let plan = load_str(&toml, Path::new("test.toml")).expect("valid, with a warning");
    let said: Vec<String> = plan.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        said.iter()
            .any(|w| w.contains("admins.cohorts[0]") && w.contains("`otp_admins`")),
        "{said:?}"
    );
    let fine = load_str(
        &scenario(
            "every_sign_in",
            "[admins]\ncohorts = [\"cloud_admins\"]",
            "",
        ),
        Path::new("test.toml"),
    )
    .unwrap();
    assert!(fine.warnings.is_empty(), "{:?}", fine.warnings);
    // The model agrees: they never act.
    let all = actions::measure(&worlds(&plan), plan.seed(), plan.replications());
    assert_never(find(&all, "baseline", "hash_sync"));
}
