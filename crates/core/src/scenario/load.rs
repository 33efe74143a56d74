//! Reads a scenario file (a regular file, bounded, UTF-8, TOML) into a run plan,
//! turning every problem into a message with its file, line and column.

use super::expected;
use super::limits::MAX_FILE_BYTES;
use super::plan::{PlanProblem, RunPlan};
use super::source_map::{SourceMap, location};
use crate::error::{Error, Located};
use crate::input::read_regular;
use std::path::Path;
use toml::Table;

pub fn load(file: &Path) -> Result<RunPlan, Error> {
    let text = read(file)?;
    load_str(&text, file)
}

/// `file` only names the source in messages.
pub fn load_str(text: &str, file: &Path) -> Result<RunPlan, Error> {
    let located = |at, message: String| Located {
        file: file.to_path_buf(),
        at,
        message: one_line(&message),
    };
    // What `load` reads is bounded already; text from elsewhere is bounded here.
    if text.len() as u64 > MAX_FILE_BYTES {
        let message = format!(
            "larger than {} MiB: a scenario is a few kilobytes of TOML",
            MAX_FILE_BYTES >> 20
        );
        return Err(Error::Scenario(located(None, message)));
    }
    let map =
        SourceMap::parse(text).map_err(|(at, message)| Error::Scenario(located(at, message)))?;
    let raw: Table = toml::from_str(text).map_err(|e| {
        let at = e.span().map(|s| location(text, s.start));
        // Only a number too large to hold passes the source map and fails here.
        let value = e
            .span()
            .and_then(|s| Some((map.path_at(s.start)?, text.get(s)?)));
        let message = match value {
            Some((path, written)) => expected::too_large(&path, written),
            None => e.message().to_string(),
        };
        Error::Scenario(located(at, message))
    })?;
    let place = |p| placed(&map, file, p);
    let (mut plan, warnings) =
        RunPlan::new(file.to_path_buf(), raw).map_err(|p| Error::Scenario(place(p)))?;
    plan.warnings = warnings.into_iter().map(place).collect();
    plan.header = header(text);
    Ok(plan)
}

/// What the first line of a resolved scenario says after the file's name.
pub const RESOLVED_BY: &str = ", resolved by authsim ";

/// The text of the leading block of `#` comments, each line without its `#` and
/// the space after it; an editor's `#:schema` directive is no part of it. In a
/// resolved scenario (its first line says so) authsim's own lines come first,
/// none of them blank, then a blank one: the header is what follows.
pub fn header(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text
        .lines()
        .map(str::trim_end)
        .skip_while(|l| l.is_empty() || l.starts_with("#:"))
        .map_while(|l| l.strip_prefix('#'))
        .map(|l| l.strip_prefix(' ').unwrap_or(l).to_string())
        .collect();
    if lines.first().is_some_and(|l| l.contains(RESOLVED_BY)) {
        let authsim = lines.iter().position(String::is_empty);
        lines.drain(..authsim.map_or(lines.len(), |blank| blank + 1));
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// Problems the file `text` holds, each with the line where it writes their path.
pub(super) fn place(text: &str, file: &Path, problems: Vec<PlanProblem>) -> Vec<Located> {
    match (problems.is_empty(), SourceMap::parse(text)) {
        (false, Ok(map)) => problems
            .into_iter()
            .map(|p| placed(&map, file, p))
            .collect(),
        _ => Vec::new(),
    }
}

fn placed(map: &SourceMap, file: &Path, p: PlanProblem) -> Located {
    let prefix = p
        .variant
        .map_or(String::new(), |name| format!("in variant \"{name}\": "));
    Located {
        file: file.to_path_buf(),
        at: map.locate(&p.at.join(&p.problem.path)),
        message: one_line(&format!("{prefix}{}", p.problem)),
    }
}

/// A message on one line: a control character the file wrote into a value (a
/// newline in a quoted string) and a message repeats is written escaped.
fn one_line(message: &str) -> String {
    message
        .chars()
        .map(|c| match super::names::unseen(c) {
            true => c.escape_default().to_string(),
            false => c.to_string(),
        })
        .collect()
}

/// The file's text: only a regular file, at most `MAX_FILE_BYTES`, UTF-8.
pub fn read(file: &Path) -> Result<String, Error> {
    let refuse = |at, message: String| {
        Error::Scenario(Located {
            file: file.to_path_buf(),
            at,
            message,
        })
    };
    let advice = |why: String| {
        refuse(
            None,
            format!("{why}: give the path of a scenario's .toml file (a few kilobytes of TOML)"),
        )
    };
    let bytes = read_regular(file, MAX_FILE_BYTES, advice)?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
        refuse(
            Some(location(valid, offset)),
            format!(
                "not UTF-8: byte 0x{:02x} at byte offset {offset}; save the scenario as UTF-8",
                bytes[offset]
            ),
        )
    })
}

/// The scenario a resolved file holds, read as written, without the checks a run
/// needs: what a report of an earlier run shows, whichever version wrote it.
pub fn read_resolved(file: &Path) -> Result<super::Scenario, Error> {
    let text = read(file)?;
    let map = SourceMap::parse(&text).map_err(|(at, message)| {
        Error::RunFolder(Located {
            file: file.to_path_buf(),
            at,
            message,
        })
    })?;
    let value: toml::Value = toml::from_str(&text).map_err(|e| {
        Error::RunFolder(Located {
            file: file.to_path_buf(),
            at: e.span().map(|s| location(&text, s.start)),
            message: e.message().to_string(),
        })
    })?;
    expected::typed(value).map_err(|problem| {
        Error::RunFolder(Located {
            file: file.to_path_buf(),
            at: map.locate(&problem.path),
            message: problem.to_string(),
        })
    })
}
