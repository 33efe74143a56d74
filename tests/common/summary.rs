//! A run's summary.csv, and the comparison of one with a pinned file: every
//! mean byte for byte, interval bounds and half-widths to 1e-9 (the last digits
//! of a Student-t quantile); columns added after the pinned ones are left to
//! the tests of their own.

use authsim::export::{EXPORTERS, Outputs, SUMMARY_CSV};
use authsim::model::worlds;
use authsim::montecarlo::{RunResult, run};
use authsim::scenario::{RunPlan, load};
use std::path::Path;

/// The summary.csv of bundled scenario `scenario`, changed by `change` first.
pub fn of_bundled(scenario: &str, change: impl Fn(&mut RunPlan)) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut plan = load(&root.join("scenarios").join(format!("{scenario}.toml"))).unwrap();
    change(&mut plan);
    let result: RunResult = run(&worlds(&plan), plan.seed(), plan.replications(), &|| {});
    let outputs = Outputs::new(&plan, &result, None, Vec::new());
    let exporter = EXPORTERS.iter().find(|e| e.file() == SUMMARY_CSV).unwrap();
    let mut bytes = Vec::new();
    exporter.write(&outputs, &mut bytes).unwrap();
    String::from_utf8(bytes).unwrap()
}

/// `actual` is `tests/expected/{pinned}.summary.csv`, row for row.
pub fn assert_as_pinned(pinned: &str, actual: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let expected =
        std::fs::read_to_string(root.join(format!("tests/expected/{pinned}.summary.csv"))).unwrap();
    let (expected, actual): (Vec<&str>, Vec<&str>) =
        (expected.lines().collect(), actual.lines().collect());
    assert_eq!(expected.len(), actual.len(), "{pinned}: rows");
    // Columns added at the end since the file was pinned (the percentiles of
    // 0.10) are not in it; every pinned column must be, in its place.
    assert!(
        actual[0].starts_with(&format!("{},", expected[0])) || expected[0] == actual[0],
        "{pinned}: header {}\nnow {}",
        expected[0],
        actual[0]
    );
    let interval: Vec<usize> = (expected[0].split(',').enumerate())
        .filter(|(_, c)| ["sd", "ci95_half_width", "ci95_low", "ci95_high"].contains(c))
        .map(|(i, _)| i)
        .collect();
    for (e, a) in expected.iter().zip(&actual).skip(1) {
        for (i, (x, y)) in e.split(',').zip(a.split(',')).enumerate() {
            // An empty cell (a metric not modelled) is compared as text.
            if interval.contains(&i) && !x.is_empty() {
                let (x, y): (f64, f64) = (x.parse().unwrap(), y.parse().unwrap());
                assert!((x - y).abs() <= 1e-9 * x.abs(), "{pinned}: {e}\nnow {a}");
            } else {
                assert_eq!(x, y, "{pinned}: {e}\nnow {a}");
            }
        }
    }
}
