//! Starting a scenario: `authsim init` writes a bundled one (never over a file),
//! `authsim scenarios` lists them, `authsim check` says what a run would be.

mod common;

use authsim::scenario::schema::{SCHEMA_FILE, schema};
use authsim::scenario::{BUNDLED, DEFAULT};
use common::{Scratch, stderr};
use std::collections::BTreeSet;

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn init_then_check_work_in_an_empty_folder() {
    let s = Scratch::new("init", "empty");
    let init = s.authsim(&["init"]);
    assert!(init.status.success(), "{}", stderr(&init));
    let written = BTreeSet::from(["scenario.toml".to_string(), SCHEMA_FILE.to_string()]);
    assert_eq!(s.entries(), written);
    // The bundled text, but for how to run the copy.
    let (bundled, copy) = (
        "cargo run --release -- run scenarios/token-service-outage.toml",
        "authsim run scenario.toml",
    );
    assert!(DEFAULT.contains(bundled));
    assert_eq!(s.read("scenario.toml"), DEFAULT.replace(bundled, copy));
    assert_eq!(s.read(SCHEMA_FILE), schema());
    let check = s.authsim(&["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    let out = stdout(&check);
    for line in [
        "scenario.toml: valid",
        "users               10000 in all",
        "variants            3: baseline, 8h tokens, 24h tokens",
        "replications        20 (seed 20180406)",
        "access attempts     172.8 million played",
        "attempts metric     1.440 million a replication of each variant after the warm-up",
        "estimated run time  ",
        " on idle cores as fast as the development machine's",
    ] {
        assert!(out.contains(line), "`{line}` missing from:\n{out}");
    }
    assert_eq!(
        s.entries(),
        written,
        "check runs nothing and writes nothing"
    );
}

#[test]
fn init_never_overwrites_a_file() {
    let s = Scratch::new("init", "overwrite");
    s.write("scenario.toml", "mine");
    let again = s.authsim(&["init"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("scenario.toml exists already"),
        "{}",
        stderr(&again)
    );
    assert_eq!(s.read("scenario.toml"), "mine");
    assert!(
        !s.0.join(SCHEMA_FILE).exists(),
        "nothing else is written either"
    );
    // A schema already there is kept, whatever it holds.
    s.write(SCHEMA_FILE, "{}");
    let other = s.authsim(&["init", "other.toml", "--from", "retry-surge"]);
    assert!(other.status.success(), "{}", stderr(&other));
    assert!(stdout(&other).contains("kept the existing"));
    assert_eq!(s.read(SCHEMA_FILE), "{}");
    let retry_surge = BUNDLED.iter().find(|b| b.name == "retry-surge").unwrap();
    let (bundled, copy) = (
        "cargo run --release -- run scenarios/retry-surge.toml",
        "authsim run other.toml",
    );
    assert!(retry_surge.text.contains(bundled));
    assert_eq!(
        s.read("other.toml"),
        retry_surge.text.replace(bundled, copy)
    );
}

#[test]
fn init_from_an_unknown_name_lists_the_names() {
    let s = Scratch::new("init", "unknown");
    let out = s.authsim(&["init", "--from", "token-outage"]);
    assert_eq!(out.status.code(), Some(2));
    let message = stderr(&out);
    assert!(message.contains("--from token-outage"), "{message}");
    for bundled in BUNDLED {
        assert!(message.contains(bundled.name), "{message}");
    }
    assert!(s.entries().is_empty());
}

#[test]
fn scenarios_lists_each_with_its_question() {
    let out = Scratch::new("init", "list").authsim(&["scenarios"]);
    assert!(out.status.success());
    let text = stdout(&out);
    for bundled in BUNDLED {
        let line = text.lines().find(|l| l.starts_with(bundled.name)).unwrap();
        assert!(line.ends_with(&bundled.question()), "{line}");
    }
}

#[test]
fn check_counts_the_attempts_a_scenario_expects() {
    // 10 users x 2 apps x 3 attempts an hour x 40 working hours, in 2 replications
    // of 2 variants: 9600 attempts.
    let s = Scratch::new("init", "count");
    s.write(
        "count.toml",
        r#"[simulation]
horizon = "7d"
replications = 2
[policy]
mfa = "never"
[components.token_service]
[methods.password]
factor = "first"
requires = []
[apps.mail]
[apps.chat]
[cohorts.staff]
users = 10
apps = ["mail", "chat"]
registrations = [{ share = 1.0, methods = ["password"] }]
activity = { attempts_per_hour = 3.0, hours = "09:00-17:00", days = "mon-fri" }
[[variant]]
name = "8h tokens"
set.policy.access_token_lifetime = "8h"
"#,
    );
    let out = s.authsim(&["check", "count.toml", "--threads", "1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("access attempts     9600 played"), "{text}");
    assert!(text.contains("staff         10 users"), "{text}");
    assert!(text.contains("on 1 thread,"), "{text}");
}

#[test]
fn check_refuses_a_bad_scenario_where_it_is_wrong_and_warns_as_run_does() {
    let s = Scratch::new("init", "bad");
    assert!(s.authsim(&["init"]).status.success());
    let text = s.read("scenario.toml");
    s.write("typo.toml", &text.replacen("horizon =", "horizn =", 1));
    let out = s.authsim(&["check", "typo.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let line = text
        .lines()
        .position(|l| l.starts_with("horizon ="))
        .unwrap()
        + 1;
    let message = stderr(&out);
    assert!(message.contains(&format!("typo.toml:{line}:")), "{message}");
    assert!(message.contains("horizn"), "{message}");
    s.write("unused.toml", &format!("{text}\n[components.spare]\n"));
    let out = s.authsim(&["check", "unused.toml"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("warning: "), "{}", stderr(&out));
}
