//! `deploy/slurm/` on a real Slurm: `submit.sh --shards 3 --wait`, as it ships,
//! splits a run over a job array and merges it in a dependent job, and the merged
//! run folder equals the one a single `authsim run` writes, byte for byte, but
//! for the provenance that names the merge and its shards.
//!
//! Without a cluster (no `sinfo`, no configuration, or it fails) the Slurm tests
//! say why and pass, unless `AUTHSIM_REQUIRE_SLURM=1` (what `.ci/run` sets after
//! starting one with `deploy/slurm/local-cluster.sh start`): then they fail.
//! On a multi-node cluster the scratch folders under target/tmp must be on a
//! file system the nodes share.

mod common;
use common::bounded;
use common::cluster::{LIMIT, cluster_reachable, text};
use common::folders::{assert_same_run, files};
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const AUTHSIM: &str = env!("CARGO_BIN_EXE_authsim");
const SUBMIT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/slurm/submit.sh");
/// Two cohorts, two registration mixes and a variant, 10 replications: under a
/// second of simulation, and every file of a run folder.
const SCENARIO: &str = include_str!("cluster/sharded.toml");
/// Bound on a whole submission: the jobs take seconds; a stuck cluster fails here.
const SLURM_LIMIT: Duration = Duration::from_secs(150);

/// A scratch folder under target/tmp (seen by the jobs), kept when its test
/// fails so that the logs can be read, removed otherwise.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Self {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("slurm-{test}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("scenario.toml"), SCENARIO).unwrap();
        Scratch(dir.canonicalize().unwrap())
    }

    fn authsim(&self, args: &[&str]) -> Output {
        bounded(Command::new(AUTHSIM).args(args).current_dir(&self.0), LIMIT).unwrap()
    }

    /// `deploy/slurm/submit.sh ARGS` here, with this build of authsim; on a
    /// timeout its jobs (named JOB_NAME-shard, JOB_NAME-merge) are cancelled.
    fn submit(&self, job_name: &str, args: &[&str]) -> Output {
        let mut command = Command::new(SUBMIT);
        command
            .arg(format!("--job-name={job_name}"))
            .args(args)
            .current_dir(&self.0)
            .env("AUTHSIM", AUTHSIM);
        bounded(&mut command, SLURM_LIMIT).unwrap_or_else(|e| {
            for suffix in ["-shard", "-merge"] {
                let _ = bounded(
                    Command::new("scancel").arg(format!("--name={job_name}{suffix}")),
                    LIMIT,
                );
            }
            panic!("{e}\n{}", self.logs("work"))
        })
    }

    /// Every job log of the submission in WORKDIR, for a failure message.
    fn logs(&self, workdir: &str) -> String {
        let mut text = String::new();
        for (name, bytes) in files(&self.0.join(workdir).join("logs")) {
            text += &format!(
                "--- {workdir}/logs/{name}\n{}\n",
                String::from_utf8_lossy(&bytes)
            );
        }
        text
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("kept {} for a look", self.0.display());
        } else {
            let _ = fs::remove_dir_all(&self.0);
        }
    }
}

