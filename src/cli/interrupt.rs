//! Ctrl-C (or a termination signal) while a run is going removes its staging
//! folder before authsim exits, so no hidden folder is left behind; a run killed
//! outright leaves one that the next run beside it sweeps away. Publishing takes
//! the same lock as the handler, so an interrupt never empties a published folder.

use authsim::error::Error;
use authsim::export::folder::Staging;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

static STAGING: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Installs the handler once; until then a signal ends authsim as usual.
fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Without a handler a signal still ends authsim, and the next run sweeps up.
        let _ = ctrlc::set_handler(|| {
            // Held until the process ends: nothing is published after this.
            let staging = STAGING.lock();
            if let Some(dir) = staging.ok().and_then(|s| s.clone()) {
                // A file may appear while the folder is emptied: try again.
                for _ in 0..5 {
                    if std::fs::remove_dir_all(&dir).is_ok() || !dir.exists() {
                        break;
                    }
                }
            }
            std::process::exit(130);
        });
    });
}

/// A staging folder an interrupt removes.
pub struct Protected(Option<Staging>);

impl Protected {
    pub fn new(staging: Staging) -> Self {
        install();
        if let Ok(mut current) = STAGING.lock() {
            *current = Some(staging.path().to_path_buf());
        }
        Protected(Some(staging))
    }

    pub fn path(&self) -> &Path {
        self.0.as_ref().expect("not yet published").path()
    }

    /// Moves the finished folder into place, where an interrupt no longer reaches it.
    pub fn publish(mut self) -> Result<PathBuf, Error> {
        let mut current = STAGING.lock().unwrap_or_else(|e| e.into_inner());
        let published = self.0.take().expect("published once").publish();
        *current = None;
        published
    }
}

impl Drop for Protected {
    fn drop(&mut self) {
        if let Ok(mut current) = STAGING.lock() {
            *current = None;
        }
    }
}
