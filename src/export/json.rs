//! Reading back a JSON file of a run or shard folder.

use crate::error::{Error, Located, Location};
use crate::export::MAX_RUN_FILE_BYTES;
use crate::input::{plausible, read_regular};
use serde::de::DeserializeOwned;
use std::path::Path;

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
