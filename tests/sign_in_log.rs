//! `run --sign-in-log`: the simulated sign-ins as Graph `signIn` JSON lines,
//! checked against the documented schema (SUMMARY.md section 4 of the
//! samples; docs/outputs.md) and a hand-worked outage.

mod common;

use common::{Scratch, stderr};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;

/// One app renewing silently on the clock: calls every 10 minutes (on the
/// hour and every 10 minutes after it, every user at the same instants), a
/// 55-minute token, so each user renews at every sixth call, once an hour,
/// at a minute of the hour p (0, 10, ..., 50) of their own. The token
/// service is down for 4 hours from day 1 10:00 (34 h to 38 h). No retries,
/// no giving up, no early renewal, sessions that outlast the run.
const SCENARIO: &str = r#"
[people]
give_up_after = 0
[simulation]
horizon = "2d"
warmup = "0s"
replications = 2
seed = 5
[policy]
access_token_lifetime = "55m"
mfa = "every_sign_in"
token_requests_require = ["token_service"]
[components.token_service]
outages = [{ start = "1d 10:00", duration = "4h" }]
[methods.password]
factor = "first"
requires = []
[methods.sms]
factor = "second"
requires = []
[apps.mail]
kind = "public_client"
early_renewal = false
retry = { attempts = 0 }
[cohorts.staff]
users = 30
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password", "sms"] }]
activity = { every = "10m", days = "all", hours = "00:00-24:00" }
"#;

const HOUR: f64 = 3600.0;
const OUTAGE: (f64, f64) = (34.0 * HOUR, 38.0 * HOUR);

fn scratch(test: &str) -> Scratch {
    let s = Scratch::new("sign_in_log", test);
    s.write("s.toml", SCENARIO);
    s
}

fn run(s: &Scratch, args: &[&str]) {
    let mut all = vec!["run", "s.toml", "-q", "--no-charts"];
    all.extend_from_slice(args);
    let o = s.authsim(&all);
    assert!(o.status.success(), "{all:?}: {}", stderr(&o));
}

fn records(s: &Scratch, file: &str) -> Vec<Value> {
    s.read(file)
        .lines()
        .enumerate()
        .map(|(i, line)| {
            serde_json::from_str(line).unwrap_or_else(|e| panic!("line {}: {e}: {line}", i + 1))
        })
        .collect()
}

/// Seconds from time zero (Monday 2024-01-01 00:00 UTC) of a
/// `createdDateTime` in January 2024, read by hand: YYYY-MM-DDTHH:MM:SS.mmmZ.
fn seconds(created: &str) -> f64 {
    assert_eq!(created.len(), 24, "{created}");
    assert!(
        created.starts_with("2024-01-") && created.ends_with('Z'),
        "{created}"
    );
    let n = |r: std::ops::Range<usize>| created[r].parse::<f64>().unwrap();
    (n(8..10) - 1.0) * 24.0 * HOUR + n(11..13) * HOUR + n(14..16) * 60.0 + n(17..23)
}

/// Every line is one JSON object with the fields and JSON types the Graph
/// signIn resource documents (SUMMARY.md 4.1, 4.3), and values from its enums.
#[test]
fn each_line_is_a_graph_sign_in() {
    let s = scratch("schema");
    run(&s, &["-o", "run", "--sign-in-log", "log.jsonl"]);
    let all = records(&s, "log.jsonl");
    assert!(all.len() > 1000, "{} records", all.len());
    let mut ids = std::collections::HashSet::new();
    for r in &all {
        let str_of = |k: &str| {
            r[k].as_str()
                .unwrap_or_else(|| panic!("{k} not a string: {r}"))
        };
        let id = str_of("id");
        assert_eq!(id.len(), 36, "{id}");
        assert_eq!(id.matches('-').count(), 4, "{id}");
        assert!(ids.insert(id.to_string()), "id {id} twice");
        seconds(str_of("createdDateTime"));
        assert_eq!(str_of("userId").len(), 36);
        let upn = str_of("userPrincipalName");
        let n = upn
            .strip_prefix("user-")
            .and_then(|u| u.strip_suffix("@simulated.invalid"));
        assert!(
            n.is_some_and(|n| n.parse::<u32>().is_ok_and(|n| n < 30)),
            "{upn}"
        );
        assert_eq!(str_of("userType"), "member");
        assert_eq!(str_of("appId").len(), 36);
        assert_eq!(str_of("appDisplayName"), "mail");
        assert_eq!(str_of("resourceDisplayName"), "mail");
        assert_eq!(str_of("clientAppUsed"), "Mobile Apps and Desktop clients");
        let interactive = r["isInteractive"]
            .as_bool()
            .expect("isInteractive a boolean");
        let kind = r["signInEventTypes"]
            .as_array()
            .expect("signInEventTypes an array");
        let expected = if interactive {
            "interactiveUser"
        } else {
            "nonInteractiveUser"
        };
        assert_eq!(kind, &[Value::from(expected)]);
        let status = r["status"].as_object().expect("status an object");
        let code = status["errorCode"].as_u64().expect("errorCode a number");
        match code {
            0 => assert!(status["failureReason"].is_null()),
            _ => assert!(status["failureReason"].is_string()),
        }
        assert_eq!(
            str_of("authenticationRequirement"),
            "multiFactorAuthentication"
        );
        let steps = r["authenticationDetails"].as_array().expect("an array");
        for step in steps {
            assert!(step["authenticationMethod"].is_string(), "{step}");
            assert!(step["succeeded"].is_boolean(), "{step}");
        }
        let device = r["deviceDetail"]
            .as_object()
            .expect("deviceDetail an object");
        assert_eq!(device["trustType"], "");
        assert_eq!(device["isCompliant"], false);
        assert_eq!(device["isManaged"], false);
        assert!(["success", "failure", "notApplied"].contains(&str_of("conditionalAccessStatus")));
        assert!(
            ["none", "refreshToken", "primaryRefreshToken"].contains(&str_of("incomingTokenType"))
        );
        assert!(r["authenticationProcessingDetails"].is_array());
    }
    let note: Value = serde_json::from_str(&s.read("run/sign_in_log.json")).unwrap();
    assert_eq!(note["records"], all.len() as u64);
    assert_eq!(note["replication"], 0);
}

