//! A variant that changes a failure or repair law: naming the `distribution`
//! gives the whole law, which the run simulates and `scenario.resolved.toml`
//! keeps; a parameter the base's law does not take is refused with what to write.

use authsim::montecarlo::metrics::Metric;

mod common;
use common::{Scratch, assert_inside, simulate, stderr};

/// Every access is an interactive sign-in with SMS, which needs the user's own
/// phone: the share of attempts denied is the phone's unavailability,
/// E[down] / (E[up] + E[down]) (renewal-reward and PASTA, as in tests/analytic.rs).
/// The base fails exponentially (mean 10 h) and is repaired in Weibull times
/// (shape 1.5, scale 2 h); each variant changes one law to another.
const SCENARIO: &str = r#"
[people]
give_up_after = 0
[simulation]
horizon = "3d"
warmup = "1d"
replications = 20
seed = 5
[policy]
access_token_lifetime = "1ms"
sign_in_frequency = "1ms"
[components.token_service]
[components.phone]
scope = "per_user"
time_to_failure = { distribution = "exponential", mean = "10h" }
time_to_repair = { distribution = "weibull", shape = 1.5, scale = "2h" }
[methods.password]
factor = "first"
requires = []
[methods.sms]
factor = "second"
requires = ["phone"]
[apps.mail]
early_renewal = false
retry = { attempts = 0 }
[cohorts.staff]
users = 1000
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password", "sms"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 6 }

[[variant]]
name = "fixed failures"
set.components.phone.time_to_failure = { distribution = "fixed", value = "4h" }

[[variant]]
name = "lognormal repairs"
set.components.phone.time_to_repair = { distribution = "lognormal", median = "4h", sigma = 1.0 }
"#;

/// Gamma(5/3), from tables: the Weibull repair's mean is 2 h times it.
const GAMMA_5_3: f64 = 0.902_745_292_950_934;

#[test]
fn a_variant_that_names_another_law_simulates_it() {
    let s = Scratch::new("variant-laws", "simulated");
    s.write("laws.toml", SCENARIO);
    let o = s.authsim(&["run", "laws.toml", "--out", "run", "--no-charts", "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The resolved scenario holds each variant's law whole, none of the base's
    // parameters mixed in, and reproduces the run alone.
    let resolved = s.read("run/scenario.resolved.toml");
    let table: toml::Table = toml::from_str(&resolved).unwrap();
    let law = |variant: usize, which: &str| {
        table["variant"][variant]["set"]["components"]["phone"][which].clone()
    };
    let fixed: toml::Value =
        toml::from_str::<toml::Table>("v = { distribution = \"fixed\", value = \"4h\" }").unwrap()
            ["v"]
            .clone();
    assert_eq!(law(0, "time_to_failure"), fixed);
    let lognormal = law(1, "time_to_repair");
    assert_eq!(lognormal["distribution"].as_str(), Some("lognormal"));
    assert_eq!(lognormal.as_table().unwrap().len(), 3, "{lognormal}");

    let result = simulate(&resolved);
    let names: Vec<&str> = result.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["baseline", "fixed failures", "lognormal repairs"]);
    let weibull_down = 2.0 * GAMMA_5_3;
    let lognormal_down = 4.0 * 0.5f64.exp();
    let expected = [
        weibull_down / (10.0 + weibull_down),
        weibull_down / (4.0 + weibull_down),
        lognormal_down / (10.0 + lognormal_down),
    ];
    for (v, expected) in result.variants.iter().zip(expected) {
        assert_inside(&v.name, v.metric(Metric::DenialRate), expected, 0.0);
    }
}

#[test]
fn a_law_swept_on_the_command_line_is_given_whole() {
    let s = Scratch::new("variant-laws", "swept");
    s.write("laws.toml", SCENARIO);
    let set = "components.phone.time_to_repair=\
               { distribution = \"fixed\", value = \"1h\" },{ distribution = \"exponential\", mean = \"1h\" }";
    let o = s.authsim(&[
        "sweep",
        "laws.toml",
        "--set",
        set,
        "--replications",
        "2",
        "--out",
        "swept",
        "--no-charts",
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let resolved: toml::Table = toml::from_str(&s.read("swept/scenario.resolved.toml")).unwrap();
    let axis = resolved["sweep"]["components.phone.time_to_repair"]
        .as_array()
        .unwrap();
    assert_eq!(axis[0]["value"].as_str(), Some("1h"));
    assert_eq!(axis[1]["mean"].as_str(), Some("1h"));

    // A parameter alone keeps the base's law, so it must be one of that law's.
    let o = s.authsim(&[
        "sweep",
        "laws.toml",
        "--set",
        "components.phone.time_to_repair.mean=1h,2h",
        "--out",
        "refused",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.starts_with("error: --set components.phone.time_to_repair.mean=1h: ")
            && err.contains("`mean` is not a parameter of the base's weibull law (shape, scale)")
            && err.contains("{ distribution = \"exponential\", mean = ... }"),
        "{err}"
    );
    assert!(!s.0.join("refused").exists());
}
