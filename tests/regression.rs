//! Bundled scenarios give the summary in tests/expected/: every mean byte for
//! byte, interval bounds and half-widths to 1e-9 (the last digits of a Student-t
//! quantile). A change that means to alter a metric rewrites these files and says
//! so; any other change must leave them as they are. Last rewritten for the
//! spelling of authsim 0.8 (floats always as floats, `0.0`; the `mix` and `sd`
//! columns; a metric not modelled as empty cells): every value of the files
//! before kept, each cell compared as a number, and every emptied cell was a
//! metric outside `modelled` holding 0. Before that, for the
//! two rows of capacity (authsim 0.6: `throttled_requests` and
//! `recovery_peak_requests_per_min`, zero where no component has a capacity):
//! every other row kept byte for byte. Before that, for the
//! people who give up after failures (`[people]`, authsim 0.5: prompts,
//! denials and token requests fall, lockout hours grow; every row of 0.4 is
//! kept byte for byte with `give_up_after = 0`, see tests/people.rs) and the
//! new rows of policy staleness and the help desk. Before that, for the
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

mod common;
use common::summary::{assert_as_pinned, of_bundled};

fn assert_same_summary(scenario: &str) {
    assert_as_pinned(scenario, &of_bundled(scenario, |_| {}));
}

#[test]
fn the_default_scenario_summarises_as_pinned() {
    assert_same_summary("token-service-outage");
}

#[test]
fn the_workloads_scenario_summarises_as_pinned() {
    assert_same_summary("workloads");
}
