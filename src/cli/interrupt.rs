//! Ctrl-C (or a termination signal) while a run folder is being written removes
//! the half-written staging folder before authsim exits, so no hidden folder is
//! left behind; a run killed outright leaves one that the next run sweeps away.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

static STAGING: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Installs the handler once; until then a signal ends authsim as usual.
pub fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Without a handler a signal still ends authsim, and the next run sweeps up.
        let _ = ctrlc::set_handler(|| {
            if let Some(dir) = STAGING.lock().map_or(None, |mut s| s.take()) {
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

/// While the guard lives, an interrupt removes `dir`.
pub struct Guard;

pub fn protect(dir: &Path) -> Guard {
    if let Ok(mut staging) = STAGING.lock() {
        *staging = Some(dir.to_path_buf());
    }
    Guard
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Ok(mut staging) = STAGING.lock() {
            *staging = None;
        }
    }
}
