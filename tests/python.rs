//! The Python package under python/ (`import authsim`: read_run, run, sweep and
//! the token-lifetimes notebook), tested by its own pytest suite against the
//! binary this build made.
//!
//! The Python is the one AUTHSIM_PYTHON names: a virtual environment where
//! `pip install './python[test]'` was done. Without it the test says so and
//! passes, unless AUTHSIM_REQUIRE_PYTHON=1 (what `.ci/run` sets after making
//! that environment).

mod common;
use common::{Scratch, run_within};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// The whole suite takes about 20 s on two busy cores; a hang fails.
const LIMIT: Duration = Duration::from_secs(300);

/// AUTHSIM_PYTHON, where set; `None` (the reason printed) otherwise, or a
/// panic where AUTHSIM_REQUIRE_PYTHON=1.
fn python(test: &str) -> Option<PathBuf> {
    if let Some(python) = std::env::var_os("AUTHSIM_PYTHON") {
        return Some(PathBuf::from(python));
    }
    let how = "python3 -m venv VENV && VENV/bin/pip install './python[test]', then \
               AUTHSIM_PYTHON=VENV/bin/python";
    if std::env::var("AUTHSIM_REQUIRE_PYTHON").as_deref() == Ok("1") {
        panic!(
            "{test}: AUTHSIM_REQUIRE_PYTHON=1 but AUTHSIM_PYTHON is not set. Make a Python \
             with the package ({how}; .ci/run does), or unset AUTHSIM_REQUIRE_PYTHON to skip"
        );
    }
    eprintln!("{test}: skipped, AUTHSIM_PYTHON is not set ({how})");
    None
}

#[test]
fn the_python_package_passes_its_tests_against_this_binary() {
    let test = "the_python_package_passes_its_tests_against_this_binary";
    let Some(python) = python(test) else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let imports = run_within(
        Command::new(&python).args(["-c", "import authsim, pytest, polars, matplotlib"]),
        LIMIT,
    );
    assert!(
        imports.status.success(),
        "AUTHSIM_PYTHON={}: cannot import the package or its test needs: {}; \
         run `{} -m pip install './python[test]'` in this checkout",
        python.display(),
        String::from_utf8_lossy(&imports.stderr),
        python.display()
    );
    // pytest's temporary folders (every run folder the tests make) go here.
    let scratch = Scratch::new("python", "pytest");
    let out = run_within(
        Command::new(&python)
            .args(["-m", "pytest", "python/tests", "-q", "-rs"])
            // No .pytest_cache written into the checkout.
            .args(["-p", "no:cacheprovider"])
            .arg(format!("--basetemp={}", scratch.0.join("pytest").display()))
            .current_dir(root)
            .env("AUTHSIM_BIN", env!("CARGO_BIN_EXE_authsim"))
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .env("MPLBACKEND", "Agg"),
        LIMIT,
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "pytest python/tests failed (exit {:?}):\n{stdout}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    // Passing by skipping is not passing: every test that needs the binary ran.
    assert!(stdout.contains(" passed"), "pytest ran no test:\n{stdout}");
    assert!(
        !stdout.contains("no authsim binary"),
        "pytest skipped tests for want of the binary:\n{stdout}"
    );
}
