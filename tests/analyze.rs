//! `authsim analyze` on hand-worked structures: cut sets and availability
//! against closed forms, the analytic availability against a simulation, and
//! the Open-PSA export (non-coherent trees, names that differ only in
//! punctuation) against the real SCRAM where it is installed.

use authsim::analysis::{self, Analysis, PathAnalysis};
use authsim::model::worlds;
use authsim::montecarlo::metrics::Metric;
use authsim::montecarlo::stats::student_t_quantile;
use authsim::scenario::load_str;
use std::path::Path;

mod common;
use common::{Scratch, stderr};

/// Every component fails at random: `q = repair / (failure + repair)`.
/// tok 0.01, a 0.1, b 0.2, c 0.1, s 0.05, k 0.3; g: three copies at 0.1, two
/// needed; m and carrier 1/11. A rule waives MFA for cohort `waived` while m is
/// down, one allows an emergency code for `emergency` while b is down, and a
/// fallback switch (off in the baseline) replaces `federated` by `hash`.
const STRUCTURES: &str = r#"
[people]
give_up_after = 0
[simulation]
horizon = "10d"
warmup = "1d"
replications = 2
seed = 7
[policy]
mfa = "every_sign_in"
token_requests_require = ["tok"]
[components.tok]
time_to_failure = { distribution = "exponential", mean = "99h" }
time_to_repair = { distribution = "exponential", mean = "1h" }
[components.a]
time_to_failure = { distribution = "exponential", mean = "9h" }
time_to_repair = { distribution = "exponential", mean = "1h" }
[components.b]
time_to_failure = { distribution = "exponential", mean = "4h" }
time_to_repair = { distribution = "exponential", mean = "1h" }
[components.c]
time_to_failure = { distribution = "exponential", mean = "9h" }
time_to_repair = { distribution = "exponential", mean = "1h" }
[components.s]
time_to_failure = { distribution = "exponential", mean = "19h" }
time_to_repair = { distribution = "exponential", mean = "1h" }
[components.k]
time_to_failure = { distribution = "lognormal", median = "7h", sigma = 0.5 }
time_to_repair = { distribution = "fixed", value = "3h" }
[components.g]
instances = 3
needed = 2
time_to_failure = { distribution = "exponential", mean = "9h" }
time_to_repair = { distribution = "exponential", mean = "1h" }
[methods.password]
factor = "first"
requires = ["a"]
[methods.push]
factor = "second"
requires = ["b"]
[methods.sms]
factor = "second"
requires = ["c"]
[methods.push_shared]
factor = "second"
requires = ["b", "s"]
[methods.sms_shared]
factor = "second"
requires = ["c", "s"]
[methods.voice]
factor = "second"
requires = ["c"]
[methods.grouped]
factor = "second"
requires = ["g"]
[methods.fido2]
factor = "passwordless"
requires = ["k"]
[components.m]
time_to_failure = { distribution = "exponential", mean = "10h" }
time_to_repair = { distribution = "exponential", mean = "1h" }
[components.carrier]
time_to_failure = { distribution = "exponential", mean = "10h" }
time_to_repair = { distribution = "exponential", mean = "1h" }
[methods.sms_m]
factor = "second"
requires = ["m", "carrier"]
[methods.code]
factor = "second"
requires = ["s"]
[methods.federated]
factor = "first"
requires = ["k"]
[methods.hash]
factor = "first"
requires = ["c"]
[contingency.device_for_mfa]
when_down = ["m"]
action = "accept_compliant_device"
cohorts = ["waived"]
[contingency.codes]
when_down = ["b"]
action = "allow_method"
method = "code"
cohorts = ["emergency"]
[fallback.hash_sync]
method = "federated"
to = "hash"
decide_after = "never"
propagation = "1h"
switch_back = "1h"
[apps.mail]
[cohorts.series]
users = 10
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password", "push"] }]
[cohorts.parallel]
users = 10
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password", "push", "sms"] }]
[cohorts.shared]
users = 10
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password", "push_shared", "sms_shared"] }]
[cohorts.redundant]
users = 10
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password", "grouped"] }]
[cohorts.passwordless]
users = 10
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["fido2", "password", "push"] }]
[cohorts.same]
users = 10
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password", "sms", "voice"] }]
[cohorts.waived]
users = 10
apps = ["mail"]
device = "registered"
registrations = [{ share = 1.0, methods = ["password", "sms_m"] }]
[cohorts.emergency]
users = 10
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password", "push", "code"] }]
[cohorts.switched]
users = 10
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["federated", "push"] }]
[[variant]]
name = "hash sync on"
set.fallback.hash_sync.decide_after = "30m"
[[variant]]
name = "k 4h"
set.components.k.time_to_repair = { distribution = "fixed", value = "4h" }
[[variant]]
name = "k_4h"
set.components.k.time_to_repair = { distribution = "fixed", value = "5h" }
"#;

