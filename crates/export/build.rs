//! Names the build, as `AUTHSIM_BUILD` (the library's `BUILD`): the commit the
//! sources are checked out at, `commit 1a2b3c4d5e6f`; with a hash of the sources
//! where they differ from it, `commit 1a2b3c4d5e6f, modified: source 0f1e2d3c4b5a`
//! (a tree changed at one commit can be many builds); or the hash alone where
//! git has no commit of them (a source tarball, a crate from crates.io, no git
//! installed), `source 0f1e2d3c4b5a`. Every run folder records it, so
//! replications of two builds are never mixed. Never fails: no git, no commit.

#[path = "../core/src/fnv.rs"]
mod fnv;

use std::path::{Path, PathBuf};
use std::process::Command;

/// Everything the binary is made of: what it computes can change with any of them.
const SOURCES: [&str; 7] = [
    "src",
    "crates",
    "scenarios",
    "assets",
    // `authsim docs` prints the pages built into the binary.
    "docs",
    "Cargo.toml",
    "Cargo.lock",
];

fn main() {
    // The workspace's root: this crate is crates/export.
    let crate_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let root = crate_dir.join("../..");
    let root = root.canonicalize().unwrap_or(root);
    // Run again when a source changes (a directory is watched file by file)...
    for source in SOURCES.iter().map(|s| root.join(s)).filter(|s| s.exists()) {
        println!("cargo::rerun-if-changed={}", source.display());
    }
    let build = match commit(&root) {
        Some((commit, true)) => format!("commit {commit}"),
        Some((commit, false)) => format!("commit {commit}, modified: source {}", hash(&root)),
        None => format!("source {}", hash(&root)),
    };
    println!("cargo::rustc-env=AUTHSIM_BUILD={build}");
}

/// The commit git has checked out, its first 12 hex digits, and whether the
/// sources are as it has them; None where git has no commit of them.
fn commit(root: &Path) -> Option<(String, bool)> {
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(args)
            .current_dir(root)
            // `git status` would otherwise refresh the index, and so run this again.
            .env("GIT_OPTIONAL_LOCKS", "0")
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    };
    // Sources unpacked inside some other repository are not its commit's.
    git(&["ls-files", "--error-unmatch", "--", "Cargo.toml"])?;
    let dirs = git(&[
        "rev-parse",
        "--git-dir",
        "--git-common-dir",
        "--symbolic-full-name",
        "HEAD",
    ])?;
    watch_head(root, &dirs.lines().collect::<Vec<_>>());
    let head = git(&["rev-parse", "HEAD"])?;
    let commit = head.trim().get(..12)?.to_string();
    let mut status = vec!["status", "--porcelain", "--untracked-files=all", "--"];
    status.extend(SOURCES);
    Some((commit, git(&status)?.trim().is_empty()))
}

/// ...and when HEAD moves: to another branch or commit (`HEAD`, in a worktree's
/// own git folder) or with a commit on its branch (the branch's ref, loose or
/// packed, in the folder every worktree shares). The index is not watched: what
/// it says of the sources is seen in the sources themselves.
fn watch_head(root: &Path, dirs: &[&str]) {
    let [git_dir, common, reference] = dirs[..] else {
        return;
    };
    let (git_dir, common) = (root.join(git_dir), root.join(common));
    let mut watched = vec![git_dir.join("HEAD"), common.join("packed-refs")];
    if reference.starts_with("refs/") {
        let loose = common.join(reference);
        // A packed ref gets a loose file at its next commit: its folder shows it.
        match loose.exists() {
            true => watched.push(loose),
            false => watched.extend(loose.parent().map(Path::to_path_buf)),
        }
    }
    for path in watched.iter().filter(|p| p.exists()) {
        println!("cargo::rerun-if-changed={}", path.display());
    }
}

/// FNV-1a of every source file's path and bytes, in path order: the same sources
/// give the same hash on any machine, git or not.
fn hash(root: &Path) -> String {
    let mut files = Vec::new();
    for source in SOURCES {
        collect(&root.join(source), &mut files);
    }
    let mut named: Vec<(String, &PathBuf)> = files
        .iter()
        .map(|f| {
            let relative = f.strip_prefix(root).unwrap_or(f).components();
            let parts: Vec<_> = relative.map(|c| c.as_os_str().to_string_lossy()).collect();
            (parts.join("/"), f)
        })
        .collect();
    named.sort();
    let hash = named.iter().fold(fnv::START, |h, (name, file)| {
        let bytes = std::fs::read(file).unwrap_or_default();
        let h = fnv::add(h, name.as_bytes());
        let h = fnv::add(h, &[0]);
        let h = fnv::add(h, &(bytes.len() as u64).to_le_bytes());
        fnv::add(h, &bytes)
    });
    format!("{hash:016x}")[..12].to_string()
}

/// The files at `path`: itself, or every file below it.
fn collect(path: &Path, files: &mut Vec<PathBuf>) {
    match std::fs::read_dir(path) {
        Ok(entries) => {
            for entry in entries.flatten() {
                collect(&entry.path(), files);
            }
        }
        Err(_) if path.is_file() => files.push(path.to_path_buf()),
        Err(_) => {}
    }
}
