//! Reading one field of a record, whatever the export made of its type: a
//! JSON string, number, boolean or null, a CSV cell's text (`TRUE`, empty
//! for null), or a string that holds JSON.

use std::borrow::Cow;

use super::loose::{Loose, Object, parse_owned};

/// The value at a dotted path (`deviceDetail.trustType`); a string that
/// holds JSON on the way is read as that JSON.
pub(crate) fn at<'v, 'a>(fields: &'v Object<'a>, path: &str) -> Option<Cow<'v, Loose<'a>>> {
    let mut parts = path.split('.');
    let mut value = Cow::Borrowed(fields.get(parts.next()?)?);
    for part in parts {
        value = match nested(value) {
            Cow::Borrowed(Loose::Object(m)) => Cow::Borrowed(m.get(part)?),
            Cow::Owned(Loose::Object(mut m)) => Cow::Owned(m.remove(part)?),
            _ => return None,
        };
    }
    Some(value)
}

/// A string that holds a JSON object or array, as that JSON; else as it is.
pub(crate) fn nested<'v, 'a>(value: Cow<'v, Loose<'a>>) -> Cow<'v, Loose<'a>> {
    if let Loose::Text(s) = value.as_ref()
        && let Some(parsed) = json_text(s)
    {
        return Cow::Owned(parsed);
    }
    value
}

/// Text that holds a JSON object or array (a CSV cell, a string field), as
/// that JSON.
pub(crate) fn json_text(s: &str) -> Option<Loose<'static>> {
    let t = s.trim_start();
    if t.starts_with('{') || t.starts_with('[') {
        parse_owned(t)
    } else {
        None
    }
}

/// Text that says something: trimmed, and neither empty nor null.
pub(crate) fn text<'v>(value: Option<&'v Loose<'_>>) -> Option<&'v str> {
    match value? {
        Loose::Text(s) if !s.trim().is_empty() => Some(s.trim()),
        _ => None,
    }
}

/// A field's value as text for grouping: strings as they are, numbers and
/// booleans written out; empty, null and absent are `None`.
pub(crate) fn as_group(value: Option<Cow<'_, Loose<'_>>>) -> Option<String> {
    match value?.as_ref() {
        Loose::Text(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Loose::Number(n) => Some(n.to_string()),
        Loose::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A boolean: JSON `true`, or `TRUE`, `True`, `yes`, `1` (and their opposites).
pub(crate) fn flag(value: Option<&Loose<'_>>) -> Option<bool> {
    match value? {
        Loose::Bool(b) => Some(*b),
        Loose::Number(n) => n.as_i64().map(|n| n != 0),
        Loose::Text(s) => {
            let s = s.trim();
            let is = |w: &str| s.eq_ignore_ascii_case(w);
            if is("true") || is("yes") || is("1") {
                Some(true)
            } else if is("false") || is("no") || is("0") {
                Some(false)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// A whole number, written as a number or as text (`"0"`, `"50126"`).
pub(crate) fn whole(value: Option<&Loose<'_>>) -> Option<i64> {
    match value? {
        Loose::Number(n) => n.as_i64(),
        Loose::Text(s) => s.trim().parse().ok(),
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

/// `squeeze(s) == squeezed`, without making the squeezed text.
pub(crate) fn squeezes_to(s: &str, squeezed: &str) -> bool {
    s.bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_lowercase())
        .eq(squeezed.bytes())
}

/// What the word that `s` squeezes to stands for, among `words`.
pub(crate) fn one_of<T: Copy>(s: &str, words: &[(&str, T)]) -> Option<T> {
    words
        .iter()
        .find(|(w, _)| squeezes_to(s, w))
        .map(|&(_, v)| v)
}
