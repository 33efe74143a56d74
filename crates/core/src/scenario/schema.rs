//! The scenario format as a JSON Schema (`authsim schema`), generated from the
//! types the loader reads, so an editor checks a file as it is typed and the
//! schema cannot drift from the loader. Times, working hours and days are
//! strings the loader parses itself: their schemas give the pattern it accepts,
//! built from the parser's own tables. The loader checks what a pattern cannot
//! (a duration longer than zero, a range that runs forwards, names that exist).

use super::Scenario;
use super::activity::{DAY_NAMES, Days, Hours, UtcOffset};
use super::duration::{Duration, Lifetime, Limit, Offset, UNITS};
use super::limits::{MAX_ATTEMPTS_PER_HOUR, MAX_INSTANCES, MAX_RETRIES};
use super::path::{FieldPath, Seg};
use super::schema_overrides as overrides;
use schemars::generate::SchemaSettings;
use schemars::transform::{Transform, transform_subschemas};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::{Value, json};
use std::borrow::Cow;
use std::sync::LazyLock;

/// The schema's file name: next to the bundled scenarios, and next to the file
/// `authsim init` writes.
pub const SCHEMA_FILE: &str = "authsim.schema.json";

/// A scenario's first line, read by Taplo and the editors built on it (Even
/// Better TOML in VS Code): the schema next to the file.
pub fn directive() -> String {
    format!("#:schema ./{SCHEMA_FILE}")
}

/// The JSON Schema (draft 7, which TOML editors read) of a scenario file,
/// pretty-printed, ending in a newline.
pub fn schema() -> String {
    serde_json::to_string_pretty(&*SCHEMA).expect("a schema serializes") + "\n"
}

/// Generated once: refusals look up what a key takes in it.
static SCHEMA: LazyLock<Schema> = LazyLock::new(|| {
    let settings = SchemaSettings::draft07().with(|s| {
        s.transforms.insert(0, Box::new(NoNull));
        s.transforms.push(Box::new(Bounds));
    });
    let mut schema = settings.into_generator().into_root_schema_for::<Scenario>();
    if let Some(root) = schema.as_object_mut() {
        overrides::typed(root);
    }
    schema
});

/// Where a reference to a definition points.
const DEFINITIONS: &str = "#/definitions/";

/// What `path` (a scenario's keys, as a variant's `set` names them) holds, and
/// how many of its segments the schema follows: an index into a table (a
/// `[[simulation]]` written for `[simulation]`) or a key no table has stops it.
pub(super) fn at(path: &FieldPath) -> (usize, Value) {
    let mut node = resolve(SCHEMA.as_value());
    for (depth, seg) in path.0.iter().enumerate() {
        let next = match seg {
            Seg::Key(key) => property(&node, key),
            Seg::Index(_) => node.get("items").map(resolve),
        };
        match next {
            Some(next) => node = next,
            None => return (depth, node),
        }
    }
    (path.0.len(), node)
}

/// The schema a reference or a lone `allOf` stands for.
pub(super) fn resolve(node: &Value) -> Value {
    let inner = match (node.get("$ref"), node.get("allOf")) {
        (Some(Value::String(name)), _) => name
            .strip_prefix(DEFINITIONS)
            .and_then(|name| SCHEMA.as_value()["definitions"].get(name)),
        (None, Some(Value::Array(all))) if all.len() == 1 => all.first(),
        _ => None,
    };
    inner.map_or_else(|| node.clone(), resolve)
}

/// The schema of `key` in a table: a named field, an entry of a table by name,
/// or a field of the choices a tagged table may be; the tag itself is whichever
/// of its values the choices give.
fn property(node: &Value, key: &str) -> Option<Value> {
    if let Some(field) = node.get("properties").and_then(|p| p.get(key)) {
        return Some(resolve(field));
    }
    if let Some(entry) = node.get("additionalProperties").filter(|e| e.is_object()) {
        return Some(resolve(entry));
    }
    let choices: Vec<Value> = node
        .get("oneOf")?
        .as_array()?
        .iter()
        .filter_map(|choice| property(&resolve(choice), key))
        .collect();
    let tags: Option<Vec<&Value>> = choices.iter().map(|c| c.get("const")).collect();
    match tags {
        Some(tags) if tags.len() > 1 => Some(json!({ "type": "string", "enum": tags })),
        _ => choices.into_iter().next(),
    }
}

/// TOML has no null: an optional key is one left out, so the null that schemars
/// allows for an `Option` is taken back out.
#[derive(Clone)]
struct NoNull;

