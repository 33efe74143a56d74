//! Regions and degradation against hand-worked cases and closed forms: a
//! regional outage is a global one for its region's cohort and nothing for the
//! others; regional instances fail independently; a degraded service fails a
//! share of requests, which retries turn into delays; a slow answer is a delay
//! within the client's timeout and a failure noticed at it past it; the
//! refusals; the analysis per region.

use authsim::analysis;
use authsim::model::outages::Outages;
use authsim::model::timeline::Timeline;
use authsim::model::worlds;
use authsim::montecarlo::metrics::Metric;
use authsim::montecarlo::stats::Estimate;
use authsim::montecarlo::{RunResult, VariantResult};
use authsim::scenario::load_str;
use std::path::Path;

mod common;
use common::refusal::{BASE, assert_bad_scenario, at, edit, run_toml};
use common::{assert_inside, simulate};

/// Users in continuous use all day, six uses an hour, with `extra` appended;
/// `tokens` sets how each use gets its token.
fn scenario(tokens: &str, extra: &str) -> String {
    format!(
        r#"
[people]
give_up_after = 0
[simulation]
horizon = "3d"
warmup = "1d"
replications = 20
seed = 23
[policy]
access_token_lifetime = "1ms"
mfa = "never"
token_requests_require = ["token_service"]
{tokens}
[methods.password]
factor = "first"
requires = []
{extra}
"#
    )
}

/// Every use an interactive sign-in, which the client never retries.
const SIGN_IN_EVERY_USE: &str = r#"sign_in_frequency = "1ms"
[apps.mail]
early_renewal = false
retry = { backoff = "none" }"#;

/// Every use a silent renewal (1 ms tokens, a 90-day session), retried
/// `attempts` times 5 s apart (no jitter) after a failure.
fn renew_every_use(attempts: u32, timeout: &str) -> String {
    format!(
        r#"sign_in_frequency = "90d"
[apps.mail]
early_renewal = false
retry = {{ backoff = "fixed", attempts = {attempts}, backoff_base = "5s", jitter = false, timeout = "{timeout}" }}"#
    )
}

fn cohort(name: &str, region: Option<&str>, users: u32) -> String {
    let region = region.map_or(String::new(), |r| format!("region = \"{r}\"\n"));
    format!(
        r#"
[cohorts.{name}]
{region}users = {users}
apps = ["mail"]
registrations = [{{ share = 1.0, methods = ["password"] }}]
activity = {{ hours = "00:00-24:00", days = "all", attempts_per_hour = 6 }}
"#
    )
}

/// A cohort's values: its own slice, or the whole population where it is alone.
fn slice_values(r: &RunResult, cohort: &str, metric: Metric) -> Vec<f64> {
    let v = &r.variants[0];
    v.slice(cohort, "all")
        .unwrap_or_else(|| v.whole())
        .values(metric)
}

/// The European instance down 6 h: the European cohort is denied exactly as
/// with a global outage of the same window (fixed windows draw nothing, and
/// the cohort's own streams are named by the cohort), every use in the window
/// is an interactive sign-in that fails (6 h of 48 measured: 1/8 by PASTA);
/// the American cohort, on its own instance, is never denied.
#[test]
fn a_regional_outage_hits_its_region_as_a_global_one_and_spares_the_others() {
    let regional = simulate(&scenario(
        SIGN_IN_EVERY_USE,
        &format!(
            r#"
[components.token_service]
regions = ["europe", "americas"]
outages = [{{ start = "1d 12:00", duration = "6h", regions = ["europe"] }}]
{}{}"#,
            cohort("paris", Some("europe"), 500),
            cohort("boston", Some("americas"), 500)
        ),
    ));
    let global = simulate(&scenario(
        SIGN_IN_EVERY_USE,
        &format!(
            r#"
[components.token_service]
outages = [{{ start = "1d 12:00", duration = "6h" }}]
{}"#,
            cohort("paris", None, 500)
        ),
    ));
    assert_eq!(
        slice_values(&regional, "paris", Metric::DenialRate),
        slice_values(&global, "paris", Metric::DenialRate)
    );
    let paris = regional.variants[0].slice("paris", "all").unwrap();
    assert_inside("paris", paris.metric(Metric::DenialRate), 1.0 / 8.0, 0.0);
    let boston = slice_values(&regional, "boston", Metric::DenialRate);
    assert!(boston.iter().all(|&d| d == 0.0), "{boston:?}");
}

