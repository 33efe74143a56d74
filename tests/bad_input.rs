//! Every bad input gets one clear message (`error: FILE:LINE:COLUMN: ...` where the
//! input has a location), exit code 2, never a panic, and never a results folder,
//! whole or partial.

use std::collections::BTreeSet;
use std::fs;

mod common;
use common::refusal::{
    BASE, FILE, OUT, assert_bad_scenario, assert_refused, at, authsim, authsim_command, edit,
    run_toml, with_variant,
};

#[test]
fn valid_scenario_writes_a_whole_run_folder() {
    let out = run_toml("valid", BASE, &[]);
    assert_eq!(out.code, Some(0), "stderr:\n{}", out.stderr);
    assert!(!out.stderr.contains("panicked"));
    let folder = out.scratch.0.join(OUT);
    for file in [
        "summary.csv",
        "summary.json",
        "timeseries.csv",
        "scenario.resolved.toml",
    ] {
        assert!(folder.join(file).is_file(), "{file} missing");
    }
    assert_eq!(
        out.scratch.entries(),
        BTreeSet::from([FILE.to_string(), OUT.to_string()])
    );
}

#[test]
fn malformed_toml() {
    let toml = edit("users = 10", "users = = 10");
    let out = run_toml("malformed", &toml, &[]);
    // The parser stops at the second `=`.
    assert_bad_scenario(&out, &[&at(&toml, "= 10"), "not valid TOML"]);
}

#[test]
fn unknown_key_in_simulation() {
    let toml = edit(
        "replications = 2\n",
        "replications = 2\ncolour = \"blue\"\n",
    );
    let out = run_toml("unknown-key", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[
            &at(&toml, "colour"),
            "simulation.colour",
            "unknown field `colour`",
        ],
    );
}

#[test]
fn unknown_key_nested_in_activity() {
    let toml = edit(
        "users = 10\n",
        "users = 10\nactivity = { hours = \"09:00-17:00\", moods = 3 }\n",
    );
    let out = run_toml("unknown-nested-key", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[
            &at(&toml, "moods"),
            "cohorts.staff.activity.moods",
            "unknown field `moods`",
        ],
    );
}

#[test]
fn wrong_type() {
    let toml = edit("users = 10", "users = \"many\"");
    let out = run_toml("wrong-type", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[
            &at(&toml, "users"),
            "cohorts.staff.users",
            "expected a whole number from 1 to 4,294,967,295",
            "got \"many\"",
        ],
    );
}

#[test]
fn a_list_of_tables_where_one_table_belongs() {
    let toml = edit("[simulation]", "[[simulation]]");
    let out = run_toml("list-of-tables", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[
            &at(&toml, "simulation]]"),
            "simulation: expected a table, [simulation]",
            "got a list of tables, [[simulation]]",
        ],
    );
}

#[test]
fn a_seed_past_what_toml_holds_says_the_bound() {
    let toml = edit(
        "replications = 2",
        "replications = 2\nseed = 9223372036854775808",
    );
    let out = run_toml("seed-past-toml", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[
            &at(&toml, "9223372036854775808"),
            "simulation.seed: expected a whole number from 0 to 9,223,372,036,854,775,807",
        ],
    );
}

#[test]
fn a_command_line_value_past_any_number_is_refused_in_the_scenarios_words() {
    let set = ["--set", "cohorts.staff.users=1e400"];
    let out = authsim_command("set-past-any-number", &["sweep"], FILE, &set, |dir| {
        fs::write(dir.join(FILE), BASE).unwrap()
    });
    assert_bad_scenario(
        &out,
        &[
            "--set cohorts.staff.users=1e400: cohorts.staff.users",
            "expected a whole number from 1 to 4,294,967,295",
            "got 1e400, too large a number",
        ],
    );
}

#[test]
fn zero_duration() {
    let toml = edit("horizon = \"3d\"", "horizon = \"0d\"");
    let out = run_toml("zero-duration", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[
            &at(&toml, "horizon"),
            "simulation.horizon",
            "longer than zero",
            "\"0d\"",
        ],
    );
}

#[test]
fn negative_duration() {
    let toml = edit(
        "[components.token_service]\n",
        "[components.token_service]\noutages = [{ start = \"1d\", duration = \"-3h\" }]\n",
    );
    let out = run_toml("negative-duration", &toml, &[]);
    let path = "components.token_service.outages[0].duration";
    assert_bad_scenario(&out, &[&at(&toml, "duration"), path, "negative", "\"-3h\""]);
}

#[test]
fn unparseable_duration() {
    let toml = edit("horizon = \"3d\"", "horizon = \"8x\"");
    let out = run_toml("unparseable-duration", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[&at(&toml, "horizon"), "simulation.horizon", "\"8x\""],
    );
}