fn analysed(text: &str) -> Analysis {
    let plan = load_str(text, Path::new("structures.toml")).unwrap();
    analysis::analyze(&worlds(&plan)[0], 8).expect("a small analysis")
}

fn sign_in<'a>(a: &'a Analysis, cohort: &str) -> &'a PathAnalysis {
    let mix = a.mixes.iter().find(|m| m.cohort == cohort).unwrap();
    mix.paths.iter().find(|p| p.path == "sign-in").unwrap()
}

fn sets(p: &PathAnalysis) -> Vec<Vec<&str>> {
    let mut s: Vec<Vec<&str>> = p
        .cut_sets
        .iter()
        .map(|c| c.iter().map(String::as_str).collect())
        .collect();
    s.sort();
    s
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-12, "{a} vs {b}");
}

const TOK: f64 = 0.01;
const A: f64 = 0.1;
const B: f64 = 0.2;
const C: f64 = 0.1;
const S: f64 = 0.05;
/// Lognormal failure: mean = median · exp(σ²/2); repair fixed 3 h.
fn k() -> f64 {
    let up = 7.0 * (0.125f64).exp();
    3.0 / (up + 3.0)
}

#[test]
fn series_parallel_shared_k_of_n_and_passwordless_match_their_closed_forms() {
    let a = analysed(STRUCTURES);
    let series = sign_in(&a, "series");
    assert_eq!(sets(series), vec![vec!["a"], vec!["b"], vec!["tok"]]);
    close(series.availability, (1.0 - TOK) * (1.0 - A) * (1.0 - B));
    assert_eq!(series.single_points, vec!["a", "b"]);
    assert_eq!(series.every_token_request, vec!["tok"]);

    let parallel = sign_in(&a, "parallel");
    assert_eq!(sets(parallel), vec![vec!["a"], vec!["b", "c"], vec!["tok"]]);
    close(
        parallel.availability,
        (1.0 - TOK) * (1.0 - A) * (1.0 - B * C),
    );

    // s under both second factors: a single point although two are registered.
    let shared = sign_in(&a, "shared");
    assert_eq!(
        sets(shared),
        vec![vec!["a"], vec!["b", "c"], vec!["s"], vec!["tok"]]
    );
    close(
        shared.availability,
        (1.0 - TOK) * (1.0 - A) * (1.0 - S) * (1.0 - B * C),
    );

    // Two of three copies needed: down once two are down.
    let redundant = sign_in(&a, "redundant");
    assert_eq!(
        sets(redundant),
        vec![
            vec!["a"],
            vec!["g#1", "g#2"],
            vec!["g#1", "g#3"],
            vec!["g#2", "g#3"],
            vec!["tok"]
        ]
    );
    let g = 3.0 * A * A * (1.0 - A) + A * A * A;
    close(redundant.availability, (1.0 - TOK) * (1.0 - A) * (1.0 - g));
    assert!(redundant.single_points == vec!["a"]);

    // FIDO2 alone, or password and push: fails with k and (a or b).
    let passwordless = sign_in(&a, "passwordless");
    assert_eq!(
        sets(passwordless),
        vec![vec!["a", "k"], vec!["b", "k"], vec!["tok"]]
    );
    let k = k();
    let ab = 1.0 - (1.0 - A) * (1.0 - B);
    close(passwordless.availability, (1.0 - TOK) * (1.0 - k * ab));
    assert!(passwordless.single_points.is_empty());
    // Independent events at their average: the same figure with no fixed windows.
    close(
        passwordless.top_event_probability,
        1.0 - passwordless.availability,
    );
}

