//! Bundled scenarios give the summary in tests/expected/: every mean byte for
//! byte, interval bounds and half-widths to 1e-9 (the last digits of a Student-t
//! quantile). A change that means to alter a metric rewrites these files and says
//! so; any other change must leave them as they are. Last rewritten for the
//! steady state of sessions, tokens ended with them and remembered MFA (each
//! drawn from a stream of its own, MFA played forward over the sign-ins before
//! time zero). Before that, for the
//! interval's own columns (`ci95_low`, `ci95_high`, `event_replications`,
//! `few_events`): every column before them was kept byte for byte. Before that,
//! for the steady-state start (every clock and failure schedule drawn in its
//! steady state at time zero, the draws before it from streams of their own; see
//! docs/model.md). Before that, for the slices
//! (cohort and app columns, rows per cohort, mix and app, the peak-prompt
//! metrics): every whole-population row of the files before was kept byte for
//! byte. Before that, for the infrastructure levers (delayed attempts, resource-side denials, the PRT on
//! its own schedule, the office's link on every access); before that they were
//! authsim 0.1.0's, which the reshaped engine matched exactly.

use authsim::export::{EXPORTERS, Outputs, SUMMARY_CSV};
use authsim::model::worlds;
use authsim::montecarlo::run;
use authsim::scenario::load;
use std::path::Path;

fn summary_csv(scenario: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let plan = load(&root.join("scenarios").join(format!("{scenario}.toml"))).unwrap();
    let result = run(&worlds(&plan), plan.seed(), plan.replications(), &|| {});
    let outputs = Outputs::new(&plan, &result, None, Vec::new());
    let exporter = EXPORTERS.iter().find(|e| e.file() == SUMMARY_CSV).unwrap();
    let mut bytes = Vec::new();
    exporter.write(&outputs, &mut bytes).unwrap();
    String::from_utf8(bytes).unwrap()
}

fn assert_same_summary(scenario: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let expected =
        std::fs::read_to_string(root.join(format!("tests/expected/{scenario}.summary.csv")))
            .unwrap();
    let actual = summary_csv(scenario);
    let (expected, actual): (Vec<&str>, Vec<&str>) =
        (expected.lines().collect(), actual.lines().collect());
    assert_eq!(expected.len(), actual.len(), "{scenario}: rows");
    assert_eq!(expected[0], actual[0], "{scenario}: header");
    let interval: Vec<usize> = (expected[0].split(',').enumerate())
        .filter(|(_, c)| ["ci95_half_width", "ci95_low", "ci95_high"].contains(c))
        .map(|(i, _)| i)
        .collect();
    for (e, a) in expected.iter().zip(&actual).skip(1) {
        for (i, (x, y)) in e.split(',').zip(a.split(',')).enumerate() {
            if interval.contains(&i) {
                let (x, y): (f64, f64) = (x.parse().unwrap(), y.parse().unwrap());
                assert!((x - y).abs() <= 1e-9 * x.abs(), "{scenario}: {e}\nnow {a}");
            } else {
                assert_eq!(x, y, "{scenario}: {e}\nnow {a}");
            }
        }
    }
}

#[test]
fn the_default_scenario_summarises_as_pinned() {
    assert_same_summary("token-service-outage");
}

#[test]
fn the_workloads_scenario_summarises_as_pinned() {
    assert_same_summary("workloads");
}
