//! Every metric per cohort, registration mix and app: the parts add up to the
//! whole in every replication, a hand-worked two-cohort scenario gives each
//! cohort its own derived figure, and the paired comparison holds per cohort.

use authsim::montecarlo::causes::Attribution;
use authsim::montecarlo::metrics::Metric;
use authsim::montecarlo::paired;
use authsim::montecarlo::{RunResult, SliceResult};

mod common;
use common::{assert_inside, simulate};

/// Field staff sign in at every attempt (tokens of a millisecond) with SMS, which
/// needs their own phone, down 2 h of every 12 on average: by PASTA a share 1/6 of
/// their attempts is denied, in each app alike. Office staff sign in with a key
/// that needs nothing: none of theirs is. Half the field staff also registered a
/// voice call, behind the same phone: a mix of its own, faring as the other.
const TWO_COHORTS: &str = r#"
[people]
give_up_after = 0
[simulation]
horizon = "4d"
warmup = "1d"
replications = 20
seed = 17
[policy]
access_token_lifetime = "1ms"
sign_in_frequency = "1ms"
mfa = "every_sign_in"
[components.token_service]
[components.phone]
scope = "per_user"
time_to_failure = { distribution = "exponential", mean = "10h" }
time_to_repair = { distribution = "exponential", mean = "2h" }
[methods.password]
factor = "first"
requires = []
[methods.sms]
factor = "second"
requires = ["phone"]
[methods.voice]
factor = "second"
requires = ["phone"]
[methods.key]
factor = "passwordless"
requires = []
[apps.mail]
early_renewal = false
retry = { attempts = 0 }
[apps.chat]
early_renewal = false
retry = { attempts = 0 }
[cohorts.field]
users = 600
apps = ["mail", "chat"]
registrations = [
  { share = 0.5, methods = ["password", "sms"] },
  { share = 0.5, methods = ["password", "sms", "voice"] },
]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 3 }
[cohorts.office]
users = 400
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["key"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 3 }

[[variant]]
name = "office on SMS"
set.cohorts.office.registrations = [{ share = 1.0, methods = ["password", "sms"] }]
"#;

fn slice<'a>(result: &'a RunResult, variant: usize, cohort: &str, app: &str) -> &'a SliceResult {
    result.variants[variant]
        .slice(cohort, app)
        .unwrap_or_else(|| panic!("no slice {cohort} / {app}"))
}

/// `metric` per replication times `weight`, summed over `parts`.
fn weighted(parts: &[(&SliceResult, f64)], metric: Metric) -> Vec<f64> {
    let n = parts[0].0.samples.len();
    (0..n)
        .map(|r| {
            parts
                .iter()
                .map(|(s, w)| s.samples[r][metric.index()] * w)
                .sum()
        })
        .collect()
}

fn same(a: &[f64], b: &[f64], what: &str) {
    for (r, (x, y)) in a.iter().zip(b).enumerate() {
        assert!(
            (x - y).abs() <= 1e-9 * x.abs().max(1.0),
            "{what}, replication {r}: parts {x} vs whole {y}"
        );
    }
}

#[test]
fn cohorts_mixes_and_apps_add_up_to_the_whole_in_every_replication() {
    let result = simulate(TWO_COHORTS);
    let whole = result.variants[0].whole();
    let (field, office) = (
        slice(&result, 0, "field", "all"),
        slice(&result, 0, "office", "all"),
    );
    // Shares of users and hours per 1,000 users add up weighted by users.
    for metric in [Metric::UsersLockedOut, Metric::LockoutHoursPer1kUsers] {
        let cohorts = weighted(&[(field, 600.0), (office, 400.0)], metric);
        same(
            &cohorts,
            &weighted(&[(whole, 1000.0)], metric),
            metric.name(),
        );
        let mixes = weighted(
            &[
                (slice(&result, 0, "field/password+sms", "all"), 300.0),
                (slice(&result, 0, "field/password+sms+voice", "all"), 300.0),
            ],
            metric,
        );
        same(&mixes, &weighted(&[(field, 600.0)], metric), metric.name());
    }
    // Attempts add up over cohorts and over apps.
    let attempts = Metric::Attempts;
    let cohorts = weighted(&[(field, 1.0), (office, 1.0)], attempts);
    same(&cohorts, &whole.values(attempts), "attempts by cohort");
    let apps = weighted(
        &[
            (slice(&result, 0, "all", "mail"), 1.0),
            (slice(&result, 0, "all", "chat"), 1.0),
        ],
        attempts,
    );
    same(&apps, &whole.values(attempts), "attempts by app");
    assert!(
        whole
            .values(Metric::UsersLockedOut)
            .iter()
            .all(|&x| x > 0.0)
    );
}