/// The hand-worked outage, user by user. Before it, renewals at p, p + 1 h,
/// ... below 34 h: 34 of them whatever p. The call at 34 h + p finds the
/// token expired (issued at 33 h + p, 55 minutes) and fails, and so does
/// every call after it until 38 h: (240 - p) / 10 failures, each the token
/// service's code (50000), non-interactive, inside the outage. From 38 h
/// the renewals are on the hour: 38 h, ..., 47 h, 10 of them. So 44
/// successes and 24 - p/10 failures for every user, and nothing else.
#[test]
fn an_outage_fails_each_renewal_it_meets_and_nothing_else() {
    let s = scratch("outage");
    run(&s, &["-o", "run", "--sign-in-log", "log.jsonl"]);
    let mut users: BTreeMap<String, Vec<(f64, u64, bool)>> = BTreeMap::new();
    for r in records(&s, "log.jsonl") {
        let at = seconds(r["createdDateTime"].as_str().unwrap());
        let code = r["status"]["errorCode"].as_u64().unwrap();
        let interactive = r["isInteractive"].as_bool().unwrap();
        users
            .entry(r["userId"].as_str().unwrap().to_string())
            .or_default()
            .push((at, code, interactive));
    }
    assert_eq!(
        users.len(),
        30,
        "every user is logged (sample 1 below 10000 users)"
    );
    for (user, list) in &users {
        assert!(
            list.windows(2).all(|w| w[0].0 <= w[1].0),
            "{user}: in time order"
        );
        assert!(
            list.iter().all(|&(_, _, i)| !i),
            "{user}: only silent renewals"
        );
        let p = (list[0].0 % HOUR / 60.0).round();
        assert!(
            p % 10.0 == 0.0,
            "{user}: renews on the clock, at minute {p}"
        );
        let ok = list.iter().filter(|r| r.1 == 0).count();
        let failed: Vec<f64> = list.iter().filter(|r| r.1 != 0).map(|r| r.0).collect();
        assert_eq!(ok, 44, "{user}: renewals served");
        assert_eq!(
            failed.len() as f64,
            24.0 - p / 10.0,
            "{user}: renewals failed (p = {p})"
        );
        assert!(
            list.iter().all(|r| r.1 == 0 || r.1 == 50000),
            "{user}: the token service's code"
        );
        assert!(
            failed.iter().all(|&t| t >= OUTAGE.0 && t < OUTAGE.1),
            "{user}: inside the outage"
        );
    }
}

/// The run's own results do not change with the log on, and the log is the
/// same on 1 and 4 threads; a `.gz` name gives gzip.
#[test]
fn the_log_changes_nothing_and_is_the_same_on_any_threads() {
    let s = scratch("same");
    run(&s, &["-o", "plain", "-j", "1"]);
    run(&s, &["-o", "one", "-j", "1", "--sign-in-log", "one.jsonl"]);
    run(
        &s,
        &["-o", "four", "-j", "4", "--sign-in-log", "four.jsonl"],
    );
    run(&s, &["-o", "gz", "--sign-in-log", "log.jsonl.gz"]);
    assert_eq!(s.read("one.jsonl"), s.read("four.jsonl"));
    let tables = |dir: &str| -> BTreeMap<String, Vec<u8>> {
        common::folders::files(&s.0.join(dir))
            .into_iter()
            .filter(|(name, _)| name.ends_with(".csv"))
            .collect()
    };
    let plain = tables("plain");
    assert!(!plain.is_empty());
    assert_eq!(
        plain,
        tables("one"),
        "the run's tables with and without the log"
    );
    assert_eq!(plain, tables("four"));
    let gz = fs::read(s.0.join("log.jsonl.gz")).unwrap();
    assert_eq!(&gz[..2], &[0x1f, 0x8b], "gzip's magic number");
    let note: Value = serde_json::from_str(&s.read("gz/sign_in_log.json")).unwrap();
    assert_eq!(note["records"], s.read("one.jsonl").lines().count() as u64);
}

