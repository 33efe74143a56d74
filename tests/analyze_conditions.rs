//! `authsim analyze` where the simulation and a naive analysis part ways:
//! contingency rules and fallback switches that are paths only while their
//! condition holds, delays before they take effect, and cohorts whose working
//! hours meet a fixed outage differently. Each case is derived by hand in its
//! comment, and the simulation (every attempt an interactive sign-in, Poisson in
//! working time, so the share denied is the share of working time the sign-in
//! path is down) must agree.

use authsim::analysis::{self, Analysis, Delays, PathAnalysis};
use authsim::model::worlds;
use authsim::montecarlo::metrics::Metric;
use authsim::scenario::load_str;
use std::path::Path;

mod common;
use common::{assert_inside, simulate};

/// Every attempt signs in interactively (tokens and sign-in frequency of a
/// millisecond, no retries), 60 an hour in working time; `body` adds the rest.
fn every_attempt_signs_in(body: &str) -> String {
    format!(
        r#"
[people]
give_up_after = 0
[simulation]
horizon = "3d"
warmup = "1d"
replications = 20
seed = 31
[policy]
access_token_lifetime = "1ms"
sign_in_frequency = "1ms"
mfa = "every_sign_in"
[components.token_service]
[apps.mail]
early_renewal = false
retry = {{ attempts = 0 }}
[methods.password]
factor = "first"
requires = []
{body}
"#
    )
}

fn analysed(toml: &str) -> Analysis {
    let plan = load_str(toml, Path::new("test.toml")).unwrap();
    analysis::analyze(&worlds(&plan)[0], 4).expect("a small analysis")
}

/// The sign-in views of a cohort's only mix.
fn sign_ins<'a>(a: &'a Analysis, cohort: &str) -> Vec<&'a PathAnalysis> {
    let mix = a.mixes.iter().find(|m| m.cohort == cohort).unwrap();
    mix.paths.iter().filter(|p| p.path == "sign-in").collect()
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-12, "{a} vs {b}");
}

/// The issue's case: SMS needs the MFA service and the carrier, each down 1 min
/// in 11 (short cycles, so that two days hold many); a rule accepts a compliant device while the MFA service is down. A
/// sign-in fails only with the carrier down and the MFA service up:
/// (1/11)(10/11) = 8.26%, not 0% (the rule always in effect) nor 16.5% (never).
const RULE: &str = r#"
[components.mfa_service]
time_to_failure = { distribution = "exponential", mean = "10m" }
time_to_repair = { distribution = "exponential", mean = "1m" }
[components.carrier]
time_to_failure = { distribution = "exponential", mean = "10m" }
time_to_repair = { distribution = "exponential", mean = "1m" }
[methods.sms]
factor = "second"
requires = ["mfa_service", "carrier"]
[methods.voice]
factor = "second"
requires = ["mfa_service", "carrier"]
[contingency.device_for_mfa]
when_down = ["mfa_service"]
action = "accept_compliant_device"
[cohorts.staff]
users = 100
apps = ["mail"]
device = "registered"
registrations = [{ share = 1.0, methods = ["password", "sms", "voice"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 60 }
"#;

#[test]
fn a_rule_waiving_mfa_while_the_mfa_service_is_down_leaves_the_carrier_a_single_point() {
    let toml = every_attempt_signs_in(RULE);
    let a = analysed(&toml);
    let views = sign_ins(&a, "staff");
    assert_eq!(views.len(), 1, "a rule in effect at once has one view");
    let p = views[0];
    let q = 1.0 / 11.0;
    close(1.0 - p.availability, q * (1.0 - q));
    // The token service never fails here: a cut set of probability nought.
    assert_eq!(
        p.cut_sets,
        vec![vec!["token_service"], vec!["carrier", "mfa_service up"]]
    );
    assert_eq!(p.single_points, vec!["carrier"]);
    // SMS and voice still share everything: the warning stands, and is true.
    assert!(a.warnings.iter().any(|w| w.contains("sms and voice")));
    let run = simulate(&toml);
    let denied = run.variants[0].metric(Metric::DenialRate);
    assert_inside("denials with the rule", denied, q * (1.0 - q), 0.0);
}

/// Two cohorts, 10 working hours a day, meet a daily 30-minute outage of the
/// directory at 08:00 differently: one works from 08:00 (5% of its time down),
/// one from 08:15 (2.5%); averaged over all time it is 2.08% for both.
const HOURS: &str = r#"
[components.directory]
outages = [{ start = "08:00", duration = "30m", every = "1d" }]
[methods.directory_key]
factor = "passwordless"
requires = ["directory"]
[cohorts.early]
users = 100
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["directory_key"] }]
activity = { hours = "08:00-18:00", days = "all", attempts_per_hour = 60 }
[cohorts.late]
users = 100
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["directory_key"] }]
activity = { hours = "08:15-18:15", days = "all", attempts_per_hour = 60 }
"#;

