//! For tests/browser.rs: headless Chromium and poppler's PDF tools, found or
//! reported missing; a page measured by tests/browser/probe.js, and printed.

use super::{Scratch, bounded};
use serde_json::Value;
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

const PROBE: &str = include_str!("../browser/probe.js");
/// A laptop's screen; the height matters only to the first screen.
const WINDOW: &str = "--window-size=1280,900";

/// What probe.js measures of `page` laid out at 1280 px, and the console
/// messages of loading it. The probed copy lies beside the page, so that
/// relative references resolve as they do for it.
pub fn probe(chromium: &Path, page: &Path, name: &str) -> (Value, Vec<String>) {
    let html = std::fs::read_to_string(page).unwrap();
    let at = html.find("<head>").map_or(0, |i| i + "<head>".len());
    let probed = page.with_extension("probed.html");
    let script = format!("<script>{PROBE}</script>");
    std::fs::write(&probed, format!("{}{script}{}", &html[..at], &html[at..])).unwrap();
    let dom = headless(chromium, &["--dump-dom", WINDOW], &probed, name);
    let dumped = String::from_utf8_lossy(&dom.stdout);
    let json = dumped
        // The last: the script's own text names the element too.
        .rsplit_once("<pre id=\"authsim-probe\">")
        .and_then(|(_, rest)| rest.split_once("</pre>"))
        .unwrap_or_else(|| panic!("{name}: probe.js wrote no result into the DOM"))
        .0;
    let facts = serde_json::from_str(json)
        .unwrap_or_else(|e| panic!("{name}: probe.js wrote no JSON ({e}): {json}"));
    (facts, console_messages(&dom.stderr))
}

/// A printout of a page, as Chromium's print-to-PDF makes it.
pub struct Pdf {
    pub pages: usize,
    /// Paper size in points.
    pub paper: (f64, f64),
    pub first_page: String,
}

/// `page` printed to PDF beside it, without header and footer, and the console
/// messages of loading it.
pub fn print(chromium: &Path, page: &Path, name: &str) -> (Pdf, Vec<String>) {
    let pdf_file = page.with_extension("pdf");
    let print = format!("--print-to-pdf={}", pdf_file.display());
    let printed = headless(
        chromium,
        &[&print, "--no-pdf-header-footer"],
        page,
        &format!("{name}-print"),
    );
    let pdf_path = pdf_file.to_str().unwrap();
    let info = poppler("pdfinfo", &[pdf_path]);
    let field = |key: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(key))
            .unwrap_or_else(|| panic!("{name}: pdfinfo gives no {key}\n{info}"))
            .trim()
            .to_string()
    };
    let size = field("Page size:");
    let mut points = size
        .split_whitespace()
        .filter_map(|w| w.parse::<f64>().ok());
    let pdf = Pdf {
        pages: field("Pages:").parse().unwrap(),
        paper: (points.next().unwrap(), points.next().unwrap()),
        first_page: poppler("pdftotext", &["-f", "1", "-l", "1", pdf_path, "-"]),
    };
    (pdf, console_messages(&printed.stderr))
}
