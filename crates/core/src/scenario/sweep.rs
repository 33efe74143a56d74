//! Sweeps: a grid of values for dotted paths, each combination a variant.
//! Axes come from `--set PATH=V1,V2,...` or from the scenario's `[sweep]` table.
//! A value may carry a label, which names its variants in place of `PATH=VALUE`:
//! `--set PATH=LABEL=VALUE,...`, or `{ label = "...", value = ... }` in `[sweep]`.

use super::path::{FieldPath, Problem};
use super::{limits, names};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use toml::{Table, Value};

/// One swept parameter and its values.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    pub path: String,
    pub values: Vec<Value>,
    /// What names each value's variants, one per value; empty: `PATH=VALUE`.
    pub labels: Vec<String>,
}

pub const SET_FORM: &str = "PATH=VALUE1,VALUE2,... (e.g. --set policy.access_token_lifetime=1h,4h,8h, or with labels --set policy.access_token_lifetime=short=1h,long=8h)";

/// How to label values, said where some are labelled and some are not.
const LABEL_FORM: &str = "label every value of the path, or none: LABEL=VALUE in --set, { label = \"...\", value = ... } in [sweep]";

/// Parses a command-line `--set PATH=V1,V2,...`.
pub fn parse_set(arg: &str) -> Result<Axis, String> {
    let bad = |why: &str| format!("--set {arg}: {why}; write {SET_FORM}");
    let (path, list) = arg.split_once('=').ok_or_else(|| bad("no `=`"))?;
    let path = path.trim();
    if path.is_empty()
        || path
            .split('.')
            .any(|k| k.trim().is_empty() || k.contains(char::is_whitespace))
    {
        return Err(bad(
            "the path must be dotted keys like policy.access_token_lifetime",
        ));
    }
    let mut values = Vec::new();
    let mut labels = Vec::new();
    for item in split_top_level(list, ',') {
        // `LABEL=VALUE`: an `=` outside brackets and quotes, which no value has.
        let value = match split_top_level(item, '=')[..] {
            [written, _, ..] => {
                let label = written.trim();
                if label.is_empty() {
                    return Err(bad("a label is empty: write LABEL=VALUE"));
                }
                labels.push(label.to_string());
                &item[written.len() + 1..]
            }
            _ => item,
        };
        values.push(self::value(value.trim()));
    }
    if values.iter().any(|v| v.as_str() == Some("")) {
        return Err(bad("a value is empty"));
    }
    let axis = Axis {
        path: path.to_string(),
        values,
        labels,
    };
    match axis.unnameable() {
        Some(why) => Err(format!("--set {}: {why}", axis.path)),
        None => Ok(axis),
    }
}

/// A TOML value where the text is one (`8`, `true`, `[...]`, `"x"`), else a bare string (`4h`).
fn value(text: &str) -> Value {
    toml::from_str::<Table>(&format!("v = {text}"))
        .ok()
        .and_then(|mut t| t.remove("v"))
        .unwrap_or_else(|| Value::String(text.to_string()))
}