#[test]
fn availability_weighs_a_fixed_outage_by_each_cohort_s_working_hours() {
    let toml = every_attempt_signs_in(HOURS);
    let a = analysed(&toml);
    let run = simulate(&toml);
    for (cohort, share) in [("early", 0.05), ("late", 0.025)] {
        let p = sign_ins(&a, cohort)[0];
        close(1.0 - p.availability, share);
        let slice = run.variants[0].slice(cohort, "all").unwrap();
        assert_inside(cohort, slice.metric(Metric::DenialRate), share, 0.0);
    }
    // The exported figure is the whole period's, as a fault tree tool would have it.
    let p = sign_ins(&a, "early")[0];
    close(p.top_event_probability, 1.0 / 48.0);
}

/// Delays, on two days measured around the clock: the federation servers are
/// down 5 h from day 1 10:00, and an operator switches to hash sync 30 min in,
/// which takes an hour to propagate; the MFA service is down 2 h from day 2
/// 10:00, and a rule accepts a compliant device once it has been down 15 min.
/// Before they take effect: 5/48 and 2/48 of the time down; after: never. The
/// simulation is between: 1.5/48 and 0.25/48.
const DELAYS: &str = r#"
[components.federation]
outages = [{ start = "1d 10:00", duration = "5h" }]
[components.mfa_service]
outages = [{ start = "2d 10:00", duration = "2h" }]
[methods.federated]
factor = "first"
requires = ["federation"]
[methods.hash]
factor = "first"
requires = []
[methods.sms]
factor = "second"
requires = ["mfa_service"]
[fallback.hash_sync]
method = "federated"
to = "hash"
decide_after = "30m"
propagation = "1h"
switch_back = "1h"
[contingency.device_for_mfa]
when_down = ["mfa_service"]
after = "15m"
action = "accept_compliant_device"
cohorts = ["waived"]
[cohorts.federated]
users = 100
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["federated", "sms"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 60 }
[cohorts.waived]
users = 100
apps = ["mail"]
device = "registered"
registrations = [{ share = 1.0, methods = ["password", "sms"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 60 }
"#;

#[test]
fn a_delayed_switch_or_rule_is_shown_before_and_after_and_the_simulation_lies_between() {
    let toml = every_attempt_signs_in(DELAYS);
    let a = analysed(&toml);
    assert_eq!(a.delayed.len(), 2, "{:?}", a.delayed);
    let run = simulate(&toml);
    let mfa = 2.0 / 48.0;
    let cases = [
        // The federated cohort also needs the MFA service, in either view.
        ("federated", 5.0 / 48.0 + mfa, mfa, 1.5 / 48.0 + mfa),
        ("waived", mfa, 0.0, 0.25 / 48.0),
    ];
    for (cohort, before, after, simulated) in cases {
        let views = sign_ins(&a, cohort);
        let delays: Vec<_> = views.iter().map(|p| p.delays).collect();
        assert_eq!(delays, vec![Some(Delays::Before), Some(Delays::After)]);
        close(1.0 - views[0].availability, before);
        close(1.0 - views[1].availability, after);
        let e = run.variants[0].slice(cohort, "all").unwrap();
        let e = e.metric(Metric::DenialRate);
        assert_inside(cohort, e, simulated, 0.0);
        assert!(after < e.mean && e.mean < before, "{cohort}: {}", e.mean);
    }
}

/// A fixed outage every second for four days, weighed by the working hours of
/// 300 cohorts that each work different hours: more steps than an analysis may
/// take, refused with what to change rather than left to run for minutes.
#[test]
fn windows_weighed_by_too_many_working_weeks_are_refused() {
    let cohorts: String = (0..300)
        .map(|i| {
            format!(
                "[cohorts.c{i}]\nusers = 1\napps = [\"mail\"]\n\
                 registrations = [{{ share = 1.0, methods = [\"directory_key\"] }}]\n\
                 activity = {{ hours = \"08:00-{:02}:{:02}\", days = \"all\" }}\n",
                9 + i / 60,
                i % 60
            )
        })
        .collect();
    let toml = every_attempt_signs_in(&format!(
        "[components.directory]\n\
         outages = [{{ start = \"0s\", duration = \"500ms\", every = \"1s\" }}]\n\
         [methods.directory_key]\nfactor = \"passwordless\"\nrequires = [\"directory\"]\n{cohorts}"
    ))
    .replace("horizon = \"3d\"", "horizon = \"4d\"");
    let plan = load_str(&toml, Path::new("test.toml")).unwrap();
    let refused = analysis::analyze(&worlds(&plan)[0], 1).unwrap_err();
    assert_eq!(refused.at, "cohorts");
    assert!(
        refused
            .message
            .contains("give cohorts the same working hours"),
        "{}",
        refused.message
    );
}