/// m and carrier: down 1 h in 11.
const Q11: f64 = 1.0 / 11.0;

#[test]
fn a_rule_or_switch_is_a_path_only_while_its_condition_holds() {
    let a = analysed(STRUCTURES);
    // The rule waives MFA only while m is down, so SMS fails the sign-in when the
    // carrier is down and m up: the carrier alone, everything else up, stops it.
    let waived = sign_in(&a, "waived");
    assert_eq!(
        sets(waived),
        vec![vec!["a"], vec!["carrier", "m up"], vec!["tok"]]
    );
    close(
        waived.availability,
        (1.0 - TOK) * (1.0 - A) * (1.0 - Q11 * (1.0 - Q11)),
    );
    assert_eq!(waived.single_points, vec!["a", "carrier"]);
    assert_eq!(waived.delays, None);
    // m down sets the rule off: its failure lowers the path's unavailability.
    let m = waived.importance.iter().find(|i| i.event == "m").unwrap();
    assert!(m.birnbaum < 0.0, "{}", m.birnbaum);

    // The code is allowed only while b is down: push and the code fail together
    // when b and s are down, a NOT in the tree but a coherent function.
    let emergency = sign_in(&a, "emergency");
    assert_eq!(
        sets(emergency),
        vec![vec!["a"], vec!["b", "s"], vec!["tok"]]
    );
    close(
        emergency.availability,
        (1.0 - TOK) * (1.0 - A) * (1.0 - B * S),
    );

    // decide_after = "never": no path, so k alone stops the sign-in.
    let switched = sign_in(&a, "switched");
    assert_eq!(sets(switched), vec![vec!["b"], vec!["k"], vec!["tok"]]);
    assert_eq!(switched.delays, None);
    assert!(a.delayed.is_empty());

    // Switched 30 min after k goes down, plus an hour: before, as if never;
    // after, hash (needing c) stands in while k is down.
    let plan = load_str(STRUCTURES, Path::new("structures.toml")).unwrap();
    let on = analysis::analyze(&worlds(&plan)[1], 8).unwrap();
    let mix = on.mixes.iter().find(|m| m.cohort == "switched").unwrap();
    let views: Vec<&PathAnalysis> = mix.paths.iter().filter(|p| p.path == "sign-in").collect();
    assert_eq!(views.len(), 2);
    assert_eq!(views[0].delays, Some(analysis::Delays::Before));
    assert_eq!(sets(views[0]), sets(switched));
    close(views[0].availability, switched.availability);
    assert_eq!(views[1].delays, Some(analysis::Delays::After));
    assert_eq!(sets(views[1]), vec![vec!["b"], vec!["c", "k"], vec!["tok"]]);
    close(
        views[1].availability,
        (1.0 - TOK) * (1.0 - B) * (1.0 - k() * C),
    );
    assert_eq!(on.delayed.len(), 1);
    assert!(on.delayed[0].contains("hash_sync"), "{:?}", on.delayed);
    // The other cohorts' paths are the same either way: listed once.
    let others = on.mixes.iter().filter(|m| m.cohort != "switched");
    assert!(others.flat_map(|m| &m.paths).all(|p| p.delays.is_none()));
}

#[test]
fn a_method_behind_the_same_components_is_named_as_adding_nothing() {
    let a = analysed(STRUCTURES);
    assert!(
        a.warnings
            .iter()
            .any(|w| w.contains("cohort same") && w.contains("sms and voice both need c")),
        "{:?}",
        a.warnings
    );
    assert!(!a.warnings.iter().any(|w| w.contains("cohort parallel")));
}

#[test]
fn importance_measures_follow_from_their_definitions() {
    let a = analysed(STRUCTURES);
    let p = sign_in(&a, "parallel");
    let q = 1.0 - p.availability;
    let b = p.importance.iter().find(|i| i.event == "b").unwrap();
    // Q with b down: tok, a or c; with b up: tok or a.
    let down = 1.0 - (1.0 - TOK) * (1.0 - A) * (1.0 - C);
    let up = 1.0 - (1.0 - TOK) * (1.0 - A);
    close(b.birnbaum, down - up);
    close(b.fussell_vesely, (q - up) / q);
    close(b.risk_achievement_worth, down / q);
    close(b.risk_reduction_worth, q / up);
}

