//! One fuzz case: a scenario's text read by the library loader and, where it
//! loads, size-checked, analysed and (when small) simulated, in a thread of its
//! own under a time limit, so that a panic or a hang fails the test and prints
//! the input that caused it, ready to add to `tests/malformed/`.

use authsim::analysis::{self, DEFAULT_ORDER};
use authsim::error::Error;
use authsim::model::worlds;
use authsim::montecarlo::run;
use authsim::montecarlo::size::RunSize;
use authsim::scenario::{load, load_str};
use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

/// What one case may take, on a loaded 2-core machine: anything longer is a hang.
pub const LIMIT: Duration = Duration::from_secs(2);
/// Runs of at most this many events (and user-days) are simulated, in a tenth of
/// a second or so, client retries on top; larger ones are only analysed.
const SIMULATED_EVENTS: f64 = 1e6;
const SIMULATED_USER_DAYS: f64 = 2e4;
/// The name every message gives the input.
pub const FILE: &str = "fuzz.toml";

/// How far a case got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// The loader refused it with a located message.
    Refused,
    /// It loaded and was analysed; the run-size check refused to simulate it.
    TooLarge,
    /// It loaded and was analysed, but is too large to simulate inside `LIMIT`.
    Analysed,
    /// It loaded, was analysed and was simulated.
    Simulated,
}

/// Runs the case `name` on `bytes`; panics with the input on a panic or a hang.
pub fn check(name: &str, bytes: Vec<u8>) -> Outcome {
    let input = bytes.clone();
    let (sender, receiver) = mpsc::channel();
    // The binary's main thread has 8 MiB of stack; a case gets as much.
    let worker = thread::Builder::new()
        .name(name.to_string())
        .stack_size(8 << 20)
        .spawn(move || sender.send(exercise(bytes)))
        .unwrap();
    match receiver.recv_timeout(LIMIT) {
        Ok(outcome) => outcome,
        Err(RecvTimeoutError::Timeout) => {
            panic!("case {name} ran past {LIMIT:?} on {}", keep(name, &input))
        }
        Err(RecvTimeoutError::Disconnected) => {
            let payload = worker
                .join()
                .expect_err("a worker that sent nothing panicked");
            let why = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!("case {name} panicked ({why}) on {}", keep(name, &input))
        }
    }
}

/// Writes the case's input where a failure can point at it, and returns how to
/// show it: the file's path and the input's first lines.
fn keep(name: &str, bytes: &[u8]) -> String {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-cases");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{}.toml", name.replace(['/', '#'], "-")));
    std::fs::write(&file, bytes).unwrap();
    let text = String::from_utf8_lossy(bytes);
    let head: String = text.chars().take(1500).collect();
    format!("{} (written whole there):\n{head}", file.display())
}

/// Text goes to `load_str`; bytes that are not UTF-8 go through a file to `load`,
/// which reads them as the binary does.
fn exercise(bytes: Vec<u8>) -> Outcome {
    let file = Path::new(FILE);
    let loaded = match String::from_utf8(bytes) {
        Ok(text) => load_str(&text, file),
        Err(e) => {
            let dir = std::env::temp_dir().join(format!(
                "authsim-fuzz-{}-{:?}",
                std::process::id(),
                thread::current().id()
            ));
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join(FILE);
            std::fs::write(&path, e.as_bytes()).unwrap();
            let loaded = load(&path);
            let _ = std::fs::remove_dir_all(&dir);
            loaded
        }
    };
    let plan = match loaded {
        Ok(plan) => plan,
        Err(e) => {
            assert_located(&e);
            return Outcome::Refused;
        }
    };
    let worlds = worlds(&plan);
    for world in &worlds {
        if let Err(e) = analysis::analyze(world, DEFAULT_ORDER) {
            assert_located(&e.in_file(Path::new(FILE)));
        }
    }
    let size = RunSize::of(&worlds, plan.replications());
    if let Err(e) = size.check(file, false) {
        assert_located(&e);
        return Outcome::TooLarge;
    }
    if size.events > SIMULATED_EVENTS || size.user_days > SIMULATED_USER_DAYS {
        return Outcome::Analysed;
    }
    let result = run(&worlds, plan.seed(), plan.replications(), &|| {});
    assert_eq!(result.variants.len(), worlds.len());
    Outcome::Simulated
}

/// A refusal names the scenario and says what is wrong on one line.
fn assert_located(e: &Error) {
    let Error::Scenario(located) = e else {
        panic!("a scenario refused with a {e:?}, not a scenario error");
    };
    assert!(
        located.file.ends_with(FILE),
        "the message names {:?}",
        located.file
    );
    assert!(
        !located.message.trim().is_empty() && !located.message.contains('\n'),
        "a refusal is one line: {:?}",
        located.message
    );
}
