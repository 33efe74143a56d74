//! `authsim init` and `authsim scenarios`: starting a scenario from a bundled one.

use super::emit;
use authsim::error::Error;
use authsim::scenario::schema::{SCHEMA_FILE, schema};
use authsim::scenario::{BUNDLED, Bundled};
use std::fs::OpenOptions;
use std::io::{self, ErrorKind, Write};
use std::path::Path;

/// Writes the bundled scenario `from` (the default when `None`) to `file`, which
/// must not exist, and the schema its first line names next to it where there is
/// none.
pub fn init(file: &Path, from: Option<&str>) -> Result<(), Error> {
    let bundled = match from {
        None => BUNDLED[0],
        Some(name) => Bundled::named(name).ok_or_else(|| {
            let names: Vec<&str> = BUNDLED.iter().map(|b| b.name).collect();
            Error::Usage(format!(
                "--from {name}: no bundled scenario has this name; the names are: {} (`authsim scenarios` says what each answers)",
                names.join(", ")
            ))
        })?,
    };
    let folder = file.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(folder) = folder.filter(|f| !f.is_dir()) {
        return Err(Error::Usage(format!(
            "{}: no such folder: create it first, or name a file in a folder that exists",
            folder.display()
        )));
    }
    if file.is_dir() {
        return Err(Error::Usage(format!(
            "{} is a folder: name the scenario file to create, e.g. `authsim init {}`",
            file.display(),
            file.join(super::args::STARTER).display()
        )));
    }
    // The bundled text says how to run it from the source; the copy, how to run the copy.
    let text = bundled.text.replace(
        &format!("cargo run --release -- run {}", bundled.path),
        &format!("authsim run {}", file.display()),
    );
    create(file, &text).map_err(|e| match e.kind() {
        ErrorKind::AlreadyExists => Error::Usage(format!(
            "{} exists already, and authsim init never overwrites a file: name a new one, e.g. `authsim init my-scenario.toml`",
            file.display()
        )),
        _ => Error::write(file)(e),
    })?;
    let schema_file = file.parent().unwrap_or(Path::new("")).join(SCHEMA_FILE);
    let schema_note = match create(&schema_file, &schema()) {
        Ok(()) => "wrote",
        Err(e) if e.kind() == ErrorKind::AlreadyExists => "kept the existing",
        Err(e) => return Err(Error::write(&schema_file)(e)),
    };
    let file = file.display();
    emit(&format!(
        "wrote {file} (from {})\n{schema_note} {}: the schema its first line points editors at\n\
         next: edit it, then `authsim check {file}` and `authsim run {file}`\n",
        bundled.path,
        schema_file.display()
    ))
}

/// Creates `path` with `text`; an existing file is an error, never overwritten.
fn create(path: &Path, text: &str) -> io::Result<()> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?
        .write_all(text.as_bytes())
}

/// Every bundled scenario's name and the question it answers; with `json`, and
/// its file in the source, as a JSON document.
pub fn scenarios(json: bool) -> Result<(), Error> {
    if json {
        let list: Vec<_> = BUNDLED
            .iter()
            .map(
                |b| serde_json::json!({ "name": b.name, "file": b.path, "question": b.question() }),
            )
            .collect();
        let document = serde_json::json!({ "default": BUNDLED[0].name, "scenarios": list });
        let text = serde_json::to_string_pretty(&document).expect("a JSON value serializes");
        return emit(&(text + "\n"));
    }
    let width = BUNDLED.iter().map(|b| b.name.len()).max().unwrap_or(0);
    let mut lines: String = BUNDLED
        .iter()
        .map(|b| format!("{:width$}  {}\n", b.name, b.question()))
        .collect();
    lines.push_str(&format!(
        "\n`authsim init --from NAME` writes one to edit; `authsim run` runs {} when given no scenario.\n",
        BUNDLED[0].name
    ));
    emit(&lines)
}
