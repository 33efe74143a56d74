//! The JSON outputs' schemas (`authsim schema --output NAME`): the real files of
//! every bundled scenario pass them, each carries `format_version`, and a
//! document with a wrong or missing field fails them.

mod common;

use common::Scratch;
use jsonschema::Validator;
use serde_json::{Value, json};

fn printed_schema(scratch: &Scratch, output: &str) -> Validator {
    let printed = scratch.authsim(&["schema", "--output", output]);
    assert!(printed.status.success(), "{}", common::stderr(&printed));
    let schema: Value = serde_json::from_slice(&printed.stdout).unwrap();
    jsonschema::draft7::new(&schema).expect("a valid draft-7 schema")
}

fn read(path: &std::path::Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn errors(validator: &Validator, document: &Value) -> Vec<String> {
    validator
        .iter_errors(document)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn every_bundled_scenarios_outputs_pass_their_printed_schemas() {
    let scratch = Scratch::new("outputs-schema", "bundled");
    let summary = printed_schema(&scratch, "summary");
    let comparison = printed_schema(&scratch, "comparison");
    let mut comparisons = 0;
    for scenario in common::bundled_scenarios() {
        let name = scenario.file_stem().unwrap().to_string_lossy().into_owned();
        let out = scratch.0.join(&name);
        quick_run(
            &scratch,
            Some(scenario.to_str().unwrap()),
            "2",
            out.to_str().unwrap(),
        );
        for file in ["summary.json", "comparison.json", "files.json"] {
            let path = out.join(file);
            if !path.exists() {
                continue;
            }
            let document = read(&path);
            assert_eq!(document["format_version"], json!(1), "{name}/{file}");
            let validator = match file {
                "summary.json" => &summary,
                "comparison.json" => {
                    comparisons += 1;
                    &comparison
                }
                _ => continue,
            };
            assert_eq!(
                errors(validator, &document),
                Vec::<String>::new(),
                "{name}/{file}"
            );
        }
    }
    assert!(comparisons > 0, "some bundled scenario has variants");
}

#[test]
fn a_metric_not_modelled_is_null_in_summary_json_and_the_schema_allows_it() {
    let scratch = Scratch::new("outputs-schema", "null");
    let summary = printed_schema(&scratch, "summary");
    quick_run(&scratch, None, "2", "r");
    let document = read(&scratch.0.join("r/summary.json"));
    let modelled: Vec<&str> = document["modelled"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    let results = document["results"].as_array().unwrap();
    // Every result of a metric outside `modelled` is null, every other is a number.
    let mut nulls = 0;
    for r in results {
        let metric = r["metric"].as_str().unwrap();
        match modelled.contains(&metric) {
            true => assert!(r["mean"].is_number(), "{r}"),
            false => {
                assert!(r["mean"].is_null() && r["ci95_low"].is_null(), "{r}");
                nulls += 1;
            }
        }
    }
    assert!(nulls > 0, "the default scenario leaves some metric out");
    assert_eq!(errors(&summary, &document), Vec::<String>::new());
}

/// Where failures are random, the metrics of interest carry their percentiles,
/// an open side `null`; the schema holds them to numbers or null.
#[test]
fn percentiles_are_numbers_or_null_in_summary_json() {
    let scratch = Scratch::new("outputs-schema", "percentiles");
    let summary = printed_schema(&scratch, "summary");
    let scenario = common::bundled_scenarios()
        .into_iter()
        .find(|s| s.ends_with("random-outages.toml"))
        .unwrap();
    quick_run(&scratch, Some(scenario.to_str().unwrap()), "12", "r");
    let document = read(&scratch.0.join("r/summary.json"));
    assert_eq!(errors(&summary, &document), Vec::<String>::new());
    let results = document["results"].as_array().unwrap();
    let whole = |metric: &str| {
        results
            .iter()
            .find(|r| r["metric"] == metric && r["cohort"] == "all" && r["app"] == "all")
            .unwrap()
    };
    let lockout = whole("lockout_hours_per_1k_users");
    assert!(
        lockout["p50"].is_number() && lockout["p90"].is_number(),
        "{lockout}"
    );
    // 0.9^12 = 0.28: twelve replications bound no P90 from above.
    assert!(lockout["p90_high"].is_null(), "{lockout}");
    assert!(whole("attempts")["p50"].is_null(), "not of interest");
    let mut text = document.clone();
    let k = results.iter().position(|r| r == lockout).unwrap();
    text["results"][k]["p90"] = json!("12.5");
    assert!(!errors(&summary, &text).is_empty());
}

#[test]
fn a_wrong_document_fails_the_schemas() {
    let scratch = Scratch::new("outputs-schema", "wrong");
    let summary = printed_schema(&scratch, "summary");
    let analysis = printed_schema(&scratch, "analysis");
    quick_run(&scratch, None, "2", "r");
    let good = read(&scratch.0.join("r/summary.json"));
    let mut no_version = good.clone();
    no_version.as_object_mut().unwrap().remove("format_version");
    assert!(!errors(&summary, &no_version).is_empty());
    let mut text_mean = good.clone();
    text_mean["results"][0]["mean"] = json!("12.5");
    assert!(!errors(&summary, &text_mean).is_empty());
    let mut unknown_metric = good;
    unknown_metric["results"][0]["metric"] = json!("lockout_hours");
    assert!(!errors(&summary, &unknown_metric).is_empty());

    let analyzed = scratch.authsim(&["analyze", "--out", "a"]);
    assert!(analyzed.status.success(), "{}", common::stderr(&analyzed));
    let document = read(&scratch.0.join("a/analysis.json"));
    assert_eq!(document["format_version"], json!(1));
    assert_eq!(errors(&analysis, &document), Vec::<String>::new());
    let mut no_paths = document;
    no_paths["variants"][0]["mixes"][0]
        .as_object_mut()
        .unwrap()
        .remove("paths");
    assert!(!errors(&analysis, &no_paths).is_empty());
}

#[test]
fn an_unknown_output_is_refused_with_the_names() {
    let scratch = Scratch::new("outputs-schema", "unknown");
    let printed = scratch.authsim(&["schema", "--output", "timeseries"]);
    assert_eq!(printed.status.code(), Some(2));
    let e = common::stderr(&printed);
    assert!(e.contains("summary") && e.contains("analysis"), "{e}");
}

/// `authsim run [SCENARIO] --replications N --no-charts --quiet --out OUT`,
/// which must succeed (no scenario: the built-in default).
fn quick_run(scratch: &Scratch, scenario: Option<&str>, replications: &str, out: &str) {
    let mut args = vec!["run"];
    args.extend(scenario);
    args.extend([
        "--replications",
        replications,
        "--no-charts",
        "--quiet",
        "--out",
        out,
    ]);
    let run = scratch.authsim(&args);
    assert!(
        run.status.success(),
        "{}: {}",
        scenario.unwrap_or("the default"),
        common::stderr(&run)
    );
}