#[test]
fn shares_not_summing_to_one() {
    let toml = edit("share = 1.0", "share = 0.5");
    let out = run_toml("shares", &toml, &[]);
    let needles = [
        &at(&toml, "registrations"),
        "cohorts.staff.registrations",
        "add up to 0.5, not 1",
    ];
    assert_bad_scenario(&out, &needles);
}

#[test]
fn change_shares_not_summing_to_one() {
    let line = "changes = { critical_event = 0.5, policy = 0.6 }";
    let toml = edit("mfa = \"never\"", &format!("mfa = \"never\"\n{line}"));
    let out = run_toml("change-shares", &toml, &[]);
    let needles = [
        &at(&toml, "changes"),
        "policy.changes",
        "add up to 1.1, not 1",
    ];
    assert_bad_scenario(&out, &needles);
}

#[test]
fn method_requires_unknown_component() {
    let toml = edit("requires = []", "requires = [\"sms_gateway\"]");
    let out = run_toml("unknown-component", &toml, &[]);
    let needles = [
        &at(&toml, "\"sms_gateway\""),
        "methods.password.requires[0]",
        "unknown component `sms_gateway`",
    ];
    assert_bad_scenario(&out, &needles);
}

#[test]
fn cohort_names_unknown_method() {
    let toml = edit(
        "methods = [\"password\"]",
        "methods = [\"password\", \"carrier_pigeon\"]",
    );
    let out = run_toml("unknown-method", &toml, &[]);
    let path = "cohorts.staff.registrations[0].methods[1]";
    assert_bad_scenario(
        &out,
        &[
            &at(&toml, "\"carrier_pigeon\""),
            path,
            "unknown method `carrier_pigeon`",
        ],
    );
}

#[test]
fn cohort_names_unknown_app() {
    let toml = edit("apps = [\"mail\"]", "apps = [\"mail\", \"chat\"]");
    let out = run_toml("unknown-app", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[
            &at(&toml, "\"chat\""),
            "cohorts.staff.apps[1]",
            "unknown app `chat`",
        ],
    );
}

#[test]
fn variant_overrides_missing_field() {
    let toml = with_variant("set.policy.no_such_field = 1");
    let out = run_toml("variant-missing-field", &toml, &[]);
    let needles = [
        &at(&toml, "no_such_field"),
        "in variant \"v\"",
        "policy.no_such_field",
        "unknown field `no_such_field`",
    ];
    assert_bad_scenario(&out, &needles);
}

#[test]
fn variant_overrides_missing_app() {
    let toml = with_variant("set.apps.no_such_app.kind = \"web_app\"");
    let out = run_toml("variant-missing-app", &toml, &[]);
    let needles = [
        &at(&toml, "no_such_app"),
        "in variant \"v\"",
        "`apps.no_such_app` does not exist",
    ];
    assert_bad_scenario(&out, &needles);
}

#[test]
fn variant_overrides_with_bad_value() {
    let toml = with_variant("set.policy.access_token_lifetime = \"8x\"");
    let out = run_toml("variant-bad-value", &toml, &[]);
    let needles = [
        &at(&toml, "access_token_lifetime"),
        "in variant \"v\"",
        "policy.access_token_lifetime",
        "\"8x\"",
    ];
    assert_bad_scenario(&out, &needles);
}

#[test]
fn warmup_not_shorter_than_horizon() {
    let toml = edit("warmup = \"1d\"", "warmup = \"3d\"");
    let out = run_toml("warmup", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[
            &at(&toml, "warmup"),
            "simulation.warmup",
            "the warm-up (3d) must be shorter than the horizon (3d)",
        ],
    );
}

#[test]
fn missing_section_has_no_location_but_names_the_file() {
    let toml = edit("[apps.mail]\n", "");
    let out = run_toml("missing-section", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[
            &format!("error: {FILE}: "),
            "apps: missing: give a table of entries by name, [apps.NAME]",
        ],
    );
}

#[test]
fn absurd_size_needs_force() {
    // 10^8 users x 30 days x 2 replications = 6 x 10^9 user-days; never run with --force here.
    let toml = edit("horizon = \"3d\"", "horizon = \"30d\"")
        .replace("users = 10\n", "users = 100000000\n");
    let out = run_toml("absurd-size", &toml, &[]);
    assert_bad_scenario(&out, &[&format!("error: {FILE}: "), "user-days", "--force"]);
}

#[test]
fn an_absurd_rate_is_refused_whatever_force_says() {
    let toml = edit(
        "registrations = [",
        "activity = { attempts_per_hour = 1e9 }\nregistrations = [",
    );
    let out = run_toml("absurd-rate", &toml, &["--force"]);
    assert_bad_scenario(&out, &[&at(&toml, "attempts_per_hour"), "at most 360000"]);
}

