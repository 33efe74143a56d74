//! A value the loader could not read, refused in the planner's words: what the
//! key takes, as the scenario's schema says it (a whole number and its range,
//! the words it may be, a duration like "90m", a table written `[simulation]`),
//! and what the file wrote there; never the loader's Rust types.

use super::nearest::{did_you_mean, listed_in};
use super::path::{FieldPath, Problem, Seg};
use super::schema;
use serde::de::DeserializeOwned;
use serde_json::Value as Node;
use toml::Value;

/// The beginnings of serde's own messages about a value of the wrong kind or
/// out of range; any other message is a type's own (a duration's, working
/// hours', an unknown key's) and speaks the planner's words already.
const MISMATCH: [&str; 4] = [
    "invalid type: ",
    "invalid value: ",
    "invalid length ",
    "wanted ",
];

/// `value` read as `T`, or the first problem with it, said in the planner's words.
pub fn typed<T: DeserializeOwned>(value: Value) -> Result<T, Problem> {
    let kept = value.clone();
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = FieldPath::from_serde(e.path());
        refuse(&kept, path, e.into_inner().message())
    })
}

/// Serde's `message` about `path` in `value`, said in the scenario's words.
fn refuse(value: &Value, path: FieldPath, message: &str) -> Problem {
    if let Some(field) = quoted(message, "missing field `") {
        let missing = path.key(field);
        let message = format!("missing: give {}", expected(&missing));
        return Problem::new(missing, message);
    }
    if let Some(word) = quoted(message, "unknown variant `") {
        // A table tagged by a key (`distribution`) names the tag's path.
        let (_, node) = schema::at(&path);
        let path = match tag(&node) {
            Some(key) => path.key(&key),
            None => path,
        };
        let mean = did_you_mean(word, listed_in(message));
        let message = format!("expected {}, got \"{word}\"{mean}", expected(&path));
        return Problem::new(path, message);
    }
    if let Some(key) = quoted(message, "unknown field `") {
        let mean = did_you_mean(key, listed_in(message));
        return Problem::new(path, format!("{message}{mean}"));
    }
    let serde_words =
        MISMATCH.iter().any(|m| message.starts_with(m)) || message.contains("expected string only");
    if !serde_words {
        return Problem::new(path, message);
    }
    // `[[simulation]]` read as a table's fields stops the schema at `simulation`.
    let (depth, node) = schema::at(&path);
    let mut path = FieldPath(path.0[..depth].to_vec());
    if let Some(key) = lookup(value, &path).and_then(|v| mistyped(&node, v)) {
        path = path.key(&key);
    }
    let written = lookup(value, &path);
    let mut message = format!(
        "expected {}, got {}",
        expected(&path),
        written.map_or("nothing".to_string(), |v| got(v, &path))
    );
    // `1e3` is a decimal number in TOML, not the whole number it equals.
    if let Some(Value::Float(x)) = written
        && x.fract() == 0.0
        && x.abs() < 1e15
        && schema::at(&path).1.get("type") == Some(&Node::from("integer"))
    {
        message.push_str(&format!(": write the whole number {x}"));
    }
    Problem::new(path, message)
}

/// A number the TOML parser could not hold (`seed = 9223372036854775808`,
/// `users = 1e400`), written as `written` at `path` of the file.
pub fn too_large(path: &FieldPath, written: &str) -> String {
    let key = in_scenario(path);
    let what = key
        .as_ref()
        .map_or("a list of the values to sweep".to_string(), expected);
    format!("{path}: expected {what}, got {written}, too large a number for TOML to hold")
}

/// The scenario's key a path of the file names: a variant's `set` names the
/// scenario's keys, a `[sweep]` list holds values of the key it names (and
/// is none itself).
fn in_scenario(path: &FieldPath) -> Option<FieldPath> {
    let segs = &path.0;
    let key = |s: &Seg, name: &str| matches!(s, Seg::Key(k) if k == name);
    match segs.as_slice() {
        [variant, Seg::Index(_), set, rest @ ..] if key(variant, "variant") && key(set, "set") => {
            Some(FieldPath(rest.to_vec()))
        }
        [sweep, rest @ .., Seg::Index(_)] if key(sweep, "sweep") => Some(FieldPath(rest.to_vec())),
        [sweep, ..] if key(sweep, "sweep") => None,
        _ => Some(path.clone()),
    }
}

/// What the key at `path` takes, from the schema.
fn expected(path: &FieldPath) -> String {
    let (_, node) = schema::at(path);
    describe(&node, path)
}

