//! Run folders compared file by file, and the journal of an unfinished one read
//! the way a test can count it.

#![allow(dead_code)] // each test file uses its own part of this

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// Every file under `dir` (relative path → bytes).
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path.strip_prefix(dir).unwrap().display().to_string();
                out.insert(name, fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// Asserts that two run folders hold the same files with the same bytes, except
/// the provenance a merge writes: summary.json's `command` and `shards`, the
/// report's rows of them, and files.json's listing of summary.json.
pub fn assert_same_run(a: &Path, b: &Path) {
    let (fa, fb) = (files(a), files(b));
    assert_eq!(
        fa.keys().collect::<Vec<_>>(),
        fb.keys().collect::<Vec<_>>(),
        "{} and {} hold different files",
        a.display(),
        b.display()
    );
    for (name, bytes) in &fa {
        let other = &fb[name];
        match name.as_str() {
            "summary.json" => {
                let strip = |bytes: &[u8]| {
                    let mut v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
                    let o = v.as_object_mut().unwrap();
                    o.remove("command");
                    o.remove("shards");
                    v
                };
                assert_eq!(strip(bytes), strip(other), "summary.json differs");
            }
            "files.json" => {
                let strip = |bytes: &[u8]| {
                    let mut v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
                    let files = v["files"].as_array_mut().unwrap();
                    files.retain(|f| f["file"] != "summary.json");
                    v
                };
                assert_eq!(strip(bytes), strip(other), "files.json differs");
            }
            "report.html" => {
                let strip = |bytes: &[u8]| {
                    String::from_utf8_lossy(bytes)
                        .lines()
                        .filter(|l| {
                            !l.starts_with("<tr><td>command</td>")
                                && !l.starts_with("<tr><td>merged from shards</td>")
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                };
                assert!(strip(bytes) == strip(other), "report.html differs");
            }
            _ => assert!(bytes == other, "{name} differs"),
        }
    }
}

/// Whole records in a journal (`replications.journal`): a 24-byte header, then
/// per record its length and checksum (u32s) and the record.
pub fn journal_records(path: &Path) -> usize {
    let Ok(bytes) = fs::read(path) else {
        return 0;
    };
    let (mut at, mut n) = (24, 0);
    while at + 8 <= bytes.len() {
        let len = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
        if at + 8 + len > bytes.len() {
            break;
        }
        at += 8 + len;
        n += 1;
    }
    n
}
