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

/// The two files `authsim import` writes, checked before anything is read:
/// each in a folder that exists, neither a folder nor an input, not the
/// same file twice, and none existing unless `force`. Everything here the
/// user can fix, so each refusal is a usage error (exit 2).
pub fn check_targets(
    out: &Path,
    report: &Path,
    inputs: &[&Path],
    force: bool,
) -> Result<(), Error> {
    let usage = |m: String| Err(Error::Usage(m));
    for (flag, t) in [("--out", out), ("--report", report)] {
        let folder = match t.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if !folder.is_dir() {
            return usage(format!(
                "{flag} {}: the folder {} does not exist; create it or name another",
                t.display(),
                folder.display()
            ));
        }
        if t.is_dir() {
            return usage(format!("{flag} {} is a folder: name a file", t.display()));
        }
        if let Some(i) = inputs.iter().find(|i| same_file(t, i)) {
            return usage(format!(
                "{flag} {} is an input ({}): writing it would destroy the export; name another file",
                t.display(),
                i.display()
            ));
        }
    }
    if same_file(out, report) {
        return usage(format!(
            "--out and --report are the same file ({}): name two files",
            out.display()
        ));
    }
    refuse_existing(&[out, report], force)
}

/// The same file, by the canonical path of its folder and its name (so that
/// a file not yet written compares too).
pub fn same_file(a: &Path, b: &Path) -> bool {
    canonical(a) == canonical(b)
}

fn canonical(p: &Path) -> Option<PathBuf> {
    if let Ok(c) = p.canonicalize() {
        return Some(c);
    }
    let folder = match p.parent() {
        Some(f) if !f.as_os_str().is_empty() => f,
        _ => Path::new("."),
    };
    Some(folder.canonicalize().ok()?.join(p.file_name()?))
}
