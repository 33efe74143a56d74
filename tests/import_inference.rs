//! `authsim import` on hand-written exports (tests/fixtures/import/inference/)
//! whose scenario values are worked out by hand in each test; the scenario
//! written loads, checks and runs, and names no user, address or device.

mod common;

use common::Scratch;
use std::path::PathBuf;
use toml::{Table, Value};

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/inference")
        .join(name)
        .display()
        .to_string()
}

/// Imports with `args`; the scenario's text, parsed.
fn import(dir: &Scratch, args: &[&str]) -> (String, Table) {
    let mut all = vec!["import"];
    all.extend(args);
    all.extend(["--out", "s.toml"]);
    let out = dir.authsim(&all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = dir.read("s.toml");
    let table: Table = toml::from_str(&text).unwrap();
    (text, table)
}

fn at<'a>(t: &'a Table, path: &str) -> &'a Value {
    let mut v: Option<&Value> = None;
    for key in path.split('.') {
        v = Some(match v {
            None => &t[key],
            Some(x) => &x[key],
        });
    }
    v.unwrap()
}

fn registrations(t: &Table, cohort: &str) -> Vec<(f64, Vec<String>)> {
    at(t, &format!("cohorts.{cohort}.registrations"))
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let methods = r["methods"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m.as_str().unwrap().to_string());
            (r["share"].as_float().unwrap(), methods.collect())
        })
        .collect()
}

/// Two members alternate hourly sign-ins to one app for exactly a week
/// (a managed identity's two sign-ins open and close it): 1 sign-in per hour
/// between 2 users, r = 0.5 per user per hour in every hour. With the
/// documented 60-90 min token (mean 1.25 h), renewal on demand gives
/// λ = r/(1 − r·L̄) = 0.5/(1 − 0.625) = 4/3 uses per hour.
#[test]
fn a_constant_rate_two_mixes_and_a_workload() {
    let dir = Scratch::new("import_inference", "constant");
    let (text, t) = import(
        &dir,
        &[
            "--sign-ins",
            &fixture("constant.jsonl"),
            "--group-by",
            "user-type",
        ],
    );
    assert_eq!(at(&t, "cohorts.member.users").as_integer(), Some(2));
    // Alice used password + push, Bob password + a text message.
    let want = |m: &[&str]| m.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        registrations(&t, "member"),
        [
            (0.5, want(&["password", "authenticator_push"])),
            (0.5, want(&["password", "sms"]))
        ]
    );
    // Alice on a joined laptop, Bob on no registered device: 1 of 2.
    assert_eq!(
        at(&t, "cohorts.member.device").as_str(),
        Some("unregistered")
    );
    assert!(text.contains("# 1 of 2 users seen on a registered or joined device"));
    assert_eq!(at(&t, "cohorts.member.apps").as_array().unwrap().len(), 1);
    assert_eq!(
        at(&t, "apps.outlook_mobile.kind").as_str(),
        Some("public_client")
    );
    let rows = at(&t, "cohorts.member.activity.attempts_by_hour")
        .as_array()
        .unwrap();
    assert_eq!(rows.len(), 7);
    for row in rows {
        let row = row.as_array().unwrap();
        assert_eq!(row.len(), 24);
        for x in row {
            assert!((x.as_float().unwrap() - 4.0 / 3.0).abs() < 1e-3, "{x}");
        }
    }
    // The managed identity: its own cohort and app kind.
    assert_eq!(
        at(&t, "cohorts.workloads_managed_identity.kind").as_str(),
        Some("workloads")
    );
    assert_eq!(
        at(&t, "cohorts.workloads_managed_identity.users").as_integer(),
        Some(1)
    );
    assert_eq!(
        at(&t, "apps.managed_identities.kind").as_str(),
        Some("managed_identity")
    );
    // One week of log: 1 week, plus the 2-day warm-up.
    assert_eq!(at(&t, "simulation.horizon").as_str(), Some("9d"));
    // No policies given: MFA is a marked default.
    assert_eq!(at(&t, "policy.mfa").as_str(), Some("every_sign_in"));
    assert!(text.contains("# DEFAULT (not in the exports): no policies given"));
    assert!(text.contains("2 of 2 successful interactive sign-ins required MFA"));
    // The report beside the scenario.
    assert!(dir.entries().contains("s.import.html"));
    nothing_identifies(&dir, &fixture("constant.jsonl"));
}

