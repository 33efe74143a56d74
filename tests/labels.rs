//! Sweep labels: a swept value's short label names its variants in place of
//! `PATH=VALUE`, from `--set PATH=LABEL=VALUE,...` and from `[sweep]` entries
//! `{ label = "...", value = ... }`; labels on some values only, a label given
//! twice and a label that cannot be a name are refused, with where.

mod common;

use authsim::scenario::duration::Lifetime;
use authsim::scenario::{Request, RunPlan, load_str};
use common::Scratch;
use common::refusal::BASE;
use std::path::Path;

fn names(plan: &RunPlan) -> Vec<&str> {
    plan.variants.iter().map(|v| v.name.as_str()).collect()
}

/// The plan of BASE (plus `extra`) with the command line's `--set`s.
fn planned(extra: &str, sets: &[&str]) -> Result<RunPlan, String> {
    let request = Request {
        file: "labels.toml".into(),
        source: format!("{BASE}{extra}"),
        sets: sets.iter().map(|s| s.to_string()).collect(),
        seed: None,
        replications: None,
    };
    request.plan().map_err(|e| e.to_string())
}

fn lifetime(plan: &RunPlan, variant: &str) -> Lifetime {
    let v = plan.variants.iter().find(|v| v.name == variant).unwrap();
    v.scenario.policy.access_token_lifetime
}

#[test]
fn a_label_on_the_command_line_names_the_variants_that_hold_its_value() {
    let plan = planned("", &["policy.access_token_lifetime=short=2h, long = 8h"]).unwrap();
    assert_eq!(names(&plan), ["baseline", "short", "long"]);
    assert_eq!(lifetime(&plan, "short"), "2h".parse().unwrap());
    assert_eq!(lifetime(&plan, "long"), "8h".parse().unwrap());
    // The outputs' parameter column still holds the value (the baseline's
    // is the documented default).
    assert_eq!(
        plan.parameters(),
        [(
            "policy.access_token_lifetime".to_string(),
            vec!["1h..1h30m".into(), "2h".into(), "8h".into()]
        )]
    );
    // A path without labels still names its values; labels come first where given first.
    let plan = planned(
        "",
        &[
            "policy.access_token_lifetime=short=2h,long=8h",
            "apps.mail.early_renewal=true,false",
        ],
    )
    .unwrap();
    assert_eq!(
        names(&plan)[1..],
        [
            "short, apps.mail.early_renewal=true",
            "short, apps.mail.early_renewal=false",
            "long, apps.mail.early_renewal=true",
            "long, apps.mail.early_renewal=false",
        ]
    );
    // Two `--set`s of one path, both labelled, are one labelled path.
    let plan = planned(
        "",
        &[
            "policy.access_token_lifetime=short=2h",
            "policy.access_token_lifetime=long=8h",
        ],
    )
    .unwrap();
    assert_eq!(names(&plan), ["baseline", "short", "long"]);
}

#[test]
fn a_sweep_table_labels_its_values_and_the_resolved_scenario_keeps_them() {
    let grid = "[sweep]\npolicy.access_token_lifetime = [{ label = \"short\", value = \"2h\" }, { label = \"8h tokens\", value = \"8h\" }]\n";
    let plan = planned(grid, &[]).unwrap();
    assert_eq!(names(&plan), ["baseline", "short", "8h tokens"]);
    assert_eq!(lifetime(&plan, "8h tokens"), "8h".parse().unwrap());
    // A table of a law's values is a value, not a label.
    let laws = "[components.token_service.time_to_failure]\ndistribution = \"exponential\"\nmean = \"30d\"\n[components.token_service.time_to_repair]\ndistribution = \"exponential\"\nmean = \"1h\"\n[sweep]\ncomponents.token_service.time_to_repair = [{ distribution = \"fixed\", value = \"1h\" }]\n";
    let plan = planned(laws, &[]).unwrap();
    assert_eq!(
        names(&plan)[1],
        "components.token_service.time_to_repair={ distribution = \"fixed\", value = \"1h\" }"
    );
    // The resolved scenario of a command-line sweep records the labels, so
    // that it reproduces the run's names alone.
    let plan = planned("", &["policy.access_token_lifetime=short=2h,long=8h"]).unwrap();
    let resolved = plan.resolved_toml();
    assert!(resolved.contains("label = \"short\""), "{resolved}");
    let again = load_str(&resolved, Path::new("resolved.toml")).unwrap();
    assert_eq!(names(&again), ["baseline", "short", "long"]);
}

#[test]
fn labels_on_some_values_twice_or_unnameable_are_refused_saying_where() {
    for (sets, needles) in [
        (
            "policy.access_token_lifetime=short=2h,8h",
            &[
                "--set policy.access_token_lifetime",
                "a label on 1 of its 2 values only",
                "or none",
            ][..],
        ),
        (
            "policy.access_token_lifetime=a=2h,a=8h",
            &["the label \"a\" is given twice"][..],
        ),
        (
            "policy.access_token_lifetime=x\u{202e}y=2h,b=8h",
            &["the label \"x", "U+202E"][..],
        ),
        (
            "policy.access_token_lifetime=営業=2h,b=8h",
            &["the label \"営業\"", "cannot draw"][..],
        ),
        (
            "policy.access_token_lifetime= =2h",
            &["a label is empty"][..],
        ),
    ] {
        let err = planned("", &[sets]).unwrap_err();
        for needle in needles {
            assert!(err.contains(needle), "{sets}: {err}");
        }
    }
    // Across two `--set`s of one path: labelled and not.
    let err = planned(
        "",
        &[
            "policy.access_token_lifetime=short=2h",
            "policy.access_token_lifetime=8h",
        ],
    )
    .unwrap_err();
    assert!(err.contains("a label on 1 of its 2 values only"), "{err}");
    // In `[sweep]`, the file and the line of the path.
    let grid =
        "[sweep]\npolicy.access_token_lifetime = [{ label = \"short\", value = \"2h\" }, \"8h\"]\n";
    let err = planned(grid, &[]).unwrap_err();
    let line = BASE.lines().count() + 2;
    assert!(err.starts_with(&format!("labels.toml:{line}:")), "{err}");
    assert!(err.contains("a label on 1 of its 2 values only"), "{err}");
    let grid = "[sweep]\npolicy.access_token_lifetime = [{ label = \"x\", value = \"2h\" }, { label = \"x\", value = \"8h\" }]\n";
    let err = planned(grid, &[]).unwrap_err();
    assert!(err.contains("the label \"x\" is given twice"), "{err}");
}

#[test]
fn a_labelled_sweep_writes_its_labels_as_the_variant_names() {
    let s = Scratch::new("labels", "run");
    s.write("s.toml", BASE);
    let set = "policy.access_token_lifetime=short=2h,long=8h";
    let args = [
        "sweep",
        "s.toml",
        "--set",
        set,
        "--out",
        "run",
        "--no-charts",
        "--quiet",
    ];
    let o = s.authsim(&args);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let summary = s.read("run/summary.csv");
    let variants: std::collections::BTreeSet<&str> = summary
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    assert_eq!(
        variants,
        ["baseline", "long", "short"].into_iter().collect()
    );
    // A refused label: exit 2, one message, no folder.
    let args = [
        "sweep",
        "s.toml",
        "--set",
        "policy.access_token_lifetime=a=2h,8h",
        "--out",
        "bad",
    ];
    let o = s.authsim(&args);
    assert_eq!(o.status.code(), Some(2), "{}", common::stderr(&o));
    assert!(common::stderr(&o).contains("a label on 1 of its 2 values only"));
    assert!(!s.0.join("bad").exists());
}
