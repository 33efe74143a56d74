//! `deploy/` without a cluster: the Apptainer definition builds what the
//! Dockerfile builds, and the Kubernetes pods, run here by
//! `deploy/kubernetes/test-locally.py`, pass their CPU request to authsim as
//! `--threads` and merge into the single run.

mod common;
use common::bounded;
use common::cluster::{LIMIT, text};
use std::path::Path;
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(path)).unwrap()
}

/// The Dockerfile's stages: each one's base image and the `COPY` lines' sources
/// (`--from=STAGE` kept as the stage's name).
fn dockerfile_stages(text: &str) -> Vec<(String, Vec<String>)> {
    let mut stages: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("FROM ") {
            stages.push((rest.split_whitespace().next().unwrap().into(), vec![]));
        } else if let Some(rest) = line.strip_prefix("COPY ") {
            let words: Vec<&str> = rest.split_whitespace().collect();
            let (from, words) = match words[0].strip_prefix("--from=") {
                Some(stage) => (format!("{stage}:"), &words[1..]),
                None => (String::new(), &words[..]),
            };
            let sources = &words[..words.len() - 1];
            let last = &mut stages.last_mut().unwrap().1;
            last.extend(sources.iter().map(|s| format!("{from}{s}")));
        }
    }
    stages
}

/// The Apptainer definition's stages: each one's `From:` image and its `%files`
/// sources (`%files from STAGE` sources prefixed `STAGE:`), with the section
/// names seen, in order.
fn definition_stages(text: &str) -> Vec<(String, Vec<String>, Vec<String>)> {
    let mut stages: Vec<(String, Vec<String>, Vec<String>)> = Vec::new();
    let mut files_from: Option<String> = None;
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(image) = line.strip_prefix("From:") {
            stages.push((image.trim().into(), vec![], vec![]));
        } else if let Some(section) = line.strip_prefix('%') {
            let (name, from) = section.split_once(" from ").unwrap_or((section, ""));
            stages.last_mut().unwrap().2.push(name.trim().into());
            files_from = (name.trim() == "files").then(|| {
                if from.is_empty() {
                    String::new()
                } else {
                    format!("{}:", from.trim())
                }
            });
        } else if let (Some(from), false) = (&files_from, trimmed.is_empty()) {
            let source = trimmed.split_whitespace().next().unwrap();
            stages.last_mut().unwrap().1.push(format!("{from}{source}"));
        }
    }
    stages
}

/// The definition builds from the Dockerfile's images and sources, with its
/// build command, copies the same binary into the runtime image, and uses only
/// sections Apptainer knows; every source it copies is in the repository.
#[test]
fn apptainer_definition_builds_what_the_dockerfile_builds() {
    let dockerfile = read("deploy/kubernetes/Dockerfile");
    let definition = read("deploy/apptainer/authsim.def");
    let docker = dockerfile_stages(&dockerfile);
    let apptainer = definition_stages(&definition);
    assert_eq!(docker.len(), 2, "{docker:?}");
    assert_eq!(apptainer.len(), 2, "{apptainer:?}");
    for ((image, sources), (def_image, def_sources, _)) in docker.iter().zip(&apptainer) {
        assert_eq!(image, def_image, "the stages' images");
        assert_eq!(sources, def_sources, "the files each stage copies");
    }
    // The runtime stage holds the build stage's binary (named `build` in both).
    assert_eq!(apptainer[1].1, ["build:/src/target/release/authsim"]);
    for source in &apptainer[0].1 {
        assert!(
            Path::new(ROOT).join(source).exists(),
            "{source}: not in the repository"
        );
    }
    // Everything the binary is made of (the sources the build is named by, in
    // crates/export/build.rs) is copied, or the image's build fails.
    let script = read("crates/export/build.rs");
    let list = &script[script.find("const SOURCES").unwrap()..];
    let list = &list[list.find('[').unwrap()..list.find("];").unwrap()];
    let made_of: Vec<&str> = list.split('"').skip(1).step_by(2).collect();
    assert!(made_of.contains(&"docs"), "{made_of:?}");
    for source in made_of {
        assert!(
            apptainer[0].1.iter().any(|s| s == source),
            "{source}: the binary is made of it, and the image does not copy it"
        );
    }
    let build = "cargo build --release --locked --bin authsim";
    assert!(dockerfile.contains(&format!("RUN {build}\n")));
    assert!(definition.contains(&format!("    {build}\n")));
    // Apptainer's sections, from its definition-file documentation.
    let known = [
        "setup",
        "files",
        "environment",
        "post",
        "runscript",
        "startscript",
        "test",
        "labels",
        "help",
        "arguments",
    ];
    for (_, _, sections) in &apptainer {
        for section in sections {
            assert!(known.contains(&section.as_str()), "%{section}");
        }
    }
    assert_eq!(apptainer[0].2, ["files", "post"]);
    assert!(definition.contains("%runscript\n    exec /usr/local/bin/authsim \"$@\"\n"));
}

/// Why deploy/kubernetes/test-locally.py cannot run here, if it cannot.
fn no_kubernetes_tools() -> Option<String> {
    let probe = |program: &str, args: &[&str]| {
        bounded(Command::new(program).args(args), LIMIT).is_ok_and(|o| o.status.success())
    };
    if !probe("python3", &["-c", "import yaml"]) {
        return Some("python3 with yaml (python3-yaml) is not installed".into());
    }
    if !probe("kubectl", &["version", "--client"]) {
        return Some("kubectl (run.sh --dry-run makes its ConfigMap) is not installed".into());
    }
    None
}

/// Three shard pods asking for one CPU each, run here as the Indexed Job runs
/// them (one evicted and retried): each gives authsim `--threads 1` from the
/// downward API, and the merged folder is the single run's.
#[test]
fn kubernetes_pods_pass_their_cpu_request_as_threads() {
    if let Some(why) = no_kubernetes_tools() {
        eprintln!("kubernetes_pods_pass_their_cpu_request_as_threads: skipped, {why}");
        return;
    }
    let scenario = Path::new(ROOT).join("tests/cluster/sharded.toml");
    let out = bounded(
        Command::new("python3")
            .arg(Path::new(ROOT).join("deploy/kubernetes/test-locally.py"))
            .arg(env!("CARGO_BIN_EXE_authsim"))
            .args(["--shards", "3", "--cpus", "1"])
            .arg(&scenario),
        common::DEADLINE,
    )
    .unwrap();
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("every pod ran authsim --threads 1"), "{said}");
    assert!(said.contains("merged folder = single run"), "{said}");
}
