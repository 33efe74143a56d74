//! Ctrl-C (or a termination signal) while a folder is being written. A staging
//! folder (merge, analyze) is removed, so no hidden folder is left behind; a run
//! killed outright leaves one that the next run beside it sweeps away. An
//! unfinished run or shard folder is kept, since it holds every replication
//! finished so far, and authsim says how to go on with it. Finishing a folder
//! takes the same lock as the handler, so an interrupt never catches it half done.

use authsim::error::Error;
use authsim::export::folder::Staging;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, Once};

enum Guarded {
    Staging(PathBuf),
    Unfinished(PathBuf),
}

static GUARDED: Mutex<Option<Guarded>> = Mutex::new(None);

fn guarded() -> MutexGuard<'static, Option<Guarded>> {
    GUARDED.lock().unwrap_or_else(|e| e.into_inner())
}

fn guard(what: Guarded) {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Without a handler a signal still ends authsim: the folder stays as a kill leaves it.
        let _ = ctrlc::set_handler(|| {
            // Held until the process ends: nothing is finished after this.
            let held = guarded();
            match held.as_ref() {
                Some(Guarded::Staging(dir)) => {
                    // A file may appear while the folder is emptied: try again.
                    for _ in 0..5 {
                        if std::fs::remove_dir_all(dir).is_ok() || !dir.exists() {
                            break;
                        }
                    }
                }
                Some(Guarded::Unfinished(dir)) => {
                    let _ = writeln!(
                        std::io::stderr(),
                        "\ninterrupted: the replications finished so far are kept in {0}; `authsim run --resume {0}` goes on from there",
                        dir.display()
                    );
                }
                None => {}
            }
            std::process::exit(130);
        });
    });
    *guarded() = Some(what);
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

    /// Finishes the folder with `finish`, which an interrupt waits for.
    pub fn finish<T>(self, finish: impl FnOnce() -> T) -> T {
        let mut held = guarded();
        let done = finish();
        *held = None;
        done
    }
}

impl Drop for Protected {
    fn drop(&mut self) {
        *guarded() = None;
    }
}

impl Drop for Resumable {
    fn drop(&mut self) {
        *guarded() = None;
    }
}