/// Splits at `separator` outside brackets, braces and quotes.
fn split_top_level(list: &str, separator: char) -> Vec<&str> {
    let (mut depth, mut quote, mut start) = (0i32, None, 0);
    let mut parts = Vec::new();
    for (i, c) in list.char_indices() {
        match (c, quote) {
            ('"' | '\'', None) => quote = Some(c),
            (q, Some(open)) if q == open => quote = None,
            (_, Some(_)) => {}
            ('[' | '{', None) => depth += 1,
            (']' | '}', None) => depth -= 1,
            (c, None) if c == separator && depth == 0 => {
                parts.push(&list[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&list[start..]);
    parts
}

/// Axes from a `[sweep]` table: every leaf is the list of values for its dotted path.
pub fn axes_of(table: &Table) -> Result<Vec<Axis>, Problem> {
    let at = FieldPath::root().key("sweep");
    let mut axes = Vec::new();
    collect(table, &at, "", &mut axes)?;
    let at_axis = |path: &str| at.join(&FieldPath::parse(path));
    if let Some((axis, why)) = axes.iter().find_map(|a| Some((a, a.unnameable()?))) {
        return Err(Problem::new(at_axis(&axis.path), why));
    }
    merge_repeated(axes).map_err(|r| Problem::new(at_axis(&r.path), r.to_string()))
}

impl Axis {
    /// Why the variant names this axis makes could not name a design, if
    /// they could not (see `names::refusal`): a value (`PATH=VALUE`, and a
    /// column of the outputs) or a label. The path needs no check: it names a
    /// field of an entry whose name is checked.
    fn unnameable(&self) -> Option<String> {
        let value = self.values.iter().find_map(|v| {
            let why = names::refusal(&display(v))?;
            Some(format!("a value {why}"))
        });
        value.or_else(|| self.mislabelled())
    }

    /// What is wrong with the labels, if anything: some values without one, a
    /// label that cannot name a variant, or one given twice.
    fn mislabelled(&self) -> Option<String> {
        if self.labels.is_empty() {
            return None;
        }
        if self.labels.len() != self.values.len() {
            return Some(format!(
                "a label on {} of its {} values only: {LABEL_FORM}",
                self.labels.len(),
                self.values.len()
            ));
        }
        let bad = self.labels.iter().find_map(|label| {
            let why =
                limits::bad_name(label, limits::MAX_NAME).or_else(|| names::refusal(label))?;
            Some(format!("the label \"{label}\" {why}"))
        });
        bad.or_else(|| {
            let label = twice(self.labels.iter().cloned())?;
            Some(format!(
                "the label \"{label}\" is given twice: give each value a label of its own"
            ))
        })
    }

    /// The axis as `[sweep]` writes it: the list of values, each with its label.
    pub fn written(&self) -> Value {
        if self.labels.is_empty() {
            return Value::Array(self.values.clone());
        }
        let labelled = self.labels.iter().zip(&self.values).map(|(label, value)| {
            let entry = [
                ("label", Value::String(label.clone())),
                ("value", value.clone()),
            ];
            Value::Table(entry.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
        });
        Value::Array(labelled.collect())
    }
}

/// The first text given twice, compared as names are, in Unicode's composed form.
fn twice(texts: impl Iterator<Item = String>) -> Option<String> {
    let mut seen = BTreeSet::new();
    texts.into_iter().find(|t| !seen.insert(names::composed(t)))
}

/// A value or label given twice for one path (two variants of one design, with
/// one name), or labels on some of its values only.
#[derive(Debug, Clone, PartialEq)]
pub struct Repeated {
    pub path: String,
    /// The value given twice; empty where the labels are at fault.
    pub value: String,
    why: String,
}

impl fmt::Display for Repeated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.why)
    }
}

/// Axes of one path merged into one, values in the order given: `--set
/// p=2h,4h --set p=8h` sweeps 2h, 4h and 8h. Values are compared as the
/// variant names show them, in Unicode's composed form.
pub fn merge_repeated(axes: Vec<Axis>) -> Result<Vec<Axis>, Repeated> {
    let mut merged: Vec<Axis> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    for axis in axes {
        match index.get(&axis.path) {
            Some(&earlier) => {
                merged[earlier].values.extend(axis.values);
                merged[earlier].labels.extend(axis.labels);
            }
            None => {
                index.insert(axis.path.clone(), merged.len());
                merged.push(axis);
            }
        }
    }
    for axis in &merged {
        let refused = |value: String, why: String| Repeated {
            path: axis.path.clone(),
            value,
            why,
        };
        if let Some(v) = twice(axis.values.iter().map(display)) {
            let why = format!("the value {v} is given twice: give each value once");
            return Err(refused(v, why));
        }
        if let Some(why) = axis.mislabelled() {
            return Err(refused(String::new(), why));
        }
    }
    Ok(merged)
}

fn collect(
    table: &Table,
    at: &FieldPath,
    prefix: &str,
    axes: &mut Vec<Axis>,
) -> Result<(), Problem> {
    for (key, v) in table {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match v {
            Value::Table(inner) => collect(inner, &at.key(key), &path, axes)?,
            Value::Array(entries) if !entries.is_empty() => {
                let (values, labels) = labelled(entries);
                axes.push(Axis {
                    path,
                    values,
                    labels,
                });
            }
            _ => {
                return Err(Problem::new(
                    at.key(key),
                    format!("list the values to sweep, e.g. `{path} = [\"1h\", \"4h\", \"8h\"]`"),
                ));
            }
        }
    }
    Ok(())
}

/// A `[sweep]` list's values and labels: an entry `{ label = "...", value = ... }`
/// is a labelled value, any other entry a value (no table of the scenario
/// has those two keys alone).
fn labelled(entries: &[Value]) -> (Vec<Value>, Vec<String>) {
    let mut values = Vec::new();
    let mut labels = Vec::new();
    for entry in entries {
        let label = entry
            .as_table()
            .filter(|t| t.len() == 2)
            .and_then(|t| Some((t.get("label")?.as_str()?, t.get("value")?)));
        match label {
            Some((label, value)) => {
                labels.push(label.to_string());
                values.push(value.clone());
            }
            None => values.push(entry.clone()),
        }
    }
    (values, labels)
}

/// Every combination of the axes' values (the first axis varies slowest), each
/// as a variant name (the labels, or `PATH=VALUE`s, joined by commas) and its overrides.
pub fn grid(axes: &[Axis]) -> Vec<(String, Table)> {
    if axes.is_empty() {
        return Vec::new();
    }
    let mut combos: Vec<(Vec<String>, Table)> = vec![(Vec::new(), Table::new())];
    for axis in axes {
        combos = combos
            .into_iter()
            .flat_map(|(names, set)| {
                axis.values.iter().enumerate().map(move |(i, v)| {
                    let mut names = names.clone();
                    names.push(match axis.labels.get(i) {
                        Some(label) => label.clone(),
                        None => format!("{}={}", axis.path, display(v)),
                    });
                    let mut set = set.clone();
                    set.insert(axis.path.clone(), v.clone());
                    (names, set)
                })
            })
            .collect();
    }
    combos
        .into_iter()
        .map(|(names, set)| (names.join(", "), set))
        .collect()
}

/// A value as a planner would write it on the command line: strings unquoted.
pub fn display(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The value at a dotted path of a table, if there is one.
pub fn lookup<'a>(table: &'a Table, path: &str) -> Option<&'a Value> {
    let mut keys = path.split('.');
    let mut value = table.get(keys.next()?)?;
    for key in keys {
        value = value.as_table()?.get(key)?;
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_command_line_axes() {
        let axis = parse_set("policy.access_token_lifetime=1h,4h, 8h").unwrap();
        assert_eq!(axis.path, "policy.access_token_lifetime");
        assert_eq!(
            axis.values,
            ["1h", "4h", "8h"].map(|s| Value::String(s.into()))
        );
        let axis = parse_set("apps.mail.early_renewal=true,false").unwrap();
        assert_eq!(axis.values, [Value::Boolean(true), Value::Boolean(false)]);
        let axis = parse_set("policy.token_requests_require=[\"a\",\"b\"],[]").unwrap();
        assert_eq!(axis.values.len(), 2);
        for bad in ["policy.mfa", "=1h", "policy..x=1", "policy.x=1,,2"] {
            let err = parse_set(bad).unwrap_err();
            assert!(err.contains("PATH=VALUE1,VALUE2"), "{bad}: {err}");
        }
    }

    #[test]
    fn grid_is_every_combination_named_by_its_settings() {
        let axes = [
            parse_set("a.x=1,2").unwrap(),
            parse_set("b.y=u,v,w").unwrap(),
        ];
        let g = grid(&axes);
        assert_eq!(g.len(), 6);
        assert_eq!(g[0].0, "a.x=1, b.y=u");
        assert_eq!(g[5].0, "a.x=2, b.y=w");
        assert_eq!(g[4].1["a.x"], Value::Integer(2));
        assert!(grid(&[]).is_empty(), "no axes, no variants");
    }

    #[test]
    fn axes_of_one_path_are_merged_and_a_value_given_twice_is_refused() {
        let axes = ["p.x=2h,4h", "q.y=true", "p.x=8h"].map(|a| parse_set(a).unwrap());
        let merged = merge_repeated(axes.to_vec()).unwrap();
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[0], parse_set("p.x=2h,4h,8h").unwrap());
        assert_eq!(merged[1], axes[1]);
        let twice = |sets: &[&str]| {
            let axes = sets.iter().map(|a| parse_set(a).unwrap()).collect();
            merge_repeated(axes).unwrap_err()
        };
        let r = twice(&["p.x=2h,4h", "p.x=4h"]);
        assert_eq!((r.path.as_str(), r.value.as_str()), ("p.x", "4h"));
        // Quoted or not, in either normal form: one variant name.
        assert_eq!(twice(&["p.x=1,\"1\""]).value, "1");
        assert_eq!(twice(&["p.x=caf\u{e9},cafe\u{301}"]).path, "p.x");
    }
}