impl Transform for NoNull {
    fn transform(&mut self, schema: &mut Schema) {
        transform_subschemas(self, schema);
        let Some(object) = schema.as_object_mut() else {
            return;
        };
        let is_null = |v: &Value| v.as_str() == Some("null");
        if let Some(Value::Array(types)) = object.get_mut("type") {
            types.retain(|t| !is_null(t));
            if let [only] = &types[..] {
                let only = only.clone();
                object.insert("type".to_string(), only);
            }
        }
        if let Some(Value::Array(values)) = object.get_mut("enum") {
            values.retain(|v| !v.is_null());
        }
        if let Some(Value::Array(choices)) = object.get_mut("anyOf") {
            choices.retain(|c| !c.get("type").is_some_and(is_null));
            if let [Value::Object(only)] = &choices[..] {
                let only = only.clone();
                object.remove("anyOf");
                for (key, value) in only {
                    object.entry(key).or_insert(value);
                }
            }
        }
    }
}

/// The bounds the loader checks in code, quoted in the schema so that editors
/// and refusals say them: whole numbers as far as their type and a TOML file
/// go (an integer in TOML is at most 2^63-1), and each bounded key's range.
#[derive(Clone)]
struct Bounds;

impl Transform for Bounds {
    fn transform(&mut self, schema: &mut Schema) {
        transform_subschemas(self, schema);
        let Some(object) = schema.as_object_mut() else {
            return;
        };
        let most = match object.get("format").and_then(Value::as_str) {
            Some("uint32") => Some(json!(u32::MAX)),
            Some("uint64") => Some(json!(i64::MAX)),
            _ => None,
        };
        if let Some(most) = most {
            object.entry("maximum").or_insert(most);
        }
        let Some(Value::Object(properties)) = object.get_mut("properties") else {
            return;
        };
        for (key, field) in properties.iter_mut() {
            if let (Some(range), Some(field)) = (range(key), field.as_object_mut()) {
                field.extend(range);
            }
        }
    }
}

/// The range of a number the loader bounds, by its key.
fn range(key: &str) -> Option<serde_json::Map<String, Value>> {
    let range = match key {
        "instances" | "needed" => json!({ "minimum": 1, "maximum": MAX_INSTANCES }),
        "attempts" => json!({ "maximum": MAX_RETRIES }),
        "attempts_per_hour" => {
            json!({ "exclusiveMinimum": 0, "maximum": MAX_ATTEMPTS_PER_HOUR })
        }
        "share" => json!({ "exclusiveMinimum": 0, "maximum": 1 }),
        "early_renewal_at" => json!({ "exclusiveMinimum": 0, "exclusiveMaximum": 1 }),
        "daily_unavailability" => json!({ "minimum": 0, "exclusiveMaximum": 1 }),
        "shape" | "sigma" | "per_minute" | "per_second" => json!({ "exclusiveMinimum": 0 }),
        _ => return None,
    };
    range.as_object().cloned()
}

/// A number as the duration parser reads one: `90`, `1.5`, `.5`.
const NUMBER: &str = r"(?:[0-9]+\.?[0-9]*|\.[0-9]+)";

/// A time of day, `HH:MM` or `HH:MM:SS`, up to `max_hours` (11 to 29, not a
/// multiple of ten) as `parse_clock` reads it.
fn clock(max_hours: u32) -> String {
    let (tens, ones) = (max_hours / 10, max_hours % 10);
    let sixty = "[0-5]?[0-9]";
    format!(
        "(?:(?:[0-{}]?[0-9]|{tens}[0-{}]):{sixty}(?::{sixty})?|{max_hours}:0?0(?::0?0)?)",
        tens - 1,
        ones - 1
    )
}

/// Words of a duration separated by spaces, each a clock time or `<number><unit>`
/// pairs run together; `first_number` is how the first word's number may begin.
fn times(first_number: &str) -> String {
    let mut units: Vec<&str> = UNITS.iter().map(|(name, _)| *name).collect();
    units.sort_by_key(|u| std::cmp::Reverse(u.len()));
    let unit = format!("(?:{})", units.join("|"));
    let clock = clock(24);
    let word = |first: &str| format!("(?:{clock}|{first}{unit}(?:{NUMBER}{unit})*)");
    format!(r"{}(?:\s+{})*\s*", word(first_number), word(NUMBER))
}

fn duration() -> String {
    format!(r"\s*{}", times(NUMBER))
}

/// The part after a lifetime's `..`: it may not start with a third dot.
fn upper_bound() -> String {
    format!(r"(?:\s+{}|{})", times(NUMBER), times(r"[0-9]+\.?[0-9]*"))
}