/// Bad flags: exit 2, a message naming the flag, nothing written (no run
/// folder, an existing file untouched).
#[test]
fn bad_flags_exit_2_and_write_nothing() {
    let s = scratch("bad");
    s.write("taken.jsonl", "mine\n");
    let cases: &[(&[&str], &str)] = &[
        (
            &["--sign-in-log", "a.jsonl", "--sign-in-log-sample", "0"],
            "--sign-in-log-sample",
        ),
        (
            &["--sign-in-log", "a.jsonl", "--sign-in-log-sample", "1.5"],
            "--sign-in-log-sample",
        ),
        (&["--sign-in-log-sample", "0.5"], "--sign-in-log"),
        (
            &[
                "--sign-in-log",
                "a.jsonl",
                "--sign-in-log-start",
                "2024-01-02",
            ],
            "not a Monday",
        ),
        (
            &["--sign-in-log", "a.jsonl", "--sign-in-log-start", "Monday"],
            "YYYY-MM-DD",
        ),
        (&["--sign-in-log", "taken.jsonl"], "exists"),
        // Checked before simulating (review 11), as --export-markdown is.
        (&["--sign-in-log", "nodir/x.jsonl"], "nodir does not exist"),
        // 30 users at 1e-300: none chosen, an empty log (review 22).
        (
            &["--sign-in-log", "a.jsonl", "--sign-in-log-sample", "1e-300"],
            "selects 0 of the scenario's 30 users",
        ),
        (&["--sign-in-log", "a.jsonl", "--shard", "1/2"], "--shard"),
    ];
    for (args, says) in cases {
        let mut all = vec!["run", "s.toml", "-q", "-o", "out"];
        all.extend_from_slice(args);
        let o = s.authsim(&all);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
        assert!(
            !s.0.join("out").exists() && !s.0.join("a.jsonl").exists(),
            "{args:?}"
        );
    }
    assert_eq!(s.read("taken.jsonl"), "mine\n");
    // Review 12: 9999-12-27 is a Monday, 9999-12-31 a Friday; 7 days from it
    // reach year 10000, which createdDateTime cannot hold. 2 days fit.
    s.write("week.toml", &SCENARIO.replace("\"2d\"", "\"7d\""));
    let late = [
        "--sign-in-log",
        "a.jsonl",
        "--sign-in-log-start",
        "9999-12-27",
    ];
    let o = s.authsim(&[&["run", "week.toml", "-q", "-o", "out"], &late[..]].concat());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("on or before 9999-12-20"),
        "{}",
        stderr(&o)
    );
    assert!(!s.0.join("out").exists() && !s.0.join("a.jsonl").exists());
    run(&s, &[&["-o", "late"], &late[..]].concat());
    let last = records(&s, "a.jsonl").pop().expect("a record");
    assert!(
        last["createdDateTime"]
            .as_str()
            .unwrap()
            .starts_with("9999-12-2")
    );
    let o = s.authsim(&[
        "sweep",
        "s.toml",
        "--set",
        "seed=1,2",
        "--sign-in-log",
        "a.jsonl",
    ]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "sweep takes no log: {}",
        stderr(&o)
    );
    // Review 23: said by name, not clap's tip to pass it as a value.
    assert!(
        stderr(&o).contains("--sign-in-log is for run only"),
        "{}",
        stderr(&o)
    );
}

/// Review 21: records come cohort by cohort in name order (the scenario's
/// tables are read sorted, so `batch`, declared last, comes first), and people
/// and workloads are each numbered from 0 in that order (outputs.md).
#[test]
fn cohorts_come_by_name_and_people_and_workloads_are_numbered_apart() {
    let s = scratch("order");
    let workloads = r#"
[apps.job]
kind = "managed_identity"
[cohorts.batch]
kind = "workloads"
users = 2
apps = ["job"]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 1 }
"#;
    s.write("mixed.toml", &format!("{SCENARIO}{workloads}"));
    let o = s.authsim(&[
        "run",
        "mixed.toml",
        "-q",
        "--no-charts",
        "-o",
        "run",
        "--sign-in-log",
        "log.jsonl",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut seen: Vec<String> = Vec::new();
    for r in records(&s, "log.jsonl") {
        let name = match r["userPrincipalName"].as_str() {
            Some(person) => person,
            None => r["servicePrincipalName"]
                .as_str()
                .expect("a workload's name"),
        };
        if seen.last().is_none_or(|last| last != name) {
            seen.push(name.to_string());
        }
    }
    let people = (0..30).map(|n| format!("user-{n}@simulated.invalid"));
    let expected: Vec<String> = ["workload-0".to_string(), "workload-1".to_string()]
        .into_iter()
        .chain(people)
        .collect();
    assert_eq!(seen, expected, "each identity once, in this order");
}