#[test]
fn absurd_activity_needs_force() {
    // Ten thousand users at the highest rate allowed, 100 attempts a second each:
    // the user-days are few (6 x 10^4), the attempts are not (about 2 x 10^11).
    let toml = edit(
        "registrations = [",
        "activity = { attempts_per_hour = 360000, hours = \"00:00-24:00\", days = \"all\" }\nregistrations = [",
    )
    .replace("users = 10\n", "users = 10000\n");
    let out = run_toml("absurd-activity", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[&format!("error: {FILE}: "), "access attempts", "--force"],
    );
}

#[test]
fn absurd_retries() {
    let toml = edit(
        "[apps.mail]\n",
        "[apps.mail]\nretry = { attempts = 1000000 }\n",
    );
    let out = run_toml("absurd-retries", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[
            &at(&toml, "attempts = 1000000"),
            "apps.mail.retry.attempts",
            "at most 100",
        ],
    );
}

#[test]
fn one_replication_on_the_command_line() {
    let out = run_toml("one-replication", BASE, &["--replications", "1"]);
    assert_bad_scenario(&out, &["--replications 1", "at least 2"]);
}

#[test]
fn zero_threads_on_the_command_line() {
    let out = run_toml("zero-threads", BASE, &["--threads", "0"]);
    assert_bad_scenario(&out, &["--threads", "at least 1"]);
}

#[test]
fn scenario_file_does_not_exist() {
    let out = authsim("missing-file", "no_such_scenario.toml", &[], |_| {});
    assert_refused(&out, &["cannot read", "no_such_scenario.toml"], &[]);
}

#[test]
fn existing_out_folder_is_left_untouched() {
    let out = authsim("existing-out", FILE, &[], |dir| {
        fs::write(dir.join(FILE), BASE).unwrap();
        fs::create_dir(dir.join(OUT)).unwrap();
        fs::write(dir.join(OUT).join("keep.txt"), "precious").unwrap();
    });
    assert_refused(
        &out,
        &[&format!("{OUT} already exists"), "--out"],
        &[FILE, OUT],
    );
    let inside: Vec<_> = fs::read_dir(out.scratch.0.join(OUT))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        inside,
        ["keep.txt"],
        "the existing folder gained or lost files"
    );
    assert_eq!(
        fs::read_to_string(out.scratch.0.join(OUT).join("keep.txt")).unwrap(),
        "precious"
    );
}

#[test]
fn a_key_the_kind_of_app_ignores_is_refused() {
    let toml = edit(
        "[apps.mail]\n",
        "[apps.mail]\nkind = \"web_app\"\ntoken_lifetime = \"8h\"\n",
    );
    let out = run_toml("ignored-key", &toml, &[]);
    let needles = [
        &at(&toml, "token_lifetime"),
        "apps.mail.token_lifetime",
        "a web app ignores this setting",
        "session_cookie_lifetime",
    ];
    assert_bad_scenario(&out, &needles);
}

#[test]
fn a_redundancy_group_needs_no_more_than_it_has() {
    let toml = edit(
        "[components.token_service]\n",
        "[components.token_service]\ninstances = 2\nneeded = 3\n",
    );
    let out = run_toml("redundancy", &toml, &[]);
    assert_bad_scenario(&out, &[&at(&toml, "needed"), "at most all 2 instances"]);
}

#[test]
fn a_contingency_rule_that_allows_no_method_is_refused() {
    let toml = format!(
        "{BASE}[contingency.spare]\nwhen_down = [\"token_service\"]\naction = \"allow_method\"\n"
    );
    let out = run_toml("contingency", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[&at(&toml, "action"), "allow_method needs the method"],
    );
}

#[test]
fn a_fallback_to_a_second_factor_is_refused() {
    let toml = format!(
        "{BASE}[methods.sms]\nfactor = \"second\"\nrequires = []\n[fallback.x]\nmethod = \"password\"\nto = \"sms\"\n\
         decide_after = \"1h\"\npropagation = \"1h\"\nswitch_back = \"never\"\n"
    );
    let out = run_toml("fallback", &toml, &[]);
    assert_bad_scenario(&out, &[&at(&toml, "to = "), "replaces a first factor"]);
}

#[test]
fn signing_keys_refreshed_every_few_seconds_are_refused() {
    let toml = edit(
        "[apps.mail]\n",
        "[apps.mail]\nsigning_keys = { refresh_every = \"10s\" }\n",
    );
    let out = run_toml("key-refresh", &toml, &[]);
    assert_bad_scenario(&out, &[&at(&toml, "refresh_every"), "at least a minute"]);
}

#[test]
fn a_key_removal_rolled_back_before_it_happens_is_refused() {
    let toml = format!(
        "{BASE}[[signing_key_events]]\nkind = \"removal\"\nat = \"2d\"\nrollback = \"1d\"\n"
    );
    let out = run_toml("key-event", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[&at(&toml, "rollback"), "must come after the removal"],
    );
}
