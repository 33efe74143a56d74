//! What an installed binary carries: the man page and shell completions
//! (`authsim generate`), checked by the tools that read them where this machine
//! has them; the documentation (`authsim docs`); help with examples.
//!
//! groff, zsh and fish check what they read where they are installed; with
//! `AUTHSIM_REQUIRE_SHELLS=1` (as `.ci/run` sets, having installed them) one
//! missing fails the test instead.

mod common;

use common::{Scratch, stderr};
use std::path::Path;
use std::process::{Command, Output};

fn stdout(o: &Output) -> String {
    assert!(o.status.success(), "{}", stderr(o));
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// Every subcommand, as `authsim --help` lists it (read independently of clap:
/// the lines indented under `Commands:`).
fn subcommands(s: &Scratch) -> Vec<String> {
    let help = stdout(&s.authsim(&["--help"]));
    let commands = help.split("Commands:\n").nth(1).unwrap();
    commands
        .lines()
        .take_while(|l| l.starts_with("  "))
        .filter(|l| l.len() - l.trim_start().len() == 2)
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_string)
        .collect()
}

/// Whether `program` runs here.
/// Whether `program` runs here; where CI requires it, a missing one fails.
fn exists(program: &str) -> bool {
    let found = Command::new(program).arg("--version").output().is_ok();
    let required = std::env::var_os("AUTHSIM_REQUIRE_SHELLS").is_some_and(|v| v == "1");
    assert!(
        found || !required,
        "{program} is not installed (AUTHSIM_REQUIRE_SHELLS=1)"
    );
    found
}

