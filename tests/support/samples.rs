//! Where the real sign-in exports are (never copied into the repository):
//! `$AUTHSIM_SIGNIN_SAMPLES`, else `<workspace root>/../shared/signin-samples`.
//! Without them a test says why and passes, unless `AUTHSIM_REQUIRE_SAMPLES=1`.

use std::path::PathBuf;

pub fn samples() -> Option<PathBuf> {
    let dir = std::env::var_os("AUTHSIM_SIGNIN_SAMPLES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/signin-samples")
        });
    if dir.is_dir() {
        return Some(dir);
    }
    let why = format!(
        "no sign-in samples at {} (set AUTHSIM_SIGNIN_SAMPLES)",
        dir.display()
    );
    assert!(
        std::env::var_os("AUTHSIM_REQUIRE_SAMPLES").is_none_or(|v| v != "1"),
        "{why}"
    );
    eprintln!("skipped: {why}");
    None
}
