//! The house rules, checked on the source: the crates depend down the layers, so
//! do the core's modules, the library crates have no terminal in them, and no
//! source file is over 400 lines.

use std::fs;
use std::path::{Path, PathBuf};

/// The crates from the bottom up, with the authsim crates each may depend on.
const CRATES: [(&str, &[&str]); 6] = [
    ("crates/core", &[]),
    ("crates/signins", &["authsim-core"]),
    ("crates/import", &["authsim-core", "authsim-signins"]),
    ("crates/export", &["authsim-core"]),
    (
        "crates/report",
        &["authsim-core", "authsim-export", "authsim-import"],
    ),
    (
        ".",
        &[
            "authsim-core",
            "authsim-export",
            "authsim-import",
            "authsim-report",
            "authsim-signins",
        ],
    ),
];

/// The core's modules from the bottom up; each may import only those at its
/// own rank or below. `units`, `error`, `input`, `streams` and `fnv` are the foundation.
const LAYERS: [(&str, usize); 10] = [
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
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The library crates' sources: everything but the command line.
fn library_sources() -> Vec<PathBuf> {
    CRATES[..5]
        .iter()
        .flat_map(|(dir, _)| rust_files(&root().join(dir).join("src")))
        .collect()
}

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

/// The core module a file of the core's src/ belongs to; `None` for lib.rs.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).unwrap();
    let first = relative.components().next()?.as_os_str().to_string_lossy();
    let name = first.trim_end_matches(".rs").to_string();
    (name != "lib").then_some(name)
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

/// The authsim crates a manifest depends on (its `[dependencies]` only).
fn authsim_dependencies(manifest: &Path) -> Vec<String> {
    let text = fs::read_to_string(manifest).unwrap();
    let manifest: toml::Table = toml::from_str(&text).unwrap();
    let deps = manifest.get("dependencies").and_then(|d| d.as_table());
    let mut names: Vec<String> = deps
        .into_iter()
        .flat_map(|d| d.keys())
        .filter(|name| name.starts_with("authsim"))
        .cloned()
        .collect();
    names.sort();
    names
}

#[test]
fn the_crates_depend_down_the_layers() {
    for (dir, allowed) in CRATES {
        let deps = authsim_dependencies(&root().join(dir).join("Cargo.toml"));
        assert_eq!(deps, allowed.to_vec(), "{dir}/Cargo.toml's authsim crates");
    }
    let members = rust_files(&root().join("crates"))
        .iter()
        .filter_map(|f| f.strip_prefix(root().join("crates")).ok()?.iter().next())
        .map(|c| format!("crates/{}", c.to_string_lossy()))
        .collect::<std::collections::BTreeSet<_>>();
    let listed: std::collections::BTreeSet<_> =
        CRATES[..5].iter().map(|(d, _)| d.to_string()).collect();
    assert_eq!(members, listed, "every crate in CRATES");
}

#[test]
fn the_core_imports_point_down_its_layers() {
    let src = root().join("crates/core/src");
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
    for file in library_sources() {
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
    let mut sources = library_sources();
    sources.extend(rust_files(&root().join("src")));
    let long: Vec<String> = sources
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
