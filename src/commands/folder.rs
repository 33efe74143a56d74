//! Run folders: written under a temporary name, then renamed into place, so a
//! folder either holds a whole run or does not exist; an existing one is never touched.

use crate::error::Error;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

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
    let base = Path::new("results");
    let mut candidate = base.join(&stem);
    let mut n = 2;
    while candidate.exists() {
        candidate = base.join(format!("{stem}-{n}"));
        n += 1;
    }
    Ok(candidate)
}

/// A hidden sibling of `target` to write into.
pub fn staging(target: &Path) -> Result<PathBuf, Error> {
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(Error::write(parent))?;
    let name = target
        .file_name()
        .map_or("run".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.partial-{}", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(Error::write(&staging))?;
    }
    fs::create_dir(&staging).map_err(Error::write(&staging))?;
    Ok(staging)
}

/// Moves the finished staging folder into place; refuses if the target appeared meanwhile.
pub fn publish(staging: &Path, target: &Path) -> Result<(), Error> {
    if target.exists() {
        let _ = fs::remove_dir_all(staging);
        return Err(Error::Usage(format!(
            "{} appeared while the run was going; the results were not written over it",
            target.display()
        )));
    }
    fs::rename(staging, target).map_err(Error::write(target))
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
}
