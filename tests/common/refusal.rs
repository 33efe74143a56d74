//! Running `authsim run` on a bad input and checking how it is refused: exit
//! code 2, one located message, no panic, and no run folder left behind.

use super::Scratch;
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

/// A minimal valid scenario; each bad case is a small edit of it.
pub const BASE: &str = r#"[simulation]
horizon = "3d"
warmup = "1d"
replications = 2
[policy]
mfa = "never"
[components.token_service]
[methods.password]
factor = "first"
requires = []
[apps.mail]
[cohorts.staff]
users = 10
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password"] }]
"#;

/// The scenario's name as passed on the command line (relative to the scratch dir).
pub const FILE: &str = "scenario.toml";
/// The `--out` folder every run asks for.
pub const OUT: &str = "run-folder";

/// What one `authsim run` left behind.
pub struct Outcome {
    pub scratch: Scratch,
    pub code: Option<i32>,
    pub stderr: String,
}

/// Runs `authsim run <scenario> --out run-folder <args>` in a fresh scratch dir,
/// after `prepare` has put its files there.
pub fn authsim(test: &str, scenario: &str, args: &[&str], prepare: impl FnOnce(&Path)) -> Outcome {
    authsim_command(test, &["run"], scenario, args, prepare)
}

/// Runs `authsim <command...> <scenario> --out run-folder <args>` as `authsim` does.
pub fn authsim_command(
    test: &str,
    command: &[&str],
    scenario: &str,
    args: &[&str],
    prepare: impl FnOnce(&Path),
) -> Outcome {
    let scratch = Scratch::new("refusal", test);
    prepare(&scratch.0);
    let mut full = command.to_vec();
    full.extend([scenario, "--out", OUT]);
    full.extend(args);
    let output = scratch.authsim(&full);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    Outcome {
        scratch,
        code: output.status.code(),
        stderr,
    }
}

/// `authsim run scenario.toml` on this text.
pub fn run_toml(test: &str, toml: &str, args: &[&str]) -> Outcome {
    authsim(test, FILE, args, |dir| {
        fs::write(dir.join(FILE), toml).unwrap()
    })
}

/// BASE with `from` (which must occur exactly once) replaced by `to`.
pub fn edit(from: &str, to: &str) -> String {
    assert_eq!(
        BASE.matches(from).count(),
        1,
        "{from:?} must occur once in BASE"
    );
    BASE.replacen(from, to, 1)
}

/// BASE plus one variant whose only override is `set_line`.
pub fn with_variant(set_line: &str) -> String {
    format!("{BASE}\n[[variant]]\nname = \"v\"\n{set_line}\n")
}

/// `FILE:LINE:COLUMN: ` of the one place `needle` occurs in `text` (1-based).
pub fn at(text: &str, needle: &str) -> String {
    assert_eq!(
        text.matches(needle).count(),
        1,
        "{needle:?} must occur once in the scenario"
    );
    let offset = text.find(needle).unwrap();
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = offset - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    format!("{FILE}:{line}:{column}: ")
}

/// Exit code 2, a single `error: ` line containing every `needle`, no panic,
/// and nothing left in the scratch dir but what the test put there.
pub fn assert_refused(out: &Outcome, needles: &[&str], before: &[&str]) {
    let err = &out.stderr;
    assert_eq!(out.code, Some(2), "exit code, stderr:\n{err}");
    assert!(!err.contains("panicked"), "panic:\n{err}");
    assert!(
        err.starts_with("error: "),
        "stderr must start with `error: `:\n{err}"
    );
    assert_eq!(
        err.trim_end().lines().count(),
        1,
        "one message expected:\n{err}"
    );
    for needle in needles {
        assert!(err.contains(needle), "stderr lacks {needle:?}:\n{err}");
    }
    let left: BTreeSet<String> = before.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        out.scratch.entries(),
        left,
        "a run folder (or a .{OUT}.partial-* staging folder) was left behind"
    );
}

/// The common case: a bad `scenario.toml`, so only it may remain and `--out` must not exist.
pub fn assert_bad_scenario(out: &Outcome, needles: &[&str]) {
    assert_refused(out, needles, &[FILE]);
    assert!(!out.scratch.0.join(OUT).exists());
}
