//! What the reader tests share: where the sample exports and fixtures are,
//! and reading a whole file into a list.
#![allow(dead_code)]

use std::path::PathBuf;

use authsim_signins::read::{self, ReadStats};
use authsim_signins::record::SignIn;

/// The workspace root (this crate is `crates/signins`).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The published sample exports: `$AUTHSIM_SIGNIN_SAMPLES`, else
/// `<workspace root>/../shared/signin-samples`. `None` (after saying why)
/// where neither exists, unless `AUTHSIM_REQUIRE_SAMPLES=1`.
pub fn samples() -> Option<PathBuf> {
    let dir = std::env::var_os("AUTHSIM_SIGNIN_SAMPLES")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/signin-samples"));
    if dir.is_dir() {
        return Some(dir);
    }
    let why = format!(
        "no sample exports at {} (set AUTHSIM_SIGNIN_SAMPLES)",
        dir.display()
    );
    assert!(
        std::env::var("AUTHSIM_REQUIRE_SAMPLES").as_deref() != Ok("1"),
        "{why}"
    );
    eprintln!("skipped: {why}");
    None
}

/// A fixture of tests/fixtures/import/.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/import").join(name)
}

/// Every sign-in of a file, with the stats.
pub fn all(path: &std::path::Path, group: Option<&str>) -> (Vec<SignIn>, ReadStats) {
    let mut found = Vec::new();
    let stats = read::sign_ins(path, group, &mut |s| found.push(s))
        .unwrap_or_else(|e| panic!("{} should read: {e}", path.display()));
    (found, stats)
}

/// The message a file is refused with.
pub fn refusal(path: &std::path::Path) -> String {
    match read::sign_ins(path, None, &mut |_| {}) {
        Ok(stats) => panic!("{} should be refused, read {stats:?}", path.display()),
        Err(e) => e.to_string(),
    }
}

/// Seconds since the epoch of a UTC civil time, computed apart from the
/// reader (Python's `datetime(...).timestamp()` gave the same values).
pub const SENTINEL_FIRST: f64 = 1_619_618_925.221; // 2021-04-28T14:08:45.221Z
pub const SENTINEL_LAST: f64 = 1_619_623_148.373; // 2021-04-28T15:19:08.373Z
pub const INSTANT_2007: f64 = 1_168_335_660.0; // 2007-01-09T09:41:00Z