/// Every UPN, user id, IP address, device name and device id of `input`
/// is absent from everything written.
fn nothing_identifies(dir: &Scratch, input: &str) {
    let text = std::fs::read_to_string(input).unwrap();
    let mut secrets = std::collections::BTreeSet::new();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        for key in [
            "userPrincipalName",
            "userId",
            "ipAddress",
            "userDisplayName",
            "id",
        ] {
            secrets.extend(v[key].as_str().filter(|s| s.len() > 3).map(str::to_string));
        }
        for key in ["displayName", "deviceId"] {
            secrets.extend(
                v["deviceDetail"][key]
                    .as_str()
                    .filter(|s| s.len() > 3)
                    .map(str::to_string),
            );
        }
    }
    assert!(secrets.len() > 8);
    for file in dir.entries() {
        let written = dir.read(&file).to_lowercase();
        for s in &secrets {
            assert!(!written.contains(&s.to_lowercase()), "{file} holds {s}");
        }
    }
}

/// Six users in the registration report, three of them signing in over 32
/// hours; three conditional access policies.
#[test]
fn registrations_policies_and_guests() {
    let dir = Scratch::new("import_inference", "tenant");
    let (text, t) = import(
        &dir,
        &[
            "--sign-ins",
            &fixture("tenant.jsonl"),
            "--registrations",
            &fixture("registrations.json"),
            "--policies",
            &fixture("policies.json"),
            "--group-by",
            "user-type",
            "--utc-offset",
            "+01:00",
        ],
    );
    // Members by the report: 4 users; mixes push+phone, phone, FIDO2+push,
    // phone: 2 of 4 password+sms, 1 each of the others. Passwordless first,
    // then the password, then the preferred second factor.
    let want = |m: &[&str]| m.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(at(&t, "cohorts.member.users").as_integer(), Some(4));
    assert_eq!(
        registrations(&t, "member"),
        [
            (0.5, want(&["password", "sms"])),
            (0.25, want(&["fido2_key", "password", "authenticator_push"])),
            (0.25, want(&["password", "authenticator_push", "sms"])),
        ]
    );
    // Guests: 2 in the report (none registered, and a phone); MFA is
    // required, so the password-only guest is given the Authenticator app
    // (marked); the guest-only policy's 4 hours.
    assert_eq!(at(&t, "cohorts.guest.guest").as_bool(), Some(true));
    assert_eq!(at(&t, "cohorts.guest.users").as_integer(), Some(2));
    assert_eq!(
        registrations(&t, "guest"),
        [
            (0.5, want(&["password", "authenticator_push"])),
            (0.5, want(&["password", "sms"]))
        ]
    );
    assert!(
        text.contains(
            "# DEFAULT (not in the exports): 1 user with a password only, and MFA required"
        )
    );
    assert_eq!(
        at(&t, "cohorts.guest.sign_in_frequency").as_str(),
        Some("4h")
    );
    // All users, all apps: MFA or a compliant device, every 12 hours.
    assert_eq!(
        at(&t, "policy.mfa").as_str(),
        Some("every_sign_in_or_compliant_device")
    );
    assert_eq!(at(&t, "policy.sign_in_frequency").as_str(), Some("12h"));
    assert!(text.contains("\"Block legacy authentication (report-only)\": not enforced"));
    // Teams issued CAE tokens; SharePoint was used in a browser.
    assert_eq!(at(&t, "policy.cae").as_bool(), Some(true));
    assert_eq!(
        at(&t, "apps.microsoft_teams.cae_capable").as_bool(),
        Some(true)
    );
    assert_eq!(
        at(&t, "apps.sharepoint_online.kind").as_str(),
        Some("web_app")
    );
    assert_eq!(
        at(&t, "methods.fido2_key.requires").as_array().unwrap()[0].as_str(),
        Some("security_key")
    );
    assert_eq!(
        at(&t, "cohorts.member.activity.utc_offset").as_str(),
        Some("+01:00")
    );
    // 32 hours of log: 136 hours of the week never watched, said so.
    assert!(
        text.contains("136 hours of the week never watched"),
        "{text}"
    );
    // The guest's two wrong passwords: read, not counted as renewals.
    assert!(text.contains("# 2 failed sign-ins: not counted as renewals"));
    assert_eq!(at(&t, "simulation.horizon").as_str(), Some("9d"));
    nothing_identifies(&dir, &fixture("tenant.jsonl"));
}

