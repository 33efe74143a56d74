//! Ctrl-C (or a termination signal) while a folder is being written. A staging
//! folder (merge, analyze) is removed, so no hidden folder is left behind; a run
//! killed outright leaves one that the next run beside it sweeps away. An
//! unfinished run or shard folder is kept, since it holds every replication
//! finished so far, and authsim says how to go on with it. Finishing a folder
//! takes the same lock as the handler, so an interrupt never catches it half
//! done. A long step that writes nothing (drawing charts and the report in
//! memory) ends at once, saying what was kept; one that writes files a user
//! may already have (the charts and report) is polled: the signal asks it to
//! stop, it stops between two files, and authsim says what was kept.

use authsim::error::Error;
use authsim::export::folder::Staging;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, Once};
use std::time::Duration;

enum Guarded {
    Staging(PathBuf),
    Unfinished(PathBuf),
    /// Nothing is being written: what to say was kept.
    Said(String),
    /// A step that polls `ASKED`.
    Polled,
}

static GUARDED: Mutex<Option<Guarded>> = Mutex::new(None);
/// Whether a signal asked the polled step to stop.
static ASKED: AtomicBool = AtomicBool::new(false);

/// For tests of an interrupt: where set, a polled step's first poll creates this
/// file and waits for the signal, so that the signal certainly finds it under way.
const MARKER: &str = "AUTHSIM_TEST_INTERRUPT_MARKER";

fn guarded() -> MutexGuard<'static, Option<Guarded>> {
    GUARDED.lock().unwrap_or_else(|e| e.into_inner())
}

fn guard(what: Guarded) {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Without a handler a signal still ends authsim: the folder stays as a kill leaves it.
        let _ = ctrlc::set_handler(|| {
            // Held until the process ends (unless polled): nothing is finished after this.
            let held = guarded();
            match held.as_ref() {
                Some(Guarded::Polled) => {
                    ASKED.store(true, Ordering::SeqCst);
                    return;
                }
                Some(Guarded::Said(kept)) => stopped(kept),
                Some(Guarded::Staging(dir)) => {
                    // A file may appear while the folder is emptied: try again.
                    for _ in 0..5 {
                        if std::fs::remove_dir_all(dir).is_ok() || !dir.exists() {
                            break;
                        }
                    }
                }
                Some(Guarded::Unfinished(dir)) => stopped(&format!(
                    "the replications finished so far are kept in {0}; `authsim run --resume {0}` goes on from there",
                    dir.display()
                )),
                None => {}
            }
            std::process::exit(130);
        });
    });
    *guarded() = Some(what);
}

/// Says what an interrupted command kept, and ends authsim as a signal does (130).
pub fn stopped(kept: &str) -> ! {
    let _ = writeln!(std::io::stderr(), "\ninterrupted: {kept}");
    std::process::exit(130)
}

/// From now on, while nothing is written, an interrupt ends authsim at once
/// saying what was `kept`.
pub fn ends_saying(kept: String) {
    guard(Guarded::Said(kept));
}

/// Runs `step` with a check it polls between the files it writes, which turns
/// true once a signal asks it to stop. Stopped, or asked to stop after its last
/// poll, authsim ends saying what was `kept`.
pub fn polled<T>(
    step: impl FnOnce(&dyn Fn() -> bool) -> Result<T, Error>,
    kept: &str,
) -> Result<T, Error> {
    guard(Guarded::Polled);
    let marker = std::env::var_os(MARKER);
    let first = Once::new();
    let asked = || {
        if let Some(file) = &marker {
            first.call_once(|| {
                let _ = std::fs::write(file, "");
                while !ASKED.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(5));
                }
            });
        }
        ASKED.load(Ordering::SeqCst)
    };
    let done = step(&asked);
    *guarded() = None;
    match done {
        Err(Error::Interrupted) => stopped(kept),
        Ok(_) if ASKED.load(Ordering::SeqCst) => stopped(kept),
        done => done,
    }
}

/// A staging folder an interrupt removes.
pub struct Protected(Option<Staging>);

impl Protected {
    pub fn new(staging: Staging) -> Self {
        guard(Guarded::Staging(staging.path().to_path_buf()));
        Protected(Some(staging))
    }

    pub fn path(&self) -> &Path {
        self.0.as_ref().expect("not yet published").path()
    }

    /// Moves the finished folder into place, where an interrupt no longer reaches it.
    pub fn publish(mut self) -> Result<PathBuf, Error> {
        let mut held = guarded();
        let published = self.0.take().expect("published once").publish();
        *held = None;
        published
    }
}

/// An unfinished folder an interrupt leaves for `--resume`.
pub struct Resumable;

impl Resumable {
    pub fn new(dir: &Path) -> Self {
        guard(Guarded::Unfinished(dir.to_path_buf()));
        Resumable
    }

    /// Finishes the folder with `finish`, which an interrupt waits for; once it
    /// is finished, an interrupt ends authsim saying what was `kept`.
    pub fn finish<T>(
        self,
        finish: impl FnOnce() -> Result<T, Error>,
        kept: String,
    ) -> Result<T, Error> {
        let mut held = guarded();
        let done = finish();
        if done.is_ok() {
            *held = Some(Guarded::Said(kept));
        }
        done
    }
}

impl Drop for Protected {
    fn drop(&mut self) {
        *guarded() = None;
    }
}

impl Drop for Resumable {
    /// A folder left unfinished (the run failed) is no longer guarded; a
    /// finished one leaves what an interrupt then says.
    fn drop(&mut self) {
        let mut held = guarded();
        if matches!(*held, Some(Guarded::Unfinished(_))) {
            *held = None;
        }
    }
}
