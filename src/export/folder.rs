//! Run folders: written into a hidden staging folder beside the target and renamed
//! into place when whole, so a folder either holds a whole run or does not exist,
//! and an existing one is never touched. A staging folder holds a lock while its
//! writer lives; one whose lock is free was left by a killed run and is removed by
//! the next run that writes beside it.

use crate::error::Error;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Where run folders go when `--out` names none.
pub const RESULTS: &str = "results";
const PARTIAL: &str = ".partial-";
const LOCK: &str = ".lock";

/// Picks the run folder before anything is simulated, so a clash fails fast.
pub fn choose(out: Option<&Path>, name: &str, seed: u64) -> Result<PathBuf, Error> {
    if let Some(out) = out {
        if out.exists() {
            return Err(Error::Usage(format!(
                "{} already exists; authsim never overwrites a run: choose another --out",
                out.display()
            )));
        }
        return Ok(out.to_path_buf());
    }
    let stem = format!("{name}-seed{seed}-{}", utc_stamp(SystemTime::now()));
    let base = Path::new(RESULTS);
    let mut candidate = base.join(&stem);
    let mut n = 2;
    while candidate.exists() {
        candidate = base.join(format!("{stem}-{n}"));
        n += 1;
    }
    Ok(candidate)
}

/// A run folder being written. Dropped unpublished, it removes itself.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    /// Held while this process writes: the mark of a live staging folder.
    _lock: File,
    published: bool,
}

impl Staging {
    /// A hidden sibling of `target` to write into, after removing stale ones.
    pub fn new(target: &Path) -> Result<Staging, Error> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(Error::write(parent))?;
        remove_stale(parent);
        let name = target
            .file_name()
            .map_or("run".into(), |n| n.to_string_lossy().into_owned());
        let dir = parent.join(format!(".{name}{PARTIAL}{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(Error::write(&dir))?;
        }
        fs::create_dir(&dir).map_err(Error::write(&dir))?;
        let lock_path = dir.join(LOCK);
        let lock = File::create(&lock_path).map_err(Error::write(&lock_path))?;
        lock.try_lock()
            .map_err(|e| Error::write(&lock_path)(std::io::Error::other(e.to_string())))?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            _lock: lock,
            published: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Moves the finished folder into place; refuses if the target appeared meanwhile.
    pub fn publish(mut self) -> Result<PathBuf, Error> {
        if self.target.exists() {
            return Err(Error::Usage(format!(
                "{} appeared while the run was going; the results were not written over it",
                self.target.display()
            )));
        }
        let lock = self.dir.join(LOCK);
        fs::remove_file(&lock).map_err(Error::write(&lock))?;
        fs::rename(&self.dir, &self.target).map_err(Error::write(&self.target))?;
        self.published = true;
        Ok(self.target.clone())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.published {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Removes staging folders in `parent` whose writer is gone: their lock is free,
/// or they have no lock and were last touched over a minute ago.
fn remove_stale(parent: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with('.') && name.contains(PARTIAL)) {
            continue;
        }
        let dir = entry.path();
        let abandoned = match File::open(dir.join(LOCK)) {
            Ok(lock) => lock.try_lock().is_ok(),
            Err(_) => entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t.elapsed().unwrap_or_default() > Duration::from_secs(60)),
        };
        if abandoned {
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
fn civil_from_days(z: i64) -> (i64, u32, u32) {
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
        let dropped = Staging::new(&parent.join("a")).unwrap();
        assert!(!stale.exists(), "the stale staging folder was not swept");
        // A live one beside it is left alone.
        let live = Staging::new(&parent.join("b")).unwrap();
        assert!(dropped.path().exists());
        let dropped_path = dropped.path().to_path_buf();
        drop(dropped);
        assert!(!dropped_path.exists());
        fs::write(live.path().join("x"), "1").unwrap();
        let published = live.publish().unwrap();
        assert_eq!(fs::read_to_string(published.join("x")).unwrap(), "1");
        assert!(!published.join(LOCK).exists());
        let _ = fs::remove_dir_all(&parent);
    }
}
