//! The report of a scenario of thousands of cohorts: its size does not grow with
//! them (each table lists the cohorts worst off, and says where every one is),
//! and Ctrl-C or SIGTERM while `plot` or `run` writes the charts and report
//! stops it with exit code 130, says what was kept, and leaves no file half
//! written.

mod common;

use common::{Scratch, stderr};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// `n` one-user cohorts; the last three (`cut0`, `cut1`, `cut2`) lose their
/// link for six hours, so they are the ones worst off.
fn cohorts(n: usize) -> String {
    let mut toml = String::from(
        r#"description = "one-user cohorts, three cut off"
[simulation]
horizon = "1d"
warmup = "1h"
replications = 2
seed = 5
[components.link]
outages = [{ start = "0d 09:00", duration = "6h" }]
[methods.password]
factor = "first"
requires = []
[policy]
mfa = "never"
token_requests_require = []
[apps.mail]
"#,
    );
    let cohort = |name: String, requires: &str| {
        format!(
            "[cohorts.{name}]\nusers = 1\napps = [\"mail\"]\nrequires = [{requires}]\n\
             registrations = [{{ share = 1.0, methods = [\"password\"] }}]\n"
        )
    };
    for i in 0..n - 3 {
        toml += &cohort(format!("c{i:05}"), "");
    }
    for i in 0..3 {
        toml += &cohort(format!("cut{i}"), "\"link\"");
    }
    toml
}

/// A scratch folder holding `run`, the finished run folder of `n` cohorts.
fn run(test: &str, n: usize, charts: bool) -> Scratch {
    let s = Scratch::new("report-phase", test);
    s.write("s.toml", &cohorts(n));
    let mut args = vec!["run", "s.toml", "--out", "run", "--quiet"];
    if !charts {
        args.push("--no-charts");
    }
    let o = s.authsim(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    s
}

fn size(path: &Path) -> u64 {
    std::fs::metadata(path).unwrap().len()
}

/// Bytes of the report and of every chart of `plot` in a run of `n` cohorts,
/// and the report's text.
fn plotted(n: usize) -> (u64, u64, String) {
    let s = run(&format!("size{n}"), n, false);
    let o = s.authsim(&["plot", "run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let charts: u64 = std::fs::read_dir(s.0.join("run/charts"))
        .unwrap()
        .map(|e| size(&e.unwrap().path()))
        .sum();
    let report = s.read("run/report.html");
    (size(&s.0.join("run/report.html")), charts, report)
}

#[test]
fn the_report_lists_the_cohorts_worst_off_so_its_size_does_not_grow_with_them() {
    let (report_1k, charts_1k, _) = plotted(1000);
    let (report_2k, charts_2k, text) = plotted(2000);
    // Twice the cohorts: names a digit longer at most, no more rows. Before the
    // cap every cohort had a row in four tables and the report doubled.
    for (what, small, large) in [
        ("report.html", report_1k, report_2k),
        ("charts", charts_1k, charts_2k),
    ] {
        assert!(
            large < small + small / 20,
            "{what}: {small} bytes for 1,000 cohorts, {large} for 2,000"
        );
    }
    assert!(
        text.contains("the 40 of 2000 parts with the most <code>lockout_hours_per_1k_users</code> in any design, worst first"),
        "the table says it lists the worst"
    );
    assert!(text.contains("the 40 of 2000 least available"));
    let table = &text[text
        .find("<h3><code>lockout_<wbr>hours_<wbr>per_<wbr>1k_<wbr>users")
        .unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    assert_eq!(
        table.matches("<tr>").count(),
        1 + 1 + 40,
        "a header, everyone, 40 parts"
    );
    // The cohorts cut off are last in the scenario, and listed first.
    let rows: Vec<&str> = table.split("<tr><td>").skip(2).collect();
    for row in &rows[..3] {
        assert!(row.starts_with("cut"), "{row}");
    }
    assert!(
        rows[3].starts_with("c00000"),
        "then the others in the folder's order"
    );
}

/// `authsim ARGS` in `s`, stopped by `signal` once it is writing the charts
/// and report; its exit code and standard error.
fn interrupted(s: &Scratch, args: &[&str], signal: &str) -> (Option<i32>, String) {
    let marker = s.0.join("writing");
    let mut child = Command::new(env!("CARGO_BIN_EXE_authsim"))
        .args(args)
        .current_dir(&s.0)
        .env("AUTHSIM_TEST_INTERRUPT_MARKER", &marker)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while !marker.exists() {
        assert!(child.try_wait().unwrap().is_none(), "{args:?} ended first");
        assert!(start.elapsed() < common::DEADLINE, "{args:?} never wrote");
        std::thread::sleep(Duration::from_millis(5));
    }
    let status = common::signal_and_wait(&mut child, signal, start, common::DEADLINE);
    let mut message = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut message).unwrap();
    (status.code(), message)
}

/// Files a write left behind under a temporary name.
fn half_written(dir: &Path) -> Vec<String> {
    let mut left = Vec::new();
    for d in [dir.to_path_buf(), dir.join("charts")] {
        for e in std::fs::read_dir(&d).into_iter().flatten() {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                left.push(name);
            }
        }
    }
    left
}

#[test]
fn an_interrupted_plot_exits_130_and_leaves_the_report_it_had() {
    for signal in ["-INT", "-TERM"] {
        let s = run(&format!("plot{signal}"), 300, true);
        let report = s.0.join("run/report.html");
        let before = std::fs::read(&report).unwrap();
        let (code, message) = interrupted(&s, &["plot", "run"], signal);
        assert_eq!(code, Some(130), "{signal}: {message}");
        assert!(
            message.contains("interrupted: the results in run are as they were, and no chart or report.html is half written; `authsim plot run` draws them again"),
            "{signal}: {message}"
        );
        assert_eq!(std::fs::read(&report).unwrap(), before, "{signal}");
        assert_eq!(half_written(&s.0.join("run")), Vec::<String>::new());
    }
}

#[test]
fn a_run_interrupted_while_drawing_keeps_its_results_and_plot_draws_the_rest() {
    let s = Scratch::new("report-phase", "run");
    s.write("s.toml", &cohorts(300));
    let (code, message) = interrupted(&s, &["run", "s.toml", "--out", "run", "--quiet"], "-INT");
    assert_eq!(code, Some(130), "{message}");
    assert!(
        message.contains("interrupted: the results in run are complete; its charts and report.html are not all drawn: `authsim plot run` draws them"),
        "{message}"
    );
    let dir = s.0.join("run");
    assert!(dir.join("summary.csv").is_file());
    assert!(
        !dir.join("incomplete.json").exists(),
        "the folder is finished"
    );
    assert!(!dir.join("report.html").exists());
    assert_eq!(half_written(&dir), Vec::<String>::new());
    let o = s.authsim(&["plot", "run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.join("report.html").is_file());
}
