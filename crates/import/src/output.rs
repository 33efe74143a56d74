//! Files written whole or not at all: each goes to a hidden file beside its
//! target and is renamed over it only once everything has been written; an
//! existing target is refused unless forced.

use authsim_core::error::Error;
use std::path::{Path, PathBuf};

/// Refuses `targets` that exist, unless `force`.
pub fn refuse_existing(targets: &[&Path], force: bool) -> Result<(), Error> {
    match targets.iter().find(|t| t.exists()).filter(|_| !force) {
        Some(t) => Err(Error::Usage(format!(
            "{} exists: give --force to overwrite it, or another name",
            t.display()
        ))),
        None => Ok(()),
    }
}

/// A file being written: removed unless `commit` renames it to its target.
#[derive(Debug)]
pub struct Staged {
    pub temporary: PathBuf,
    target: PathBuf,
    done: bool,
}

impl Staged {
    /// A temporary name in `target`'s folder (a rename stays on one disk).
    pub fn beside(target: &Path) -> Staged {
        let name = target
            .file_name()
            .map_or("out".into(), |n| n.to_string_lossy().into_owned());
        let temporary = target.with_file_name(format!(".{name}.{}.partial", std::process::id()));
        Staged {
            temporary,
            target: target.to_path_buf(),
            done: false,
        }
    }

    pub fn write(target: &Path, bytes: &[u8]) -> Result<Staged, Error> {
        let s = Staged::beside(target);
        std::fs::write(&s.temporary, bytes).map_err(Error::write(&s.temporary))?;
        Ok(s)
    }

    pub fn commit(mut self) -> Result<(), Error> {
        std::fs::rename(&self.temporary, &self.target).map_err(Error::write(&self.target))?;
        self.done = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.temporary);
        }
    }
}
