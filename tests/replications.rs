//! replications.csv holds every metric of every slice in every replication, and
//! the run's summary and paired differences follow from it alone.

use authsim::export::long_csv;
use authsim::export::records::ComparisonRecord;
use authsim::export::replications::{self, SliceSamples};
use authsim::export::summary;
use authsim::montecarlo::metrics::Metric;
use authsim::montecarlo::stats::Estimate;

mod common;
use common::{Scratch, stderr};

const SCENARIO: &str = r#"
[simulation]
horizon = "3d"
warmup = "1d"
replications = 5
seed = 3
[policy]
mfa = "never"
[components.token_service]
outages = [{ start = "1d 10:00", duration = "2h" }]
[methods.password]
factor = "first"
requires = []
[methods.key]
factor = "passwordless"
requires = []
[apps.mail]
[apps.chat]
[cohorts.office]
users = 40
apps = ["mail", "chat"]
registrations = [
  { share = 0.5, methods = ["password"] },
  { share = 0.5, methods = ["key"] },
]
[cohorts.field]
users = 30
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password"] }]
"#;

fn swept(test: &str) -> Scratch {
    let s = Scratch::new("replications", test);
    s.write("s.toml", SCENARIO);
    let o = s.authsim(&[
        "sweep",
        "s.toml",
        "--set",
        "policy.access_token_lifetime=4h,8h",
        "--out",
        "run",
        "--quiet",
        "--no-charts",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    s
}

fn by_name<'a>(
    all: &'a [SliceSamples],
    variant: &str,
    cohort: &str,
    app: &str,
) -> &'a SliceSamples {
    all.iter()
        .find(|s| s.variant == variant && s.cohort == cohort && s.app == app)
        .unwrap_or_else(|| panic!("no {variant} {cohort} {app}"))
}

#[test]
fn the_summary_and_the_paired_differences_follow_from_replications_csv() {
    let s = swept("follow");
    let samples = replications::read(&s.0.join("run/replications.csv")).unwrap();
    // 3 designs; everyone, 2 apps, 2 cohorts, office's 2 mixes, office's 2 apps.
    assert_eq!(samples.len(), 3 * 9);
    assert!(samples.iter().all(|x| x.samples.len() == 5));
    let text = s.read("run/replications.csv");
    assert_eq!(text.lines().count(), 1 + 3 * 9 * 5 * Metric::ALL.len());
    // The summary again, from these values alone: byte for byte.
    let mut again = Vec::new();
    let parameters = ["policy.access_token_lifetime".to_string()];
    long_csv::write(&mut again, &parameters, &summary::results(&samples, 3)).unwrap();
    assert_eq!(String::from_utf8(again).unwrap(), s.read("run/summary.csv"));
    // Each paired difference is the mean of the per-replication differences.
    let (_, rows) = long_csv::read::<ComparisonRecord>(&s.0.join("run/comparison.csv")).unwrap();
    assert_eq!(rows.len(), 2 * 9 * Metric::ALL.len());
    for row in rows {
        let (x, b) = (
            by_name(&samples, &row.variant, &row.cohort, &row.app),
            by_name(&samples, "baseline", &row.cohort, &row.app),
        );
        let m = row.fields.metric;
        let diffs: Vec<f64> = x
            .values(m)
            .iter()
            .zip(b.values(m))
            .map(|(x, b)| x - b)
            .collect();
        assert_eq!(
            Estimate::from_samples(&diffs).mean,
            row.fields.difference,
            "{} {} {} {}",
            row.variant,
            row.cohort,
            row.app,
            m.name()
        );
    }
}

#[test]
fn a_missing_or_repeated_value_is_refused_by_its_place() {
    let s = swept("refused");
    let path = s.0.join("run/replications.csv");
    let text = s.read("run/replications.csv");
    let mut lines: Vec<&str> = text.lines().collect();
    let repeated = lines[5];
    lines.push(repeated);
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let e = replications::read(&path).unwrap_err().to_string();
    assert!(
        e.contains("replication 0 of baseline (all / all) has") && e.contains("twice"),
        "{e}"
    );
    lines.pop();
    lines.remove(5);
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let e = replications::read(&path).unwrap_err().to_string();
    assert!(
        e.contains("replication 0 of baseline (all / all) is incomplete"),
        "{e}"
    );
}
