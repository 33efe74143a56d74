//! `--export-markdown FILE`: checked before anything is simulated, written once
//! the run folder is finished.

use super::args::ShowOptions;
use authsim::error::Error;
use authsim::export::folder::lexical;
use authsim::report;
use authsim::report::folder::RunFolder;
use std::fs::OpenOptions;
use std::io::{ErrorKind, Write};
use std::path::Path;

/// The FILE that means standard output.
const STDOUT: &str = "-";

/// Refuses, before a run starts, what could not be exported at its end: a
/// shard (it has no results), `-` beside `--json`, a FILE that exists (a
/// scenario, another run's table: never replaced), the run folder `out` the
/// run is to create, or a FILE whose folder is missing or cannot be written.
pub fn check(show: &ShowOptions, shard: bool, out: Option<&Path>) -> Result<(), Error> {
    let Some(file) = &show.export_markdown else {
        return Ok(());
    };
    let refuse = |why: String| {
        Err(Error::Usage(format!(
            "--export-markdown {}: {why}",
            file.display()
        )))
    };
    if shard {
        return refuse(
            "a shard has no results to export; give --export-markdown to `authsim merge`, which combines the shards"
                .to_string(),
        );
    }
    if file.as_os_str() == STDOUT {
        return match show.json {
            true => refuse("standard output holds the --json document; give a file".to_string()),
            false => Ok(()),
        };
    }
    if let Some(out) = out
        .map(lexical)
        .filter(|out| lexical(file).starts_with(out))
    {
        return refuse(format!(
            "is in the run folder --out names ({}), or is that folder; give a file outside it",
            out.display()
        ));
    }
    new_file(file).or_else(refuse)
}

/// Why `file`, which authsim is to write at the end of a run, is refused
/// before it starts: it exists (authsim never replaces a file), or cannot be
/// made (`creatable`).
pub fn new_file(file: &Path) -> Result<(), String> {
    if file.is_symlink() || file.exists() && !file.is_dir() {
        return Err(
            "the file exists, and authsim never replaces a file; give a new name or move it away"
                .to_string(),
        );
    }
    creatable(file)
}

/// Why `file` could not be written at the end of a run, checked before it
/// starts: it is a folder, its folder is missing, or no file can be made there.
pub fn creatable(file: &Path) -> Result<(), String> {
    if file.is_dir() {
        return Err("is a folder; give a file name".to_string());
    }
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(format!("the folder {} does not exist", dir.display()));
    }
    // Written as it will be at the end: under a temporary name, then removed.
    let probe = dir.join(format!(
        ".{}.tmp",
        file.file_name().unwrap_or_default().to_string_lossy()
    ));
    let written = std::fs::write(&probe, b"").and_then(|()| std::fs::remove_file(&probe));
    written.map_err(|e| format!("cannot write in the folder {}: {e}", dir.display()))
}

/// Writes the Markdown of the finished run folder `folder` to FILE; returns it
/// where FILE is `-`, for standard output.
pub fn export(folder: &Path, show: &ShowOptions) -> Result<Option<String>, Error> {
    let Some(file) = &show.export_markdown else {
        return Ok(None);
    };
    let text = report::markdown::render(&RunFolder::read(folder)?);
    if file.as_os_str() == STDOUT {
        return Ok(Some(text));
    }
    // A new file, whatever came since the check: one made during the run is kept.
    let made = OpenOptions::new().write(true).create_new(true).open(file);
    let mut made = match made {
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {
            return Err(Error::Usage(format!(
                "--export-markdown {0}: the file appeared during the run, and authsim never \
                 replaces a file; `authsim run --resume {1} --export-markdown NEW.md` writes the \
                 tables of the finished run in {1}",
                file.display(),
                folder.display()
            )));
        }
        made => made.map_err(Error::write(file))?,
    };
    // Ours, made here: a part written is removed, so that a run again may make it.
    made.write_all(text.as_bytes()).map_err(|e| {
        let _ = std::fs::remove_file(file);
        Error::write(file)(e)
    })?;
    Ok(None)
}

/// The line saying where the Markdown went, where it went to a file.
pub fn wrote(show: &ShowOptions) -> String {
    match &show.export_markdown {
        Some(file) if file.as_os_str() != STDOUT => format!("wrote {}\n", file.display()),
        _ => String::new(),
    }
}