fn describe(node: &Node, path: &FieldPath) -> String {
    let words: Vec<String> = strings(node).iter().map(|w| format!("\"{w}\"")).collect();
    if !words.is_empty() {
        return either(&words, "one of ");
    }
    if let Some(key) = tag(node) {
        return format!("a table naming its `{key}`, {}", expected(&path.key(&key)));
    }
    let bound = |key: &str, words: &str| node.get(key).map(|x| format!("{words} {}", number(x)));
    match node.get("type").and_then(Node::as_str) {
        Some("integer") => format!(
            "a whole number {}{}",
            bound("minimum", "from").unwrap_or("from 0".to_string()),
            bound("maximum", "to").map_or(String::new(), |b| format!(" {b}"))
        ),
        Some("number") => {
            let lower = bound("exclusiveMinimum", "above").or(bound("minimum", "at least"));
            let upper = bound("exclusiveMaximum", "below").or(bound("maximum", "at most"));
            let range: Vec<String> = lower.into_iter().chain(upper).collect();
            match range.is_empty() {
                true => "a number".to_string(),
                false => format!("a number {}", range.join(" and ")),
            }
        }
        Some("boolean") => "true or false".to_string(),
        Some("string") => time(node).unwrap_or("text in quotes".to_string()),
        Some("array") => list(node, path),
        Some("object") => table(node, path),
        // A choice of kinds (an availability: a percentage or a share): its examples.
        _ => match examples(node) {
            Some(examples) => format!("a value like {}", listed(&examples, "or")),
            None => "a value".to_string(),
        },
    }
}

/// The schema's examples of a value, as TOML writes them.
fn examples(node: &Node) -> Option<Vec<String>> {
    let examples: Vec<String> = (node.get("examples")?.as_array()?.iter())
        .map(|e| match e.as_str() {
            Some(text) => format!("\"{text}\""),
            None => e.to_string(),
        })
        .collect();
    (!examples.is_empty()).then_some(examples)
}

/// A time the loader parses itself: the schema's description of it, and its examples.
fn time(node: &Node) -> Option<String> {
    let description = node.get("description")?.as_str()?;
    let end = [": ", "; ", ". "]
        .iter()
        .filter_map(|stop| description.find(stop))
        .min()
        .unwrap_or(description.len());
    let phrase = description[..end].trim_end_matches('.');
    let mut chars = phrase.chars();
    let first = chars.next()?.to_lowercase();
    let examples: Vec<String> = node
        .get("examples")?
        .as_array()?
        .iter()
        .filter_map(|e| Some(format!("\"{}\"", e.as_str()?)))
        .collect();
    Some(format!(
        "{first}{}, like {}",
        chars.as_str(),
        either(&examples, "")
    ))
}

fn list(node: &Node, path: &FieldPath) -> String {
    let items = node.get("items").map(schema::resolve).unwrap_or_default();
    match items.get("type").and_then(Node::as_str) {
        Some("object") if path.0.len() == 1 => {
            format!("a list of tables, each written [[{path}]]")
        }
        Some("object") => "a list of tables, [{ ... }, { ... }]".to_string(),
        Some("string") if strings(&items).is_empty() && items.get("examples").is_none() => {
            "a list of names in quotes, like [\"a\", \"b\"]".to_string()
        }
        _ => format!("a list [...], each {}", describe(&items, &path.index(0))),
    }
}