/// Three shards on Slurm and the dependent merge give, file for file, the run
/// folder of one `authsim run`.
#[test]
fn three_shards_on_slurm_merge_into_the_single_run() {
    if !cluster_reachable("three_shards_on_slurm_merge_into_the_single_run") {
        return;
    }
    let scratch = Scratch::new("merge");
    let job_name = format!("authsim-test-{}", std::process::id());
    let started = Instant::now();
    let submitted = scratch.submit(
        &job_name,
        &[
            "--shards",
            "3",
            "--wait",
            "--workdir",
            "work",
            "--",
            "scenario.toml",
        ],
    );
    assert!(
        submitted.status.success(),
        "submit.sh --wait exited {:?}:\n{}\n{}",
        submitted.status.code(),
        text(&submitted),
        scratch.logs("work")
    );
    eprintln!("3 shards and the merge on Slurm: {:.1?}", started.elapsed());

    let single = scratch.authsim(&["run", "scenario.toml", "--out", "single", "--quiet"]);
    assert!(
        single.status.success(),
        "authsim run failed: {}",
        text(&single)
    );

    assert_same_run(&scratch.0.join("single"), &scratch.0.join("work/run"));
    let merged = files(&scratch.0.join("work/run"));
    assert!(
        merged.contains_key("comparison.csv")
            && merged.contains_key("report.html")
            && merged.len() > 12
    );

    // The provenance names the merge and exactly the three shards.
    let work = scratch.0.join("work");
    let shards: Vec<String> = (1..=3)
        .map(|k| work.join(format!("shards/{k}")).display().to_string())
        .collect();
    let summary: Value = serde_json::from_slice(&merged["summary.json"]).unwrap();
    assert_eq!(
        summary["shards"],
        serde_json::json!(shards),
        "summary.json's shards"
    );
    assert_eq!(
        summary["command"][1], "merge",
        "summary.json's command: {}",
        summary["command"]
    );
    let report = String::from_utf8_lossy(&merged["report.html"]);
    assert!(
        shards.iter().all(|s| report.contains(s.as_str())),
        "report.html names the shards"
    );

    // Each array task wrote its shard and its exit status; the merge ran once.
    for k in 1..=3 {
        assert_eq!(
            fs::read_to_string(work.join(format!("status/shard-{k}")))
                .unwrap()
                .trim(),
            "0"
        );
        assert!(work.join(format!("shards/{k}/shard.json")).is_file());
    }
    assert_eq!(
        fs::read_to_string(work.join("status/merge"))
            .unwrap()
            .trim(),
        "0"
    );
}