/// Each instance up 2 h and down 1 h on average (exponential): down a third
/// of the time, u = 1/3, each on its own stream. If independent, some region is
/// down 1 - (1 - u)^2 = 5/9 of the time and both u^2 = 1/9; a shared stream
/// would give u and u.
#[test]
fn regional_instances_fail_independently() {
    let text = scenario(
        SIGN_IN_EVERY_USE,
        &format!(
            r#"
[components.token_service]
regions = ["europe", "americas"]
time_to_failure = {{ distribution = "exponential", mean = "2h" }}
time_to_repair = {{ distribution = "exponential", mean = "1h" }}
{}{}"#,
            cohort("paris", Some("europe"), 1),
            cohort("boston", Some("americas"), 1)
        ),
    )
    .replace("horizon = \"3d\"", "horizon = \"30d\"");
    let plan = load_str(&text, Path::new("regions.toml")).unwrap();
    let world = &worlds(&plan)[0];
    let names: Vec<&str> = world.components.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        ["token_service (europe)", "token_service (americas)"]
    );
    let (from, to) = (world.warmup, world.horizon);
    let (mut union, mut both) = (Vec::new(), Vec::new());
    for replication in 0..200 {
        let outages = Outages::draw(world, 7, replication);
        let mut any = Timeline::default();
        outages.components.iter().for_each(|t| any.extend(t));
        any.seal();
        let each: f64 = outages
            .components
            .iter()
            .map(|t| t.down_time(from, to))
            .sum();
        let any = any.down_time(from, to);
        union.push(any / (to - from));
        both.push((each - any) / (to - from));
    }
    let estimate = Estimate::from_samples;
    assert_inside("some region down", estimate(&union), 5.0 / 9.0, 0.0);
    assert_inside("both regions down", estimate(&both), 1.0 / 9.0, 0.0);
}

/// A token service failing 30% of requests all through the measured period:
/// with no retries 30% of uses are denied, a binomial share of n uses (about
/// 580,000 here), within 4 standard deviations.
#[test]
fn a_degraded_service_denies_its_fail_share_without_retries() {
    let result = simulate(&scenario(
        SIGN_IN_EVERY_USE,
        &format!(
            r#"
[components.token_service]
degraded = [{{ start = "1d", duration = "2d", fail_share = 0.3 }}]
{}"#,
            cohort("staff", None, 200)
        ),
    ));
    assert_binomial(&result.variants[0], Metric::DenialRate, 0.3);
}

/// The share `metric` of every replication's attempts together is within 4
/// standard deviations of a binomial share `p` of them.
fn assert_binomial(v: &VariantResult, metric: Metric, p: f64) {
    let attempts = v.values(Metric::Attempts);
    let n: f64 = attempts.iter().sum();
    let hits: f64 = attempts
        .iter()
        .zip(v.values(metric))
        .map(|(a, d)| a * d)
        .sum();
    let sd = (p * (1.0 - p) / n).sqrt();
    assert!(n > 100_000.0);
    assert!(
        (hits / n - p).abs() < 4.0 * sd,
        "{} of {n} attempts, expected {p} ± {}",
        hits / n,
        4.0 * sd
    );
}

/// With 2 retries each use gets three independent chances: denied with
/// probability p^3 = 0.5^3 = 1/8, delayed (served by a retry) with
/// p - p^3 = 3/8; the 5 s waits make a delayed use wait 5 s (second try) or
/// 10 s (third): (1/4 · 5 + 1/8 · 10) / (3/8) = 20/3 s on average. Uses on the
/// hour, so that none is made while an earlier one's retry is on its way.
#[test]
fn retries_turn_a_fail_share_into_delays() {
    let result = simulate(&scenario(
        &renew_every_use(2, "100s"),
        &format!(
            r#"
[components.token_service]
degraded = [{{ start = "1d", duration = "2d", fail_share = 0.5 }}]
{}"#,
            cohort("staff", None, 2000).replace("attempts_per_hour = 6", "every = \"1h\"")
        ),
    ));
    let v = &result.variants[0];
    assert_binomial(v, Metric::DenialRate, 1.0 / 8.0);
    let attempts = v.metric(Metric::Attempts).mean;
    let delayed = v.metric(Metric::DelayedAttempts).mean / attempts;
    assert!(
        (delayed - 3.0 / 8.0).abs() < 0.01,
        "delayed share {delayed}"
    );
    let wait = v.metric(Metric::DelayMeanSeconds);
    assert_inside("delay", wait, 20.0 / 3.0, 0.0);
}

/// Answers in 45 s, within the client's 100 s timeout: every use in the window
/// is served, each exactly 45 s late.
#[test]
fn a_slow_answer_within_the_timeout_is_a_delay() {
    let result = simulate(&scenario(
        &renew_every_use(1, "100s"),
        &format!(
            r#"
[components.token_service]
degraded = [{{ start = "1d", duration = "2d", latency = "45s" }}]
{}"#,
            cohort("staff", None, 50)
        ),
    ));
    let v = &result.variants[0];
    assert!(v.values(Metric::DenialRate).iter().all(|&d| d == 0.0));
    for (delayed, attempts) in v
        .values(Metric::DelayedAttempts)
        .iter()
        .zip(v.values(Metric::Attempts))
    {
        assert_eq!(*delayed, attempts);
    }
    for mean in v.values(Metric::DelayMeanSeconds) {
        assert!((mean - 45.0).abs() < 1e-3, "{mean}");
    }
}

