//! The house rules, checked on the source: imports point down the layers, the
//! library has no terminal in it, and no file in src/ is over 400 lines.

use std::fs;
use std::path::{Path, PathBuf};

/// The library's modules from the bottom up; each may import only those at its
/// own rank or below. `units`, `error`, `input`, `streams` and `fnv` are the foundation.
const LAYERS: [(&str, usize); 15] = [
    // The build's version and code (lib.rs), which every file written records.
    ("VERSION", 0),
    ("BUILD", 0),
    ("VERSION_AND_BUILD", 0),
    ("fnv", 0),
    ("units", 0),
    ("error", 0),
    ("input", 0),
    ("streams", 0),
    ("scenario", 1),
    ("model", 2),
    ("engine", 3),
    ("montecarlo", 4),
    ("analysis", 5),
    ("export", 6),
    ("report", 7),
];

fn rank(module: &str) -> Option<usize> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, r)| *r)
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The library module a file of src/ belongs to; `None` for the binary's files.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).unwrap();
    let first = relative.components().next()?.as_os_str().to_string_lossy();
    let name = first.trim_end_matches(".rs").to_string();
    (!matches!(name.as_str(), "main" | "cli" | "lib")).then_some(name)
}

/// Every top-level module named after `crate::` in `text`, braces included.
fn imported(text: &str) -> Vec<String> {
    let word = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut names = Vec::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        match rest.strip_prefix('{') {
            Some(group) => {
                let inside = &group[..group.find('}').unwrap_or(group.len())];
                let mut depth = 0;
                let mut start = 0;
                for (j, c) in inside.char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            names.push(word(inside[start..].trim_start()));
                            start = j + 1;
                        }
                        _ => {}
                    }
                }
                names.push(word(inside[start..].trim_start()));
            }
            None => names.push(word(rest)),
        }
    }
    names.retain(|n| !n.is_empty());
    names
}

#[test]
fn imports_point_down_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut upward = Vec::new();
    for file in rust_files(&src) {
        let Some(module) = module_of(&src, &file) else {
            continue;
        };
        let own = rank(&module).unwrap_or_else(|| panic!("{module} is not in LAYERS"));
        for name in imported(&fs::read_to_string(&file).unwrap()) {
            let theirs =
                rank(&name).unwrap_or_else(|| panic!("{}: crate::{name}?", file.display()));
            if theirs > own {
                upward.push(format!(
                    "{} ({module}) imports crate::{name}",
                    file.display()
                ));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports that point up:\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_library_has_no_terminal_in_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let terminal = [
        "println!",
        "eprintln!",
        "print!(",
        "eprint!(",
        "clap",
        "indicatif",
        "IsTerminal",
        "stdout()",
    ];
    let mut found = Vec::new();
    for file in rust_files(&src) {
        if module_of(&src, &file).is_none() && !file.ends_with("lib.rs") {
            continue;
        }
        let text = fs::read_to_string(&file).unwrap();
        for t in terminal.iter().filter(|t| text.contains(*t)) {
            found.push(format!("{}: {t}", file.display()));
        }
    }
    assert!(
        found.is_empty(),
        "terminal code in the library:\n{}",
        found.join("\n")
    );
}

#[test]
fn no_source_file_is_over_400_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let long: Vec<String> = rust_files(&src)
        .into_iter()
        .filter_map(|f| {
            let lines = fs::read_to_string(&f).unwrap().lines().count();
            (lines > 400).then(|| format!("{}: {lines} lines", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "{}", long.join("\n"));
}

#[test]
fn the_import_scanner_reads_every_form() {
    let text = "use crate::scenario::X;\nuse crate::{error::Error, model::{World, size}};\nlet x = crate::units::DAY;";
    assert_eq!(imported(text), ["scenario", "error", "model", "units"]);
}