/// The same exports give the same bytes.
#[test]
fn deterministic() {
    let dir = Scratch::new("import_inference", "deterministic");
    let args = [
        "--sign-ins",
        &fixture("tenant.jsonl"),
        &fixture("constant.jsonl"),
    ];
    let (first, _) = import(&dir, &args);
    std::fs::remove_file(dir.0.join("s.toml")).unwrap();
    std::fs::remove_file(dir.0.join("s.import.html")).unwrap();
    let (second, _) = import(&dir, &args);
    assert_eq!(first, second);
}

/// What import writes, `check` accepts and `run` simulates.
#[test]
fn the_scenario_checks_and_runs() {
    let dir = Scratch::new("import_inference", "runs");
    let (text, _) = import(
        &dir,
        &[
            "--sign-ins",
            &fixture("constant.jsonl"),
            &fixture("tenant.jsonl"),
        ],
    );
    authsim::scenario::load_str(&text, std::path::Path::new("s.toml")).unwrap();
    let check = dir.authsim(&["check", "s.toml"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let run = dir.authsim(&[
        "run",
        "s.toml",
        "--replications",
        "2",
        "--no-charts",
        "--quiet",
        "--out",
        "run",
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(dir.0.join("run/summary.csv").is_file());
}

/// Review item 1: 5 client-secret workloads, each its own service principal
/// under one client app, calling 12 times an hour (fixtures/.../workloads.toml):
/// imported as 5 workloads whose use rate is the scenario's 12 an hour
/// (renewal equation on the log's mean, within 10%), and a run of the
/// imported scenario renews as many tokens a day as the log shows.
#[test]
fn client_secret_workloads_each_their_own() {
    let dir = Scratch::new("import_inference", "workloads");
    let scenario = fixture("workloads.toml");
    let run = dir.authsim(&["run", &scenario, "--sign-in-log", "log.jsonl"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let (text, t) = import(&dir, &["--sign-ins", "log.jsonl"]);
    let cohort = &t["cohorts"]["workloads_client_secret"];
    assert_eq!(cohort["users"].as_integer(), Some(5), "{text}");
    let users: i64 = t["cohorts"]
        .as_table()
        .unwrap()
        .values()
        .map(|c| c["users"].as_integer().unwrap())
        .sum();
    assert_eq!(users, 57, "{text}");
    let rows = cohort["activity"]["attempts_by_hour"].as_array().unwrap();
    for row in rows {
        for rate in row.as_array().unwrap() {
            let rate = rate
                .as_float()
                .unwrap_or_else(|| rate.as_integer().unwrap() as f64);
            assert!((rate - 12.0).abs() < 1.2, "{rate} attempts an hour, not 12");
        }
    }
    // A token an hour each (renewed after a wait of 1/12 h): 5 x 24 / (1 + 1/12) a day.
    let per_day = |log: &str| {
        let ok = dir
            .read(log)
            .lines()
            .filter(|l| l.contains("\"servicePrincipal\"") && l.contains("\"errorCode\":0"))
            .count();
        ok as f64 / 9.0
    };
    let expected = 5.0 * 24.0 / (1.0 + 1.0 / 12.0);
    assert!((per_day("log.jsonl") / expected - 1.0).abs() < 0.05);
    // Re-run for the log's 9 days, without the what-if outage: the same.
    let replay = text
        .replace("horizon = \"16d\"", "horizon = \"9d\"")
        .replace(
            "outages = [{ start = \"2d 10:00\", duration = \"4h\" }]",
            "",
        );
    assert_ne!(replay, text);
    dir.write("re.toml", &replay);
    let run = dir.authsim(&["run", "re.toml", "--sign-in-log", "re.jsonl"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        (per_day("re.jsonl") / expected - 1.0).abs() < 0.05,
        "{}",
        per_day("re.jsonl")
    );
    assert!(text.contains("bucket = \"1h\"   # DEFAULT"), "{text}");
}
