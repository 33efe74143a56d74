//! A run split into shards (`--shard K/N`) and merged gives the folder one
//! machine writes, byte for byte but for the provenance naming the shards; a
//! merge of shards that are not every shard of one run, each once and whole,
//! is refused by name. (tests/slurm.rs does the same through a real Slurm.)

mod common;

use common::folders::assert_same_run;
use common::{Scratch, stderr};
use std::process::Output;

/// Two cohorts, a variant and a sweep axis: every file a run writes, every slice.
const SCENARIO: &str = r#"
description = "Shards of a small run"
[simulation]
horizon = "7d"
warmup = "1d"
replications = 7
seed = 5
[components.token_service]
time_to_failure = { distribution = "exponential", mean = "3d" }
time_to_repair = { distribution = "exponential", mean = "2h" }
[components.mfa_service]
outages = [{ start = "2d 10h", duration = "3h" }]
[methods.password]
factor = "first"
requires = ["token_service"]
[methods.push]
factor = "second"
requires = ["mfa_service"]
[methods.otp]
factor = "second"
requires = []
[apps.mail]
[apps.chat]
[cohorts.office]
users = 300
apps = ["mail", "chat"]
registrations = [{ share = 0.5, methods = ["password", "push"] }, { share = 0.5, methods = ["password", "otp"] }]
[cohorts.field]
users = 200
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password", "push"] }]
[[variant]]
name = "8h tokens"
set.policy.access_token_lifetime = "8h"
"#;

fn scratch(test: &str) -> Scratch {
    let s = Scratch::new("shards", test);
    s.write("s.toml", SCENARIO);
    s
}

fn ok(o: Output) -> Output {
    assert!(o.status.success(), "{}", stderr(&o));
    o
}

fn refused(o: &Output, needles: &[&str]) {
    assert_eq!(o.status.code(), Some(2), "{}", stderr(o));
    for needle in needles {
        assert!(
            stderr(o).contains(needle),
            "{needle:?} not in: {}",
            stderr(o)
        );
    }
}

/// Shards 1..=n of `command` (a run or sweep) into `shard-K`.
fn shards(s: &Scratch, command: &[&str], n: u32) {
    for k in 1..=n {
        let (shard, out) = (format!("{k}/{n}"), format!("shard-{k}"));
        let mut args = command.to_vec();
        args.extend(["--shard", &shard, "--out", &out, "--quiet"]);
        ok(s.authsim(&args));
    }
}

#[test]
fn three_shards_merged_are_the_single_run() {
    let s = scratch("run");
    ok(s.authsim(&["run", "s.toml", "--out", "single", "--quiet"]));
    shards(&s, &["run", "s.toml"], 3);
    // In any order.
    ok(s.authsim(&[
        "merge", "shard-3", "shard-1", "shard-2", "--out", "merged", "--quiet",
    ]));
    assert_same_run(&s.0.join("single"), &s.0.join("merged"));
    let summary: serde_json::Value = serde_json::from_str(&s.read("merged/summary.json")).unwrap();
    assert_eq!(
        summary["shards"],
        serde_json::json!(["shard-3", "shard-1", "shard-2"])
    );
    assert!(s.read("merged/report.html").contains("merged from shards"));
}

#[test]
fn a_sweep_in_shards_merged_is_the_single_sweep() {
    let s = scratch("sweep");
    let sweep = [
        "sweep",
        "s.toml",
        "--set",
        "policy.sign_in_frequency=1d,7d",
        "--no-charts",
    ];
    let mut single = sweep.to_vec();
    single.extend(["--out", "single", "--quiet"]);
    ok(s.authsim(&single));
    shards(&s, &sweep, 2);
    ok(s.authsim(&[
        "merge",
        "shard-1",
        "shard-2",
        "--out",
        "merged",
        "--quiet",
        "--no-charts",
    ]));
    assert_same_run(&s.0.join("single"), &s.0.join("merged"));
}

