//! A run folder's `scenario.resolved.toml` reproduces the run alone: loaded again,
//! it gives every variant exactly the scenario the run simulated.

use authsim::scenario::sweep::parse_set;
use authsim::scenario::{RunPlan, load, load_str};
use std::path::Path;

fn assert_reproduces(plan: &RunPlan) {
    let again = load_str(&plan.resolved_toml(), Path::new("scenario.resolved.toml"))
        .unwrap_or_else(|e| {
            panic!(
                "{}: the resolved scenario does not load: {e}",
                plan.file.display()
            )
        });
    let names = |p: &RunPlan| {
        p.variants
            .iter()
            .map(|v| v.name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(plan), names(&again), "{}", plan.file.display());
    for (a, b) in plan.variants.iter().zip(&again.variants) {
        let text = |s| toml::to_string(s).unwrap();
        assert_eq!(
            text(&a.scenario),
            text(&b.scenario),
            "{}: variant \"{}\"",
            plan.file.display(),
            a.name
        );
    }
}

#[test]
fn every_bundled_scenario_reproduces_from_its_resolved_file() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        // The schema editors read lives beside the scenarios.
        if entry.path().extension().is_some_and(|e| e == "toml") {
            assert_reproduces(&load(&entry.path()).unwrap());
        }
    }
}

const BASE: &str = r#"
[simulation]
horizon = "3d"
[components.token_service]
[methods.password]
factor = "passwordless"
requires = []
[apps.mail]
[apps.daemon]
kind = "managed_identity"
[cohorts.staff]
users = 10
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password"] }]
[cohorts.jobs]
kind = "workloads"
users = 2
apps = ["daemon"]
"#;

#[test]
fn a_variant_that_changes_what_a_default_depends_on_reproduces() {
    // The default rate, then a clock; a managed identity's 24 h, then a client
    // secret's 1 h; a public client's early renewal, then a web app's cookie.
    let variants = r#"
[[variant]]
name = "on the clock"
set.cohorts.staff.activity.every = "10m"
[[variant]]
name = "client secret"
set.apps.daemon.kind = "client_secret"
[[variant]]
name = "web mail"
set.apps.mail.kind = "web_app"
"#;
    let plan = load_str(&format!("{BASE}{variants}"), Path::new("dependent.toml")).unwrap();
    let daemon = |v: usize| {
        plan.variants[v].scenario.apps["daemon"]
            .token_lifetime
            .unwrap()
            .min
    };
    // Baseline and "client secret": each kind's own default.
    assert_eq!((daemon(0), daemon(2)), (86_400.0, 3_600.0));
    let mail = &plan.variants[3].scenario.apps["mail"];
    assert_eq!(
        (
            mail.early_renewal,
            mail.session_cookie_lifetime.map(|d| d.0)
        ),
        (None, Some(3_600.0))
    );
    assert_reproduces(&plan);
}

#[test]
fn a_swept_clock_replaces_a_written_rate_and_reproduces() {
    let base = BASE.replace(
        "registrations = [",
        "activity = { attempts_per_hour = 6 }\nregistrations = [",
    );
    let mut plan = load_str(&base, Path::new("rate.toml")).unwrap();
    plan.sweep_command_line(vec![
        parse_set("cohorts.staff.activity.every=10m,1h").unwrap(),
    ])
    .unwrap();
    let activity = &plan.variants[1].scenario.cohorts["staff"].activity;
    assert_eq!(
        (activity.attempts_per_hour, activity.every.map(|d| d.0)),
        (None, Some(600.0))
    );
    assert_reproduces(&plan);
}
