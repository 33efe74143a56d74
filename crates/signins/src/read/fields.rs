//! Reading one field of a record, whatever the export made of its type: a
//! JSON string, number, boolean or null, a CSV cell's text (`TRUE`, empty
//! for null), or a string that holds JSON.

use std::borrow::Cow;

use serde_json::{Map, Value};

/// The value at a dotted path (`deviceDetail.trustType`); a string that
/// holds JSON on the way is read as that JSON.
pub(crate) fn at<'a>(fields: &'a Map<String, Value>, path: &str) -> Option<Cow<'a, Value>> {
    let mut parts = path.split('.');
    let mut value = Cow::Borrowed(fields.get(parts.next()?)?);
    for part in parts {
        value = match nested(value) {
            Cow::Borrowed(Value::Object(m)) => Cow::Borrowed(m.get(part)?),
            Cow::Owned(Value::Object(mut m)) => Cow::Owned(m.remove(part)?),
            _ => return None,
        };
    }
    Some(value)
}

/// A string that holds a JSON object or array, as that JSON; else as it is.
pub(crate) fn nested(value: Cow<'_, Value>) -> Cow<'_, Value> {
    if let Value::String(s) = value.as_ref()
        && let Some(parsed) = json_text(s)
    {
        return Cow::Owned(parsed);
    }
    value
}

/// Text that holds a JSON object or array (a CSV cell, a string field), as
/// that JSON.
pub(crate) fn json_text(s: &str) -> Option<Value> {
    let t = s.trim_start();
    if t.starts_with('{') || t.starts_with('[') {
        serde_json::from_str(t).ok()
    } else {
        None
    }
}

/// Text that says something: trimmed, and neither empty nor null.
pub(crate) fn text(value: Option<&Value>) -> Option<&str> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim()),
        _ => None,
    }
}

/// A field's value as text for grouping: strings as they are, numbers and
/// booleans written out; empty, null and absent are `None`.
pub(crate) fn as_group(value: Option<Cow<'_, Value>>) -> Option<String> {
    match value?.as_ref() {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A boolean: JSON `true`, or `TRUE`, `True`, `yes`, `1` (and their opposites).
pub(crate) fn flag(value: Option<&Value>) -> Option<bool> {
    match value? {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_i64().map(|n| n != 0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => Some(true),
            "false" | "no" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A whole number, written as a number or as text (`"0"`, `"50126"`).
pub(crate) fn whole(value: Option<&Value>) -> Option<i64> {
    match value? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Letters and digits only, lower case: `Single-factor authentication`
/// and `singleFactorAuthentication` compare equal.
pub(crate) fn squeeze(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}