#[test]
fn only_every_shard_of_one_run_each_once_and_whole_is_merged() {
    let s = scratch("refusals");
    shards(&s, &["run", "s.toml"], 3);
    let merge = |dirs: &[&str]| {
        let mut args = vec!["merge"];
        args.extend(dirs);
        args.extend(["--out", "merged", "--quiet", "--no-charts"]);
        s.authsim(&args)
    };
    refused(
        &merge(&["shard-1", "shard-2"]),
        &["missing shard 3/3 (replications 4–6)"],
    );
    refused(
        &merge(&["shard-1", "shard-2", "shard-2", "shard-3"]),
        &[
            "shard-2",
            "is shard 2/3 too",
            "replications 2–3 would count twice",
        ],
    );
    // Another seed, another split, another scenario.
    ok(s.authsim(&[
        "run", "s.toml", "--seed", "6", "--shard", "3/3", "--out", "seed6", "--quiet",
    ]));
    refused(
        &merge(&["shard-1", "shard-2", "seed6"]),
        &["seed6", "seed 6 where the other has 5"],
    );
    ok(s.authsim(&[
        "run", "s.toml", "--shard", "2/2", "--out", "half", "--quiet",
    ]));
    refused(
        &merge(&["shard-1", "half"]),
        &["shard 2/2 where the other is 1/3"],
    );
    s.write(
        "other.toml",
        &SCENARIO.replace("users = 200", "users = 201"),
    );
    ok(s.authsim(&[
        "run",
        "other.toml",
        "--shard",
        "3/3",
        "--out",
        "other",
        "--quiet",
    ]));
    refused(
        &merge(&["shard-1", "shard-2", "other"]),
        &["other", "a different scenario"],
    );
    // Not shards at all.
    ok(s.authsim(&["run", "s.toml", "--out", "single", "--quiet", "--no-charts"]));
    refused(
        &merge(&["shard-1", "single"]),
        &["single", "not a shard folder"],
    );
    // A finished shard lists its files: its journal cut short since is not whole,
    // and resume plays what it lost again.
    let journal = s.0.join("shard-3/replications.journal");
    let whole = std::fs::read(&journal).unwrap();
    std::fs::write(&journal, &whole[..whole.len() - 10]).unwrap();
    refused(
        &merge(&["shard-1", "shard-2", "shard-3"]),
        &[
            "shard-3/replications.journal: cut short: ",
            "so the folder is not whole",
            "`authsim run --resume shard-3` plays what it lost again",
        ],
    );
    // A shard whose run was cut short has no list and lacks replications.
    std::fs::remove_file(s.0.join("shard-3/files.json")).unwrap();
    refused(
        &merge(&["shard-1", "shard-2", "shard-3"]),
        &[
            "shard 3/3 lacks 1 of its replications 4–6 (",
            "authsim run --resume shard-3",
        ],
    );
    ok(s.authsim(&["run", "--resume", "shard-3", "--quiet"]));
    assert_eq!(std::fs::read(&journal).unwrap(), whole, "played again");
    // One stopped as it finished has them all, but not the list.
    std::fs::remove_file(s.0.join("shard-2/files.json")).unwrap();
    refused(
        &merge(&["shard-1", "shard-2", "shard-3"]),
        &[
            "shard-2: shard 2/3 holds its every replication but not the list of its files (files.json)",
            "`authsim run --resume shard-2` finishes it",
        ],
    );
    ok(s.authsim(&["run", "--resume", "shard-2", "--quiet"]));
    // A manifest edited since the shard was played.
    let manifest = s.read("shard-1/shard.json");
    s.write(
        "shard-1/shard.json",
        &manifest.replacen("users = 300", "users = 301", 1),
    );
    refused(
        &merge(&["shard-1", "shard-2", "shard-3"]),
        &[
            "shard-1/shard.json: `request.source` gives a scenario whose hash is not its `fingerprint`",
            "put shard.json back as the run wrote it",
        ],
    );
    s.write("shard-1/shard.json", &manifest);
    ok(merge(&["shard-1", "shard-2", "shard-3"]));
    assert!(!s.0.join("merged/incomplete.json").exists());
}

#[test]
fn a_shard_says_where_it_went_in_json() {
    let s = scratch("json");
    let o = ok(s.authsim(&["run", "s.toml", "--shard", "2/3", "--json"]));
    let said: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(said["shard"], "2/3");
    assert_eq!(said["replications"], serde_json::json!([2, 4]));
    let folder = said["folder"].as_str().unwrap();
    assert!(s.0.join(folder).join("shard.json").is_file(), "{folder}");
}

#[test]
fn a_shard_must_have_replications_to_play() {
    let s = scratch("split");
    let cases: [(&[&str], &str); 4] = [
        (&["run", "s.toml", "--shard", "8/7"], "K from 1 to N"),
        (&["run", "s.toml", "--shard", "0/7"], "K from 1 to N"),
        (
            &["run", "s.toml", "--shard", "8/8"],
            "only 7 replications to share; give at most 7 shards",
        ),
        (
            &["run", "s.toml", "--shard", "1/2", "--precision", "0.1"],
            "cannot be used with",
        ),
    ];
    for (args, needle) in cases {
        refused(&s.authsim(args), &[needle]);
    }
    assert_eq!(
        s.entries(),
        ["s.toml".to_string()].into(),
        "nothing written"
    );
}
