//! `authsim check` promises the access attempts `authsim run` then plays: on
//! every bundled scenario, and on 1,000 one-user cohorts working Monday to
//! Friday across time zones, where counting a weekend, the play-in before time
//! zero or the client's retries would show.
//!
//! What is compared: the attempts check expects to be played (every variant
//! and replication, play-in and warm-up included) against the count `authsim
//! bench` reports of a real run, and the `attempts` metric check expects of a
//! replication against summary.csv's.
//!
//! The tolerance, derived from the count: each user's uses of an app are a
//! Poisson stream (a clock's ticks are certain), so a run's count has variance
//! at most its mean, times the variants that replay the same uses; 5 standard
//! deviations of that, plus the rounding of check's four significant digits,
//! lets a correct estimate fail once in millions of seeds. It comes to 0.16%
//! of the default scenario's count and under 1% of any here, inside the few
//! percent an estimate may miss by, and below what a wrong count would: 29%
//! for weekends counted (7 days for 5), 7% for the default scenario's client
//! retries, 1.7% for the thousand cohorts' play-in left out.

mod common;

use authsim::scenario::BUNDLED;
use common::{Scratch, stderr};
use std::fmt::Write;
use std::process::Output;

/// Replications each run is given: a million attempts or more in most
/// scenarios, in seconds.
const REPLICATIONS: &str = "4";
/// Standard deviations a correct estimate is allowed.
const SD: f64 = 5.0;

fn stdout(o: &Output) -> String {
    assert!(o.status.success(), "{}", stderr(o));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The words after `label` on the line that starts with it.
fn after<'a>(text: &'a str, label: &str) -> &'a str {
    let line = text.lines().find(|l| l.trim_start().starts_with(label));
    let line = line.unwrap_or_else(|| panic!("no `{label}` line in:\n{text}"));
    line.trim_start()[label.len()..].trim_start()
}

/// A count as check prints it (`172.8 million`, `9600`), and how far its
/// rounding may take it from the estimate.
fn figure(words: &str) -> (f64, f64) {
    let mut parts = words.split_whitespace();
    let number = parts.next().unwrap();
    let value: f64 = number.parse().unwrap();
    let unit = match parts.next() {
        Some("million") => 1e6,
        Some("billion") => 1e9,
        _ => 1.0,
    };
    let decimals = number.split('.').nth(1).map_or(0, str::len) as i32;
    (value * unit, 0.5 * unit * 10f64.powi(-decimals))
}

/// Asserts `actual` within `SD` standard deviations of the Poisson count
/// `estimate` replayed by `replays` variants, plus its rounding.
fn assert_close(what: &str, (estimate, rounding): (f64, f64), actual: f64, replays: f64) {
    let tolerance = SD * (replays * estimate).sqrt() + rounding;
    assert!(
        (actual - estimate).abs() <= tolerance,
        "{what}: check expects {estimate}, the run counts {actual} (tolerance {tolerance:.0})"
    );
    assert!(
        tolerance <= 0.01 * estimate,
        "{what}: tolerance {tolerance} too wide to test"
    );
}

/// The variants of the run, from check's `variants  3: a, b, c` line.
fn variants(check: &str) -> f64 {
    let count = after(check, "variants").split(':').next().unwrap();
    count.parse().unwrap()
}

/// Check's expected attempts played against bench's count.
fn played_as_checked(s: &Scratch, file: &str) {
    let check = stdout(&s.authsim(&["check", file, "--replications", REPLICATIONS]));
    let bench = stdout(&s.authsim(&["bench", file, "--replications", REPLICATIONS]));
    let played: f64 = after(&bench, "access attempts")
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_close(
        file,
        figure(after(&check, "access attempts")),
        played,
        variants(&check),
    );
}

#[test]
fn check_expects_the_attempts_every_bundled_scenario_plays() {
    let s = Scratch::new("estimates", "bundled");
    for bundled in BUNDLED {
        let file = format!("{}/{}", env!("CARGO_MANIFEST_DIR"), bundled.path);
        played_as_checked(&s, &file);
    }
}

/// 1,000 cohorts of one user each, 08:00-17:00 Monday to Friday, each in one
/// of 27 time zones: those east of UTC are at work at time zero (Monday 00:00
/// UTC) and play in from the Friday before; the week's horizon holds a weekend.
fn one_user_cohorts() -> String {
    let mut toml = String::from(
        "[simulation]\nhorizon = \"7d\"\nwarmup = \"1d\"\nreplications = 2\nseed = 21\n\
         [policy]\nmfa = \"never\"\n[components.token_service]\n\
         [methods.password]\nfactor = \"first\"\nrequires = []\n[apps.mail]\n",
    );
    for i in 0..1000i32 {
        let offset = i % 27 - 12;
        let sign = if offset < 0 { '-' } else { '+' };
        let _ = write!(
            toml,
            "[cohorts.c{i}]\nusers = 1\napps = [\"mail\"]\n\
             registrations = [{{ share = 1.0, methods = [\"password\"] }}]\n\
             activity = {{ hours = \"08:00-17:00\", days = \"mon-fri\", \
             utc_offset = \"{sign}{:02}:00\", attempts_per_hour = 6 }}\n",
            offset.abs()
        );
    }
    toml
}

#[test]
fn check_expects_the_attempts_of_a_thousand_one_user_cohorts() {
    let s = Scratch::new("estimates", "cohorts");
    s.write("cohorts.toml", &one_user_cohorts());
    played_as_checked(&s, "cohorts.toml");
    let check = stdout(&s.authsim(&["check", "cohorts.toml", "--replications", REPLICATIONS]));
    let run = ["run", "cohorts.toml", "--replications", REPLICATIONS];
    stdout(&s.authsim(&[&run[..], &["--no-charts", "--quiet", "--out", "run"]].concat()));
    let summary = s.read("run/summary.csv");
    let row = summary
        .lines()
        .find(|l| l.starts_with("baseline,all,,all,attempts,"));
    let mean: f64 = row.unwrap().split(',').nth(5).unwrap().parse().unwrap();
    // The metric is a replication's count, averaged: its sum over the
    // replications is the Poisson count to compare.
    let n: f64 = REPLICATIONS.parse().unwrap();
    let (each, rounding) = figure(after(&check, "attempts metric"));
    assert_close(
        "the attempts metric",
        (n * each, n * rounding),
        n * mean,
        1.0,
    );
}