/// Each attempt is an interactive sign-in (tokens of a millisecond, sessions of a
/// second), so the share of attempts denied estimates the share of time the
/// sign-in path is down.
const EVERY_ATTEMPT_SIGNS_IN: &str = r#"
[people]
give_up_after = 0
[simulation]
horizon = "30d"
warmup = "2d"
replications = 40
seed = 11
[policy]
access_token_lifetime = "1ms"
sign_in_frequency = "1s"
mfa = "every_sign_in"
token_requests_require = ["tok"]
[components.tok]
time_to_failure = { distribution = "exponential", mean = "5d" }
time_to_repair = { distribution = "exponential", mean = "3h" }
[components.carrier]
time_to_failure = { distribution = "exponential", mean = "3d" }
time_to_repair = { distribution = "lognormal", median = "4h", sigma = 0.7 }
[components.push_service]
time_to_failure = { distribution = "exponential", mean = "2d" }
time_to_repair = { distribution = "exponential", mean = "5h" }
[methods.password]
factor = "first"
requires = []
[methods.sms]
factor = "second"
requires = ["carrier"]
[methods.push]
factor = "second"
requires = ["push_service"]
[apps.mail]
retry = { attempts = 0 }
[cohorts.staff]
users = 200
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password", "sms", "push"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 2 }
"#;

#[test]
fn the_analytic_availability_lies_inside_the_simulated_99_percent_interval() {
    assert_analysis_agrees(EVERY_ATTEMPT_SIGNS_IN);
}

/// The same with an activity profile, and the token service down for maintenance
/// 10:00-12:00 UTC every day: the analysis weighs that window by the profile's
/// rate (busy weekday mornings, quiet afternoons, a little on weekends), as the
/// simulated attempts fall, so the two agree only if both follow the profile.
#[test]
fn the_analytic_availability_follows_an_activity_profile() {
    let rate = |d: usize, h: usize| match (d < 5, h) {
        (true, 8..12) => 3.0,
        (true, 12..18) => 0.5,
        (false, 9..17) => 0.25,
        _ => 0.0,
    };
    let rows: Vec<String> = (0..7)
        .map(|d| format!("{:?}", (0..24).map(|h| rate(d, h)).collect::<Vec<f64>>()))
        .collect();
    let toml = EVERY_ATTEMPT_SIGNS_IN
        .replace(
            "activity = { hours = \"00:00-24:00\", days = \"all\", attempts_per_hour = 2 }",
            &format!("activity = {{ attempts_by_hour = [{}] }}", rows.join(", ")),
        )
        .replace(
            "[components.tok]\n",
            "[components.tok]\noutages = [{ start = \"10h\", duration = \"2h\", every = \"1d\" }]\n",
        );
    assert!(toml.contains("attempts_by_hour") && toml.contains("every = \"1d\""));
    // The window holds 6 of a weekday's 4 x 3 + 6 x 0.5 = 15 attempts and 0.5
    // of a weekend day's 2: 31 / 79 of the week's, where time alone gives 2 / 24.
    let analytic = assert_analysis_agrees(&toml);
    assert!(
        analytic > 0.3,
        "the window must weigh by the profile: {analytic}"
    );
}

/// The analytic share of staff sign-ins that fail lies inside the simulated 99%
/// interval of the denial rate (every attempt of the scenario signs in); that share.
fn assert_analysis_agrees(toml: &str) -> f64 {
    let plan = load_str(toml, Path::new("every.toml")).unwrap();
    let worlds = worlds(&plan);
    let a = analysis::analyze(&worlds[0], 4).expect("a small analysis");
    let analytic = 1.0 - sign_in(&a, "staff").availability;
    let result = authsim::montecarlo::run(&worlds, plan.seed(), plan.replications(), &|| {});
    let e = result.variants[0].metric(Metric::DenialRate);
    let n = e.n as f64;
    let half = student_t_quantile(0.995, n - 1.0) * e.sd / n.sqrt();
    assert!(
        (e.mean - analytic).abs() <= half,
        "analytic {analytic} vs simulated {} ± {half}",
        e.mean
    );
    analytic
}

