//! The scenario schema: what `authsim schema` prints is the file committed beside
//! the bundled scenarios, every bundled scenario passes it, and it refuses what
//! the loader refuses: unknown keys, and times the parser cannot read.

mod common;

use authsim::scenario::activity::{Days, Hours, UtcOffset};
use authsim::scenario::duration::{Duration, Lifetime, Limit, Offset};
use authsim::scenario::schema::{SCHEMA_FILE, directive, schema};
use authsim::scenario::{BUNDLED, DEFAULT, load_str};
use common::Scratch;
use common::refusal::BASE;
use jsonschema::Validator;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::Path;
use std::str::FromStr;

fn schema_value() -> Value {
    serde_json::from_str(&schema()).unwrap()
}

fn validator() -> Validator {
    jsonschema::draft7::new(&schema_value()).expect("a valid draft-7 schema")
}

/// A scenario's TOML as the JSON an editor checks against the schema.
fn as_json(text: &str) -> Value {
    let table: toml::Table = toml::from_str(text).unwrap();
    serde_json::to_value(table).unwrap()
}

fn schema_errors(validator: &Validator, text: &str) -> Vec<String> {
    let instance = as_json(text);
    validator
        .iter_errors(&instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn scenarios_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios"))
}

#[test]
fn the_committed_schema_is_what_authsim_schema_prints() {
    let scratch = Scratch::new("schema", "committed");
    let printed = scratch.authsim(&["schema"]);
    assert!(printed.status.success(), "{}", common::stderr(&printed));
    let committed = std::fs::read(scenarios_dir().join(SCHEMA_FILE)).unwrap();
    assert!(
        printed.stdout == committed,
        "scenarios/{SCHEMA_FILE} is stale: run `authsim schema > scenarios/{SCHEMA_FILE}`"
    );
}

#[test]
fn every_bundled_scenario_is_built_in_points_at_the_schema_and_passes_it() {
    let validator = validator();
    let files: BTreeSet<String> = std::fs::read_dir(scenarios_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    let built_in: BTreeSet<String> = BUNDLED.iter().map(|b| b.name.to_string()).collect();
    assert_eq!(built_in, files, "BUNDLED lists every scenarios/*.toml");
    for bundled in BUNDLED {
        let on_disk =
            std::fs::read_to_string(scenarios_dir().join(format!("{}.toml", bundled.name)));
        assert_eq!(bundled.text, on_disk.unwrap(), "{}", bundled.name);
        assert_eq!(bundled.text.lines().next(), Some(directive().as_str()));
        assert_eq!(
            schema_errors(&validator, bundled.text),
            Vec::<String>::new(),
            "{}",
            bundled.name
        );
        assert!(
            !bundled.question().is_empty(),
            "{} has a description",
            bundled.name
        );
    }
    assert_eq!(schema_errors(&validator, DEFAULT), Vec::<String>::new());
}

#[test]
fn a_typo_is_refused_by_both_the_schema_and_the_loader() {
    let validator = validator();
    let load = |text: &str| load_str(text, Path::new("typo.toml"));
    assert_eq!(schema_errors(&validator, BASE), Vec::<String>::new());
    assert!(
        load(BASE).is_ok(),
        "the scenario the typos are added to is valid"
    );
    // Each typo at a different depth: the top, a section, a named entry, an
    // inline table, a tagged distribution, an array of tables.
    let typos = [
        ("descripton", "descripton = \"x\"\n"),
        ("replicatons", "[simulation]\nreplicatons = 3\n"),
        (
            "acess_token_lifetime",
            "[policy]\nacess_token_lifetime = \"8h\"\n",
        ),
        (
            "time_to_fail",
            "[components.token_service]\ntime_to_fail = { distribution = \"fixed\", value = \"1h\" }\n",
        ),
        ("attempt", "[apps.mail]\nretry = { attempt = 2 }\n"),
        (
            "shape",
            "[components.token_service]\ntime_to_failure = { distribution = \"exponential\", mean = \"30d\", shape = 2.0 }\ntime_to_repair = { distribution = \"fixed\", value = \"1h\" }\n",
        ),
        ("hour", "[cohorts.staff.activity]\nhour = \"09:00-17:00\"\n"),
        ("nmae", "[[variant]]\nnmae = \"8h tokens\"\n"),
    ];
    for (key, typo) in typos {
        let text = merge(BASE, typo);
        let from_schema = schema_errors(&validator, &text);
        assert!(
            from_schema
                .iter()
                .any(|e| e.contains(&format!("'{key}' was unexpected"))
                    || e.contains(&format!("\"{key}\":"))),
            "the schema accepts `{key}`: {from_schema:?}"
        );
        let from_loader = load(&text).expect_err(key).to_string();
        assert!(
            from_loader.contains(&format!("unknown field `{key}`")),
            "{from_loader}"
        );
    }
}

/// `BASE` with `extra`'s tables merged into it, as if the planner had typed there.
fn merge(base: &str, extra: &str) -> String {
    let mut table: toml::Table = toml::from_str(base).unwrap();
    let extra: toml::Table = toml::from_str(extra).unwrap();
    fn into(target: &mut toml::Table, from: toml::Table) {
        for (key, value) in from {
            match (target.get_mut(&key), value) {
                (Some(toml::Value::Table(t)), toml::Value::Table(f)) => into(t, f),
                (_, value) => {
                    target.insert(key, value);
                }
            }
        }
    }
    into(&mut table, extra);
    toml::to_string(&table).unwrap()
}

/// Whether the schema of definition `name` accepts `text`, and whether `T` parses it.
fn agree<T: FromStr>(name: &str, samples: &[&str]) {
    let mut one = schema_value();
    one["$ref"] = json!(format!("#/definitions/{name}"));
    let validator = jsonschema::draft7::new(&one).unwrap();
    for sample in samples {
        assert_eq!(
            validator.is_valid(&json!(sample)),
            sample.parse::<T>().is_ok(),
            "{name} {sample:?}: the schema and the loader disagree"
        );
    }
}

#[test]
fn the_schema_reads_times_as_the_loader_does() {
    let durations = [
        "90m",
        "3h07m",
        "1h 30m",
        "2d 09:00",
        "1.5h",
        ".5h",
        "2.h",
        "1day 2hours 3minutes",
        "45s",
        "500ms",
        "2w",
        " 8h ",
        "90",
        "8x",
        "h",
        "-5m",
        "1h-2h",
        "1..2h",
        "25:00",
        "24:00",
        "24:01",
        "9:7",
        "1:2:3:4",
        "1h 9:75",
        "",
        "1h30",
        "1H",
    ];
    agree::<Duration>("Duration", &durations);
    agree::<Offset>("Offset", &durations);
    agree::<Limit>(
        "Limit",
        &["never", " never ", "nevermore", "8h", "0.5d", "8 h"],
    );
    agree::<Lifetime>(
        "Lifetime",
        &[
            "60m..90m",
            "1h .. 2h",
            "1h...2h",
            ".5h.. .75h",
            "1h..",
            "..2h",
            "75m",
            "1h..2h..3h",
        ],
    );
    agree::<Hours>(
        "Hours",
        &[
            "09:00-17:00",
            "22:00-06:00",
            " 9:00 - 17:30:15 ",
            "00:00-24:00",
            "9-17",
            "09:00",
            "09:00-25:00",
        ],
    );
    agree::<Days>(
        "Days",
        &[
            "mon-fri",
            "MON,Wed",
            "sat-mon",
            " mon - fri , sun",
            "all",
            "funday",
            "mon,",
            "mon-",
            "All",
        ],
    );
    agree::<UtcOffset>(
        "UtcOffset",
        &[
            "+01:00",
            "-05:30",
            "+14:00",
            "+14:30",
            "+15:00",
            "01:00",
            "+1:00",
            "+ 01:00",
            "-13:59:59",
        ],
    );
}

#[test]
fn keys_carry_their_doc_comment_and_default_and_refuse_strangers() {
    let schema = schema_value();
    let definitions = schema["definitions"].as_object().unwrap();
    let policy = &definitions["Policy"]["properties"];
    assert_eq!(policy["access_token_lifetime"]["default"], "1h..1h30m");
    assert_eq!(policy["sign_in_frequency"]["default"], "90d");
    assert!(
        policy["cae_propagation_delay"]["description"]
            .as_str()
            .unwrap()
            .contains("uniformly")
    );
    assert_eq!(
        definitions["Simulation"]["properties"]["replications"]["default"],
        20
    );
    assert_eq!(
        definitions["Retry"]["properties"]["backoff_base"]["default"],
        "5s"
    );
    // Every table the loader reads refuses keys it does not know.
    let mut tables = 0;
    let mut check = |at: &str, object: &Value| {
        if object.get("properties").is_some() {
            tables += 1;
            assert_eq!(object["additionalProperties"], false, "{at}");
        }
    };
    check("the top", &schema);
    for (name, definition) in definitions {
        check(name, definition);
        for variant in definition["oneOf"].as_array().into_iter().flatten() {
            check(name, variant);
        }
    }
    assert!(tables >= 20, "{tables} tables found");
}

#[test]
fn variant_overrides_and_the_sweep_are_typed_by_the_keys_they_change() {
    let validator = validator();
    let load = |text: &str| load_str(text, Path::new("typed.toml"));
    // Valid overrides and sweeps: the schema and the loader both accept them.
    let valid = [
        "[[variant]]\nname = \"8h\"\nset.policy.access_token_lifetime = \"8h\"\nset.apps.mail.retry.attempts = 2\nset.cohorts.staff.users = 20\n",
        "[[variant]]\nname = \"fixed\"\nset.components.token_service.time_to_failure = { distribution = \"exponential\", mean = \"30d\" }\nset.components.token_service.time_to_repair = { distribution = \"fixed\", value = \"1h\" }\n",
        "[sweep]\npolicy.access_token_lifetime = [{ label = \"short\", value = \"2h\" }, { label = \"long\", value = \"8h..9h\" }]\napps.mail.early_renewal = [true, false]\n",
        "[sweep.cohorts.staff]\nusers = [10, 20]\n",
    ];
    for extra in valid {
        let text = format!("{BASE}{extra}");
        assert_eq!(
            schema_errors(&validator, &text),
            Vec::<String>::new(),
            "{extra}"
        );
        assert!(load(&text).is_ok(), "{extra}: {:?}", load(&text).err());
    }
    // A mistyped path or a value of the wrong kind: refused by both, at the key.
    let invalid = [
        (
            "[[variant]]\nname = \"x\"\nset.policy.acess_token_lifetime = \"8h\"\n",
            "/variant/0/set/policy",
        ),
        (
            "[[variant]]\nname = \"x\"\nset.policy.access_token_lifetime = 8\n",
            "/variant/0/set/policy/access_token_lifetime",
        ),
        (
            "[[variant]]\nname = \"x\"\nset.apps.mail.retry.atempts = 2\n",
            "/variant/0/set/apps/mail/retry",
        ),
        (
            "[[variant]]\nname = \"x\"\nset.cohorts.staff.users = \"many\"\n",
            "/variant/0/set/cohorts/staff/users",
        ),
        (
            "[[variant]]\nname = \"x\"\nset.simulation.seed = 2\n",
            "/variant/0/set",
        ),
        (
            "[sweep]\npolicy.acess_token_lifetime = [\"2h\"]\n",
            "/sweep/policy",
        ),
        (
            "[sweep]\napps.mail.early_renewal = [\"yes\"]\n",
            "/sweep/apps/mail",
        ),
        (
            "[sweep]\npolicy.access_token_lifetime = [\"2x\"]\n",
            "/sweep/policy",
        ),
        (
            "[sweep]\npolicy.access_token_lifetime = \"8h\"\n",
            "/sweep/policy",
        ),
        (
            "[sweep]\npolicy.access_token_lifetime = [{ label = 1, value = \"8h\" }]\n",
            "/sweep/policy",
        ),
    ];
    for (extra, at) in invalid {
        let text = format!("{BASE}{extra}");
        let errors = schema_errors(&validator, &text);
        assert!(
            errors.iter().any(|e| e.starts_with(at)),
            "the schema accepts {extra}: {errors:?}"
        );
        assert!(load(&text).is_err(), "the loader accepts {extra}");
    }
}

#[test]
fn a_bad_duration_is_refused_in_words_from_one_definition() {
    let schema = schema_value();
    let definitions = &schema["definitions"];
    let duration = &definitions["Duration"];
    let pattern = duration["if"]["pattern"].as_str().unwrap();
    // Offsets and limits refer to the duration; no other holds its pattern but a
    // lifetime's range, which repeats it for its lower end.
    let text = serde_json::to_string(&schema).unwrap();
    let quoted = serde_json::to_string(&pattern[1..pattern.len() - 1]).unwrap();
    assert_eq!(text.matches(&quoted[1..quoted.len() - 1]).count(), 2);
    let reference = json!({ "$ref": "#/definitions/Duration" });
    assert_eq!(definitions["Offset"]["if"], reference);
    assert!(
        definitions["Limit"]["if"]["anyOf"]
            .as_array()
            .unwrap()
            .contains(&reference)
    );
    assert!(
        definitions["Lifetime"]["if"]["anyOf"]
            .as_array()
            .unwrap()
            .contains(&reference)
    );
    // What an editor says of a bad duration, wherever it is: the phrase.
    let validator = validator();
    for (extra, phrase) in [
        (
            "[simulation]\nhorizon = \"3x\"\n",
            "\"a duration: a number and a unit, like 90s, 15m, 4h, 7d\" was expected",
        ),
        (
            "[simulation]\nwarmup = \"soon\"\n",
            "\"a point in time: a duration from the start",
        ),
        (
            "[policy]\naccess_token_lifetime = \"1h..2x\"\n",
            "\"a token lifetime: a duration like 8h, or a range like 60m..90m\"",
        ),
        (
            "[policy]\nsign_in_frequency = \"nevr\"\n",
            "\"never, or a duration like 8h or 90d\"",
        ),
    ] {
        let errors = schema_errors(&validator, &merge(BASE, extra));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].contains(phrase), "{errors:?}");
        assert!(errors[0].len() < 160, "{errors:?}");
    }
    // The pattern and the parser agree on durations good and bad.
    let good = [
        "90s", "15m", "4h", "7d", "2w", "1h30m", "1h 30m", "1.5h", "500ms", "2d 09:00", "0s",
    ];
    let bad = [
        "8x", "4 h x", "h", "1h-", "-1h", "1e3s", "25:00", "", "1h..2h",
    ];
    let mut one = schema.clone();
    one["$ref"] = json!("#/definitions/Duration");
    let validator = jsonschema::draft7::new(&one).unwrap();
    for (cases, valid) in [(&good[..], true), (&bad[..], false)] {
        for case in cases {
            let by_parser = authsim::scenario::duration::parse_seconds(case).is_ok();
            assert_eq!(
                validator.is_valid(&json!(case)),
                valid,
                "the schema on {case:?}"
            );
            assert_eq!(by_parser, valid, "the parser on {case:?}");
        }
    }
}
