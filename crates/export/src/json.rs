//! The JSON files of a run or shard folder: their `format_version`, and reading
//! one back.

use crate::MAX_RUN_FILE_BYTES;
use authsim_core::error::{Error, Located, Location};
use authsim_core::input::{plausible, read_regular};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::path::Path;

/// The version of the JSON outputs' layout, which every JSON document a run,
/// `analyze` or `compare --json` writes carries as `format_version`: raised
/// when a field a reader relies on changes. (1: authsim 0.8, whose summary
/// writes a metric not modelled as `null`.)
pub const FORMAT_VERSION: u32 = 1;

/// A JSON document with its `format_version` first.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Versioned<T> {
    pub format_version: u32,
    #[serde(flatten)]
    pub document: T,
}

impl<T> Versioned<T> {
    pub fn new(document: T) -> Self {
        Versioned {
            format_version: FORMAT_VERSION,
            document,
        }
    }
}

/// A JSON file of a run folder; a problem is located by line and column, and a
/// number no run writes is refused by its place in the document.
pub fn read_json<T: DeserializeOwned>(path: &Path) -> Result<T, Error> {
    let refuse = |at, message: String| {
        Error::RunFolder(Located {
            file: path.to_path_buf(),
            at,
            message,
        })
    };
    let bytes = read_regular(path, MAX_RUN_FILE_BYTES, |why| refuse(None, why))?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
        let at = Location {
            line: e.line(),
            column: e.column(),
        };
        refuse(Some(at), format!("{e}; is this an authsim run folder?"))
    })?;
    if let Some(place) = implausible(&value, String::new()) {
        return Err(refuse(
            None,
            format!("{place} is not a number a run writes"),
        ));
    }
    serde_json::from_value(value)
        .map_err(|e| refuse(None, format!("{e}; is this an authsim run folder?")))
}

/// The first number in `v` no run writes, by its place in the document.
fn implausible(v: &serde_json::Value, place: String) -> Option<String> {
    match v {
        serde_json::Value::Number(n) => n
            .as_f64()
            .filter(|x| !plausible(*x))
            .map(|x| format!("{place} = {x}")),
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, x)| implausible(x, format!("{place}[{i}]"))),
        serde_json::Value::Object(fields) => fields.iter().find_map(|(k, x)| {
            implausible(
                x,
                if place.is_empty() {
                    k.clone()
                } else {
                    format!("{place}.{k}")
                },
            )
        }),
        _ => None,
    }
}