#[test]
fn each_cohort_and_app_has_its_own_derived_figure() {
    let result = simulate(TWO_COHORTS);
    for (cohort, app) in [
        ("field", "all"),
        ("field", "mail"),
        ("field", "chat"),
        ("field/password+sms", "all"),
        ("field/password+sms+voice", "all"),
    ] {
        let e = slice(&result, 0, cohort, app).metric(Metric::DenialRate);
        assert_inside(&format!("{cohort} / {app}"), e, 1.0 / 6.0, 0.0);
    }
    let office = slice(&result, 0, "office", "all");
    assert!(office.values(Metric::DenialRate).iter().all(|&x| x == 0.0));
    // The office uses mail alone: its figures are in mail's, not chat's. Field
    // staff make half of mail's attempts (each cohort 3 an hour per user per
    // app: 600 users against 400), so mail's denial rate is 600/1000 of 1/6.
    let mail = slice(&result, 0, "all", "mail").metric(Metric::DenialRate);
    assert_inside("all / mail", mail, 0.6 / 6.0, 0.0);
}

#[test]
fn a_variant_changing_one_cohort_leaves_the_other_exactly_as_it_was() {
    let result = simulate(TWO_COHORTS);
    let comparison = paired::compare(&result).unwrap();
    let row = |cohort: &str, metric: Metric| {
        comparison
            .rows
            .iter()
            .find(|r| r.cohort == cohort && r.app == "all" && r.metric == metric)
            .unwrap()
    };
    // Same users, same random numbers: the field staff's difference is exactly zero.
    for metric in Metric::ALL {
        let d = row("field", metric);
        assert_eq!(
            (d.difference.mean, d.half_width),
            (0.0, 0.0),
            "{}",
            metric.name()
        );
    }
    // The office now signs in with SMS too: 1/6 of its attempts denied, up from none.
    let d = row("office", Metric::DenialRate);
    assert_inside("office on SMS", d.difference, 1.0 / 6.0, 0.0);
}

/// The office uses mail alone, so mail's users are the field staff's mail and
/// the whole office: its lockouts add up from theirs in every replication (a
/// cohort with one app follows its users' lockout once, and the app takes it).
#[test]
fn an_apps_lockouts_add_up_from_cohorts_with_one_app_and_with_several() {
    let result = simulate(TWO_COHORTS);
    let mail = slice(&result, 1, "all", "mail");
    let (field, office) = (
        slice(&result, 1, "field", "mail"),
        slice(&result, 1, "office", "all"),
    );
    for metric in [Metric::UsersLockedOut, Metric::LockoutHoursPer1kUsers] {
        let parts = weighted(&[(field, 600.0), (office, 400.0)], metric);
        same(&parts, &weighted(&[(mail, 1000.0)], metric), metric.name());
        assert!(office.values(metric).iter().all(|&x| x > 0.0));
    }
    // The lockout hours each cause began add up alike, and the office's are there.
    let by_cause = |s: &SliceResult, users: f64| -> Vec<f64> {
        let hours = |a: &Attribution| -> Vec<f64> {
            let each = a.by_cause.iter();
            each.map(|c| c.lockout_hours_per_1k_users * users).collect()
        };
        s.attribution.iter().flat_map(hours).collect()
    };
    let (f, o) = (by_cause(field, 600.0), by_cause(office, 400.0));
    let parts: Vec<f64> = f.iter().zip(&o).map(|(a, b)| a + b).collect();
    same(&parts, &by_cause(mail, 1000.0), "lockout hours by cause");
    assert!(o.iter().sum::<f64>() > 0.0);
}

/// Results name the whole population and every app `all`, and mixes `cohort/...`:
/// a cohort or app that would pass for one is refused before anything runs.
#[test]
fn a_cohort_or_app_named_like_a_slice_is_refused() {
    use authsim::scenario::load_str;
    use std::path::Path;
    for (from, to, says) in [
        (
            "[cohorts.office]",
            "[cohorts.all]",
            "`all` names every cohort",
        ),
        ("[apps.chat]", "[apps.all]", "`all` names every app"),
        ("[cohorts.office]", "[cohorts.\"a/b\"]", "may not hold `/`"),
    ] {
        let text = TWO_COHORTS.replace(from, to).replace("\"chat\"", "\"all\"");
        let e = load_str(&text, Path::new("t.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.contains(says) && e.contains("t.toml:"), "{to}: {e}");
    }
}
