//! replications.csv holds every metric of every slice in every replication, and
//! the run's summary and paired differences follow from it alone: their means and
//! their intervals, recomputed here from the rule's definition.

use authsim::export::json::read_json;
use authsim::export::long_csv;
use authsim::export::records::{ComparisonRecord, SummaryDocument, SummaryRecord};
use authsim::export::replications::{self, SliceSamples};
use authsim::export::summary;
use authsim::montecarlo::metrics::Metric;
use authsim::montecarlo::stats::Estimate;
use statrs::distribution::{ContinuousCDF, StudentsT};

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
    let document: SummaryDocument = read_json(&s.0.join("run/summary.json")).unwrap();
    let rows = summary::results(&samples, 3, &document.modelled);
    long_csv::write(&mut again, &parameters, &rows).unwrap();
    assert_eq!(String::from_utf8(again).unwrap(), s.read("run/summary.csv"));
    // Each interval, by its definition in docs/metrics.md.
    let (_, rows) = long_csv::read::<SummaryRecord>(&s.0.join("run/summary.csv")).unwrap();
    for row in rows {
        let values =
            by_name(&samples, &row.variant, &row.cohort, &row.app).values(row.fields.metric);
        let (low, high) = hall(&values, 0.95);
        let r = &row.fields;
        // A metric not modelled is written empty: its values are 0 by construction.
        if !r.modelled {
            assert!(!document.modelled.contains(&r.metric) && r.ci95_low.is_none());
            assert!(values.iter().all(|&x| x == 0.0));
            continue;
        }
        let what = format!(
            "{} {} {} {}",
            row.variant,
            row.cohort,
            row.app,
            r.metric.name()
        );
        assert_close(r.ci95_low.unwrap(), low.max(0.0), &what);
        assert_close(r.ci95_high.unwrap(), high.max(0.0), &what);
        let events = values.iter().filter(|&&x| x != 0.0).count() as u32;
        assert_eq!(
            (r.event_replications, r.few_events),
            (Some(events), events < 5),
            "{what}"
        );
    }
    // Each paired difference is the mean of the per-replication differences, its
    // interval theirs at the comparison's level, not cut at 0.
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
        let what = format!("{} {} {} {}", row.variant, row.cohort, row.app, m.name());
        let r = &row.fields;
        assert_eq!(Estimate::from_samples(&diffs).mean, r.difference, "{what}");
        // Two comparisons (Bonferroni): each at 97.5%.
        assert_eq!(r.ci_level, 0.975);
        let (low, high) = hall(&diffs, r.ci_level);
        assert_close(r.ci_low.unwrap(), low, &what);
        assert_close(r.ci_high.unwrap(), high, &what);
        let differ = diffs.iter().filter(|&&d| d != 0.0).count() as u32;
        assert_eq!(
            (r.event_replications, r.few_events),
            (Some(differ), differ < 5),
            "{what}"
        );
    }
}

/// Hall's skewness-corrected Student-t interval for the mean of `xs`, from its
/// definition: with the mean m, the sample sd s, the skewness
/// g = (sum (x - m)^3 / n) / s^3 and a = g / (3 sqrt n), the statistic
/// T = (m - mean) / (s / sqrt n) transformed to ((1 + aT)^3 - 1) / (3a) + a / 2 is
/// Student-t with n - 1 degrees of freedom; the interval is where it lies within
/// -+ its two-sided `level` quantile q, solved for the mean.
fn hall(xs: &[f64], level: f64) -> (f64, f64) {
    let n = xs.len() as f64;
    let m = xs.iter().sum::<f64>() / n;
    let s = (xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    if s == 0.0 {
        return (m, m);
    }
    let g = xs.iter().map(|x| (x - m).powi(3)).sum::<f64>() / n / s.powi(3);
    let a = g / (3.0 * n.sqrt());
    let q = StudentsT::new(0.0, 1.0, n - 1.0)
        .unwrap()
        .inverse_cdf(0.5 + level / 2.0);
    // The T whose transform is z: 1 + aT = (1 + 3a (z - a/2))^(1/3).
    let t = |z: f64| match a.abs() < 1e-9 {
        true => z,
        false => ((1.0 + 3.0 * a * (z - a / 2.0)).cbrt() - 1.0) / a,
    };
    let se = s / n.sqrt();
    (m - t(q) * se, m - t(-q) * se)
}

/// Equal but for the last digits of a quantile and a cube root.
fn assert_close(written: f64, derived: f64, what: &str) {
    let scale = written.abs().max(derived.abs()).max(1e-12);
    assert!(
        (written - derived).abs() <= 1e-7 * scale,
        "{what}: written {written}, derived {derived}"
    );
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