/// Whether a program is on the PATH.
fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// SCRAM (Debian package `scram`, which `.ci/run` installs) reads the exported
/// model and must find the same top-event probability and prime implicants, for
/// every variant: the non-coherent trees of contingency rules and switches, and
/// the variants `k 4h` and `k_4h`, whose names differ only in punctuation.
#[test]
fn scram_agrees_with_the_exported_fault_trees() {
    if !on_path("scram") {
        eprintln!("scram is not on the PATH: the cross-check is left to CI, which installs it");
        return;
    }
    let s = Scratch::new("analyze", "scram");
    s.write("structures.toml", STRUCTURES);
    let o = s.authsim(&[
        "analyze",
        "structures.toml",
        "--order",
        "8",
        "--export-mef",
        "model.xml",
        "--out",
        "analysis",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let plan = load_str(STRUCTURES, Path::new("structures.toml")).unwrap();
    let ours: Vec<Analysis> = worlds(&plan)
        .iter()
        .map(|w| analysis::analyze(w, 8).unwrap())
        .collect();
    let export = analysis::mef::write(&ours);
    assert_eq!(
        s.read("model.xml"),
        export.xml,
        "the file is the library's model"
    );
    let report = s.0.join("report.xml");
    let scram = std::process::Command::new("scram")
        .arg(s.0.join("model.xml"))
        .args(["--prime-implicants", "--probability", "true", "-o"])
        .arg(&report)
        .output()
        .unwrap();
    assert!(
        scram.status.success(),
        "{}",
        String::from_utf8_lossy(&scram.stderr)
    );
    let xml = std::fs::read_to_string(&report).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    for tree in &export.trees {
        let p = &ours[tree.variant].mixes[tree.mix].paths[tree.path];
        let theirs = doc
            .descendants()
            .find(|n| n.has_tag_name("sum-of-products") && n.attribute("name") == Some(&tree.name))
            .unwrap_or_else(|| panic!("SCRAM reports no {}", tree.name));
        let probability: f64 = theirs.attribute("probability").unwrap().parse().unwrap();
        assert!(
            (probability - p.top_event_probability).abs() < 1e-6,
            "{}: SCRAM {probability} vs authsim {}",
            tree.name,
            p.top_event_probability
        );
        // A product's events by their names in authsim, "EVENT up" for a NOT.
        let ids = &export.events[tree.variant];
        let named = |id: &str| {
            let e = ids.iter().position(|i| i == id).unwrap();
            ours[tree.variant].events[e].name.clone()
        };
        let mut products: Vec<Vec<String>> = theirs
            .children()
            .filter(|n| n.has_tag_name("product"))
            .map(|product| {
                let mut events: Vec<String> = product
                    .children()
                    .filter(roxmltree::Node::is_element)
                    .map(|e| match e.tag_name().name() {
                        "not" => {
                            let inner = e.first_element_child().unwrap();
                            format!("{} up", named(inner.attribute("name").unwrap()))
                        }
                        _ => named(e.attribute("name").unwrap()),
                    })
                    .collect();
                events.sort();
                events
            })
            .collect();
        products.sort();
        let mut expected = p.cut_sets.clone();
        expected.sort();
        assert_eq!(products, expected, "{}", tree.name);
    }
    // Every sign-in of 9 cohorts, one more for each view of the switch turned on.
    assert_eq!(export.trees.len(), 4 * 9 + 1);
    let names: std::collections::BTreeSet<&str> =
        export.trees.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names.len(), export.trees.len(), "{names:?}");
}

#[test]
fn the_bundled_scenario_names_the_carrier_for_sms_and_voice_users_and_nothing_for_fido2() {
    let s = Scratch::new("analyze", "bundled");
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/mfa-dependencies.toml");
    let o = s.authsim(&["analyze", scenario.to_str().unwrap(), "--out", "analysis"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    let line = |cohort: &str| {
        let at = out.find(&format!("cohort {cohort} ")).unwrap();
        out[at..].lines().nth(1).unwrap().to_string()
    };
    let field = line("field_staff");
    assert!(
        field.starts_with("  sign-in")
            && field.contains("single points of failure: mfa_service, phone, phone_carrier"),
        "{field}"
    );
    let office = line("office_staff");
    assert!(
        office.contains("single points of failure: none"),
        "{office}"
    );
    assert!(out.contains(
        "warning: cohort field_staff: sms and voice_call both need mfa_service, phone, phone_carrier: having both adds no resilience over one"
    ));
    for file in [
        "analysis.json",
        "paths.csv",
        "cut_sets.csv",
        "importance.csv",
    ] {
        assert!(s.0.join("analysis").join(file).is_file(), "{file}");
    }
    // An export never replaces a file the user has.
    s.write("mine.xml", "keep");
    let o = s.authsim(&[
        "analyze",
        scenario.to_str().unwrap(),
        "--export-mef",
        "mine.xml",
        "--out",
        "again",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("mine.xml: the file exists"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(s.0.join("mine.xml")).unwrap(),
        "keep"
    );
}

/// The report of a run carries the same analysis, drawn from the run folder.
#[test]
fn the_report_names_each_mix_s_single_points_of_failure() {
    let s = Scratch::new("analyze", "report");
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/mfa-dependencies.toml");
    let o = s.authsim(&[
        "run",
        scenario.to_str().unwrap(),
        "--replications",
        "2",
        "--out",
        "run",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = s.read("run/report.html");
    let section = &html[html
        .find("<h2 id=\"dependencies\">Dependencies</h2>")
        .expect("no Dependencies section")..];
    let row = |cohort: &str| {
        let at = section.find(&format!("<td>{cohort}</td>")).unwrap();
        section[at..section[at..].find("</tr>").unwrap() + at].to_string()
    };
    let field = row("field_staff");
    assert!(
        field.contains("<td>mfa_service, phone, phone_carrier</td><td>token_service</td>"),
        "{field}"
    );
    assert!(row("office_staff").contains("none</span></td><td>token_service</td>"));
    assert!(section.contains("sms and voice_call both need mfa_service, phone, phone_carrier"));
}

/// A delayed switch in the terminal: headquarters' sign-in on two lines, before
/// and after, and what the two views differ by; the baseline, whose switch never
/// happens, on one line with the datacentre a single point of failure.
#[test]
fn the_terminal_shows_a_delayed_switch_both_ways() {
    let s = Scratch::new("analyze", "delayed");
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/hybrid-organisation.toml");
    let o = s.authsim(&["analyze", scenario.to_str().unwrap(), "--out", "analysis"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    let variant = |name: &str| {
        let at = out.find(&format!("== {name} ==")).unwrap();
        let end = out[at + 1..]
            .find("\n== ")
            .map_or(out.len(), |e| at + 1 + e);
        out[at..end].to_string()
    };
    let baseline = variant("baseline");
    let line = |text: &str, start: &str| {
        let at = text
            .find(start)
            .unwrap_or_else(|| panic!("no {start} in {text}"));
        text[at..].lines().next().unwrap().to_string()
    };
    let hq = line(&baseline, "  sign-in ");
    assert!(
        hq.contains("points of failure: common cause datacentre, mfa_service"),
        "{hq}"
    );
    assert!(!baseline.contains("(before)"));
    let switch = variant("hash sync switch");
    let before = line(&switch, "  sign-in (before)");
    let after = line(&switch, "  sign-in (after)");
    assert!(before.contains("common cause datacentre"), "{before}");
    assert!(!after.contains("common cause datacentre"), "{after}");
    assert!(switch.contains("fallback switch hash_sync: in effect once federated_password's path has been down 30m, and 1h more to propagate"));
}

/// The hybrid organisation's report tells one story: the cause the simulation
/// blames for most lockout hours in the baseline is, through the common cause
/// that takes it down, both a single point of failure of headquarters' sign-in
/// and the largest share of its unavailability in the Dependencies section.
#[test]
fn the_hybrid_report_s_dependencies_name_what_its_denials_blame() {
    let s = Scratch::new("analyze", "hybrid");
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/hybrid-organisation.toml");
    let mut text = std::fs::read_to_string(scenario).unwrap();
    for (from, to) in [("3000", "300"), ("800", "80"), ("200", "20")] {
        text = text.replace(&format!("users = {from}\n"), &format!("users = {to}\n"));
    }
    s.write("hybrid.toml", &text);
    let o = s.authsim(&["run", "hybrid.toml", "--replications", "3", "--out", "run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = s.read("run/report.html");
    let after = |from: &str, marker: &str| {
        let at = from.find(marker).unwrap_or_else(|| panic!("no {marker}")) + marker.len();
        from[at..].to_string()
    };
    let blamed = after(&html, "<li>baseline: ");
    let blamed = after(&blamed, "lockout hours per 1,000 users with ");
    let blamed = &blamed[..blamed.find(" down").unwrap()];
    let section = after(&html, "<h2 id=\"dependencies\">Dependencies</h2>");
    let row = after(&section, "<td>headquarters</td>");
    let cells: Vec<&str> = row[..row.find("</tr>").unwrap()].split("<td>").collect();
    let (points, largest) = (cells[4], cells[6]);
    let datacentre = "common cause datacentre (federation_farm, domain_controllers";
    assert!(
        datacentre.contains(blamed),
        "the simulation blames {blamed}"
    );
    assert!(points.contains(datacentre), "{points}");
    assert!(largest.starts_with(datacentre), "{largest}");
}

/// Every attempt is an interactive sign-in whose SMS needs the user's own phone
/// (down q_p = 2/12 of the time) and the shared carrier (q_c = 1/4), independent.
/// The share denied is 1 - (1 - q_p)(1 - q_c) (PASTA); with the phone perfect it is
/// q_c, so making the phone perfect saves q_p (1 - q_c) = 1/8 of attempts, and the
/// carrier q_c (1 - q_p) = 5/24. The token service never fails: it saves exactly nothing.
const PHONE_AND_CARRIER: &str = r#"
[people]
give_up_after = 0
[simulation]
horizon = "8d"
warmup = "1d"
replications = 30
seed = 5
[policy]
access_token_lifetime = "1ms"
sign_in_frequency = "1ms"
mfa = "every_sign_in"
[components.token_service]
[components.phone]
scope = "per_user"
time_to_failure = { distribution = "exponential", mean = "10h" }
time_to_repair = { distribution = "exponential", mean = "2h" }
[components.carrier]
time_to_failure = { distribution = "exponential", mean = "3h" }
time_to_repair = { distribution = "exponential", mean = "1h" }
[methods.password]
factor = "first"
requires = []
[methods.sms]
factor = "second"
requires = ["phone", "carrier"]
[apps.mail]
early_renewal = false
retry = { attempts = 0 }
[cohorts.staff]
users = 300
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password", "sms"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 6 }
"#;

#[test]
fn a_component_made_perfect_saves_its_derived_share_of_denials() {
    use authsim::analysis::simulated;
    use authsim::montecarlo::paired;
    let plan = load_str(PHONE_AND_CARRIER, Path::new("phone.toml")).unwrap();
    let baseline = &worlds(&plan)[0];
    let reruns = simulated::worlds(baseline).expect("a few components");
    let result = authsim::montecarlo::run(&reruns, plan.seed(), plan.replications(), &|| {});
    let comparison = paired::compare(&result).unwrap();
    let saved = |component: &str| {
        let row = comparison
            .rows
            .iter()
            .find(|r| r.variant == format!("{component} perfect") && r.metric == Metric::DenialRate)
            .unwrap();
        let n = row.difference.n as f64;
        let half = student_t_quantile(0.995, n - 1.0) * row.difference.sd / n.sqrt();
        (-row.difference.mean, half)
    };
    let (q_p, q_c) = (2.0 / 12.0, 0.25);
    for (component, derived) in [("phone", q_p * (1.0 - q_c)), ("carrier", q_c * (1.0 - q_p))] {
        let (mean, half) = saved(component);
        assert!(
            (mean - derived).abs() <= half,
            "{component}: derived {derived} vs simulated {mean} ± {half}"
        );
    }
    assert_eq!(saved("token_service"), (0.0, 0.0));
    let ranked = simulated::ranked(baseline, &comparison);
    let denials = |c: &str| {
        ranked
            .iter()
            .find(|r| r.component == c && r.metric == "denial_rate")
            .unwrap()
            .reduction
    };
    assert_eq!(denials("phone"), saved("phone").0);
    // Ranked by lockout hours saved: the carrier, down longest in all, comes first,
    // the token service, never down, last.
    let order: Vec<&str> = ranked.iter().map(|r| r.component.as_str()).collect();
    assert_eq!(order.first(), Some(&"carrier"), "{order:?}");
    assert_eq!(order.last(), Some(&"token_service"), "{order:?}");
}
