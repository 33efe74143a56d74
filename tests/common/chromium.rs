//! For tests/browser.rs: headless Chromium and poppler's PDF tools, found or
//! reported missing, and Chromium run with a profile of its own.

use super::{Scratch, bounded};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

/// Bound on one Chromium or poppler command: a page takes seconds; a hang fails.
pub const LIMIT: Duration = Duration::from_secs(90);

/// What the browser tests run: Chromium (Debian's `chromium`) and poppler-utils.
const TOOLS: [&str; 3] = ["chromium", "pdfinfo", "pdftotext"];

fn on_path(tool: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(tool))
        .find(|p| p.is_file())
}

/// Chromium, when it and the PDF tools are installed; `None` (the reason
/// printed) otherwise, or a panic where AUTHSIM_REQUIRE_BROWSER=1.
pub fn chromium(test: &str) -> Option<PathBuf> {
    let missing: Vec<&str> = TOOLS.into_iter().filter(|t| on_path(t).is_none()).collect();
    if missing.is_empty() {
        return on_path("chromium");
    }
    let missing = missing.join(", ");
    if std::env::var("AUTHSIM_REQUIRE_BROWSER").as_deref() == Ok("1") {
        panic!(
            "{test}: AUTHSIM_REQUIRE_BROWSER=1 but {missing} not found on PATH. Install the \
             Debian packages chromium and poppler-utils (.ci/run does), or unset \
             AUTHSIM_REQUIRE_BROWSER to skip"
        );
    }
    eprintln!(
        "{test}: skipped, {missing} not found on PATH (apt-get install chromium poppler-utils)"
    );
    None
}

/// `chromium --headless ARGS URL` with a fresh profile, nothing fetched from the
/// network and the page's console messages on stderr.
pub fn headless(chromium: &Path, args: &[&str], page: &Path, profile: &str) -> Output {
    let profile = Scratch::new("chromium", profile);
    let mut command = Command::new(chromium);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.0.display()))
        .args(args)
        .arg(format!("file://{}", page.display()));
    let out = bounded(&mut command, LIMIT).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "chromium {args:?} {} failed: {}",
        page.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The page's console messages in Chromium's log: lines such as
/// `[…:INFO:CONSOLE:1] "Uncaught ReferenceError: …", source: file:///… (1)`.
pub fn console_messages(stderr: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stderr)
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(|l| l.split_once("] ").map_or(l, |(_, m)| m).to_string())
        .collect()
}

/// Runs a poppler tool (pdfinfo, pdftotext) and returns its standard output.
pub fn poppler(tool: &str, args: &[&str]) -> String {
    let out = bounded(Command::new(tool).args(args), LIMIT).unwrap();
    assert!(
        out.status.success(),
        "{tool} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