fn table(node: &Node, path: &FieldPath) -> String {
    let header = path.0.iter().all(|s| matches!(s, Seg::Key(_))) && !path.0.is_empty();
    if node
        .get("additionalProperties")
        .is_some_and(Node::is_object)
    {
        return match header {
            true => format!("a table of entries by name, [{path}.NAME]"),
            false => "a table of entries by name".to_string(),
        };
    }
    let keys: Vec<String> = node
        .get("properties")
        .and_then(Node::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    let written = match header {
        true => format!("a table, [{path}] or {{ ... }}"),
        false => "a table { ... }".to_string(),
    };
    match keys.len() {
        1..=6 => format!("{written}, with the keys {}", listed(&keys, "and")),
        _ => written,
    }
}

/// The words a key may be: an enumeration, or the choices of one.
fn strings(node: &Node) -> Vec<String> {
    let own = ["enum", "const"]
        .iter()
        .filter_map(|key| node.get(key))
        .flat_map(|v| v.as_array().cloned().unwrap_or_else(|| vec![v.clone()]))
        .filter_map(|v| Some(v.as_str()?.to_string()));
    let choices = node
        .get("oneOf")
        .and_then(Node::as_array)
        .into_iter()
        .flatten()
        .filter(|c| c.get("type").and_then(Node::as_str) == Some("string"))
        .flat_map(strings);
    own.chain(choices).collect()
}

/// The key that tags a table's choices (`distribution`, `kind`): a word each choice fixes.
fn tag(node: &Node) -> Option<String> {
    let first = node.get("oneOf")?.as_array()?.first()?;
    let properties = schema::resolve(first);
    let (key, _) = properties
        .get("properties")?
        .as_object()?
        .iter()
        .find(|(_, p)| p.get("const").is_some())?;
    Some(key.clone())
}

/// `"a"`, `"a" or "b"`, or `one of "a", "b" or "c"` with `many` as the lead.
fn either(words: &[String], many: &str) -> String {
    match words {
        [_, _, _, ..] => format!("{many}{}", listed(words, "or")),
        _ => listed(words, "or"),
    }
}

/// `a`, `a or b`, `a, b or c` (with `and` for `or` where every one is meant).
fn listed(words: &[String], last: &str) -> String {
    match words {
        [] => String::new(),
        [only] => only.clone(),
        [rest @ .., end] => format!("{} {last} {end}", rest.join(", ")),
    }
}

/// The key of `table` holding a value of the wrong kind, where serde names the
/// table (a tagged table, `{ distribution = "exponential", mean = 5 }`, is read whole).
fn mistyped(node: &Node, table: &Value) -> Option<String> {
    let entries = table.as_table()?;
    let choice = tag(node).and_then(|key| {
        let word = Node::from(entries.get(&key)?.as_str()?);
        let fixed = format!("/properties/{key}/const");
        let choices = node.get("oneOf")?.as_array()?.iter().map(schema::resolve);
        choices
            .into_iter()
            .find(|c| c.pointer(&fixed) == Some(&word))
    });
    let fields = choice.as_ref().unwrap_or(node).get("properties")?;
    entries.iter().find_map(|(key, v)| {
        let kind = schema::resolve(fields.get(key)?);
        let wanted = kind.get("type").and_then(Node::as_str)?;
        let fits = match v {
            Value::String(_) => wanted == "string",
            Value::Integer(_) => wanted == "integer" || wanted == "number",
            Value::Float(_) => wanted == "number",
            Value::Boolean(_) => wanted == "boolean",
            Value::Datetime(_) => false,
            Value::Array(_) => wanted == "array",
            Value::Table(_) => wanted == "object",
        };
        (!fits).then(|| key.clone())
    })
}

/// What the file wrote, as the planner wrote it.
fn got(value: &Value, path: &FieldPath) -> String {
    let header = !path.0.is_empty() && path.0.iter().all(|s| matches!(s, Seg::Key(_)));
    match value {
        Value::String(s) => {
            let number = s
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|_| s.contains(|c: char| c.is_ascii_digit()));
            match number {
                Some(n) if n.is_finite() => {
                    format!("{s:?}, a number in quotes: write it without them")
                }
                Some(_) => format!("{s}, too large a number for TOML to hold"),
                None if s.chars().count() > 60 => {
                    format!("{:?}...", s.chars().take(60).collect::<String>())
                }
                None => format!("{s:?}"),
            }
        }
        Value::Integer(i) => i.to_string(),
        Value::Float(f) => format!("{f:?}"),
        Value::Boolean(b) => b.to_string(),
        Value::Datetime(d) => format!("the date {d}"),
        Value::Array(items) if header && !items.is_empty() && items.iter().all(Value::is_table) => {
            format!("a list of tables, [[{path}]]")
        }
        Value::Array(_) => "a list [...]".to_string(),
        Value::Table(_) if path.0.len() == 1 => format!("a table, [{path}]"),
        Value::Table(_) => "a table { ... }".to_string(),
    }
}

/// The value at `path` in `value`.
fn lookup<'v>(value: &'v Value, path: &FieldPath) -> Option<&'v Value> {
    path.0.iter().try_fold(value, |v, seg| match seg {
        Seg::Key(k) => v.get(k.as_str()),
        Seg::Index(i) => v.get(*i),
    })
}

/// `message`'s word between `before` and the next backtick.
fn quoted<'m>(message: &'m str, before: &str) -> Option<&'m str> {
    let rest = message.strip_prefix(before)?;
    rest.split_once('`').map(|(word, _)| word)
}

/// A bound as the planner reads it: `360,000`, `9,223,372,036,854,775,807`, `0.5`.
fn number(x: &Node) -> String {
    let whole = match (x.as_u64(), x.as_f64()) {
        (Some(n), _) => n,
        (None, Some(f)) if f.fract() == 0.0 && (0.0..1e15).contains(&f) => f as u64,
        _ => return x.to_string(),
    };
    let digits = whole.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(d);
    }
    out
}
