//! `files.json`: the list a finished folder ends with, of every file it holds
//! for reading back (a run folder's results; a shard folder's manifest and
//! journal), each with its size and CRC-32 as written. It is written after
//! everything it lists and before the folder is final, so a folder that has it
//! can tell it is whole: a listed file that is missing, cut short or changed
//! since is refused by name, with what to do. Folders of builds before the list
//! have none and are read as they are (`report::folder` checks what their files
//! can show of themselves). Charts and `report.html` are not listed: `authsim
//! plot` draws them again from the listed files.

use super::RESOLVED_SCENARIO;
use super::json::read_json;
use authsim_core::error::{Error, Located};
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{self, Read};
use std::path::{Component, Path};

/// The list of a folder's files.
pub const FILES_JSON: &str = "files.json";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct FileList {
    #[serde(default)]
    format_version: u32,
    files: Vec<Listed>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Listed {
    /// Its name in the folder.
    file: String,
    bytes: u64,
    /// Of its bytes, as 8 hex digits.
    crc32: String,
}

/// Lists `files` of `dir` as they are now, in `files.json`.
pub fn seal<'a>(dir: &Path, files: impl IntoIterator<Item = &'a str>) -> Result<(), Error> {
    let files = files
        .into_iter()
        .map(|file| {
            let path = dir.join(file);
            let (bytes, crc) = measure(&path).map_err(|source| Error::Read { path, source })?;
            Ok(Listed {
                file: file.to_string(),
                bytes,
                crc32: hex(crc),
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let path = dir.join(FILES_JSON);
    let text = serde_json::to_string_pretty(&FileList {
        format_version: super::FORMAT_VERSION,
        files,
    })
    .expect("a list serializes")
        + "\n";
    std::fs::write(&path, text).map_err(Error::write(&path))
}

/// Removes the list of a folder whose files are about to change (a shard
/// played on): it is written again when they are whole.
pub fn unseal(dir: &Path) -> Result<(), Error> {
    let path = dir.join(FILES_JSON);
    match std::fs::remove_file(&path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(Error::write(&path)(e)),
        _ => Ok(()),
    }
}

/// A finished run folder to read results from: whole, where it lists its files.
pub fn check_run(dir: &Path) -> Result<(), Error> {
    let remedy = format!(
        "copy the folder again from where the run wrote it, or run it again: `authsim run {}` reproduces it",
        dir.join(RESOLVED_SCENARIO).display()
    );
    check(dir, &remedy).map(drop)
}

/// A shard folder to merge: whole, where it lists its files. Whether it does,
/// which a shard that finished always does.
pub fn check_shard(dir: &Path) -> Result<bool, Error> {
    let remedy = format!(
        "copy the folder again from where the shard was played, or `authsim run --resume {}` plays what it lost again",
        dir.display()
    );
    check(dir, &remedy)
}

/// Refuses `dir` where its list names a file missing, cut short or changed,
/// saying `remedy`; whether it has a list.
fn check(dir: &Path, remedy: &str) -> Result<bool, Error> {
    let list_path = dir.join(FILES_JSON);
    if !(list_path.exists() || list_path.is_symlink()) {
        return Ok(false);
    }
    let list: FileList = read_json(&list_path)?;
    for listed in &list.files {
        let mut parts = Path::new(&listed.file).components();
        if !matches!(
            (parts.next(), parts.next()),
            (Some(Component::Normal(_)), None)
        ) {
            return Err(Error::RunFolder(Located {
                file: list_path,
                at: None,
                message: format!(
                    "lists `{}`, which is no file of the folder: is this an authsim run folder?",
                    listed.file
                ),
            }));
        }
        let path = dir.join(&listed.file);
        let Some(wrong) = wrong(&path, listed)? else {
            continue;
        };
        return Err(Error::RunFolder(Located {
            file: path,
            at: None,
            message: format!("{wrong}, so the folder is not whole; {remedy}"),
        }));
    }
    Ok(true)
}

/// What is wrong with the file at `path` against its listing, if anything.
fn wrong(path: &Path, listed: &Listed) -> Result<Option<String>, Error> {
    let size = match std::fs::metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Ok(Some(format!("missing: {FILES_JSON} lists it")));
        }
        Err(source) => {
            return Err(Error::Read {
                path: path.to_path_buf(),
                source,
            });
        }
        Ok(m) if !m.is_file() => return Ok(Some("not a regular file".to_string())),
        Ok(m) => m.len(),
    };
    let whole = listed.bytes;
    if size < whole {
        return Ok(Some(format!(
            "cut short: {size} bytes of the {whole} {FILES_JSON} lists"
        )));
    }
    if size > whole {
        return Ok(Some(format!(
            "changed: {size} bytes where {FILES_JSON} lists {whole}"
        )));
    }
    let (_, crc) = measure(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    Ok((hex(crc) != listed.crc32).then(|| {
        format!(
            "changed: its CRC-32 is {} where {FILES_JSON} lists {}",
            hex(crc),
            listed.crc32
        )
    }))
}

/// Size and CRC-32 of a regular file, read in pieces.
fn measure(path: &Path) -> io::Result<(u64, u32)> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    let mut file = File::open(path)?;
    let mut hasher = crc32fast::Hasher::new();
    let mut buffer = vec![0; 1 << 16];
    let mut bytes = 0;
    loop {
        match file.read(&mut buffer) {
            Ok(0) => return Ok((bytes, hasher.finalize())),
            Ok(n) => {
                hasher.update(&buffer[..n]);
                bytes += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

fn hex(crc: u32) -> String {
    format!("{crc:08x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listed_file_missing_cut_or_changed_is_named() {
        let dir = std::env::temp_dir().join(format!("authsim-whole-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        assert!(!check(&dir, "do this").unwrap(), "no list: read as it is");
        std::fs::write(dir.join("a.csv"), "x,y\n1,2\n").unwrap();
        std::fs::write(dir.join("b.json"), "{}\n").unwrap();
        seal(&dir, ["a.csv", "b.json"]).unwrap();
        assert!(check(&dir, "do this").unwrap());
        let refusal = |edit: &dyn Fn()| {
            edit();
            let e = check(&dir, "do this").unwrap_err().to_string();
            std::fs::write(dir.join("a.csv"), "x,y\n1,2\n").unwrap();
            e
        };
        let a = dir.join("a.csv");
        let e = refusal(&|| std::fs::write(&a, "x,y\n").unwrap());
        assert!(e.contains("a.csv: cut short: 4 bytes of the 8 files.json lists, so the folder is not whole; do this"), "{e}");
        let e = refusal(&|| std::fs::write(&a, "x,y\n1,3\n").unwrap());
        assert!(e.contains("a.csv: changed: its CRC-32 is"), "{e}");
        let e = refusal(&|| std::fs::write(&a, "x,y\n1,2\n3,4\n").unwrap());
        assert!(
            e.contains("a.csv: changed: 12 bytes where files.json lists 8"),
            "{e}"
        );
        let e = refusal(&|| std::fs::remove_file(&a).unwrap());
        assert!(e.contains("a.csv: missing: files.json lists it"), "{e}");
        std::fs::write(
            dir.join(FILES_JSON),
            r#"{"files":[{"file":"../a.csv","bytes":8,"crc32":"0"}]}"#,
        )
        .unwrap();
        let e = check(&dir, "do this").unwrap_err().to_string();
        assert!(
            e.contains("lists `../a.csv`, which is no file of the folder"),
            "{e}"
        );
        unseal(&dir).unwrap();
        assert!(!check(&dir, "do this").unwrap());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
