//! The corpus of malformed scenarios in `tests/malformed/`, one file each: its
//! first line says what is wrong, an optional `# command:` line which command
//! reads it (`run` by default), and `# expect:` lines the fragments its refusal
//! must hold. Each is refused by the real binary with exit code 2, one message
//! that names the file and a line or a key path, and nothing written; no
//! refusal names a Rust type where the scenario's words belong.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

mod common;
use common::refusal::{Outcome, assert_refused, authsim_command};

/// One file of the corpus, as its header comments describe it.
struct Case {
    file: PathBuf,
    command: Vec<String>,
    expect: Vec<String>,
}

impl Case {
    fn read(file: PathBuf) -> Case {
        let text = fs::read_to_string(&file).unwrap();
        let header: Vec<&str> = text.lines().take_while(|l| l.starts_with('#')).collect();
        let field = |key: &'static str| {
            header
                .iter()
                .filter_map(move |l| l.strip_prefix(key))
                .map(str::to_string)
        };
        let command = field("# command: ")
            .next()
            .unwrap_or("run".to_string())
            .split_whitespace()
            .map(str::to_string)
            .collect();
        let expect: Vec<String> = field("# expect: ").collect();
        let described = header.first().is_some_and(|l| !l.starts_with("# expect"));
        assert!(
            described && !expect.is_empty(),
            "{}: say what is wrong on the first line, then what the message holds (# expect: ...)",
            file.display()
        );
        Case {
            file,
            command,
            expect,
        }
    }

    fn name(&self) -> &str {
        self.file.file_name().unwrap().to_str().unwrap()
    }
}

fn corpus() -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/malformed");
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files.into_iter().map(Case::read).collect()
}

/// After `error: FILE:`, a line and column, or a key path (after the variant
/// an analysis names) before the message itself.
fn assert_located(name: &str, stderr: &str) {
    let rest = stderr
        .strip_prefix(&format!("error: {name}:"))
        .unwrap_or_else(|| panic!("the message does not start by naming {name}:\n{stderr}"));
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return;
    }
    let rest = rest.trim_start();
    let rest = match rest.strip_prefix("in variant \"") {
        Some(tail) => tail.split_once("\": ").map_or("", |(_, after)| after),
        None => rest,
    };
    let path = rest.split(": ").next().unwrap_or_default();
    let key = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "_.[]".contains(c);
    assert!(
        !path.is_empty() && path.chars().all(key),
        "{name}: neither a line nor a key path:\n{stderr}"
    );
}

/// Each file of the corpus run once by the real binary, shared by the tests below.
fn refusals() -> &'static [(Case, Outcome)] {
    static RUNS: OnceLock<Vec<(Case, Outcome)>> = OnceLock::new();
    RUNS.get_or_init(|| {
        corpus()
            .into_iter()
            .map(|case| {
                let command: Vec<&str> = case.command.iter().map(String::as_str).collect();
                let test = format!("malformed-{}", case.name());
                let out = authsim_command(&test, &command, case.name(), &[], |dir| {
                    fs::copy(&case.file, dir.join(case.name())).unwrap();
                });
                (case, out)
            })
            .collect()
    })
}

#[test]
fn every_malformed_scenario_is_refused_with_a_located_message() {
    let refusals = refusals();
    assert!(
        refusals.len() >= 30,
        "the corpus holds {} files",
        refusals.len()
    );
    for (case, out) in refusals {
        let needles: Vec<&str> = case.expect.iter().map(String::as_str).collect();
        assert_refused(out, &needles, &[case.name()]);
        assert_located(case.name(), &out.stderr);
    }
}

/// What serde and Rust call a value, which a planner never wrote: the types of
/// numbers, the standard containers, and serde's words for a value's kind.
const RUST_WORDS: [&str; 30] = [
    "u8",
    "u16",
    "u32",
    "u64",
    "u128",
    "usize",
    "i8",
    "i16",
    "i32",
    "i64",
    "i128",
    "isize",
    "f32",
    "f64",
    "bool",
    "char",
    "str",
    "String",
    "Option",
    "Vec",
    "BTreeMap",
    "HashMap",
    "struct",
    "enum",
    "map",
    "sequence",
    "newtype",
    "tuple",
    "unit variant",
    "floating point",
];

/// Where `word` stands in `message` as a word of its own (`u32`, not `u320`).
fn said(message: &str, word: &str) -> bool {
    let part = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    message.match_indices(word).any(|(i, _)| {
        !part(message[..i].chars().next_back()) && !part(message[i + word.len()..].chars().next())
    })
}

#[test]
fn no_refusal_names_a_rust_type() {
    assert!(said("expected u32", "u32") && !said("u320 users", "u32"));
    assert!(said("invalid type: map, expected", "map") && !said("sitemap", "map"));
    let named: Vec<String> = refusals()
        .iter()
        .filter_map(|(case, out)| {
            // The file's name is the corpus's, not the refusal's.
            let message = out.stderr.replace(case.name(), "FILE");
            let words: Vec<&str> = RUST_WORDS
                .into_iter()
                .filter(|w| said(&message, w))
                .collect();
            (!words.is_empty()).then(|| format!("{} names {words:?}: {}", case.name(), out.stderr))
        })
        .collect();
    assert!(
        named.is_empty(),
        "refusals in Rust's words, not the scenario's:\n{}",
        named.join("")
    );
}
