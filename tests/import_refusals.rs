//! `authsim import` refuses what it cannot use, exit 2, a message saying what
//! and what to do, nothing written; and the real sample exports (read in
//! place, tests/support/samples.rs) import or are refused for a stated reason.

mod common;
#[path = "support/samples.rs"]
mod samples;

use common::Scratch;
use std::path::PathBuf;
use std::process::Output;

fn fixture(name: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/inference");
    dir.join(name).display().to_string()
}

/// `authsim import ARGS --out s.toml` in a fresh folder; its output and
/// what the folder holds after.
fn import(test: &str, args: &[&str]) -> (Output, Scratch) {
    let dir = Scratch::new("import_refusals", test);
    let mut all = vec!["import"];
    all.extend(args);
    all.extend(["--out", "s.toml"]);
    (dir.authsim(&all), dir)
}

fn refused(test: &str, args: &[&str], says: &[&str]) {
    let (out, dir) = import(test, args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    for s in says {
        assert!(stderr.contains(s), "{test}: {stderr:?} does not say {s:?}");
    }
    assert!(
        dir.entries().is_empty(),
        "{test}: wrote {:?}",
        dir.entries()
    );
}

#[test]
fn bad_groupings() {
    let log = fixture("constant.jsonl");
    refused(
        "unknown_key",
        &["--sign-ins", &log, "--group-by", "usertype"],
        &["did you mean `user-type`"],
    );
    refused(
        "absent_field",
        &["--sign-ins", &log, "--group-by", "field:department"],
        &["no record has a value for department"],
    );
    refused(
        "identifying_field",
        &["--sign-ins", &log, "--group-by", "field:ipAddress"],
        &["names a person"],
    );
    refused(
        "bad_offset",
        &["--sign-ins", &log, "--utc-offset", "1h"],
        &["--utc-offset", "+01:00"],
    );
}

#[test]
fn an_existing_file_is_kept_unless_forced() {
    let dir = Scratch::new("import_refusals", "existing");
    dir.write("s.toml", "mine");
    let log = fixture("constant.jsonl");
    let out = dir.authsim(&["import", "--sign-ins", &log, "--out", "s.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(dir.read("s.toml"), "mine");
    assert!(!dir.entries().contains("s.import.html"));
    let out = dir.authsim(&["import", "--sign-ins", &log, "--out", "s.toml", "--force"]);
    assert!(out.status.success());
    assert!(dir.read("s.toml").contains("[cohorts."));
}

#[test]
fn too_short_a_log_and_no_users() {
    let Some(s) = samples::samples() else { return };
    let elastic = |f: &str| s.join("azure-monitor-jsonl").join(f).display().to_string();
    // Elastic's tenant: one user, 2 interactive and 15 silent sign-ins in 3 minutes.
    refused(
        "elastic_span",
        &[
            "--sign-ins",
            &elastic("elastic_test-signinlogs-sample.log"),
            &elastic("elastic_test-non-interactive-user-sample.log"),
        ],
        &["span 3 min", "at least 1 day"],
    );
    // Managed identities only: no user to make a cohort of.
    refused(
        "elastic_workloads",
        &[
            "--sign-ins",
            &elastic("elastic_test-managed-identity-sample.log"),
        ],
        &["no user sign-in", "33 workload sign-ins"],
    );
    // The Sentinel lab's 70 minutes of one user.
    let sentinel = s.join("sentinel-csv/azure-sentinel-training-lab_sign-in_adelete.csv");
    refused(
        "sentinel_span",
        &["--sign-ins", &sentinel.display().to_string()],
        &["span 70 min"],
    );
    // A reader's refusal passes through: the file named, exit 2.
    let trailing = s.join("graph-json/graph-v1.0_signin-list_example1_response.json");
    refused(
        "trailing_comma",
        &["--sign-ins", &trailing.display().to_string()],
        &["example1_response.json"],
    );
}

/// The documentation's registration report (2 members, 1 guest) and policy
/// list (2 disabled policies) with the hand-made week: the report's members
/// join the 2 seen; its guest never signed in; no enforced policy asks for MFA.
#[test]
fn the_registration_and_policy_samples() {
    let Some(s) = samples::samples() else { return };
    let graph = |f: &str| s.join("graph-json").join(f).display().to_string();
    let (out, dir) = import(
        "graph_samples",
        &[
            "--sign-ins",
            &fixture("constant.jsonl"),
            "--registrations",
            &graph("graph-v1.0_userregistrationdetails-list_response.json"),
            "--policies",
            &graph("graph-v1.0_conditionalaccessroot-list-policies_response.json"),
            "--group-by",
            "user-type",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = dir.read("s.toml");
    let t: toml::Table = toml::from_str(&text).unwrap();
    assert_eq!(t["cohorts"]["member"]["users"].as_integer(), Some(4));
    assert!(t["cohorts"].get("guest").is_none());
    assert!(
        text.contains("1 user of guest never signed in: in no cohort"),
        "{text}"
    );
    // Review item 15: the report's users are not the logs' (2 + 2 members).
    assert!(text.contains("share no user"), "{text}");
    assert!(
        text.contains("2 users of the registration report (0 of them seen signing in) and 2 users seen signing in only"),
        "{text}"
    );
    assert_eq!(t["policy"]["mfa"].as_str(), Some("never"));
    assert_eq!(
        text.matches("not enforced (report-only or disabled)")
            .count(),
        2
    );
}

/// Review items 3, 5, 6, 7, 8, 9, 19: each refused before anything is
/// written, exit 2, the message naming the fault.
#[test]
fn inputs_and_outputs_checked_up_front() {
    let log = fixture("constant.jsonl");
    refused("twice", &["--sign-ins", &log, &log], &["the same file"]);
    refused(
        "not_a_report",
        &["--sign-ins", &log, "--registrations", &log],
        &["not a registration report", "methodsRegistered"],
    );
    let folder = fixture("");
    refused("a_folder", &["--sign-ins", &folder], &["is a folder"]);
    let dir = Scratch::new("import_refusals", "outputs");
    let cases: [(&[&str], &str); 4] = [
        (
            &["--out", "x.toml", "--report", "x.toml"],
            "are the same file",
        ),
        (
            &["--out", "o.toml", "--report", ".", "--force"],
            "is a folder",
        ),
        (&["--out", &log, "--force"], "is an input"),
        (&["--out", "nodir/o.toml"], "nodir does not exist"),
    ];
    for (args, says) in cases {
        let mut all = vec!["import", "--sign-ins", &log];
        all.extend(args);
        let out = dir.authsim(&all);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("reading"),
            "read before refusing: {stderr}"
        );
        assert!(
            dir.entries().is_empty(),
            "{args:?} wrote {:?}",
            dir.entries()
        );
    }
    // A copy under another name is the same export.
    dir.write("a.jsonl", &std::fs::read_to_string(&log).unwrap());
    dir.write("b.jsonl", &std::fs::read_to_string(&log).unwrap());
    let out = dir.authsim(&[
        "import",
        "--sign-ins",
        "a.jsonl",
        "b.jsonl",
        "--out",
        "s.toml",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the same content"));
    assert!(!dir.entries().contains("s.toml"));
}

/// Review items 4 and 18: one record dated 2099 among the week's is refused
/// (the horizon would pass `authsim check`'s 400 days), the logs named and
/// their span given in ISO times.
#[test]
fn an_outlier_date_is_refused() {
    let dir = Scratch::new("import_refusals", "outlier");
    let text = std::fs::read_to_string(fixture("constant.jsonl")).unwrap();
    let first = text.lines().next().unwrap();
    let start = first.find("\"createdDateTime\":\"").unwrap() + 19;
    let mut far = first.to_string();
    far.replace_range(start..start + 10, "2099-01-01");
    dir.write("l.jsonl", &format!("{text}{far}\n"));
    let out = dir.authsim(&["import", "--sign-ins", "l.jsonl", "--out", "s.toml"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    for says in ["l.jsonl", "outlier", "at most 400 days", "to 2099-01-01T"] {
        assert!(stderr.contains(says), "{stderr:?} does not say {says:?}");
    }
    assert!(!dir.entries().contains("s.toml"));
}
