//! A run stopped in any way (SIGKILL, Ctrl-C) keeps every replication it
//! finished, its folder marked unfinished, and `authsim run --resume` completes
//! it to exactly the folder the uninterrupted run writes, byte for byte.

mod common;

use common::folders::{assert_same_run, files, journal_records};
use common::{Scratch, stderr};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Forty replications of a fortnight of 20,000 users: seconds of work, so a
/// signal lands mid-way.
const SCENARIO: &str = r#"
description = "A run long enough to interrupt"
[simulation]
horizon = "14d"
warmup = "1d"
replications = 40
seed = 11
[components.token_service]
time_to_failure = { distribution = "exponential", mean = "5d" }
time_to_repair = { distribution = "exponential", mean = "2h" }
[methods.password]
factor = "first"
requires = ["token_service"]
[policy]
mfa = "never"
[apps.mail]
[cohorts.staff]
users = 20000
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password"] }]
[[variant]]
name = "8h tokens"
set.policy.access_token_lifetime = "8h"
"#;

const RUN: &[&str] = &["run", "s.toml", "--out", "run", "--no-charts", "--quiet"];
const LIMIT: Duration = Duration::from_secs(120);

/// The uninterrupted run, once for every test: the same command in another folder.
fn uninterrupted() -> &'static Path {
    static DONE: OnceLock<PathBuf> = OnceLock::new();
    DONE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("authsim-resume-whole-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("s.toml"), SCENARIO).unwrap();
        let mut command = Command::new(env!("CARGO_BIN_EXE_authsim"));
        command.args(RUN).current_dir(&dir);
        let o = common::run_within(&mut command, LIMIT);
        assert!(o.status.success(), "{}", stderr(&o));
        dir.join("run")
    })
}

fn scratch(test: &str) -> Scratch {
    let s = Scratch::new("resume", test);
    s.write("s.toml", SCENARIO);
    s
}

