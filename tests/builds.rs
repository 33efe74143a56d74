//! The build's name: `authsim --version` gives it, a run records it, and a
//! folder another build wrote is neither resumed nor merged, the refusal naming
//! both builds.

use authsim::{BUILD, VERSION, VERSION_AND_BUILD};
use std::fs;
use std::path::Path;

mod common;
use common::refusal::BASE;
use common::{Scratch, stderr};

/// `commit` and 12 hex digits, `, modified: source` and 12 more where the
/// sources differ from the commit, or `source` and 12 alone.
#[test]
fn the_version_names_the_build() {
    let hex12 = |s: &str| s.len() == 12 && s.bytes().all(|b| b.is_ascii_hexdigit());
    let named = match BUILD.strip_prefix("commit ") {
        Some(rest) => match rest.split_once(", modified: source ") {
            Some((commit, hash)) => hex12(commit) && hex12(hash),
            None => hex12(rest),
        },
        None => BUILD.strip_prefix("source ").is_some_and(hex12),
    };
    assert!(named, "{BUILD}");
    assert_eq!(VERSION_AND_BUILD, format!("{VERSION} ({BUILD})"));
    let s = Scratch::new("builds", "version");
    let o = s.authsim(&["--version"]);
    assert!(o.status.success());
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        format!("authsim {VERSION} ({BUILD})\n")
    );
}

/// Two shards of a small run, merged as a control, then copies of the second
/// as another build would have left it.
#[test]
fn a_folder_of_another_build_is_refused_by_name() {
    let s = Scratch::new("builds", "refused");
    s.write(
        "s.toml",
        &BASE.replace("replications = 2", "replications = 4"),
    );
    for k in ["1", "2"] {
        let shard = format!("{k}/2");
        let o = s.authsim(&["run", "s.toml", "--shard", &shard, "--out", k, "--quiet"]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let o = s.authsim(&[
        "merge",
        "1",
        "2",
        "--out",
        "merged",
        "--no-charts",
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let summary: serde_json::Value = serde_json::from_str(&s.read("merged/summary.json")).unwrap();
    assert_eq!(summary["authsim_build"], BUILD);
    assert!(
        s.read("merged/scenario.resolved.toml")
            .contains(VERSION_AND_BUILD)
    );

    // Its manifest names another build (or, older than the field, none).
    let other = "commit 0123456789ab";
    for (folder, build, named) in [
        ("other", Some(other), other),
        ("unrecorded", None, "its build not recorded"),
    ] {
        copy(&s.0.join("2"), &s.0.join(folder));
        let path = format!("{folder}/shard.json");
        let mut manifest: serde_json::Value = serde_json::from_str(&s.read(&path)).unwrap();
        let fields = manifest.as_object_mut().unwrap();
        match build {
            Some(build) => fields.insert("authsim_build".into(), build.into()),
            None => fields.remove("authsim_build"),
        };
        s.write(&path, &manifest.to_string());
        let theirs = format!(
            "written by authsim {VERSION} ({named}), and this is authsim {VERSION_AND_BUILD}"
        );
        for args in [
            vec!["merge", "1", folder, "--out", "no"],
            vec!["run", "--resume", folder],
        ] {
            let o = s.authsim(&args);
            let err = stderr(&o);
            assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
            assert!(
                err.starts_with(&format!("error: {path}: ")) && err.contains(&theirs),
                "{args:?}: {err}"
            );
        }
    }
    assert!(!s.0.join("no").exists());

    // Its journal carries another build's fingerprint, the manifest this build's.
    copy(&s.0.join("2"), &s.0.join("forged"));
    let journal = s.0.join("forged/replications.journal");
    let mut bytes = fs::read(&journal).unwrap();
    bytes[16] ^= 1;
    fs::write(&journal, bytes).unwrap();
    for args in [
        vec!["merge", "1", "forged", "--out", "no"],
        vec!["run", "--resume", "forged"],
    ] {
        let o = s.authsim(&args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("forged/replications.journal: the journal is of another run, or of another authsim build"),
            "{args:?}: {err}"
        );
    }
}

fn copy(from: &Path, to: &Path) {
    fs::create_dir(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}