/// Answers in 45 s past a 30 s timeout, for 2 h: the client gives up on each
/// request at 30 s, and its one retry comes 5 s later, 35 s after the use. So a
/// use in the window's last 35 s is served by the retry, exactly 35 s late
/// (5 s, were the retry timed from the use; a use made while that retry is on
/// its way waits for it, less); every other use in the window is
/// denied: 2 h less 35 s of 48 h measured, by PASTA.
#[test]
fn a_slow_answer_past_the_timeout_fails_and_is_retried_from_the_timeout() {
    let result = simulate(&scenario(
        &renew_every_use(1, "30s"),
        &format!(
            r#"
[components.token_service]
degraded = [{{ start = "1d 12:00", duration = "2h", latency = "45s" }}]
{}"#,
            cohort("staff", None, 2000)
        ),
    ));
    let v = &result.variants[0];
    let share = (7200.0 - 35.0) / (48.0 * 3600.0);
    assert_inside("denied", v.metric(Metric::DenialRate), share, 0.0);
    // A use made while the retry of an earlier one is on its way waits for it
    // (less than 35 s): one in about 17 at six uses an hour.
    for mean in v.values(Metric::DelayMeanSeconds) {
        assert!(mean > 33.0 && mean <= 35.0, "{mean}");
    }
}

/// The analysis builds each cohort's trees on its region's instance: a token
/// service down 1/3 of the time in each region leaves each cohort's sign-in
/// available 2/3 of the time, with its own instance as what every token request
/// needs; a degraded component is counted as up, with a warning.
#[test]
fn the_analysis_takes_each_cohort_s_instance() {
    let text = scenario(
        SIGN_IN_EVERY_USE,
        &format!(
            r#"
[components.token_service]
regions = ["europe", "americas"]
time_to_failure = {{ distribution = "exponential", mean = "2h" }}
time_to_repair = {{ distribution = "exponential", mean = "1h" }}
degraded = [{{ start = "1d", duration = "1h", fail_share = 0.5, regions = ["americas"] }}]
{}{}"#,
            cohort("paris", Some("europe"), 1),
            cohort("boston", Some("americas"), 1)
        ),
    );
    let plan = load_str(&text, Path::new("regions.toml")).unwrap();
    let a = analysis::analyze(&worlds(&plan)[0], 4).unwrap();
    for (cohort, region) in [("paris", "europe"), ("boston", "americas")] {
        let mix = a.mixes.iter().find(|m| m.cohort == cohort).unwrap();
        let sign_in = mix.paths.iter().find(|p| p.path == "sign-in").unwrap();
        assert_eq!(
            sign_in.every_token_request,
            [format!("token_service ({region})")]
        );
        assert!((sign_in.top_event_probability - 1.0 / 3.0).abs() < 1e-9);
    }
    assert!(
        a.warnings
            .iter()
            .any(|w| w.contains("token_service (americas) is degraded")),
        "{:?}",
        a.warnings
    );
}

const REGIONAL: &str = "[components.token_service]\nregions = [\"europe\"]\n";

#[test]
fn a_cohort_needing_a_regional_component_without_a_region_is_refused() {
    let toml = edit("[components.token_service]\n", REGIONAL).replace(
        "mfa = \"never\"",
        "mfa = \"never\"\ntoken_requests_require = [\"token_service\"]",
    );
    let out = run_toml("no-region", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[
            &at(&toml, "staff]"),
            "cohorts.staff",
            "needs the regional component token_service (policy.token_requests_require) but has no region",
            "set region = one of europe",
        ],
    );
}

#[test]
fn an_unknown_region_is_refused() {
    let toml = edit("[components.token_service]\n", REGIONAL)
        .replace("users = 10", "region = \"mars\"\nusers = 10");
    let out = run_toml("unknown-region", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[
            &at(&toml, "region = \"mars\""),
            "cohorts.staff.region",
            "no component has region `mars`",
            "(europe)",
        ],
    );
}

#[test]
fn an_outage_in_a_region_the_component_lacks_is_refused() {
    let toml = edit(
        "[components.token_service]\n",
        "[components.token_service]\nregions = [\"europe\"]\noutages = [{ start = \"2d\", duration = \"1h\", regions = [\"asia\"] }]\n",
    );
    let out = run_toml("outage-region", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[
            &at(&toml, "\"asia\""),
            "components.token_service.outages[0].regions[0]",
            "`asia` is not one of this component's regions (europe)",
        ],
    );
}

#[test]
fn a_degradation_window_with_both_or_neither_effect_is_refused() {
    let toml = edit(
        "[components.token_service]\n",
        "[components.token_service]\ndegraded = [{ start = \"2d\", duration = \"1h\" }]\n",
    );
    let out = run_toml("degraded-neither", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[
            "components.token_service.degraded[0]",
            "give exactly one of fail_share",
        ],
    );
    assert!(BASE.contains("[components.token_service]\n"));
}
