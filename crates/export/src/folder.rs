//! Folders a command writes, never over an existing one: written into a hidden
//! staging folder beside the target and renamed into place when whole (a run's
//! when it can be resumed, see `unfinished`; a merge's or an analysis's when
//! complete). A staging folder holds a lock while its
//! writer lives; one whose lock is free was left by a killed run and is removed by
//! the next run that writes beside it.

use authsim_core::error::Error;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Where run folders go when `--out` names none (the command line's default
/// for `--results-dir`).
pub const RESULTS: &str = "results";
const PARTIAL: &str = ".partial-";
const LOCK: &str = ".lock";
/// A staging folder untouched this long, and unlocked, was left by a killed run.
const STALE: Duration = Duration::from_secs(60);

/// Picks the run folder before anything is simulated, so a clash fails fast:
/// `out`, else a new folder under `results`.
pub fn choose(out: Option<&Path>, results: &Path, name: &str, seed: u64) -> Result<PathBuf, Error> {
    if let Some(out) = out {
        let out = &lexical(out);
        if out.exists() || out.is_symlink() {
            return Err(Error::Usage(format!(
                "{} already exists; authsim never overwrites a run: choose another --out",
                out.display()
            )));
        }
        return Ok(out.to_path_buf());
    }
    let stem = format!("{name}-seed{seed}-{}", utc_stamp(SystemTime::now()));
    let base = results;
    let mut candidate = base.join(&stem);
    let mut n = 2;
    while candidate.exists() {
        candidate = base.join(format!("{stem}-{n}"));
        n += 1;
    }
    Ok(candidate)
}

/// `a/../b` as `b`, so no folder is made only to be stepped out of.
pub fn lexical(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Why a folder cannot be made there, and which flag chose the place: `--out`,
/// or where authsim named it, `--results-dir`.
fn unusable(path: &Path, named_here: bool) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.to_path_buf();
    let flag = match named_here {
        true => "--results-dir (or --out)",
        false => "--out",
    };
    move |e| {
        Error::Usage(format!(
            "cannot write the run folder there ({}: {e}); choose another {flag}",
            path.display()
        ))
    }
}

/// A run folder being written. Dropped unpublished, it removes itself.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    /// A folder authsim named: on a clash at the end it takes the next free name.
    named_here: bool,
    /// Held while this process writes: the mark of a live staging folder.
    _lock: File,
    published: bool,
}

impl Staging {
    /// A hidden sibling of `target` to write into, after removing stale ones;
    /// `named_here` when authsim chose the name (no `--out`).
    pub fn new(target: &Path, named_here: bool) -> Result<Staging, Error> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(unusable(parent, named_here))?;
        remove_stale(parent);
        // The folder's own name in its staging name, shortened to fit a file name.
        let name: String = target
            .file_name()
            .map_or("run".into(), |n| n.to_string_lossy().into_owned())
            .chars()
            .take(100)
            .collect();
        let dir = parent.join(format!(".{name}{PARTIAL}{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(unusable(&dir, named_here))?;
        }
        fs::create_dir(&dir).map_err(unusable(&dir, named_here))?;
        let lock_path = dir.join(LOCK);
        let lock = File::create(&lock_path).map_err(unusable(&lock_path, named_here))?;
        // Where the file system cannot lock, the folder only ages: sweepers leave
        // alone what they cannot lock themselves.
        let _ = lock.try_lock();
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            named_here,
            _lock: lock,
            published: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Moves the finished folder into place. If its name was taken meanwhile, a
    /// name authsim chose becomes the next free one; a name the user gave is
    /// refused, and nothing is written over what is there.
    pub fn publish(mut self) -> Result<PathBuf, Error> {
        let mut target = self.target.clone();
        let mut n = 2;
        while target.exists() {
            if !self.named_here {
                return Err(Error::Usage(format!(
                    "{} appeared while the run was going; the results were not written over it",
                    target.display()
                )));
            }
            target = PathBuf::from(format!("{}-{n}", self.target.display()));
            n += 1;
        }
        let lock = self.dir.join(LOCK);
        fs::remove_file(&lock).map_err(Error::write(&lock))?;
        fs::rename(&self.dir, &target).map_err(Error::write(&target))?;
        self.published = true;
        Ok(target)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.published {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Removes staging folders in `parent` whose writer is gone: named as authsim
/// names them, holding authsim's lock file with no one holding the lock, and last
/// touched over a minute ago (so one being set up is never taken).
fn remove_stale(parent: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let pid = name.rsplit_once(PARTIAL).map(|(_, pid)| pid);
        if !(name.starts_with('.')
            && pid.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())))
        {
            continue;
        }
        let dir = entry.path();
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().unwrap_or_default() > STALE);
        let abandoned = File::open(dir.join(LOCK)).is_ok_and(|lock| lock.try_lock().is_ok());
        if old && abandoned {
            let _ = fs::remove_dir_all(&dir);
        }
    }
}

/// `YYYYMMDD-HHMMSS` in UTC.
fn utc_stamp(now: SystemTime) -> String {
    let secs = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    format!(
        "{y:04}{m:02}{d:02}-{:02}{:02}{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// Gregorian date of a day count since 1970-01-01 (the era-based method).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_of_known_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(17_627), (2018, 4, 6));
        assert_eq!(civil_from_days(20_415), (2025, 11, 23));
        let t = UNIX_EPOCH + std::time::Duration::from_secs(17_627 * 86_400 + 3600 * 13 + 61);
        assert_eq!(utc_stamp(t), "20180406-130101");
    }

    #[test]
    fn a_staging_folder_is_removed_unless_published_and_stale_ones_are_swept() {
        let parent = std::env::temp_dir().join(format!("authsim-staging-{}", std::process::id()));
        let _ = fs::remove_dir_all(&parent);
        fs::create_dir_all(&parent).unwrap();
        // Left by a killed run: its lock file is there but nobody holds it.
        let stale = parent.join(".old.partial-999999");
        fs::create_dir(&stale).unwrap();
        File::create(stale.join(LOCK)).unwrap();
        let long_ago = SystemTime::now() - 2 * STALE;
        File::open(&stale).unwrap().set_modified(long_ago).unwrap();
        // Not authsim's: no lock file, so never touched, however old.
        let foreign = parent.join(".thesis.partial-1");
        fs::create_dir(&foreign).unwrap();
        File::open(&foreign)
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
        let dropped = Staging::new(&parent.join("a"), false).unwrap();
        assert!(foreign.exists(), "a folder authsim did not make was swept");
        assert!(!stale.exists(), "the stale staging folder was not swept");
        // A live one beside it is left alone.
        let live = Staging::new(&parent.join("b"), true).unwrap();
        assert!(dropped.path().exists());
        let dropped_path = dropped.path().to_path_buf();
        drop(dropped);
        assert!(!dropped_path.exists());
        fs::write(live.path().join("x"), "1").unwrap();
        // Its name was taken meanwhile: a name authsim chose moves to the next one.
        fs::create_dir(parent.join("b")).unwrap();
        let published = live.publish().unwrap();
        assert_eq!(published, parent.join("b-2"));
        assert_eq!(fs::read_to_string(published.join("x")).unwrap(), "1");
        assert!(!published.join(LOCK).exists());
        let _ = fs::remove_dir_all(&parent);
    }
}