/// Shard tasks cancelled mid-run (as a preempted job's are) keep the replications
/// they finished; submitting again with --resume resumes them, and the merged
/// folder is still the single run's.
#[test]
fn interrupted_shards_resume_on_resubmission() {
    if !cluster_reachable("interrupted_shards_resume_on_resubmission") {
        return;
    }
    let scratch = Scratch::new("resume");
    let job_name = format!("authsim-test-resume-{}", std::process::id());
    // 600 replications: a few seconds per shard, time enough to cancel it midway.
    let options = [
        "--shards",
        "2",
        "--workdir",
        "work",
        "scenario.toml",
        "--replications",
        "600",
    ];
    let submitted = scratch.submit(&job_name, &options);
    assert!(submitted.status.success(), "{}", text(&submitted));

    // Cancel the array once both shards have journalled a replication.
    let journals: Vec<PathBuf> = (1..=2)
        .map(|k| {
            scratch
                .0
                .join(format!("work/shards/{k}/replications.journal"))
        })
        .collect();
    let deadline = Instant::now() + SLURM_LIMIT;
    while !journals
        .iter()
        .all(|j| fs::metadata(j).is_ok_and(|m| m.len() > 0))
    {
        assert!(
            Instant::now() < deadline,
            "the shards never started:\n{}",
            scratch.logs("work")
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let cancel = bounded(
        Command::new("scancel").arg(format!("--name={job_name}-shard")),
        LIMIT,
    )
    .unwrap();
    assert!(cancel.status.success(), "scancel: {}", text(&cancel));
    // The merge is cancelled with them (its dependency can no longer be met).
    while {
        let queue = bounded(Command::new("squeue").args(["-h", "-o", "%j"]), LIMIT).unwrap();
        String::from_utf8_lossy(&queue.stdout).contains(&job_name)
    } {
        assert!(Instant::now() < deadline, "the cancelled jobs stay queued");
        std::thread::sleep(Duration::from_millis(100));
    }
    let logs = scratch.logs("work");
    assert!(
        logs.contains("interrupted: the replications finished so far are kept"),
        "{logs}"
    );
    assert!(!scratch.0.join("work/run").exists());

    let again: Vec<&str> = ["--resume", "--wait"].into_iter().chain(options).collect();
    let resumed = scratch.submit(&job_name, &again);
    let logs = scratch.logs("work");
    assert!(resumed.status.success(), "{}\n{logs}", text(&resumed));
    assert!(
        logs.contains("'run' '--resume'"),
        "the shards were resumed, not run again:\n{logs}"
    );

    let single = scratch.authsim(&[
        "run",
        "scenario.toml",
        "--replications",
        "600",
        "--out",
        "single",
        "--quiet",
    ]);
    assert!(
        single.status.success(),
        "authsim run failed: {}",
        text(&single)
    );
    for name in [
        "replications.csv",
        "summary.csv",
        "comparison.csv",
        "timeseries.csv",
    ] {
        assert!(
            fs::read(scratch.0.join("work/run").join(name)).unwrap()
                == fs::read(scratch.0.join("single").join(name)).unwrap(),
            "{name} of the resumed shards differs from the single run's"
        );
    }
}

/// A shard that fails cancels the merge, and `submit.sh --wait` says which shard
/// and exits with its code (sbatch --wait alone would exit 0 for the cancelled merge).
#[test]
fn a_failed_shard_on_slurm_fails_the_submission() {
    if !cluster_reachable("a_failed_shard_on_slurm_fails_the_submission") {
        return;
    }
    let scratch = Scratch::new("fail");
    let job_name = format!("authsim-test-fail-{}", std::process::id());
    // A seed out of range: every shard refuses it with exit 2, as bad input.
    let submitted = scratch.submit(
        &job_name,
        &[
            "--shards",
            "2",
            "--wait",
            "--workdir",
            "work",
            "scenario.toml",
            "--seed",
            "-1",
        ],
    );
    let said = text(&submitted);
    assert_eq!(
        submitted.status.code(),
        Some(2),
        "{said}\n{}",
        scratch.logs("work")
    );
    assert!(
        said.contains("shard 1/2 failed (exit 2)") && said.contains("logs/shard-1.out"),
        "{said}"
    );
    assert!(said.contains("the merge did not run"), "{said}");
    assert!(
        !scratch.0.join("work/run").exists(),
        "no run folder without every shard"
    );
    assert!(
        !scratch.0.join("work/status/merge").exists(),
        "the merge never ran"
    );
}

/// Without sbatch, submit.sh says so and how to get a cluster.
#[test]
fn submit_without_slurm_says_where_to_get_it() {
    let scratch = Scratch::new("nosbatch");
    // A PATH with the tools the script uses and no Slurm commands.
    let bin = scratch.0.join("bin");
    fs::create_dir(&bin).unwrap();
    for tool in ["bash", "dirname", "basename", "date", "mkdir", "rm", "sed"] {
        let found = bounded(
            Command::new("bash").args(["-c", &format!("command -v {tool}")]),
            LIMIT,
        )
        .unwrap();
        let path = String::from_utf8(found.stdout).unwrap();
        std::os::unix::fs::symlink(path.trim(), bin.join(tool)).unwrap();
    }
    let out = bounded(
        Command::new(SUBMIT)
            .args(["--shards", "3", "scenario.toml"])
            .current_dir(&scratch.0)
            .env("PATH", &bin),
        LIMIT,
    )
    .unwrap();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("sbatch not found") && said.contains("deploy/slurm/local-cluster.sh start"),
        "{said}"
    );
}

/// `--parallelism M` throttles the array to M shards at once: sbatch gets Slurm's
/// `--array=1-N%M` (none without it), the merge no array; M must be a positive
/// whole number. A stand-in sbatch records its arguments: no cluster needed.
#[test]
fn parallelism_throttles_the_shard_array() {
    use std::os::unix::fs::PermissionsExt;
    let scratch = Scratch::new("throttle");
    let bin = scratch.0.join("bin");
    fs::create_dir(&bin).unwrap();
    let log = scratch.0.join("sbatch.log");
    let sbatch = bin.join("sbatch");
    // One line per argument, a blank line after each call; a job id on stdout.
    fs::write(
        &sbatch,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" '' >>'{}'\necho 4242\n",
            log.display()
        ),
    )
    .unwrap();
    fs::set_permissions(&sbatch, fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    // submit.sh's `options`, then the scenario, then authsim's own `after` it.
    let submit_with = |workdir: &str, options: &[&str], after: &[&str]| {
        let _ = fs::remove_file(&log);
        let out = bounded(
            Command::new(SUBMIT)
                .args(["--workdir", workdir])
                .args(options)
                .arg("scenario.toml")
                .args(after)
                .current_dir(&scratch.0)
                .env("PATH", &path)
                .env("AUTHSIM", AUTHSIM),
            LIMIT,
        )
        .unwrap();
        let calls: Vec<Vec<String>> = fs::read_to_string(&log)
            .unwrap_or_default()
            .split("\n\n")
            .filter(|call| !call.is_empty())
            .map(|call| call.lines().map(str::to_owned).collect())
            .collect();
        (out, calls)
    };
    let submit = |workdir: &str, options: &[&str]| submit_with(workdir, options, &[]);

    for (shards, parallelism, array) in [
        (5, Some(2), "--array=1-5%2"),
        (3, None, "--array=1-3"),
        (2, Some(8), "--array=1-2%8"),
    ] {
        let shards = shards.to_string();
        let mut options = vec!["--shards", shards.as_str()];
        let m = parallelism.map(|m: u32| m.to_string());
        if let Some(m) = &m {
            options.extend(["--parallelism", m.as_str()]);
        }
        let (out, calls) = submit(&format!("work-{shards}"), &options);
        let said = text(&out);
        assert!(out.status.success(), "{options:?}: {said}");
        assert_eq!(calls.len(), 2, "the array and the merge: {calls:?}");
        let arrays = |call: &[String]| -> Vec<String> {
            call.iter()
                .filter(|a| a.starts_with("--array"))
                .cloned()
                .collect()
        };
        assert_eq!(arrays(&calls[0]), [array], "{options:?}: {:?}", calls[0]);
        assert!(arrays(&calls[1]).is_empty(), "the merge: {:?}", calls[1]);
        assert!(
            said.contains(&format!(
                "array {}",
                array.strip_prefix("--array=").unwrap()
            )),
            "{said}"
        );
    }

    for bad in ["0", "-1", "2x", "1.5"] {
        let (out, calls) = submit(
            "work-bad",
            &["--shards", "4", &format!("--parallelism={bad}")],
        );
        let said = text(&out);
        assert_eq!(out.status.code(), Some(2), "--parallelism={bad}: {said}");
        assert!(
            said.contains(&format!(
                "--parallelism must be a positive whole number (at most that many shards at once), got '{bad}'"
            )),
            "{said}"
        );
        assert!(calls.is_empty(), "nothing submitted: {calls:?}");
    }

    // Short flags are sorted as their long forms: -q to both, --format to the
    // merge (a shard writes no tables), -o refused as --out is.
    let (out, calls) = submit_with(
        "work-flags",
        &["--shards", "2"],
        &["-q", "--format", "parquet", "-n", "4"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let has = |call: &[String], arg: &str| call.iter().any(|a| a == arg);
    assert!(
        has(&calls[0], "-q") && has(&calls[0], "-n"),
        "{:?}",
        calls[0]
    );
    assert!(!has(&calls[0], "--format"), "{:?}", calls[0]);
    assert!(has(&calls[1], "-q"), "{:?}", calls[1]);
    let at = calls[1].iter().position(|a| a == "--format").unwrap();
    assert_eq!(calls[1][at + 1], "parquet", "{:?}", calls[1]);
    let (out, calls) = submit_with("work-out", &["--shards", "2"], &["-o", "elsewhere"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(calls.is_empty(), "nothing submitted: {calls:?}");
}