fn days() -> String {
    let day: Vec<String> = DAY_NAMES
        .iter()
        .map(|name| {
            name.chars()
                .map(|c| format!("[{c}{}]", c.to_ascii_uppercase()))
                .collect()
        })
        .collect();
    let day = format!("(?:{})", day.join("|"));
    let part = format!(r"\s*{day}\s*(?:-\s*{day}\s*)?");
    format!(r"^(?:\s*all\s*|{part}(?:,{part})*)$")
}

/// A string type the loader parses itself: what it accepts (`valid`, a schema
/// of its own), its description and examples. A value it refuses is refused
/// with `mismatch`, a phrase (the `else` of an `if`): an editor's message is
/// then `"a duration: ..." was expected`, not the pattern, which runs to
/// hundreds of characters.
macro_rules! string_schema {
    ($ty:ty, $valid:expr, $description:literal, $mismatch:literal, [$($example:literal),*]) => {
        impl JsonSchema for $ty {
            fn schema_name() -> Cow<'static, str> {
                stringify!($ty).into()
            }

            fn json_schema(generator: &mut SchemaGenerator) -> Schema {
                let valid: Value = $valid(generator);
                json_schema!({
                    "type": "string",
                    "description": $description,
                    "examples": [$($example),*],
                    "if": valid,
                    "else": { "const": $mismatch }
                })
            }
        }
    };
}

/// A schema holding a pattern.
fn pattern(pattern: String) -> Value {
    json!({ "pattern": pattern })
}

/// The one definition of a duration's pattern, as a reference.
fn duration_ref(generator: &mut SchemaGenerator) -> Value {
    generator.subschema_for::<Duration>().to_value()
}

string_schema!(
    Duration,
    |_| pattern(format!("^{}$", duration())),
    "A length of time longer than zero: a number and a unit, like 90s, 15m, 4h, 7d. Units: ms, s, m, h, d, w (or sec, min, hours, days, weeks), several run together or apart (1h30m, 1h 30m), and HH:MM times of day (2d 09:00).",
    "a duration: a number and a unit, like 90s, 15m, 4h, 7d",
    ["90m", "4h", "1h30m", "14d"]
);
string_schema!(
    Offset,
    duration_ref,
    "A point in simulated time, counted from the start, a Monday 00:00 UTC: \"2d 09:00\" is Wednesday 09:00.",
    "a point in time: a duration from the start (a Monday 00:00 UTC), like 1d or 2d 09:00",
    ["2d 09:00", "1d", "0s"]
);
string_schema!(
    Lifetime,
    // A pattern cannot refer to another: the range's two ends are the
    // duration's pattern again, built by the same function.
    |generator| json!({ "anyOf": [
        duration_ref(generator),
        pattern(format!(r"^{}\.\.{}$", duration(), upper_bound()))
    ] }),
    "A token lifetime: fixed, or drawn uniformly for each token from a range, shorter first.",
    "a token lifetime: a duration like 8h, or a range like 60m..90m",
    ["60m..90m", "8h", "24h"]
);
string_schema!(
    Limit,
    |generator| json!({ "anyOf": [pattern(r"^\s*never\s*$".to_string()), duration_ref(generator)] }),
    "A length of time, or \"never\" for no limit.",
    "never, or a duration like 8h or 90d",
    ["never", "8h", "90d"]
);
string_schema!(
    Hours,
    |_| {
        let clock = clock(24);
        pattern(format!(r"^\s*{clock}\s*-\s*{clock}\s*$"))
    },
    "Local working hours; \"22:00-06:00\" runs past midnight, \"00:00-24:00\" is all day.",
    "working hours, from HH:MM to HH:MM, like 09:00-17:00",
    ["09:00-17:00", "00:00-24:00"]
);
string_schema!(
    Days,
    |_| pattern(days()),
    "Working days: a range, a list, or \"all\".",
    "working days, like mon-fri, mon,wed,fri or all",
    ["mon-fri", "mon,wed,fri", "all"]
);
string_schema!(
    UtcOffset,
    |_| pattern(format!("^[+-]{}$", clock(14))),
    "Local time minus UTC, at most 14 hours either way.",
    "a UTC offset, like +01:00 or -05:30, at most 14 hours",
    ["+01:00", "-05:30", "+00:00"]
);

/// `[sweep]`: typed after the scenario's schema is generated (`overrides::typed`).
pub(super) struct SweepGrid;

impl JsonSchema for SweepGrid {
    fn schema_name() -> Cow<'static, str> {
        "SweepGrid".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "object" })
    }
}

/// A variant's `set`: the definition `overrides::typed` adds.
pub(super) fn overrides(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "$ref": format!("{DEFINITIONS}{}", overrides::OVERRIDES) })
}