fn spawn(s: &Scratch, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_authsim"))
        .args(args)
        .current_dir(&s.0)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits until the run has recorded `n` replications, sends `signal`, and
/// returns how many were recorded just before, and how it ended.
fn signal_after(child: &mut Child, journal: &Path, n: usize, signal: &str) -> (usize, ExitStatus) {
    let start = Instant::now();
    let before = loop {
        let recorded = journal_records(journal);
        if recorded >= n {
            break recorded;
        }
        assert!(child.try_wait().unwrap().is_none(), "the run ended first");
        assert!(start.elapsed() < LIMIT, "no replication was recorded");
        std::thread::sleep(Duration::from_millis(2));
    };
    let status = common::signal_and_wait(child, signal, start, LIMIT);
    (before, status)
}

#[test]
fn a_killed_run_loses_only_the_replications_in_flight_and_resumes_to_the_same_folder() {
    let s = scratch("kill");
    let mut child = spawn(&s, RUN);
    let journal = s.0.join("run/replications.journal");
    let (before, status) = signal_after(&mut child, &journal, 3, "-KILL");
    assert_eq!(status.code(), None, "killed by the signal");
    let kept = journal_records(&journal);
    assert!(
        kept >= before,
        "{before} replications were recorded, {kept} kept"
    );
    assert!(kept < 40, "the run was not interrupted mid-way");
    assert!(
        s.0.join("run/incomplete.json").is_file(),
        "marked unfinished"
    );
    // Nothing reads it as a run's results.
    for args in [&["plot", "run"][..], &["compare", "run", "run"]] {
        let o = s.authsim(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&o).contains("authsim run --resume run"),
            "{}",
            stderr(&o)
        );
    }
    let o = s.authsim(&["run", "--resume", "run", "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_same_run(uninterrupted(), &s.0.join("run"));
    assert!(!s.0.join("run/replications.journal").exists());
}

#[test]
fn a_folder_whose_journal_was_lost_starts_its_replications_again() {
    let s = scratch("lost");
    let mut child = spawn(&s, RUN);
    let journal = s.0.join("run/replications.journal");
    signal_after(&mut child, &journal, 1, "-KILL");
    // What a crash of the machine before the journal reached the disk leaves.
    std::fs::remove_file(&journal).unwrap();
    let o = s.authsim(&["run", "--resume", "run", "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_same_run(uninterrupted(), &s.0.join("run"));
}

#[test]
fn ctrl_c_keeps_the_finished_replications_and_says_how_to_go_on() {
    let s = scratch("interrupt");
    let mut child = spawn(&s, RUN);
    let journal = s.0.join("run/replications.journal");
    let (_, status) = signal_after(&mut child, &journal, 2, "-INT");
    assert_eq!(status.code(), Some(130));
    let mut message = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut message).unwrap();
    assert!(
        message.contains("`authsim run --resume run` goes on from there"),
        "{message}"
    );
    assert!(journal_records(&journal) >= 2);
    let o = s.authsim(&["run", "--resume", "run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_same_run(uninterrupted(), &s.0.join("run"));
    // A second resume finds nothing to do and changes nothing.
    let o = s.authsim(&["run", "--resume", "run"]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("nothing to resume"));
    assert_same_run(uninterrupted(), &s.0.join("run"));
}

/// A run to a precision: at least 4 replications, then batches of 3 up to 40.
const PRECISION: &[&str] = &[
    "run",
    "s.toml",
    "--out",
    "run",
    "--quiet",
    "--no-charts",
    "--replications",
    "4",
    "--precision",
    "0.05",
    "--max-replications",
    "40",
    "--batch",
    "3",
];

#[test]
fn a_precision_run_resumes_to_the_same_stopping_point() {
    let args = PRECISION;
    let whole = scratch("precision-whole");
    let o = whole.authsim(args);
    assert!(o.status.success(), "{}", stderr(&o));
    let summary = whole.read("run/summary.json");
    assert!(!summary.contains("\"precision\": null"), "a precision run");
    let s = scratch("precision");
    let mut child = spawn(&s, args);
    signal_after(
        &mut child,
        &s.0.join("run/replications.journal"),
        5,
        "-KILL",
    );
    let o = s.authsim(&["run", "--resume", "run", "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_same_run(&whole.0.join("run"), &s.0.join("run"));
}

#[test]
fn a_folder_another_process_is_writing_is_not_resumed() {
    let s = scratch("busy");
    let mut child = spawn(&s, RUN);
    let journal = s.0.join("run/replications.journal");
    let start = Instant::now();
    while !journal.exists() {
        assert!(start.elapsed() < LIMIT);
        std::thread::sleep(Duration::from_millis(1));
    }
    let o = s.authsim(&["run", "--resume", "run"]);
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("another authsim process is writing"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn resume_refuses_what_it_cannot_go_on_with() {
    let s = scratch("refusals");
    std::fs::create_dir(s.0.join("empty")).unwrap();
    let cases: [(&[&str], &str); 3] = [
        (&["run", "--resume", "nowhere"], "not a folder"),
        (
            &["run", "--resume", "empty"],
            "not an authsim run or shard folder",
        ),
        (
            &["run", "s.toml", "--resume", "empty"],
            "cannot be used with",
        ),
    ];
    for (args, needle) in cases {
        let o = s.authsim(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(needle), "{args:?}: {}", stderr(&o));
    }
    // Another version's replications may differ: never mixed in.
    let mut child = spawn(&s, RUN);
    signal_after(
        &mut child,
        &s.0.join("run/replications.journal"),
        1,
        "-KILL",
    );
    let manifest = s.read("run/incomplete.json");
    let version = format!("\"authsim_version\": \"{}\"", env!("CARGO_PKG_VERSION"));
    assert!(manifest.contains(&version));
    s.write(
        "run/incomplete.json",
        &manifest.replace(&version, "\"authsim_version\": \"0.0.1\""),
    );
    let o = s.authsim(&["run", "--resume", "run"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("written by authsim 0.0.1"),
        "{}",
        stderr(&o)
    );
}

/// A copy of the folder `run` as `to`, its manifest with `from` (which must
/// occur once) replaced by `with`.
fn edited(s: &Scratch, to: &str, from: &str, with: &str) {
    let manifest = s.read("run/incomplete.json");
    assert_eq!(manifest.matches(from).count(), 1, "{from}");
    std::fs::create_dir(s.0.join(to)).unwrap();
    for (name, bytes) in files(&s.0.join("run")) {
        std::fs::write(s.0.join(to).join(name), bytes).unwrap();
    }
    s.write(
        &format!("{to}/incomplete.json"),
        &manifest.replace(from, with),
    );
}

/// Refused by name, exit 2, and the folder left byte for byte as it was: every
/// replication its journal holds is kept.
fn refused_untouched(s: &Scratch, folder: &str, needles: &[&str]) {
    let before = files(&s.0.join(folder));
    let o = s.authsim(&["run", "--resume", folder]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{folder}: {err}");
    assert!(
        err.starts_with("error: ") && err.trim_end().lines().count() == 1,
        "{err}"
    );
    for needle in needles {
        assert!(err.contains(needle), "{folder}: {needle:?} not in: {err}");
    }
    assert_eq!(files(&s.0.join(folder)), before, "{folder} was changed");
}

#[test]
fn a_manifest_edited_since_its_run_started_is_refused_and_the_journal_kept() {
    let s = scratch("edited");
    let mut child = spawn(&s, RUN);
    signal_after(
        &mut child,
        &s.0.join("run/replications.journal"),
        3,
        "-KILL",
    );
    let cases = [
        (
            "source",
            "users = 20000",
            "users = 20001",
            "`request.source` gives a scenario whose hash is not its `fingerprint`",
        ),
        (
            "replications",
            "\"replications\": 40",
            "\"replications\": 2",
            "`replications` is 2 where its `request` gives 40",
        ),
        (
            "seed",
            "\"seed\": 11",
            "\"seed\": 12",
            "`seed` is 12 where its `request` gives 11",
        ),
    ];
    for (folder, from, with, needle) in cases {
        edited(&s, folder, from, with);
        let file = format!("{folder}/incomplete.json: ");
        let what = "put incomplete.json back as the run wrote it";
        refused_untouched(&s, folder, &[&file, needle, what]);
    }
    // Put back, the manifest goes on from every replication the journal kept.
    s.write(
        "replications/incomplete.json",
        &s.read("run/incomplete.json"),
    );
    let o = s.authsim(&["run", "--resume", "replications", "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_same_run(uninterrupted(), &s.0.join("replications"));
}

#[test]
fn a_manifest_that_plays_fewer_replications_than_its_journal_holds_is_refused() {
    let s = scratch("fewer");
    let mut child = spawn(&s, PRECISION);
    signal_after(
        &mut child,
        &s.0.join("run/replications.journal"),
        8,
        "-KILL",
    );
    // Both fields that say how many, edited alike: only the journal tells.
    let manifest = s.read("run/incomplete.json");
    s.write(
        "run/incomplete.json",
        &manifest.replace("\"max_replications\": 40", "\"max_replications\": 5"),
    );
    edited(&s, "fewer", "\"replications\": 40", "\"replications\": 5");
    refused_untouched(
        &s,
        "fewer",
        &[
            "fewer/replications.journal: holds replications ",
            "outside the replications 0–4 its folder's manifest now plays",
            "going on would lose them",
        ],
    );
}
