//! The bounds of `scenario::limits`: docs/scenario.md's Limits table quotes every one
//! of them, and those on sums across sections (which no single small file
//! reaches) refuse a scenario just past them, naming what to change.

use authsim::error::Error;
use authsim::scenario::limits::*;
use authsim::scenario::load_str;
use std::path::Path;

/// `n` as docs/scenario.md writes it: thousands separated by commas.
fn thousands(n: f64) -> String {
    let digits = format!("{n:.0}");
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// Every limit of limits.rs by name, with how docs/scenario.md writes its value.
fn spelled() -> Vec<(&'static str, String)> {
    let n = |x: usize| thousands(x as f64);
    vec![
        ("MAX_FILE_BYTES", format!("{} MiB", MAX_FILE_BYTES >> 20)),
        ("MAX_DURATION_DAYS", thousands(MAX_DURATION_DAYS)),
        ("MAX_HORIZON_DAYS", thousands(MAX_HORIZON_DAYS)),
        ("MAX_BUCKETS", thousands(MAX_BUCKETS)),
        ("MAX_RETRIES", MAX_RETRIES.to_string()),
        ("MAX_ENTRIES", n(MAX_ENTRIES)),
        ("MAX_LIST", n(MAX_LIST)),
        ("MAX_REGISTRATIONS", n(MAX_REGISTRATIONS)),
        ("MAX_MIXES", n(MAX_MIXES)),
        ("MAX_COHORT_APPS", n(MAX_COHORT_APPS)),
        ("MAX_PER_USER_COPIES", n(MAX_PER_USER_COPIES)),
        ("MAX_REVOCATIONS_AT", n(MAX_REVOCATIONS_AT)),
        ("MAX_VARIANTS", n(MAX_VARIANTS)),
        ("MAX_WINDOWS", thousands(MAX_WINDOWS)),
        ("MAX_ATTEMPTS_PER_HOUR", thousands(MAX_ATTEMPTS_PER_HOUR)),
        (
            "MIN_CLOCK_PERIOD",
            format!("{} ms", MIN_CLOCK_PERIOD * 1000.0),
        ),
        ("MAX_TOTAL_WINDOWS", thousands(MAX_TOTAL_WINDOWS)),
        ("MAX_OUTAGES", n(MAX_OUTAGES)),
        ("MAX_NAME", n(MAX_NAME)),
        ("MAX_DESCRIPTION", n(MAX_DESCRIPTION)),
        ("MIN_KEY_REFRESH", format!("{MIN_KEY_REFRESH} s")),
        ("MAX_KEY_EVENTS", n(MAX_KEY_EVENTS)),
        ("MAX_INSTANCES", MAX_INSTANCES.to_string()),
        ("MAX_ANALYSED_PATHS", n(MAX_ANALYSED_PATHS)),
        ("MAX_ANALYSED_WINDOWS", n(MAX_ANALYSED_WINDOWS)),
        ("MAX_BDD_NODES", n(MAX_BDD_NODES)),
        ("MAX_CUT_SET_STEPS", n(MAX_CUT_SET_STEPS)),
        ("MAX_ANALYSIS_STEPS", thousands(MAX_ANALYSIS_STEPS)),
        ("MAX_MEAN_OVER_MEDIAN", thousands(MAX_MEAN_OVER_MEDIAN)),
    ]
}

#[test]
fn the_readme_quotes_every_limit() {
    let root = env!("CARGO_MANIFEST_DIR");
    let source =
        std::fs::read_to_string(format!("{root}/crates/core/src/scenario/limits.rs")).unwrap();
    let defined: Vec<&str> = source
        .lines()
        .filter_map(|l| l.strip_prefix("pub const "))
        .map(|l| l.split(':').next().unwrap())
        .collect();
    let spelled = spelled();
    let named: Vec<&str> = spelled.iter().map(|(name, _)| *name).collect();
    assert_eq!(
        defined, named,
        "every limit, in the order limits.rs defines them"
    );
    let readme = std::fs::read_to_string(format!("{root}/docs/scenario.md")).unwrap();
    let start = readme.find("\n## Limits\n").expect("a Limits section");
    let end = readme[start + 1..]
        .find("\n## ")
        .map_or(readme.len(), |e| start + 1 + e);
    let table = &readme[start..end];
    for (name, value) in &spelled {
        assert!(
            table.contains(value.as_str()),
            "docs/scenario.md's Limits section lacks {name}, {value}"
        );
    }
}

/// BASE-like scenario parts: a token service, a password, and `apps` apps.
fn head(apps: usize) -> String {
    let mut s = String::from(
        "[simulation]\nhorizon = \"3d\"\nwarmup = \"1d\"\nreplications = 2\n[policy]\nmfa = \"never\"\n\
         [components.token_service]\n[methods.password]\nfactor = \"first\"\nrequires = []\n",
    );
    s.extend((0..apps).map(|a| format!("[apps.a{a}]\n")));
    s
}

fn cohort(name: &str, apps: usize, mixes: usize) -> String {
    let apps: Vec<String> = (0..apps).map(|a| format!("\"a{a}\"")).collect();
    let share = 1.0 / mixes as f64;
    let mix = format!("{{ share = {share}, methods = [\"password\"] }}");
    format!(
        "[cohorts.{name}]\nusers = 1\napps = [{}]\nregistrations = [{}]\n",
        apps.join(", "),
        vec![mix; mixes].join(", ")
    )
}

/// The message of the scenario's refusal.
fn refusal(toml: &str) -> String {
    match load_str(toml, Path::new("limits.toml")) {
        Err(Error::Scenario(located)) => located.to_string(),
        Err(other) => panic!("not a scenario error: {other}"),
        Ok(_) => panic!("loaded a scenario past a limit"),
    }
}

fn assert_holds(message: &str, needles: &[&str]) {
    for needle in needles {
        assert!(
            message.contains(needle),
            "{needle:?} missing from: {message}"
        );
    }
}

#[test]
fn the_cohorts_apps_together_are_bounded() {
    let cohorts = MAX_COHORT_APPS / MAX_LIST + 1;
    let toml: String = head(MAX_LIST)
        + &(0..cohorts)
            .map(|c| cohort(&format!("k{c}"), MAX_LIST, 1))
            .collect::<String>();
    let most = format!("at most {MAX_COHORT_APPS}");
    assert_holds(
        &refusal(&toml),
        &["limits.toml", "cohorts:", "apps", &most, "merge cohorts"],
    );
}

#[test]
fn the_cohorts_registrations_together_are_bounded() {
    let cohorts = MAX_MIXES / MAX_REGISTRATIONS + 1;
    let toml: String = head(1)
        + &(0..cohorts)
            .map(|c| cohort(&format!("k{c}"), 1, MAX_REGISTRATIONS))
            .collect::<String>();
    let most = format!("at most {MAX_MIXES}");
    assert_holds(&refusal(&toml), &["cohorts:", "registrations", &most]);
}

#[test]
fn every_cohort_drawing_every_phone_is_bounded() {
    let phones = 100;
    let cohorts = MAX_PER_USER_COPIES / phones + 1;
    let toml: String = head(1)
        + &(0..phones)
            .map(|p| format!("[components.p{p}]\nscope = \"per_user\"\n"))
            .collect::<String>()
        + &(0..cohorts)
            .map(|c| cohort(&format!("k{c}"), 1, 1))
            .collect::<String>();
    let most = format!("at most {MAX_PER_USER_COPIES}");
    assert_holds(&refusal(&toml), &["cohorts:", "per-user components", &most]);
}

#[test]
fn the_contingency_rules_of_a_cohort_are_bounded() {
    let rule = |r: usize| {
        format!("[contingency.r{r}]\nwhen_down = [\"token_service\"]\naction = \"block\"\n")
    };
    let toml: String =
        head(1) + &cohort("staff", 1, 1) + &(0..=MAX_LIST).map(rule).collect::<String>();
    let count = format!(
        "{} contingency rules apply to cohort `staff`, at most {MAX_LIST}",
        MAX_LIST + 1
    );
    assert_holds(&refusal(&toml), &["contingency:", &count]);
}