#[test]
fn the_man_page_is_roff_that_names_every_subcommand_and_option() {
    let s = Scratch::new("cli-generate", "man");
    let page = stdout(&s.authsim(&["generate", "man"]));
    assert!(page.contains("\n.TH authsim 1 "), "{}", &page[..200]);
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH OPTIONS"] {
        assert!(page.contains(section), "{section} missing");
    }
    let commands = subcommands(&s);
    assert!(commands.len() >= 13, "{commands:?}");
    for command in &commands {
        let heading = format!(".SH \"AUTHSIM {}\"", command.to_uppercase());
        assert!(page.contains(&heading), "{heading} missing");
        // Every long option its help lists (a line indented less than the
        // descriptions), in its section (roff escapes `-` as `\-`).
        let help = stdout(&s.authsim(&[command, "--help"]));
        let section = page.split(&heading).nth(1).unwrap();
        let section = section.split("\n.SH ").next().unwrap();
        let options: Vec<&str> = help
            .lines()
            .filter(|l| l.len() - l.trim_start().len() <= 6 && l.trim_start().starts_with('-'))
            .filter_map(|l| l.split_whitespace().find(|w| w.starts_with("--")))
            .filter(|w| *w != "--help" && *w != "--version")
            .collect();
        for option in options {
            let roff = option.replace('-', "\\-");
            assert!(
                section.contains(&roff),
                "authsim {command}: {option} not in the man page"
            );
        }
    }
    for option in ["\\-\\-threads", "\\-j", "\\-\\-results\\-dir", "\\-\\-json"] {
        assert!(page.contains(option), "{option}");
    }
    let file = s.0.join("authsim.1");
    std::fs::write(&file, &page).unwrap();
    if exists("groff") {
        // -ww: every warning (on stderr); -P-cbou: plain text, no overstrike.
        let o = Command::new("groff")
            .args(["-man", "-Tutf8", "-ww", "-P-cbou"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(o.status.success());
        let warnings = String::from_utf8_lossy(&o.stderr);
        assert!(warnings.trim().is_empty(), "groff: {warnings}");
        let text = String::from_utf8_lossy(&o.stdout);
        for heading in ["NAME", "SYNOPSIS", "AUTHSIM RUN", "AUTHSIM GENERATE"] {
            assert!(text.contains(heading), "rendered page lacks {heading}");
        }
    }
}

/// Runs `script` in bash; its stdout.
fn bash(script: &str) -> String {
    let o = Command::new("bash").args(["-c", script]).output().unwrap();
    assert!(
        o.status.success(),
        "bash: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn bash_completes_subcommands_and_options() {
    let s = Scratch::new("cli-generate", "bash");
    let script = stdout(&s.authsim(&["generate", "complete-bash"]));
    s.write("authsim.bash", &script);
    let file = s.0.join("authsim.bash");
    let complete = |words: &str| {
        let n = words.split(' ').count() - 1;
        bash(&format!(
            "set -e; source '{}'; complete -p authsim; COMP_WORDS=({words}); COMP_CWORD={n}; \
             COMP_LINE='{words}'; COMP_POINT=${{#COMP_LINE}}; _authsim authsim \"${{COMP_WORDS[{n}]}}\" \"${{COMP_WORDS[{}]}}\"; \
             printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            file.display(),
            n - 1
        ))
    };
    let out = complete("authsim ru");
    assert!(out.starts_with("complete "), "{out}");
    assert!(out.lines().any(|l| l == "run"), "{out}");
    let out = complete("authsim s");
    for c in ["sweep", "schema", "scenarios"] {
        assert!(out.lines().any(|l| l == c), "{c}: {out}");
    }
    let out = complete("authsim run --thr");
    assert!(out.lines().any(|l| l == "--threads"), "{out}");
    let out = complete("authsim generate complete-");
    assert!(out.lines().any(|l| l == "complete-zsh"), "{out}");
}

#[test]
fn zsh_fish_and_powershell_scripts_are_well_formed() {
    let s = Scratch::new("cli-generate", "shells");
    let commands = subcommands(&s);
    for (what, shell, file) in [
        ("complete-zsh", "zsh", "_authsim"),
        ("complete-fish", "fish", "authsim.fish"),
        ("complete-powershell", "pwsh", "authsim.ps1"),
    ] {
        let script = stdout(&s.authsim(&["generate", what]));
        for c in &commands {
            assert!(script.contains(c.as_str()), "{what} lacks {c}");
        }
        assert!(script.contains("--results-dir"), "{what}");
        s.write(file, &script);
        if shell == "pwsh" {
            // No PowerShell here: its shape. Braces balance; it registers authsim.
            assert!(script.contains("Register-ArgumentCompleter -Native -CommandName 'authsim'"));
            let depth = script.chars().fold(0i64, |d, c| match c {
                '{' => d + 1,
                '}' => d - 1,
                _ => d,
            });
            assert_eq!(depth, 0, "unbalanced braces");
            continue;
        }
        if !exists(shell) {
            eprintln!("{shell} not installed: its syntax check skipped");
            continue;
        }
        let o = Command::new(shell)
            .arg("-n")
            .arg(Path::new(&s.0).join(file))
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{shell} -n: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    assert!(s.read("_authsim").starts_with("#compdef authsim"));
}

#[test]
fn docs_prints_every_page_of_docs() {
    let s = Scratch::new("cli-generate", "docs");
    let list = stdout(&s.authsim(&["docs"]));
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let mut pages = 0;
    for entry in std::fs::read_dir(&root).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        pages += 1;
        let topic = path.file_stem().unwrap().to_str().unwrap();
        assert!(list.contains(&format!("  {topic} ")), "{topic} not listed");
        let page = stdout(&s.authsim(&["docs", topic]));
        assert_eq!(page, std::fs::read_to_string(&path).unwrap(), "{topic}");
    }
    assert!(pages >= 7);
    let o = s.authsim(&["docs", "nonsense"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("commands, scenario"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
}

#[test]
fn help_has_examples_and_points_to_the_installed_documentation() {
    let s = Scratch::new("cli-generate", "help");
    // Help is wrapped to the terminal: words are compared, not line breaks.
    let flat = |text: String| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let long = flat(stdout(&s.authsim(&["--help"])));
    for part in [
        "Examples:",
        "authsim run my.toml -n 50 -j 8",
        "AUTHSIM_THREADS",
        "AUTHSIM_RESULTS_DIR",
        "`authsim docs`",
        "`authsim generate man`",
    ] {
        assert!(long.contains(part), "{part} missing from --help");
    }
    // -h stays short: no examples, but the pointer to the documentation.
    let short = flat(stdout(&s.authsim(&["-h"])));
    assert!(!short.contains("Examples:") && short.contains("`authsim docs`"));
    for command in ["run", "sweep", "analyze", "check", "generate"] {
        let help = stdout(&s.authsim(&[command, "--help"]));
        assert!(help.contains("Examples:"), "{command} --help");
        assert!(help.contains(&format!("authsim {command}")), "{command}");
    }
    // The environment defaults are named in the options' help.
    let run = stdout(&s.authsim(&["run", "--help"]));
    assert!(run.contains("[env: AUTHSIM_THREADS=") && run.contains("[env: AUTHSIM_RESULTS_DIR="));
}

#[test]
fn help_is_wrapped_to_the_terminal() {
    let help = |columns: &str| {
        let o = Command::new(env!("CARGO_BIN_EXE_authsim"))
            .args(["run", "--help"])
            .env("COLUMNS", columns)
            .output()
            .unwrap();
        stdout(&o)
    };
    let widest = |text: &str| text.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(widest(&help("60")) <= 60, "{}", help("60"));
    // Wider where the terminal is: a description on one long line.
    assert!(widest(&help("200")) > 100, "{}", help("200"));
}
